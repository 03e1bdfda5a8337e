/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "pd-deadline.h"
#include "pd-platform-answer.h"
#include "pd-platform-connection.h"
#include "pd-platform-connection-private.h"
#include "pd-safe-text.h"
#include "pd-sign.h"
#include "pd-sync-error.h"
#include "pd-json-doc.h"

/* The retry policy (src/sync/README.md: exponential backoff with jitter,
 * honouring Retry-After, bounded in attempts per run). */
#define MAX_ATTEMPTS        6      /* per request */
#define MAX_RUN_RETRIES     100    /* per run, all requests together */
#define BASE_DELAY_MS       500
#define MAX_DELAY_MS        30000
#define MAX_RETRY_AFTER_S   120    /* a longer wait ends the run; the work stays queued */
#define IO_TIMEOUT_S        30
/* A whole request (connect, send, every byte of the answer) and a whole
 * run (every request, retry and wait): SoupSession's timeout bounds each
 * read only, and a server that drips a byte every few seconds would hold
 * a sync for ever. */
#define REQUEST_TIMEOUT_MS  (2 * 60 * 1000)
#define RUN_TIMEOUT_MS      (10 * 60 * 1000)
#define READ_CHUNK          (256 * 1024)

#define REFRESH_PATH "/v1/auth/refresh"
#define SIGN_IN_PATH "/v1/auth/token"


G_DEFINE_FINAL_TYPE (PdPlatformConnection, pd_platform_connection, G_TYPE_OBJECT)

void
pd_platform_response_free (PdPlatformResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->doc, pd_json_doc_unref);
  g_free (response->error_current);
  g_free (response->error_code);
  g_free (response->error_message);
  g_free (response);
}

static void
pd_platform_connection_finalize (GObject *object)
{
  PdPlatformConnection *self = PD_PLATFORM_CONNECTION (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->credentials, pd_credentials_free);
  g_free (self->endpoint);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->refresh_lock);

  G_OBJECT_CLASS (pd_platform_connection_parent_class)->finalize (object);
}

static void
pd_platform_connection_class_init (PdPlatformConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_platform_connection_finalize;
}

static void
pd_platform_connection_init (PdPlatformConnection *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->refresh_lock);
  self->delay_scale = 1.0;
  self->request_timeout_ms = REQUEST_TIMEOUT_MS;
  self->run_timeout_ms = RUN_TIMEOUT_MS;
}

PdPlatformConnection *
pd_platform_connection_new (const char          *endpoint,
                            const PdCredentials *credentials)
{
  PdPlatformConnection *self;

  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (PD_TYPE_PLATFORM_CONNECTION, NULL);
  self->endpoint = g_strdup (endpoint);
  while (g_str_has_suffix (self->endpoint, "/"))
    self->endpoint[strlen (self->endpoint) - 1] = '\0';
  self->credentials = pd_credentials_copy (credentials);
  /* Configured here, on the creating thread, before any request
   * (libsoup's rule for sending from other threads). */
  self->session = soup_session_new_with_options ("timeout", IO_TIMEOUT_S,
                                                 "idle-timeout", 60,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                                 NULL);
  return self;
}

/* Requests */

typedef struct
{
  const char    *method;
  const char    *path;
  const char   **query;
  const char    *body;
  const char    *idempotency_key;
  const char    *if_match;
  const char    *access_token;  /* NULL for the refresh */
  char          *where;         /* "GET /v1/changes" */
} Request;

