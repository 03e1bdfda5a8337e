/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-controller"

#include "config.h"


#include <string.h>

#include "pd-open-api-client.h"
#include "pd-sync-controller-private.h"
#include "../pd-test-prereq.h"
#include "sync-test-utils.h"
#include "tests/pd-test-wait.h"

/* The app's sync controller against the built partnerdesk-sandbox on
 * loopback (its path and the CLI's are this program's arguments). No
 * display: the controller has no widgets. The keyring cases run under
 * tests/sync/keyring-session.sh (meson's sync-controller-keyring). */

typedef struct
{
  Sandbox          *sandbox;
  char             *dir;
  PdContext        *context;
  PdSyncController *controller;
  GPtrArray        *changes;       /* the store's changes, in order: "sync" for a sync's, else their kinds */
  guint             finished;
  gboolean          saw_syncing;
  gboolean          saw_progress;
} Fixture;

static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     Fixture             *f)
{
  g_ptr_array_add (f->changes, change->origin == PD_CHANGE_ORIGIN_SYNC ? g_strdup ("sync")
                                                                      : pd_entity_kind_to_string (change->kinds));
}

static void
on_finished_cb (PdSyncController *controller,
                Fixture          *f)
{
  f->finished++;
}

static void
on_status_cb (PdSyncController *controller,
              GParamSpec       *pspec,
              Fixture          *f)
{
  if (pd_sync_controller_get_status (controller) == PD_SYNC_STATUS_SYNCING)
    f->saw_syncing = TRUE;
}

static void
on_progress_cb (PdSyncController *controller,
                GParamSpec       *pspec,
                Fixture          *f)
{
  if (pd_sync_controller_get_progress (controller)->pages > 0)
    f->saw_progress = TRUE;
}

static void
set_setting (Fixture    *f,
             const char *key,
             const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_set_setting (pd_context_get_store (f->context), key, value, &error));
  g_assert_no_error (error);
}

/* A new store and controller; @endpoint and @credentials override the
 * setting and the keyring as the PD_* variables do (NULL: none). */
static void
fixture_init (Fixture             *f,
              const char          *endpoint,
              const PdCredentials *credentials,
              const char          *interval)
{
  g_autoptr(PdStore) store = test_store_new (&f->dir);

  f->changes = g_ptr_array_new_with_free_func (g_free);
  f->context = pd_context_new (store);
  f->controller = pd_sync_controller_new (f->context);
  pd_sync_controller_set_override (f->controller, endpoint, credentials);
  pd_sync_controller_set_delay_scale (f->controller, 0.01);
  set_setting (f, "sync_interval_minutes", interval);
  g_signal_connect (pd_context_get_store (f->context), "changed", G_CALLBACK (on_store_changed_cb), f);
  g_signal_connect (f->controller, "finished", G_CALLBACK (on_finished_cb), f);
  g_signal_connect (f->controller, "notify::status", G_CALLBACK (on_status_cb), f);
  g_signal_connect (f->controller, "notify::progress", G_CALLBACK (on_progress_cb), f);
}

