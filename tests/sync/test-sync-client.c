/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "pd-outbox.h"
#include "pd-store-links.h"
#include "pd-store-private.h"
#include "pd-sync-client-private.h"
#include "sync-test-utils.h"

/* The sync client against the real sandbox on loopback, and against a
 * hostile server inside the test. */

/* The shared store fixture (sync-test-utils.h); clients wait a fiftieth of the
 * real retry delays. */
typedef StoreFixture Fixture;

static void
on_progress_cb (PdSyncClient        *client,
                const PdSyncSummary *summary,
                guint               *count)
{
  /* On the caller's (main) thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  (*count)++;
}

/* The URL of @token as the sandbox knows it, or NULL. */
static char *
sandbox_link_url (Sandbox    *sandbox,
                  const char *token)
{
  g_autoptr(JsonNode) answer = sandbox_admin (sandbox, "GET", "/sandbox/objects?type=link", NULL);
  JsonArray *objects = json_object_get_array_member (json_node_get_object (answer), "objects");

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      if (g_strcmp0 (json_object_get_string_member (object, "id"), token) == 0)
        return g_strdup (json_object_get_string_member (json_object_get_object_member (object, "data"),
                                                        "url"));
    }
  return NULL;
}

/* An authorization link made while offline, its URL shown (and maybe
 * sent to a seller) before any sync: the platform keeps the app's
 * `state` token, so after the sync that very URL is the link the
 * platform knows, still one row, and a revocation queued before the
 * sync reaches it. */
static void
test_authorization_link_keeps_state (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(PdLink) link = NULL;
  g_autoptr(PdLink) revoked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *service = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *platform_url = NULL;
  g_autofree char *local_url = NULL;
  g_autofree char *state = NULL;
  PdSyncSummary summary;

  test_sync_ok (client, &summary);
  service = test_store_text (f->store, "SELECT id FROM services ORDER BY id LIMIT 1");
  g_assert_nonnull (service);

  /* Offline: made, shown, nothing sent yet. */
  g_assert_true (pd_store_link_authorization (f->store, service, NULL, 30, "Tester", &link, &error));
  g_assert_no_error (error);
  g_assert_nonnull (link->url);
  g_assert_nonnull (strstr (link->url, link->token));
  g_assert_null (sandbox_link_url (sandbox, link->token));

  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.outbox_sent, ==, 1);
  g_assert_cmpuint (summary.outbox_failed, ==, 0);
  platform_url = sandbox_link_url (sandbox, link->token);
  g_assert_cmpstr (platform_url, ==, link->url);
  sql = g_strdup_printf ("SELECT url FROM links WHERE token = '%s'", link->token);
  local_url = test_store_text (f->store, sql);
  g_assert_cmpstr (local_url, ==, link->url);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM links WHERE staff = 'Tester'"), ==, 1);
  test_assert_store_equals_sandbox (f->store, sandbox);

  /* Another one, revoked before it was ever sent: both reach it. */
  g_assert_true (pd_store_link_authorization (f->store, service, NULL, 0, "Tester", &revoked, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_link_revoke (f->store, revoked->token, &error));
  g_assert_no_error (error);
  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.outbox_sent, ==, 2);
  g_assert_cmpuint (summary.outbox_failed, ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT state FROM links WHERE token = '%s'", revoked->token);
  state = test_store_text (f->store, sql);
  g_assert_cmpstr (state, ==, "revoked");
  g_free (platform_url);
  platform_url = sandbox_link_url (sandbox, revoked->token);
  g_assert_cmpstr (platform_url, ==, revoked->url);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM outbox"), ==, 0);
  test_assert_store_equals_sandbox (f->store, sandbox);
}

