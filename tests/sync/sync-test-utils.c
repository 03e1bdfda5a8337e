/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "pd-decoded-change.h"
#include "pd-json-doc.h"
#include "pd-store-private.h"
#include "pd-sync-client-private.h"
#include "sync-test-utils.h"

static char *sandbox_path;
static char *cli_path;

void
sync_test_init (int    argc,
                char **argv)
{
  /* g_test_init() has removed its own options: what is left are ours. */
  if (argc > 1)
    sandbox_path = g_canonicalize_filename (argv[1], NULL);
  if (argc > 2)
    cli_path = g_canonicalize_filename (argv[2], NULL);
}

const char *
sync_test_get_sandbox (void)
{
  return sandbox_path;
}

const char *
sync_test_get_cli (void)
{
  return cli_path;
}

void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* The sandbox must not outlive a test that crashes or times out. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static char *
word_value (char       **words,
            const char  *name)
{
  gsize n = strlen (name);

  for (guint i = 0; words[i] != NULL; i++)
    if (strncmp (words[i], name, n) == 0 && words[i][n] == '=')
      return g_strdup (words[i] + n + 1);
  return NULL;
}

Sandbox *
sandbox_start (const char *first_arg,
               ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) words = NULL;
  Sandbox *sandbox = g_new0 (Sandbox, 1);
  const char *arg;
  va_list ap;

  g_assert_nonnull (sandbox_path);
  sandbox->dir = g_dir_make_tmp ("pd-sync-sandbox-XXXXXX", &error);
  g_assert_no_error (error);

  g_ptr_array_add (args, g_strdup (sandbox_path));
  g_ptr_array_add (args, g_strdup ("--listen"));
  g_ptr_array_add (args, g_strdup ("127.0.0.1:0"));
  g_ptr_array_add (args, g_strdup ("--data"));
  g_ptr_array_add (args, g_strdup (sandbox->dir));
  g_ptr_array_add (args, g_strdup ("--admin"));
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  log = g_build_filename (sandbox->dir, "stderr.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sandbox->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox->process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "PD_ENDPOINT="))
    {
      g_autofree char *stderr_text = NULL;

      g_file_get_contents (log, &stderr_text, NULL, NULL);
      g_error ("The sandbox did not start: %s", stderr_text != NULL ? stderr_text : "(no output)");
    }

  words = g_strsplit (g_strstrip (line), " ", -1);
  sandbox->endpoint = word_value (words, "PD_ENDPOINT");
  sandbox->credentials = pd_credentials_new ();
  sandbox->credentials->app_key = word_value (words, "PD_APP_KEY");
  sandbox->credentials->app_secret = word_value (words, "PD_APP_SECRET");
  sandbox->credentials->access_token = word_value (words, "PD_ACCESS_TOKEN");
  sandbox->credentials->refresh_token = word_value (words, "PD_REFRESH_TOKEN");
  g_assert_true (pd_credentials_is_complete (sandbox->credentials));
  sandbox->open_app = pd_credentials_new ();
  sandbox->open_app->app_key = word_value (words, "PD_OPEN_APP_KEY");
  sandbox->open_app->app_secret = word_value (words, "PD_OPEN_APP_SECRET");
  return sandbox;
}

void
sandbox_stop (Sandbox *sandbox)
{
  if (sandbox == NULL)
    return;
  if (sandbox->process != NULL)
    {
      g_subprocess_send_signal (sandbox->process, SIGTERM);
      g_subprocess_wait (sandbox->process, NULL, NULL);
      g_clear_object (&sandbox->process);
    }
  test_remove_tree (sandbox->dir);
  g_free (sandbox->dir);
  g_free (sandbox->endpoint);
  pd_credentials_free (sandbox->credentials);
  pd_credentials_free (sandbox->open_app);
  g_free (sandbox);
}