static char *
build_url (PdPlatformConnection  *self,
           const Request         *request,
           gint64                 timestamp,
           GError               **error)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) url = g_string_new (self->endpoint);
  g_autofree char *timestamp_text = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);
  g_autofree char *decoded_path = NULL;
  g_autofree char *sign = NULL;
  g_autofree char *app_secret = NULL;
  g_autofree char *app_key = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  GHashTableIter iter;
  gpointer name, value;
  char separator = '?';

  g_mutex_lock (&self->lock);
  app_key = g_strdup (self->credentials->app_key);
  app_secret = g_strdup (self->credentials->app_secret);
  g_mutex_unlock (&self->lock);

  g_string_append (url, request->path);
  uri = g_uri_parse (url->str, G_URI_FLAGS_ENCODED_PATH, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED,
                   _("%s: the endpoint does not form a valid address (%s); expected https://HOST"),
                   request->where, local_error->message);
      return NULL;
    }
  /* The path as the server decodes it (src/sync/README.md signs the path). */
  decoded_path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  if (decoded_path == NULL)
    decoded_path = g_strdup (g_uri_get_path (uri));

  for (guint i = 0; request->query != NULL && request->query[i] != NULL; i += 2)
    g_hash_table_insert (params, (gpointer) request->query[i], (gpointer) request->query[i + 1]);
  g_hash_table_insert (params, (gpointer) "app_key", app_key);
  g_hash_table_insert (params, (gpointer) "timestamp", timestamp_text);

  sign = pd_sign_request (app_secret, decoded_path, params,
                          (const guint8 *) request->body,
                          request->body != NULL ? strlen (request->body) : 0);
  explicit_bzero (app_secret, strlen (app_secret));
  g_hash_table_insert (params, (gpointer) "sign", sign);

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      g_autofree char *escaped_name = g_uri_escape_string (name, NULL, FALSE);
      g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

      g_string_append_printf (url, "%c%s=%s", separator, escaped_name, escaped_value);
      separator = '&';
    }
  return g_string_free (g_steal_pointer (&url), FALSE);
}

static gboolean
is_json_content_type (SoupMessageHeaders *headers)
{
  g_autoptr(GHashTable) params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  const char *charset;

  if (type == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (type, "application/json") != 0 && !g_str_has_suffix (type, "+json"))
    return FALSE;
  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

/* The body, at most PD_PLATFORM_MAX_BODY bytes: an announced larger body
 * is refused before it is read, an unannounced one as soon as it grows
 * past the limit. */
static GBytes *
read_body (const Request       *request,
           SoupMessage         *msg,
           GInputStream        *stream,
           GCancellable        *cancellable,
           GError             **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autoptr(GByteArray) buffer = NULL;
  goffset announced = -1;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    announced = soup_message_headers_get_content_length (headers);
  if (announced > PD_PLATFORM_MAX_BODY)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_TOO_LARGE,
                   _("%s: the response announces %" PRId64 " bytes; at most %d are"
                     " accepted"), request->where, announced, PD_PLATFORM_MAX_BODY);
      return NULL;
    }

  buffer = g_byte_array_sized_new (announced > 0 ? (guint) announced : READ_CHUNK);
  for (;;)
    {
      guint before = buffer->len;
      gssize n;

      g_byte_array_set_size (buffer, before + READ_CHUNK);
      n = g_input_stream_read (stream, buffer->data + before, READ_CHUNK, cancellable, error);
      if (n < 0)
        return NULL;
      g_byte_array_set_size (buffer, before + (guint) n);
      if (n == 0)
        break;
      if (buffer->len > PD_PLATFORM_MAX_BODY)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_TOO_LARGE,
                       _("%s: the response is larger than %d bytes; refused"),
                       request->where, PD_PLATFORM_MAX_BODY);
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static gboolean
is_transient_status (guint status)
{
  return status == 408 || status == 429 || status >= 500;
}

static gboolean
is_transient_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (error->domain == PD_SYNC_ERROR)
    return error->code == PD_SYNC_ERROR_TRUNCATED;
  /* TLS trouble (a bad certificate) does not heal by waiting. */
  if (error->domain == G_TLS_ERROR)
    return FALSE;
  return TRUE;
}

/* Seconds, or an HTTP date; -1 when absent or unreadable. */
static gint64
parse_retry_after (SoupMessage *msg)
{
  const char *text = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *stripped = NULL;
  guint64 seconds;

  if (text == NULL)
    return -1;
  stripped = g_strstrip (g_strdup (text));
  if (g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64) seconds;
  when = soup_date_time_new_from_http_string (text);
  if (when != NULL)
    return MAX (0, g_date_time_to_unix (when) - g_get_real_time () / G_USEC_PER_SEC);
  return -1;
}

