/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-team-hub"

#include "config.h"

#include <glib/gstdio.h>

#include "pd-merchant-notes.h"
#include "pd-team-db.h"
#include "pd-team-hub.h"
#include "pd-team-password.h"
#include "pd-test-wait.h"

/* PdTeamHub's async sync and PdTeamWatch, the API the app uses, against
 * the hub that with_hub.py started (PD_TEST_TEAM_URL_LI, ...): two
 * desktops, Li's and Wang's, each with a store of its own. */

typedef struct
{
  char      *dir;
  PdStore   *store[2];
  PdTeamHub *hub[2];
  guint      store_changes;      /* PdStore::changed on Wang's store, origin sync */
  gboolean   synced;
  gboolean   sync_ok;
  PdTeamSyncResult result;
  gint64     notified;           /* the watch's last ::changed */
  guint      n_notified;
} Fixture;

static const char * const roles[] = { "LI", "WANG" };
static const char * const names[] = { "Li Wei", "Wang Fang" };

static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     Fixture             *f)
{
  if (change->origin == PD_CHANGE_ORIGIN_SYNC && pd_store_change_has (change, PD_ENTITY_NOTES))
    f->store_changes++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pd-test-team-hub-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *url_key = g_strdup_printf ("PD_TEST_TEAM_URL_%s", roles[i]);
      g_autofree char *password_key = g_strdup_printf ("PD_TEST_TEAM_PASSWORD_%s", roles[i]);
      g_autofree char *path = g_strdup_printf ("%s/%s.db", f->dir, roles[i]);

      g_assert_nonnull (g_getenv (url_key));  /* run through with_hub.py */
      f->store[i] = pd_store_open (path, &error);
      g_assert_no_error (error);
      f->hub[i] = pd_team_hub_new (f->store[i]);
      pd_team_hub_set_password (f->hub[i], g_getenv (password_key));
      g_assert_true (pd_team_hub_join_sync (f->hub[i], g_getenv (url_key), names[i], &error));
      g_assert_no_error (error);
    }
  g_signal_connect (f->store[1], "changed", G_CALLBACK (on_store_changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s.db", f->dir, roles[i]);
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_clear_object (&f->hub[i]);
      g_clear_object (&f->store[i]);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Li writes a note on @seller and shares it. */
static void
li_shares_note (Fixture    *f,
                const char *seller,
                const char *note)
{
  g_autoptr(GError) error = NULL;
  const char * const ids[] = { seller, NULL };
  PdTeamSyncResult result = { 0 };

  g_assert_true (pd_merchant_notes_append (f->store[0], ids, note, g_get_real_time () / G_USEC_PER_SEC,
                                           &error));
  g_assert_no_error (error);
  g_assert_true (pd_team_hub_sync_sync (f->hub[0], &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.pushed, ==, 1);
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->sync_ok = pd_team_hub_sync_finish (PD_TEAM_HUB (object), result, &f->result, &error);
  g_assert_no_error (error);
  f->synced = TRUE;
}

static gboolean
is_synced (gpointer data)
{
  return ((Fixture *) data)->synced;
}

/* The app's sync: in a worker thread, announced on the app's store in
 * its own context when it finishes. */
static void
test_sync_async (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(PdMerchantNotes) notes = { 0 };
  g_autoptr(GError) error = NULL;

  li_shares_note (f, "7001", "Met at the Shenzhen fair");
  pd_team_hub_sync_async (f->hub[1], NULL, synced_cb, f);
  g_assert_cmpuint (f->store_changes, ==, 0);
  pd_test_wait_until (is_synced, f, 30000);
  g_assert_true (f->sync_ok);
  g_assert_cmpuint (f->result.pulled, >=, 1);
  g_assert_cmpuint (f->store_changes, ==, 1);
  g_assert_true (pd_merchant_notes_get (f->store[1], "7001", &notes, &error));
  g_assert_true (g_str_has_suffix (notes.notes, "Li Wei: Met at the Shenzhen fair"));
}

static void
on_watch_changed_cb (PdTeamWatch *watch,
                     gint64       seq,
                     Fixture     *f)
{
  f->notified = seq;
  f->n_notified++;
}

static gboolean
is_listening (gpointer data)
{
  return ((Fixture *) data)->n_notified > 0;
}

static gboolean
is_notified (gpointer data)
{
  return ((Fixture *) data)->notified > 0;
}

/* Another desktop's change wakes the watch, with its sequence number. */
static void
test_watch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdTeamWatch) watch = pd_team_hub_new_watch (f->hub[1], &error);
  g_auto(PdTeamStatus) status = { 0 };

  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (on_watch_changed_cb), f);
  /* Connected: the catch-up ::changed with 0. */
  pd_test_wait_until (is_listening, f, 30000);
  g_assert_true (pd_team_watch_get_connected (watch));
  g_assert_cmpint (f->notified, ==, 0);
  li_shares_note (f, "7002", "Wants the EU program");
  pd_test_wait_until (is_notified, f, 10000);
  g_assert_true (pd_team_hub_status_sync (f->hub[1], &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (f->notified, ==, status.hub_seq);
}

static void
test_not_joined (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-test-team-hub-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(PdStore) store = pd_store_open (path, &error);
  g_autoptr(PdTeamHub) hub = pd_team_hub_new (store);
  g_autoptr(PdTeamWatch) watch = pd_team_hub_new_watch (hub, &error);

  g_assert_null (watch);
  g_assert_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_NOT_JOINED);
  g_clear_object (&hub);
  g_clear_object (&store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

static gpointer lookup_thread;
static gint lookups;

/* A keyring slow to answer (locked, asking its user): Wang's password
 * after 1.5 s. */
static char *
slow_lookup (const char *url)
{
  g_atomic_pointer_set (&lookup_thread, g_thread_self ());
  g_usleep (1500 * 1000);
  g_atomic_int_inc (&lookups);
  return g_strdup (g_getenv ("PD_TEST_TEAM_PASSWORD_WANG"));
}

static gboolean
tick_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* The app's watch (PdTeamController's start) never waits for the keyring
 * on its thread: pd_team_hub_new_watch() returns at once, the main loop
 * keeps running while the keyring answers in the watch's worker, and
 * the watch connects with the password it read. */
static void
test_watch_reads_keyring_in_worker (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdTeamHub) hub = pd_team_hub_new (f->store[1]);  /* no password set */
  g_autoptr(PdTeamWatch) watch = NULL;
  gint64 start, elapsed;
  guint ticks = 0;
  guint tick_id;

  pd_team_password_set_lookup_func (slow_lookup);
  tick_id = g_timeout_add (50, tick_cb, &ticks);
  start = g_get_monotonic_time ();
  watch = pd_team_hub_new_watch (hub, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpint (elapsed, <, 500 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (pd_team_watch_get_connected (watch));
  g_signal_connect (watch, "changed", G_CALLBACK (on_watch_changed_cb), f);
  pd_test_wait_until (is_listening, f, 30000);
  g_source_remove (tick_id);
  pd_team_password_set_lookup_func (NULL);
  g_assert_true (pd_team_watch_get_connected (watch));
  g_assert_cmpint (g_atomic_int_get (&lookups), >=, 1);
  g_assert_true (g_atomic_pointer_get (&lookup_thread) != (gpointer) g_thread_self ());
  /* The main loop ran all along: 1.5 s of the keyring is ~30 ticks. */
  g_assert_cmpuint (ticks, >=, 5);
}

int
main (int   argc,
      char *argv[])
{
  /* The keyring (or a lookup function), never the runner's environment. */
  g_unsetenv ("PD_TEAM_PASSWORD");
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/team-hub/sync-async", Fixture, NULL, fixture_set_up, test_sync_async, fixture_tear_down);
  g_test_add ("/team-hub/watch", Fixture, NULL, fixture_set_up, test_watch, fixture_tear_down);
  g_test_add_func ("/team-hub/not-joined", test_not_joined);
  g_test_add ("/team-hub/watch-reads-keyring-in-worker", Fixture, NULL, fixture_set_up,
              test_watch_reads_keyring_in_worker, fixture_tear_down);
  return g_test_run ();
}
