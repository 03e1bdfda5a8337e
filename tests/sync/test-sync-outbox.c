/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "pd-outbox.h"
#include "pd-store-links.h"
#include "pd-store-private.h"
#include "pd-sync-client-private.h"
#include "sync-test-utils.h"

/* The outbox against the sandbox's fault rules (POST /sandbox/faults
 * {"rules": [...]}), aimed at one endpoint: an endpoint that keeps
 * failing holds back neither the rest of the outbox nor the feed, and a
 * response lost after the platform applied the change is not applied
 * twice. */

#define PROGRAM "eu-jp-pop-partner-2026q1"

/* The shared store fixture (sync-test-utils.h); clients wait a hundredth of the
 * real retry delays. */
typedef StoreFixture Fixture;

static void
set_rules (Sandbox    *sandbox,
           const char *rules)
{
  g_autofree char *body = g_strdup_printf ("{\"rules\": %s}", rules);
  g_autoptr(JsonNode) answer = sandbox_admin (sandbox, "POST", "/sandbox/faults", body);

  g_assert_nonnull (answer);
}

/* An onboarding link made by the agency, with its outbox entry, in one
 * transaction, as the link feature does. Returns its token. */
static char *
add_onboarding_link (PdStore *store,
                     guint    n)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_auto(GStrv) parts = g_strsplit (uuid, "-", -1);
  g_autofree char *token = g_strjoinv ("", parts);
  g_autofree char *seller = g_strdup_printf ("7200%012u", n);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

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
  return g_steal_pointer (&token);
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

static gint64
local_seq (PdStore *store)
{
  g_autofree char *cursor = test_store_text (store, "SELECT value FROM sync_state WHERE key = 'cursor'");

  return cursor_seq (cursor);
}

static gint64
sandbox_last_seq (Sandbox *sandbox)
{
  g_autoptr(JsonNode) answer = sandbox_admin (sandbox, "GET", "/sandbox/objects?type=program", NULL);

  return json_object_get_int_member (json_node_get_object (answer), "last_seq");
}

/* How many times the platform applied a request with @key. */
static guint
applied_count (Sandbox    *sandbox,
               const char *key)
{
  g_autoptr(JsonNode) applied = sandbox_admin (sandbox, "GET", "/sandbox/applied", NULL);
  JsonArray *records = json_object_get_array_member (json_node_get_object (applied), "applied");
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (records); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (records, i),
                                                  "idempotency_key"), key) == 0)
      count++;
  return count;
}

static PdOutboxItem *
outbox_item_for (PdStore    *store,
                 const char *subject_id)
{
  g_autoptr(GPtrArray) items = pd_outbox_list (store, NULL);

  g_assert_nonnull (items);
  for (guint i = 0; i < items->len; i++)
    {
      PdOutboxItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->subject_id, subject_id) == 0)
        return pd_outbox_item_copy (item);
    }
  return NULL;
}

/* POST /v1/authorization-links fails every time (500): the authorization
 * link's entry stays pending with its error, the revocation queued
 * behind it waits (order of one subject), the onboarding link after it
 * is sent, the feed is pulled to its end, and the run says what was not
 * sent. Once the endpoint works again everything goes out. */