static void
fixture_clear (Fixture *f)
{
  if (f->controller != NULL)
    {
      pd_sync_controller_shutdown (f->controller);
      g_assert_false (pd_sync_controller_is_running (f->controller));
    }
  g_clear_object (&f->controller);
  g_clear_object (&f->context);
  g_clear_pointer (&f->changes, g_ptr_array_unref);
  g_clear_pointer (&f->sandbox, sandbox_stop);
  test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the main context for @ms: only to show that nothing happens in
 * that time. To wait for something, pd_test_wait_until (). */
static void
run_for (guint ms)
{
  pd_test_spin_until (never, NULL, ms);
}

static gboolean
finished_once (gpointer data)
{
  Fixture *f = data;

  return f->finished >= 1 && !pd_sync_controller_is_running (f->controller);
}

static gboolean
finished_three_times (gpointer data)
{
  Fixture *f = data;

  return f->finished >= 3;
}

/* A run under way with its first page of changes in: mid-run. */
static gboolean
is_mid_run (gpointer data)
{
  Fixture *f = data;

  return pd_sync_controller_is_running (f->controller) && f->saw_progress;
}

/* A run under way and talking to the platform. */
static gboolean
is_syncing (gpointer data)
{
  Fixture *f = data;

  return pd_sync_controller_is_running (f->controller) && f->saw_syncing;
}

static guint
count_changes (Fixture    *f,
               const char *what)
{
  guint n = 0;

  for (guint i = 0; i < f->changes->len; i++)
    n += g_str_equal (g_ptr_array_index (f->changes, i), what);
  return n;
}

/* Start: one run, the demo data in the store, a PdStore::changed of origin sync
 * once; a second run with nothing new does not announce a change. */
static void
test_sync_at_start (void)
{
  Fixture f = { 0 };
  PdStore *store;
  const PdSyncSummary *summary;

  f.sandbox = sandbox_start ("--seed", "demo", NULL);
  fixture_init (&f, f.sandbox->endpoint, f.sandbox->credentials, "0");

  g_assert_cmpint (pd_sync_controller_get_last_sync_at (f.controller), ==, 0);
  pd_sync_controller_start (f.controller);
  g_assert_true (f.saw_syncing);
  pd_test_wait_until (finished_once, &f, 30000);

  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_IDLE);
  g_assert_null (pd_sync_controller_get_message (f.controller));
  g_assert_null (pd_sync_controller_get_error (f.controller));
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 1);
  g_assert_cmpint (pd_sync_controller_get_last_sync_at (f.controller), >, 0);
  g_assert_cmpstr (pd_sync_controller_get_endpoint (f.controller), ==, f.sandbox->endpoint);
  g_assert_true (pd_sync_controller_get_from_environment (f.controller));
  g_assert_true (f.saw_progress);
  summary = pd_sync_controller_get_last_summary (f.controller);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->changes_applied, >, 700);

  store = pd_context_get_store (f.context);
  g_assert_cmpint (test_store_count (store, "SELECT count(*) FROM seller_requests"), ==, 25);
  g_assert_cmpint (test_store_count (store, "SELECT count(*) FROM service_categories"), ==, 7);
  g_assert_cmpuint (count_changes (&f, "sync"), ==, 1);

  /* Nothing new: no reload of every page. */
  f.finished = 0;
  g_assert_true (pd_sync_controller_sync_now (f.controller));
  pd_test_wait_until (finished_once, &f, 30000);
  g_assert_cmpuint (pd_sync_controller_get_last_summary (f.controller)->changes_applied, ==, 0);
  g_assert_cmpuint (count_changes (&f, "sync"), ==, 1);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 2);

  /* start() runs once only. */
  pd_sync_controller_start (f.controller);
  g_assert_false (pd_sync_controller_is_running (f.controller));

  fixture_clear (&f);
}

/* The interval timer starts runs by itself, and follows the setting
 * when Preferences change it (the store says its settings changed). */
static void
test_interval (void)
{
  Fixture f = { 0 };
  guint runs;

  f.sandbox = sandbox_start ("--seed", "empty", NULL);
  fixture_init (&f, f.sandbox->endpoint, f.sandbox->credentials, "1");
  /* A "minute" of 150 ms. */
  pd_sync_controller_set_minute_ms (f.controller, 150);

  pd_sync_controller_start (f.controller);
  g_assert_cmpuint (pd_sync_controller_get_interval (f.controller), ==, 1);
  pd_test_wait_until (finished_three_times, &f, 20000);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), >=, 3);

  /* 0 = never. */
  set_setting (&f, "sync_interval_minutes", "0");
  g_assert_cmpuint (pd_sync_controller_get_interval (f.controller), ==, 0);
  pd_test_wait_until (finished_once, &f, 10000);
  runs = pd_sync_controller_get_runs (f.controller);
  /* Nothing in more than six former intervals: a wait that proves
   * something does NOT happen, the one kind of fixed wait kept. */
  run_for (1000);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, runs);

  /* And back: the timer starts again. */
  f.finished = 0;
  set_setting (&f, "sync_interval_minutes", "2");
  g_assert_cmpuint (pd_sync_controller_get_interval (f.controller), ==, 2);
  pd_test_wait_until (finished_once, &f, 10000);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, runs + 1);

  fixture_clear (&f);
}

