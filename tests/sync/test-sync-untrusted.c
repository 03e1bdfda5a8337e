/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "pd-change-applier.h"
#include "pd-json-doc.h"
#include "pd-outbox.h"
#include "pd-platform-connection.h"
#include "pd-safe-text.h"
#include "pd-store-private.h"
#include "pd-sync-error.h"
#include "sync-test-utils.h"

/* Responses are untrusted input (platform-api.md), issue 13: unknown
 * fields ignored for every type (7), no redirect followed (9), whole
 * requests and runs bounded in time (10), the platform's text made safe
 * to print (11), repeated member names refused (15). */

/* A SoupServer in its own thread and main context: the connection's
 * send blocks the test's thread. */

typedef enum
{
  SERVE_REDIRECT,  /* 307 to Server.target */
  SERVE_DRIP,      /* 200, then a byte every 100 ms, never done */
  SERVE_ERROR,     /* 422 with an error object holding control characters */
  SERVE_OK,        /* 200 {} */
  SERVE_PARTNER,   /* 200, a partner whose server_time holds control characters */
} Serve;

typedef struct
{
  Serve         serve;
  const char   *address;
  char         *target;
  char         *uri;
  gint          hits;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         ready;
  gboolean      started;
} Server;

static gboolean
on_drip_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static void
on_finished_cb (SoupServerMessage *msg,
                gpointer           data)
{
  GSource *source = data;

  g_source_destroy (source);
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  Server *server = data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  static const char error_body[] =
    "{\"error\":{\"code\":\"bad\\u001b[31m_code\",\"message\":\"line one\\r\\nFAKE: ok \\u001b]0;title\\u0007"
    " \\u009b2J \\u202eevil\\u202c done\",\"request_id\":\"r\"}}";

  g_atomic_int_inc (&server->hits);
  switch (server->serve)
    {
    case SERVE_REDIRECT:
      soup_server_message_set_redirect (msg, SOUP_STATUS_TEMPORARY_REDIRECT, server->target);
      break;
    case SERVE_DRIP:
      {
        GSource *source = g_timeout_source_new (100);

        soup_server_message_set_status (msg, 200, NULL);
        soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
        soup_message_headers_set_content_type (headers, "application/json", NULL);
        soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, "{\"a\":", 5);
        g_source_set_callback (source, on_drip_cb, msg, NULL);
        g_source_attach (source, server->context);
        g_signal_connect_data (msg, "finished", G_CALLBACK (on_finished_cb), source,
                               (GClosureNotify) (void (*) (void)) g_source_unref, 0);
        break;
      }
    case SERVE_ERROR:
      soup_server_message_set_status (msg, 422, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        error_body, strlen (error_body));
      break;
    case SERVE_PARTNER:
      {
        static const char partner[] =
          "{\"partner_id\":\"P1\",\"name\":\"N\",\"markets\":[\"EU\"],\"onboarding_base_urls\":{},"
          "\"authorization_base_url\":\"https://x.test/a\",\"server_time\":\"\\u001b[2J\\u001b]0;x\\u0007\\r\\n\\u202e\"}";

        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, partner, strlen (partner));
        break;
      }
    case SERVE_OK:
    default:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
      break;
    }
}

static gpointer
run_server (gpointer data)
{
  Server *server = data;
  g_autoptr(SoupServer) soup_server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);
  soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (soup_server, NULL, handle, server, NULL);
  address = g_inet_socket_address_new_from_string (server->address, 0);
  soup_server_listen (soup_server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup_server);
  server->uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  while (g_str_has_suffix (server->uri, "/"))
    server->uri[strlen (server->uri) - 1] = '\0';

  g_mutex_lock (&server->lock);
  server->started = TRUE;
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);
  soup_server_disconnect (soup_server);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static Server *
server_start (Serve       serve,
              const char *address)
{
  Server *server = g_new0 (Server, 1);

  server->serve = serve;
  server->address = address;
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  g_mutex_init (&server->lock);
  g_cond_init (&server->ready);
  server->thread = g_thread_new ("test-server", run_server, server);
  g_mutex_lock (&server->lock);
  while (!server->started)
    g_cond_wait (&server->ready, &server->lock);
  g_mutex_unlock (&server->lock);
  return server;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
server_stop (Server *server)
{
  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->ready);
  g_free (server->uri);
  g_free (server->target);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_stop)

