/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-merchant-refresh-private.h"
#include "pd-merchant-row.h"
#include "pd-merchant-seller.h"
#include "pd-merchant-values.h"
#include "pd-merchant-writer.h"
#include "pd-store-entries.h"
#include "pd-store-links.h"
#include "pd-store-private.h"

/* A few sellers in place ------------------------------------------------------- */

static gboolean
point_extras (PdStore     *store,
              Maker       *m,
              const char  *program_id,
              const char  *seller_id,
              Extras      *x,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) details = pd_store_prepare (store, DETAILS_SQL " AND seller_id = ?2", error);
  g_autoptr(sqlite3_stmt) links = NULL;
  g_autoptr(sqlite3_stmt) notes = NULL;
  int rc;

  memset (x, 0, sizeof *x);
  if (details == NULL)
    return FALSE;
  links = pd_store_prepare (store, LINKS_SQL " AND seller_id = ?2", error);
  if (links == NULL)
    return FALSE;
  notes = pd_store_prepare (store, NOTES_SQL " AND seller_id = ?1", error);
  if (notes == NULL)
    return FALSE;

  sqlite3_bind_text (details, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (details, 2, seller_id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (details)) == SQLITE_ROW)
    pd_merchant_extras_take_details (m, x, details);
  else if (rc != SQLITE_DONE)
    goto fail;

  sqlite3_bind_text (links, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (links, 2, seller_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    pd_merchant_extras_take_link (m, x, links, (const char *) sqlite3_column_text (links, 3));
  if (rc != SQLITE_DONE)
    goto fail;

  sqlite3_bind_text (notes, 1, seller_id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (notes)) == SQLITE_ROW)
    pd_merchant_extras_take_assignee (m, x, notes);
  else if (rc != SQLITE_DONE)
    goto fail;
  return TRUE;

fail:
  pd_store_set_sql_error (store, error, _("reading a merchant"));
  return FALSE;
}

/* Puts one seller's rows of one program as the engine sees them now. */
static gboolean
update_seller (PdStore              *store,
               Maker                *m,
               PdMerchantRowWriter  *w,
               const char           *program_id,
               const char           *seller_id,
               GError              **error)
{
  g_autoptr(PdMerchantSeller) seller = NULL;
  g_autoptr(GArray) verdicts = NULL;
  const PdSellerInput *input;
  Values *values;
  const char **docs;
  gsize *lengths;
  Extras extras;
  guint n_rows;

  seller = pd_merchant_seller_load (store, program_id, seller_id, error);
  if (seller == NULL)
    return FALSE;
  input = pd_merchant_seller_get_input (seller);
  verdicts = pd_merchant_seller_evaluate (seller, m->rules, m->as_of);
  n_rows = verdicts->len > 0 ? verdicts->len : pd_merchant_is_current_target (input, m->as_of) ? 1 : 0;

  g_string_chunk_clear (m->scratch);
  if (!point_extras (store, m, program_id, seller_id, &extras, error))
    return FALSE;
  pd_merchant_note_validity (m, input, (const PdEntryVerdict *) (void *) verdicts->data, verdicts->len);

  values = g_newa (Values, MAX (n_rows, 1));
  docs = g_newa (const char *, MAX (n_rows, 1));
  lengths = g_newa (gsize, MAX (n_rows, 1));
  for (guint i = 0; i < n_rows; i++)
    {
      const PdEntryVerdict *v = verdicts->len > 0 ? &g_array_index (verdicts, PdEntryVerdict, i) : NULL;

      pd_merchant_make_values (m, program_id, input, v, &extras, &values[i]);
      docs[i] = g_string_chunk_insert_len (m->scratch, m->doc->str, (gssize) m->doc->len);
      lengths[i] = m->doc->len;
    }
  return pd_merchant_row_writer_put (w, program_id, seller_id, values, docs, lengths, n_rows, error);
}

gboolean
pd_merchant_update_sellers_in_transaction (PdStore             *store,
                                           const char * const  *seller_ids,
                                           gint64               as_of,
                                           GError             **error)
{
  g_autoptr(GPtrArray) programs = NULL;
  PdMerchantRowWriter w;
  PdMerchantState state;
  gint64 valid_until;
  gboolean ok = TRUE;

  if (!pd_merchant_state_read (store, &state, error))
    return FALSE;
  programs = pd_merchant_list_recruitment_programs (store, error);
  if (programs == NULL)
    return FALSE;
  if (!pd_merchant_row_writer_init (&w, store, state.current == 0 ? "0" : "1", error) ||
      !pd_merchant_row_writer_begin (&w, error))
    {
      pd_merchant_row_writer_clear (&w);
      return FALSE;
    }

  valid_until = state.valid_until;
  for (guint p = 0; ok && p < programs->len; p++)
    {
      g_autoptr(PdRules) rules = pd_store_load_rules (store, g_ptr_array_index (programs, p), error);
      Maker maker;

      if (rules == NULL)
        {
          ok = FALSE;
          break;
        }
      pd_merchant_maker_init (&maker, rules, as_of);
      for (guint i = 0; ok && seller_ids[i] != NULL; i++)
        ok = update_seller (store, &maker, &w, g_ptr_array_index (programs, p), seller_ids[i], error);
      if (maker.valid_until != 0 && (valid_until == 0 || maker.valid_until < valid_until))
        valid_until = maker.valid_until;
      pd_merchant_maker_clear (&maker);
    }
  ok = ok &&
       pd_merchant_row_writer_flush (&w, error) &&
       pd_merchant_state_set (store, "generation", (gint64) state.generation + 1, error) &&
       pd_merchant_state_set (store, "valid_until", valid_until, error);
  pd_merchant_row_writer_clear (&w);
  return ok;
}

gboolean
pd_merchant_update_sellers (PdStore             *store,
                            const char * const  *seller_ids,
                            gint64               as_of,
                            gboolean            *rebuild_needed,
                            GError             **error)
{
  PdMerchantState state;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (seller_ids != NULL && rebuild_needed != NULL, FALSE);

  *rebuild_needed = FALSE;
  if (!pd_store_begin (store, error))
    return FALSE;
  if (!pd_merchant_state_read (store, &state, error))
    goto fail;
  if (state.as_of == 0 || state.collation != pd_merchant_collation_id ())
    {
      /* Never built (the first refresh will see them), or with name keys
       * of another collation (a rebuild makes them all again). */
      *rebuild_needed = TRUE;
      pd_store_rollback (store);
      return TRUE;
    }
  if (!pd_merchant_update_sellers_in_transaction (store, seller_ids, as_of, error) ||
      !pd_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}