/* A platform that refuses the signature: the error state, with the
 * platform's reason; nothing is pulled. */
static void
test_refused (void)
{
  Fixture f = { 0 };
  g_autoptr(PdCredentials) wrong = NULL;
  const char *message;

  f.sandbox = sandbox_start ("--seed", "demo", NULL);
  wrong = pd_credentials_copy (f.sandbox->credentials);
  g_free (wrong->app_secret);
  wrong->app_secret = g_strdup ("not-the-secret");
  fixture_init (&f, f.sandbox->endpoint, wrong, "0");

  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished_once, &f, 30000);

  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_ERROR);
  g_assert_error (pd_sync_controller_get_error (f.controller), PD_SYNC_ERROR, PD_SYNC_ERROR_SECRET_REFUSED);
  message = pd_sync_controller_get_message (f.controller);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "bad_signature"));
  g_assert_cmpint (pd_sync_controller_get_last_sync_at (f.controller), ==, 0);
  g_assert_cmpint (test_store_count (pd_context_get_store (f.context),
                                     "SELECT count(*) FROM seller_requests"), ==, 0);
  g_assert_cmpuint (count_changes (&f, "sync"), ==, 0);

  fixture_clear (&f);
}

/* Nothing listens at the endpoint: offline, saying where it tried. */
static void
test_unreachable (void)
{
  Fixture f = { 0 };
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(PdCredentials) credentials = pd_credentials_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  guint16 port;

  /* A free port: bound, then closed again. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);

  credentials->app_key = g_strdup ("key");
  credentials->app_secret = g_strdup ("secret");
  credentials->access_token = g_strdup ("TTP_token");
  credentials->refresh_token = g_strdup ("TTR_token");
  fixture_init (&f, endpoint, credentials, "0");

  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished_once, &f, 60000);

  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_OFFLINE);
  g_assert_error (pd_sync_controller_get_error (f.controller), PD_SYNC_ERROR, PD_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (pd_sync_controller_get_message (f.controller), endpoint));

  fixture_clear (&f);
}

/* One run at a time: "Sync now" during a run starts nothing. */
static void
test_sync_now_while_running (void)
{
  Fixture f = { 0 };

  /* Each request waits 300 ms and the feed has several pages (the demo
   * alone fits in one, whose progress comes with the run's end): the run
   * lasts a while after its first page. */
  f.sandbox = sandbox_start ("--seed", "demo", "--latency-ms", "300", NULL);
  json_node_unref (sandbox_admin (f.sandbox, "POST", "/sandbox/seed-bulk", "{\"changes\": 3000}"));
  fixture_init (&f, f.sandbox->endpoint, f.sandbox->credentials, "0");

  pd_sync_controller_start (f.controller);
  g_assert_true (pd_sync_controller_is_running (f.controller));
  g_assert_false (pd_sync_controller_sync_now (f.controller));
  /* Later in the run too. */
  pd_test_wait_until (is_mid_run, &f, 10000);
  g_assert_false (pd_sync_controller_sync_now (f.controller));
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 1);

  pd_test_wait_until (finished_once, &f, 30000);
  g_assert_cmpuint (f.finished, ==, 1);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 1);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_IDLE);

  /* The user's outbox choices wait for the run's end too. */
  g_assert_true (pd_sync_controller_sync_now (f.controller));
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pd_sync_controller_discard (f.controller, 1, &error));
    g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_BUSY);
  }
  pd_test_wait_until (finished_once, &f, 30000);

  fixture_clear (&f);
}

/* Quitting cancels a run; shutdown returns once it stopped, and nothing
 * starts afterwards. */
static void
test_shutdown_cancels (void)
{
  Fixture f = { 0 };
  gint64 start;

  f.sandbox = sandbox_start ("--seed", "demo", "--latency-ms", "500", NULL);
  fixture_init (&f, f.sandbox->endpoint, f.sandbox->credentials, "0");

  pd_sync_controller_start (f.controller);
  pd_test_wait_until (is_syncing, &f, 10000);
  g_assert_true (pd_sync_controller_is_running (f.controller));

  start = g_get_monotonic_time ();
  pd_sync_controller_shutdown (f.controller);
  g_assert_false (pd_sync_controller_is_running (f.controller));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (f.finished, ==, 1);
  g_assert_false (pd_sync_controller_sync_now (f.controller));

  fixture_clear (&f);
}

