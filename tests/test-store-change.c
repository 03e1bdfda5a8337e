/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-change"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pd-merchant-notes.h"
#include "pd-store-private.h"
#include "pd-test-wait.h"

/* PdStore::changed: what the writer said, delivered in the main context
 * whichever thread wrote; other processes' writes seen by the watch. */

#define WATCH_MS 50

typedef struct
{
  char      *dir;
  char      *path;
  PdStore   *store;
  GPtrArray *changes;   /* PdStoreChange copies, in order */
  GThread   *main_thread;
  gboolean   off_main_thread;
} Fixture;

static void
on_changed_cb (PdStore             *store,
               const PdStoreChange *change,
               Fixture             *f)
{
  if (g_thread_self () != f->main_thread)
    f->off_main_thread = TRUE;
  g_ptr_array_add (f->changes, pd_store_change_copy (change));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pd-test-change-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
  f->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_store_change_free);
  f->main_thread = g_thread_self ();
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_ptr_array_unref (f->changes);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static const PdStoreChange *
last_change (Fixture *f)
{
  g_assert_cmpuint (f->changes->len, >, 0);
  return g_ptr_array_index (f->changes, f->changes->len - 1);
}

static void
test_values (Fixture       *f,
             gconstpointer  data)
{
  const char * const ids[] = { "7000000000000001", "7000000000000002", NULL };
  const PdStoreChange *change;
  g_autofree char *names = pd_entity_kind_to_string (PD_ENTITY_LINKS | PD_ENTITY_NOTES);

  g_assert_cmpstr (names, ==, "links+notes");

  /* In the opening thread: at once, with what the writer said. */
  pd_store_emit_change (f->store, PD_ENTITY_LINKS | PD_ENTITY_NOTES, ids, PD_CHANGE_ORIGIN_WINDOW);
  g_assert_cmpuint (f->changes->len, ==, 1);
  change = last_change (f);
  g_assert_cmpint (change->kinds, ==, PD_ENTITY_LINKS | PD_ENTITY_NOTES);
  g_assert_true (pd_store_change_has (change, PD_ENTITY_NOTES));
  g_assert_false (pd_store_change_has (change, PD_ENTITY_TARGETS));
  g_assert_cmpstrv (change->ids, ids);
  g_assert_cmpint (change->origin, ==, PD_CHANGE_ORIGIN_WINDOW);

  pd_store_emit_change (f->store, PD_ENTITY_TARGETS, NULL, PD_CHANGE_ORIGIN_IMPORT);
  change = last_change (f);
  g_assert_cmpint (change->kinds, ==, PD_ENTITY_TARGETS);
  g_assert_null (change->ids);
  g_assert_cmpint (change->origin, ==, PD_CHANGE_ORIGIN_IMPORT);
}