static void
test_failing_endpoint (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.01);
  g_autoptr(PdLink) link = NULL;
  g_autoptr(PdOutboxItem) held = NULL;
  g_autoptr(JsonNode) advanced = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *service = NULL;
  g_autofree char *onboarding = NULL;
  g_autofree char *sql = NULL;
  PdSyncSummary summary;
  gint64 last_seq;

  test_sync_ok (client, &summary);
  service = test_store_text (f->store, "SELECT id FROM services ORDER BY id LIMIT 1");
  g_assert_nonnull (service);
  g_assert_true (pd_store_link_authorization (f->store, service, NULL, 30, "Tester", &link, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_link_revoke (f->store, link->token, &error));
  g_assert_no_error (error);
  onboarding = add_onboarding_link (f->store, 1);

  set_rules (sandbox, "[{\"method\": \"POST\", \"path_prefix\": \"/v1/authorization-links\","
                      " \"action\": \"fail\"}]");
  advanced = sandbox_admin (sandbox, "POST", "/sandbox/advance",
                            "{\"new_stores\": 2, \"gmv_updates\": 3}");
  last_seq = json_object_get_int_member (json_node_get_object (advanced), "last_seq");

  g_assert_false (test_run_sync (client, NULL, &summary, &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "POST /v1/authorization-links"));
  g_assert_nonnull (strstr (error->message, "stays queued"));
  g_clear_error (&error);
  /* The other entry went out; the feed was pulled to its end. */
  g_assert_cmpuint (summary.outbox_sent, ==, 1);
  g_assert_cmpuint (summary.outbox_remaining, ==, 2);
  g_assert_cmpuint (summary.changes_applied, >, 0);
  g_assert_cmpint (local_seq (f->store), >=, last_seq);
  g_assert_cmpint (local_seq (f->store), ==, sandbox_last_seq (sandbox));
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE subject_id = '%s'", onboarding);
  g_assert_cmpint (test_store_count (f->store, sql), ==, 0);
  /* The failing entry is visible with its error, still pending. */
  held = outbox_item_for (f->store, link->token);
  g_assert_nonnull (held);
  g_assert_cmpstr (held->path, ==, "/v1/authorization-links");
  g_assert_cmpint (held->state, ==, PD_OUTBOX_STATE_PENDING);
  g_assert_nonnull (held->last_error);
  g_assert_nonnull (strstr (held->last_error, "500"));

  set_rules (sandbox, "[]");
  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.outbox_sent, ==, 2);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM outbox"), ==, 0);
  test_assert_store_equals_sandbox (f->store, sandbox);
}

/* The platform applies POST /v1/links but its response is lost (cut
 * short, the connection closed) on every attempt of a run: the entry is
 * recorded as failed-for-now, keeps its Idempotency-Key, and the next
 * run's request is answered as a replay: applied once. */
static void
test_lost_response (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.01);
  g_autoptr(PdOutboxItem) before = NULL;
  g_autoptr(PdOutboxItem) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  PdSyncSummary summary;

  test_sync_ok (client, &summary);
  token = add_onboarding_link (f->store, 2);
  before = outbox_item_for (f->store, token);
  g_assert_nonnull (before);

  set_rules (sandbox, "[{\"method\": \"POST\", \"path_prefix\": \"/v1/links\","
                      " \"action\": \"truncate\"}]");
  g_assert_false (test_run_sync (client, NULL, &summary, &error));
  g_clear_error (&error);
  g_assert_cmpuint (summary.outbox_sent, ==, 0);
  g_assert_cmpuint (applied_count (sandbox, before->idempotency_key), ==, 1);
  after = outbox_item_for (f->store, token);
  g_assert_nonnull (after);
  g_assert_nonnull (after->last_error);
  g_assert_cmpint (after->attempts, >=, 1);
  g_assert_cmpstr (after->idempotency_key, ==, before->idempotency_key);

  set_rules (sandbox, "[]");
  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.outbox_sent, ==, 1);
  g_assert_cmpuint (applied_count (sandbox, before->idempotency_key), ==, 1);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM outbox"), ==, 0);
  test_assert_store_equals_sandbox (f->store, sandbox);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM links WHERE staff = 'Tester'"
                                            " AND url LIKE '%pd_ref=%' AND version >= 1"), ==, 1);
}

/* Every push fails (the platform's writes are down, its feed is not):
 * after three entries in a row the rest waits for the next run instead
 * of each taking its full backoff, and the feed is still pulled. */
static void
test_platform_down (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.01);
  g_autoptr(JsonNode) advanced = NULL;
  g_autoptr(GError) error = NULL;
  PdSyncSummary summary;

  test_sync_ok (client, &summary);
  for (guint i = 0; i < 5; i++)
    g_free (add_onboarding_link (f->store, 10 + i));
  set_rules (sandbox, "[{\"method\": \"POST\", \"path_prefix\": \"/v1/\", \"action\": \"fail\"}]");
  advanced = sandbox_admin (sandbox, "POST", "/sandbox/advance", "{\"new_stores\": 1}");

  g_assert_false (test_run_sync (client, NULL, &summary, &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_SERVER);
  g_assert_cmpuint (summary.outbox_sent, ==, 0);
  g_assert_cmpuint (summary.outbox_remaining, ==, 5);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM outbox WHERE last_error IS NOT NULL"), ==, 3);
  g_assert_cmpint (local_seq (f->store), ==, sandbox_last_seq (sandbox));
}

