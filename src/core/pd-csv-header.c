/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-csv-header"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-csv-header.h"
#include "pd-csv-writer.h"

/*
 * Matches a CSV header line against the columns an import expects, then
 * hands out each record's values by column.
 */

struct _PdCsvHeader
{
  char *display_name;
  /* Borrowed, nullable: names places in messages ("FILE:SHEET!C14"). */
  PdRowSource *source;
  guint n_columns;
  /* Per column: its field index, or -1. */
  int *index;
  /* Fields in the header line, empty ones included. */
  guint n_fields;
  /* Fields up to the last one with a name: a record must have as many
   * (Excel drops nothing, but a header may end with empty names). */
  guint n_named;
  const PdCsvColumn *columns;
  /* Per column, created on demand: a trimmed copy when a value has trailing
   * spaces (the fields themselves are not ours to change). */
  GString **scratch;
};

/* Length of the space character at s[0..len), or 0. */
static gsize
space_at (const guchar *s,
          gsize         len)
{
  if (len >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
    return 1;
  if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)  /* NO-BREAK SPACE */
    return 2;
  if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)  /* IDEOGRAPHIC SPACE */
    return 3;
  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)  /* BOM */
    return 3;
  return 0;
}

/* Length of the space character ending at s[len), or 0. */
static gsize
space_before (const guchar *s,
              gsize         len)
{
  if (len >= 1 && (s[len - 1] == ' ' || (s[len - 1] >= '\t' && s[len - 1] <= '\r')))
    return 1;
  if (len >= 2 && space_at (s + len - 2, 2) == 2)
    return 2;
  if (len >= 3 && space_at (s + len - 3, 3) == 3)
    return 3;
  return 0;
}

/* Trims text[0..len) in place of a copy: no nul needed at its end. */
static const char *
trim_len (const char *text,
          gsize       len,
          gsize      *length_out)
{
  const guchar *s = (const guchar *) text;
  gsize n;

  while ((n = space_at (s, len)) > 0)
    {
      s += n;
      len -= n;
    }
  while ((n = space_before (s, len)) > 0)
    len -= n;

  *length_out = len;
  return (const char *) s;
}

/**
 * pd_csv_trim:
 * @text: a UTF-8 string
 * @length_out: (out): the length of the trimmed text
 *
 * Finds @text without surrounding spaces: ASCII white space, NO-BREAK SPACE,
 * IDEOGRAPHIC SPACE (U+3000) and byte order marks.
 *
 * Returns: (transfer none): where the trimmed text starts within @text
 */
const char *
pd_csv_trim (const char *text,
             gsize      *length_out)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (length_out != NULL, NULL);

  return trim_len (text, strlen (text), length_out);
}

static gboolean
name_matches (const char *wanted,
              const char *text,
              gsize       len)
{
  return wanted != NULL && strlen (wanted) == len && g_ascii_strncasecmp (wanted, text, len) == 0;
}

/* Our own export's header: the label, its translation in the user's
 * language, or its Chinese one. */
static gboolean
label_matches (const PdCsvColumn *column,
               const char        *text,
               gsize              len)
{
  if (column->label == NULL)
    return FALSE;
  return name_matches (column->label, text, len) ||
         name_matches (g_dgettext (GETTEXT_PACKAGE, column->label), text, len) ||
         name_matches (column->label_zh, text, len);
}

static PdCsvHeader *header_new (const PdCsvColumn  *columns,
                                guint               n_columns,
                                GPtrArray          *header_fields,
                                const char         *display_name,
                                PdRowSource        *source,
                                guint64             line,
                                GPtrArray         **warnings_out,
                                GError            **error);

/**
 * pd_csv_header_new:
 * @columns: the columns an import knows
 * @n_columns: how many
 * @header_fields: (nullable): the file's first record; %NULL for an empty
 *   file, which then lacks every required column
 * @display_name: how messages name the file
 * @warnings_out: (out) (optional) (transfer full): on success, the warnings
 *   (strings, possibly none): unknown columns are ignored and named in one
 * @error: return location for %PD_CSV_ERROR_MISSING_COLUMN or
 *   %PD_CSV_ERROR_DUPLICATE_COLUMN
 *
 * Header names match a column's name, alias or label (as is, translated
 * or in Chinese) ignoring ASCII case and surrounding spaces; empty header
 * cells are ignored.
 *
 * Returns: (transfer full) (nullable): the header, or %NULL on error
 */
