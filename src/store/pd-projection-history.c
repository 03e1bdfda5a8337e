/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-projection-history.h"
#include "pd-store-private.h"
#include "pd-sync-state.h"

const char *
pd_history_source_to_string (PdHistorySource source)
{
  return source == PD_HISTORY_SOURCE_SYNC ? "sync" : "import";
}

gboolean
pd_store_latest_data_event (PdStore          *store,
                            gint64           *event_at,
                            PdHistorySource  *source,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 import_at = 0;
  gint64 sync_at = 0;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (event_at != NULL && source != NULL, FALSE);

  stmt = pd_store_prepare (store,
                           "SELECT (SELECT MAX(at) FROM audit_log WHERE action GLOB 'import.*'),"
                           "       (SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = ?1)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, PD_SYNC_STATE_LAST_AT, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("reading when the store last changed"));
      return FALSE;
    }
  import_at = sqlite3_column_int64 (stmt, 0);
  sync_at = sqlite3_column_int64 (stmt, 1);
  *source = sync_at > import_at ? PD_HISTORY_SOURCE_SYNC : PD_HISTORY_SOURCE_IMPORT;
  *event_at = MAX (import_at, sync_at);
  return TRUE;
}

gboolean
pd_store_add_projection_point (PdStore                 *store,
                               const char              *program_id,
                               const PdProjectionPoint *point,
                               gboolean                *added,
                               GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (program_id != NULL && point != NULL && added != NULL, FALSE);

  /* Only the first reading after an event is its point: a later one
   * (the clock moved on) is not what the import or sync left. */
  stmt = pd_store_prepare (store,
                           "INSERT OR IGNORE INTO projection_history"
                           " (program_id, event_at, source, recorded_at, currency, confirmed, expected, upper)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, point->event_at);
  sqlite3_bind_text (stmt, 3, pd_history_source_to_string (point->source), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, point->recorded_at);
  sqlite3_bind_text (stmt, 5, point->confirmed.currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, point->confirmed.minor);
  sqlite3_bind_int64 (stmt, 7, point->expected.minor);
  sqlite3_bind_int64 (stmt, 8, point->upper.minor);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("recording the projection’s history"));
      return FALSE;
    }
  *added = sqlite3_changes (pd_store_get_db (store)) > 0;
  return TRUE;
}

GArray *
pd_store_list_projection_points (PdStore     *store,
                                 const char  *program_id,
                                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) points = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (program_id != NULL, NULL);

  stmt = pd_store_prepare (store,
                           "SELECT event_at, source, recorded_at, currency, confirmed, expected, upper"
                           " FROM projection_history WHERE program_id = ?1 ORDER BY event_at, source",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_TRANSIENT);
  points = g_array_new (FALSE, TRUE, sizeof (PdProjectionPoint));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdProjectionPoint point = { 0 };
      const char *source = (const char *) sqlite3_column_text (stmt, 1);
      const char *currency = (const char *) sqlite3_column_text (stmt, 3);

      point.event_at = sqlite3_column_int64 (stmt, 0);
      point.source = g_strcmp0 (source, "sync") == 0 ? PD_HISTORY_SOURCE_SYNC : PD_HISTORY_SOURCE_IMPORT;
      point.recorded_at = sqlite3_column_int64 (stmt, 2);
      g_strlcpy (point.confirmed.currency, currency != NULL ? currency : "", sizeof point.confirmed.currency);
      point.expected = point.upper = point.confirmed;
      point.confirmed.minor = sqlite3_column_int64 (stmt, 4);
      point.expected.minor = sqlite3_column_int64 (stmt, 5);
      point.upper.minor = sqlite3_column_int64 (stmt, 6);
      g_array_append_val (points, point);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the projection’s history"));
      return NULL;
    }
  return g_steal_pointer (&points);
}