/* A platform that does not keep the app's `state` (src/sandbox/README.md
 * says it must): the URL the app already showed would not work. The
 * entry fails with what to do; the local link keeps its token and is
 * not swapped for the platform's behind the user's back. */
#define OTHER_TOKEN "PlatformOwnToken_0123456789abcdef"
#define OTHER_LINK \
  "{\"link\":{\"token\":\"" OTHER_TOKEN "\",\"kind\":\"authorization\"," \
  "\"url\":\"https://services.tiktokshop.com/open/authorize?service_id=svc-1&state=" OTHER_TOKEN "\"," \
  "\"state\":\"active\",\"created_at\":\"2026-01-01T00:00:00+08:00\",\"service_id\":\"svc-1\"," \
  "\"version\":1}}"
#define PARTNER \
  "{\"partner_id\":\"P-1\",\"name\":\"Other\",\"markets\":[\"EU\"]," \
  "\"onboarding_base_urls\":{\"EU\":\"https://seller.example/eu\"}," \
  "\"authorization_base_url\":\"https://services.example/open/authorize\"," \
  "\"server_time\":\"2026-01-01T00:00:00+08:00\"}"
#define EMPTY_PAGE "{\"changes\":[],\"next_cursor\":\"c1\",\"has_more\":false}"

static void
on_other_token_request_cb (SoupServer        *server,
                           SoupServerMessage *msg,
                           const char        *path,
                           GHashTable        *query,
                           gpointer           user_data)
{
  const char *body = EMPTY_PAGE;
  guint status = 200;

  if (g_str_equal (path, "/v1/partner"))
    body = PARTNER;
  else if (g_str_equal (path, "/v1/authorization-links"))
    {
      body = OTHER_LINK;
      status = 201;
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_link_token_not_kept (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(PdCredentials) credentials = pd_credentials_new ();
  g_autoptr(PdSyncClient) client = NULL;
  g_autoptr(PdLink) link = NULL;
  g_autoptr(PdOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *sql = NULL;
  PdSyncSummary summary;
  GSList *uris;

  soup_server_add_handler (server, NULL, on_other_token_request_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  credentials->app_key = g_strdup ("key");
  credentials->app_secret = g_strdup ("secret");
  credentials->access_token = g_strdup ("access");
  credentials->refresh_token = g_strdup ("refresh");

  g_assert_true (pd_store_link_authorization (f->store, "svc-1", NULL, 30, "Tester", &link, &error));
  g_assert_no_error (error);
  client = pd_sync_client_new (f->store, endpoint, credentials);
  pd_sync_client_set_delay_scale (client, 0.01);
  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.outbox_sent, ==, 0);
  g_assert_cmpuint (summary.outbox_failed, ==, 1);

  item = outbox_item_for (f->store, link->token);
  g_assert_nonnull (item);
  g_assert_cmpint (item->state, ==, PD_OUTBOX_STATE_FAILED);
  g_assert_nonnull (item->last_error);
  g_assert_nonnull (strstr (item->last_error, link->token));
  sql = g_strdup_printf ("SELECT count(*) FROM links WHERE token = '%s' AND url = '%s'", link->token, link->url);
  g_assert_cmpint (test_store_count (f->store, sql), ==, 1);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM links WHERE token = '" OTHER_TOKEN "'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sync_test_init (argc, argv);

#define ADD(name, func) g_test_add ("/sync/outbox/" name, Fixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)
  ADD ("failing-endpoint", test_failing_endpoint);
  ADD ("lost-response", test_lost_response);
  ADD ("platform-down", test_platform_down);
  ADD ("link-token-not-kept", test_link_token_not_kept);
#undef ADD

  return g_test_run ();
}