/* No endpoint: "not set up", quietly (a warning would fail the test),
 * no run; setting one in Preferences starts a sync. */
static void
test_not_configured (void)
{
  Fixture f = { 0 };

  f.sandbox = sandbox_start ("--seed", "empty", NULL);
  fixture_init (&f, NULL, f.sandbox->credentials, "0");

  pd_sync_controller_start (f.controller);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_NOT_CONFIGURED);
  g_assert_nonnull (pd_sync_controller_get_message (f.controller));
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 0);
  g_assert_false (pd_sync_controller_sync_now (f.controller));
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 0);

  set_setting (&f, "endpoint", f.sandbox->endpoint);
  g_assert_true (pd_sync_controller_is_running (f.controller));
  pd_test_wait_until (finished_once, &f, 30000);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_IDLE);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 1);

  fixture_clear (&f);
}

static void
assert_no_credentials_in_environment (void)
{
  g_auto(GStrv) environ_now = g_get_environ ();
  static const char * const names[] = {
    "PD_APP_KEY", "PD_APP_SECRET", "PD_ACCESS_TOKEN", "PD_REFRESH_TOKEN",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_null (g_getenv (names[i]));
      g_assert_null (g_environ_getenv (environ_now, names[i]));
    }
}

/* Issue 13.16: the session's PD_* credentials leave the environment once
 * the controller read them (a browser the app starts would inherit
 * them), also when only some were given (and so ignored). */
static void
test_environment_cleared (void)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdContext) context = NULL;
  g_autoptr(PdSyncController) controller = NULL;
  g_autoptr(PdSyncController) partial = NULL;
  g_autofree char *dir = NULL;

  store = test_store_new (&dir);
  context = pd_context_new (store);

  g_setenv ("PD_ENDPOINT", "http://127.0.0.1:9", TRUE);
  g_setenv ("PD_APP_KEY", "test-app-key", TRUE);
  g_setenv ("PD_APP_SECRET", "test-app-secret", TRUE);
  g_setenv ("PD_ACCESS_TOKEN", "TTP_test-access", TRUE);
  g_setenv ("PD_REFRESH_TOKEN", "TTR_test-refresh", TRUE);
  controller = pd_sync_controller_new (context);
  g_assert_true (pd_sync_controller_get_from_environment (controller));
  assert_no_credentials_in_environment ();

  g_setenv ("PD_APP_SECRET", "test-app-secret", TRUE);
  g_test_expect_message ("pd-sync-controller", G_LOG_LEVEL_WARNING, "*not all four*");
  partial = pd_sync_controller_new (context);
  g_test_assert_expected_messages ();
  assert_no_credentials_in_environment ();

  g_unsetenv ("PD_ENDPOINT");
  pd_sync_controller_shutdown (controller);
  pd_sync_controller_shutdown (partial);
  g_clear_object (&controller);
  g_clear_object (&partial);
  g_clear_object (&context);
  g_clear_object (&store);
  test_remove_tree (dir);
}

/* The keyring */

static gboolean
have_keyring (void)
{
  if (g_getenv ("PARTNERDESK_TEST_KEYRING") != NULL)
    return TRUE;
  pd_test_missing ("needs gnome-keyring-daemon on a session bus: run through tests/sync/keyring-session.sh "
                   "(Debian packages gnome-keyring and dbus)");
  return FALSE;
}

/* Without an item in the keyring: "not set up" (no bus and no keyring
 * say the same); once Preferences saved the credentials, a run. */
