/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/xmlreader.h>

#include "pd-xlsx-reader.h"

G_BEGIN_DECLS

/* The workbook's parts, for the reader (pd-xlsx-reader.c), the zip access
 * (pd-xlsx-zip.c) and the shared strings and styles (pd-xlsx-strings.c). */

/* A bound on what the parts may expand to, whatever their headers claim:
 * 1 MiB plus 100 times the file's size, and at most 4 GiB. A real sheet
 * compresses 5 to 20 times; a zip bomb a thousand times and more. */
#define PD_XLSX_RATIO 100
#define PD_XLSX_MAX_UNCOMPRESSED (G_GUINT64_CONSTANT (4) << 30)
/* The largest part read whole (relationships, the workbook, the styles). */
#define PD_XLSX_MAX_SMALL_PART (16 * 1024 * 1024)
/* Columns A..XFD and rows 1..1048576, as in the spreadsheets themselves. */
#define PD_XLSX_MAX_COLUMNS 16384
#define PD_XLSX_MAX_ROWS 1048576

typedef struct
{
  char *path;
  char *display;
  guint64 file_size;
  /* Uncompressed bytes still allowed, over every part read. */
  guint64 budget;
  struct archive *archive;
  gint64 entry_size;
  guint64 entry_read;
  /* Set by the XML input callback (too large, corrupt). */
  GError *error;
  /* The first XML error, from libxml2. */
  char *xml_error;
} PdXlsxZip;

/* Opens the file and checks it is a readable, unencrypted zip. */
PdXlsxZip       *pd_xlsx_zip_open       (const char  *path,
                                         const char  *display,
                                         GError     **error);
void             pd_xlsx_zip_free       (PdXlsxZip   *zip);
/* Positions on the part @name; FALSE without an error when it is absent. */
gboolean         pd_xlsx_zip_seek       (PdXlsxZip   *zip,
                                         const char  *name,
                                         GError     **error);
/* The current part, whole (at most PD_XLSX_MAX_SMALL_PART), NUL-terminated. */
GBytes          *pd_xlsx_zip_read_all   (PdXlsxZip   *zip,
                                         GError     **error);
/* A streaming XML reader over the current part: no network, no DTD loading,
 * no entity substitution. */
xmlTextReaderPtr pd_xlsx_zip_xml        (PdXlsxZip   *zip,
                                         const char  *name);
/* One step of @xml: 1 a node, 0 the end, -1 an error (set, with @what). A
 * document type declaration is refused (no part of a workbook has one; it
 * is how entity expansion attacks come). */
int              pd_xlsx_xml_step       (PdXlsxZip        *zip,
                                         xmlTextReaderPtr  xml,
                                         const char       *what,
                                         int              *type_out,
                                         GError          **error);
/* How far into the current part, scaled to the file's size (progress). */
guint64          pd_xlsx_zip_progress   (PdXlsxZip   *zip);

/* pd-xlsx-strings.c */
typedef struct
{
  GByteArray *data;   /* NUL-terminated strings, one after another */
  GArray *offsets;    /* guint32 into data */
} PdXlsxStrings;

gboolean    pd_xlsx_strings_load  (PdXlsxStrings  *strings,
                                   PdXlsxZip      *zip,
                                   const char     *part,
                                   GError        **error);
void        pd_xlsx_strings_clear (PdXlsxStrings  *strings);
const char *pd_xlsx_strings_get   (PdXlsxStrings  *strings,
                                   guint64         index,
                                   gsize          *len_out);

/* Per cell style (the s attribute): 0 not a date, 1 a date or time format. */
GByteArray *pd_xlsx_styles_load   (PdXlsxZip      *zip,
                                   const char     *part,
                                   GError        **error);
gboolean    pd_xlsx_format_is_date (guint          id,
                                    const char    *code);

/* Serial day number to "YYYY-MM-DD[ hh:mm:ss]" (1900 or 1904 system). */
char       *pd_xlsx_serial_to_text (double         serial,
                                    gboolean       date1904);

G_END_DECLS