static gboolean
wait_ms (guint          ms,
         GCancellable  *cancellable,
         GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  GPollFD fd;
  gboolean has_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fd);

  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;

      if (g_cancellable_is_cancelled (cancellable) || left <= 0)
        break;
      if (has_fd)
        g_poll (&fd, 1, (gint) MIN (left, G_MAXINT));
      else
        g_usleep ((gulong) MIN (left, 100) * 1000);
    }
  if (has_fd)
    g_cancellable_release_fd (cancellable);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* FALSE (with @error) when the run has used its time, or would have
 * after @wait_us more. */
static gboolean
check_run_time (PdPlatformConnection  *self,
                const Request         *request,
                gint64                 wait_us,
                GError               **error)
{
  gint64 end;
  guint limit_ms;

  g_mutex_lock (&self->lock);
  end = self->run_end_us;
  limit_ms = self->run_timeout_ms;
  g_mutex_unlock (&self->lock);
  if (end == 0 || g_get_monotonic_time () + wait_us < end)
    return TRUE;
  g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_NETWORK,
               _("%s: this sync reached its time limit of %.3g s and was stopped; what is left stays"
                 " queued for the next sync"), request->where, limit_ms / 1000.0);
  return FALSE;
}

/* Waits before attempt @attempt + 1. FALSE (with @error) when the
 * request or the run has used its retries, the platform asks for too
 * long a wait, or the wait was cancelled. */
static gboolean
back_off (PdPlatformConnection  *self,
          const Request         *request,
          guint                  attempt,
          gint64                 retry_after,
          const char            *reason,
          gint                   code,
          GCancellable          *cancellable,
          GError               **error)
{
  guint64 delay = MIN ((guint64) BASE_DELAY_MS << MIN (attempt - 1, 16), MAX_DELAY_MS);
  gboolean exhausted;

  g_mutex_lock (&self->lock);
  exhausted = attempt >= MAX_ATTEMPTS || self->retries >= MAX_RUN_RETRIES;
  if (!exhausted)
    self->retries++;
  g_mutex_unlock (&self->lock);

  if (exhausted)
    {
      g_set_error (error, PD_SYNC_ERROR, code,
                   g_dngettext (GETTEXT_PACKAGE, "%s: %s (after %u attempt); try again later",
                                "%s: %s (after %u attempts); try again later", attempt),
                   request->where, reason, attempt);
      return FALSE;
    }
  if (retry_after > MAX_RETRY_AFTER_S)
    {
      g_set_error (error, PD_SYNC_ERROR, code,
                   _("%s: %s; the platform asks to wait %" PRId64 " s; try again later"),
                   request->where, reason, retry_after);
      return FALSE;
    }

  /* "Equal jitter": half the exponential delay, plus a random half. */
  delay = delay / 2 + (guint64) g_random_int_range (0, (gint32) (delay / 2) + 1);
  if (retry_after >= 0)
    delay = MAX (delay, (guint64) retry_after * 1000);
  delay = (guint64) (delay * self->delay_scale);
  if (!check_run_time (self, request, (gint64) delay * 1000, error))
    return FALSE;
  g_debug ("%s: %s; attempt %u in %" G_GUINT64_FORMAT " ms", request->where, reason, attempt + 1, delay);
  return wait_ms ((guint) delay, cancellable, error);
}

static void
count_response (PdPlatformConnection *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = ++self->responses;
  g_mutex_unlock (&self->lock);
  /* Test hook: a crash at the worst moment, after the platform answered
   * and before anything was recorded locally. */
  if (self->kill_after > 0 && n >= self->kill_after)
    raise (SIGKILL);
}

/* Replaces @error (a cancellation by @deadline, not by the caller) with
 * what happened: the request's time ran out (transient: retried), or the
 * run's (not retried). */
