/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-xlsx"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pd-csv-reader.h"
#include "pd-row-source.h"
#include "pd-xlsx-pipe.h"
#include "pd-xlsx-reader.h"
#include "pd-xlsx-workbook.h"

/*
 * Rows of one sheet, streamed: the sheet's XML is read node by node and
 * never held; a row's cell values are kept in one buffer (rowbuf) until the
 * next row. Cells become text as a CSV file would hold it: shared and
 * inline strings as they are, numbers in at most 15 significant digits (what
 * spreadsheets show), booleans TRUE/FALSE, numbers in a date format as
 * "YYYY-MM-DD hh:mm:ss" (local times, read in the import's time zone),
 * formulas as their cached values.
 */

typedef enum
{
  CELL_NUMBER,
  CELL_SHARED,
  CELL_INLINE,
  CELL_TEXT,      /* str (a formula's text), e (an error such as #N/A), d */
  CELL_BOOL,
} CellType;

struct _PdXlsxReader
{
  GObject parent_instance;

  PdXlsxZip *zip;
  char *display;
  char *sheet;
  char *sheet_ref;    /* the sheet as a reference names it: 'Q1 list' */
  gboolean date1904;
  PdXlsxStrings strings;
  GByteArray *date_styles;

  xmlTextReaderPtr xml;
  const xmlChar *n_row, *n_c, *n_v, *n_is, *n_t, *n_rph, *n_sheet_data;

  /* The current row. */
  guint64 row;
  guint64 record_line;
  GString *rowbuf;
  GArray *cells;      /* Cell */
  GPtrArray *fields;
  guint width;

  /* The current cell. */
  guint col;
  CellType type;
  guint style;
  gboolean in_cell, in_v, in_is, in_t, has_value;
  guint rph;
  GString *value;

  gboolean done;
  gboolean failed;

  /* The parsing above runs in a worker thread, rows come through here. */
  PdXlsxPipe *pipe;
  guint64 line_out;
  gsize progress;     /* atomic */
};

typedef struct
{
  guint col;
  gsize offset;
} Cell;

static void row_source_init (PdRowSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdXlsxReader, pd_xlsx_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_ROW_SOURCE, row_source_init))

static void
pd_xlsx_reader_finalize (GObject *object)
{
  PdXlsxReader *self = PD_XLSX_READER (object);

  g_clear_pointer (&self->pipe, pd_xlsx_pipe_free);
  g_clear_pointer (&self->xml, xmlFreeTextReader);
  g_clear_pointer (&self->zip, pd_xlsx_zip_free);
  pd_xlsx_strings_clear (&self->strings);
  g_clear_pointer (&self->date_styles, g_byte_array_unref);
  g_string_free (self->rowbuf, TRUE);
  g_string_free (self->value, TRUE);
  g_array_unref (self->cells);
  g_ptr_array_unref (self->fields);
  g_free (self->display);
  g_free (self->sheet);
  g_free (self->sheet_ref);

  G_OBJECT_CLASS (pd_xlsx_reader_parent_class)->finalize (object);
}

static void
pd_xlsx_reader_class_init (PdXlsxReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_xlsx_reader_finalize;
}

static void
pd_xlsx_reader_init (PdXlsxReader *self)
{
  self->rowbuf = g_string_new (NULL);
  self->value = g_string_new (NULL);
  self->cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  self->fields = g_ptr_array_new ();
}

