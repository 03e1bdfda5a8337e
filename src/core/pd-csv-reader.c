/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-csv-reader"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pd-csv-reader.h"
#include "pd-csv-reader-private.h"
#include "pd-row-source.h"

/*
 * A streaming RFC 4180 reader. Raw bytes are read from the stream into `raw`,
 * decoded chunk by chunk into UTF-8 in `buf` (a copy for UTF-8 input, iconv
 * otherwise), and parsed from `buf` into `rec`, where each field of the
 * current record is stored NUL-terminated. Memory stays at a few chunks plus
 * the largest record.
 *
 * Decoding problems (invalid bytes, NUL) are not raised where they are found:
 * the decoder stops handing out bytes at the bad one and records a pending
 * error, which the parser raises when it gets there, so that the message can
 * name the line and field of the bad byte.
 */

static void row_source_init (PdRowSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdCsvReader, pd_csv_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_ROW_SOURCE, row_source_init))

G_DEFINE_QUARK (pd-csv-error-quark, pd_csv_error)

/* Bytes that end an unquoted field, one table per delimiter. */
static const guchar stop_unquoted_comma[256] = { [','] = 1, ['\r'] = 1, ['\n'] = 1 };
static const guchar stop_unquoted_tab[256] = { ['\t'] = 1, ['\r'] = 1, ['\n'] = 1 };
/* Bytes that need attention inside a quoted field. */
static const guchar stop_quoted[256] = { ['"'] = 1, ['\r'] = 1, ['\n'] = 1 };

static void
pd_csv_reader_finalize (GObject *object)
{
  PdCsvReader *self = PD_CSV_READER (object);

  g_clear_object (&self->stream);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->raw, g_free);
  g_clear_pointer (&self->buf, g_free);
  g_clear_pointer (&self->rec, g_free);
  g_clear_pointer (&self->offs, g_free);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  if (self->cd != (GIConv) -1)
    g_iconv_close (self->cd);
  if (self->cd_back != (GIConv) -1)
    g_iconv_close (self->cd_back);

  G_OBJECT_CLASS (pd_csv_reader_parent_class)->finalize (object);
}

static void
pd_csv_reader_class_init (PdCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_csv_reader_finalize;
}

static void
pd_csv_reader_init (PdCsvReader *self)
{
  self->chunk_size = DEFAULT_CHUNK_SIZE;
  self->cd = (GIConv) -1;
  self->cd_back = (GIConv) -1;
  self->line = 1;
  self->fields = g_ptr_array_new ();
  self->buf_cap = 4096;
  self->buf = g_malloc (self->buf_cap);
  self->buf[0] = '\0';
  self->pos = self->avail = self->end = 1;
}

/**
 * pd_csv_reader_new_for_path:
 * @path: a file name
 * @error: return location for a %PD_CSV_ERROR_IO error
 *
 * Opens @path for reading; nothing is read until pd_csv_reader_next().
 */
PdCsvReader *
pd_csv_reader_new_for_path (const char  *path,
                            GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_IO,
                   _("%s: cannot open the file: %s"), display, local_error->message);
      return NULL;
    }

  return pd_csv_reader_new_for_stream (G_INPUT_STREAM (stream), display);
}

/**
 * pd_csv_reader_new_for_stream:
 * @stream: the input
 * @display_name: how messages name the input (usually its file name)
 */
PdCsvReader *
pd_csv_reader_new_for_stream (GInputStream *stream,
                              const char   *display_name)
{
  PdCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  self = g_object_new (PD_TYPE_CSV_READER, NULL);
  self->stream = g_object_ref (stream);
  self->display_name = g_strdup (display_name);

  return self;
}

void
pd_csv_reader_set_chunk_size (PdCsvReader *self,
                              gsize        chunk_size)
{
  g_return_if_fail (PD_IS_CSV_READER (self));
  g_return_if_fail (chunk_size > 0);
  g_return_if_fail (!self->started);

  self->chunk_size = chunk_size;
}

