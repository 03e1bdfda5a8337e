/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-csv-reader.h"

G_BEGIN_DECLS

/* The reader's state, shared by the parser (pd-csv-reader.c) and the
 * decoder (pd-csv-reader-decode.c). */
/* How much of the file decides its encoding. */
#define DETECT_SIZE (64 * 1024)
/* Spare bytes after the data in buf and rec, so that short fields can be
 * copied a word at a time. */
#define SLACK 8

typedef enum
{
  ENC_UTF8,
  ENC_UTF16LE,
  ENC_UTF16BE,
  ENC_GB18030,
} Encoding;

static const char * const encoding_names[] = {
  "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030",
};

typedef enum
{
  PENDING_NONE,
  PENDING_BINARY,
  PENDING_ENCODING,
  PENDING_NO_CONVERTER,
} Pending;

typedef enum
{
  ST_FIELD_START,
  ST_UNQUOTED,
  ST_QUOTED,
  ST_QUOTE_SEEN,
} State;

struct _PdCsvReader
{
  GObject parent_instance;

  GInputStream *stream;
  char *display_name;
  gsize chunk_size;

  /* Raw input not yet decoded: raw[raw_pos..raw_len). */
  guchar *raw;
  gsize raw_pos;
  gsize raw_len;
  gsize raw_cap;
  gboolean stream_eof;
  guint64 bytes_read;

  Encoding encoding;
  GIConv cd;
  GIConv cd_back;   /* pd-csv-mixed.c */
  char delimiter;
  /* UTF-8 only: everything decoded so far was ASCII, so the file may still
   * turn out to be GB18030 (both read ASCII the same). */
  gboolean ascii_so_far;
  /* A NUL byte in the first bytes: report it rather than the encoding. */
  gboolean skip_validation;

  /* Decoded UTF-8 text. buf[pos - 1] is always the byte before pos (a NUL
   * at the very start), to tell CRLF from a lone LF across chunks;
   * buf[pos..avail) can be parsed; buf[avail..end) is held back (the start of
   * a UTF-8 sequence whose end is not read yet). */
  char *buf;
  gsize pos;
  gsize avail;
  gsize end;
  gsize buf_cap;
  gboolean decode_eof;
  Pending pending;

  /* The current record: NUL-terminated fields at rec + offs[i]. */
  char *rec;
  gsize rec_len;
  gsize rec_cap;
  gsize *offs;
  guint n_offs;
  guint offs_cap;
  GPtrArray *fields;

  guint64 line;
  guint64 record_line;
  guint64 quote_line;
  guint field_no;

  gboolean started;
  gboolean fail_early;
  gboolean failed;
};

/* "FILE:LINE:COLUMN" for messages. */
static inline char *
pd_csv_reader_location (PdCsvReader *self,
                        guint64      line,
                        guint        column)
{
  return g_strdup_printf ("%s:%" G_GUINT64_FORMAT ":%u", self->display_name, line, column);
}

/* The decoder: pd_csv_reader_start() reads the first bytes and detects the
 * encoding and the delimiter; pd_csv_reader_fill() decodes more into buf
 * (1: more text, 0: the end, -1: an error). */
gboolean pd_csv_reader_start (PdCsvReader  *self,
                              GError      **error);
int      pd_csv_reader_fill  (PdCsvReader  *self,
                              GError      **error);


/* For tests: how many input bytes are decoded and handed to the parser at a
 * time (default 256 KiB), so that records straddle chunk boundaries. Call
 * before the first pd_csv_reader_next(). */
void pd_csv_reader_set_chunk_size (PdCsvReader *self,
                                   gsize        chunk_size);

/* In a file read as GB18030: whether the row in @fields (as decoded) was
 * UTF-8 text in the file, and in *@column_out the 1-based field where its
 * first CJK character is. @cd_back: a UTF-8 to GB18030 converter, opened
 * on first use ((GIConv) -1 until then), the caller's to close
 * (pd-csv-mixed.c). */
gboolean pd_csv_row_is_utf8_in_gb18030 (GIConv     *cd_back,
                                        GPtrArray  *fields,
                                        guint      *column_out);

typedef enum
{
  PD_UTF8_OK,
  PD_UTF8_INCOMPLETE,
  PD_UTF8_INVALID,
} PdUtf8Status;

/* Validates s[0..len) per Unicode table 3-7. *valid_len receives the length
 * of the valid part; *non_ascii is set when it holds a multi-byte sequence.
 * PD_UTF8_INCOMPLETE: the rest is the valid start of a sequence cut short.
 * (pd-csv-mixed.c) */
PdUtf8Status pd_csv_validate_utf8 (const guchar *s,
                                   gsize         len,
                                   gsize        *valid_len,
                                   gboolean     *non_ascii);

G_END_DECLS
