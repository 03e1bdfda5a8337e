/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-merchant-seller.h"
#include "pd-store-entries.h"
#include "pd-store-columns.h"
#include "pd-invitation.h"
#include "pd-store-private.h"

/* One seller's inputs come from pd_store_read_seller(): the queries and
 * reading rules of the stream of pd-store-entries.c, filtered to one
 * seller. */

struct _PdMerchantSeller
{
  PdSellerRead  *read;
  PdSellerInput  input;
};

void
pd_merchant_seller_free (PdMerchantSeller *seller)
{
  if (seller == NULL)
    return;
  g_clear_pointer (&seller->read, pd_seller_read_free);
  g_free (seller);
}

const PdSellerInput *
pd_merchant_seller_get_input (PdMerchantSeller *seller)
{
  return &seller->input;
}

PdMerchantSeller *
pd_merchant_seller_load (PdStore     *store,
                         const char  *program_id,
                         const char  *seller_id,
                         GError     **error)
{
  g_autoptr(PdMerchantSeller) seller = g_new0 (PdMerchantSeller, 1);

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (program_id != NULL && seller_id != NULL, NULL);

  seller->read = pd_store_read_seller (store, program_id, seller_id, error);
  if (seller->read == NULL)
    return NULL;
  seller->input = *pd_seller_read_get_input (seller->read);
  return g_steal_pointer (&seller);
}

GArray *
pd_merchant_seller_evaluate (PdMerchantSeller *seller,
                             PdRules          *rules,
                             gint64            as_of)
{
  GArray *verdicts = g_array_new (FALSE, TRUE, sizeof (PdEntryVerdict));
  guint n;

  g_array_set_size (verdicts, MAX (seller->input.n_stores, 1));
  n = pd_engine_evaluate_seller (rules, as_of, &seller->input, (PdEntryVerdict *) (void *) verdicts->data);
  g_array_set_size (verdicts, n);
  return verdicts;
}

void
pd_merchant_check_free (PdMerchantCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->detail);
  g_free (check);
}

gboolean
pd_merchant_seller_checklist (PdMerchantSeller  *seller,
                              PdRules           *rules,
                              gint64             as_of,
                              const char        *store_id,
                              PdVerdict         *verdict_out,
                              PdStage           *stage_out,
                              GPtrArray        **checks_out)
{
  g_autoptr(GArray) verdicts = pd_merchant_seller_evaluate (seller, rules, as_of);
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_merchant_check_free);
  const PdEntryVerdict *entry = NULL;

  for (guint i = 0; i < verdicts->len && entry == NULL; i++)
    {
      const PdEntryVerdict *v = &g_array_index (verdicts, PdEntryVerdict, i);

      if (store_id == NULL ? v->store == NULL
                           : v->store != NULL && g_strcmp0 (v->store->store_id, store_id) == 0)
        entry = v;
    }

  if (entry != NULL)
    {
      for (guint c = 0; c < PD_N_CONDITIONS; c++)
        {
          PdMerchantCheck *check;

          if (!(entry->conditions & PD_CONDITION_BIT (c)))
            continue;
          check = g_new0 (PdMerchantCheck, 1);
          check->condition = c;
          check->state = entry->results[c].state;
          check->has_deadline = entry->results[c].state == PD_CONDITION_STATE_UNMET &&
                                entry->results[c].has_deadline;
          check->deadline = check->has_deadline ? entry->results[c].deadline : 0;
          check->detail = pd_engine_dup_detail (rules, as_of, entry, c);
          g_ptr_array_add (checks, check);
        }
      if (verdict_out != NULL)
        *verdict_out = entry->verdict;
      if (stage_out != NULL)
        *stage_out = entry->stage;
    }

  if (checks_out != NULL)
    *checks_out = g_steal_pointer (&checks);
  return entry != NULL;
}

void
pd_merchant_contact_clear (PdMerchantContact *contact)
{
  g_clear_pointer (&contact->seller_name, g_free);
  g_clear_pointer (&contact->brand, g_free);
  g_clear_pointer (&contact->market, g_free);
  g_clear_pointer (&contact->country, g_free);
  g_clear_pointer (&contact->contact_name, g_free);
  g_clear_pointer (&contact->contact_email, g_free);
  g_clear_pointer (&contact->contact_phone, g_free);
  memset (contact, 0, sizeof *contact);
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

gboolean
pd_merchant_contact_get (PdStore           *store,
                         const char        *program_id,
                         const char        *seller_id,
                         PdMerchantContact *out,
                         GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (program_id != NULL && seller_id != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  stmt = pd_store_prepare (store,
                           "SELECT seller_name, brand, market, country, contact_name, contact_email,"
                           "       contact_phone, review_status, left_at"
                           "  FROM target_merchants WHERE program_id = ?1 AND seller_id = ?2",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, seller_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("reading a seller’s target row"));
      return FALSE;
    }
  out->listed = TRUE;
  out->seller_name = dup_text (stmt, 0);
  out->brand = dup_text (stmt, 1);
  out->market = dup_text (stmt, 2);
  out->country = dup_text (stmt, 3);
  out->contact_name = dup_text (stmt, 4);
  out->contact_email = dup_text (stmt, 5);
  out->contact_phone = dup_text (stmt, 6);
  out->review_status = review_status_from_column ((const char *) sqlite3_column_text (stmt, 7));
  out->has_left_at = optional_int (stmt, 8, &out->left_at);
  return TRUE;
}
