/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-merchant-rebuild"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pd-merchant-refresh-private.h"
#include "pd-store-private.h"

/* Issue 13, item 4: a rebuild of the Merchants page's rows shares the
 * write lock. While one runs (in a thread, on its own connections), a
 * writer on another connection writes again and again: each write gets
 * in within a second, and every read sees a whole set (merchant_state's
 * row count is that of the current set). The store is big enough that
 * the rebuild takes over a second; small batches keep it quick. */

#define N_SELLERS 30000
#define AS_OF 1776225600   /* 2026-04-15T12:00:00+08:00 */
#define MAX_WAIT_US (1000 * 1000)

typedef struct
{
  char     *path;
  gboolean  ok;
  GError   *error;
  gint      done;
  PdMerchantRefreshStats stats;
  PdMerchantRefreshLimits limits;
} Rebuild;

static gpointer
rebuild_thread (gpointer data)
{
  Rebuild *r = data;

  r->ok = pd_merchant_refresh_with_limits (r->path, AS_OF, PD_MERCHANT_REFRESH_REBUILD, NULL, NULL,
                                           &r->stats, &r->limits, &r->error);
  g_atomic_int_set (&r->done, 1);
  return NULL;
}

static void
exec (PdStore    *store,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  pd_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static gint64
query_int (PdStore    *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* N_SELLERS sellers of the Q1 program, each invited by a link and most
 * with a store onboarded through it. */
static void
fill (PdStore *store)
{
  exec (store, "BEGIN");
  exec (store,
        "INSERT OR REPLACE INTO exchange_rates (currency, cny_per_unit_micros, updated_at)"
        " VALUES ('EUR', 7800000, 0), ('JPY', 48000, 0);"
        "CREATE TEMP TABLE n (i INTEGER PRIMARY KEY);"
        "WITH RECURSIVE c (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < " G_STRINGIFY (N_SELLERS) " - 1)"
        " INSERT INTO temp.n (i) SELECT i FROM c;"
        "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, country,"
        "  review_status, listed_at)"
        " SELECT 'eu-jp-pop-partner-2026q1', printf ('7%015d', i), 'Seller ' || i || ' Trading Co',"
        "  CASE WHEN i % 5 = 4 THEN 'JP' ELSE 'EU' END, 'CN', 'approved', 1767225600 FROM temp.n;"
        "INSERT INTO links (token, kind, state, seller_id, market, program_id, created_at, staff)"
        " SELECT printf ('tok%016d', i), 'onboarding', 'active', printf ('7%015d', i),"
        "  CASE WHEN i % 5 = 4 THEN 'JP' ELSE 'EU' END, 'eu-jp-pop-partner-2026q1', 1766000000 + i, 'Test'"
        " FROM temp.n;"
        "INSERT INTO stores (store_id, seller_id, market, onboarded_at, via_link, via_token,"
        "  first_sale_at, settled_gmv_30d, gmv_currency, inventory_countries)"
        " SELECT printf ('S-%d', i), printf ('7%015d', i), CASE WHEN i % 5 = 4 THEN 'JP' ELSE 'EU' END,"
        "  1770000000 + i, printf ('tok%016d', i), printf ('tok%016d', i),"
        "  CASE WHEN i % 3 = 0 THEN NULL ELSE 1771000000 + i END,"
        "  CASE WHEN i % 3 = 0 THEN NULL ELSE (i * 37) % 400000 END,"
        "  CASE WHEN i % 3 = 0 THEN NULL WHEN i % 5 = 4 THEN 'JPY' ELSE 'EUR' END,"
        "  CASE WHEN i % 5 = 4 THEN '' ELSE 'DE;FR' END"
        " FROM temp.n WHERE i % 10 <> 0;"
        "DROP TABLE temp.n;");
  exec (store, "COMMIT");
}

/* A whole set: what merchant_state says of the current set is what it
 * holds, read in one snapshot. */
static void
assert_whole_set (PdStore *store)
{
  gint64 current, rows, counted;

  exec (store, "BEGIN");
  current = query_int (store, "SELECT value FROM merchant_state WHERE key = 'current'");
  rows = query_int (store, "SELECT coalesce ((SELECT value FROM merchant_state WHERE key = 'rows'), 0)");
  counted = query_int (store, current == 0 ? "SELECT count(*) FROM merchant_rows_0"
                                           : "SELECT count(*) FROM merchant_rows_1");
  exec (store, "COMMIT");
  g_assert_cmpint (counted, ==, rows);
}

static void
test_writer_gets_in (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-test-merchant-rebuild-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(PdStore) writer = NULL;
  g_autoptr(GThread) thread = NULL;
  Rebuild r = { 0 };
  gint64 longest = 0, started;
  guint writes = 0, reads = 0;
  gint64 first_rows;

  g_assert_no_error (error);
  writer = pd_store_open (path, &error);
  g_assert_no_error (error);
  fill (writer);

  r.path = path;
  /* A first set, for the readers to see meanwhile. */
  g_assert_true (pd_merchant_refresh (path, AS_OF, PD_MERCHANT_REFRESH_REBUILD, NULL, NULL, &r.stats, &error));
  g_assert_no_error (error);
  first_rows = (gint64) r.stats.rows;
  g_assert_cmpint (first_rows, >=, N_SELLERS);

  r.limits.rows = 500;
  r.limits.hold_ms = 100;
  r.limits.pause_ms = 5;
  started = g_get_monotonic_time ();
  thread = g_thread_new ("rebuild", rebuild_thread, &r);

  while (!g_atomic_int_get (&r.done))
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO settings (key, value) VALUES ('partner_id', 'P%u')"
                                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                              writes);
      gint64 t = g_get_monotonic_time ();

      g_assert_true (pd_store_begin (writer, &error));
      g_assert_no_error (error);
      exec (writer, sql);
      g_assert_true (pd_store_commit (writer, &error));
      g_assert_no_error (error);
      longest = MAX (longest, g_get_monotonic_time () - t);
      writes++;

      assert_whole_set (writer);
      reads++;
      g_usleep (20 * 1000);
    }
  g_thread_join (g_steal_pointer (&thread));
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_true (r.stats.rebuilt);
  g_assert_cmpint ((gint64) r.stats.rows, ==, first_rows);
  assert_whole_set (writer);

  g_test_message ("rebuild %.2f s; %u writes meanwhile, the longest %.0f ms",
                  (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC,
                  writes, (double) longest / 1000.0);
  g_assert_cmpuint (writes, >=, 3);
  g_assert_cmpint (longest, <, MAX_WAIT_US);

  g_clear_object (&writer);
  for (const char *const *s = (const char *const[]) { "", "-wal", "-shm", NULL }; *s != NULL; s++)
    {
      g_autofree char *file = g_strconcat (path, *s, NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/merchant-rebuild/writer-gets-in", test_writer_gets_in);
  return g_test_run ();
}
