/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-server"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "pd-sandbox-api-private.h"
#include "pd-sandbox-error.h"
#include "pd-sandbox-fault-rules.h"
#include "pd-sandbox-json.h"
#include "pd-open-api-codes.h"
#include "pd-sandbox-open-api.h"
#include "pd-sandbox-scenario.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-server.h"
#include "pd-sandbox-util.h"

#define MAX_BODY_BYTES (1024 * 1024)
#define MAX_BULK 2000000
#define RETRY_AFTER_SECONDS 1
#define REFUSED_KEY "pd-sandbox-refused"

struct _PdSandboxServer
{
  GObject                 parent_instance;

  SoupServer             *server;
  PdSandboxDb            *db;
  PdSandboxApi           *api;
  PdSandboxOpenApi       *open_api;
  PdSandboxServerOptions  options;
  GRand                  *dice;
  PdSandboxFaultRules    *fault_rules;
  gint64                  window_start;   /* rate limit: the current second */
  guint                   window_count;
  gint64                  clock_offset;   /* seconds added to the real time: POST /sandbox/clock */
};

/* The sandbox's notion of now, in Unix seconds: the real time, moved
 * forward by POST /sandbox/clock (tests of token lifetimes move it
 * instead of sleeping). */
static gint64
server_now (PdSandboxServer *self)
{
  return g_get_real_time () / G_USEC_PER_SEC + self->clock_offset;
}

G_DEFINE_FINAL_TYPE (PdSandboxServer, pd_sandbox_server, G_TYPE_OBJECT)

/* A request waiting for its injected latency. */
typedef struct
{
  PdSandboxServer   *self;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  char              *request_id;
  gboolean           truncate;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_object_unref (pending->msg);
  g_free (pending->path);
  g_clear_pointer (&pending->query, g_hash_table_unref);
  g_free (pending->request_id);
  g_free (pending);
}

static void
pd_sandbox_server_dispose (GObject *object)
{
  PdSandboxServer *self = PD_SANDBOX_SERVER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->api);
  g_clear_object (&self->open_api);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (pd_sandbox_server_parent_class)->dispose (object);
}

static void
pd_sandbox_server_finalize (GObject *object)
{
  PdSandboxServer *self = PD_SANDBOX_SERVER (object);

  g_clear_pointer (&self->dice, g_rand_free);
  g_clear_pointer (&self->fault_rules, pd_sandbox_fault_rules_free);
  G_OBJECT_CLASS (pd_sandbox_server_parent_class)->finalize (object);
}

static void
pd_sandbox_server_class_init (PdSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_sandbox_server_dispose;
  object_class->finalize = pd_sandbox_server_finalize;
}

static void
pd_sandbox_server_init (PdSandboxServer *self)
{
}

/* Responses */

static void
send_reply (PdSandboxServer      *self,
            SoupServerMessage    *msg,
            const PdSandboxReply *reply,
            const char           *request_id,
            gboolean              may_fault,
            gboolean              truncate)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (server_now (self));
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  gsize length = strlen (reply->body);
  gsize sent = length;

  soup_message_headers_replace (headers, "Date", date);
  soup_message_headers_replace (headers, "X-Request-Id", request_id);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (reply->etag != NULL)
    soup_message_headers_replace (headers, "ETag", reply->etag);
  if (reply->allow != NULL)
    soup_message_headers_replace (headers, "Allow", reply->allow);
  if (reply->replayed)
    soup_message_headers_replace (headers, "Idempotent-Replayed", "true");
  if (reply->status == 429 || reply->status == 503)
    soup_message_headers_replace (headers, "Retry-After", G_STRINGIFY (RETRY_AFTER_SECONDS));

  /* A truncated response announces the whole length, sends part of it
   * and closes the connection, as a dropped connection would. */
  if (length > 1 &&
      (truncate ||
       (may_fault && self->options.truncate_rate > 0 &&
        g_rand_double (self->dice) < self->options.truncate_rate)))
    {
      sent = length / 2;
      soup_message_headers_set_content_length (headers, length);
      soup_message_headers_replace (headers, "Connection", "close");
      g_debug ("request %s: response truncated to %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
               request_id, sent, length);
    }

  soup_server_message_set_status (msg, reply->status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    reply->body, sent);
  if (sent < length)
    soup_message_body_complete (soup_server_message_get_response_body (msg));
}

static void
send_error (PdSandboxServer   *self,
            SoupServerMessage *msg,
            PdSandboxError     code,
            const char        *request_id,
            const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (PD_SANDBOX_ERROR, code, message);
  g_autoptr(PdSandboxReply) reply = pd_sandbox_reply_new_error (error, request_id, NULL);

  send_reply (self, msg, reply, request_id, FALSE, FALSE);
}

