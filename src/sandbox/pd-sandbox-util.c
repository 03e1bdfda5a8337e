/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-util"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "pd-sandbox-util.h"
#include "pd-timestamp.h"

GTimeZone *
pd_sandbox_platform_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *tz = g_time_zone_new_identifier ("Asia/Shanghai");

      /* Without tzdata, Beijing time is a fixed +08:00 anyway. */
      if (tz == NULL)
        tz = g_time_zone_new_offset (8 * 3600);
      g_once_init_leave (&zone, tz);
    }
  return zone;
}

char *
pd_sandbox_format_time (gint64 unix_seconds)
{
  return pd_timestamp_format (unix_seconds, pd_sandbox_platform_zone ());
}

char *
pd_sandbox_base64url_encode (const guint8 *data,
                             gsize         length)
{
  g_autofree char *text = g_base64_encode (data, length);
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        g_string_append_c (out, '-');
      else if (*p == '/')
        g_string_append_c (out, '_');
      else if (*p != '=')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

guint8 *
pd_sandbox_base64url_decode (const char *text,
                             gsize      *length_out)
{
  g_autoptr(GString) standard = g_string_new (NULL);
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p++, n++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (standard, *p);
      else if (*p == '-')
        g_string_append_c (standard, '+');
      else if (*p == '_')
        g_string_append_c (standard, '/');
      else
        return NULL;
    }
  if (n % 4 == 1)
    return NULL;
  while (standard->len % 4 != 0)
    g_string_append_c (standard, '=');
  return g_base64_decode (standard->str, length_out);
}

static void
random_bytes (guint8 *buffer,
              gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("getrandom() failed: %s", g_strerror (errno));
        }
      done += (gsize) n;
    }
}

char *
pd_sandbox_random_token (gsize n_bytes)
{
  g_autofree guint8 *buffer = g_malloc (n_bytes);

  random_bytes (buffer, n_bytes);
  return pd_sandbox_base64url_encode (buffer, n_bytes);
}

char *
pd_sandbox_random_hex (gsize n_bytes)
{
  g_autofree guint8 *buffer = g_malloc (n_bytes);
  GString *out = g_string_sized_new (n_bytes * 2);

  random_bytes (buffer, n_bytes);
  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (out, "%02x", buffer[i]);
  return g_string_free (out, FALSE);
}

char *
pd_sandbox_new_access_token (void)
{
  g_autofree char *token = pd_sandbox_random_token (32);

  return g_strconcat ("TTP_", token, NULL);
}

char *
pd_sandbox_new_refresh_token (void)
{
  g_autofree char *token = pd_sandbox_random_token (32);

  return g_strconcat ("TTR_", token, NULL);
}

char *
pd_sandbox_authorization_url (const char *service_id,
                              const char *state,
                              gboolean    us_seller)
{
  g_autofree char *service = g_uri_escape_string (service_id, NULL, FALSE);
  g_autofree char *escaped_state = g_uri_escape_string (state, NULL, FALSE);

  return g_strdup_printf ("https://services.%s/open/authorize?service_id=%s&state=%s",
                          us_seller ? "tiktokshops.us" : "tiktokshop.com",
                          service, escaped_state);
}

char *
pd_sandbox_onboarding_url (const char *base_url,
                           const char *token)
{
  return g_strdup_printf ("%s%cpd_ref=%s", base_url,
                          strchr (base_url, '?') != NULL ? '&' : '?', token);
}
