/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-api"

#include "config.h"

#include <string.h>

#include "pd-sandbox-api-private.h"
#include "pd-sandbox-error.h"
#include "pd-sandbox-json.h"
#include "pd-sandbox-util.h"
#include "pd-sign.h"

#define MAX_BODY_BYTES (1024 * 1024)
#define DEFAULT_PAGE 500
#define MAX_PAGE 1000

G_DEFINE_FINAL_TYPE (PdSandboxApi, pd_sandbox_api, G_TYPE_OBJECT)

typedef enum
{
  ROUTE_SIGNED         = 0,
  ROUTE_NO_TOKEN       = 1 << 0, /* the token endpoints */
  ROUTE_MUTATION       = 1 << 1, /* write transaction, Idempotency-Key */
  ROUTE_KEY_OPTIONAL   = 1 << 2, /* the contract names If-Match instead */
  ROUTE_NO_IDEMPOTENCY = 1 << 3,
} RouteFlags;

typedef PdSandboxReply *(*Handler) (PdSandboxApi           *self,
                                    const PdSandboxRequest *request,
                                    char                  **params);

static PdSandboxReply *get_partner    (PdSandboxApi *self, const PdSandboxRequest *request, char **params);
static PdSandboxReply *get_changes    (PdSandboxApi *self, const PdSandboxRequest *request, char **params);
static PdSandboxReply *refresh_tokens (PdSandboxApi *self, const PdSandboxRequest *request, char **params);
static PdSandboxReply *sign_in        (PdSandboxApi *self, const PdSandboxRequest *request, char **params);

static const struct
{
  const char *method;
  const char *pattern;   /* '*' matches one path segment */
  Handler     handler;
  RouteFlags  flags;
} routes[] = {
  { "GET", "/v1/partner", get_partner, ROUTE_SIGNED },
  { "GET", "/v1/changes", get_changes, ROUTE_SIGNED },
  { "POST", "/v1/auth/refresh", refresh_tokens, ROUTE_NO_TOKEN | ROUTE_MUTATION | ROUTE_NO_IDEMPOTENCY },
  { "POST", "/v1/auth/token", sign_in, ROUTE_NO_TOKEN | ROUTE_MUTATION | ROUTE_NO_IDEMPOTENCY },
  { "POST", "/v1/links", pd_sandbox_api_create_link, ROUTE_MUTATION },
  { "POST", "/v1/links/*/revoke", pd_sandbox_api_revoke_link, ROUTE_MUTATION },
  { "POST", "/v1/authorization-links", pd_sandbox_api_create_authorization_link, ROUTE_MUTATION },
  { "PATCH", "/v1/seller-requests/*", pd_sandbox_api_update_seller_request,
    ROUTE_MUTATION | ROUTE_KEY_OPTIONAL },
  { "PUT", "/v1/services/*", pd_sandbox_api_put_service, ROUTE_MUTATION },
  { "POST", "/v1/service-categories/*/apply", pd_sandbox_api_apply_category, ROUTE_MUTATION },
  { "POST", "/v1/service-categories/*/withdraw", pd_sandbox_api_withdraw_category, ROUTE_MUTATION },
};

void
pd_sandbox_reply_free (PdSandboxReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->body);
  g_free (reply->etag);
  g_free (reply->allow);
  g_free (reply);
}

PdSandboxReply *
pd_sandbox_reply_new_json (guint  status,
                           char  *body)
{
  PdSandboxReply *reply = g_new0 (PdSandboxReply, 1);

  reply->status = status;
  reply->body = body;
  return reply;
}

PdSandboxReply *
pd_sandbox_reply_new_object (guint       status,
                             const char *wrapper,
                             JsonObject *object,
                             gint64      version)
{
  g_autofree char *text = NULL;
  PdSandboxReply *reply;

  json_object_set_int_member (object, "version", version);
  text = pd_sandbox_json_object_to_string (object);
  json_object_remove_member (object, "version");

  reply = pd_sandbox_reply_new_json (status, wrapper != NULL
                                     ? g_strdup_printf ("{\"%s\":%s}", wrapper, text)
                                     : g_steal_pointer (&text));
  reply->etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  return reply;
}