void
pd_xlsx_column_letters (guint  column,
                        char  *buf)
{
  char tmp[4];
  int n = 0;

  column++;
  while (column > 0 && n < 3)
    {
      tmp[n++] = 'A' + (column - 1) % 26;
      column = (column - 1) / 26;
    }
  for (int i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  buf[n] = '\0';
}

char *
pd_xlsx_reader_location (PdXlsxReader *self,
                         guint64       line,
                         guint         field)
{
  char letters[4];

  if (field == G_MAXUINT)
    return g_strdup_printf ("%s:%s!%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                            self->display, self->sheet_ref, line, line);
  pd_xlsx_column_letters (MIN (field, PD_XLSX_MAX_COLUMNS - 1), letters);
  return g_strdup_printf ("%s:%s!%s%" G_GUINT64_FORMAT, self->display, self->sheet_ref, letters, line);
}

static char *
sheet_reference (const char *name)
{
  GString *ref;

  if (strpbrk (name, " !:'-+,;()&") == NULL)
    return g_strdup (name);
  ref = g_string_new ("'");
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (ref, '\'');
      g_string_append_c (ref, *p);
    }
  g_string_append_c (ref, '\'');
  return g_string_free (ref, FALSE);
}

PdXlsxReader *
pd_xlsx_reader_new_for_path (const char  *path,
                             const char  *sheet,
                             const char  *display_name,
                             GError     **error)
{
  g_autoptr(PdXlsxReader) self = g_object_new (PD_TYPE_XLSX_READER, NULL);
  PdXlsxWorkbook book = { 0 };
  const char *part = NULL;
  GError *local_error = NULL;
  gboolean ok = FALSE;

  self->display = g_strdup (display_name);
  self->zip = pd_xlsx_zip_open (path, display_name, error);
  if (self->zip == NULL)
    return NULL;
  if (!pd_xlsx_workbook_read (&book, self->zip, error))
    goto out;

  for (guint i = 0; i < book.sheet_names->len; i++)
    if (sheet == NULL || g_str_equal (sheet, g_ptr_array_index (book.sheet_names, i)))
      {
        self->sheet = g_strdup (g_ptr_array_index (book.sheet_names, i));
        part = g_ptr_array_index (book.sheet_parts, i);
        break;
      }
  if (self->sheet == NULL)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (book.sheet_names, NULL);
      names = g_strjoinv (", ", (char **) book.sheet_names->pdata);
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_NO_SHEET,
                   _("%s: no sheet “%s”; expected one of %s"), display_name, sheet, names);
      goto out;
    }
  self->sheet_ref = sheet_reference (self->sheet);
  self->date1904 = book.date1904;

  self->date_styles = pd_xlsx_styles_load (self->zip, book.styles_part, error);
  if (self->date_styles == NULL ||
      !pd_xlsx_strings_load (&self->strings, self->zip, book.strings_part, error))
    goto out;

  if (part == NULL || !pd_xlsx_zip_seek (self->zip, part, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_CORRUPT,
                     _("%s: the sheet “%s” has no data in the workbook; expected a complete .xlsx file"),
                     display_name, self->sheet);
      goto out;
    }
  self->xml = pd_xlsx_zip_xml (self->zip, part);
  if (self->xml == NULL)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_IO, _("Cannot read %s: %s"), display_name, part);
      goto out;
    }
  self->n_row = xmlTextReaderConstString (self->xml, BAD_CAST "row");
  self->n_c = xmlTextReaderConstString (self->xml, BAD_CAST "c");
  self->n_v = xmlTextReaderConstString (self->xml, BAD_CAST "v");
  self->n_is = xmlTextReaderConstString (self->xml, BAD_CAST "is");
  self->n_t = xmlTextReaderConstString (self->xml, BAD_CAST "t");
  self->n_rph = xmlTextReaderConstString (self->xml, BAD_CAST "rPh");
  self->n_sheet_data = xmlTextReaderConstString (self->xml, BAD_CAST "sheetData");
  ok = TRUE;

out:
  pd_xlsx_workbook_clear (&book);
  return ok ? g_steal_pointer (&self) : NULL;
}

static void
cell_error (PdXlsxReader  *self,
            GError       **error,
            PdXlsxError    code,
            const char    *format,
            ...) G_GNUC_PRINTF (4, 5);

static void
cell_error (PdXlsxReader  *self,
            GError       **error,
            PdXlsxError    code,
            const char    *format,
            ...)
{
  g_autofree char *where = pd_xlsx_reader_location (self, self->row, self->col);
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PD_XLSX_ERROR, code, "%s: %s", where, text);
}

