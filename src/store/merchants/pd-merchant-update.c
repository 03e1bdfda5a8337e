/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-merchant-refresh-private.h"
#include "pd-merchant-row.h"
#include "pd-merchant-seller.h"
#include "pd-merchant-values.h"
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

/* Updates one seller's rows of one program; FALSE with *@shape_changed
 * (and no error) when they are not the same rows. */
static gboolean
update_seller (PdStore      *store,
               Maker        *m,
               const char   *program_id,
               const char   *seller_id,
               const char   *set,
               gboolean     *shape_changed,
               GError      **error)
{
  g_autoptr(PdMerchantSeller) seller = NULL;
  g_autoptr(GArray) verdicts = NULL;
  g_autoptr(sqlite3_stmt) existing = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *sql = NULL;
  const PdSellerInput *input;
  GArray *ids = NULL;
  Extras extras;
  guint n_rows;
  int rc;

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

  sql = g_strdup_printf ("SELECT id, store_id, doc_hash FROM merchant_rows_%s"
                         " WHERE seller_id = ?1 AND program_id = ?2 ORDER BY id", set);
  existing = pd_store_prepare (store, sql, error);
  if (existing == NULL)
    return FALSE;
  sqlite3_bind_text (existing, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (existing, 2, program_id, -1, SQLITE_STATIC);

  g_free (sql);
  sql = g_strdup_printf ("UPDATE merchant_rows_%s SET (" VALUE_COLUMNS ") ="
                         " (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                         "  ?17, ?18, ?19, ?20) WHERE id = ?1", set);
  update = pd_store_prepare (store, sql, error);
  if (update == NULL)
    return FALSE;

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; (rc = sqlite3_step (existing)) == SQLITE_ROW; i++)
    {
      const PdEntryVerdict *v = verdicts->len > 0 && i < verdicts->len ?
                                &g_array_index (verdicts, PdEntryVerdict, i) : NULL;
      Values values;
      gint64 id = sqlite3_column_int64 (existing, 0);

      if (i >= n_rows)
        {
          *shape_changed = TRUE;
          break;
        }
      pd_merchant_make_values (m, program_id, input, v, &extras, &values);
      if (!pd_merchant_text_equals_column (values.store_id, existing, 1) ||
          sqlite3_column_int64 (existing, 2) != values.doc_hash)
        {
          *shape_changed = TRUE;
          break;
        }
      g_array_append_val (ids, id);
    }
  if (!*shape_changed && rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_array_unref (ids);
      pd_store_set_sql_error (store, error, _("reading a merchant"));
      return FALSE;
    }
  if (!*shape_changed && ids->len != n_rows)
    *shape_changed = TRUE;
  if (*shape_changed)
    {
      g_array_unref (ids);
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const PdEntryVerdict *v = verdicts->len > 0 ? &g_array_index (verdicts, PdEntryVerdict, i) : NULL;
      Values values;

      pd_merchant_make_values (m, program_id, input, v, &extras, &values);
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, g_array_index (ids, gint64, i));
      for (int c = 0; c < N_VALUES; c++)
        pd_merchant_bind_cell (update, 2 + c, &values.v[c]);
      if (sqlite3_step (update) != SQLITE_DONE)
        {
          g_array_unref (ids);
          pd_store_set_sql_error (store, error, _("updating a merchant row"));
          return FALSE;
        }
    }
  g_array_unref (ids);
  return TRUE;
}

gboolean
pd_merchant_update_sellers (PdStore             *store,
                            const char * const  *seller_ids,
                            gint64               as_of,
                            gboolean            *rebuild_needed,
                            GError             **error)
{
  g_autoptr(GPtrArray) programs = NULL;
  PdMerchantState state;
  gboolean shape_changed = FALSE;
  gint64 valid_until;

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
  programs = pd_merchant_list_recruitment_programs (store, error);
  if (programs == NULL)
    goto fail;

  valid_until = state.valid_until;
  for (guint p = 0; p < programs->len; p++)
    {
      g_autoptr(PdRules) rules = pd_store_load_rules (store, g_ptr_array_index (programs, p), error);
      Maker maker;
      gboolean ok = TRUE;

      if (rules == NULL)
        goto fail;
      pd_merchant_maker_init (&maker, rules, as_of);
      for (guint i = 0; ok && seller_ids[i] != NULL; i++)
        ok = update_seller (store, &maker, g_ptr_array_index (programs, p), seller_ids[i],
                            state.current == 0 ? "0" : "1", &shape_changed, error);
      if (maker.valid_until != 0 && (valid_until == 0 || maker.valid_until < valid_until))
        valid_until = maker.valid_until;
      pd_merchant_maker_clear (&maker);
      if (!ok)
        {
          if (shape_changed)
            {
              *rebuild_needed = TRUE;
              pd_store_rollback (store);
              return TRUE;
            }
          goto fail;
        }
    }

  if (!pd_merchant_state_set (store, "generation", (gint64) state.generation + 1, error) ||
      !pd_merchant_state_set (store, "valid_until", valid_until, error) ||
      !pd_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}
