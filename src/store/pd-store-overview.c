/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-column-readers.h"
#include "pd-store-overview.h"
#include "pd-store-private.h"

gboolean
pd_store_has_program_data (PdStore   *store,
                           gboolean  *has_data,
                           GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (has_data != NULL, FALSE);

  /* Three index probes, whatever the size of the tables. */
  stmt = pd_store_prepare (store,
                           "SELECT EXISTS (SELECT 1 FROM target_merchants)"
                           "    OR EXISTS (SELECT 1 FROM links)"
                           "    OR EXISTS (SELECT 1 FROM stores)",
                           error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("checking for merchants, links and stores"));
      return FALSE;
    }
  *has_data = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

void
pd_expiring_authorization_free (PdExpiringAuthorization *authorization)
{
  if (authorization == NULL)
    return;
  g_free (authorization->id);
  g_free (authorization->seller_id);
  g_free (authorization->seller_name);
  g_free (authorization->service_id);
  g_free (authorization->service_name);
  g_free (authorization);
}

GPtrArray *
pd_store_list_expiring_authorizations (PdStore  *store,
                                       gint64    until,
                                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  /* The (state, expires_at) index gives the rows in order; a seller's
   * name is looked up by primary key in each program's list. One that a
   * newer authorization renews is left out, as on the Authorizations
   * page: the renewal took over. */
  stmt = pd_store_prepare (store,
                           "SELECT a.id, a.seller_id,"
                           "  (SELECT t.seller_name FROM target_merchants t"
                           "    WHERE t.program_id IN (SELECT id FROM programs)"
                           "      AND t.seller_id = a.seller_id LIMIT 1),"
                           "  a.service_id,"
                           "  (SELECT s.name FROM services s WHERE s.id = a.service_id),"
                           "  a.expires_at"
                           " FROM authorizations a"
                           " WHERE a.state = 'active' AND a.expires_at IS NOT NULL"
                           "   AND a.expires_at <= ?1"
                           "   AND NOT EXISTS (SELECT 1 FROM authorizations r"
                           "     WHERE r.renewal_of = a.id)"
                           " ORDER BY a.expires_at, a.id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, until);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_expiring_authorization_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdExpiringAuthorization *authorization = g_new0 (PdExpiringAuthorization, 1);

      authorization->id = pd_column_dup_text (stmt, 0);
      authorization->seller_id = pd_column_dup_text (stmt, 1);
      authorization->seller_name = pd_column_dup_text (stmt, 2);
      authorization->service_id = pd_column_dup_text (stmt, 3);
      authorization->service_name = pd_column_dup_text (stmt, 4);
      authorization->expires_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (list, authorization);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the authorizations that expire soon"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

void
pd_payout_record_free (PdPayoutRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->quarter);
  g_free (record->seller_id);
  g_free (record->store_id);
  g_free (record);
}

GPtrArray *
pd_store_list_payouts (PdStore     *store,
                       const char  *program_id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (program_id != NULL, NULL);

  /* A handful of rows per program and quarter: no index needed. */
  stmt = pd_store_prepare (store,
                           "SELECT id, quarter, amount, currency, status, paid_at, seller_id, store_id FROM payouts"
                           " WHERE program_id = ?1"
                           " ORDER BY quarter DESC, paid_at IS NULL, paid_at DESC, id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_TRANSIENT);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_payout_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdPayoutRecord *record = g_new0 (PdPayoutRecord, 1);
      const char *currency = (const char *) sqlite3_column_text (stmt, 3);
      const char *status = (const char *) sqlite3_column_text (stmt, 4);

      record->id = pd_column_dup_text (stmt, 0);
      record->quarter = pd_column_dup_text (stmt, 1);
      record->amount.minor = sqlite3_column_int64 (stmt, 2);
      g_strlcpy (record->amount.currency, currency != NULL ? currency : "", sizeof record->amount.currency);
      /* The table's CHECK allows only these two. */
      record->status = g_strcmp0 (status, "withheld") == 0 ? PD_PAYOUT_STATUS_WITHHELD : PD_PAYOUT_STATUS_PAID;
      record->has_paid_at = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
      record->paid_at = sqlite3_column_int64 (stmt, 5);
      record->seller_id = pd_column_dup_text (stmt, 6);
      record->store_id = pd_column_dup_text (stmt, 7);
      g_ptr_array_add (list, record);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the payout records"));
      return NULL;
    }
  return g_steal_pointer (&list);
}
