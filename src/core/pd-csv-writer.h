/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The one CSV writer of every export: RFC 4180 quoting, CRLF line ends,
 * and cells that stay what they are when a person opens the file in a
 * spreadsheet and saves it again:
 *
 * - a text cell that a spreadsheet would read as a number (a seller id
 *   such as 7000000000000007, which would come back rounded to
 *   7000000000000010) is written as the formula ="7000000000000007",
 *   RFC-quoted: "=""7000000000000007""". LibreOffice and Excel show the
 *   text and save it back as plain 7000000000000007;
 * - a text cell beginning with = + - @ tab, carriage return or an
 *   apostrophe gets an apostrophe in front, so that no spreadsheet runs
 *   it as a formula (the apostrophe stays visible and survives saving).
 *
 * pd_csv_unwrap() undoes both; the importer applies it to every cell, so
 * an export imports back unchanged, directly or through a spreadsheet. */

/* The same writer makes .xlsx workbooks (pd_csv_writer_new_xlsx()): an
 * export describes its cells once and gets both forms. */

typedef struct _PdCsvWriter PdCsvWriter;

PdCsvWriter *pd_csv_writer_new         (GOutputStream  *stream,
                                        const char     *display_name,
                                        GCancellable   *cancellable);
PdCsvWriter *pd_csv_writer_new_xlsx    (GOutputStream  *stream,
                                        const char     *display_name,
                                        GCancellable   *cancellable,
                                        GError        **error);
gboolean     pd_csv_writer_is_xlsx     (PdCsvWriter    *self);
void         pd_csv_writer_set_dates   (PdCsvWriter    *self,
                                        gboolean        dates);
void         pd_csv_writer_sheet       (PdCsvWriter    *self,
                                        const char     *name,
                                        gboolean        header);
void         pd_csv_writer_free        (PdCsvWriter    *self);

void         pd_csv_writer_bom         (PdCsvWriter    *self);
void         pd_csv_writer_text        (PdCsvWriter    *self,
                                        const char     *text);
void         pd_csv_writer_number      (PdCsvWriter    *self,
                                        const char     *text);
void         pd_csv_writer_end_row     (PdCsvWriter    *self);
gboolean     pd_csv_writer_check       (PdCsvWriter    *self,
                                        GError        **error);
gboolean     pd_csv_writer_finish      (PdCsvWriter    *self,
                                        GError        **error);

void         pd_csv_append_text        (GString        *out,
                                        const char     *text);
const char  *pd_csv_unwrap             (const char     *text,
                                        gsize          *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCsvWriter, pd_csv_writer_free)

G_END_DECLS
