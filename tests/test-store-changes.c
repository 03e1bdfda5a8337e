/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-changes"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pd-store-changes.h"
#include "pd-store-private.h"
#include "pd-store-tables.h"
#include "pd-sync-state.h"

/* The store's side of the sync (pd-store-changes.c, pd-sync-state.c),
 * fed hand-made changes: no JSON, no network. */

typedef struct
{
  char    *dir;
  PdStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("pd-test-store-changes-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_strdup (pd_store_get_path (f->store));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
count (PdStore    *store,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* An exchange rate upsert: currency, cny_per_unit_micros, updated_at. */
typedef struct
{
  PdChangeValue values[3];
  PdFeedChange change;
} RateChange;

static void
rate_change_init (RateChange *r,
                  const char *currency,
                  gint64      micros,
                  gint64      version)
{
  memset (r, 0, sizeof *r);
  pd_change_value_set_text (&r->values[0], currency);
  pd_change_value_set_int (&r->values[1], micros);
  pd_change_value_set_int (&r->values[2], 1767225600);
  r->change.table = pd_store_table_lookup ("fx_rate");
  r->change.type = "fx_rate";
  r->change.id = currency;
  r->change.op = PD_CHANGE_OP_UPSERT;
  r->change.version = version;
  r->change.values = r->values;
  r->change.keys = r->values;
  r->change.n_keys = 1;
}

static void
test_sync_state (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *result = NULL;

  cursor = pd_sync_state_dup (f->store, PD_SYNC_STATE_CURSOR, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);

  g_assert_true (pd_sync_state_set (f->store, PD_SYNC_STATE_CURSOR, "c1", &error));
  g_assert_no_error (error);
  cursor = pd_sync_state_dup (f->store, PD_SYNC_STATE_CURSOR, &error);
  g_assert_cmpstr (cursor, ==, "c1");

  g_assert_true (pd_sync_state_set (f->store, PD_SYNC_STATE_CURSOR, NULL, &error));
  g_clear_pointer (&cursor, g_free);
  cursor = pd_sync_state_dup (f->store, PD_SYNC_STATE_CURSOR, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);

  g_assert_true (pd_sync_state_record_result (f->store, 1767225600, "ok", &error));
  g_assert_no_error (error);
  result = pd_sync_state_dup (f->store, PD_SYNC_STATE_LAST_RESULT, &error);
  g_assert_cmpstr (result, ==, "ok");
  g_clear_pointer (&result, g_free);
  result = pd_sync_state_dup (f->store, PD_SYNC_STATE_LAST_AT, &error);
  g_assert_cmpstr (result, ==, "1767225600");
}

/* A page is applied with its cursor, and only if every change is. */
static void
test_page_all_or_nothing (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PdStoreChanges) changes = pd_store_changes_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  PdChangeValue target_values[12] = { 0 };
  PdFeedChange target = { 0 };
  RateChange usd, eur;
  const PdFeedChange *page[2];
  guint64 applied = 0, ignored = 0;

  rate_change_init (&usd, "USD", 7100000, 3);
  rate_change_init (&eur, "EUR", 7800000, 1);

  /* A target merchant of a program this store does not have. */
  pd_change_value_set_text (&target_values[0], "no-such-program");
  pd_change_value_set_text (&target_values[1], "7001");
  pd_change_value_set_text (&target_values[2], "Alpha");
  pd_change_value_set_text (&target_values[4], "EU");
  pd_change_value_set_text (&target_values[9], "pending");
  pd_change_value_set_int (&target_values[10], 1767225600);
  target.table = pd_store_table_lookup ("target_merchant");
  target.type = "target_merchant";
  target.id = "no-such-program:7001";
  target.seq = 2;
  target.version = 1;
  target.values = target_values;
  target.keys = target_values;
  target.n_keys = 2;

  page[0] = &usd.change;
  page[1] = &target;
  g_assert_false (pd_store_changes_apply_page (changes, page, 2, "c1", "GET /v1/changes",
                                               &applied, &ignored, &error));
  g_assert_error (error, PD_STORE_CHANGES_ERROR, PD_STORE_CHANGES_ERROR_UNKNOWN_PROGRAM);
  g_assert_true (g_str_has_prefix (error->message, "GET /v1/changes: "));
  g_clear_error (&error);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM exchange_rates WHERE currency = 'USD'"), ==, 0);
  cursor = pd_sync_state_dup (f->store, PD_SYNC_STATE_CURSOR, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);

  page[1] = &eur.change;
  g_assert_true (pd_store_changes_apply_page (changes, page, 2, "c2", "GET /v1/changes",
                                              &applied, &ignored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, 2);
  g_assert_cmpuint (ignored, ==, 0);
  cursor = pd_sync_state_dup (f->store, PD_SYNC_STATE_CURSOR, &error);
  g_assert_cmpstr (cursor, ==, "c2");

  /* The same versions again: ignored. */
  g_assert_true (pd_store_changes_apply_page (changes, page, 2, "c3", "GET /v1/changes",
                                              &applied, &ignored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, 0);
  g_assert_cmpuint (ignored, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (target_values); i++)
    pd_change_value_clear (&target_values[i]);
  for (guint i = 0; i < 3; i++)
    {
      pd_change_value_clear (&usd.values[i]);
      pd_change_value_clear (&eur.values[i]);
    }
}

static void
test_insert_sql (void)
{
  g_autofree char *sql = pd_store_table_insert_sql (pd_store_table_lookup ("fx_rate"), 3,
                                                    "ON CONFLICT DO NOTHING");

  g_assert_cmpstr (sql, ==, "INSERT INTO exchange_rates (currency, cny_per_unit_micros, updated_at)"
                            " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
  g_assert_null (pd_store_table_lookup ("no_such_type"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-changes/sync-state", Fixture, NULL, fixture_set_up, test_sync_state, fixture_tear_down);
  g_test_add ("/store-changes/page-all-or-nothing", Fixture, NULL, fixture_set_up,
              test_page_all_or_nothing, fixture_tear_down);
  g_test_add_func ("/store-changes/insert-sql", test_insert_sql);

  return g_test_run ();
}
