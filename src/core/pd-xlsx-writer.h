/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The .xlsx form of the export writer: use it through pd-csv-writer.h
 * (pd_csv_writer_new_xlsx()), which gives both forms the same cells. */

typedef struct _PdXlsxSink PdXlsxSink;

PdXlsxSink *pd_xlsx_sink_new       (const char     *display_name,
                                    GError        **error);
void        pd_xlsx_sink_free      (PdXlsxSink     *self);
void        pd_xlsx_sink_set_dates (PdXlsxSink     *self,
                                    gboolean        dates);
void        pd_xlsx_sink_sheet     (PdXlsxSink     *self,
                                    const char     *name,
                                    gboolean        header);
void        pd_xlsx_sink_text      (PdXlsxSink     *self,
                                    const char     *text);
void        pd_xlsx_sink_number    (PdXlsxSink     *self,
                                    const char     *text);
void        pd_xlsx_sink_end_row   (PdXlsxSink     *self);
gboolean    pd_xlsx_sink_finish    (PdXlsxSink     *self,
                                    GOutputStream  *stream,
                                    GCancellable   *cancellable,
                                    GError        **error);

G_END_DECLS