static PdPlatformConnection *
connect_to (const char *endpoint)
{
  g_autoptr(PdCredentials) credentials = pd_credentials_new ();

  credentials->app_key = g_strdup ("key-1234");
  credentials->app_secret = g_strdup ("secret-5678");
  credentials->access_token = g_strdup ("access-SECRET-token");
  credentials->refresh_token = g_strdup ("refresh-SECRET-token");
  return pd_platform_connection_new (endpoint, credentials);
}

static void
assert_no_secrets (const char *text)
{
  g_assert_null (strstr (text, "secret-5678"));
  g_assert_null (strstr (text, "SECRET"));
  g_assert_null (strstr (text, "sign="));
}

/* 9: redirects */

static void
test_redirect (void)
{
  g_autoptr(Server) other = server_start (SERVE_OK, "127.0.0.2");
  g_autoptr(Server) same = server_start (SERVE_OK, "127.0.0.1");
  g_autoptr(Server) server = server_start (SERVE_REDIRECT, "127.0.0.1");
  g_autoptr(PdPlatformConnection) connection = connect_to (server->uri);
  static const char *const methods[] = { "GET", "POST" };

  /* To another origin (another host, then another port), and to the
   * same origin: none is followed, for a GET or a POST with a body. */
  for (guint t = 0; t < 3; t++)
    for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(PdPlatformResponse) response = NULL;
        g_autofree char *expected = NULL;

        g_free (server->target);
        if (t == 0)
          server->target = g_strdup_printf ("%s/v1/changes?app_key=key-1234&sign=abc", other->uri);
        else if (t == 1)
          server->target = g_strdup_printf ("%s/v1/changes", same->uri);
        else
          server->target = g_strdup_printf ("%s/v1/elsewhere?x=1", server->uri);
        response = pd_platform_connection_send (connection, methods[m], "/v1/changes", NULL,
                                                m == 1 ? "{\"kind\":\"onboarding\"}" : NULL,
                                                m == 1 ? "key-1" : NULL, NULL, NULL, &error);
        g_assert_null (response);
        g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED);
        g_test_message ("%s", error->message);
        /* The target is named, without its query. */
        expected = g_strndup (server->target, strcspn (server->target, "?"));
        g_assert_nonnull (strstr (error->message, expected));
        g_assert_nonnull (strstr (error->message, "307"));
        g_assert_nonnull (strstr (error->message, t < 2 ? "another address" : "a redirect to"));
        g_assert_nonnull (strstr (error->message, methods[m]));
        assert_no_secrets (error->message);
      }
  g_assert_cmpint (g_atomic_int_get (&other->hits), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&same->hits), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&server->hits), ==, 6);  /* once each: not retried */
}

/* 10: deadlines */

static void
test_deadline_request (void)
{
  g_autoptr(Server) server = server_start (SERVE_DRIP, "127.0.0.1");
  g_autoptr(PdPlatformConnection) connection = connect_to (server->uri);
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  pd_platform_connection_set_delay_scale (connection, 0.001);
  pd_platform_connection_set_deadlines (connection, 400, 60000);
  pd_platform_connection_begin_run (connection);
  response = pd_platform_connection_send (connection, "GET", "/v1/partner", NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_test_message ("%s", error->message);
  /* Retried as a timeout, then given up, in about 6 × 0.4 s. */
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "did not finish answering within 0.4 s"));
  g_assert_nonnull (strstr (error->message, "after 6 attempts"));
  g_assert_cmpint (g_atomic_int_get (&server->hits), ==, 6);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  assert_no_secrets (error->message);
}

