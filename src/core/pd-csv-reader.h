/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_CSV_ERROR (pd_csv_error_quark ())

/**
 * PdCsvError:
 * @PD_CSV_ERROR_ENCODING: bytes that are not text in the file's encoding
 * @PD_CSV_ERROR_SYNTAX: a quoted field that is never closed
 * @PD_CSV_ERROR_TOO_LARGE: a field over 64 KiB, a record over 1 MiB, or one
 *   with more than 1,000 fields
 * @PD_CSV_ERROR_IO: the file could not be opened or read
 * @PD_CSV_ERROR_BINARY: NUL bytes: not a text file
 * @PD_CSV_ERROR_MISSING_COLUMN: the header lacks required columns
 * @PD_CSV_ERROR_DUPLICATE_COLUMN: the header names a column twice
 * @PD_CSV_ERROR_EXTRA_FIELD: a record has values beyond the header's columns
 * @PD_CSV_ERROR_MISSING_FIELD: a record has fewer fields than the header
 * @PD_CSV_ERROR_VALUE_TOO_LONG: a value longer than its column allows
 * @PD_CSV_ERROR_MIXED_ENCODING: a GB18030 file with UTF-8 rows
 *
 * Messages read `FILE:LINE:COLUMN: what was wrong; expected ...`, COLUMN being
 * the 1-based field number.
 */
typedef enum
{
  PD_CSV_ERROR_ENCODING,
  PD_CSV_ERROR_SYNTAX,
  PD_CSV_ERROR_TOO_LARGE,
  PD_CSV_ERROR_IO,
  PD_CSV_ERROR_BINARY,
  PD_CSV_ERROR_MISSING_COLUMN,
  PD_CSV_ERROR_DUPLICATE_COLUMN,
  PD_CSV_ERROR_EXTRA_FIELD,
  PD_CSV_ERROR_MISSING_FIELD,
  PD_CSV_ERROR_VALUE_TOO_LONG,
  PD_CSV_ERROR_MIXED_ENCODING,
} PdCsvError;

/* The largest record (all its fields) the reader accepts: far above any
 * real row (a target list's row is some 300 bytes), and a bound on what
 * one row may cost downstream (README, Imports). */
#define PD_CSV_MAX_RECORD_SIZE (1024 * 1024)

/* The largest field, in bytes. */
#define PD_CSV_MAX_FIELD_SIZE (64 * 1024)
/* The most fields in one record. */
#define PD_CSV_MAX_FIELDS 1000

GQuark pd_csv_error_quark (void);

#define PD_TYPE_CSV_READER (pd_csv_reader_get_type ())

G_DECLARE_FINAL_TYPE (PdCsvReader, pd_csv_reader, PD, CSV_READER, GObject)

PdCsvReader *pd_csv_reader_new_for_path      (const char    *path,
                                              GError       **error);
PdCsvReader *pd_csv_reader_new_for_stream    (GInputStream  *stream,
                                              const char    *display_name);

gboolean     pd_csv_reader_next              (PdCsvReader   *self,
                                              GPtrArray    **fields_out,
                                              GError       **error);

guint64      pd_csv_reader_get_record_line   (PdCsvReader   *self);
const char  *pd_csv_reader_get_encoding      (PdCsvReader   *self);
char         pd_csv_reader_get_delimiter     (PdCsvReader   *self);
guint64      pd_csv_reader_get_bytes_read    (PdCsvReader   *self);
const char  *pd_csv_reader_get_display_name  (PdCsvReader   *self);

G_END_DECLS