/* Bodies over 1 MB: refused as they arrive, without keeping them. */

static void
refuse_body (PdSandboxServer   *self,
             SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *request_id = NULL;

  if (g_object_get_data (G_OBJECT (msg), REFUSED_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (msg), REFUSED_KEY, GINT_TO_POINTER (1));
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  request_id = pd_sandbox_random_hex (8);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  send_error (self, msg, PD_SANDBOX_ERROR_PAYLOAD_TOO_LARGE, request_id,
              "request body over 1048576 bytes; refused");
}

static void
on_got_headers_cb (SoupServerMessage *msg,
                   PdSandboxServer   *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_BODY_BYTES)
    refuse_body (self, msg);
}

static void
on_got_chunk_cb (SoupServerMessage *msg,
                 GBytes            *chunk,
                 PdSandboxServer   *self)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (body->length > MAX_BODY_BYTES)
    refuse_body (self, msg);
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       PdSandboxServer   *self)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_got_headers_cb), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), self, 0);
}

/* The /v1 API */

static void
process_api (PdSandboxServer   *self,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             const char        *request_id,
             gboolean           truncate)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(PdSandboxReply) reply = NULL;
  PdSandboxRequest request = {
    .method = soup_server_message_get_method (msg),
    .path = path,
    .query = query,
    .access_token = soup_message_headers_get_one (headers, "x-tts-access-token"),
    .idempotency_key = soup_message_headers_get_one (headers, "Idempotency-Key"),
    .if_match = soup_message_headers_get_one (headers, "If-Match"),
    .request_id = request_id,
    .now = server_now (self),
  };
  gsize length = 0;

  request.body = g_bytes_get_data (bytes, &length);
  request.body_length = length;
  reply = pd_sandbox_api_handle (self->api, &request);
  g_debug ("%s %s -> %u (request %s)", request.method, path, reply->status, request_id);
  send_reply (self, msg, reply, request_id, TRUE, truncate);
}

static gboolean
on_latency_elapsed_cb (gpointer user_data)
{
  Pending *pending = user_data;

  process_api (pending->self, pending->msg, pending->path, pending->query, pending->request_id,
               pending->truncate);
  soup_server_message_unpause (pending->msg);
  return G_SOURCE_REMOVE;
}

static gboolean
rate_limited (PdSandboxServer *self)
{
  gint64 second = g_get_monotonic_time () / G_USEC_PER_SEC;

  if (self->options.rate_limit == 0)
    return FALSE;
  if (second != self->window_start)
    {
      self->window_start = second;
      self->window_count = 0;
    }
  return ++self->window_count > self->options.rate_limit;
}

static void
handle_api (PdSandboxServer   *self,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            const char        *request_id)
{
  Pending *pending;
  PdSandboxFaultAction fault;

  if (rate_limited (self))
    {
      send_error (self, msg, PD_SANDBOX_ERROR_RATE_LIMITED, request_id,
                  "too many requests; retry after the number of seconds in Retry-After");
      return;
    }
  fault = pd_sandbox_fault_rules_take (self->fault_rules, soup_server_message_get_method (msg), path);
  if (fault == PD_SANDBOX_FAULT_FAIL)
    {
      send_error (self, msg, PD_SANDBOX_ERROR_INTERNAL, request_id,
                  "the platform failed on this endpoint (injected fault rule); nothing was done");
      return;
    }
  if (self->options.fail_rate > 0 && g_rand_double (self->dice) < self->options.fail_rate)
    {
      send_error (self, msg, PD_SANDBOX_ERROR_UNAVAILABLE, request_id,
                  "the platform is temporarily unavailable (injected fault); nothing was done,"
                  " retry after the number of seconds in Retry-After");
      return;
    }
  if (self->options.latency_ms == 0)
    {
      process_api (self, msg, path, query, request_id, fault == PD_SANDBOX_FAULT_TRUNCATE);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->request_id = g_strdup (request_id);
  pending->truncate = fault == PD_SANDBOX_FAULT_TRUNCATE;
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      pending->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (pending->query, g_strdup (key), g_strdup (value));
    }
  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, self->options.latency_ms, on_latency_elapsed_cb,
                      pending, (GDestroyNotify) pending_free);
}

/* The TikTok Shop Open API (pd-sandbox-open-api.h): the same faults as
 * /v1 (rate limit, fail rate), in the Open API's envelope. */
