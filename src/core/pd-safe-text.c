/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-core"

#include "config.h"

#include <string.h>

#include "pd-safe-text.h"

typedef enum
{
  KEEP,
  SPACE,
  DROP,
} Action;

static Action
classify (gunichar         c,
          PdSafeTextFlags  flags)
{
  if (c == '\n' || c == '\t')
    return (flags & PD_SAFE_TEXT_MULTILINE) ? KEEP : SPACE;
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)
    return SPACE;
  if (c == 0x061c || c == 0x200e || c == 0x200f ||
      (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
    return DROP;
  return KEEP;
}

char *
pd_safe_text_dup (const char      *text,
                  gssize           length,
                  gsize            max_bytes,
                  PdSafeTextFlags  flags)
{
  g_autofree char *valid = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, length);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize size = (gsize) (g_utf8_next_char (p) - p);

      switch (classify (c, flags))
        {
        case SPACE:
          if (max_bytes > 0 && out->len + 1 > max_bytes)
            goto done;
          g_string_append_c (out, ' ');
          break;
        case DROP:
          break;
        case KEEP:
        default:
          if (max_bytes > 0 && out->len + size > max_bytes)
            goto done;
          g_string_append_len (out, p, (gssize) size);
          break;
        }
    }
done:
  return g_string_free (out, FALSE);
}

void
pd_safe_text_fix_error (GError *error)
{
  char *safe;

  if (error == NULL || error->message == NULL || pd_safe_text_is_safe (error->message, PD_SAFE_TEXT_DEFAULT))
    return;
  safe = pd_safe_text_dup (error->message, -1, 0, PD_SAFE_TEXT_DEFAULT);
  g_free (error->message);
  error->message = safe;
}

gboolean
pd_safe_text_is_safe (const char      *text,
                      PdSafeTextFlags  flags)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (classify (g_utf8_get_char (p), flags) != KEEP)
      return FALSE;
  return TRUE;
}