/* The cell's column from its reference ("C14"); FALSE past XFD. */
static gboolean
parse_reference (PdXlsxReader  *self,
                 const char    *ref,
                 GError       **error)
{
  guint col = 0;
  const char *p;

  for (p = ref; g_ascii_isalpha (*p); p++)
    {
      col = col * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (col > PD_XLSX_MAX_COLUMNS)
        break;
    }
  if (col == 0 || col > PD_XLSX_MAX_COLUMNS)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_TOO_LARGE,
                   _("%s:%s!%s: a cell beyond column XFD; expected at most %u columns"),
                   self->display, self->sheet_ref, ref, PD_XLSX_MAX_COLUMNS);
      return FALSE;
    }
  self->col = col - 1;
  return TRUE;
}

static gboolean
start_row (PdXlsxReader  *self,
           GError       **error)
{
  g_autofree char *r = (char *) xmlTextReaderGetAttribute (self->xml, BAD_CAST "r");
  guint64 row = r != NULL ? g_ascii_strtoull (r, NULL, 10) : self->row + 1;

  if (row <= self->row || row > PD_XLSX_MAX_ROWS)
    {
      g_set_error (error, PD_XLSX_ERROR, row > PD_XLSX_MAX_ROWS ? PD_XLSX_ERROR_TOO_LARGE : PD_XLSX_ERROR_CORRUPT,
                   _("%s:%s: row %s out of order or beyond row %u; expected rows in order"),
                   self->display, self->sheet_ref, r != NULL ? r : "?", PD_XLSX_MAX_ROWS);
      return FALSE;
    }
  self->row = row;
  g_string_truncate (self->rowbuf, 0);
  g_string_append_c (self->rowbuf, '\0');   /* "" for the empty cells */
  g_array_set_size (self->cells, 0);
  self->col = G_MAXUINT;
  return TRUE;
}

static gboolean
start_cell (PdXlsxReader  *self,
            GError       **error)
{
  guint prev = self->col;
  gboolean has_ref = FALSE;

  self->type = CELL_NUMBER;
  self->style = 0;
  while (xmlTextReaderMoveToNextAttribute (self->xml) == 1)
    {
      const char *name = (const char *) xmlTextReaderConstLocalName (self->xml);
      const char *value = (const char *) xmlTextReaderConstValue (self->xml);

      if (name[0] == 'r' && name[1] == '\0')
        {
          if (!parse_reference (self, value, error))
            return FALSE;
          has_ref = TRUE;
        }
      else if (name[0] == 't' && name[1] == '\0')
        {
          if (g_str_equal (value, "s"))
            self->type = CELL_SHARED;
          else if (g_str_equal (value, "inlineStr"))
            self->type = CELL_INLINE;
          else if (g_str_equal (value, "b"))
            self->type = CELL_BOOL;
          else if (!g_str_equal (value, "n"))
            self->type = CELL_TEXT;
        }
      else if (name[0] == 's' && name[1] == '\0')
        self->style = (guint) g_ascii_strtoull (value, NULL, 10);
    }
  xmlTextReaderMoveToElement (self->xml);

  if (!has_ref)
    self->col = prev == G_MAXUINT ? 0 : prev + 1;
  if (self->col >= PD_XLSX_MAX_COLUMNS)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_TOO_LARGE,
                   _("%s:%s!%" PRIu64 ": a cell beyond column XFD; expected at most %u columns"),
                   self->display, self->sheet_ref, self->row, PD_XLSX_MAX_COLUMNS);
      return FALSE;
    }
  if (prev != G_MAXUINT && self->col <= prev)
    {
      cell_error (self, error, PD_XLSX_ERROR_CORRUPT, _("a cell out of order; expected the row’s cells from left to right"));
      return FALSE;
    }
  g_string_truncate (self->value, 0);
  self->has_value = FALSE;
  self->in_cell = TRUE;
  return TRUE;
}

static void
format_number (GString *out,
               double   number)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.15g", number));
}

