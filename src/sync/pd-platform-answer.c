/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-open-api-codes.h"
#include "pd-platform-answer.h"
#include "pd-safe-text.h"
#include "pd-sync-error.h"

/* The TikTok Shop Open API's envelope {"code": N, "message"}: its codes
 * named as the sync API names the same refusals, so that the
 * connection's rules (refresh on token_expired, the platform's clock on
 * bad_timestamp, which credential to check) apply to both APIs. */
static const char *
open_api_code_name (gint64      code,
                    const char *message)
{
  switch (code)
    {
    case PD_OPEN_API_CODE_INVALID_CREDENTIALS:
      /* One public code for several refusals: the message says which. */
      if (message == NULL)
        return "invalid_credentials";
      if (strstr (message, "timestamp") != NULL)
        return "bad_timestamp";
      if (strstr (message, "access-token") != NULL || strstr (message, "access_token") != NULL)
        return "invalid_token";
      if (strstr (message, "app_key") != NULL)
        return "invalid_app_key";
      if (strstr (message, "sign") != NULL)
        return "bad_signature";
      return "invalid_credentials";
    case PD_OPEN_API_CODE_BAD_SIGNATURE: return "bad_signature";
    case PD_OPEN_API_CODE_BAD_APP_SECRET: return "bad_signature";
    case PD_OPEN_API_CODE_TOKEN_EXPIRED: return "token_expired";
    case PD_OPEN_API_CODE_INVALID_REFRESH: return "invalid_token";
    case PD_OPEN_API_CODE_AUTH_CANCELLED: return "authorization_cancelled";
    case PD_OPEN_API_CODE_AUTH_EXPIRED: return "authorization_expired";
    case PD_OPEN_API_CODE_INVALID_AUTH_CODE: return "invalid_auth_code";
    case PD_OPEN_API_CODE_SHOP_NOT_AUTHORIZED: return "shop_not_authorized";
    case PD_OPEN_API_CODE_SCOPE_DENIED: return "scope_denied";
    case PD_OPEN_API_CODE_RATE_LIMITED: return "rate_limited";
    default: return NULL;
    }
}

void
pd_platform_read_open_api_error (PdPlatformResponse *response)
{
  const PdJsonValue *value;
  const char *text;
  gint64 code;

  if (response->root == NULL || pd_json_value_get_kind (response->root) != PD_JSON_OBJECT)
    return;
  value = pd_json_value_get_member (response->root, "code");
  if (value == NULL || !pd_json_value_is_integer (value) || pd_json_value_get_integer (value) == 0)
    return;
  code = pd_json_value_get_integer (value);
  g_clear_pointer (&response->error_code, g_free);
  g_clear_pointer (&response->error_message, g_free);
  value = pd_json_value_get_member (response->root, "message");
  text = value != NULL ? pd_json_value_get_string (value) : NULL;
  if (text != NULL)
    response->error_message = pd_safe_text_dup (text, -1, 500, PD_SAFE_TEXT_DEFAULT);
  text = open_api_code_name (code, response->error_message);
  response->error_code = text != NULL ? g_strdup (text)
                                      : g_strdup_printf ("code_%" G_GINT64_FORMAT, code);
}

/* The error object of a 4xx/5xx answer, when there is one. */
void
pd_platform_read_error_body (PdPlatformResponse *response)
{
  const PdJsonValue *error, *value;
  const char *text;

  if (response->root == NULL || pd_json_value_get_kind (response->root) != PD_JSON_OBJECT)
    return;
  error = pd_json_value_get_member (response->root, "error");
  if (error == NULL || pd_json_value_get_kind (error) != PD_JSON_OBJECT)
    {
      pd_platform_read_open_api_error (response);
      return;
    }

  /* Both reach the terminal, `status` and the outbox: made safe where
   * they enter (pd-safe-text.h). */
  value = pd_json_value_get_member (error, "code");
  text = value != NULL ? pd_json_value_get_string (value) : NULL;
  if (text != NULL && strlen (text) <= 64)
    response->error_code = pd_safe_text_dup (text, -1, 64, PD_SAFE_TEXT_DEFAULT);
  value = pd_json_value_get_member (error, "message");
  text = value != NULL ? pd_json_value_get_string (value) : NULL;
  if (text != NULL)
    response->error_message = pd_safe_text_dup (text, -1, 500, PD_SAFE_TEXT_DEFAULT);
  value = pd_json_value_get_member (error, "current");
  if (value != NULL && pd_json_value_get_kind (value) == PD_JSON_OBJECT)
    response->error_current = pd_json_doc_dup_text (response->doc, value);
}

static gint
effective_port (GUri *uri)
{
  if (g_uri_get_port (uri) > 0)
    return g_uri_get_port (uri);
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/* A 3xx answer. No redirect is followed: to another origin it would
 * carry the access token, app key and signature there (and https may
 * turn into http); even on the same origin a 307/308 would send a POST's
 * body again behind the outbox's back. The target is named, without its
 * query (which may repeat our signed parameters). */
void
pd_platform_refuse_redirect (const char   *where,
                             SoupMessage  *msg,
                             GError      **error)
{
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  GUri *from = soup_message_get_uri (msg);
  g_autoptr(GUri) target = location != NULL ? g_uri_parse_relative (from, location, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  g_autofree char *shown = NULL;
  g_autofree char *safe = NULL;
  guint status = soup_message_get_status (msg);

  if (target == NULL || g_uri_get_host (target) == NULL)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED,
                   _("%s: the platform answered %u, a redirect without a valid target; redirects are not"
                     " followed; check the endpoint setting"), where, status);
      return;
    }
  shown = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (target), NULL, g_uri_get_host (target),
                      g_uri_get_port (target), g_uri_get_path (target), NULL, NULL);
  safe = pd_safe_text_dup (shown, -1, 300, PD_SAFE_TEXT_DEFAULT);
  if (g_ascii_strcasecmp (g_uri_get_scheme (target), g_uri_get_scheme (from)) == 0 &&
      g_ascii_strcasecmp (g_uri_get_host (target), g_uri_get_host (from)) == 0 &&
      effective_port (target) == effective_port (from))
    g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED,
                 _("%s: the platform answered %u, a redirect to %s; redirects are not followed (a request"
                   " could be sent twice); check the endpoint setting"), where, status, safe);
  else
    g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED,
                 _("%s: the platform answered %u, a redirect to another address, %s; redirects are not"
                   " followed, so the access token and signature were not sent there; check the endpoint"
                   " setting"), where, status, safe);
}