static void
test_first_and_incremental (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(JsonNode) advanced = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  g_autofree char *staff = NULL;
  g_autofree char *token = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *partner = NULL;
  g_autofree char *sql = NULL;
  PdSyncSummary summary;
  guint progress = 0;
  gint64 last_seq;

  /* The user's own value wins over the platform's. */
  g_assert_true (pd_store_set_setting (f->store, "onboarding_base_url.EU", "https://mine.example/eu", &error));
  g_assert_no_error (error);

  pd_sync_client_set_page_limit (client, 100);
  g_signal_connect (client, "progress", G_CALLBACK (on_progress_cb), &progress);
  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.pages, ==, 8);
  g_assert_cmpuint (summary.changes_applied, ==, SYNC_TEST_DEMO_CHANGES);
  g_assert_cmpuint (summary.changes_ignored, ==, 0);
  g_assert_cmpuint (progress, >=, 8);
  g_assert_false (summary.feed_restarted);
  test_assert_store_equals_sandbox (f->store, sandbox);
  /* The three sellers removed from the list left it; they are still known. */
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM target_merchants WHERE left_at IS NOT NULL"), ==, 3);

  result = test_store_text (f->store, "SELECT value FROM sync_state WHERE key = 'last_sync_result'");
  g_assert_cmpstr (result, ==, "ok");
  partner = pd_store_dup_setting (f->store, "partner_id", NULL);
  g_assert_cmpstr (partner, !=, "");
  base_url = pd_store_dup_setting (f->store, "onboarding_base_url.EU", NULL);
  g_assert_cmpstr (base_url, ==, "https://mine.example/eu");
  g_free (base_url);
  base_url = pd_store_dup_setting (f->store, "onboarding_base_url.JP", NULL);
  g_assert_true (g_str_has_prefix (base_url, "https://"));

  /* The agency's fields: the inviting staff of an active link that is
   * about to be used, and a note on its seller. */
  token = test_store_text (f->store, "SELECT token FROM links WHERE kind = 'onboarding' AND state = 'active'"
                                     " AND program_id IS NOT NULL ORDER BY token LIMIT 1");
  sql = g_strdup_printf ("UPDATE links SET staff = 'Agency Staff' WHERE kind = 'onboarding' AND state = 'active';"
                         "INSERT INTO merchant_notes (seller_id, notes, updated_at)"
                         " SELECT seller_id, 'our note', 1 FROM links WHERE token = '%s'", token);
  g_assert_true (pd_store_exec (f->store, sql, NULL));

  /* Nothing new: one page, nothing applied. */
  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.pages, ==, 1);
  g_assert_cmpuint (summary.changes_applied, ==, 0);

  advanced = sandbox_admin (sandbox, "POST", "/sandbox/advance",
                            "{\"new_stores\": 20, \"gmv_updates\": 10, \"governance_event\": true,"
                            " \"new_seller_requests\": 3, \"target_removals\": 4}");
  last_seq = json_object_get_int_member (json_node_get_object (advanced), "last_seq");
  g_assert_cmpint (last_seq, >, SYNC_TEST_DEMO_CHANGES);

  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.changes_applied + summary.changes_ignored, ==, last_seq - SYNC_TEST_DEMO_CHANGES);
  g_assert_cmpuint (summary.changes_applied, >, 0);
  test_assert_store_equals_sandbox (f->store, sandbox);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM target_merchants WHERE left_at IS NOT NULL"), ==, 7);

  /* Links used since kept their staff; the note is untouched. */
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM links WHERE state = 'used'"
                                               " AND staff = 'Agency Staff'"), >, 0);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM links WHERE staff = 'Agency Staff'"), ==,
                   96);
  staff = test_store_text (f->store, "SELECT count(*) FROM merchant_notes WHERE notes = 'our note'");
  g_assert_cmpstr (staff, ==, "1");
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--latency-ms", "100", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_assert_false (pd_sync_client_is_running (client));
  pd_sync_client_run_async (client, NULL, NULL, NULL);
  g_assert_true (pd_sync_client_is_running (client));
  g_assert_false (test_run_sync (client, NULL, NULL, &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_BUSY);
  while (pd_sync_client_is_running (client))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_bad_signature (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(PdCredentials) wrong = pd_credentials_copy (sandbox->credentials);
  g_autoptr(PdSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = test_store_fingerprint (f->store);
  g_autofree char *after = NULL;
  g_autofree char *result = NULL;

  g_free (wrong->app_secret);
  wrong->app_secret = g_strdup ("not-the-secret");
  client = pd_sync_client_new (f->store, sandbox->endpoint, wrong);
  g_assert_false (test_run_sync (client, NULL, NULL, &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_SECRET_REFUSED);
  g_assert_true (pd_sync_error_is_auth (error));
  g_assert_nonnull (strstr (error->message, "GET /v1/partner"));
  g_assert_nonnull (strstr (error->message, "bad_signature"));
  g_assert_null (strstr (error->message, "not-the-secret"));

  after = test_store_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
  result = test_store_text (f->store, "SELECT value FROM sync_state WHERE key = 'last_sync_result'");
  g_assert_nonnull (strstr (result, "bad_signature"));

  /* An unknown token is refused too, without a refresh. */
  g_clear_object (&client);
  g_clear_error (&error);
  g_free (wrong->app_secret);
  wrong->app_secret = g_strdup (sandbox->credentials->app_secret);
  g_free (wrong->access_token);
  wrong->access_token = g_strdup ("TTP_unknown");
  client = pd_sync_client_new (f->store, sandbox->endpoint, wrong);
  g_assert_false (test_run_sync (client, NULL, NULL, &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "invalid_token"));
}

static void
on_credentials_changed_cb (PdSyncClient        *client,
                           const PdCredentials *credentials,
                           PdCredentials      **out)
{
  g_clear_pointer (out, pd_credentials_free);
  *out = pd_credentials_copy (credentials);
}

static void
test_token_expired (Fixture       *f,
                    gconstpointer  data)
{
  /* A lifetime no run reaches by itself, even on a slow machine: the test
   * moves the sandbox's clock past it. */
  g_autoptr(Sandbox) sandbox = sandbox_start ("--token-ttl", "60", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(PdCredentials) changed = NULL;
  g_autoptr(PdCredentials) current = NULL;
  PdSyncSummary summary;

  g_signal_connect (client, "credentials-changed", G_CALLBACK (on_credentials_changed_cb), &changed);
  test_sync_ok (client, &summary);
  g_assert_false (summary.credentials_refreshed);

  sandbox_advance_clock (sandbox, 61);
  test_sync_ok (client, &summary);
  g_assert_true (summary.credentials_refreshed);
  g_assert_nonnull (changed);
  g_assert_cmpstr (changed->access_token, !=, sandbox->credentials->access_token);
  g_assert_cmpstr (changed->refresh_token, !=, sandbox->credentials->refresh_token);
  g_assert_cmpstr (changed->app_secret, ==, sandbox->credentials->app_secret);
  current = pd_sync_client_dup_credentials (client);
  g_assert_cmpstr (current->access_token, ==, changed->access_token);

  /* The client keeps the new tokens for its next runs. */
  g_clear_pointer (&changed, pd_credentials_free);
  test_sync_ok (client, &summary);
  g_assert_false (summary.credentials_refreshed);
  g_assert_null (changed);
  test_assert_store_equals_sandbox (f->store, sandbox);
}

static void
test_bad_timestamp (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  PdSyncSummary summary;

  /* This computer's clock an hour behind the platform's, then 10 minutes
   * ahead: corrected from the Date header, the request retried once. */
  pd_sync_client_set_clock_offset (client, -3600);
  test_sync_ok (client, &summary);
  g_assert_cmpint (ABS (pd_sync_client_get_clock_offset (client)), <=, 5);
  test_assert_store_equals_sandbox (f->store, sandbox);

  pd_sync_client_set_clock_offset (client, 600);
  test_sync_ok (client, &summary);
  g_assert_cmpint (ABS (pd_sync_client_get_clock_offset (client)), <=, 5);
}

static char *
enqueue_status (PdStore    *store,
                const char *where,
                const char *status,
                gint64      version_delta,
                char      **id_out)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id || ' ' || version FROM seller_requests WHERE %s"
                                          " ORDER BY id LIMIT 1", where);
  g_autofree char *row = test_store_text (store, sql);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (row);
  parts = g_strsplit (row, " ", 2);
  g_assert_true (pd_store_begin (store, NULL));
  g_assert_true (pd_outbox_enqueue_seller_request_status (store, parts[0], status, "from the test",
                                                          g_ascii_strtoll (parts[1], NULL, 10) + version_delta,
                                                          &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_commit (store, NULL));
  *id_out = g_strdup (parts[0]);
  return g_strdup_printf ("/v1/seller-requests/%s", parts[0]);
}

static PdOutboxItem *
find_item (PdStore    *store,
           const char *path)
{
  g_autoptr(GPtrArray) items = pd_outbox_list (store, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      PdOutboxItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->path, path))
        return pd_outbox_item_copy (item);
    }
  return NULL;
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(PdOutboxItem) conflict = NULL;
  g_autoptr(PdOutboxItem) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good_id = NULL, *stale_id = NULL, *closed_id = NULL;
  g_autofree char *good = NULL, *stale = NULL, *closed = NULL;
  g_autofree char *status = NULL;
  g_autofree char *sql = NULL;
  PdSyncSummary summary;

  test_sync_ok (client, &summary);

  /* One change made on the current version, one on an older version
   * (the seller edited the request meanwhile), one not allowed. */
  good = enqueue_status (f->store, "status = 'partner_reviewing' AND version = 1", "partner_accepted", 0, &good_id);
  stale = enqueue_status (f->store, "status = 'partner_reviewing' AND version = 2", "rejected", -1, &stale_id);
  closed = enqueue_status (f->store, "status = 'closed'", "partner_accepted", 0, &closed_id);

  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.outbox_sent, ==, 1);
  g_assert_cmpuint (summary.outbox_conflicts, ==, 1);
  g_assert_cmpuint (summary.outbox_failed, ==, 1);
  g_assert_cmpuint (summary.outbox_remaining, ==, 0);
  g_assert_null (find_item (f->store, good));
  sql = g_strdup_printf ("SELECT status FROM seller_requests WHERE id = '%s'", good_id);
  status = test_store_text (f->store, sql);
  g_assert_cmpstr (status, ==, "partner_accepted");

  /* Kept for the user with the platform's version beside it. */
  conflict = find_item (f->store, stale);
  g_assert_nonnull (conflict);
  g_assert_cmpint (conflict->state, ==, PD_OUTBOX_STATE_CONFLICT);
  g_assert_nonnull (strstr (conflict->last_error, "409 version_conflict"));
  g_assert_nonnull (conflict->conflict_current);
  g_assert_nonnull (strstr (conflict->conflict_current, "\"version\":2"));
  g_assert_nonnull (strstr (conflict->conflict_current, stale_id));

  failed = find_item (f->store, closed);
  g_assert_nonnull (failed);
  g_assert_cmpint (failed->state, ==, PD_OUTBOX_STATE_FAILED);
  g_assert_nonnull (strstr (failed->last_error, "422 invalid_transition"));
  g_assert_cmpint (failed->attempts, ==, 1);

  /* The user keeps their change over the seller's edit. */
  g_assert_true (pd_outbox_rebase (f->store, conflict->id, &error));
  g_assert_no_error (error);
  g_assert_true (pd_outbox_retry (f->store, failed->id, &error));
  g_assert_no_error (error);
  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.outbox_sent, ==, 1);
  g_assert_cmpuint (summary.outbox_failed, ==, 1);
  g_assert_null (find_item (f->store, stale));
  g_free (sql);
  g_free (status);
  sql = g_strdup_printf ("SELECT status FROM seller_requests WHERE id = '%s'", stale_id);
  status = test_store_text (f->store, sql);
  g_assert_cmpstr (status, ==, "rejected");

  /* Discarded: the platform's version stays. */
  g_assert_true (pd_outbox_discard (f->store, failed->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM outbox"), ==, 0);
  test_assert_store_equals_sandbox (f->store, sandbox);
}

static void
test_cursor_expired (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(JsonNode) advanced = NULL;
  g_autoptr(JsonNode) compacted = NULL;
  PdSyncSummary summary;

  test_sync_ok (client, &summary);
  advanced = sandbox_admin (sandbox, "POST", "/sandbox/advance", "{\"gmv_updates\": 10, \"new_stores\": 5}");
  compacted = sandbox_admin (sandbox, "POST", "/sandbox/compact", "{}");

  /* 410: pulled again from the start; versions make the replay harmless. */
  test_sync_ok (client, &summary);
  g_assert_true (summary.feed_restarted);
  g_assert_cmpuint (summary.changes_ignored, >, 0);
  test_assert_store_equals_sandbox (f->store, sandbox);

  test_sync_ok (client, &summary);
  g_assert_false (summary.feed_restarted);
  g_assert_cmpuint (summary.changes_applied, ==, 0);
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  /* Two requests per second, five requests (the partner and four pages):
   * some get 429 with Retry-After: 1, which is honoured (no delay scale
   * here). */
  g_autoptr(Sandbox) sandbox = sandbox_start ("--rate-limit", "2", NULL);
  g_autoptr(PdSyncClient) client = pd_sync_client_new (f->store, sandbox->endpoint, sandbox->credentials);
  PdSyncSummary summary;
  gint64 start = g_get_monotonic_time ();

  pd_sync_client_set_page_limit (client, 200);
  test_sync_ok (client, &summary);
  g_assert_cmpuint (summary.retries, >=, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  test_assert_store_equals_sandbox (f->store, sandbox);
}

static void
test_unavailable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--fail-rate", "1", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = test_store_fingerprint (f->store);
  g_autofree char *after = NULL;
  PdSyncSummary summary;

  g_assert_false (test_run_sync (client, NULL, &summary, &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "503 service_unavailable"));
  g_assert_nonnull (strstr (error->message, "after 6 attempts"));
  g_assert_cmpuint (summary.retries, ==, 5);
  after = test_store_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--truncate-rate", "1", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = test_store_fingerprint (f->store);
  g_autofree char *after = NULL;

  g_assert_false (test_run_sync (client, NULL, NULL, &error));
  /* Cut bodies are retried, then reported. */
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "GET /v1/partner: the response is not valid JSON: it ends after"));
  g_assert_nonnull (strstr (error->message, "cut short (after 6 attempts)"));
  after = test_store_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Sandbox) sandbox = sandbox_start ("--latency-ms", "500", NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add (100, cancel_cb, cancellable);
  g_assert_false (test_run_sync (client, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 450 * 1000);
  result = test_store_text (f->store, "SELECT value FROM sync_state WHERE key = 'last_sync_result'");
  g_assert_cmpstr (result, ==, "cancelled");
}

/* A hostile platform: a SoupServer in this process, on this thread's main
 * context (the client works on its own threads). */

typedef struct
{
  const char *name;
  guint       status;
  const char *content_type;
  const char *page;          /* NULL: see below */
  gsize       length;        /* 0: strlen (page) */
  guint       mode;
  gint        code;
  const char *message;       /* a part of the expected message */
  const char *message2;
} Hostile;

enum
{
  MODE_PLAIN,
  MODE_TRUNCATED,      /* announces the whole length, sends half, closes */
  MODE_HUGE,           /* 17 MB with its Content-Length */
  MODE_HUGE_CHUNKED,   /* 17 MB, chunked */
  MODE_DEEP,           /* a million '[' */
  MODE_TWO_PAGES,      /* a good first page, then the case's page */
  MODE_BAD_PARTNER,    /* GET /v1/partner answers the case's page */
};

#define VALID_CHANGE \
  "{\"seq\":1,\"type\":\"fx_rate\",\"id\":\"EUR\",\"op\":\"upsert\",\"version\":1," \
  "\"data\":{\"currency\":\"EUR\",\"cny_per_unit\":\"7.8123\"}}"
#define PAGE(changes, more) \
  "{\"changes\":[" changes "],\"next_cursor\":\"c2\",\"has_more\":" more "}"

static const Hostile hostile_cases[] = {
  { "wrong-type", 200, "application/json",
    PAGE ("{\"seq\":\"1\",\"type\":\"fx_rate\",\"id\":\"EUR\",\"op\":\"upsert\",\"version\":1,\"data\":{}}", "false"),
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE,
    "GET /v1/changes: changes[0].seq is a string; expected an integer" },
  { "missing-field", 200, "application/json",
    PAGE (VALID_CHANGE ",{\"seq\":2,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":1,"
          "\"data\":{\"store_id\":\"S-1\"}}", "false"),
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE,
    "GET /v1/changes: changes[1] (store S-1) data.seller_id is missing" },
  { "missing-cursor", 200, "application/json", "{\"changes\":[],\"has_more\":false}",
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE,
    "GET /v1/changes: response.next_cursor is missing; expected a string" },
  { "has-more-type", 200, "application/json", "{\"changes\":[],\"next_cursor\":\"x\",\"has_more\":\"no\"}",
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE,
    "response.has_more is a string; expected true or false" },
  { "changes-type", 200, "application/json", "{\"changes\":{},\"next_cursor\":\"x\",\"has_more\":false}",
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE,
    "response.changes is an object; expected an array" },
  { "not-an-object", 200, "application/json", "[]",
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE, "GET /v1/changes: the response is an array" },
  { "content-type", 200, "text/html", "<html>maintenance</html>",
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE, "of type “text/html”; expected application/json" },
  { "charset", 200, "application/json; charset=iso-8859-1", PAGE ("", "false"),
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE, "expected application/json in UTF-8" },
  { "invalid-utf8", 200, "application/json",
    PAGE ("{\"seq\":1,\"type\":\"fx_rate\",\"id\":\"EUR\",\"op\":\"upsert\",\"version\":1,"
          "\"data\":{\"currency\":\"EUR\xff\",\"cny_per_unit\":\"7.8\"}}", "false"),
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE, "GET /v1/changes: the response body is not valid UTF-8" },
  { "escaped-surrogate", 200, "application/json",
    PAGE ("{\"seq\":1,\"type\":\"fx_rate\",\"id\":\"EUR\\ud800\",\"op\":\"upsert\",\"version\":1}", "false"),
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE, "surrogate" },
  { "cut-json", 200, "application/json", PAGE (VALID_CHANGE, "false"),
    60, MODE_PLAIN, PD_SYNC_ERROR_NETWORK, "may have been cut short (after 6 attempts)" },
  { "truncated", 200, "application/json", PAGE (VALID_CHANGE, "false"),
    0, MODE_TRUNCATED, PD_SYNC_ERROR_NETWORK, "GET /v1/changes: " },
  { "huge", 200, "application/json", NULL,
    0, MODE_HUGE, PD_SYNC_ERROR_TOO_LARGE, "GET /v1/changes: the response announces 17825792 bytes" },
  { "huge-chunked", 200, "application/json", NULL,
    0, MODE_HUGE_CHUNKED, PD_SYNC_ERROR_TOO_LARGE, "GET /v1/changes: the response is larger than 16777216 bytes" },
  { "deep", 200, "application/json", NULL,
    0, MODE_DEEP, PD_SYNC_ERROR_INVALID_RESPONSE, "nests arrays or objects more than 64 deep" },
  { "too-many", 200, "application/json", PAGE (VALID_CHANGE "," VALID_CHANGE "," VALID_CHANGE, "false"),
    0, MODE_PLAIN, PD_SYNC_ERROR_INVALID_RESPONSE, "response.changes has 3 changes; at most 2 were asked for" },
  { "stuck", 200, "application/json", "{\"changes\":[],\"next_cursor\":\"c2\",\"has_more\":true}",
    0, MODE_TWO_PAGES, PD_SYNC_ERROR_INVALID_RESPONSE, "the cursor did not move" },
  { "second-page", 200, "application/json",
    PAGE ("{\"seq\":2,\"type\":\"fx_rate\",\"id\":\"JPY\",\"op\":\"upsert\",\"version\":1,"
          "\"data\":{\"currency\":\"JPY\",\"cny_per_unit\":\"0.048\"}},"
          "{\"seq\":3,\"type\":\"payout\",\"id\":\"P\",\"op\":\"upsert\",\"version\":1,"
          "\"data\":{\"id\":\"P\",\"program_id\":\"x\",\"quarter\":\"2026Q1\",\"amount\":\"12.345\","
          "\"currency\":\"CNY\",\"status\":\"paid\"}}", "false"),
    0, MODE_TWO_PAGES, PD_SYNC_ERROR_INVALID_RESPONSE, "changes[1] (payout P) data.amount" },
  { "refused", 400, "application/json",
    "{\"error\":{\"code\":\"invalid_cursor\",\"message\":\"not ours\",\"request_id\":\"r\"}}",
    0, MODE_PLAIN, PD_SYNC_ERROR_REFUSED, "GET /v1/changes: the platform answered 400 invalid_cursor: not ours" },
  { "partner-type", 200, "application/json",
    "{\"partner_id\":7,\"name\":\"n\",\"markets\":[],\"onboarding_base_urls\":{},"
    "\"authorization_base_url\":\"https://a\",\"server_time\":\"2026-01-01T00:00:00Z\"}",
    0, MODE_BAD_PARTNER, PD_SYNC_ERROR_INVALID_RESPONSE,
    "GET /v1/partner: response.partner_id is an integer; expected a string" },
  { "partner-url", 200, "application/json",
    "{\"partner_id\":\"7\",\"name\":\"n\",\"markets\":[\"EU\"],"
    "\"onboarding_base_urls\":{\"EU\":\"http://evil.example/x\"},"
    "\"authorization_base_url\":\"https://a\",\"server_time\":\"2026-01-01T00:00:00Z\"}",
    0, MODE_BAD_PARTNER, PD_SYNC_ERROR_INVALID_RESPONSE,
    "GET /v1/partner: response.onboarding_base_urls.EU:" },
};

#define GOOD_PARTNER \
  "{\"partner_id\":\"P-1\",\"name\":\"Hostile\",\"markets\":[\"EU\"]," \
  "\"onboarding_base_urls\":{\"EU\":\"https://seller.example/eu\"}," \
  "\"authorization_base_url\":\"https://services.example/open/authorize\"," \
  "\"server_time\":\"2026-01-01T00:00:00+08:00\"}"

static void
send_huge (SoupServerMessage *msg,
           gboolean           chunked)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize total = 17 * 1024 * 1024;
  g_autofree char *chunk = g_malloc (1024 * 1024);

  /* A valid start, then a string that never ends within the limit. */
  memset (chunk, 'a', 1024 * 1024);
  memcpy (chunk, "{\"changes\":[],\"pad\":\"", 21);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  if (chunked)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  else
    soup_message_headers_set_content_length (headers, total);
  for (gsize sent = 0; sent < total; sent += 1024 * 1024)
    soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, 1024 * 1024);
  soup_message_body_complete (body);
}