static gboolean
end_cell (PdXlsxReader  *self,
          GError       **error)
{
  gsize offset = self->rowbuf->len;
  const char *text = self->value->str;

  self->in_cell = self->in_v = self->in_is = self->in_t = FALSE;
  if (!self->has_value)
    return TRUE;

  switch (self->type)
    {
    case CELL_SHARED:
      {
        char *end = NULL;
        guint64 index = g_ascii_strtoull (text, &end, 10);
        gsize len = 0;
        const char *s = end != text ? pd_xlsx_strings_get (&self->strings, index, &len) : NULL;

        if (s == NULL)
          {
            cell_error (self, error, PD_XLSX_ERROR_CORRUPT,
                        _("shared string “%s” does not exist; expected one of the workbook’s %u"),
                        text, self->strings.offsets->len);
            return FALSE;
          }
        g_string_append_len (self->rowbuf, s, len);
      }
      break;
    case CELL_BOOL:
      g_string_append (self->rowbuf, g_str_equal (g_strstrip (self->value->str), "1") ? "TRUE" : "FALSE");
      break;
    case CELL_INLINE:
    case CELL_TEXT:
      g_string_append_len (self->rowbuf, text, self->value->len);
      break;
    case CELL_NUMBER:
    default:
      {
        char *end = NULL;
        double number = g_ascii_strtod (text, &end);

        if (end == text)
          {
            g_string_append_len (self->rowbuf, text, self->value->len);
            break;
          }
        if (self->date_styles != NULL && self->style < self->date_styles->len &&
            self->date_styles->data[self->style])
          {
            g_autofree char *date = pd_xlsx_serial_to_text (number, self->date1904);

            if (date != NULL)
              {
                g_string_append (self->rowbuf, date);
                break;
              }
          }
        /* 15 significant digits are all a spreadsheet keeps: a longer
         * number (a 16-digit seller id typed into a cell) is already
         * rounded, and reading it would name another seller. */
        if (fabs (number) >= 1e15)
          {
            cell_error (self, error, PD_XLSX_ERROR_ROUNDED,
                        _("the number %s has more digits than a spreadsheet keeps (15), so it was rounded; expected ids as text cells (format the column as Text before typing or pasting them)"),
                        text);
            return FALSE;
          }
        format_number (self->rowbuf, number);
      }
      break;
    }
  if (self->rowbuf->len == offset)
    return TRUE;
  g_string_append_c (self->rowbuf, '\0');
  g_array_append_vals (self->cells, &(Cell) { self->col, offset }, 1);
  return TRUE;
}

static void
build_fields (PdXlsxReader *self)
{
  const Cell *last = &g_array_index (self->cells, Cell, self->cells->len - 1);
  guint width = MAX (self->width, last->col + 1);

  self->width = width;
  g_ptr_array_set_size (self->fields, width);
  for (guint i = 0; i < width; i++)
    self->fields->pdata[i] = self->rowbuf->str;
  for (guint i = 0; i < self->cells->len; i++)
    {
      const Cell *cell = &g_array_index (self->cells, Cell, i);

      self->fields->pdata[cell->col] = self->rowbuf->str + cell->offset;
    }
}

static gboolean
step (PdXlsxReader  *self,
      int            type,
      gboolean      *row_done,
      GError       **error)
{
  const xmlChar *name;

  if (type == XML_READER_TYPE_ELEMENT)
    {
      gboolean empty = xmlTextReaderIsEmptyElement (self->xml);

      name = xmlTextReaderConstLocalName (self->xml);
      if (name == self->n_c)
        {
          if (!start_cell (self, error))
            return FALSE;
          if (empty)
            self->in_cell = FALSE;
        }
      else if (name == self->n_v && self->in_cell)
        {
          self->in_v = !empty;
          self->has_value = TRUE;
        }
      else if (name == self->n_is && self->in_cell)
        {
          self->in_is = !empty;
          self->has_value = TRUE;
        }
      else if (name == self->n_t && self->in_is && self->rph == 0)
        self->in_t = !empty;
      else if (name == self->n_rph && !empty)
        self->rph++;
      else if (name == self->n_row)
        {
          if (!start_row (self, error))
            return FALSE;
        }
    }
  else if (type == XML_READER_TYPE_END_ELEMENT)
    {
      name = xmlTextReaderConstLocalName (self->xml);
      if (name == self->n_c)
        return end_cell (self, error);
      else if (name == self->n_v)
        self->in_v = FALSE;
      else if (name == self->n_t)
        self->in_t = FALSE;
      else if (name == self->n_is)
        self->in_is = FALSE;
      else if (name == self->n_rph && self->rph > 0)
        self->rph--;
      else if (name == self->n_row)
        *row_done = self->cells->len > 0;
      else if (name == self->n_sheet_data)
        self->done = TRUE;
    }
  else if ((self->in_v || self->in_t) &&
           (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
            type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE))
    {
      g_string_append (self->value, (const char *) xmlTextReaderConstValue (self->xml));
      if (self->value->len > PD_CSV_MAX_FIELD_SIZE)
        {
          cell_error (self, error, PD_XLSX_ERROR_TOO_LARGE, _("a value over %u KiB; expected a shorter one"),
                      PD_CSV_MAX_FIELD_SIZE / 1024);
          return FALSE;
        }
    }
  return TRUE;
}

