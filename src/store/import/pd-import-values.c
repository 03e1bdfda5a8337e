/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include "pd-country.h"
#include "pd-import-run-private.h"

/* The values of a row that every kind reads alike: markets, countries,
 * times, required text (pd-import-run-private.h). */

gboolean
pd_import_parse_market (Run        *run,
                        guint64     line,
                        guint       column,
                        const char *text,
                        char        out[17])
{
  const char *named = pd_market_from_name (text);
  gsize len;

  /* 欧洲, 日本...: the Chinese name of a market. */
  if (named != NULL)
    text = named;
  len = strlen (text);
  if (len >= 2 && len <= 16)
    {
      gsize i;

      for (i = 0; i < len && g_ascii_isalnum (text[i]); i++)
        out[i] = g_ascii_toupper (text[i]);
      out[i] = '\0';
      if (i == len)
        return TRUE;
    }

  pd_import_add_problem (run, line, column, _("“%s” is not a market code; expected a code such as EU, JP, US or UK, or a market’s Chinese name such as 欧洲 or 日本"), text);
  return FALSE;
}

gboolean
pd_import_parse_country (Run        *run,
                         guint64     line,
                         guint       column,
                         const char *text,
                         char        out[3])
{
  g_autoptr(GError) error = NULL;

  /* The usual case without the parser's copies. */
  if (g_ascii_isalpha (text[0]) && g_ascii_isalpha (text[1]) && text[2] == '\0')
    {
      out[0] = g_ascii_toupper (text[0]);
      out[1] = g_ascii_toupper (text[1]);
      out[2] = '\0';
      if (pd_country_is_valid (out))
        return TRUE;
    }
  if (pd_country_parse (text, out, &error))
    return TRUE;
  pd_import_add_value_problem (run, line, column, error);
  return FALSE;
}

gboolean
pd_import_parse_time (Run        *run,
                      guint64     line,
                      guint       column,
                      const char *text,
                      Value      *out)
{
  g_autoptr(GError) error = NULL;
  gint64 t;

  if (text == NULL || *text == '\0')
    {
      out->type = V_NULL;
      return TRUE;
    }
  if (!pd_timestamp_parse (text, run->zone, &t, &error))
    {
      pd_import_add_value_problem (run, line, column, error);
      return FALSE;
    }
  set_int (out, t);
  return TRUE;
}

gboolean
pd_import_require_text (Run        *run,
                        guint64     line,
                        guint       column,
                        const char *text,
                        const char *expected)
{
  if (text != NULL && *text != '\0')
    return TRUE;
  pd_import_add_problem (run, line, column, _("the value is empty; expected %s"), _(expected));
  return FALSE;
}
