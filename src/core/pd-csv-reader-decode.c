/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-csv-reader"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pd-csv-reader.h"
#include "pd-csv-reader-private.h"

/* Reading the stream into raw bytes, detecting the encoding and the
 * delimiter, and decoding into UTF-8 for the parser (pd-csv-reader.c). */

/* Buffers */

/* Makes room for @need more bytes at buf + end, dropping what the parser
 * consumed (all but one byte of history). */
static void
buf_reserve (PdCsvReader *self,
             gsize        need)
{
  if (self->pos > 1)
    {
      gsize drop = self->pos - 1;

      memmove (self->buf, self->buf + drop, self->end - drop);
      self->pos -= drop;
      self->avail -= drop;
      self->end -= drop;
    }
  if (self->end + need + 1 + SLACK > self->buf_cap)
    {
      self->buf_cap = MAX (self->buf_cap * 2, self->end + need + 1 + SLACK);
      self->buf = g_realloc (self->buf, self->buf_cap);
    }
}

/* Reads up to one chunk more into raw, keeping the undecoded rest. */
static gboolean
read_raw (PdCsvReader *self,
          gsize        size,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize left = self->raw_len - self->raw_pos;
  gssize n;

  if (self->raw_pos > 0)
    {
      memmove (self->raw, self->raw + self->raw_pos, left);
      self->raw_pos = 0;
      self->raw_len = left;
    }
  if (self->raw_len + size > self->raw_cap)
    {
      self->raw_cap = self->raw_len + size;
      self->raw = g_realloc (self->raw, self->raw_cap);
    }

  n = g_input_stream_read (self->stream, self->raw + self->raw_len, size, NULL, &local_error);
  if (n < 0)
    {
      g_autofree char *where = pd_csv_reader_location (self, self->line, self->field_no ? self->field_no : 1);

      g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_IO,
                   _("%s: cannot read the file: %s"), where, local_error->message);
      return FALSE;
    }
  if (n == 0)
    self->stream_eof = TRUE;
  self->raw_len += n;
  self->bytes_read += n;

  return TRUE;
}

static gsize
read_size (PdCsvReader *self)
{
  return MAX (self->chunk_size, DETECT_SIZE);
}

static void switch_to_gb18030 (PdCsvReader *self);

/* Checks buf[avail..end) after new UTF-8 bytes arrived and moves avail. */
static void
check_utf8 (PdCsvReader *self)
{
  const guchar *s = (const guchar *) self->buf + self->avail;
  gsize len = self->end - self->avail;
  gsize valid_len = len;
  gboolean non_ascii = FALSE;
  PdUtf8Status status = PD_UTF8_OK;
  const guchar *nul;

  if (!self->skip_validation)
    status = pd_csv_validate_utf8 (s, len, &valid_len, &non_ascii);

  nul = memchr (s, '\0', valid_len);
  if (nul != NULL)
    {
      self->avail += nul - s;
      self->pending = PENDING_BINARY;
      return;
    }

  if (status == PD_UTF8_INCOMPLETE && self->stream_eof && self->raw_pos == self->raw_len)
    status = PD_UTF8_INVALID;

  if (status == PD_UTF8_INVALID && self->ascii_so_far && !non_ascii)
    {
      /* Plain ASCII so far, then something that is not UTF-8: a Chinese
       * Excel file whose first rows happen to be ASCII. */
      self->avail += valid_len;
      switch_to_gb18030 (self);
      return;
    }

  if (non_ascii)
    self->ascii_so_far = FALSE;
  self->avail += valid_len;
  if (status == PD_UTF8_INVALID)
    self->pending = PENDING_ENCODING;
}

/* Decodes raw[raw_pos..raw_pos + n) into buf with iconv. Returns FALSE when
 * nothing could be decoded because the bytes end inside a character. */
static gboolean
decode_iconv (PdCsvReader *self,
              gsize        n)
{
  char *in = (char *) self->raw + self->raw_pos;
  gsize in_left = n;
  char *out;
  gsize out_left;
  gsize r;
  int saved_errno;
  char *start;
  char *nul;

  /* 2 bytes of UTF-16 or GB18030 give at most 3 of UTF-8, 4 give 4. */
  buf_reserve (self, n * 2 + 8);
  start = out = self->buf + self->end;
  out_left = self->buf_cap - self->end - 1 - SLACK;

  r = g_iconv (self->cd, &in, &in_left, &out, &out_left);
  saved_errno = errno;

  self->raw_pos += n - in_left;
  self->end += out - start;

  nul = memchr (start, '\0', out - start);
  if (nul != NULL)
    {
      self->avail = nul - self->buf;
      self->pending = PENDING_BINARY;
      return TRUE;
    }
  self->avail = self->end;

  if (r == (gsize) -1)
    {
      if (saved_errno == EILSEQ)
        self->pending = PENDING_ENCODING;
      else if (saved_errno == EINVAL && in_left == n)
        return FALSE;
    }

  return TRUE;
}