PdSandboxReply *
pd_sandbox_reply_new_error (const GError *error,
                            const char   *request_id,
                            const char   *current_json)
{
  GString *body = g_string_new ("{\"error\":{\"code\":");
  PdSandboxError code = PD_SANDBOX_ERROR_INTERNAL;
  const char *message = error->message;

  if (error->domain == PD_SANDBOX_ERROR)
    code = (PdSandboxError) error->code;
  else
    {
      /* Database trouble: the details go to the log, not the wire. */
      g_warning ("request %s: %s", request_id, error->message);
      message = "internal error; the request was not applied";
    }

  pd_sandbox_json_append_string (body, pd_sandbox_error_name (code));
  g_string_append (body, ",\"message\":");
  pd_sandbox_json_append_string (body, message);
  g_string_append (body, ",\"request_id\":");
  pd_sandbox_json_append_string (body, request_id);
  if (current_json != NULL)
    g_string_append_printf (body, ",\"current\":%s", current_json);
  g_string_append (body, "}}");

  return pd_sandbox_reply_new_json (pd_sandbox_error_status (code), g_string_free (body, FALSE));
}

PdSandboxReply *
pd_sandbox_api_error (const PdSandboxRequest *request,
                      GError                 *error)
{
  g_autoptr(GError) owned = error;

  return pd_sandbox_reply_new_error (owned, request->request_id, NULL);
}

PdSandboxReply *
pd_sandbox_api_error_printf (const PdSandboxRequest *request,
                             PdSandboxError          code,
                             const char             *format,
                             ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (PD_SANDBOX_ERROR, code, format, args);
  va_end (args);
  return pd_sandbox_reply_new_error (error, request->request_id, NULL);
}

static void
pd_sandbox_api_finalize (GObject *object)
{
  PdSandboxApi *self = PD_SANDBOX_API (object);

  g_clear_object (&self->db);
  G_OBJECT_CLASS (pd_sandbox_api_parent_class)->finalize (object);
}

static void
pd_sandbox_api_class_init (PdSandboxApiClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_sandbox_api_finalize;
}

static void
pd_sandbox_api_init (PdSandboxApi *self)
{
}

PdSandboxApi *
pd_sandbox_api_new (PdSandboxDb *db,
                    gint64       token_ttl)
{
  PdSandboxApi *self = g_object_new (PD_TYPE_SANDBOX_API, NULL);

  self->db = g_object_ref (db);
  self->token_ttl = token_ttl;
  return self;
}

/* Authentication */

static const char *
query_get (const PdSandboxRequest *request,
           const char             *name)
{
  return request->query != NULL ? g_hash_table_lookup (request->query, name) : NULL;
}

