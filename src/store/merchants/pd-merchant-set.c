/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-merchant-refresh-private.h"
#include "pd-merchant-schema.h"
#include "pd-store-private.h"

/* 20,000 rows are some 1.3 s of a rebuild on a slow machine: the clock
 * ends most transactions first. 200 ms held, 10 ms free: a writer that
 * comes meanwhile waits a fifth of a second, and the rebuild is some 5%
 * slower. */
const PdMerchantRefreshLimits pd_merchant_refresh_default_limits = {
  .rows = 20000,
  .hold_ms = 200,
  .pause_ms = 10,
};

gboolean
pd_merchant_set_empty (PdStore                        *writer,
                       const char                     *set,
                       gboolean                        drop_indexes,
                       const PdMerchantRefreshLimits  *limits,
                       GError                        **error)
{
  sqlite3 *db = pd_store_get_db (writer);
  g_autofree char *delete_rows = NULL;
  g_autofree char *rest = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean more = TRUE;

  g_return_val_if_fail (g_str_equal (set, "0") || g_str_equal (set, "1"), FALSE);

  /* Indexes first: then each row deleted is one B-tree's work. */
  if (drop_indexes)
    {
      if (!pd_store_begin (writer, error))
        return FALSE;
      if (!pd_store_exec (writer,
                          g_str_equal (set, "0") ? PD_MERCHANT_ROWS_DROP_INDEXES ("0")
                                                 : PD_MERCHANT_ROWS_DROP_INDEXES ("1"),
                          error) ||
          !pd_store_commit (writer, error))
        {
          pd_store_rollback (writer);
          return FALSE;
        }
    }

  delete_rows = g_strdup_printf ("DELETE FROM merchant_rows_%s WHERE id IN"
                                 " (SELECT id FROM merchant_rows_%s ORDER BY id LIMIT ?1)",
                                 set, set);
  stmt = pd_store_prepare (writer, delete_rows, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, MAX (limits->rows, 1));

  while (more)
    {
      gint64 began;

      if (!pd_store_begin (writer, error))
        return FALSE;
      began = g_get_monotonic_time ();
      do
        {
          sqlite3_reset (stmt);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              pd_store_set_sql_error (writer, error, _("emptying the Merchants page’s old rows"));
              sqlite3_reset (stmt);
              pd_store_rollback (writer);
              return FALSE;
            }
          more = sqlite3_changes (db) > 0;
        }
      while (more && g_get_monotonic_time () - began < (gint64) limits->hold_ms * 1000 / 2);
      sqlite3_reset (stmt);
      if (!pd_store_commit (writer, error))
        return FALSE;
      if (more && limits->pause_ms > 0)
        g_usleep (limits->pause_ms * 1000);
    }

  /* A contentless index is emptied whole; the keys are a few hundred. */
  rest = g_strdup_printf ("INSERT INTO merchant_search_%s (merchant_search_%s) VALUES ('delete-all');"
                          "DELETE FROM merchant_keys_%s;",
                          set, set, set);
  if (!pd_store_begin (writer, error))
    return FALSE;
  if (!pd_store_exec (writer, rest, error) || !pd_store_commit (writer, error))
    {
      pd_store_rollback (writer);
      return FALSE;
    }
  return TRUE;
}