static void
handle_open_api (PdSandboxServer   *self,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 const char        *request_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(PdSandboxReply) reply = NULL;
  PdSandboxRequest request = {
    .method = soup_server_message_get_method (msg),
    .path = path,
    .query = query,
    .access_token = soup_message_headers_get_one (headers, "x-tts-access-token"),
    .request_id = request_id,
    .now = server_now (self),
  };
  gsize length = 0;

  request.body = g_bytes_get_data (bytes, &length);
  request.body_length = length;
  if (rate_limited (self))
    reply = pd_sandbox_reply_new_json (429, g_strdup_printf (
      "{\"code\":%d,\"message\":\"too many requests\",\"request_id\":\"%s\"}", PD_OPEN_API_CODE_RATE_LIMITED, request_id));
  else if (self->options.fail_rate > 0 && g_rand_double (self->dice) < self->options.fail_rate)
    reply = pd_sandbox_reply_new_json (503, g_strdup_printf (
      "{\"code\":%d,\"message\":\"temporarily unavailable\",\"request_id\":\"%s\"}", PD_OPEN_API_CODE_INTERNAL, request_id));
  else if (self->open_api == NULL)
    reply = pd_sandbox_reply_new_json (500, g_strdup_printf (
      "{\"code\":%d,\"message\":\"the Open API is off\",\"request_id\":\"%s\"}", PD_OPEN_API_CODE_INTERNAL, request_id));
  else
    reply = pd_sandbox_open_api_handle (self->open_api, &request);
  g_debug ("%s %s -> %u (request %s)", request.method, path, reply->status, request_id);
  send_reply (self, msg, reply, request_id, FALSE, FALSE);
}

/* The unsigned /sandbox admin endpoints */

static gboolean
get_count (JsonObject  *body,
           const char  *member,
           gint64       max,
           guint       *out,
           GError     **error)
{
  gboolean present;
  gint64 value = 0;

  if (!pd_sandbox_json_get_int (body, member, FALSE, 0, max, &present, &value, error))
    return FALSE;
  *out = present ? (guint) value : 0;
  return TRUE;
}

static gboolean
get_flag (JsonObject  *body,
          const char  *member,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (body, member);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" has the wrong type; expected true or false", member);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_rate (JsonObject  *body,
          const char  *member,
          double      *inout,
          GError     **error)
{
  JsonNode *node = json_object_get_member (body, member);
  double value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" has the wrong type; expected a number from 0 to 1", member);
      return FALSE;
    }
  value = json_node_get_double (node);
  if (!(value >= 0.0 && value <= 1.0))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" is %g; expected 0 to 1", member, value);
      return FALSE;
    }
  *inout = value;
  return TRUE;
}

static char *
admin_advance (PdSandboxServer  *self,
               JsonObject       *body,
               GError          **error)
{
  g_autoptr(JsonObject) summary = json_object_new ();
  PdSandboxAdvance what = { 0 };

  if (!get_count (body, "new_stores", 10000, &what.new_stores, error) ||
      !get_count (body, "gmv_updates", 100000, &what.gmv_updates, error) ||
      !get_flag (body, "governance_event", &what.governance_event, error) ||
      !get_count (body, "new_seller_requests", 10000, &what.new_seller_requests, error) ||
      !get_flag (body, "resolve_reviews", &what.resolve_reviews, error) ||
      !get_count (body, "target_removals", 100000, &what.target_removals, error) ||
      !pd_sandbox_scenario_advance (self->db, &what, server_now (self), summary, error))
    return NULL;
  return pd_sandbox_json_object_to_string (summary);
}

static char *
admin_seed_bulk (PdSandboxServer  *self,
                 JsonObject       *body,
                 GError          **error)
{
  gint64 before = pd_sandbox_db_get_max_seq (self->db);
  gboolean present;
  gint64 count;

  if (!pd_sandbox_json_get_int (body, "changes", TRUE, 1, MAX_BULK, &present, &count, error) ||
      !pd_sandbox_seed_bulk (self->db, (guint) count, error))
    return NULL;
  return g_strdup_printf ("{\"created\":%" G_GINT64_FORMAT ",\"first_seq\":%" G_GINT64_FORMAT
                          ",\"last_seq\":%" G_GINT64_FORMAT "}",
                          count, before + 1, pd_sandbox_db_get_max_seq (self->db));
}