/* "FILE:LINE:COLUMN" for messages. */
static gboolean
record_too_large (PdCsvReader *self,
                  GError     **error)
{
  g_autofree char *where = pd_csv_reader_location (self, self->record_line, self->field_no);

  g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_TOO_LARGE,
               _("%s: record larger than %u MiB; expected a CSV file with shorter rows (is a closing quote missing?)"),
               where, (guint) (PD_CSV_MAX_RECORD_SIZE / (1024 * 1024)));
  return FALSE;
}

static gboolean
rec_grow (PdCsvReader *self,
          gsize        n,
          GError     **error)
{
  gsize needed = self->rec_len + n + 1;

  if (needed > PD_CSV_MAX_RECORD_SIZE + 1)
    return record_too_large (self, error);

  self->rec_cap = MIN (MAX (self->rec_cap * 2, MAX (needed + SLACK, 4096)),
                       PD_CSV_MAX_RECORD_SIZE + 1 + SLACK);
  self->rec = g_realloc (self->rec, self->rec_cap);

  return TRUE;
}

static inline gboolean
rec_append (PdCsvReader *self,
            const char  *s,
            gsize        n,
            GError     **error)
{
  char *d;

  if (G_UNLIKELY (self->rec_len + n + 1 + SLACK > self->rec_cap) && !rec_grow (self, n, error))
    return FALSE;
  d = self->rec + self->rec_len;
  if (n <= 32)
    {
      gsize i;

      /* May read and write up to 7 bytes past the end: see SLACK. */
      for (i = 0; i < n; i += 8)
        {
          guint64 w;

          memcpy (&w, s + i, 8);
          memcpy (d + i, &w, 8);
        }
    }
  else
    memcpy (d, s, n);
  self->rec_len += n;
  return TRUE;
}

static inline gboolean
rec_append_byte (PdCsvReader *self,
                 char         c,
                 GError     **error)
{
  if (G_UNLIKELY (self->rec_len + 2 + SLACK > self->rec_cap) && !rec_grow (self, 1, error))
    return FALSE;
  self->rec[self->rec_len++] = c;
  return TRUE;
}

static inline gboolean
begin_field (PdCsvReader *self,
             GError     **error)
{
  if (G_UNLIKELY (self->n_offs == self->offs_cap || self->n_offs >= PD_CSV_MAX_FIELDS))
    {
      if (self->n_offs >= PD_CSV_MAX_FIELDS)
        {
          g_autofree char *where = pd_csv_reader_location (self, self->record_line, self->field_no);

          g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_TOO_LARGE,
                       _("%s: record with more than %u fields; expected a CSV file"),
                       where, (guint) PD_CSV_MAX_FIELDS);
          return FALSE;
        }
      self->offs_cap = MAX (16, self->offs_cap * 2);
      self->offs = g_renew (gsize, self->offs, self->offs_cap);
    }
  self->offs[self->n_offs++] = self->rec_len;
  return TRUE;
}

/* The line count moves on at CR, and at LF unless it ends a CRLF. */
#define COUNT_LINE_END(self, c) \
  G_STMT_START { \
    if ((c) == '\r' || (self)->buf[(self)->pos - 1] != '\r') \
      (self)->line++; \
  } G_STMT_END