static void
test_deadline_run (void)
{
  g_autoptr(Server) server = server_start (SERVE_DRIP, "127.0.0.1");
  g_autoptr(PdPlatformConnection) connection = connect_to (server->uri);
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Each request may take 30 s, the run 1 s: the run's limit ends it. */
  pd_platform_connection_set_deadlines (connection, 30000, 1000);
  pd_platform_connection_begin_run (connection);
  response = pd_platform_connection_send (connection, "GET", "/v1/changes", NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_test_message ("%s", error->message);
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "GET /v1/changes: this sync reached its time limit of 1 s"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (g_atomic_int_get (&server->hits), ==, 1);

  /* Nothing more goes out in this run; a new run has its time again. */
  g_clear_error (&error);
  g_assert_null (pd_platform_connection_send (connection, "GET", "/v1/changes", NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_NETWORK);
  g_assert_cmpint (g_atomic_int_get (&server->hits), ==, 1);

  /* The caller's own cancellation stays a cancellation. */
  g_clear_error (&error);
  pd_platform_connection_begin_run (connection);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    GSource *source = g_timeout_source_new (200);

    g_source_set_callback (source, (GSourceFunc) (void (*) (void)) g_cancellable_cancel, cancellable, NULL);
    g_source_attach (source, server->context);
    g_assert_null (pd_platform_connection_send (connection, "GET", "/v1/changes", NULL, NULL, NULL, NULL,
                                                cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_source_destroy (source);
    g_source_unref (source);
  }
}

/* 11: the platform's text */

static void
test_safe_text (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain text, 中文", "plain text, 中文" },
    { "\x1b[31mred\x1b[0m", " [31mred [0m" },
    { "a\r\nb\tc", "a  b c" },
    { "csi \xc2\x9b" "2J osc \x1b]0;t\x07 del \x7f", "csi  2J osc  ]0;t  del  " },
    { "\xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\x8f", "evil x " },
    { "line\xe2\x80\xa8sep", "line sep" },
    { "bad \xff utf8", "bad \xef\xbf\xbd utf8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = pd_safe_text_dup (cases[i].in, -1, 0, PD_SAFE_TEXT_DEFAULT);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (pd_safe_text_is_safe (out, PD_SAFE_TEXT_DEFAULT));
    }
  {
    g_autofree char *multi = pd_safe_text_dup ("a\nb\r\n\tc\x1b", -1, 0, PD_SAFE_TEXT_MULTILINE);
    g_autofree char *cut = pd_safe_text_dup ("ab中文", -1, 4, PD_SAFE_TEXT_DEFAULT);

    g_assert_cmpstr (multi, ==, "a\nb \n\tc ");
    g_assert_cmpstr (cut, ==, "ab");  /* not half a character */
    g_assert_false (pd_safe_text_is_safe ("a\nb", PD_SAFE_TEXT_DEFAULT));
    g_assert_true (pd_safe_text_is_safe ("a\nb", PD_SAFE_TEXT_MULTILINE));
  }
}

static void
assert_printable (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e))
        g_error ("U+%04X in “%s”", c, text);
    }
}

static void
test_error_text (void)
{
  g_autoptr(Server) server = server_start (SERVE_ERROR, "127.0.0.1");
  g_autoptr(PdPlatformConnection) connection = connect_to (server->uri);
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = pd_platform_connection_send (connection, "POST", "/v1/links", NULL, "{}", "key-2", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 422);
  g_test_message ("%s: %s", response->error_code, response->error_message);
  assert_printable (response->error_code);
  assert_printable (response->error_message);
  g_assert_cmpstr (response->error_code, ==, "bad [31m_code");
  g_assert_cmpstr (response->error_message, ==, "line one  FAKE: ok  ]0;title   2J evil done");
}

/* A refusal the sync client words itself, quoting the platform, is
 * printable when the run ends and where it is recorded. */