/* The store's write APIs say what they wrote. */
static void
test_writers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char * const sellers[] = { "7000000000000003", NULL };
  const PdStoreChange *change;

  g_assert_true (pd_store_set_setting (f->store, "sync_interval_minutes", "5", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpint (last_change (f)->kinds, ==, PD_ENTITY_SETTINGS);

  g_assert_true (pd_merchant_notes_assign (f->store, sellers, "Zhou", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->changes->len, ==, 2);
  change = last_change (f);
  g_assert_cmpint (change->kinds, ==, PD_ENTITY_NOTES);
  g_assert_cmpstrv (change->ids, sellers);
  g_assert_cmpint (change->origin, ==, PD_CHANGE_ORIGIN_WINDOW);

  /* A failed write says nothing. */
  g_assert_false (pd_store_set_setting (f->store, "no_such_key", "1", &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (f->changes->len, ==, 2);
}

static gpointer
emit_in_worker (gpointer data)
{
  Fixture *f = data;

  pd_store_emit_change (f->store, PD_ENTITY_STORES, NULL, PD_CHANGE_ORIGIN_SYNC);
  return GINT_TO_POINTER (f->changes->len);
}

static gboolean
has_changes (gpointer data)
{
  return ((Fixture *) data)->changes->len > 0;
}

/* A worker hands its change over: delivered by the main context, in the
 * main thread, never in the worker. */
static void
test_from_worker (Fixture       *f,
                  gconstpointer  data)
{
  GThread *worker = g_thread_new ("writer", emit_in_worker, f);
  guint seen_in_worker = GPOINTER_TO_UINT (g_thread_join (worker));

  g_assert_cmpuint (seen_in_worker, ==, 0);
  pd_test_wait_until (has_changes, f, 5000);
  g_assert_false (f->off_main_thread);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpint (last_change (f)->kinds, ==, PD_ENTITY_STORES);
  g_assert_cmpint (last_change (f)->origin, ==, PD_CHANGE_ORIGIN_SYNC);
}

static gboolean
has_two_changes (gpointer data)
{
  return ((Fixture *) data)->changes->len >= 2;
}

static gboolean
has_three_changes (gpointer data)
{
  return ((Fixture *) data)->changes->len >= 3;
}

static gboolean
has_four_changes (gpointer data)
{
  return ((Fixture *) data)->changes->len >= 4;
}

static gboolean
on_elapsed_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Runs the main context for @ms: only to show that something does NOT
 * happen meanwhile. */
static void
run_for (guint ms)
{
  gboolean elapsed = FALSE;

  g_timeout_add (ms, on_elapsed_cb, &elapsed);
  pd_test_wait_until (is_true, &elapsed, ms + 5000);
}

/* The watch: a write by another connection of this process (a worker's)
 * is not reported, its writer tells; a write by a connection that is not
 * ours (SQLite opened directly, as another process would) is. */
static void
test_watch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) worker = pd_store_open (f->path, &error);
  sqlite3 *other = NULL;
  const PdStoreChange *change;

  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_func (worker, on_changed_cb, f);
  pd_store_watch_other_processes (f->store, WATCH_MS);

  g_assert_true (pd_store_exec (worker, "INSERT INTO settings (key, value) VALUES ('endpoint', 'http://a')",
                                &error));
  g_assert_no_error (error);
  run_for (WATCH_MS * 6);
  g_assert_cmpuint (f->changes->len, ==, 0);

  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_busy_timeout (other, 5000), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "UPDATE settings SET value = 'http://b' WHERE key = 'endpoint'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  pd_test_wait_until (has_changes, f, 2000);
  change = last_change (f);
  g_assert_true (pd_store_change_has (change, PD_ENTITY_TARGETS));
  g_assert_true (pd_store_change_has (change, PD_ENTITY_SETTINGS));
  g_assert_null (change->ids);
  g_assert_cmpint (change->origin, ==, PD_CHANGE_ORIGIN_OTHER_PROCESS);
  sqlite3_close (other);

  /* Once per write. */
  run_for (WATCH_MS * 4);
  g_assert_cmpuint (f->changes->len, ==, 1);

  /* Our write and another process's at once: the other's audit row
   * tells it, and what it wrote. */
  g_assert_true (pd_store_set_setting (worker, "sync_interval_minutes", "7", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_busy_timeout (other, 5000), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "INSERT INTO audit_log (at, user, action) VALUES (0, 'cli', 'import.targets')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  pd_test_wait_until (has_two_changes, f, 2000);
  change = last_change (f);
  g_assert_cmpint (change->kinds, ==, PD_ENTITY_TARGETS);
  g_assert_cmpint (change->origin, ==, PD_CHANGE_ORIGIN_OTHER_PROCESS);
  run_for (WATCH_MS * 4);
  g_assert_cmpuint (f->changes->len, ==, 2);

  /* partnerdesk-cli program override: the program's rules (verdicts may
   * change); a stage rate: a setting (amounts only). */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_busy_timeout (other, 5000), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "INSERT INTO audit_log (at, user, action) VALUES (0, 'cli', 'program.override')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  pd_test_wait_until (has_three_changes, f, 2000);
  g_assert_cmpint (last_change (f)->kinds, ==, PD_ENTITY_PROGRAMS);
  g_assert_cmpint (sqlite3_exec (other, "INSERT INTO audit_log (at, user, action) VALUES (0, 'cli', 'stage-rate.set')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  pd_test_wait_until (has_four_changes, f, 2000);
  g_assert_cmpint (last_change (f)->kinds, ==, PD_ENTITY_SETTINGS);

  /* Nothing after the watch stops. */
  pd_store_watch_other_processes (f->store, 0);
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "DELETE FROM settings", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  run_for (WATCH_MS * 4);
  g_assert_cmpuint (f->changes->len, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/store-change/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("values", test_values);
  ADD ("writers", test_writers);
  ADD ("from-worker", test_from_worker);
  ADD ("watch", test_watch);
#undef ADD

  return g_test_run ();
}