static char *
admin_compact (PdSandboxServer  *self,
               GError          **error)
{
  g_autofree char *generation = pd_sandbox_db_dup_meta (self->db, "compaction_generation");
  g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           (generation != NULL ? g_ascii_strtoll (generation, NULL, 10) : 0) + 1);
  gint64 removed = 0;

  /* The generation changes first: cursors issued before are the old ones. */
  if (!pd_sandbox_db_set_meta (self->db, "compaction_generation", next, error) ||
      !pd_sandbox_db_compact (self->db, &removed, error))
    return NULL;
  return g_strdup_printf ("{\"removed\":%" G_GINT64_FORMAT ",\"compacted_seq\":%" G_GINT64_FORMAT "}",
                          removed, pd_sandbox_db_get_compacted_seq (self->db));
}

static char *
admin_faults (PdSandboxServer  *self,
              JsonObject       *body,
              GError          **error)
{
  PdSandboxServerOptions options = self->options;
  JsonNode *rules = json_object_get_member (body, "rules");
  g_autoptr(PdSandboxFaultRules) new_rules = NULL;
  g_autofree char *rules_text = NULL;
  gboolean present;
  gint64 latency;

  if (!get_rate (body, "fail_rate", &options.fail_rate, error) ||
      !get_rate (body, "truncate_rate", &options.truncate_rate, error) ||
      !pd_sandbox_json_get_int (body, "latency_ms", FALSE, 0, 60000, &present, &latency, error))
    return NULL;
  if (rules != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (rules))
        {
          g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                               "request body: \"rules\" is not an array");
          return NULL;
        }
      new_rules = pd_sandbox_fault_rules_new ();
      if (!pd_sandbox_fault_rules_set (new_rules, json_node_get_array (rules), error))
        return NULL;
    }
  if (present)
    options.latency_ms = (guint) latency;
  self->options = options;
  if (new_rules != NULL)
    {
      pd_sandbox_fault_rules_free (self->fault_rules);
      self->fault_rules = g_steal_pointer (&new_rules);
    }
  rules_text = pd_sandbox_fault_rules_to_json (self->fault_rules);
  return g_strdup_printf ("{\"fail_rate\":%g,\"truncate_rate\":%g,\"latency_ms\":%u,\"rules\":%s}",
                          options.fail_rate, options.truncate_rate, options.latency_ms, rules_text);
}

/* Moves the sandbox's clock forward by "advance_seconds" (1 to 10 years'
 * worth); it never goes back. */
static char *
admin_clock (PdSandboxServer  *self,
             JsonObject       *body,
             GError          **error)
{
  g_autofree char *now = NULL;
  gboolean present;
  gint64 seconds;

  if (!pd_sandbox_json_get_int (body, "advance_seconds", TRUE, 1, 10 * 366 * 86400, &present, &seconds, error))
    return NULL;
  self->clock_offset += seconds;
  now = pd_sandbox_format_time (server_now (self));
  return g_strdup_printf ("{\"now\":\"%s\",\"offset_seconds\":%" G_GINT64_FORMAT "}", now, self->clock_offset);
}