/* A system without the converter (no gconv modules) gets an error when the
 * parser reaches the first byte to convert. */
static gboolean
open_iconv (PdCsvReader *self,
            Encoding     encoding)
{
  self->encoding = encoding;
  self->cd = g_iconv_open ("UTF-8", encoding_names[encoding]);
  if (self->cd != (GIConv) -1)
    return TRUE;

  self->pending = PENDING_NO_CONVERTER;
  return FALSE;
}

/* The bytes held back from avail go back in front of raw, to be decoded as
 * GB18030 from now on. */
static void
switch_to_gb18030 (PdCsvReader *self)
{
  gsize held = self->end - self->avail;
  gsize left = self->raw_len - self->raw_pos;
  guchar *raw = g_malloc (held + left + read_size (self));

  memcpy (raw, self->buf + self->avail, held);
  memcpy (raw + held, self->raw + self->raw_pos, left);
  g_free (self->raw);
  self->raw = raw;
  self->raw_pos = 0;
  self->raw_len = held + left;
  self->raw_cap = held + left + read_size (self);
  self->end = self->avail;

  open_iconv (self, ENC_GB18030);
}

/* Decodes one more chunk (reading the stream when needed). */
static gboolean
decode_some (PdCsvReader *self,
             GError     **error)
{
  gsize want = self->chunk_size;

  for (;;)
    {
      gsize left = self->raw_len - self->raw_pos;
      gsize n = MIN (want, left);

      if (n == 0 || (n == left && n < want && self->encoding != ENC_UTF8 && !self->stream_eof))
        {
          /* Out of raw bytes, or only the start of a character left. */
          if (!self->stream_eof)
            {
              if (!read_raw (self, read_size (self), error))
                return FALSE;
              continue;
            }
          if (n == 0)
            {
              if (self->encoding == ENC_UTF8 && self->end > self->avail)
                check_utf8 (self);  /* the file ends inside a sequence */
              else
                self->decode_eof = TRUE;
              return TRUE;
            }
        }

      if (self->encoding == ENC_UTF8)
        {
          buf_reserve (self, n);
          memcpy (self->buf + self->end, self->raw + self->raw_pos, n);
          self->end += n;
          self->raw_pos += n;
          check_utf8 (self);
          return TRUE;
        }

      if (decode_iconv (self, n))
        return TRUE;

      if (n == left && self->stream_eof)
        {
          /* The file ends inside a character. */
          self->pending = PENDING_ENCODING;
          return TRUE;
        }
      want += 4;
    }
}

static void
set_pending_error (PdCsvReader *self,
                   GError     **error)
{
  g_autofree char *where = pd_csv_reader_location (self, self->line, self->field_no);

  if (self->pending == PENDING_BINARY)
    g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_BINARY,
                 _("%s: NUL byte, this is not a text file; expected CSV or tab-separated text (save spreadsheets as CSV)"),
                 where);
  else if (self->pending == PENDING_NO_CONVERTER)
    g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_ENCODING,
                 _("%s: this system cannot convert %s text; expected iconv to support it (are the gconv modules installed?)"),
                 where, encoding_names[self->encoding]);
  else if (self->encoding == ENC_GB18030)
    g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_ENCODING,
                 _("%s: invalid byte sequence; expected UTF-8, UTF-16 with a BOM, or GB18030 text"),
                 where);
  else
    g_set_error (error, PD_CSV_ERROR, PD_CSV_ERROR_ENCODING,
                 _("%s: invalid %s byte sequence; expected %s text throughout the file"),
                 where, encoding_names[self->encoding], encoding_names[self->encoding]);
}

/* Returns 1 when buf[pos..avail) is not empty, 0 at the end of the input,
 * -1 on error. */
