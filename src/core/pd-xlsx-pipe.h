/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Rows produced in a worker thread (pd-xlsx-pipe.c), for the xlsx reader. */

/* The next row and its line; FALSE at the end or on an error (set). Runs
 * in the worker thread. */
typedef gboolean (*PdXlsxProduceFunc) (gpointer     data,
                                       GPtrArray  **fields_out,
                                       guint64     *line_out,
                                       GError     **error);

typedef struct _PdXlsxPipe PdXlsxPipe;

PdXlsxPipe *pd_xlsx_pipe_new  (PdXlsxProduceFunc  produce,
                               gpointer           data);
/* The rows in order (borrowed until the next call), then FALSE with the
 * producer's error, if any. */
gboolean    pd_xlsx_pipe_next (PdXlsxPipe        *self,
                               GPtrArray        **fields_out,
                               guint64           *line_out,
                               GError           **error);
/* Stops the worker (waiting for it) and frees everything. */
void        pd_xlsx_pipe_free (PdXlsxPipe        *self);

G_END_DECLS