static void
on_hostile_request_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  const Hostile *c = user_data;
  const char *cursor = query != NULL ? g_hash_table_lookup (query, "cursor") : NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize length = c->page != NULL ? (c->length > 0 ? c->length : strlen (c->page)) : 0;

  if (g_str_equal (path, "/v1/partner") && c->mode != MODE_BAD_PARTNER)
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        GOOD_PARTNER, strlen (GOOD_PARTNER));
      return;
    }
  if (c->mode == MODE_TWO_PAGES && cursor == NULL)
    {
      static const char first[] = "{\"changes\":[" VALID_CHANGE "],\"next_cursor\":\"c2\",\"has_more\":true}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, first, strlen (first));
      return;
    }

  switch (c->mode)
    {
    case MODE_HUGE:
    case MODE_HUGE_CHUNKED:
      send_huge (msg, c->mode == MODE_HUGE_CHUNKED);
      return;
    case MODE_DEEP:
      {
        char *deep = g_malloc (1000000);

        memset (deep, '[', 1000000);
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, deep, 1000000);
        return;
      }
    case MODE_TRUNCATED:
      soup_message_headers_set_content_length (headers, length);
      soup_message_headers_replace (headers, "Connection", "close");
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, c->content_type, SOUP_MEMORY_STATIC, c->page, length / 2);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      return;
    default:
      soup_server_message_set_status (msg, c->status, NULL);
      soup_server_message_set_response (msg, c->content_type, SOUP_MEMORY_STATIC, c->page, length);
      return;
    }
}