static gboolean
check_signature (PdSandboxApi                *self,
                 const PdSandboxRequest      *request,
                 const PdSandboxCredentials  *credentials,
                 GError                     **error)
{
  const char *app_key = query_get (request, "app_key");
  const char *sign = query_get (request, "sign");
  const char *timestamp = query_get (request, "timestamp");
  g_autofree char *expected = NULL;
  gint64 when;

  if (app_key == NULL || !pd_sign_equal (app_key, credentials->app_key))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_APP_KEY,
                           app_key == NULL ? "query parameter app_key is missing"
                                           : "unknown app_key");
      return FALSE;
    }
  if (sign == NULL)
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_BAD_SIGNATURE,
                           "query parameter sign is missing");
      return FALSE;
    }
  expected = pd_sign_request (credentials->app_secret, request->path, request->query,
                              (const guint8 *) request->body, request->body_length);
  if (!pd_sign_equal (sign, expected))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_BAD_SIGNATURE,
                           "the signature does not match the request; sign the path, the sorted"
                           " query parameters (except sign and access_token) and the exact body"
                           " bytes with the app secret");
      return FALSE;
    }
  if (timestamp == NULL ||
      !g_ascii_string_to_signed (timestamp, 10, 0, G_MAXINT64, &when, NULL))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_BAD_TIMESTAMP,
                           "query parameter timestamp is missing or not Unix seconds");
      return FALSE;
    }
  if (when < request->now - PD_SANDBOX_TIMESTAMP_WINDOW ||
      when > request->now + PD_SANDBOX_TIMESTAMP_WINDOW)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_BAD_TIMESTAMP,
                   "timestamp %" G_GINT64_FORMAT " is %" G_GINT64_FORMAT " s from the server's"
                   " clock (%" G_GINT64_FORMAT "); at most %d s are accepted, see the Date header",
                   when, when - request->now, request->now, PD_SANDBOX_TIMESTAMP_WINDOW);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_access_token (PdSandboxApi                *self,
                    const PdSandboxRequest      *request,
                    const PdSandboxCredentials  *credentials,
                    GError                     **error)
{
  const char *token = request->access_token;

  if (token == NULL)
    token = query_get (request, "access_token");
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_TOKEN,
                           "header x-tts-access-token is missing");
      return FALSE;
    }
  if (pd_sign_equal (token, credentials->access_token))
    {
      if (request->now >= credentials->issued_at + self->token_ttl)
        {
          g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_TOKEN_EXPIRED,
                               "the access token has expired; refresh it with POST /v1/auth/refresh");
          return FALSE;
        }
      return TRUE;
    }
  /* Replaced by a refresh: expired, so that a client that missed the
   * refresh's answer refreshes again (and gets the current pair). */
  if (credentials->previous_access_token != NULL &&
      pd_sign_equal (token, credentials->previous_access_token))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_TOKEN_EXPIRED,
                           "the access token was replaced by a refresh");
      return FALSE;
    }
  g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_TOKEN,
                       "unknown access token");
  return FALSE;
}

/* Routing */

