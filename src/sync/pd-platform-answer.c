/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-platform-answer.h"
#include "pd-safe-text.h"
#include "pd-sync-error.h"

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
    return;

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
