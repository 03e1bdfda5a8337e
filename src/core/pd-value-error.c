/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-value"

#include "pd-value-error.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (pd-value-error-quark, pd_value_error)

char *
pd_value_dup_stripped (const char  *text,
                       const char  *what,
                       GError     **error)
{
  const char *start;
  const char *end;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("The %s is not valid UTF-8 text"), what);
      return NULL;
    }

  start = text;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}