static gboolean
match_route (const char  *pattern,
             const char  *path,
             GPtrArray   *params)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);
  guint n = g_strv_length (want);

  if (g_strv_length (have) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (want[i], "*"))
        {
          if (!pd_sandbox_json_is_token (have[i], 1, 128))
            return FALSE;
          g_ptr_array_add (params, g_strdup (have[i]));
        }
      else if (!g_str_equal (want[i], have[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_valid_idempotency_key (const char *key)
{
  gsize n = strlen (key);

  if (n == 0 || n > 255)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (key[i] < 0x21 || key[i] > 0x7e)
      return FALSE;
  return TRUE;
}

static PdSandboxReply *
run_mutation (PdSandboxApi           *self,
              const PdSandboxRequest *request,
              Handler                 handler,
              RouteFlags              flags,
              char                  **params)
{
  const char *key = request->idempotency_key;
  g_autoptr(PdSandboxReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body_hash = NULL;

  if (flags & ROUTE_NO_IDEMPOTENCY)
    key = NULL;
  else if (key == NULL && !(flags & ROUTE_KEY_OPTIONAL))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_MISSING_IDEMPOTENCY_KEY,
                                        "header Idempotency-Key is required on %s %s",
                                        request->method, request->path);
  else if (key != NULL && !is_valid_idempotency_key (key))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_PARAMETER,
                                        "header Idempotency-Key: expected 1 to 255 visible ASCII characters");

  if (key != NULL)
    {
      g_autoptr(PdSandboxIdempotencyRecord) record = NULL;

      body_hash = pd_sandbox_json_body_hash (request->body != NULL ? request->body : "",
                                             request->body_length);
      record = pd_sandbox_db_lookup_idempotency (self->db, key, &error);
      if (error != NULL)
        return pd_sandbox_api_error (request, g_steal_pointer (&error));
      if (record != NULL)
        {
          if (g_str_equal (record->method, request->method) &&
              g_str_equal (record->path, request->path) &&
              g_str_equal (record->body_hash, body_hash))
            {
              reply = pd_sandbox_reply_new_json (200, g_strdup (record->response));
              reply->replayed = TRUE;
              return g_steal_pointer (&reply);
            }
          return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_IDEMPOTENCY_MISMATCH,
                                              "Idempotency-Key %s was first used for %s %s with"
                                              " another body; use a new key for a new request",
                                              key, record->method, record->path);
        }
    }

  if (!pd_sandbox_db_begin (self->db, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  reply = handler (self, request, params);
  if (reply->status < 200 || reply->status >= 300)
    {
      pd_sandbox_db_rollback (self->db);
      return g_steal_pointer (&reply);
    }

  if (!(flags & ROUTE_NO_IDEMPOTENCY) &&
      ((key != NULL &&
        !pd_sandbox_db_record_idempotency (self->db, key, request->method, request->path,
                                           body_hash, reply->status, reply->body, &error)) ||
       !pd_sandbox_db_record_applied (self->db, key, request->method, request->path,
                                      request->request_id, &error)))
    {
      pd_sandbox_db_rollback (self->db);
      return pd_sandbox_api_error (request, g_steal_pointer (&error));
    }
  if (!pd_sandbox_db_commit (self->db, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  return g_steal_pointer (&reply);
}

PdSandboxReply *
pd_sandbox_api_handle (PdSandboxApi           *self,
                       const PdSandboxRequest *request)
{
  g_auto(PdSandboxCredentials) credentials = { 0 };
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) allowed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint route = -1;

  g_return_val_if_fail (PD_IS_SANDBOX_API (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_ptr_array_set_size (params, 0);
      if (!match_route (routes[i].pattern, request->path, params))
        continue;
      if (g_str_equal (routes[i].method, request->method))
        {
          route = (gint) i;
          break;
        }
      g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? ", " : "", routes[i].method);
    }

  if (route < 0 && allowed->len > 0)
    {
      PdSandboxReply *reply = pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_METHOD_NOT_ALLOWED,
                                                           "%s is not allowed on %s; allowed: %s",
                                                           request->method, request->path,
                                                           allowed->str);

      reply->allow = g_strdup (allowed->str);
      return reply;
    }
  if (route < 0)
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_NOT_FOUND,
                                        "no such endpoint: %s %s", request->method, request->path);

  if (request->body_length > MAX_BODY_BYTES)
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_PAYLOAD_TOO_LARGE,
                                        "request body of %" G_GSIZE_FORMAT " bytes; at most %d are accepted",
                                        request->body_length, MAX_BODY_BYTES);

  if (!pd_sandbox_db_get_credentials (self->db, &credentials, &error) ||
      !check_signature (self, request, &credentials, &error) ||
      (!(routes[route].flags & ROUTE_NO_TOKEN) &&
       !check_access_token (self, request, &credentials, &error)))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  g_ptr_array_add (params, NULL);
  if (routes[route].flags & ROUTE_MUTATION)
    return run_mutation (self, request, routes[route].handler, routes[route].flags,
                         (char **) params->pdata);
  return routes[route].handler (self, request, (char **) params->pdata);
}

/* GET /v1/partner */

static PdSandboxReply *
get_partner (PdSandboxApi           *self,
             const PdSandboxRequest *request,
             char                  **params)
{
  g_autofree char *partner = pd_sandbox_db_dup_meta (self->db, "partner");
  g_autofree char *now = pd_sandbox_format_time (request->now);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  if (partner == NULL)
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INTERNAL,
                                        "the sandbox has no partner; delete its database to seed it again");
  object = pd_sandbox_json_parse_object (partner, strlen (partner), FALSE, &error);
  if (object == NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  json_object_set_string_member (object, "server_time", now);
  return pd_sandbox_reply_new_json (200, pd_sandbox_json_object_to_string (object));
}

/* GET /v1/changes */

char *
pd_sandbox_api_encode_cursor (PdSandboxApi *self,
                              gint64        seq)
{
  g_autofree char *epoch = pd_sandbox_db_dup_meta (self->db, "epoch");
  g_autofree char *generation = pd_sandbox_db_dup_meta (self->db, "compaction_generation");
  g_autofree char *text = g_strdup_printf ("v1.%s.%s.%" G_GINT64_FORMAT,
                                           epoch != NULL ? epoch : "0",
                                           generation != NULL ? generation : "0", seq);

  return pd_sandbox_base64url_encode ((const guint8 *) text, strlen (text));
}

/* A cursor from another sandbox database (another epoch), or older than
 * the compaction point and issued before that compaction, has expired;
 * garbage is invalid. */
static gboolean
decode_cursor (PdSandboxApi  *self,
               const char    *cursor,
               gint64        *seq_out,
               GError       **error)
{
  g_autofree char *epoch = pd_sandbox_db_dup_meta (self->db, "epoch");
  g_autofree char *generation = pd_sandbox_db_dup_meta (self->db, "compaction_generation");
  g_autofree guint8 *raw = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  gsize length = 0;
  gint64 seq;

  raw = strlen (cursor) <= 200 ? pd_sandbox_base64url_decode (cursor, &length) : NULL;
  if (raw != NULL)
    text = g_strndup ((const char *) raw, length);
  if (text != NULL)
    parts = g_strsplit (text, ".", -1);
  if (parts == NULL || g_strv_length (parts) != 4 || !g_str_equal (parts[0], "v1") ||
      !g_ascii_string_to_signed (parts[3], 10, 0, G_MAXINT64, &seq, NULL))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_CURSOR,
                           "query parameter cursor is not a cursor this platform issued;"
                           " use next_cursor as returned, or no cursor to start again");
      return FALSE;
    }
  if (!g_str_equal (parts[1], epoch != NULL ? epoch : "0") || seq > pd_sandbox_db_get_max_seq (self->db))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_CURSOR_EXPIRED,
                           "the cursor belongs to another copy of the data; start again without a cursor");
      return FALSE;
    }
  if (!g_str_equal (parts[2], generation != NULL ? generation : "0") &&
      seq < pd_sandbox_db_get_compacted_seq (self->db))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_CURSOR_EXPIRED,
                           "the cursor is older than the feed's compaction point; start again without a cursor");
      return FALSE;
    }
  *seq_out = seq;
  return TRUE;
}

