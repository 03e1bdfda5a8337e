/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-csv-writer"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-csv-writer.h"
#include "pd-xlsx-writer.h"

/* What a spreadsheet runs as a formula when a cell begins with it, and
 * the apostrophe itself, so that the escape can be undone exactly. */
#define FORMULA_STARTS "=+-@\t\r'"

#define FLUSH_SIZE (60 * 1024)

struct _PdCsvWriter
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  char          *display_name;
  GString       *buffer;
  GError        *error;
  gboolean       row_started;
  gboolean       any_row;
  /* Set: the same cells go into an .xlsx workbook instead. */
  PdXlsxSink    *xlsx;
};

/* Text a spreadsheet would take for a number, and so round to 15
 * significant digits or strip of its leading zeros: an optional sign,
 * digits, at most one decimal point, an optional exponent. */
static gboolean
looks_numeric (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;
  gboolean point = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (*p == '.' && !point)
        point = TRUE;
      else
        break;
    }
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

static gboolean
needs_quotes (const char *text)
{
  gsize len = strlen (text);

  return strpbrk (text, ",\"\r\n") != NULL ||
         (len > 0 && (g_ascii_isspace (text[0]) || g_ascii_isspace (text[len - 1])));
}

static void
append_quoted (GString    *out,
               const char *prefix,
               const char *text,
               const char *suffix)
{
  g_string_append_c (out, '"');
  for (const char *parts[] = { prefix, text, suffix }, **part = parts; part < parts + 3; part++)
    for (const char *p = *part; *p != '\0'; p++)
      {
        if (*p == '"')
          g_string_append_c (out, '"');
        g_string_append_c (out, *p);
      }
  g_string_append_c (out, '"');
}

/**
 * pd_csv_append_text:
 * @out: where the cell goes
 * @text: (nullable): the cell's text
 *
 * Appends one text cell in the form that survives a spreadsheet (see the
 * header): numbers as ="…", formula starts behind an apostrophe.
 */
void
pd_csv_append_text (GString    *out,
                    const char *text)
{
  if (text == NULL || *text == '\0')
    return;

  if (looks_numeric (text))
    append_quoted (out, "=\"", text, "\"");
  else if (strchr (FORMULA_STARTS, text[0]) != NULL)
    {
      if (needs_quotes (text) || g_ascii_isspace (text[0]))
        append_quoted (out, "'", text, "");
      else
        {
          g_string_append_c (out, '\'');
          g_string_append (out, text);
        }
    }
  else if (needs_quotes (text))
    append_quoted (out, "", text, "");
  else
    g_string_append (out, text);
}

/**
 * pd_csv_unwrap:
 * @text: a cell's text (not necessarily nul-terminated at @length)
 * @length: (inout): its length; the unwrapped length on return
 *
 * Undoes what pd_csv_append_text() did to a cell: ="TEXT" becomes TEXT
 * (what a spreadsheet shows), an apostrophe before = + - @ tab, carriage
 * return or another apostrophe goes. Anything else is returned as is.
 *
 * Returns: (transfer none): where the value starts within @text
 */
const char *
pd_csv_unwrap (const char *text,
               gsize      *length)
{
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (length != NULL, NULL);

  len = *length;
  if (len >= 3 && text[0] == '=' && text[1] == '"' && text[len - 1] == '"' &&
      memchr (text + 2, '"', len - 3) == NULL)
    {
      *length = len - 3;
      return text + 2;
    }
  if (len >= 2 && text[0] == '\'' && text[1] != '\0' && strchr (FORMULA_STARTS, text[1]) != NULL)
    {
      *length = len - 1;
      return text + 1;
    }
  return text;
}

/**
 * pd_csv_writer_new:
 * @stream: where the file goes; the writer keeps a reference
 * @display_name: the file's name for messages
 * @cancellable: (nullable): stops the writing with G_IO_ERROR_CANCELLED
 *
 * A writer buffers the cells and writes them in large blocks; the first
 * error sticks and is returned by pd_csv_writer_check() and
 * pd_csv_writer_finish(), later cells are dropped.
 */
PdCsvWriter *
pd_csv_writer_new (GOutputStream *stream,
                   const char    *display_name,
                   GCancellable  *cancellable)
{
  PdCsvWriter *self = g_new0 (PdCsvWriter, 1);

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self->stream = g_object_ref (stream);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->display_name = g_strdup (display_name);
  self->buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  return self;
}

/**
 * pd_csv_writer_new_xlsx:
 *
 * Like pd_csv_writer_new(), for an .xlsx workbook: text cells are strings
 * (as they are, nothing to guard), numbers are numbers (with two decimals,
 * in a money format), pd_csv_writer_sheet() starts a sheet. %NULL when no
 * temporary file can be made (@error set).
 */
