/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-csv-reader"

#include "config.h"

#include <string.h>

#include "pd-csv-reader-private.h"

/*
 * Encodings, for the reader (pd-csv-reader.c): UTF-8 validation, and
 * UTF-8 rows in a GB18030 (GBK) file: rows pasted from a UTF-8 file into
 * one that Chinese Excel saved. GBK decodes nearly any pair of bytes, so
 * such a row turns into garbled text with no invalid byte to notice. Its
 * original bytes (GB18030 maps back to them one to one) tell: valid UTF-8
 * with at least two CJK characters of three bytes each. GBK text almost
 * never is: its characters would have to line up as UTF-8 sequences over
 * every non-ASCII byte of the row, and the common GBK characters (second
 * bytes 0xC0 and up) cannot follow a UTF-8 lead byte.
 */

/* Code points a UTF-8 row of a Chinese list holds: CJK ideographs and
 * radicals, CJK punctuation, full-width forms. */
static gboolean
is_cjk (gunichar c)
{
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF);
}

static gboolean
has_non_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return TRUE;
  return FALSE;
}

gboolean
pd_csv_row_is_utf8_in_gb18030 (GIConv     *cd_back,
                               GPtrArray  *fields,
                               guint      *column_out)
{
  guint cjk = 0;
  guint column = 0;

  *column_out = 0;
  for (guint i = 0; i < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, i);
      g_autofree char *original = NULL;
      gsize length = 0;
      const char *end;

      if (!has_non_ascii (field))
        continue;
      if (*cd_back == (GIConv) -1)
        {
          *cd_back = g_iconv_open ("GB18030", "UTF-8");
          if (*cd_back == (GIConv) -1)
            return FALSE;
        }
      g_iconv (*cd_back, NULL, NULL, NULL, NULL);
      original = g_convert_with_iconv (field, -1, *cd_back, NULL, &length, NULL);
      if (original == NULL)
        return FALSE;
      /* Not UTF-8: a GBK field, so a GBK row. */
      if (!g_utf8_validate (original, (gssize) length, &end) || end != original + length)
        return FALSE;
      for (const char *p = original; p < original + length; p = g_utf8_next_char (p))
        if ((guchar) *p >= 0xE0 && is_cjk (g_utf8_get_char (p)))
          {
            cjk++;
            if (column == 0)
              column = i + 1;
          }
    }
  *column_out = column;
  return cjk >= 2;
}

/* Validates s[0..len) per Unicode table 3-7. *valid_len receives the length
 * of the valid part; *non_ascii is set when it holds a multi-byte sequence.
 * PD_UTF8_INCOMPLETE: the rest is the valid start of a sequence cut short. */
PdUtf8Status
pd_csv_validate_utf8 (const guchar *s,
                      gsize         len,
                      gsize        *valid_len,
                      gboolean     *non_ascii)
{
  gsize i = 0;

  while (i < len)
    {
      guchar c;
      guint need;
      guchar lo = 0x80, hi = 0xBF;
      guint k;

      while (i + 8 <= len)
        {
          guint64 w;

          memcpy (&w, s + i, 8);
          if (w & G_GUINT64_CONSTANT (0x8080808080808080))
            break;
          i += 8;
        }
      while (i < len && s[i] < 0x80)
        i++;
      if (i >= len)
        break;

      c = s[i];
      if (c >= 0xC2 && c <= 0xDF)
        need = 1;
      else if (c >= 0xE0 && c <= 0xEF)
        {
          need = 2;
          if (c == 0xE0)
            lo = 0xA0;
          else if (c == 0xED)
            hi = 0x9F;
        }
      else if (c >= 0xF0 && c <= 0xF4)
        {
          need = 3;
          if (c == 0xF0)
            lo = 0x90;
          else if (c == 0xF4)
            hi = 0x8F;
        }
      else
        {
          *valid_len = i;
          return PD_UTF8_INVALID;
        }

      for (k = 1; k <= need; k++)
        {
          guchar t;

          if (i + k >= len)
            {
              *valid_len = i;
              return PD_UTF8_INCOMPLETE;
            }
          t = s[i + k];
          if (k == 1 ? (t < lo || t > hi) : (t & 0xC0) != 0x80)
            {
              *valid_len = i;
              return PD_UTF8_INVALID;
            }
        }
      *non_ascii = TRUE;
      i += need + 1;
    }

  *valid_len = len;
  return PD_UTF8_OK;
}