static void
explain_deadline (PdPlatformConnection  *self,
                  const Request         *request,
                  PdDeadline            *deadline,
                  gboolean               run_bound,
                  guint                  request_ms,
                  GError               **error)
{
  if (error == NULL || *error == NULL || !pd_deadline_expired (deadline) ||
      !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_error (error);
  if (run_bound && !check_run_time (self, request, 0, error))
    return;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               _("the platform did not finish answering within %.3g s, the limit for one request; stopped waiting"),
               request_ms / 1000.0);
}

/* One HTTP exchange. NULL with @error on transport failure. */
static PdPlatformResponse *
exchange (PdPlatformConnection  *self,
          const Request         *request,
          SoupMessage          **msg_out,
          GCancellable          *cancellable,
          GError               **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autofree char *url = NULL;
  g_autoptr(PdDeadline) deadline = NULL;
  SoupMessageHeaders *headers;
  gint64 timestamp, end_us;
  gboolean run_bound;
  guint request_ms;

  if (!check_run_time (self, request, 0, error))
    return NULL;
  g_mutex_lock (&self->lock);
  timestamp = g_get_real_time () / G_USEC_PER_SEC + self->clock_offset;
  request_ms = self->request_timeout_ms;
  end_us = g_get_monotonic_time () + (gint64) request_ms * 1000;
  run_bound = self->run_end_us != 0 && self->run_end_us < end_us;
  if (run_bound)
    end_us = self->run_end_us;
  g_mutex_unlock (&self->lock);

  url = build_url (self, request, timestamp, error);
  if (url == NULL)
    return NULL;
  msg = soup_message_new (request->method, url);
  explicit_bzero (url, strlen (url));
  if (msg == NULL)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED,
                   _("%s: the endpoint %s does not form a valid address; expected https://HOST"),
                   request->where, self->endpoint);
      return NULL;
    }

  /* Redirects are answers, never followed (pd-platform-answer.c). */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->access_token != NULL)
    soup_message_headers_replace (headers, "x-tts-access-token", request->access_token);
  if (request->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", request->idempotency_key);
  if (request->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", request->if_match);
  if (request->body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (request->body, strlen (request->body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  deadline = pd_deadline_new (cancellable, end_us);
  stream = soup_session_send (self->session, msg, pd_deadline_get_cancellable (deadline), error);
  if (stream == NULL)
    {
      explain_deadline (self, request, deadline, run_bound, request_ms, error);
      return NULL;
    }
  if (SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (msg)))
    {
      g_input_stream_close (stream, NULL, NULL);
      pd_platform_refuse_redirect (request->where, msg, error);
      return NULL;
    }
  body = read_body (request, msg, stream, pd_deadline_get_cancellable (deadline), error);
  g_input_stream_close (stream, NULL, NULL);
  if (body == NULL)
    {
      explain_deadline (self, request, deadline, run_bound, request_ms, error);
      return NULL;
    }
  count_response (self);

  response = g_new0 (PdPlatformResponse, 1);
  response->status = soup_message_get_status (msg);
  response->replayed = g_strcmp0 (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                 "Idempotent-Replayed"), "true") == 0;
  if (response->status >= 200 && response->status < 300)
    {
      if (!is_json_content_type (soup_message_get_response_headers (msg)))
        {
          const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
          g_autofree char *safe_type = type != NULL ? pd_safe_text_dup (type, -1, 100, PD_SAFE_TEXT_DEFAULT) : NULL;

          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s: the response is of type “%s”; expected application/json in UTF-8"),
                       request->where, safe_type != NULL ? safe_type : _("none"));
          return NULL;
        }
      response->doc = pd_json_doc_parse (request->where, body, error);
      if (response->doc == NULL)
        return NULL;
      response->root = pd_json_doc_get_root (response->doc);
      if (pd_json_value_get_kind (response->root) != PD_JSON_OBJECT)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s: the response is %s; expected a JSON object"),
                       request->where, pd_json_value_describe (response->root));
          return NULL;
        }
    }
  else if (is_json_content_type (soup_message_get_response_headers (msg)) &&
           g_bytes_get_size (body) > 0)
    {
      /* An error answer that is not JSON is still an answer: its status
       * says what to do. */
      response->doc = pd_json_doc_parse (request->where, body, NULL);
      if (response->doc != NULL)
        response->root = pd_json_doc_get_root (response->doc);
      pd_platform_read_error_body (response);
    }

  *msg_out = g_steal_pointer (&msg);
  return g_steal_pointer (&response);
}