static void
test_keyring_credentials (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;

  if (!have_keyring ())
    return;

  f.sandbox = sandbox_start ("--seed", "empty", NULL);
  fixture_init (&f, NULL, NULL, "0");
  set_setting (&f, "endpoint", f.sandbox->endpoint);
  g_assert_false (pd_sync_controller_get_from_environment (f.controller));

  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished_once, &f, 10000);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_NOT_CONFIGURED);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 0);

  g_assert_true (pd_credentials_save_sync (f.sandbox->credentials, f.sandbox->endpoint, NULL, &error));
  g_assert_no_error (error);
  f.finished = 0;
  pd_store_emit_change (pd_context_get_store (f.context), PD_ENTITY_CREDENTIALS, NULL, PD_CHANGE_ORIGIN_WINDOW);
  pd_test_wait_until (finished_once, &f, 30000);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_IDLE);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 1);

  fixture_clear (&f);
}

/* Tokens a refresh replaced go back to the keyring; the next runs use
 * them (the old access token is refused by then). */
static void
test_keyring_refresh_saved (void)
{
  Fixture f = { 0 };
  g_autoptr(PdCredentials) saved = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_keyring ())
    return;

  f.sandbox = sandbox_start ("--seed", "empty", "--token-ttl", "60", NULL);
  fixture_init (&f, NULL, NULL, "0");
  set_setting (&f, "endpoint", f.sandbox->endpoint);
  g_assert_true (pd_credentials_save_sync (f.sandbox->credentials, f.sandbox->endpoint, NULL, &error));
  g_assert_no_error (error);

  /* The access token has expired by the time the run starts: the
   * sandbox's clock is moved past its lifetime. */
  sandbox_advance_clock (f.sandbox, 61);
  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished_once, &f, 30000);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_IDLE);
  g_assert_true (pd_sync_controller_get_last_summary (f.controller)->credentials_refreshed);

  /* Saved (shutdown waits for the keyring write). */
  pd_sync_controller_shutdown (f.controller);
  saved = pd_credentials_load_sync (f.sandbox->endpoint, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_credentials_is_complete (saved));
  g_assert_cmpstr (saved->app_key, ==, f.sandbox->credentials->app_key);
  g_assert_cmpstr (saved->access_token, !=, f.sandbox->credentials->access_token);
  g_assert_cmpstr (saved->refresh_token, !=, f.sandbox->credentials->refresh_token);

  /* A new session (a new controller) signs in with the saved tokens. */
  g_clear_object (&f.controller);
  f.finished = 0;
  f.controller = pd_sync_controller_new (f.context);
  g_signal_connect (f.controller, "finished", G_CALLBACK (on_finished_cb), &f);
  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished_once, &f, 30000);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_IDLE);

  fixture_clear (&f);
}

/* Runs partnerdesk-cli on the fixture's store, with the sandbox's
 * credentials in its environment (never on its command line); its
 * standard output. */
static char *
run_cli (Fixture    *f,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) sync_test_get_cli ());
  g_ptr_array_add (argv, (gpointer) "--store");
  g_ptr_array_add (argv, (gpointer) pd_store_get_path (pd_context_get_store (f->context)));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "PD_APP_KEY", f->sandbox->credentials->app_key, TRUE);
  env = g_environ_setenv (env, "PD_APP_SECRET", f->sandbox->credentials->app_secret, TRUE);
  env = g_environ_setenv (env, "PD_ACCESS_TOKEN", f->sandbox->credentials->access_token, TRUE);
  env = g_environ_setenv (env, "PD_REFRESH_TOKEN", f->sandbox->credentials->refresh_token, TRUE);
  env = g_environ_setenv (env, "PD_OPEN_APP_KEY", f->sandbox->open_app->app_key, TRUE);
  env = g_environ_setenv (env, "PD_OPEN_APP_SECRET", f->sandbox->open_app->app_secret, TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("partnerdesk-cli %s failed: %s", first, err);
  return g_steal_pointer (&out);
}

static gboolean
shop_read (gpointer data)
{
  Fixture *f = data;

  return test_store_count (pd_context_get_store (f->context),
                           "SELECT count(*) FROM open_api_figures WHERE gmv_read_at IS NOT NULL") > 0;
}

/* Issue 17: a seller authorizes through a link, the redirect URL is
 * pasted (here through the CLI), and the next sync of the app reads the
 * shop from the platform, with the Open API app's key and secret from
 * the keyring and the seller's tokens there too. */
