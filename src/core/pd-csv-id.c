/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-csv-id"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-csv-header.h"
#include "pd-csv-id.h"
#include "pd-value-error.h"

/* A run of ASCII digits from *p; how many. */
static gsize
skip_digits (const char **p)
{
  const char *start = *p;

  while (g_ascii_isdigit (**p))
    (*p)++;
  return (gsize) (*p - start);
}

/* 7E+15, 7.00E+15, 7,00E+15 (a comma for the point in many locales). */
static gboolean
is_scientific (const char *s)
{
  if (*s == '+' || *s == '-')
    s++;
  if (skip_digits (&s) == 0)
    return FALSE;
  if (*s == '.' || *s == ',')
    {
      s++;
      skip_digits (&s);
    }
  if (*s != 'e' && *s != 'E')
    return FALSE;
  s++;
  if (*s == '+' || *s == '-')
    s++;
  return skip_digits (&s) > 0 && *s == '\0';
}

/* 7000000000000010.0, 7000000000000010,00: digits with decimals. */
static gboolean
is_decimal (const char *s)
{
  if (skip_digits (&s) == 0 || (*s != '.' && *s != ','))
    return FALSE;
  s++;
  return skip_digits (&s) > 0 && *s == '\0';
}

/* 7,000,000,000,000,010 or 7 000 000 000 000 010 (thousands groups). */
static gboolean
is_grouped (const char *s)
{
  gsize n = skip_digits (&s);
  char separator = *s;
  gboolean grouped = FALSE;

  if (n == 0 || n > 3 || (separator != ',' && separator != ' ' && separator != '.'))
    return FALSE;
  while (*s == separator)
    {
      s++;
      if (skip_digits (&s) != 3)
        return FALSE;
      grouped = TRUE;
    }
  return grouped && *s == '\0';
}

gboolean
pd_csv_id_parse (const char  *text,
                 const char  *what,
                 GString     *out,
                 GError     **error)
{
  const char *start;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  start = pd_csv_trim (text, &len);
  g_string_truncate (out, 0);
  g_string_append_len (out, start, len);

  if (out->str[0] == '=')
    {
      /* ="DIGITS": the text form of an export; the quotes are the
       * formula's, not the CSV's (the reader removed those). */
      if (out->len >= 3 && out->str[1] == '"' && out->str[out->len - 1] == '"' &&
          memchr (out->str + 2, '"', out->len - 3) == NULL)
        {
          g_autofree char *inner = g_strndup (out->str + 2, out->len - 3);

          start = pd_csv_trim (inner, &len);
          g_string_truncate (out, 0);
          g_string_append_len (out, start, len);
        }
      else
        {
          g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                       _("“%s” is a spreadsheet formula, not a %s; expected the id alone, such as"
                         " 7000000000000007, or as an export writes it, =\"7000000000000007\""),
                       out->str, _(what));
          return FALSE;
        }
    }

  if (is_scientific (out->str))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is a %s in scientific notation: a spreadsheet took the id for a"
                     " number and lost its last digits; expected the id’s digits, such as"
                     " 7000000000000007. Export the file again and, in the spreadsheet, format"
                     " the column as Text before pasting or saving"),
                   out->str, _(what));
      return FALSE;
    }
  if (is_decimal (out->str) || is_grouped (out->str))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is a %s written as a number with decimals or digit groups: a"
                     " spreadsheet took the id for a number and may have rounded it; expected"
                     " the id’s digits alone, such as 7000000000000007. Export the file again"
                     " and, in the spreadsheet, format the column as Text before saving"),
                   out->str, _(what));
      return FALSE;
    }
  return TRUE;
}
