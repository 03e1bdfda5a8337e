/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-xlsx-writer"

#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "pd-xlsx-writer.h"

/*
 * The .xlsx side of the export writer (pd-csv-writer.h), through
 * libxlsxwriter in its constant-memory mode (rows go to a temporary file as
 * they are written). The workbook is written to a private temporary file
 * and copied into the export's stream at the end. Text cells are strings
 * (ids are never rounded, nothing runs as a formula), numbers are numbers
 * (two decimals: a money format), and with dates on, ISO dates and times
 * are date cells as written (local times; the offset is dropped).
 */

#define MAX_WIDTH_COLUMNS 64
/* The longest text a cell holds, in characters. */
#define XLSX_MAX_STRING 32767

struct _PdXlsxSink
{
  char *tmp_path;
  char *display_name;
  lxw_workbook *book;
  lxw_worksheet *sheet;
  lxw_format *header_format;
  lxw_format *money_format;
  lxw_format *date_format;
  lxw_format *time_format;
  gboolean dates;
  gboolean header;
  guint n_sheets;
  lxw_row_t row;
  lxw_col_t col;
  lxw_col_t max_col;
  gboolean row_has_cells;
  double widths[MAX_WIDTH_COLUMNS];
  lxw_error error;
};

PdXlsxSink *
pd_xlsx_sink_new (const char  *display_name,
                  GError     **error)
{
  PdXlsxSink *self = g_new0 (PdXlsxSink, 1);
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE };
  int fd;

  fd = g_file_open_tmp ("partnerdesk-export-XXXXXX.xlsx", &self->tmp_path, error);
  if (fd < 0)
    {
      g_free (self);
      return NULL;
    }
  close (fd);
  self->display_name = g_strdup (display_name);
  self->book = workbook_new_opt (self->tmp_path, &options);
  if (self->book == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), display_name,
                   _("the workbook could not be created"));
      pd_xlsx_sink_free (self);
      return NULL;
    }
  self->header_format = workbook_add_format (self->book);
  format_set_bold (self->header_format);
  format_set_bottom (self->header_format, LXW_BORDER_THIN);
  self->money_format = workbook_add_format (self->book);
  format_set_num_format (self->money_format, "#,##0.00");
  self->date_format = workbook_add_format (self->book);
  format_set_num_format (self->date_format, "yyyy-mm-dd");
  self->time_format = workbook_add_format (self->book);
  format_set_num_format (self->time_format, "yyyy-mm-dd hh:mm");
  return self;
}

void
pd_xlsx_sink_free (PdXlsxSink *self)
{
  if (self == NULL)
    return;
  if (self->book != NULL)
    {
      /* Closing frees it (and writes the file, removed below). */
      workbook_close (self->book);
    }
  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  g_free (self->tmp_path);
  g_free (self->display_name);
  g_free (self);
}

void
pd_xlsx_sink_set_dates (PdXlsxSink *self,
                        gboolean    dates)
{
  self->dates = dates;
}

static void
end_sheet (PdXlsxSink *self)
{
  if (self->sheet == NULL)
    return;
  for (guint i = 0; i < MAX_WIDTH_COLUMNS && i <= self->max_col; i++)
    if (self->widths[i] > 0)
      worksheet_set_column (self->sheet, i, i, MIN (self->widths[i] + 2, 60), NULL);
  if (self->header)
    {
      worksheet_freeze_panes (self->sheet, 1, 0);
      if (self->row > 0)
        worksheet_autofilter (self->sheet, 0, 0, self->row - 1, self->max_col);
    }
  self->sheet = NULL;
}

/* Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules). */
static char *
sheet_name (const char *name,
            guint       n)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0' && g_utf8_strlen (out->str, -1) < 31; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, strchr ("[]:*?/\\", c) != NULL && c < 128 ? '_' : c);
    }
  if (out->len == 0)
    g_string_printf (out, "Sheet%u", n);
  return g_string_free (out, FALSE);
}

void
pd_xlsx_sink_sheet (PdXlsxSink *self,
                    const char *name,
                    gboolean    header)
{
  g_autofree char *valid = sheet_name (name != NULL ? name : "", self->n_sheets + 1);

  end_sheet (self);
  self->n_sheets++;
  self->sheet = workbook_add_worksheet (self->book, valid);
  if (self->sheet == NULL)
    {
      g_autofree char *numbered = g_strdup_printf ("Sheet%u", self->n_sheets);

      self->sheet = workbook_add_worksheet (self->book, numbered);
    }
  self->header = header;
  self->row = 0;
  self->col = 0;
  self->max_col = 0;
  self->row_has_cells = FALSE;
  memset (self->widths, 0, sizeof self->widths);
}

