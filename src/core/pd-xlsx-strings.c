/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-xlsx"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pd-csv-reader.h"
#include "pd-xlsx-private.h"

/*
 * The shared strings (held for the whole sheet, as compactly as they come:
 * one buffer of NUL-terminated strings and a 32-bit offset each), the styles
 * (only which cell formats show dates), and date serial numbers.
 */

/* The most the shared strings may take, offsets and all. */
#define MAX_STRINGS_BYTES (G_GUINT64_CONSTANT (1) << 31)

static gboolean
is_text_node (int type)
{
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static gboolean
push_string (PdXlsxStrings  *strings,
             PdXlsxZip      *zip,
             GString        *text,
             GError        **error)
{
  guint32 offset = strings->data->len;

  if ((guint64) strings->data->len + text->len + 1 + 4 * (guint64) strings->offsets->len > MAX_STRINGS_BYTES)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_TOO_LARGE,
                   _("%s: the workbook’s shared strings are over %u MiB; expected a smaller workbook"),
                   zip->display, (guint) (MAX_STRINGS_BYTES >> 20));
      return FALSE;
    }
  g_array_append_val (strings->offsets, offset);
  g_byte_array_append (strings->data, (guint8 *) text->str, text->len + 1);
  return TRUE;
}

gboolean
pd_xlsx_strings_load (PdXlsxStrings  *strings,
                      PdXlsxZip      *zip,
                      const char     *part,
                      GError        **error)
{
  xmlTextReaderPtr xml = NULL;
  GError *local_error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const xmlChar *n_si, *n_t, *n_rph;
  gboolean in_si = FALSE, in_t = FALSE;
  guint rph = 0;
  int type = 0;
  int r;

  strings->data = g_byte_array_new ();
  strings->offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (part == NULL || !pd_xlsx_zip_seek (zip, part, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, local_error);
      return FALSE;
    }
  xml = pd_xlsx_zip_xml (zip, part);
  n_si = xmlTextReaderConstString (xml, BAD_CAST "si");
  n_t = xmlTextReaderConstString (xml, BAD_CAST "t");
  n_rph = xmlTextReaderConstString (xml, BAD_CAST "rPh");

  while ((r = pd_xlsx_xml_step (zip, xml, "sharedStrings.xml", &type, error)) == 1)
    {
      const xmlChar *name;

      if (type == XML_READER_TYPE_ELEMENT)
        {
          gboolean empty = xmlTextReaderIsEmptyElement (xml);

          name = xmlTextReaderConstLocalName (xml);
          if (name == n_si)
            {
              g_string_truncate (text, 0);
              in_si = !empty;
              rph = 0;
              if (empty && !push_string (strings, zip, text, error))
                break;
            }
          else if (name == n_rph && !empty)
            rph++;
          else if (name == n_t && in_si && rph == 0)
            in_t = !empty;
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          name = xmlTextReaderConstLocalName (xml);
          if (name == n_t)
            in_t = FALSE;
          else if (name == n_rph && rph > 0)
            rph--;
          else if (name == n_si && in_si)
            {
              in_si = FALSE;
              if (!push_string (strings, zip, text, error))
                {
                  r = -1;
                  break;
                }
            }
        }
      else if (in_t && is_text_node (type))
        {
          const char *value = (const char *) xmlTextReaderConstValue (xml);

          g_string_append (text, value);
          if (text->len > PD_CSV_MAX_FIELD_SIZE)
            {
              g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_TOO_LARGE,
                           _("%s: shared string %u is over %u KiB; expected a shorter text"),
                           zip->display, strings->offsets->len, PD_CSV_MAX_FIELD_SIZE / 1024);
              r = -1;
              break;
            }
        }
    }
  xmlFreeTextReader (xml);
  return r == 0;
}

void
pd_xlsx_strings_clear (PdXlsxStrings *strings)
{
  g_clear_pointer (&strings->data, g_byte_array_unref);
  g_clear_pointer (&strings->offsets, g_array_unref);
}

const char *
pd_xlsx_strings_get (PdXlsxStrings *strings,
                     guint64        index,
                     gsize         *len_out)
{
  guint32 start, end;

  if (strings->offsets == NULL || index >= strings->offsets->len)
    return NULL;
  start = g_array_index (strings->offsets, guint32, index);
  end = index + 1 < strings->offsets->len ? g_array_index (strings->offsets, guint32, index + 1) : strings->data->len;
  *len_out = end - start - 1;
  return (const char *) strings->data->data + start;
}

/* Whether a number format shows a date or a time: the built-in ones that
 * do (including the CJK locales' 27-36 and 50-58), or a format code with
 * d, m, y, h or s (or 年月日时分秒) outside quotes, brackets and escapes. */