PdCsvHeader *
pd_csv_header_new (const PdCsvColumn  *columns,
                   guint               n_columns,
                   GPtrArray          *header_fields,
                   const char         *display_name,
                   GPtrArray         **warnings_out,
                   GError            **error)
{
  return header_new (columns, n_columns, header_fields, display_name, NULL, 1, warnings_out, error);
}

/* Like pd_csv_header_new(), for the header on @line of @source, which then
 * names the places in messages (it must outlive the header). */
PdCsvHeader *
pd_csv_header_new_for_source (const PdCsvColumn  *columns,
                              guint               n_columns,
                              GPtrArray          *header_fields,
                              const char         *display_name,
                              PdRowSource        *source,
                              guint64             line,
                              GPtrArray         **warnings_out,
                              GError            **error)
{
  return header_new (columns, n_columns, header_fields, display_name, source, line, warnings_out, error);
}

static char *
where (PdCsvHeader *self,
       guint64      line,
       guint        field)
{
  if (self->source != NULL)
    return pd_row_source_location (self->source, line, field);
  if (field == G_MAXUINT)
    return g_strdup_printf ("%s:%" G_GUINT64_FORMAT, self->display_name, line);
  return g_strdup_printf ("%s:%" G_GUINT64_FORMAT ":%u", self->display_name, line, field + 1);
}

static PdCsvHeader *
header_new (const PdCsvColumn  *columns,
            guint               n_columns,
            GPtrArray          *header_fields,
            const char         *display_name,
            PdRowSource        *source,
            guint64             line,
            GPtrArray         **warnings_out,
            GError            **error)
{
  g_autofree char *row = NULL;
  g_autoptr(PdCsvHeader) self = NULL;
  g_autoptr(GString) unknown = NULL;
  g_autoptr(GString) missing = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  guint n_fields = header_fields != NULL ? header_fields->len : 0;
  guint i;
  guint j;

  g_return_val_if_fail (columns != NULL || n_columns == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (warnings_out != NULL)
    *warnings_out = NULL;

  self = g_new0 (PdCsvHeader, 1);
  self->display_name = g_strdup (display_name);
  self->source = source;
  row = where (self, line, G_MAXUINT);
  self->n_columns = n_columns;
  self->n_fields = n_fields;
  self->columns = columns;
  self->index = g_new (int, MAX (n_columns, 1));
  self->scratch = g_new0 (GString *, MAX (n_columns, 1));
  for (j = 0; j < n_columns; j++)
    self->index[j] = -1;

  unknown = g_string_new (NULL);
  for (i = 0; i < n_fields; i++)
    {
      gsize len;
      const char *text = pd_csv_trim (g_ptr_array_index (header_fields, i), &len);
      gboolean known = FALSE;

      if (len == 0)
        continue;
      self->n_named = i + 1;

      for (j = 0; j < n_columns && !known; j++)
        {
          if (!name_matches (columns[j].name, text, len) && !name_matches (columns[j].alias, text, len) &&
              !label_matches (&columns[j], text, len))
            continue;
          known = TRUE;
          if (self->index[j] >= 0)
            {
              g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_DUPLICATE_COLUMN,
                           _("%s: column %s given twice, in fields %u and %u; expected each column once"),
                           row, columns[j].name, (guint) self->index[j] + 1, i + 1);
              return NULL;
            }
          self->index[j] = i;
        }

      if (!known)
        {
          if (unknown->len > 0)
            g_string_append (unknown, ", ");
          g_string_append_len (unknown, text, len);
        }
    }

  missing = g_string_new (NULL);
  for (j = 0; j < n_columns; j++)
    {
      if (!columns[j].required || self->index[j] >= 0)
        continue;
      if (missing->len > 0)
        g_string_append (missing, ", ");
      g_string_append (missing, columns[j].name);
    }
  if (missing->len > 0)
    {
      g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_MISSING_COLUMN,
                   _("%s: missing required column(s) %s"), row, missing->str);
      return NULL;
    }

  warnings = g_ptr_array_new_with_free_func (g_free);
  if (unknown->len > 0)
    g_ptr_array_add (warnings, g_strdup_printf (_("%s: unknown column(s) ignored: %s"),
                                                row, unknown->str));
  if (warnings_out != NULL)
    *warnings_out = g_steal_pointer (&warnings);

  return g_steal_pointer (&self);
}

void
pd_csv_header_free (PdCsvHeader *self)
{
  guint j;

  if (self == NULL)
    return;

  for (j = 0; j < self->n_columns; j++)
    if (self->scratch[j] != NULL)
      g_string_free (self->scratch[j], TRUE);
  g_free (self->scratch);
  g_free (self->index);
  g_free (self->display_name);
  g_free (self);
}

