/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "pd-outbox.h"
#include "pd-store-private.h"
#include "sync-test-utils.h"

/* partnerdesk-cli sync as it runs for real, killed with SIGKILL at the
 * worst moments: every change reaches the platform exactly once in
 * effect, and the store is never damaged nor half-applied. */

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define DEMO_CHANGES SYNC_TEST_DEMO_CHANGES

static GSubprocessLauncher *
cli_launcher (Sandbox         *sandbox,
              GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "PD_APP_KEY", sandbox->credentials->app_key, TRUE);
  g_subprocess_launcher_setenv (launcher, "PD_APP_SECRET", sandbox->credentials->app_secret, TRUE);
  g_subprocess_launcher_setenv (launcher, "PD_ACCESS_TOKEN", sandbox->credentials->access_token, TRUE);
  g_subprocess_launcher_setenv (launcher, "PD_REFRESH_TOKEN", sandbox->credentials->refresh_token, TRUE);
  return launcher;
}

static GSubprocess *
spawn_sync (GSubprocessLauncher *launcher,
            Sandbox             *sandbox,
            const char          *store_path)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process = g_subprocess_launcher_spawn (launcher, &error, sync_test_get_cli (),
                                                      "--store", store_path, "sync",
                                                      "--endpoint", sandbox->endpoint, NULL);

  g_assert_no_error (error);
  return process;
}

/* Secrets never reach the output, whatever happened. */
static void
assert_no_secrets (Sandbox    *sandbox,
                   const char *output)
{
  if (output == NULL)
    return;
  g_assert_null (strstr (output, sandbox->credentials->app_secret));
  g_assert_null (strstr (output, sandbox->credentials->access_token));
  g_assert_null (strstr (output, sandbox->credentials->refresh_token));
  g_assert_null (strstr (output, "sign="));
}

static gint64
count_rows (const char *store_path,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (store_path, &error);

  g_assert_no_error (error);
  return test_store_count (store, sql);
}

static void
test_exactly_once (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--fail-rate", "0.3", "--fault-seed", "20261", NULL);
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher (sandbox, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                    G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) applied_count = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  JsonArray *records;
  guint killed = 0, runs = 0;

  /* 200 links made by the agency, each with its outbox entry, in one
   * transaction each, as the link feature does. */
  store = test_store_new (&dir);
  store_path = g_strdup (pd_store_get_path (store));
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_auto(GStrv) parts = g_strsplit (uuid, "-", -1);
      g_autofree char *token = g_strjoinv ("", parts);
      g_autofree char *seller = g_strdup_printf ("7100%012u", i);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      g_assert_true (pd_store_begin (store, NULL));
      stmt = pd_store_prepare (store,
                               "INSERT INTO links (token, kind, state, seller_id, market, program_id,"
                               "                   created_at, staff, version)"
                               " VALUES (?1, 'onboarding', 'active', ?2, 'EU', '" PROGRAM "', ?3, 'Tester', 0)",
                               &error);
      g_assert_no_error (error);
      sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, seller, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      g_assert_true (pd_outbox_enqueue_link_create (store, token, "EU", seller, PROGRAM, 0, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (pd_store_commit (store, NULL));
      g_ptr_array_add (tokens, g_steal_pointer (&token));
    }
  {
    g_autoptr(GPtrArray) items = pd_outbox_list (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (items->len, ==, 200);
    for (guint i = 0; i < items->len; i++)
      g_ptr_array_add (keys, g_strdup (((PdOutboxItem *) g_ptr_array_index (items, i))->idempotency_key));
  }
  g_clear_object (&store);

  /* 30% of the platform's answers are 503 (its own fault injection). The
   * CLI is killed right after a response arrived, before it could record
   * anything, eight times, then run until the outbox is empty. */
  g_subprocess_launcher_setenv (launcher, "PARTNERDESK_TEST_SYNC_DELAY_SCALE", "0.05", TRUE);
  for (runs = 0; runs < 60; runs++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *output = NULL;
      gboolean kill = runs < 8;

      if (kill)
        {
          g_autofree char *after = g_strdup_printf ("%d", g_test_rand_int_range (2, 30));

          g_subprocess_launcher_setenv (launcher, "PARTNERDESK_TEST_SYNC_KILL_AFTER", after, TRUE);
        }
      else
        g_subprocess_launcher_unsetenv (launcher, "PARTNERDESK_TEST_SYNC_KILL_AFTER");

      process = spawn_sync (launcher, sandbox, store_path);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
      g_assert_no_error (error);
      assert_no_secrets (sandbox, output);

      if (g_subprocess_get_if_signaled (process))
        {
          g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
          g_assert_true (kill);
          killed++;
          continue;
        }
      g_test_message ("run %u: exit %d: %s", runs, g_subprocess_get_exit_status (process), output);
      if (g_subprocess_get_exit_status (process) == 0 &&
          count_rows (store_path, "SELECT count(*) FROM outbox") == 0)
        break;
    }
  g_test_message ("%u runs, %u killed", runs + 1, killed);
  g_assert_cmpuint (killed, >=, 6);
  g_assert_cmpint (count_rows (store_path, "SELECT count(*) FROM outbox"), ==, 0);

  /* Each key applied exactly once on the platform. */
  applied = sandbox_admin (sandbox, "GET", "/sandbox/applied", NULL);
  records = json_object_get_array_member (json_node_get_object (applied), "applied");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      const char *key = json_object_get_string_member (record, "idempotency_key");

      g_hash_table_insert (applied_count, (gpointer) key,
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (applied_count, key)) + 1));
    }
  g_assert_cmpuint (json_array_get_length (records), ==, 200);
  for (guint i = 0; i < keys->len; i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (applied_count, g_ptr_array_index (keys, i))), ==, 1);

  /* The store ends equal to the platform, our links with their URL and
   * still their staff. */
  store = pd_store_open (store_path, &error);
  g_assert_no_error (error);
  test_assert_store_equals_sandbox (store, sandbox);
  g_assert_cmpint (test_store_count (store, "SELECT count(*) FROM links WHERE staff = 'Tester'"
                                            " AND url LIKE '%pd_ref=%' AND version >= 1"), ==, 200);
}