int
pd_csv_reader_fill (PdCsvReader *self,
                    GError     **error)
{
  while (self->avail == self->pos)
    {
      if (self->pending != PENDING_NONE)
        {
          set_pending_error (self, error);
          return -1;
        }
      if (self->decode_eof)
        return 0;
      if (!decode_some (self, error))
        return -1;
    }

  return 1;
}

/* Detection */

/* Would the iconv decoder fail on raw[raw_pos..raw_len)? */
static gboolean
iconv_fails_early (PdCsvReader *self)
{
  GIConv cd = g_iconv_open ("UTF-8", encoding_names[self->encoding]);
  gsize in_left = self->raw_len - self->raw_pos;
  gsize out_size = in_left * 2 + 8;
  g_autofree char *out_buf = g_malloc (out_size);
  char *in = (char *) self->raw + self->raw_pos;
  char *out = out_buf;
  gsize out_left = out_size;
  gsize r;
  gboolean fails;

  r = g_iconv (cd, &in, &in_left, &out, &out_left);
  fails = (r == (gsize) -1 && (errno == EILSEQ || (errno == EINVAL && self->stream_eof)))
          || memchr (out_buf, '\0', out - out_buf) != NULL;
  g_iconv_close (cd);

  return fails;
}

static void
detect_encoding (PdCsvReader *self)
{
  const guchar *s = self->raw;
  gsize len = self->raw_len;
  gboolean bom = FALSE;
  gsize valid_len;
  gboolean non_ascii = FALSE;
  PdUtf8Status status;

  if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
    {
      self->raw_pos = 2;
      if (open_iconv (self, ENC_UTF16LE))
        self->fail_early = iconv_fails_early (self);
      return;
    }
  if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
    {
      self->raw_pos = 2;
      if (open_iconv (self, ENC_UTF16BE))
        self->fail_early = iconv_fails_early (self);
      return;
    }
  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
    {
      self->raw_pos = 3;
      bom = TRUE;
    }

  s += self->raw_pos;
  len -= self->raw_pos;

  if (memchr (s, '\0', len) != NULL)
    {
      self->encoding = ENC_UTF8;
      self->skip_validation = TRUE;
      self->fail_early = TRUE;
      return;
    }

  status = pd_csv_validate_utf8 (s, len, &valid_len, &non_ascii);
  if (status == PD_UTF8_INCOMPLETE && !self->stream_eof)
    status = PD_UTF8_OK;

  if (status == PD_UTF8_OK || bom)
    {
      self->encoding = ENC_UTF8;
      self->ascii_so_far = !bom && !non_ascii;
      self->fail_early = status != PD_UTF8_OK;
      return;
    }

  if (open_iconv (self, ENC_GB18030))
    self->fail_early = iconv_fails_early (self);
}

/* Delimiter: tab when the header line has tabs and no commas. Needs the
 * whole first non-blank line decoded. */
static gboolean
detect_delimiter (PdCsvReader *self,
                  GError     **error)
{
  gsize scan = 0;
  gsize line_start = 0;
  gboolean in_line = FALSE;
  gboolean tabs = FALSE;
  gboolean commas = FALSE;

  if (self->encoding == ENC_UTF16LE || self->encoding == ENC_UTF16BE)
    {
      self->delimiter = '\t';
      return TRUE;
    }

  for (;;)
    {
      /* Offsets are relative to pos: decoding may move the buffer. */
      while (self->pos + scan < self->avail)
        {
          char c = self->buf[self->pos + scan];

          if (c == '\r' || c == '\n')
            {
              if (in_line)
                goto done;
            }
          else if (!in_line)
            {
              in_line = TRUE;
              line_start = scan;
            }
          scan++;
        }
      if (scan > PD_CSV_MAX_RECORD_SIZE || self->pending != PENDING_NONE || self->decode_eof)
        break;
      if (!decode_some (self, error))
        return FALSE;
    }

done:
  if (in_line)
    {
      const char *line = self->buf + self->pos + line_start;
      gsize n = scan - line_start;

      tabs = memchr (line, '\t', n) != NULL;
      commas = memchr (line, ',', n) != NULL;
    }
  self->delimiter = tabs && !commas ? '\t' : ',';

  return TRUE;
}

gboolean
pd_csv_reader_start (PdCsvReader *self,
                     GError     **error)
{
  self->started = TRUE;

  while (self->raw_len < DETECT_SIZE && !self->stream_eof)
    if (!read_raw (self, DETECT_SIZE - self->raw_len, error))
      return FALSE;

  detect_encoding (self);

  return detect_delimiter (self, error);
}