static void
test_keyring_open_api_shops (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) approved = NULL;
  g_autofree char *url = NULL;
  g_autofree char *seller = NULL;
  g_autofree char *body = NULL;
  g_autofree char *connected = NULL;
  const char *state;

  if (!have_keyring ())
    return;

  f.sandbox = sandbox_start ("--seed", "demo", NULL);
  fixture_init (&f, NULL, NULL, "0");
  set_setting (&f, "endpoint", f.sandbox->endpoint);
  set_setting (&f, "open_api.auth_endpoint", f.sandbox->endpoint);
  set_setting (&f, "open_api.endpoint", f.sandbox->endpoint);
  g_assert_true (pd_credentials_save_sync (f.sandbox->credentials, f.sandbox->endpoint, NULL, &error));
  g_assert_true (pd_credentials_save_sync (f.sandbox->open_app, PD_OPEN_API_KEYRING_APP, NULL, &error));
  g_assert_no_error (error);

  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished_once, &f, 30000);
  g_assert_cmpint (test_store_count (pd_context_get_store (f.context), "SELECT count(*) FROM open_api_shops"), ==, 0);

  seller = test_store_text (pd_context_get_store (f.context),
                            "SELECT seller_id FROM stores WHERE store_status = 'normal'"
                            " AND inventory_countries != '' ORDER BY store_id LIMIT 1");
  url = run_cli (&f, "link", "authorization", "--service", "svc-eu-launch", "--seller", seller,
                 "--days", "30", NULL);
  g_strstrip (url);
  g_free (run_cli (&f, "sync", "--endpoint", f.sandbox->endpoint, NULL));
  state = strstr (url, "state=") + strlen ("state=");
  body = g_strdup_printf ("{\"state\":\"%s\"}", state);
  approved = sandbox_admin (f.sandbox, "POST", "/sandbox/open-api/approve", body);
  connected = run_cli (&f, "shop", "connect",
                       json_object_get_string_member (json_node_get_object (approved), "redirect_url"), NULL);
  g_assert_false (shop_read (&f));

  f.finished = 0;
  pd_sync_controller_sync_now (f.controller);
  pd_test_wait_until (shop_read, &f, 30000);
  g_assert_cmpint (test_store_count (pd_context_get_store (f.context),
                                     "SELECT count(*) FROM open_api_shops WHERE state = 'connected'"
                                     " AND last_read_at IS NOT NULL"), >, 0);

  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  /* The PD_* variables must not leak into the controllers under test. */
  g_unsetenv ("PD_ENDPOINT");
  g_unsetenv ("PD_APP_KEY");
  g_unsetenv ("PD_APP_SECRET");
  g_unsetenv ("PD_ACCESS_TOKEN");
  g_unsetenv ("PD_REFRESH_TOKEN");
  g_unsetenv ("PD_OPEN_APP_KEY");
  g_unsetenv ("PD_OPEN_APP_SECRET");

  g_test_init (&argc, &argv, NULL);
  sync_test_init (argc, argv);

  g_test_add_func ("/sync-controller/sync-at-start", test_sync_at_start);
  g_test_add_func ("/sync-controller/interval", test_interval);
  g_test_add_func ("/sync-controller/refused", test_refused);
  g_test_add_func ("/sync-controller/unreachable", test_unreachable);
  g_test_add_func ("/sync-controller/sync-now-while-running", test_sync_now_while_running);
  g_test_add_func ("/sync-controller/shutdown-cancels", test_shutdown_cancels);
  g_test_add_func ("/sync-controller/not-configured", test_not_configured);
  g_test_add_func ("/sync-controller/environment-cleared", test_environment_cleared);
  /* The keyring cases: the sync-controller-keyring test runs them under
   * keyring-session.sh, which sets PARTNERDESK_TEST_KEYRING. */
  if (g_getenv ("PARTNERDESK_TEST_KEYRING") != NULL)
    {
      g_test_add_func ("/sync-controller/keyring/credentials", test_keyring_credentials);
      g_test_add_func ("/sync-controller/keyring/refresh-saved", test_keyring_refresh_saved);
      g_test_add_func ("/sync-controller/keyring/open-api-shops", test_keyring_open_api_shops);
    }

  return g_test_run ();
}