static void
handle_admin (PdSandboxServer   *self,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              const char        *request_id)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  PdSandboxReply reply = { 0 };

  if (!self->options.admin)
    {
      send_error (self, msg, PD_SANDBOX_ERROR_NOT_FOUND, request_id,
                  "the /sandbox endpoints are off; start partnerdesk-sandbox with --admin");
      return;
    }

  if (g_str_equal (method, "POST"))
    {
      body = pd_sandbox_json_parse_object (data != NULL ? data : "", length, TRUE, &error);
      if (body == NULL)
        {
          send_error (self, msg, PD_SANDBOX_ERROR_INVALID_BODY, request_id, error->message);
          return;
        }
      if (g_str_equal (path, "/sandbox/advance"))
        result = admin_advance (self, body, &error);
      else if (g_str_equal (path, "/sandbox/seed-bulk"))
        result = admin_seed_bulk (self, body, &error);
      else if (g_str_equal (path, "/sandbox/compact"))
        result = admin_compact (self, &error);
      else if (g_str_equal (path, "/sandbox/faults"))
        result = admin_faults (self, body, &error);
      else if (g_str_equal (path, "/sandbox/clock"))
        result = admin_clock (self, body, &error);
      else if (g_str_has_prefix (path, "/sandbox/open-api/") && self->open_api == NULL)
        g_set_error_literal (&error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INTERNAL, "the Open API is off");
      else if (g_str_equal (path, "/sandbox/open-api/approve"))
        result = pd_sandbox_open_api_approve (self->open_api, body, server_now (self), &error);
      else if (g_str_equal (path, "/sandbox/open-api/cancel"))
        result = pd_sandbox_open_api_cancel (self->open_api, body, &error);
      else if (g_str_equal (path, "/sandbox/open-api/override"))
        result = pd_sandbox_open_api_override (self->open_api, body, &error);
    }
  else if (g_str_equal (method, "GET"))
    {
      if (g_str_equal (path, "/sandbox/applied"))
        {
          GString *out = g_string_new ("{\"applied\":");

          if (pd_sandbox_db_dump_applied (self->db, out, &error))
            g_string_append_c (out, '}');
          result = g_string_free (out, error != NULL);
        }
      else if (g_str_equal (path, "/sandbox/objects"))
        {
          GString *out = g_string_new ("{\"objects\":");
          const char *type = query != NULL ? g_hash_table_lookup (query, "type") : NULL;

          if (pd_sandbox_db_dump_objects (self->db, type, out, &error))
            g_string_append_printf (out, ",\"last_seq\":%" G_GINT64_FORMAT "}",
                                    pd_sandbox_db_get_max_seq (self->db));
          result = g_string_free (out, error != NULL);
        }
    }

  if (error != NULL)
    {
      g_autoptr(PdSandboxReply) error_reply = pd_sandbox_reply_new_error (error, request_id, NULL);

      send_reply (self, msg, error_reply, request_id, FALSE, FALSE);
      return;
    }
  if (result == NULL)
    {
      send_error (self, msg, PD_SANDBOX_ERROR_NOT_FOUND, request_id,
                  "no such admin endpoint; see src/sandbox/README.md");
      return;
    }
  reply.status = 200;
  reply.body = result;
  send_reply (self, msg, &reply, request_id, FALSE, FALSE);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  PdSandboxServer *self = user_data;
  g_autofree char *request_id = pd_sandbox_random_hex (8);

  if (g_object_get_data (G_OBJECT (msg), REFUSED_KEY) != NULL)
    return;
  if (g_str_has_prefix (path, "/sandbox/"))
    handle_admin (self, msg, path, query, request_id);
  else if (pd_sandbox_open_api_owns_path (path))
    handle_open_api (self, msg, path, query, request_id);
  else
    handle_api (self, msg, path, query, request_id);
}

PdSandboxServer *
pd_sandbox_server_new (PdSandboxDb                  *db,
                       PdSandboxApi                 *api,
                       const PdSandboxServerOptions *options)
{
  PdSandboxServer *self = g_object_new (PD_TYPE_SANDBOX_SERVER, NULL);

  self->db = g_object_ref (db);
  self->api = g_object_ref (api);
  self->options = *options;
  self->dice = g_rand_new_with_seed (options->fault_seed);
  self->fault_rules = pd_sandbox_fault_rules_new ();
  {
    g_autoptr(GError) error = NULL;

    self->open_api = pd_sandbox_open_api_new (db, &error);
    if (self->open_api == NULL)
      g_warning ("the Open API is off: its app credentials could not be saved: %s", error->message);
  }
  self->server = soup_server_new ("server-header", "partnerdesk-sandbox/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
  g_signal_connect_object (self->server, "request-started", G_CALLBACK (on_request_started_cb), self, 0);
  return self;
}

gboolean
pd_sandbox_server_listen (PdSandboxServer     *self,
                          GInetSocketAddress  *address,
                          GError             **error)
{
  GInetAddress *inet = g_inet_socket_address_get_address (address);

  g_return_val_if_fail (PD_IS_SANDBOX_SERVER (self), FALSE);

  if (!g_inet_address_get_is_loopback (inet))
    {
      g_autofree char *text = g_inet_address_to_string (inet);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "refusing to listen on %s: the sandbox serves loopback addresses only"
                   " (127.0.0.1 or ::1)", text);
      return FALSE;
    }
  return soup_server_listen (self->server, G_SOCKET_ADDRESS (address), 0, error);
}

PdSandboxOpenApi *
pd_sandbox_server_get_open_api (PdSandboxServer *self)
{
  return self->open_api;
}

char *
pd_sandbox_server_dup_endpoint (PdSandboxServer *self)
{
  GSList *uris = soup_server_get_uris (self->server);
  char *endpoint = NULL;

  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);

      endpoint = strchr (host, ':') != NULL
        ? g_strdup_printf ("http://[%s]:%d", host, g_uri_get_port (uri))
        : g_strdup_printf ("http://%s:%d", host, g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return endpoint;
}

void
pd_sandbox_server_disconnect (PdSandboxServer *self)
{
  if (self->server != NULL)
    soup_server_disconnect (self->server);
}
