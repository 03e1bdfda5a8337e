/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-config"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-config.h"
#include "pd-time-zone.h"

#define MARKET_KEY_PREFIX "onboarding_base_url."

G_DEFINE_QUARK (pd-config-error-quark, pd_config_error)

typedef struct
{
  const char *key;
  const char *default_value;
} ConfigKey;

static const ConfigKey fixed_keys[] = {
  { "endpoint", "" },
  { "partner_id", "" },
  { "sync_interval_minutes", "15" },
  { "import_timezone", "Asia/Shanghai" },
  { "staff_name", "" },
  { "open_api.service_id", "" },
  { "open_api.auth_endpoint", "https://auth.tiktok-shops.com" },
  { "open_api.endpoint", "https://open-api.tiktokglobalshop.com" },
};

static const char * const fixed_key_names[] = {
  "endpoint", "partner_id", "sync_interval_minutes", "import_timezone", "staff_name",
  "open_api.service_id", "open_api.auth_endpoint", "open_api.endpoint", NULL
};

const char * const *
pd_config_get_fixed_keys (void)
{
  return fixed_key_names;
}

gboolean
pd_config_is_market_key (const char  *key,
                         const char **market_out)
{
  const char *market;

  if (!g_str_has_prefix (key, MARKET_KEY_PREFIX))
    return FALSE;

  market = key + strlen (MARKET_KEY_PREFIX);
  if (strlen (market) < 2 || strlen (market) > 8)
    return FALSE;
  for (const char *p = market; *p; p++)
    if (!g_ascii_isupper (*p))
      return FALSE;

  if (market_out)
    *market_out = market;
  return TRUE;
}

const char *
pd_config_get_default (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixed_keys); i++)
    if (g_str_equal (fixed_keys[i].key, key))
      return fixed_keys[i].default_value;
  if (pd_config_is_market_key (key, NULL))
    return "";
  return NULL;
}

/* An http(s) URL with a host; plain http is only for loopback
 * (the sandbox platform and tests). */
static gboolean
validate_url (const char  *key,
              const char  *value,
              gboolean     allow_empty,
              GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (*value == '\0' && allow_empty)
    return TRUE;

  /* GUri takes CR, LF and spaces (and escapes them): refused before, as
   * the value is written to logs and requests as it is. Not echoed. */
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p) || *p == ' ' || *p == 0x7f)
      {
        g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                     _("%s: the address contains spaces or control characters (such as a line"
                       " break); expected one address such as https://example.com/"), key);
        return FALSE;
      }

  uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not a URL; expected an address such as https://example.com/"),
                   key, value);
      return FALSE;
    }

  /* user:password@ would put a password in every error message, the
   * audit log and the settings. Not echoed. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                   _("%s: the address contains a user name or password (user:password@);"
                     " remove it: credentials belong in Preferences, where they are kept in the"
                     " keyring"), key);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      !(g_ascii_strcasecmp (scheme, "http") == 0 &&
        (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "localhost") ||
         g_str_equal (host, "::1"))))
    {
      g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not an https address; expected https://… (plain http is only allowed on this computer, for the sandbox)"),
                   key, value);
      return FALSE;
    }

  return TRUE;
}

gboolean
pd_config_validate (const char  *key,
                    const char  *value,
                    char       **normalized_out,
                    GError     **error)
{
  g_autofree char *v = NULL;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                   _("%s: the value is not valid UTF-8 text"), key);
      return FALSE;
    }

  v = g_strstrip (g_strdup (value));

  if (g_str_equal (key, "endpoint") || g_str_equal (key, "open_api.auth_endpoint") ||
      g_str_equal (key, "open_api.endpoint"))
    {
      g_autoptr(GUri) uri = NULL;

      if (!validate_url (key, v, TRUE, error))
        return FALSE;
      /* Request paths are appended to it. */
      uri = *v != '\0' ? g_uri_parse (v, G_URI_FLAGS_NONE, NULL) : NULL;
      if (uri != NULL && (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL))
        {
          g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                       _("%s: “%s” has a query or fragment (after ? or #); expected the"
                         " platform’s base address such as https://open.example.com"), key, v);
          return FALSE;
        }
      /* Keep one canonical form: no trailing slash, paths are appended. */
      while (g_str_has_suffix (v, "/"))
        v[strlen (v) - 1] = '\0';
    }
  else if (pd_config_is_market_key (key, NULL))
    {
      if (!validate_url (key, v, TRUE, error))
        return FALSE;
    }
  else if (g_str_equal (key, "partner_id") || g_str_equal (key, "open_api.service_id"))
    {
      if (strlen (v) > 128)
        {
          g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                       _("%s: the value is too long; expected at most 128 characters"), key);
          return FALSE;
        }
      for (const char *p = v; *p; p++)
        if (g_ascii_iscntrl (*p) || *p == ' ')
          {
            g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                         _("%s: “%s” contains spaces or control characters; expected the id as shown in the Partner Center"),
                         key, v);
            return FALSE;
          }
    }
  else if (g_str_equal (key, "sync_interval_minutes"))
    {
      guint64 minutes = 0;

      if (!g_ascii_string_to_unsigned (v, 10, 0, 1440, &minutes, NULL))
        {
          g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                       _("%s: “%s” is not a number of minutes; expected a whole number from 0 (never) to 1440"),
                       key, v);
          return FALSE;
        }
      g_free (v);
      v = g_strdup_printf ("%" G_GUINT64_FORMAT, minutes);
    }
  else if (g_str_equal (key, "import_timezone"))
    {
      g_autoptr(GTimeZone) tz = pd_time_zone_new (v);

      if (tz == NULL)
        {
          g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                       _("%s: “%s” is not a time zone; expected an IANA name such as Asia/Shanghai"),
                       key, v);
          return FALSE;
        }
    }
  else if (g_str_equal (key, "staff_name"))
    {
      if (g_utf8_strlen (v, -1) > PD_CONFIG_STAFF_NAME_MAX)
        {
          g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                       _("%s: the name is too long; expected at most %d characters"), key,
                       PD_CONFIG_STAFF_NAME_MAX);
          return FALSE;
        }
      for (const char *p = v; *p; p = g_utf8_next_char (p))
        if (g_unichar_iscntrl (g_utf8_get_char (p)))
          {
            g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE,
                         _("%s: the name contains a line break or another control character;"
                           " expected a name on one line, such as Li Wei"), key);
            return FALSE;
          }
    }
  else
    {
      g_set_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_UNKNOWN_KEY,
                   _("unknown setting “%s”; expected one of endpoint, partner_id, onboarding_base_url.<MARKET>, sync_interval_minutes, import_timezone, staff_name, open_api.service_id, open_api.auth_endpoint, open_api.endpoint"),
                   key);
      return FALSE;
    }

  if (normalized_out)
    *normalized_out = g_steal_pointer (&v);
  return TRUE;
}