/* The cursor is opaque to the client; this test knows the sandbox's:
 * base64url of "v1.<epoch>.<generation>.<seq>". */
static gint64
cursor_seq (const char *cursor)
{
  g_autoptr(GString) standard = g_string_new (cursor);
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  const char *dot;
  gsize length;

  if (cursor == NULL)
    return 0;
  g_string_replace (standard, "-", "+", 0);
  g_string_replace (standard, "_", "/", 0);
  while (standard->len % 4 != 0)
    g_string_append_c (standard, '=');
  raw = g_base64_decode (standard->str, &length);
  text = g_strndup ((const char *) raw, length);
  dot = strrchr (text, '.');
  g_assert_nonnull (dot);
  return g_ascii_strtoll (dot + 1, NULL, 10);
}

static void
assert_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_kill_during_apply (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher (sandbox, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                    G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  guint killed = 0, moved = 0, runs;
  gint64 previous, duration = 0;

  store = test_store_new (&dir);
  store_path = g_strdup (pd_store_get_path (store));
  g_clear_object (&store);
  g_subprocess_launcher_setenv (launcher, "PARTNERDESK_TEST_SYNC_PAGE_LIMIT", "100", TRUE);

  /* How long a run of 3,000 new changes takes on this machine: the kills
   * below land between its start-up and its end, while pages are applied. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) seeded = sandbox_admin (sandbox, "POST", "/sandbox/seed-bulk", "{\"changes\": 3000}");
      g_autoptr(GSubprocess) process = spawn_sync (launcher, sandbox, store_path);
      gint64 start = g_get_monotonic_time ();

      g_subprocess_wait_check (process, NULL, &error);
      g_assert_no_error (error);
      duration = g_get_monotonic_time () - start;
    }
  g_test_message ("a run of 3,000 changes takes %" G_GINT64_FORMAT " ms", duration / 1000);
  store = pd_store_open (store_path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *cursor = test_store_text (store, "SELECT value FROM sync_state WHERE key = 'cursor'");

    previous = cursor_seq (cursor);
  }
  g_clear_object (&store);

  /* Until 50 runs were killed (a run that ends first does not count) and
   * at least 25 of the kills landed after a page was applied (the cursor
   * moved): on a loaded machine more kills land during start-up, so the
   * test goes on rather than failing, up to 200 runs. */
  for (runs = 0; (killed < 50 || moved < 25) && runs < 200; runs++)
    {
      g_autoptr(JsonNode) seeded = sandbox_admin (sandbox, "POST", "/sandbox/seed-bulk", "{\"changes\": 3000}");
      g_autoptr(GSubprocess) process = spawn_sync (launcher, sandbox, store_path);
      g_autofree char *cursor = NULL;
      gint64 seq, bulk_rows;

      g_usleep ((gulong) g_test_rand_double_range (0.3 * duration, 0.95 * duration));
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (process))
        killed++;

      assert_integrity (store_path);

      /* Each page was applied with its cursor or not at all: the rows of
       * the bulk changes are exactly those before the cursor. */
      store = pd_store_open (store_path, &error);
      g_assert_no_error (error);
      cursor = test_store_text (store, "SELECT value FROM sync_state WHERE key = 'cursor'");
      seq = cursor_seq (cursor);
      bulk_rows = test_store_count (store, "SELECT count(*) FROM target_merchants WHERE seller_id LIKE '79%'");
      g_assert_cmpint (bulk_rows, ==, MAX (0, seq - DEMO_CHANGES));
      if (seq != previous)
        moved++;
      previous = seq;
      g_clear_object (&store);
    }
  g_test_message ("%u runs: %u killed, the cursor moved in %u", runs, killed, moved);
  g_assert_cmpuint (killed, >=, 50);
  g_assert_cmpuint (moved, >=, 25);

  /* A last run converges. */
  {
    g_autoptr(GSubprocess) process = NULL;

    g_clear_object (&launcher);
    launcher = cli_launcher (sandbox, G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
    process = spawn_sync (launcher, sandbox, store_path);
    g_subprocess_wait_check (process, NULL, &error);
    g_assert_no_error (error);
  }
  store = pd_store_open (store_path, &error);
  g_assert_no_error (error);
  test_assert_store_equals_sandbox (store, sandbox);
}

typedef struct
{
  int   status;
  char *output;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_free (run->output);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static void
run_cli (GSubprocessLauncher *launcher,
         CliRun              *run,
         const char          *first_arg,
         ...) G_GNUC_NULL_TERMINATED;

static void
run_cli (GSubprocessLauncher *launcher,
         CliRun              *run,
         const char          *first_arg,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (args, (gpointer) sync_test_get_cli ());
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->output, NULL, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

/* Usage errors exit 2, failures 1 with a clear message, never a secret. */
static void
test_cli_errors (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher (sandbox, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                    G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(PdStore) store = NULL;
  g_autofree char *dir = NULL;
  const char *path;

  store = test_store_new (&dir);
  path = pd_store_get_path (store);
  g_subprocess_launcher_setenv (launcher, "PARTNERDESK_TEST_SYNC_DELAY_SCALE", "0.01", TRUE);

  {
    g_auto(CliRun) run = { 0 };

    run_cli (launcher, &run, "--store", path, "sync", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.output, "no platform endpoint"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (launcher, &run, "--store", path, "sync", "--endpoint", "ftp://example.com", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.output, "endpoint"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (launcher, &run, "--store", path, "sync", "--endpoint", sandbox->endpoint, "--bogus", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.output, "unknown argument “--bogus”"));
    g_assert_nonnull (strstr (run.output, "sync [--endpoint URL]"));
  }
  {
    g_auto(CliRun) run = { 0 };

    g_subprocess_launcher_unsetenv (launcher, "PD_ACCESS_TOKEN");
    run_cli (launcher, &run, "--store", path, "sync", "--endpoint", sandbox->endpoint, NULL);
    g_subprocess_launcher_setenv (launcher, "PD_ACCESS_TOKEN", sandbox->credentials->access_token, TRUE);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.output, "PD_ACCESS_TOKEN not set"));
    assert_no_secrets (sandbox, run.output);
  }
  {
    g_auto(CliRun) run = { 0 };

    /* Nothing listens there. */
    run_cli (launcher, &run, "--store", path, "sync", "--endpoint", "http://127.0.0.1:9", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.output, "GET /v1/partner: cannot reach the platform at http://127.0.0.1:9"));
    assert_no_secrets (sandbox, run.output);
  }
  {
    g_auto(CliRun) run = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonObject *result;

    g_subprocess_launcher_setenv (launcher, "PD_APP_SECRET", "wrong-secret", TRUE);
    run_cli (launcher, &run, "--store", path, "sync", "--endpoint", sandbox->endpoint, "--json", NULL);
    g_subprocess_launcher_setenv (launcher, "PD_APP_SECRET", sandbox->credentials->app_secret, TRUE);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_null (strstr (run.output, "wrong-secret"));
    assert_no_secrets (sandbox, run.output);
    /* The JSON line first, then the message on stderr. */
    *strchr (run.output, '\n') = '\0';
    g_assert_true (json_parser_load_from_data (parser, run.output, -1, &error));
    result = json_node_get_object (json_parser_get_root (parser));
    g_assert_false (json_object_get_boolean_member (result, "ok"));
    g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "bad_signature"));
  }
  {
    g_auto(CliRun) run = { 0 };
    g_autofree char *synced = g_strdup_printf ("Synced: 1 page, %d changes applied", DEMO_CHANGES);

    run_cli (launcher, &run, "--store", path, "sync", "--endpoint", sandbox->endpoint, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.output, synced));
    assert_no_secrets (sandbox, run.output);
  }
  g_clear_object (&store);
  test_remove_tree (dir);
}

static void G_GNUC_UNUSED
skip_without_test_hooks (void)
{
  g_test_skip ("needs the CLI's PARTNERDESK_TEST_SYNC_* hooks: a build without test hooks"
               " (meson -Dtest_hooks)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sync_test_init (argc, argv);

#if !PD_TEST_HOOKS
  /* They drive the CLI through PARTNERDESK_TEST_SYNC_*. */
  g_test_add_func ("/sync/faults/skipped", skip_without_test_hooks);
  return g_test_run ();
#endif
  g_test_add_func ("/sync/faults/exactly-once", test_exactly_once);
  g_test_add_func ("/sync/faults/kill-during-apply", test_kill_during_apply);
  g_test_add_func ("/sync/cli/errors", test_cli_errors);
  return g_test_run ();
}