static void
test_run_error_text (void)
{
  g_autoptr(Server) server = server_start (SERVE_PARTNER, "127.0.0.1");
  g_autofree char *dir = NULL;
  g_autoptr(PdStore) store = test_store_new (&dir);
  g_autoptr(PdCredentials) credentials = pd_credentials_new ();
  g_autoptr(PdSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = NULL;

  credentials->app_key = g_strdup ("key-1234");
  credentials->app_secret = g_strdup ("secret-5678");
  credentials->access_token = g_strdup ("access-SECRET-token");
  credentials->refresh_token = g_strdup ("refresh-SECRET-token");
  client = pd_sync_client_new (store, server->uri, credentials);
  g_assert_false (test_run_sync (client, NULL, NULL, &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "server_time"));
  assert_printable (error->message);
  recorded = test_store_text (store, "SELECT value FROM sync_state WHERE key = 'last_sync_result'");
  assert_printable (recorded);
  g_clear_object (&client);
  g_clear_object (&store);
  test_remove_tree (dir);
}

/* The applier: one change at a time. */

/* The shared applier fixture (sync-test-utils.h). */
typedef ApplierFixture Fixture;

static char *
read_program (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_PROGRAMS_DIR"), name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

#define CHANGE(type, id, data) "{\"seq\":1,\"type\":\"" type "\",\"id\":\"" id "\",\"op\":\"upsert\"," \
                               "\"version\":1,\"trace\":{\"x\":[1]},\"data\":" data "}"
#define UNKNOWN "\"future_field\":{\"nested\":[1,{\"deeper\":true}]},\"another\":\"x\""

static void
test_unknown_fields (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *eu = read_program ("eu-jp-pop-partner-2026q1.json");
  g_autoptr(GString) program = g_string_new (eu);
  g_autoptr(GError) error = NULL;
  g_autofree char *change = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  static const char *const others[] = {
    CHANGE ("fx_rate", "EUR", "{\"currency\":\"EUR\",\"cny_per_unit\":\"7.8\"," UNKNOWN "}"),
    CHANGE ("target_merchant", "eu-jp-pop-partner-2026q1:7001",
            "{\"seller_id\":\"7001\",\"seller_name\":\"Acme\",\"market\":\"EU\"," UNKNOWN "}"),
    CHANGE ("store", "S-1", "{\"store_id\":\"S-1\",\"seller_id\":\"7001\",\"inventory_countries\":[\"DE\"]," UNKNOWN "}"),
    CHANGE ("link", "tok-1234567890123456789012",
            "{\"token\":\"tok-1234567890123456789012\",\"kind\":\"onboarding\",\"url\":\"https://x.test/?t=1\","
            "\"state\":\"active\",\"created_at\":\"2026-02-01T00:00:00Z\"," UNKNOWN "}"),
    CHANGE ("service_category", "c1",
            "{\"id\":\"c1\",\"name\":\"C\",\"state\":\"approved\",\"requirement\":{\"metric\":\"gmv\",\"amount\":\"5.00\","
            "\"currency\":\"USD\",\"operation_qualification\":\"q\"," UNKNOWN "},\"current\":{\"amount\":\"1.00\","
            "\"currency\":\"USD\"," UNKNOWN "}," UNKNOWN "}"),
    CHANGE ("service", "s1", "{\"id\":\"s1\",\"category_id\":\"c1\",\"name\":\"S\",\"type\":\"public\","
            "\"price\":\"9.00\",\"currency\":\"USD\"," UNKNOWN "}"),
    CHANGE ("seller_request", "r1", "{\"id\":\"r1\",\"status\":\"partner_reviewing\",\"request_type\":\"platform_referral\","
            "\"created_at\":\"2026-02-01T00:00:00Z\",\"updated_at\":\"2026-02-01T00:00:00Z\"," UNKNOWN "}"),
    CHANGE ("authorization", "a1", "{\"id\":\"a1\",\"state\":\"active\",\"seller_id\":\"7001\",\"service_id\":\"s1\","
            "\"shop_ids\":[\"x\"],\"starts_at\":\"2026-02-01T00:00:00Z\"," UNKNOWN "}"),
    CHANGE ("payout", "p1", "{\"id\":\"p1\",\"program_id\":\"eu-jp-pop-partner-2026q1\",\"quarter\":\"2026Q1\","
            "\"amount\":\"10.00\",\"currency\":\"CNY\",\"status\":\"paid\"," UNKNOWN "}"),
  };

  /* The program: unknown at the top, in an object and in a list's object. */
  g_assert_cmpuint (g_string_replace (program, "\"kind\": \"recruitment\",",
                                      "\"kind\": \"recruitment\", " UNKNOWN ",", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (program, "\"window_days\": 30,", "\"window_days\": 30, \"grace_days\": 3,", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (program, "\"period\": {", "\"period\": { \"label\": \"Q1\",", 1), ==, 1);
  change = g_strdup_printf (CHANGE ("program", "eu-jp-pop-partner-2026q1", "%s"), program->str);
  g_assert_true (test_apply_json (f, change, &error));
  g_assert_no_error (error);
  /* Kept without what this client does not know, and readable again. */
  stored = test_store_text (f->store, "SELECT json FROM programs WHERE id = 'eu-jp-pop-partner-2026q1'");
  g_assert_null (strstr (stored, "future_field"));
  g_assert_null (strstr (stored, "grace_days"));
  g_assert_null (strstr (stored, "label"));
  g_assert_nonnull (strstr (stored, "window_days"));
  programs = pd_store_list_programs (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (programs->len, >=, 1);

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      gboolean applied;

      g_test_message ("%s", others[i]);
      applied = test_apply_json (f, others[i], &error);
      g_assert_no_error (error);
      g_assert_true (applied);
    }
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM service_categories WHERE"
                                               " requirement_amount = 500 AND current_amount = 100"), ==, 1);
}

static void
test_known_fields_checked (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *eu = read_program ("eu-jp-pop-partner-2026q1.json");
  static const struct { const char *from; const char *to; const char *message; } program_cases[] = {
    { "\"timezone\": \"Asia/Shanghai\"", "\"timezone\": 8, \"future\": 1", "data: timezone: " },
    { "\"window_days\": 30,", "\"window_days\": \"30\", \"future\": 1,", "conditions.sales.window_days" },
    { "\"period\": {", "\"period\": 7, \"x\": {", "period" },
  };
  static const struct { const char *json; const char *message; } cases[] = {
    { CHANGE ("store", "S-1", "{\"store_id\":\"S-1\",\"seller_id\":7001," UNKNOWN "}"),
      "data.seller_id is an integer; expected a string" },
    { CHANGE ("service_category", "c1", "{\"id\":\"c1\",\"name\":\"C\",\"state\":\"approved\","
              "\"requirement\":{\"amount\":5,\"currency\":\"USD\"," UNKNOWN "}}"),
      "data.requirement.amount is an integer; expected a string" },
    { CHANGE ("link", "t", "{\"token\":\"t\",\"kind\":\"onboarding\",\"url\":\"u\",\"state\":\"active\","
              "\"created_at\":[]," UNKNOWN "}"),
      "data.created_at is an array" },
  };
  g_autofree char *before = test_store_fingerprint (f->store);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (program_cases); i++)
    {
      g_autoptr(GString) program = g_string_new (eu);
      g_autoptr(GError) error = NULL;
      g_autofree char *change = NULL;

      g_assert_cmpuint (g_string_replace (program, program_cases[i].from, program_cases[i].to, 1), ==, 1);
      change = g_strdup_printf (CHANGE ("program", "eu-jp-pop-partner-2026q1", "%s"), program->str);
      g_assert_false (test_apply_json (f, change, &error));
      g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, program_cases[i].message));
      g_assert_null (strstr (error->message, "future"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (test_apply_json (f, cases[i].json, &error));
      g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].message);
    }
  after = test_store_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* 11 again: the feed's text is stored printable, and refusals that quote
 * the feed are printable too. */