/**
 * pd_csv_header_index:
 *
 * Returns: the field index of @column (an index into the columns given to
 *   pd_csv_header_new()), or -1 when the file lacks it
 */
int
pd_csv_header_index (PdCsvHeader *self,
                     guint        column)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (column < self->n_columns, -1);

  return self->index[column];
}

/**
 * pd_csv_header_get_n_fields:
 *
 * Returns: how many fields the header line has, empty ones included
 */
guint
pd_csv_header_get_n_fields (PdCsvHeader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_fields;
}

/**
 * pd_csv_header_get:
 * @self: a header
 * @fields: a record's fields
 * @column: an index into the columns given to pd_csv_header_new()
 *
 * Returns: (transfer none) (nullable): the value without surrounding spaces
 *   and unwrapped from the spreadsheet-safe forms of our exports
 *   (pd_csv_unwrap()),
 *   "" when the record is too short to hold it (spreadsheets leave trailing
 *   empty cells out), %NULL when the file has no such column. Valid until
 *   @fields changes or the next call for the same column.
 */
const char *
pd_csv_header_get (PdCsvHeader *self,
                   GPtrArray   *fields,
                   guint        column)
{
  const char *value;
  const char *text;
  gsize len;
  int idx;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  idx = self->index[column];
  if (idx < 0)
    return NULL;
  if ((guint) idx >= fields->len)
    return "";

  value = g_ptr_array_index (fields, idx);
  text = pd_csv_trim (value, &len);
  /* Our own exports' spreadsheet-safe forms: ="7000000000000007", '-token.
   * What ="..." holds is trimmed like any cell; what an apostrophe
   * protects (a value that began with a tab) is given back whole. */
  if (len >= 3 && text[0] == '=' && text[1] == '"')
    {
      const char *inner = pd_csv_unwrap (text, &len);

      if (inner != text)
        text = trim_len (inner, len, &len);
    }
  else
    text = pd_csv_unwrap (text, &len);
  if (text[len] == '\0')
    return text;

  if (self->scratch[column] == NULL)
    self->scratch[column] = g_string_sized_new (len);
  g_string_truncate (self->scratch[column], 0);
  g_string_append_len (self->scratch[column], text, len);

  return self->scratch[column]->str;
}

/**
 * pd_csv_header_check_record:
 * @self: a header
 * @fields: a record's fields
 * @line: the line where the record starts, for messages
 * @error: return location for %PD_CSV_ERROR_EXTRA_FIELD
 *
 * A record may have more fields than the header only when the extra ones
 * are empty (Excel ends rows with commas), and fewer only when the missing
 * ones have no name in the header: a short row has lost a delimiter or a
 * quote, and its values would land in the wrong columns. A value may be
 * at most its column's max_chars long.
 */
gboolean
pd_csv_header_check_record (PdCsvHeader  *self,
                            GPtrArray    *fields,
                            guint64       line,
                            GError      **error)
{
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (fields->len < self->n_named)
    {
      g_autofree char *place = where (self, line, fields->len);

      g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_MISSING_FIELD,
                   ngettext ("%s: the row has %u field; expected %u, one per header column (is a delimiter or a quote missing?)",
                             "%s: the row has %u fields; expected %u, one per header column (is a delimiter or a quote missing?)",
                             fields->len),
                   place, fields->len, self->n_named);
      return FALSE;
    }

  for (guint j = 0; j < self->n_columns; j++)
    {
      int idx = self->index[j];
      guint max = self->columns[j].max_chars > 0 ? self->columns[j].max_chars : PD_CSV_MAX_VALUE_CHARS;
      const char *value;
      glong n_chars;

      if (idx < 0 || (guint) idx >= fields->len)
        continue;
      value = g_ptr_array_index (fields, idx);
      /* Bytes first: at least as many as characters. */
      if (strlen (value) <= max || (n_chars = g_utf8_strlen (value, -1)) <= (glong) max)
        continue;
      {
        g_autofree char *place = where (self, line, idx);

        g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_VALUE_TOO_LONG,
                     _("%s: %s of %ld characters; expected at most %u"),
                     place, self->columns[j].name, n_chars, max);
        return FALSE;
      }
    }

  for (i = self->n_fields; i < fields->len; i++)
    {
      gsize len;

      pd_csv_trim (g_ptr_array_index (fields, i), &len);
      if (len > 0)
        {
          g_autofree char *place = where (self, line, i);

          g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_EXTRA_FIELD,
                       _("%s: value beyond the header's %u columns; expected at most %u fields, or empty ones"),
                       place, self->n_fields, self->n_fields);
          return FALSE;
        }
    }

  return TRUE;
}