static char *
describe_answer (const PdPlatformResponse *response)
{
  if (response->error_code != NULL)
    return g_strdup_printf (_("the platform answered %u %s: %s"), response->status,
                            response->error_code,
                            response->error_message != NULL ? response->error_message : "");
  return g_strdup_printf (_("the platform answered %u %s"), response->status,
                          soup_status_get_phrase (response->status));
}

static PdPlatformResponse *send_request (PdPlatformConnection  *self,
                                         Request               *request,
                                         GCancellable          *cancellable,
                                         GError               **error);

/* POST /v1/auth/refresh, once per run. @stale_token is the access token
 * the platform called expired: when another thread has replaced it
 * meanwhile, there is nothing to do. */
static gboolean
store_new_tokens (PdPlatformConnection  *self,
                  const Request         *request,
                  PdPlatformResponse    *response,
                  GError               **error)
{
  const PdJsonValue *root = response->root;
  const char *access_token, *refresh_token;
  PdCredentials *copy;
  gint64 expires_in;

  if (!pd_json_get_string (root, "POST " REFRESH_PATH ": response", "access_token", TRUE, 4096,
                           &access_token, error) ||
      !pd_json_get_string (root, "POST " REFRESH_PATH ": response", "refresh_token", TRUE, 4096,
                           &refresh_token, error) ||
      !pd_json_get_integer (root, "POST " REFRESH_PATH ": response", "expires_in", TRUE, 0, G_MAXINT64,
                            NULL, &expires_in, error))
    return FALSE;
  if (*access_token == '\0' || *refresh_token == '\0')
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s: the new tokens are empty; expected an access token and a refresh token"),
                   request->where);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  explicit_bzero (self->credentials->access_token, strlen (self->credentials->access_token));
  g_free (self->credentials->access_token);
  self->credentials->access_token = g_strdup (access_token);
  explicit_bzero (self->credentials->refresh_token, strlen (self->credentials->refresh_token));
  g_free (self->credentials->refresh_token);
  self->credentials->refresh_token = g_strdup (refresh_token);
  self->refreshed = TRUE;
  copy = pd_credentials_copy (self->credentials);
  g_mutex_unlock (&self->lock);

  g_debug ("Access token refreshed; it expires in %" G_GINT64_FORMAT " s", expires_in);
  if (self->credentials_func != NULL)
    self->credentials_func (copy, self->credentials_data);
  pd_credentials_free (copy);
  return TRUE;
}

/* POST /v1/auth/refresh, once per run. @stale_token is the access token
 * the platform called expired: when another thread has replaced it
 * meanwhile, there is nothing to do. Runs under refresh_lock. */
