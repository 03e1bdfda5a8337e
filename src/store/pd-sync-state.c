/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-store-private.h"
#include "pd-sync-state.h"

gboolean
pd_sync_state_set (PdStore     *store,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = pd_store_prepare (store,
                           value != NULL
                           ? "INSERT INTO sync_state (key, value) VALUES (?1, ?2)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                           : "DELETE FROM sync_state WHERE key = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("saving the sync state"));
      return FALSE;
    }
  return TRUE;
}

char *
pd_sync_state_dup (PdStore     *store,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = pd_store_prepare (store, "SELECT value FROM sync_state WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("reading the sync state"));
  return NULL;
}

gboolean
pd_sync_state_record_result (PdStore     *store,
                             gint64       at,
                             const char  *result,
                             GError     **error)
{
  g_autofree char *at_text = g_strdup_printf ("%" G_GINT64_FORMAT, at);

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (!pd_store_begin (store, error) ||
      !pd_sync_state_set (store, PD_SYNC_STATE_LAST_AT, at_text, error) ||
      !pd_sync_state_set (store, PD_SYNC_STATE_LAST_RESULT, result, error) ||
      !pd_store_commit (store, error))
    {
      pd_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}