/* The next row, parsed (in the worker thread). */
static gboolean
parse_next (PdXlsxReader  *self,
            GPtrArray    **fields_out,
            GError       **error)
{
  *fields_out = NULL;
  if (self->done)
    return FALSE;
  if (self->failed)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_IO,
                   _("%s: reading stopped at an earlier error; expected a new reader"), self->display);
      return FALSE;
    }

  for (;;)
    {
      gboolean row_done = FALSE;
      int type = 0;
      int r = pd_xlsx_xml_step (self->zip, self->xml, self->sheet_ref, &type, error);

      if (r == 0)
        {
          self->done = TRUE;
          return FALSE;
        }
      if (r < 0 || !step (self, type, &row_done, error))
        {
          self->failed = TRUE;
          return FALSE;
        }
      if (row_done)
        {
          build_fields (self);
          self->line_out = self->row;
          *fields_out = self->fields;
          return TRUE;
        }
      if (self->done)
        return FALSE;
    }
}

static gboolean
produce (gpointer     data,
         GPtrArray  **fields_out,
         guint64     *line_out,
         GError     **error)
{
  PdXlsxReader *self = data;
  gboolean ok = parse_next (self, fields_out, error);

  *line_out = self->line_out;
  if ((self->line_out & 255) == 0 || !ok)
    g_atomic_pointer_set (&self->progress, (gsize) pd_xlsx_zip_progress (self->zip));
  return ok;
}

gboolean
pd_xlsx_reader_next (PdXlsxReader  *self,
                     GPtrArray    **fields_out,
                     GError       **error)
{
  g_return_val_if_fail (PD_IS_XLSX_READER (self), FALSE);
  g_return_val_if_fail (fields_out != NULL, FALSE);

  *fields_out = NULL;
  if (self->pipe == NULL)
    self->pipe = pd_xlsx_pipe_new (produce, self);
  return pd_xlsx_pipe_next (self->pipe, fields_out, &self->record_line, error);
}

guint64
pd_xlsx_reader_get_record_line (PdXlsxReader *self)
{
  return self->record_line;
}

guint64
pd_xlsx_reader_get_bytes_read (PdXlsxReader *self)
{
  return (guint64) g_atomic_pointer_get (&self->progress);
}

const char *
pd_xlsx_reader_get_sheet_name (PdXlsxReader *self)
{
  return self->sheet;
}

gboolean
pd_xlsx_reader_get_date1904 (PdXlsxReader *self)
{
  return self->date1904;
}

static const char *
source_encoding (PdRowSource *source)
{
  return NULL;
}

static void
row_source_init (PdRowSourceInterface *iface)
{
  iface->next = (gpointer) pd_xlsx_reader_next;
  iface->get_record_line = (gpointer) pd_xlsx_reader_get_record_line;
  iface->get_bytes_read = (gpointer) pd_xlsx_reader_get_bytes_read;
  iface->get_encoding = source_encoding;
  iface->location = (gpointer) pd_xlsx_reader_location;
}
