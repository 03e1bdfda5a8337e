/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <string.h>

#include "pd-credentials.h"
#include "sync-test-utils.h"
#include "../pd-test-prereq.h"

/* PdCredentials in a real keyring: gnome-keyring-daemon on a private
 * session bus (keyring-session.sh under dbus-run-session). */

static PdCredentials *
make (const char *suffix)
{
  PdCredentials *credentials = pd_credentials_new ();

  credentials->app_key = g_strconcat ("key-", suffix, NULL);
  credentials->app_secret = g_strconcat ("secret-", suffix, NULL);
  credentials->access_token = g_strconcat ("TTP_access-", suffix, NULL);
  credentials->refresh_token = g_strconcat ("TTR_refresh-", suffix, NULL);
  return credentials;
}

static void
assert_equal (const PdCredentials *a,
              const PdCredentials *b)
{
  g_assert_cmpstr (a->app_key, ==, b->app_key);
  g_assert_cmpstr (a->app_secret, ==, b->app_secret);
  g_assert_cmpstr (a->access_token, ==, b->access_token);
  g_assert_cmpstr (a->refresh_token, ==, b->refresh_token);
}

static gboolean
have_keyring (void)
{
  if (g_getenv ("PARTNERDESK_TEST_KEYRING") != NULL)
    return TRUE;
  pd_test_missing ("needs gnome-keyring-daemon on a session bus: run through tests/sync/keyring-session.sh "
                   "(Debian packages gnome-keyring and dbus)");
  return FALSE;
}

static void
test_store_and_load (void)
{
  g_autoptr(PdCredentials) first = make ("one");
  g_autoptr(PdCredentials) other = make ("two");
  g_autoptr(PdCredentials) loaded = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_keyring ())
    return;

  g_assert_true (pd_credentials_save_sync (first, "https://one.example", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_credentials_save_sync (other, "https://two.example", NULL, &error));
  g_assert_no_error (error);

  loaded = pd_credentials_load_sync ("https://one.example", NULL, &error);
  g_assert_no_error (error);
  assert_equal (loaded, first);
  g_assert_true (pd_credentials_is_complete (loaded));
  g_clear_pointer (&loaded, pd_credentials_free);

  /* Another endpoint's credentials are its own. */
  loaded = pd_credentials_load_sync ("https://two.example", NULL, &error);
  assert_equal (loaded, other);
  g_clear_pointer (&loaded, pd_credentials_free);
  loaded = pd_credentials_load_sync ("https://none.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (pd_credentials_is_complete (loaded));
  g_assert_null (loaded->app_secret);
  g_clear_pointer (&loaded, pd_credentials_free);

  /* Saving again replaces; an empty field is removed. */
  g_free (first->access_token);
  first->access_token = g_strdup ("TTP_rotated");
  g_clear_pointer (&first->refresh_token, g_free);
  g_assert_true (pd_credentials_save_sync (first, "https://one.example", NULL, &error));
  g_assert_no_error (error);
  loaded = pd_credentials_load_sync ("https://one.example", NULL, &error);
  g_assert_cmpstr (loaded->access_token, ==, "TTP_rotated");
  g_assert_null (loaded->refresh_token);
  g_assert_false (pd_credentials_is_complete (loaded));
}

typedef struct
{
  GMainLoop     *loop;
  PdCredentials *loaded;
  gboolean       saved;
} AsyncRun;

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->saved = pd_credentials_save_finish (result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (run->loop);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->loaded = pd_credentials_load_finish (result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (run->loop);
}

static void
test_async (void)
{
  g_autoptr(PdCredentials) credentials = make ("async");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncRun run = { loop, NULL, FALSE };

  if (!have_keyring ())
    return;

  pd_credentials_save_async (credentials, "https://async.example", NULL, on_saved_cb, &run);
  g_main_loop_run (loop);
  g_assert_true (run.saved);
  pd_credentials_load_async ("https://async.example", NULL, on_loaded_cb, &run);
  g_main_loop_run (loop);
  assert_equal (run.loaded, credentials);
  pd_credentials_free (run.loaded);
}

/* partnerdesk-cli sync without PD_* variables: credentials from the
 * keyring, and the tokens a refresh issues go back there. */
static void
test_cli_with_keyring (void)
{
  g_autoptr(Sandbox) sandbox = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(PdCredentials) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *dir = NULL;

  if (!have_keyring ())
    return;

  sandbox = sandbox_start ("--token-ttl", "60", NULL);
  g_assert_true (pd_credentials_save_sync (sandbox->credentials, sandbox->endpoint, NULL, &error));
  g_assert_no_error (error);
  store = test_store_new (&dir);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  for (const char * const *v = (const char * const []) { "PD_APP_KEY", "PD_APP_SECRET", "PD_ACCESS_TOKEN",
                                                          "PD_REFRESH_TOKEN", NULL }; *v != NULL; v++)
    g_subprocess_launcher_unsetenv (launcher, *v);

  for (guint run = 0; run < 3; run++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *output = NULL;

      /* The second run finds the access token expired: the sandbox's
       * clock is moved past its lifetime. */
      if (run == 1)
        sandbox_advance_clock (sandbox, 61);
      process = g_subprocess_launcher_spawn (launcher, &error, sync_test_get_cli (),
                                             "--store", pd_store_get_path (store), "sync",
                                             "--endpoint", sandbox->endpoint, "--json", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("run %u: %s", run, output);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      g_assert_nonnull (strstr (output, run == 1 ? "\"tokens_refreshed\":true" : "\"tokens_refreshed\":false"));
      g_assert_null (strstr (output, sandbox->credentials->app_secret));
      g_assert_null (strstr (output, sandbox->credentials->access_token));
      g_assert_null (strstr (output, "TTR_"));
      g_assert_null (strstr (output, "TTP_"));
    }

  after = pd_credentials_load_sync (sandbox->endpoint, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_credentials_is_complete (after));
  g_assert_cmpstr (after->app_secret, ==, sandbox->credentials->app_secret);
  g_assert_cmpstr (after->access_token, !=, sandbox->credentials->access_token);
  g_assert_cmpstr (after->refresh_token, !=, sandbox->credentials->refresh_token);
  test_assert_store_equals_sandbox (store, sandbox);

  g_clear_object (&store);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sync_test_init (argc, argv);

  g_test_add_func ("/sync/keyring/store-and-load", test_store_and_load);
  g_test_add_func ("/sync/keyring/async", test_async);
  g_test_add_func ("/sync/keyring/cli", test_cli_with_keyring);
  return g_test_run ();
}