/* Returns 1 with a record in rec/offs, 0 at the end, -1 on error. */
static int
parse_record (PdCsvReader *self,
              GError     **error)
{
  const guchar *stop_unquoted = self->delimiter == '\t' ? stop_unquoted_tab : stop_unquoted_comma;
  const char delimiter = self->delimiter;
  State state = ST_FIELD_START;
  int r;

  self->rec_len = 0;
  self->n_offs = 0;
  self->field_no = 1;

  /* Blank lines. */
  for (;;)
    {
      char c;

      if (self->pos == self->avail && (r = pd_csv_reader_fill (self, error)) <= 0)
        return r;
      c = self->buf[self->pos];
      if (c != '\r' && c != '\n')
        break;
      COUNT_LINE_END (self, c);
      self->pos++;
    }

  self->record_line = self->line;
  if (!begin_field (self, error))
    return -1;

  for (;;)
    {
      const guchar *p;
      const guchar *e;
      const guchar *q;
      char c;

      if (self->pos == self->avail)
        {
          r = pd_csv_reader_fill (self, error);
          if (r < 0)
            return -1;
          if (r == 0)
            {
              if (state == ST_QUOTED)
                {
                  g_autofree char *where = pd_csv_reader_location (self, self->quote_line, self->field_no);

                  g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_SYNTAX,
                               _("%s: quoted field not closed; expected a closing quote (\") before the end of the file"),
                               where);
                  return -1;
                }
              return rec_append_byte (self, '\0', error) ? 1 : -1;
            }
        }

      p = (const guchar *) self->buf + self->pos;
      e = (const guchar *) self->buf + self->avail;

      switch (state)
        {
        case ST_FIELD_START:
          if (*p == '"')
            {
              self->quote_line = self->line;
              self->pos++;
              state = ST_QUOTED;
              break;
            }
          state = ST_UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case ST_UNQUOTED:
          q = p;
          while (q + 4 <= e && !(stop_unquoted[q[0]] | stop_unquoted[q[1]] |
                                 stop_unquoted[q[2]] | stop_unquoted[q[3]]))
            q += 4;
          while (q < e && !stop_unquoted[*q])
            q++;
          if (q > p && !rec_append (self, (const char *) p, q - p, error))
            return -1;
          self->pos += q - p;
          if (q == e)
            break;
          c = *q;
          if (c == delimiter)
            {
              self->pos++;
              if (!rec_append_byte (self, '\0', error))
                return -1;
              self->field_no++;
              if (!begin_field (self, error))
                return -1;
              state = ST_FIELD_START;
              break;
            }
          COUNT_LINE_END (self, c);
          self->pos++;
          return rec_append_byte (self, '\0', error) ? 1 : -1;

        case ST_QUOTED:
          q = p;
          while (q < e && !stop_quoted[*q])
            q++;
          if (q > p && !rec_append (self, (const char *) p, q - p, error))
            return -1;
          self->pos += q - p;
          if (q == e)
            break;
          c = *q;
          if (c == '"')
            state = ST_QUOTE_SEEN;
          else
            {
              COUNT_LINE_END (self, c);
              if (!rec_append_byte (self, c, error))
                return -1;
            }
          self->pos++;
          break;

        case ST_QUOTE_SEEN:
          c = *p;
          if (c == '"')
            {
              if (!rec_append_byte (self, '"', error))
                return -1;
              self->pos++;
              state = ST_QUOTED;
            }
          else if (c == delimiter)
            {
              self->pos++;
              if (!rec_append_byte (self, '\0', error))
                return -1;
              self->field_no++;
              if (!begin_field (self, error))
                return -1;
              state = ST_FIELD_START;
            }
          else if (c == '\r' || c == '\n')
            {
              COUNT_LINE_END (self, c);
              self->pos++;
              return rec_append_byte (self, '\0', error) ? 1 : -1;
            }
          else
            {
              /* Text after the closing quote: kept, as spreadsheets do. */
              state = ST_UNQUOTED;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * pd_csv_reader_next:
 * @self: a reader
 * @fields_out: (out) (transfer none): the record's fields, UTF-8 strings
 *   owned by the reader and valid until the next call; the array too
 * @error: return location for a #PdCsvError
 *
 * Reads the next record; blank lines are skipped. The first call also
 * detects the encoding and the delimiter. An empty file has no records.
 *
 * Returns: %TRUE with a record, %FALSE at the end of the input (no error) or
 *   on error. After an error, further calls return %FALSE with the same kind
 *   of error.
 */
gboolean
pd_csv_reader_next (PdCsvReader  *self,
                    GPtrArray   **fields_out,
                    GError      **error)
{
  int r;
  guint i;

  g_return_val_if_fail (PD_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (fields_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *fields_out = NULL;

  if (self->failed)
    {
      g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_IO,
                   _("%s: reading stopped at an earlier error; expected a new reader"),
                   self->display_name);
      return FALSE;
    }

  if (!self->started && !pd_csv_reader_start (self, error))
    {
      self->failed = TRUE;
      return FALSE;
    }

  if (self->fail_early)
    {
      /* The first bytes are already known to be bad: report that before
       * handing out a header that would only bring other complaints. */
      self->fail_early = FALSE;
      while ((r = parse_record (self, error)) > 0)
        ;
      if (r < 0)
        {
          self->failed = TRUE;
          return FALSE;
        }
      return FALSE;
    }

  r = parse_record (self, error);
  if (r <= 0)
    {
      self->failed = r < 0;
      return FALSE;
    }

  g_ptr_array_set_size (self->fields, self->n_offs);
  for (i = 0; i < self->n_offs; i++)
    {
      gsize size = (i + 1 < self->n_offs ? self->offs[i + 1] : self->rec_len) - self->offs[i] - 1;

      if (G_UNLIKELY (size > PD_CSV_MAX_FIELD_SIZE))
        {
          g_autofree char *where = pd_csv_reader_location (self, self->record_line, i + 1);

          g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_TOO_LARGE,
                       _("%s: field of %lu bytes; expected at most %u KiB in one field"),
                       where, (unsigned long) size, (guint) (PD_CSV_MAX_FIELD_SIZE / 1024));
          self->failed = TRUE;
          return FALSE;
        }
      self->fields->pdata[i] = self->rec + self->offs[i];
    }

  if (self->encoding == ENC_GB18030)
    {
      guint column;

      if (pd_csv_row_is_utf8_in_gb18030 (&self->cd_back, self->fields, &column))
        {
          g_autofree char *where = pd_csv_reader_location (self, self->record_line, column);

          g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_MIXED_ENCODING,
                       _("%s: this row is UTF-8 text but other rows are GB18030 (GBK); expected one encoding throughout the file (save the whole file again as UTF-8 CSV)"),
                       where);
          self->failed = TRUE;
          return FALSE;
        }
    }
  *fields_out = self->fields;

  return TRUE;
}

/**
 * pd_csv_reader_get_record_line:
 *
 * Returns: the 1-based line where the last record read starts
 */
guint64
pd_csv_reader_get_record_line (PdCsvReader *self)
{
  g_return_val_if_fail (PD_IS_CSV_READER (self), 0);

  return self->record_line;
}

/**
 * pd_csv_reader_get_encoding:
 *
 * "UTF-8", "UTF-16LE", "UTF-16BE" or "GB18030"; %NULL before the first
 * pd_csv_reader_next(). A file read as UTF-8 switches to GB18030 when bytes
 * that are not UTF-8 follow plain ASCII text (which reads the same in both),
 * so check it after the last record before warning about it.
 */
const char *
pd_csv_reader_get_encoding (PdCsvReader *self)
{
  g_return_val_if_fail (PD_IS_CSV_READER (self), NULL);

  return self->started ? pd_csv_encoding_names[self->encoding] : NULL;
}

/**
 * pd_csv_reader_get_delimiter:
 *
 * Returns: ',' or '\t'; '\0' before the first pd_csv_reader_next()
 */
char
pd_csv_reader_get_delimiter (PdCsvReader *self)
{
  g_return_val_if_fail (PD_IS_CSV_READER (self), '\0');

  return self->delimiter;
}

/**
 * pd_csv_reader_get_bytes_read:
 *
 * Returns: how many bytes of the input were read so far (ahead of the
 * parser by at most a chunk), for a progress bar
 */
guint64
pd_csv_reader_get_bytes_read (PdCsvReader *self)
{
  g_return_val_if_fail (PD_IS_CSV_READER (self), 0);

  return self->bytes_read;
}

const char *
pd_csv_reader_get_display_name (PdCsvReader *self)
{
  g_return_val_if_fail (PD_IS_CSV_READER (self), NULL);

  return self->display_name;
}

/* As a row source (pd-row-source.h): fields are 0-based there. */
static char *
source_location (PdRowSource *source,
                 guint64      line,
                 guint        field)
{
  PdCsvReader *self = PD_CSV_READER (source);

  if (field == G_MAXUINT)
    return g_strdup_printf ("%s:%" G_GUINT64_FORMAT, self->display_name, line);
  return pd_csv_reader_location (self, line, field + 1);
}

static void
row_source_init (PdRowSourceInterface *iface)
{
  iface->next = (gpointer) pd_csv_reader_next;
  iface->get_record_line = (gpointer) pd_csv_reader_get_record_line;
  iface->get_bytes_read = (gpointer) pd_csv_reader_get_bytes_read;
  iface->get_encoding = (gpointer) pd_csv_reader_get_encoding;
  iface->location = source_location;
}
