/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

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

static gboolean
set_cache (PdStore  *store,
           guint     kib,
           GError  **error)
{
  g_autofree char *pragma = NULL;

  if (kib == 0)
    return TRUE;
  pragma = g_strdup_printf ("PRAGMA cache_size = -%u", kib);
  return pd_store_exec (store, pragma, error);
}

gboolean
pd_merchant_limits_set_caches (const PdMerchantRefreshLimits  *limits,
                               PdStore                        *reader,
                               PdStore                        *writer,
                               GError                        **error)
{
  return set_cache (reader, limits->reader_cache_kib, error) &&
         set_cache (writer, limits->writer_cache_kib, error);
}

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

/* State ------------------------------------------------------------------------ */

/* A rebuild marks merchant_state "building" with its heartbeat; another
 * process takes over one silent for this long (it crashed). */
#define BUILD_STALE_SECONDS 120

gboolean
pd_merchant_claim_build (PdStore  *writer,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (writer,
                                                   "SELECT value FROM merchant_state WHERE key = 'building'",
                                                   error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 beat = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);

      if (now - beat < BUILD_STALE_SECONDS)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_BUSY,
                       _("%s: the Merchants page is being rebuilt by another Partner Desk; try again when it is done"),
                       pd_store_get_path (writer));
          return FALSE;
        }
    }
  return pd_merchant_state_set (writer, "building", now, error);
}

gboolean
pd_merchant_state_read (PdStore          *store,
                        PdMerchantState  *state,
                        GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  memset (state, 0, sizeof *state);
  /* Rows built before "built_max" was kept: the keys hold them all. */
  state->built_max = G_MAXUINT64;
  stmt = pd_store_prepare (store, "SELECT key, value FROM merchant_state", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);
      gint64 n = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;

      if (g_strcmp0 (key, "current") == 0)
        state->current = n == 1 ? 1 : 0;
      else if (g_strcmp0 (key, "generation") == 0)
        state->generation = (guint64) n;
      else if (g_strcmp0 (key, "as_of") == 0)
        state->as_of = n;
      else if (g_strcmp0 (key, "valid_until") == 0)
        state->valid_until = n;
      else if (g_strcmp0 (key, "rows") == 0)
        state->rows = (guint64) n;
      else if (g_strcmp0 (key, "collation") == 0)
        state->collation = n;
      else if (g_strcmp0 (key, "built_max") == 0)
        state->built_max = (guint64) n;
      else if (g_strcmp0 (key, "stale") == 0)
        state->stale = n;
      else if (g_strcmp0 (key, "grown") == 0)
        state->grown = (guint64) n;
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the Merchants page’s state"));
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_merchant_store_has_merchants (PdStore   *store,
                                 gboolean  *has_out,
                                 GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  stmt = pd_store_prepare (store,
                           "SELECT EXISTS (SELECT 1 FROM target_merchants)"
                           "    OR EXISTS (SELECT 1 FROM stores)"
                           "    OR EXISTS (SELECT 1 FROM links WHERE seller_id IS NOT NULL)",
                           error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("looking for merchants"));
      return FALSE;
    }
  *has_out = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

gboolean
pd_merchant_state_set (PdStore     *store,
                       const char  *key,
                       gint64       value,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char text[24];

  stmt = pd_store_prepare (store,
                           "INSERT INTO merchant_state (key, value) VALUES (?1, ?2)"
                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    return FALSE;
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("writing the Merchants page’s state"));
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_merchant_state_delete (PdStore     *store,
              const char  *key,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, "DELETE FROM merchant_state WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("writing the Merchants page’s state"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
pd_merchant_list_recruitment_programs (PdStore  *store,
                                       GError  **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT id FROM programs WHERE kind = 'recruitment' ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("listing programs"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}