static void
ensure_sheet (PdXlsxSink *self)
{
  if (self->sheet == NULL)
    pd_xlsx_sink_sheet (self, NULL, FALSE);
}

static void
note_width (PdXlsxSink *self,
            const char *text,
            double      min)
{
  double width = min;

  if (self->col >= MAX_WIDTH_COLUMNS)
    return;
  if (text != NULL)
    for (const char *p = text; *p != '\0' && *p != '\n'; p = g_utf8_next_char (p))
      width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  self->widths[self->col] = MAX (self->widths[self->col], width);
}

static void
done_cell (PdXlsxSink *self,
           lxw_error   error)
{
  if (error != LXW_NO_ERROR && self->error == LXW_NO_ERROR)
    self->error = error;
  self->max_col = MAX (self->max_col, self->col);
  self->col++;
}

/* An ISO date or time as written: "2026-04-05", "2026-04-05T23:59:59+08:00". */
static gboolean
parse_datetime (const char   *text,
                lxw_datetime *out,
                gboolean     *has_time)
{
  int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
  gsize len = strlen (text);

  if (len < 10 || sscanf (text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 ||
      !g_ascii_isdigit (text[0]) || !g_date_valid_dmy (d, mo, y))
    return FALSE;
  *has_time = FALSE;
  if (len > 10)
    {
      if ((text[10] != 'T' && text[10] != ' ') || len < 16 ||
          sscanf (text + 11, "%2d:%2d", &h, &mi) != 2 || text[13] != ':')
        return FALSE;
      if (len >= 19 && text[16] == ':' && sscanf (text + 17, "%2d", &s) != 1)
        return FALSE;
      if (h > 23 || mi > 59 || s > 59)
        return FALSE;
      *has_time = TRUE;
    }
  *out = (lxw_datetime) { y, mo, d, h, mi, s };
  return TRUE;
}

void
pd_xlsx_sink_text (PdXlsxSink *self,
                   const char *text)
{
  lxw_format *format = self->header && self->row == 0 ? self->header_format : NULL;
  lxw_datetime dt;
  gboolean has_time;

  ensure_sheet (self);
  if (text == NULL || *text == '\0')
    {
      self->col++;
      return;
    }
  self->row_has_cells = TRUE;
  if (self->dates && format == NULL && parse_datetime (text, &dt, &has_time))
    {
      note_width (self, has_time ? "2026-01-01 00:00" : "2026-01-01", 0);
      done_cell (self, worksheet_write_datetime (self->sheet, self->row, self->col, &dt,
                                                 has_time ? self->time_format : self->date_format));
      return;
    }
  note_width (self, text, format != NULL ? 3 : 0);
  if (g_utf8_strlen (text, -1) > XLSX_MAX_STRING)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, XLSX_MAX_STRING);

      done_cell (self, worksheet_write_string (self->sheet, self->row, self->col, cut, format));
      return;
    }
  done_cell (self, worksheet_write_string (self->sheet, self->row, self->col, text, format));
}

void
pd_xlsx_sink_number (PdXlsxSink *self,
                     const char *text)
{
  const char *point;
  char *end = NULL;
  double value;
  guint digits = 0;

  ensure_sheet (self);
  if (text == NULL || *text == '\0')
    {
      self->col++;
      return;
    }
  for (const char *p = text; *p != '\0'; p++)
    digits += g_ascii_isdigit (*p) != 0;
  value = g_ascii_strtod (text, &end);
  /* Not a number, or more digits than a spreadsheet keeps: text. */
  if (end == text || *end != '\0' || digits > 15)
    {
      pd_xlsx_sink_text (self, text);
      return;
    }
  self->row_has_cells = TRUE;
  point = strchr (text, '.');
  note_width (self, text, 2);
  done_cell (self, worksheet_write_number (self->sheet, self->row, self->col, value,
                                           point != NULL && strlen (point + 1) == 2 ? self->money_format : NULL));
}

void
pd_xlsx_sink_end_row (PdXlsxSink *self)
{
  ensure_sheet (self);
  self->row++;
  self->col = 0;
  self->row_has_cells = FALSE;
}

gboolean
pd_xlsx_sink_finish (PdXlsxSink     *self,
                     GOutputStream  *stream,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  lxw_error closed;

  ensure_sheet (self);
  end_sheet (self);
  closed = workbook_close (self->book);
  self->book = NULL;
  if (self->error == LXW_NO_ERROR)
    self->error = closed;
  if (self->error != LXW_NO_ERROR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"),
                   self->display_name, lxw_strerror (self->error));
      return FALSE;
    }
  file = g_file_new_for_path (self->tmp_path);
  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return FALSE;
  return g_output_stream_splice (stream, G_INPUT_STREAM (in), G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                 cancellable, error) >= 0;
}