static gboolean
refresh_locked (PdPlatformConnection  *self,
                const char            *stale_token,
                GCancellable          *cancellable,
                GError               **error)
{
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *body = NULL;
  g_autofree char *refresh_token = NULL;
  gboolean replaced, refreshed;
  Request request = {
    .method = "POST",
    .path = REFRESH_PATH,
    .where = (char *) "POST " REFRESH_PATH,
  };

  g_mutex_lock (&self->lock);
  replaced = g_strcmp0 (self->credentials->access_token, stale_token) != 0;
  refreshed = self->refreshed;
  if (!replaced && !refreshed)
    refresh_token = g_strdup (self->credentials->refresh_token);
  g_mutex_unlock (&self->lock);

  if (replaced)
    return TRUE;
  if (refreshed)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_AUTH,
                   _("The platform called the access token expired again after it was refreshed;"
                     " sign in to the platform again"));
      return FALSE;
    }

  if (self->refresh_func != NULL)
    {
      g_autoptr(PdCredentials) current = NULL;
      g_autoptr(PdCredentials) fresh = NULL;
      PdCredentials *copy;

      g_mutex_lock (&self->lock);
      current = pd_credentials_copy (self->credentials);
      g_mutex_unlock (&self->lock);
      explicit_bzero (refresh_token, strlen (refresh_token));
      fresh = self->refresh_func (current, cancellable, self->refresh_data, error);
      if (fresh == NULL)
        return FALSE;
      g_mutex_lock (&self->lock);
      pd_credentials_free (self->credentials);
      self->credentials = pd_credentials_copy (fresh);
      self->refreshed = TRUE;
      copy = pd_credentials_copy (self->credentials);
      g_mutex_unlock (&self->lock);
      if (self->credentials_func != NULL)
        self->credentials_func (copy, self->credentials_data);
      pd_credentials_free (copy);
      return TRUE;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh_token);
  json_builder_end_object (builder);
  body_node = json_builder_get_root (builder);
  body = json_to_string (body_node, FALSE);
  request.body = body;

  response = send_request (self, &request, cancellable, error);
  explicit_bzero (body, strlen (body));
  explicit_bzero (refresh_token, strlen (refresh_token));
  if (response == NULL)
    return FALSE;
  if (response->status != 200)
    {
      g_autofree char *answer = describe_answer (response);

      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_AUTH,
                   _("%s: the access token expired and refreshing it failed: %s"),
                   request.where, answer);
      return FALSE;
    }
  return store_new_tokens (self, &request, response, error);
}

static gboolean
refresh (PdPlatformConnection  *self,
         const char            *stale_token,
         GCancellable          *cancellable,
         GError               **error)
{
  gboolean ok;

  g_mutex_lock (&self->refresh_lock);
  ok = refresh_locked (self, stale_token, cancellable, error);
  g_mutex_unlock (&self->refresh_lock);
  return ok;
}

gboolean
pd_platform_connection_sign_in (PdPlatformConnection  *self,
                                GCancellable          *cancellable,
                                GError               **error)
{
  g_autoptr(PdPlatformResponse) response = NULL;
  Request request = {
    .method = "POST",
    .path = SIGN_IN_PATH,
    .where = (char *) "POST " SIGN_IN_PATH,
  };

  g_return_val_if_fail (PD_IS_PLATFORM_CONNECTION (self), FALSE);

  response = send_request (self, &request, cancellable, error);
  if (response == NULL)
    return FALSE;
  if (response->status != 200)
    {
      g_autofree char *answer = describe_answer (response);

      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED,
                   _("%s: the platform refused the sign-in: %s"), request.where, answer);
      return FALSE;
    }
  return store_new_tokens (self, &request, response, error);
}