JsonNode *
sandbox_admin (Sandbox    *sandbox,
               const char *method,
               const char *path,
               const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (sandbox->endpoint, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &length);
  if (soup_message_get_status (msg) != 200)
    g_error ("%s %s: %u %.*s", method, path, soup_message_get_status (msg), (int) length, data);
  json_parser_load_from_data (parser, data, (gssize) length, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

void
sandbox_advance_clock (Sandbox *sandbox,
                       guint    seconds)
{
  g_autofree char *body = g_strdup_printf ("{\"advance_seconds\":%u}", seconds);
  g_autoptr(JsonNode) answer = sandbox_admin (sandbox, "POST", "/sandbox/clock", body);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "offset_seconds"), >=, seconds);
}

JsonArray *
sandbox_objects (Sandbox    *sandbox,
                 const char *type)
{
  g_autofree char *path = type != NULL ? g_strdup_printf ("/sandbox/objects?type=%s", type)
                                       : g_strdup ("/sandbox/objects");
  g_autoptr(JsonNode) root = sandbox_admin (sandbox, "GET", path, NULL);

  return json_array_ref (json_object_get_array_member (json_node_get_object (root), "objects"));
}

char *
sandbox_db_path (Sandbox *sandbox)
{
  return g_build_filename (sandbox->dir, "sandbox.db", NULL);
}

PdStore *
test_store_new (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-sync-store-XXXXXX", &error);
  g_autofree char *path = NULL;
  PdStore *store;

  g_assert_no_error (error);
  path = g_build_filename (dir, "store.db", NULL);
  store = pd_store_open (path, &error);
  g_assert_no_error (error);
  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&dir);
  return store;
}

gint64
test_store_count (PdStore    *store,
                  const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

char *
test_store_text (PdStore    *store,
                 const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

char *
test_store_fingerprint (PdStore *store)
{
  static const char * const tables[] = {
    "programs", "target_merchants", "links", "stores", "exchange_rates", "service_categories",
    "services", "seller_requests", "authorizations", "payouts",
  };
  GString *out = g_string_new (NULL);
  g_autofree char *state = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) || '/' || total (version) FROM %s", tables[i]);
      g_autofree char *value = test_store_text (store, sql);

      g_string_append_printf (out, "%s=%s ", tables[i], value);
    }
  g_string_append_printf (out, "outbox=%" G_GINT64_FORMAT " tombstones=%" G_GINT64_FORMAT " ",
                          test_store_count (store, "SELECT count(*) FROM outbox"),
                          test_store_count (store, "SELECT count(*) FROM tombstones"));
  state = test_store_text (store, "SELECT group_concat (key || '=' || value, ' ') FROM"
                                  " (SELECT key, value FROM sync_state"
                                  "  WHERE key NOT IN ('last_sync_at', 'last_sync_result') ORDER BY key)");
  g_string_append (out, state != NULL ? state : "(no sync state)");
  return g_string_free (out, FALSE);
}

static const struct
{
  const char *type;
  const char *query;  /* id, version of every row the sandbox's objects must match */
} tables[] = {
  { "program", "SELECT id, version FROM programs WHERE source = 'sync'" },
  { "fx_rate", "SELECT currency, version FROM exchange_rates" },
  { "target_merchant", "SELECT program_id || ':' || seller_id, version FROM target_merchants WHERE left_at IS NULL" },
  { "store", "SELECT store_id, version FROM stores" },
  { "link", "SELECT token, version FROM links" },
  { "service_category", "SELECT id, version FROM service_categories" },
  { "service", "SELECT id, version FROM services" },
  { "seller_request", "SELECT id, version FROM seller_requests" },
  { "authorization", "SELECT id, version FROM authorizations" },
  { "payout", "SELECT id, version FROM payouts" },
};

/* The store holds exactly the sandbox's live objects, each in the
 * sandbox's version. */
