/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Where an import's rows come from: a CSV file (PdCsvReader) or one sheet
 * of an .xlsx workbook (PdXlsxReader), told apart by the file's first
 * bytes, never by its name. Both hand out rows as text fields, so the same
 * header matching, checks and transaction apply to both.
 */

#define PD_TYPE_ROW_SOURCE (pd_row_source_get_type ())

G_DECLARE_INTERFACE (PdRowSource, pd_row_source, PD, ROW_SOURCE, GObject)

struct _PdRowSourceInterface
{
  GTypeInterface parent_iface;

  gboolean     (*next)            (PdRowSource  *self,
                                   GPtrArray   **fields_out,
                                   GError      **error);
  guint64      (*get_record_line) (PdRowSource  *self);
  guint64      (*get_bytes_read)  (PdRowSource  *self);
  const char * (*get_encoding)    (PdRowSource  *self);
  char *       (*location)        (PdRowSource  *self,
                                   guint64       line,
                                   guint         field);
};

/* Opens @path as a workbook (its sheet @sheet, or the first with NULL)
 * when it is a zip or an OLE file (refused: password protected), else as
 * CSV. With @stream, CSV is read from it (the caller's view of the same
 * file). */
PdRowSource *pd_row_source_open             (const char    *path,
                                             const char    *sheet,
                                             GInputStream  *stream,
                                             const char    *display_name,
                                             GError       **error);

/* The next row (borrowed until the next call); FALSE at the end (no
 * error) or on an error. */
gboolean     pd_row_source_next             (PdRowSource   *self,
                                             GPtrArray    **fields_out,
                                             GError       **error);
/* The line (CSV) or row (sheet) the last row started on. */
guint64      pd_row_source_get_record_line  (PdRowSource   *self);
/* Progress, in bytes of the file. */
guint64      pd_row_source_get_bytes_read   (PdRowSource   *self);
/* The text encoding a CSV file was read in; NULL for a workbook. */
const char  *pd_row_source_get_encoding     (PdRowSource   *self);
/* How messages name a place: "FILE:LINE:FIELD" (CSV, 1-based field) or
 * "FILE:SHEET!C14" (0-based @field); with @field G_MAXUINT, the line
 * ("FILE:LINE") or the row ("FILE:SHEET!14:14"). */
char        *pd_row_source_location         (PdRowSource   *self,
                                             guint64        line,
                                             guint          field);
/* Whether messages name cells ("FILE:SHEET!C14") rather than lines. */
gboolean     pd_row_source_names_cells      (PdRowSource   *self);

G_END_DECLS