static void
test_feed_text (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;

  g_assert_true (test_apply_json (f, CHANGE ("service", "s1", "{\"id\":\"s1\",\"category_id\":\"c1\","
                                        "\"name\":\"Ads\\u001b[2J\\r\\n\\u202eevil\",\"type\":\"public\","
                                        "\"description\":\"line 1\\nline 2\\u001b[0m\"}"), &error));
  g_assert_no_error (error);
  name = test_store_text (f->store, "SELECT name FROM services");
  description = test_store_text (f->store, "SELECT description FROM services");
  g_assert_cmpstr (name, ==, "Ads [2J  evil");
  g_assert_cmpstr (description, ==, "line 1\nline 2 [0m");

  g_assert_false (test_apply_json (f, CHANGE ("store", "S-1", "{\"store_id\":\"S-1\",\"seller_id\":\"7\","
                                         "\"store_status\":\"gone\\u001b]0;pwned\\u0007\\n\\u202e\"}"), &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
  g_test_message ("%s", error->message);
  assert_printable (error->message);
}

/* 15: repeated member names in a response */

static void
test_duplicates (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "{\"changes\":[],\"has_more\":false,\"has_more\":true}", "names the member “has_more” twice in the object at byte 0" },
    { "{\"changes\":[{\"seq\":1,\"type\":\"store\",\"type\":\"link\"}]}", "“type” twice in the object at byte 12" },
    { "{\"a\":{\"b\":1,\"c\":2,\"d\":3,\"e\":4,\"f\":5,\"g\":6,\"h\":7,\"i\":8,\"j\":9,\"b\":0}}", "“b” twice" },
    { "{\"x\\u0041\":1,\"xA\":2}", "“xA” twice" },
    /* More than 16 members: through a set. */
    { "{\"a\":{\"m1\":1,\"m2\":1,\"m3\":1,\"m4\":1,\"m5\":1,\"m6\":1,\"m7\":1,\"m8\":1,\"m9\":1,"
      "\"m10\":1,\"m11\":1,\"m12\":1,\"m13\":1,\"m14\":1,\"m15\":1,\"m16\":1,\"m17\":1,\"m3\":2}}", "“m3” twice" },
  };
  g_autoptr(GString) wide = g_string_new ("{");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].json, strlen (cases[i].json));
      g_autoptr(GError) error = NULL;
      g_autoptr(PdJsonDoc) doc = pd_json_doc_parse ("GET /v1/changes", bytes, &error);

      g_assert_null (doc);
      g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
      if (strstr (error->message, cases[i].message) == NULL || !g_str_has_prefix (error->message, "GET /v1/changes: "))
        g_error ("“%s” does not say “%s”", error->message, cases[i].message);
    }

  /* Same names in different objects are fine; 100,000 members are
   * checked in linear time. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (wide, "%s\"k%u\":{\"k%u\":{\"a\":1,\"b\":2}}", i ? "," : "", i, i);
  g_string_append_c (wide, '}');
  {
    g_autoptr(GBytes) bytes = g_bytes_new (wide->str, wide->len);
    g_autoptr(GError) error = NULL;
    g_autoptr(PdJsonDoc) doc = NULL;
    gint64 start = g_get_monotonic_time ();

    doc = pd_json_doc_parse ("GET /test", bytes, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  }
}

/* The sandbox platform refuses request bodies with repeated names too. */
static void
test_sandbox_duplicates (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (sandbox->endpoint, "/sandbox/seed-bulk", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"changes\": 1, \"changes\": 2}", 28);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  g_test_message ("%u %s", soup_message_get_status (msg), text);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
  g_assert_nonnull (strstr (text, "“changes” twice"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sync_test_init (argc, argv);

  g_test_add_func ("/sync/untrusted/duplicates", test_duplicates);
  g_test_add_func ("/sync/untrusted/safe-text", test_safe_text);
  g_test_add_func ("/sync/untrusted/error-text", test_error_text);
  g_test_add_func ("/sync/untrusted/run-error-text", test_run_error_text);
  g_test_add_func ("/sync/untrusted/redirect", test_redirect);
  g_test_add_func ("/sync/untrusted/sandbox-duplicates", test_sandbox_duplicates);
  g_test_add_func ("/sync/untrusted/deadline-request", test_deadline_request);
  g_test_add_func ("/sync/untrusted/deadline-run", test_deadline_run);
#define ADD(name, func) g_test_add ("/sync/untrusted/" name, Fixture, NULL, applier_fixture_set_up, func, applier_fixture_tear_down)
  ADD ("unknown-fields", test_unknown_fields);
  ADD ("known-fields-checked", test_known_fields_checked);
  ADD ("feed-text", test_feed_text);
#undef ADD
  return g_test_run ();
}