PdCsvWriter *
pd_csv_writer_new_xlsx (GOutputStream  *stream,
                        const char     *display_name,
                        GCancellable   *cancellable,
                        GError        **error)
{
  PdXlsxSink *sink = pd_xlsx_sink_new (display_name, error);
  PdCsvWriter *self;

  if (sink == NULL)
    return NULL;
  self = pd_csv_writer_new (stream, display_name, cancellable);
  self->xlsx = sink;
  return self;
}

gboolean
pd_csv_writer_is_xlsx (PdCsvWriter *self)
{
  return self->xlsx != NULL;
}

/* Whether an .xlsx export writes ISO dates and times in text cells as
 * dates (local times, their offset dropped): for reports people read, not
 * for files that are imported back. */
void
pd_csv_writer_set_dates (PdCsvWriter *self,
                         gboolean     dates)
{
  if (self->xlsx != NULL)
    pd_xlsx_sink_set_dates (self->xlsx, dates);
}

/* A part of the file: in a workbook, a sheet named @name (with @header,
 * its first row is a header: bold, frozen, with an autofilter); in CSV, an
 * empty line unless it is the first part. */
void
pd_csv_writer_sheet (PdCsvWriter *self,
                     const char  *name,
                     gboolean     header)
{
  if (self->xlsx != NULL)
    pd_xlsx_sink_sheet (self->xlsx, name, header);
  else if (self->any_row)
    pd_csv_writer_end_row (self);
}

void
pd_csv_writer_free (PdCsvWriter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->xlsx, pd_xlsx_sink_free);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_string_free (self->buffer, TRUE);
  g_free (self->display_name);
  g_free (self);
}

static void
flush (PdCsvWriter *self)
{
  g_autoptr(GError) local_error = NULL;

  if (self->error != NULL || self->buffer->len == 0)
    return;
  if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len, NULL,
                                  self->cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (&self->error, g_steal_pointer (&local_error));
      else
        g_set_error (&self->error, G_IO_ERROR, local_error->code,
                     _("Cannot write %s: %s"), self->display_name, local_error->message);
    }
  g_string_truncate (self->buffer, 0);
}

static void
separate (PdCsvWriter *self)
{
  if (self->row_started)
    g_string_append_c (self->buffer, ',');
  self->row_started = TRUE;
}

/* A UTF-8 byte-order mark, before anything else: Excel reads a CSV file
 * as UTF-8 only with it. */
void
pd_csv_writer_bom (PdCsvWriter *self)
{
  g_return_if_fail (self->buffer->len == 0 && !self->row_started);
  if (self->xlsx != NULL)
    return;

  g_string_append (self->buffer, "\xEF\xBB\xBF");
}

/* A text cell: kept as text by spreadsheets, never run as a formula. */
void
pd_csv_writer_text (PdCsvWriter *self,
                    const char  *text)
{
  if (self->xlsx != NULL)
    {
      pd_xlsx_sink_text (self->xlsx, text);
      return;
    }
  separate (self);
  pd_csv_append_text (self->buffer, text);
}

/* A number or amount the file means as one (quoted only if needed). */
void
pd_csv_writer_number (PdCsvWriter *self,
                      const char  *text)
{
  if (self->xlsx != NULL)
    {
      pd_xlsx_sink_number (self->xlsx, text);
      return;
    }
  separate (self);
  if (text == NULL)
    return;
  if (!looks_numeric (text))
    pd_csv_append_text (self->buffer, text);
  else
    g_string_append (self->buffer, text);
}

void
pd_csv_writer_end_row (PdCsvWriter *self)
{
  self->any_row = TRUE;
  if (self->xlsx != NULL)
    {
      pd_xlsx_sink_end_row (self->xlsx);
      return;
    }
  g_string_append (self->buffer, "\r\n");
  self->row_started = FALSE;
  if (self->buffer->len >= FLUSH_SIZE)
    flush (self);
}

/* FALSE, with the first error, once writing has failed. */
gboolean
pd_csv_writer_check (PdCsvWriter  *self,
                     GError      **error)
{
  if (self->error == NULL &&
      !g_cancellable_set_error_if_cancelled (self->cancellable, &self->error))
    return TRUE;
  g_propagate_error (error, g_error_copy (self->error));
  return FALSE;
}

/* Writes what is buffered; the stream stays open. */
gboolean
pd_csv_writer_finish (PdCsvWriter  *self,
                      GError      **error)
{
  if (self->xlsx != NULL && self->error == NULL &&
      !pd_xlsx_sink_finish (self->xlsx, self->stream, self->cancellable, &self->error))
    {
      g_clear_pointer (&self->xlsx, pd_xlsx_sink_free);
      return pd_csv_writer_check (self, error);
    }
  g_clear_pointer (&self->xlsx, pd_xlsx_sink_free);
  flush (self);
  return pd_csv_writer_check (self, error);
}
