/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-audit.h"
#include "pd-store-private.h"

/* Reading the audit log (pd_store_audit() writes it). */

void
pd_audit_entry_free (PdAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->user);
  g_free (entry->action);
  g_free (entry->subject);
  g_free (entry->details);
  g_free (entry);
}

GPtrArray *
pd_audit_seller_history (PdStore     *store,
                         const char  *seller_id,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_audit_entry_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *subject = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (seller_id != NULL, NULL);

  subject = g_strconcat ("seller:", seller_id, NULL);
  stmt = pd_store_prepare (store,
                           "SELECT at, user, action, subject, details FROM audit_log"
                           " WHERE subject = ?1"
                           "    OR subject IN (SELECT 'link:' || token FROM links WHERE seller_id = ?2)"
                           " ORDER BY at DESC, id DESC LIMIT ?3",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdAuditEntry *entry = g_new0 (PdAuditEntry, 1);

      entry->at = sqlite3_column_int64 (stmt, 0);
      entry->user = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->action = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->details = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the audit history"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}