gboolean
pd_xlsx_format_is_date (guint       id,
                        const char *code)
{
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58))
    return TRUE;
  if (code == NULL)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          p = strchr (p + 1, '"');
          if (p == NULL)
            return FALSE;
          break;
        case '[':
          {
            const char *end = strchr (p, ']');

            /* [h], [mm], [ss]: elapsed time. */
            if (end != NULL && strchr ("hHmMsS", p[1]) != NULL)
              return TRUE;
            if (end == NULL)
              return FALSE;
            p = end;
          }
          break;
        case '\\':
        case '_':
        case '*':
          if (p[1] == '\0')
            return FALSE;
          p++;
          break;
        case ';':
          /* The first section decides. */
          return FALSE;
        case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
        case 'h': case 'H': case 's': case 'S':
          return TRUE;
        default:
          if (g_str_has_prefix (p, "年") || g_str_has_prefix (p, "月") || g_str_has_prefix (p, "日"))
            return TRUE;
          break;
        }
    }
  return FALSE;
}

static guint
uint_attribute (xmlTextReaderPtr  xml,
                const char       *name)
{
  g_autofree xmlChar *value = xmlTextReaderGetAttribute (xml, BAD_CAST name);

  if (value == NULL)
    return 0;
  return (guint) g_ascii_strtoull ((const char *) value, NULL, 10);
}

GByteArray *
pd_xlsx_styles_load (PdXlsxZip   *zip,
                     const char  *part,
                     GError     **error)
{
  xmlTextReaderPtr xml = NULL;
  g_autoptr(GByteArray) dates = g_byte_array_new ();
  g_autoptr(GHashTable) custom = g_hash_table_new (NULL, NULL);
  GError *local_error = NULL;
  gboolean in_xfs = FALSE;
  int r;

  if (part == NULL || !pd_xlsx_zip_seek (zip, part, &local_error))
    {
      if (local_error == NULL)
        return g_steal_pointer (&dates);
      g_propagate_error (error, local_error);
      return NULL;
    }
  xml = pd_xlsx_zip_xml (zip, part);
  while ((r = pd_xlsx_xml_step (zip, xml, "styles.xml", NULL, error)) == 1)
    {
      int type = xmlTextReaderNodeType (xml);
      const char *name = (const char *) xmlTextReaderConstLocalName (xml);

      if (type == XML_READER_TYPE_ELEMENT && g_str_equal (name, "numFmt"))
        {
          g_autofree xmlChar *code = xmlTextReaderGetAttribute (xml, BAD_CAST "formatCode");
          guint id = uint_attribute (xml, "numFmtId");

          if (pd_xlsx_format_is_date (0, (const char *) code))
            g_hash_table_add (custom, GUINT_TO_POINTER (id + 1));
        }
      else if (type == XML_READER_TYPE_ELEMENT && g_str_equal (name, "cellXfs"))
        in_xfs = !xmlTextReaderIsEmptyElement (xml);
      else if (type == XML_READER_TYPE_END_ELEMENT && g_str_equal (name, "cellXfs"))
        in_xfs = FALSE;
      else if (type == XML_READER_TYPE_ELEMENT && in_xfs && g_str_equal (name, "xf") &&
               xmlTextReaderDepth (xml) == 2)
        {
          guint id = uint_attribute (xml, "numFmtId");
          guint8 is_date = g_hash_table_contains (custom, GUINT_TO_POINTER (id + 1)) ||
                           pd_xlsx_format_is_date (id, NULL);

          if (dates->len >= 65536)
            continue;
          g_byte_array_append (dates, &is_date, 1);
        }
    }
  xmlFreeTextReader (xml);
  if (r < 0)
    return NULL;
  return g_steal_pointer (&dates);
}

char *
pd_xlsx_serial_to_text (double   serial,
                        gboolean date1904)
{
  g_autoptr(GDate) date = NULL;
  gint64 seconds;
  gint64 days;
  gint64 rest;

  if (!isfinite (serial) || serial < 0 || serial >= 2958466)
    return NULL;
  seconds = llround (serial * 86400.0);
  days = seconds / 86400;
  rest = seconds % 86400;

  if (date1904)
    date = g_date_new_dmy (1, G_DATE_JANUARY, 1904);
  else if (days >= 61)
    date = g_date_new_dmy (30, G_DATE_DECEMBER, 1899);
  else if (days >= 1)
    date = g_date_new_dmy (31, G_DATE_DECEMBER, 1899);
  else
    {
      /* A time of day only. */
      return g_strdup_printf ("%02d:%02d:%02d", (int) (rest / 3600), (int) (rest / 60 % 60), (int) (rest % 60));
    }
  g_date_add_days (date, days);

  if (rest == 0)
    return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                            g_date_get_day (date));
  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d:%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date),
                          (int) (rest / 3600), (int) (rest / 60 % 60), (int) (rest % 60));
}
