/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-column-readers.h"
#include "pd-store-entries.h"
#include "pd-store-overview.h"
#include "pd-store-private.h"
#include "pd-store-reconciliation.h"

gboolean
pd_reconciliation_is_due (PdProjectionSetup *setup)
{
  g_return_val_if_fail (setup != NULL && setup->rules != NULL, FALSE);

  return setup->rules->kind == PD_PROGRAM_KIND_RECRUITMENT && setup->as_of > setup->rules->period_end;
}

/* The seller of @store_id, from the store report; NULL when unknown. */
static char *
lookup_seller (PdStore     *store,
               const char  *store_id,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT seller_id FROM stores WHERE store_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, store_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return pd_column_dup_text (stmt, 0);
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("looking up the store a payout names"));
  return NULL;
}

/* The verdict of the merchant @record names, as the projection counted
 * it; FALSE with no error when it names none or has no entry. */
static gboolean
merchant_verdict (PdStore              *store,
                  PdProjectionSetup    *setup,
                  const PdPayoutRecord *record,
                  PdVerdict            *verdict,
                  GError              **error)
{
  g_autoptr(PdSellerRead) read = NULL;
  g_autofree char *seller_id = g_strdup (record->seller_id);
  g_autofree PdEntryVerdict *verdicts = NULL;
  const PdSellerInput *input;
  guint n;

  if (seller_id == NULL && record->store_id != NULL)
    {
      GError *local_error = NULL;

      seller_id = lookup_seller (store, record->store_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  if (seller_id == NULL)
    return FALSE;

  read = pd_store_read_seller (store, setup->rules->program_id, seller_id, error);
  if (read == NULL)
    return FALSE;
  input = pd_seller_read_get_input (read);
  verdicts = g_new0 (PdEntryVerdict, MAX (input->n_stores, 1));
  n = pd_engine_evaluate_seller (setup->rules, setup->as_of, input, verdicts);
  for (guint i = 0; i < n; i++)
    {
      const char *store_id = verdicts[i].store != NULL ? verdicts[i].store->store_id : NULL;
      gboolean counts = record->store_id != NULL ? g_strcmp0 (store_id, record->store_id) == 0 :
        (verdicts[i].first_store == NULL || verdicts[i].store == verdicts[i].first_store);

      if (counts)
        {
          *verdict = verdicts[i].verdict;
          return TRUE;
        }
    }
  return FALSE;
}

PdReconciliation *
pd_store_reconcile (PdStore            *store,
                    PdProjectionSetup  *setup,
                    PdProjection       *projection,
                    GError            **error)
{
  g_autoptr(PdReconciliation) reconciliation = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *quarter = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (setup != NULL && setup->rules != NULL, NULL);
  g_return_val_if_fail (projection != NULL, NULL);

  records = pd_store_list_payouts (store, setup->rules->program_id, error);
  if (records == NULL)
    return NULL;
  quarter = pd_reconciliation_quarter_of (setup->rules->period_end_date);
  reconciliation = pd_reconciliation_new_for_projection (projection);

  /* In the store's order: by time paid or withheld, then id. */
  for (guint i = 0; i < records->len; i++)
    {
      PdPayoutRecord *record = g_ptr_array_index (records, i);
      GError *local_error = NULL;
      PdVerdict verdict;
      gboolean known;

      if (quarter != NULL && g_strcmp0 (record->quarter, quarter) != 0)
        continue;
      known = merchant_verdict (store, setup, record, &verdict, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      pd_reconciliation_add_payout (reconciliation, record->id, record->status, &record->amount,
                                    record->seller_id, record->store_id, known ? &verdict : NULL);
    }
  if (!pd_reconciliation_finish (reconciliation, error))
    return NULL;
  return g_steal_pointer (&reconciliation);
}