static PdSandboxReply *
get_changes (PdSandboxApi           *self,
             const PdSandboxRequest *request,
             char                  **params)
{
  const char *cursor = query_get (request, "cursor");
  const char *limit_text = query_get (request, "limit");
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;
  GString *body;
  guint64 limit = DEFAULT_PAGE;
  gint64 after = 0, last = 0;
  gboolean has_more = FALSE;

  if (limit_text != NULL &&
      !g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_PAGE, &limit, NULL))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_PARAMETER,
                                        "query parameter limit: expected 1 to %d", MAX_PAGE);
  if (cursor != NULL && *cursor != '\0' && !decode_cursor (self, cursor, &after, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  body = g_string_sized_new (limit * 400);
  g_string_append (body, "{\"changes\":[");
  if (!pd_sandbox_db_read_changes (self->db, after, (guint) limit, body, &last, &has_more, &error))
    {
      g_string_free (body, TRUE);
      return pd_sandbox_api_error (request, g_steal_pointer (&error));
    }
  next_cursor = pd_sandbox_api_encode_cursor (self, last);
  g_string_append (body, "],\"next_cursor\":");
  pd_sandbox_json_append_string (body, next_cursor);
  g_string_append_printf (body, ",\"has_more\":%s}", has_more ? "true" : "false");
  return pd_sandbox_reply_new_json (200, g_string_free (body, FALSE));
}

/* POST /v1/auth/refresh */

static PdSandboxReply *
token_reply (const PdSandboxCredentials *credentials,
             gint64                      expires_in)
{
  GString *body = g_string_new ("{\"access_token\":");

  pd_sandbox_json_append_string (body, credentials->access_token);
  g_string_append (body, ",\"refresh_token\":");
  pd_sandbox_json_append_string (body, credentials->refresh_token);
  g_string_append_printf (body, ",\"expires_in\":%" G_GINT64_FORMAT "}", MAX (expires_in, 0));
  return pd_sandbox_reply_new_json (200, g_string_free (body, FALSE));
}

static PdSandboxReply *
refresh_tokens (PdSandboxApi           *self,
                const PdSandboxRequest *request,
                char                  **params)
{
  g_auto(PdSandboxCredentials) credentials = { 0 };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *refresh_token;
  gint64 remaining;

  body = pd_sandbox_json_parse_object (request->body, request->body_length, FALSE, &error);
  if (body == NULL ||
      !pd_sandbox_json_get_string (body, "refresh_token", TRUE, 512, &refresh_token, &error) ||
      !pd_sandbox_db_get_credentials (self->db, &credentials, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  remaining = credentials.issued_at + self->token_ttl - request->now;

  /* The answer to the last refresh was lost: the same answer again. */
  if (credentials.previous_refresh_token != NULL &&
      pd_sign_equal (refresh_token, credentials.previous_refresh_token) &&
      request->now <= credentials.previous_valid_until && remaining > 0)
    return token_reply (&credentials, remaining);

  if (!pd_sign_equal (refresh_token, credentials.refresh_token) &&
      !(credentials.previous_refresh_token != NULL &&
        pd_sign_equal (refresh_token, credentials.previous_refresh_token) &&
        request->now <= credentials.previous_valid_until))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_TOKEN,
                                        "unknown or revoked refresh token; the partner must authorize again");

  g_free (credentials.previous_access_token);
  g_free (credentials.previous_refresh_token);
  credentials.previous_access_token = g_steal_pointer (&credentials.access_token);
  credentials.previous_refresh_token = g_steal_pointer (&credentials.refresh_token);
  credentials.previous_valid_until = request->now + PD_SANDBOX_REFRESH_GRACE;
  credentials.access_token = pd_sandbox_new_access_token ();
  credentials.refresh_token = pd_sandbox_new_refresh_token ();
  credentials.issued_at = request->now;
  if (!pd_sandbox_db_set_credentials (self->db, &credentials, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  return token_reply (&credentials, self->token_ttl);
}

/* POST /v1/auth/token: the sign-in. The request is signed with the app
 * secret like any other (a wrong secret never gets here: 401
 * bad_signature), so the key and the secret are the proof; the answer
 * is the partner's token pair. A pair still within its lifetime is
 * answered as it is (another client signed in with it keeps working);
 * an expired one is replaced, as a refresh would. */
static PdSandboxReply *
sign_in (PdSandboxApi           *self,
         const PdSandboxRequest *request,
         char                  **params)
{
  g_auto(PdSandboxCredentials) credentials = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 remaining;

  if (request->body_length > 0)
    {
      g_autoptr(JsonObject) body = pd_sandbox_json_parse_object (request->body, request->body_length,
                                                                 FALSE, &error);

      if (body == NULL)
        return pd_sandbox_api_error (request, g_steal_pointer (&error));
    }
  if (!pd_sandbox_db_get_credentials (self->db, &credentials, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  remaining = credentials.issued_at + self->token_ttl - request->now;
  if (remaining > 0)
    return token_reply (&credentials, remaining);

  g_free (credentials.previous_access_token);
  g_free (credentials.previous_refresh_token);
  credentials.previous_access_token = g_steal_pointer (&credentials.access_token);
  credentials.previous_refresh_token = g_steal_pointer (&credentials.refresh_token);
  credentials.previous_valid_until = request->now + PD_SANDBOX_REFRESH_GRACE;
  credentials.access_token = pd_sandbox_new_access_token ();
  credentials.refresh_token = pd_sandbox_new_refresh_token ();
  credentials.issued_at = request->now;
  if (!pd_sandbox_db_set_credentials (self->db, &credentials, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  return token_reply (&credentials, self->token_ttl);
}
