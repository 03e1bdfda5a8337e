/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-link"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-link.h"
#include "pd-link-validate.h"
#include "pd-value-error.h"

gboolean
pd_link_check_token (const char  *token,
                     GError     **error)
{
  gsize length;

  g_return_val_if_fail (token != NULL, FALSE);

  if (pd_link_token_is_valid (token))
    return TRUE;

  length = strlen (token);
  for (const char *p = token; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        {
          g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                       _("“%s” is not a link token: it holds other characters than letters,"
                         " digits, “-” and “_”; expected a token as Partner Desk makes them,"
                         " such as NAbO5gPMcSPpQMVYJMwgew"), token);
          return FALSE;
        }
    }
  g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
               _("“%s” is not a link token: it has %u characters; expected %d to 128 letters,"
                 " digits, “-” and “_”, as Partner Desk makes them, such as"
                 " NAbO5gPMcSPpQMVYJMwgew"),
               token, (guint) MIN (length, G_MAXUINT), PD_LINK_TOKEN_LENGTH);
  return FALSE;
}

/* The percent-decoded value of query parameter @name in @query (no
 * leading '?', no fragment) into *value_out; how many times it is given. */
static guint
query_parameter (const char  *query,
                 const char  *name,
                 char       **value_out)
{
  g_auto(GStrv) parameters = g_strsplit (query, "&", -1);
  guint n = 0;

  *value_out = NULL;
  for (guint i = 0; parameters[i] != NULL; i++)
    {
      char *equals = strchr (parameters[i], '=');
      g_autofree char *key = NULL;

      key = g_uri_unescape_segment (parameters[i], equals, NULL);
      if (key == NULL || !g_str_equal (key, name))
        continue;
      n++;
      g_free (*value_out);
      *value_out = equals != NULL ? g_uri_unescape_string (equals + 1, NULL) : g_strdup ("");
      if (*value_out == NULL)
        *value_out = g_strdup ("");
    }
  return n;
}

static gboolean
is_loopback (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_str_equal (host, "127.0.0.1") ||
         g_str_equal (host, "::1") || g_str_equal (host, "[::1]");
}

/* The one @name=@expected the query must hold. */
static gboolean
check_parameter (const char  *url,
                 const char  *query,
                 const char  *name,
                 const char  *expected,
                 GError     **error)
{
  g_autofree char *value = NULL;
  guint n = query != NULL ? query_parameter (query, name, &value) : 0;

  if (n == 0)
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("the link “%s” has no %s parameter; expected the link with %s=%s"),
                   url, name, name, expected);
      return FALSE;
    }
  if (n > 1)
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("the link “%s” gives %s %u times; expected it once, %s=%s"),
                   url, name, n, name, expected);
      return FALSE;
    }
  if (!g_str_equal (value, expected))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("the link’s %s is “%s” but it should be “%s”; expected the link of this row"),
                   name, value, expected);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_link_check_url (const char  *url,
                   PdLinkKind   kind,
                   const char  *token,
                   const char  *service_id,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host, *query;
  gboolean authorization = kind == PD_LINK_KIND_AUTHORIZATION;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  for (const guchar *p = (const guchar *) url; *p != '\0'; p++)
    {
      if (*p <= 0x20 || *p == 0x7f)
        {
          g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                       _("the link “%s” holds spaces or control characters; expected a link"
                         " as Partner Desk or the platform makes it, such as https://…"), url);
          return FALSE;
        }
    }

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      !(g_ascii_strcasecmp (scheme, "https") == 0 ||
        (!authorization && g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback (host))))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is not an https link; expected https://… (plain http only on this"
                     " computer, for the sandbox)"), url);
      return FALSE;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("the link “%s” carries a user name before its host; expected a link"
                     " without one, such as https://%s/…"), url, host);
      return FALSE;
    }

  query = g_uri_get_query (uri);
  if (!authorization)
    return check_parameter (url, query, "pd_ref", token, error);

  if ((g_ascii_strcasecmp (host, "services.tiktokshop.com") != 0 &&
       g_ascii_strcasecmp (host, "services.tiktokshops.us") != 0) ||
      g_uri_get_port (uri) != -1 || !g_str_equal (g_uri_get_path (uri), "/open/authorize"))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is not the platform’s authorization link; expected"
                     " https://services.tiktokshop.com/open/authorize?service_id=…&state=… (US"
                     " sellers: services.tiktokshops.us)"), url);
      return FALSE;
    }
  if (!check_parameter (url, query, "state", token, error))
    return FALSE;
  if (service_id != NULL && *service_id != '\0')
    return check_parameter (url, query, "service_id", service_id, error);
  else
    {
      g_autofree char *value = NULL;

      if (query_parameter (query != NULL ? query : "", "service_id", &value) != 1 || *value == '\0')
        {
          g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                       _("the link “%s” has no service_id parameter; expected the platform’s"
                         " authorization link, …/open/authorize?service_id=…&state=…"), url);
          return FALSE;
        }
    }
  return TRUE;
}