static PdPlatformResponse *
send_request (PdPlatformConnection  *self,
              Request               *request,
              GCancellable          *cancellable,
              GError               **error)
{
  gboolean clock_corrected = FALSE;
  /* The token endpoints: no access token sent, none refreshed. */
  gboolean is_refresh = g_str_has_prefix (request->path, "/v1/auth/") ||
                        g_str_has_prefix (request->path, "/api/v2/token/");
  guint attempt = 0;

  for (;;)
    {
      g_autoptr(PdPlatformResponse) response = NULL;
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *access_token = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (!is_refresh)
        {
          g_mutex_lock (&self->lock);
          access_token = g_strdup (self->credentials->access_token);
          g_mutex_unlock (&self->lock);
        }
      request->access_token = access_token;

      attempt++;
      response = exchange (self, request, &msg, cancellable, &local_error);
      request->access_token = NULL;

      if (response == NULL)
        {
          g_autofree char *reason = NULL;

          if (!is_transient_error (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          if (g_error_matches (local_error, PD_SYNC_ERROR, PD_SYNC_ERROR_TRUNCATED))
            {
              const char *message = local_error->message;

              /* Named once: back_off() puts the request first. */
              if (g_str_has_prefix (message, request->where) &&
                  g_str_has_prefix (message + strlen (request->where), ": "))
                message += strlen (request->where) + 2;
              reason = g_strdup (message);
            }
          else
            reason = g_strdup_printf (_("cannot reach the platform at %s: %s"),
                                      self->endpoint, local_error->message);
          if (!back_off (self, request, attempt, -1, reason, PD_SYNC_ERROR_NETWORK, cancellable, error))
            return NULL;
          continue;
        }

      if (response->status == 401)
        {
          g_autofree char *answer = describe_answer (response);

          if (!is_refresh && g_strcmp0 (response->error_code, "token_expired") == 0)
            {
              if (!refresh (self, access_token, cancellable, error))
                return NULL;
              attempt--;
              continue;
            }
          if (g_strcmp0 (response->error_code, "bad_timestamp") == 0 && !clock_corrected)
            {
              const char *date = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Date");
              g_autoptr(GDateTime) server_time = date != NULL ? soup_date_time_new_from_http_string (date) : NULL;

              if (server_time != NULL)
                {
                  gint64 offset = g_date_time_to_unix (server_time) - g_get_real_time () / G_USEC_PER_SEC;

                  g_debug ("%s: this computer's clock is %" G_GINT64_FORMAT " s off the platform's; correcting",
                           request->where, -offset);
                  pd_platform_connection_set_clock_offset (self, offset);
                  clock_corrected = TRUE;
                  attempt--;
                  continue;
                }
            }
          if (g_strcmp0 (response->error_code, "bad_timestamp") == 0)
            g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_CLOCK,
                         _("%s: %s; this computer's clock could not be matched to the platform's"),
                         request->where, answer);
          else if (g_strcmp0 (response->error_code, "authorization_cancelled") == 0 ||
                   g_strcmp0 (response->error_code, "authorization_expired") == 0)
            g_set_error (error, PD_SYNC_ERROR,
                         g_strcmp0 (response->error_code, "authorization_cancelled") == 0
                         ? PD_SYNC_ERROR_AUTHORIZATION_CANCELLED : PD_SYNC_ERROR_AUTHORIZATION_ENDED,
                         _("%s: %s; the seller must authorize again"), request->where, answer);
          else
            g_set_error (error, PD_SYNC_ERROR,
                         g_strcmp0 (response->error_code, "bad_signature") == 0
                         ? PD_SYNC_ERROR_SECRET_REFUSED
                         : g_strcmp0 (response->error_code, "invalid_app_key") == 0
                         ? PD_SYNC_ERROR_APP_KEY_REFUSED : PD_SYNC_ERROR_AUTH,
                         _("%s: %s; check the app key, app secret and tokens"),
                         request->where, answer);
          return NULL;
        }

      if (is_transient_status (response->status))
        {
          g_autofree char *answer = describe_answer (response);

          if (!back_off (self, request, attempt, parse_retry_after (msg), answer,
                         PD_SYNC_ERROR_SERVER, cancellable, error))
            return NULL;
          continue;
        }

      return g_steal_pointer (&response);
    }
}

PdPlatformResponse *
pd_platform_connection_send (PdPlatformConnection  *self,
                             const char            *method,
                             const char            *path,
                             const char * const    *query,
                             const char            *body,
                             const char            *idempotency_key,
                             const char            *if_match,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autofree char *where = NULL;
  Request request = {
    .method = method,
    .path = path,
    .query = (const char **) query,
    .body = body,
    .idempotency_key = idempotency_key,
    .if_match = if_match,
  };

  g_return_val_if_fail (PD_IS_PLATFORM_CONNECTION (self), NULL);
  g_return_val_if_fail (method != NULL && path != NULL && path[0] == '/', NULL);

  where = g_strdup_printf ("%s %s", method, path);
  request.where = where;
  return send_request (self, &request, cancellable, error);
}