void
test_assert_store_equals_sandbox (PdStore *store,
                                  Sandbox *sandbox)
{
  g_autoptr(JsonArray) objects = sandbox_objects (sandbox, NULL);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      g_hash_table_insert (expected,
                           g_strdup_printf ("%s/%s", json_object_get_string_member (object, "type"),
                                            json_object_get_string_member (object, "id")),
                           GINT_TO_POINTER ((gint) json_object_get_int_member (object, "version")));
    }

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, tables[t].query, NULL);
      int rc;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autofree char *key = g_strdup_printf ("%s/%s", tables[t].type,
                                                  (const char *) sqlite3_column_text (stmt, 0));
          gpointer version;

          if (!g_hash_table_lookup_extended (expected, key, NULL, &version))
            g_error ("the store has %s, the sandbox does not", key);
          g_assert_cmpint (GPOINTER_TO_INT (version), ==, sqlite3_column_int (stmt, 1));
          g_hash_table_remove (expected, key);
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
    }
  if (g_hash_table_size (expected) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, expected);
      g_hash_table_iter_next (&iter, &key, NULL);
      g_error ("%u sandbox objects are missing from the store, such as %s",
               g_hash_table_size (expected), (const char *) key);
    }
}

typedef struct
{
  GMainLoop     *loop;
  PdSyncSummary *summary;
  GError       **error;
  gboolean       ok;
} RunSync;

static void
on_sync_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RunSync *run = user_data;

  run->ok = pd_sync_client_run_finish (PD_SYNC_CLIENT (source), result, run->summary, run->error);
  g_main_loop_quit (run->loop);
}

gboolean
test_run_sync (PdSyncClient   *client,
               GCancellable   *cancellable,
               PdSyncSummary  *summary,
               GError        **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  PdSyncSummary ignored;
  RunSync run = { loop, summary != NULL ? summary : &ignored, error, FALSE };

  pd_sync_client_run_async (client, cancellable, on_sync_done_cb, &run);
  g_main_loop_run (loop);
  return run.ok;
}

void
store_fixture_set_up (StoreFixture  *f,
                      gconstpointer  data)
{
  f->store = test_store_new (&f->dir);
}

void
store_fixture_tear_down (StoreFixture  *f,
                         gconstpointer  data)
{
  g_clear_object (&f->store);
  test_remove_tree (f->dir);
  g_free (f->dir);
}

PdSyncClient *
test_client_new (PdStore *store,
                 Sandbox *sandbox,
                 double   delay_scale)
{
  PdSyncClient *client = pd_sync_client_new (store, sandbox->endpoint, sandbox->credentials);

  pd_sync_client_set_delay_scale (client, delay_scale);
  return client;
}

void
test_sync_ok (PdSyncClient  *client,
              PdSyncSummary *summary)
{
  g_autoptr(GError) error = NULL;

  if (!test_run_sync (client, NULL, summary, &error))
    g_error ("sync failed: %s", error->message);
}

void
applier_fixture_set_up (ApplierFixture *f,
                        gconstpointer   data)
{
  f->store = test_store_new (&f->dir);
  f->applier = pd_change_applier_new (f->store);
}

void
applier_fixture_tear_down (ApplierFixture *f,
                           gconstpointer   data)
{
  g_clear_object (&f->applier);
  g_clear_object (&f->store);
  test_remove_tree (f->dir);
  g_free (f->dir);
}

gboolean
test_apply_json (ApplierFixture *f,
                 const char     *json,
                 GError        **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(PdJsonDoc) doc = pd_json_doc_parse ("GET /v1/changes", bytes, error);
  g_autoptr(PdDecodedChange) change = NULL;
  gboolean applied = FALSE;

  if (doc == NULL)
    return FALSE;
  change = pd_decoded_change_new_from_feed (doc, pd_json_doc_get_root (doc), "GET /v1/changes: changes[0]", error);
  if (change == NULL)
    return FALSE;
  g_assert_true (pd_store_begin (f->store, NULL));
  g_assert_true (pd_change_applier_begin (f->applier, NULL));
  if (!pd_change_applier_apply (f->applier, change, &applied, error))
    {
      pd_store_rollback (f->store);
      return FALSE;
    }
  g_assert_true (pd_store_commit (f->store, NULL));
  return applied;
}