static void
test_hostile (gconstpointer data)
{
  const Hostile *c = data;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCredentials) credentials = pd_credentials_new ();
  g_autoptr(PdSyncClient) client = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *result = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, on_hostile_request_cb, (gpointer) c, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  credentials->app_key = g_strdup ("key");
  credentials->app_secret = g_strdup ("secret");
  credentials->access_token = g_strdup ("access");
  credentials->refresh_token = g_strdup ("refresh");
  store = test_store_new (&dir);
  client = pd_sync_client_new (store, endpoint, credentials);
  pd_sync_client_set_delay_scale (client, 0.01);
  pd_sync_client_set_page_limit (client, 2);

  before = test_store_fingerprint (store);
  g_assert_false (test_run_sync (client, NULL, NULL, &error));
  g_test_message ("%s: %s", c->name, error != NULL ? error->message : "no error");
  g_assert_error (error, PD_SYNC_ERROR, c->code);
  if (strstr (error->message, c->message) == NULL)
    g_error ("%s: “%s” does not say “%s”", c->name, error->message, c->message);

  after = test_store_fingerprint (store);
  if (c->mode == MODE_TWO_PAGES)
    {
      /* The good first page and its cursor, nothing of the bad one. */
      g_assert_cmpstr (before, !=, after);
      g_assert_cmpint (test_store_count (store, "SELECT count(*) FROM exchange_rates"), ==, 1);
      g_assert_cmpint (test_store_count (store, "SELECT count(*) FROM exchange_rates WHERE currency = 'EUR'"), ==, 1);
      g_free (result);
      result = test_store_text (store, "SELECT value FROM sync_state WHERE key = 'cursor'");
      g_assert_cmpstr (result, ==, "c2");
    }
  else
    g_assert_cmpstr (before, ==, after);

  g_free (result);
  result = test_store_text (store, "SELECT value FROM sync_state WHERE key = 'last_sync_result'");
  g_assert_nonnull (result);
  g_assert_cmpstr (result, !=, "ok");

  g_clear_object (&client);
  g_clear_object (&store);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sync_test_init (argc, argv);

#define ADD(name, func) g_test_add ("/sync/client/" name, Fixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)
  ADD ("first-and-incremental", test_first_and_incremental);
  ADD ("authorization-link-keeps-state", test_authorization_link_keeps_state);
  ADD ("busy", test_busy);
  ADD ("bad-signature", test_bad_signature);
  ADD ("token-expired", test_token_expired);
  ADD ("bad-timestamp", test_bad_timestamp);
  ADD ("conflict", test_conflict);
  ADD ("cursor-expired", test_cursor_expired);
  ADD ("retry-after", test_retry_after);
  ADD ("unavailable", test_unavailable);
  ADD ("truncated", test_truncated);
  ADD ("cancel", test_cancel);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/hostile/%s", hostile_cases[i].name);

      g_test_add_data_func (path, &hostile_cases[i], test_hostile);
    }
  return g_test_run ();
}
