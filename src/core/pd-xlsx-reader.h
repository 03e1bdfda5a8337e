/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_XLSX_ERROR (pd_xlsx_error_quark ())

/**
 * PdXlsxError:
 * @PD_XLSX_ERROR_IO: the file could not be opened or read
 * @PD_XLSX_ERROR_NOT_XLSX: not a zip, or a zip without a workbook
 * @PD_XLSX_ERROR_CORRUPT: a truncated or damaged zip or XML part
 * @PD_XLSX_ERROR_ENCRYPTED: a password protected workbook
 * @PD_XLSX_ERROR_TOO_LARGE: over the limits (uncompressed size, ratio,
 *   columns, rows, cell size)
 * @PD_XLSX_ERROR_NO_SHEET: no sheet of the name asked for
 * @PD_XLSX_ERROR_UNSAFE: a part with a document type declaration
 * @PD_XLSX_ERROR_ROUNDED: a number of more than 15 digits, which the
 *   spreadsheet already rounded (an id typed into a number cell)
 *
 * Messages read `FILE:SHEET!C14: what was wrong; expected ...` where a cell
 * is to blame, `FILE: ...` otherwise.
 */
typedef enum
{
  PD_XLSX_ERROR_IO,
  PD_XLSX_ERROR_NOT_XLSX,
  PD_XLSX_ERROR_CORRUPT,
  PD_XLSX_ERROR_ENCRYPTED,
  PD_XLSX_ERROR_TOO_LARGE,
  PD_XLSX_ERROR_NO_SHEET,
  PD_XLSX_ERROR_UNSAFE,
  PD_XLSX_ERROR_ROUNDED,
} PdXlsxError;

GQuark pd_xlsx_error_quark (void);

/**
 * PdFileKind:
 * @PD_FILE_KIND_TEXT: anything else: read as CSV
 * @PD_FILE_KIND_ZIP: starts with "PK\3\4": read as a workbook
 * @PD_FILE_KIND_OLE: an OLE compound file ("D0 CF 11 E0"): an encrypted
 *   workbook or an old .xls
 *
 * Files are told apart by their first bytes, never by their names.
 */
typedef enum
{
  PD_FILE_KIND_TEXT,
  PD_FILE_KIND_ZIP,
  PD_FILE_KIND_OLE,
} PdFileKind;

PdFileKind    pd_file_kind_sniff          (const guchar *head,
                                           gsize         len);
PdFileKind    pd_file_kind_of_path        (const char   *path);

#define PD_TYPE_XLSX_READER (pd_xlsx_reader_get_type ())

G_DECLARE_FINAL_TYPE (PdXlsxReader, pd_xlsx_reader, PD, XLSX_READER, GObject)

/* The sheet named @sheet, or the first sheet with @sheet NULL. */
PdXlsxReader *pd_xlsx_reader_new_for_path (const char    *path,
                                           const char    *sheet,
                                           const char    *display_name,
                                           GError       **error);
/* The sheets' names in the workbook's order. */
GStrv         pd_xlsx_list_sheets         (const char    *path,
                                           GError       **error);

/* The next row with a value: its cells from column A, the empty ones ""
 * (a row is at least as wide as the widest before it, and no wider than
 * its last value). FALSE at the end (no error) or on an error. */
gboolean      pd_xlsx_reader_next         (PdXlsxReader  *self,
                                           GPtrArray    **fields_out,
                                           GError       **error);
guint64       pd_xlsx_reader_get_record_line (PdXlsxReader *self);
guint64       pd_xlsx_reader_get_bytes_read  (PdXlsxReader *self);
const char   *pd_xlsx_reader_get_sheet_name  (PdXlsxReader *self);
gboolean      pd_xlsx_reader_get_date1904    (PdXlsxReader *self);

/* "FILE:SHEET!C14" for the 0-based @field of the row @line; the row
 * ("FILE:SHEET!14:14") with @field G_MAXUINT. */
char         *pd_xlsx_reader_location     (PdXlsxReader  *self,
                                           guint64        line,
                                           guint          field);
/* "A".."XFD" for the 0-based column; @buf holds at least 4 bytes. */
void          pd_xlsx_column_letters      (guint          column,
                                           char          *buf);

G_END_DECLS
