/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_IMPORT_ERROR (pd_import_error_quark ())

/**
 * PdImportError:
 * @PD_IMPORT_ERROR_INVALID: the file has problems (bad values, missing
 *   columns, duplicate keys...) or the options do not fit it; the store is
 *   unchanged. pd_importer_get_problems() lists them. The CLI exits 2.
 * @PD_IMPORT_ERROR_IO: the file cannot be opened or read. The CLI exits 1.
 *
 * Errors from the store (PD_STORE_ERROR) pass through unchanged, and a
 * cancelled import fails with G_IO_ERROR_CANCELLED; the store is unchanged
 * in every case.
 */
typedef enum
{
  PD_IMPORT_ERROR_INVALID,
  PD_IMPORT_ERROR_IO,
} PdImportError;

typedef enum
{
  PD_IMPORT_KIND_TARGETS,
  PD_IMPORT_KIND_STORES,
  PD_IMPORT_KIND_LINKS,
  PD_IMPORT_KIND_RATES,
  PD_IMPORT_KIND_PROGRAM,
} PdImportKind;

/* How many problem messages are kept; all of them are counted. */
#define PD_IMPORT_MAX_PROBLEMS 20

typedef struct
{
  guint64 inserted;
  guint64 updated;
  guint64 unchanged;
  guint64 left;       /* target lists with replace: sellers marked as having left */
} PdImportCounts;

/* @bytes_total is 0 when the size is unknown. */
typedef void (*PdImportProgressFunc) (guint64   bytes_read,
                                      guint64   bytes_total,
                                      gpointer  user_data);

#define PD_TYPE_IMPORTER (pd_importer_get_type ())

G_DECLARE_FINAL_TYPE (PdImporter, pd_importer, PD, IMPORTER, GObject)

GQuark                pd_import_error_quark         (void);

gboolean              pd_import_kind_from_string    (const char            *text,
                                                     PdImportKind          *out);
const char           *pd_import_kind_to_string      (PdImportKind           kind);

PdImporter           *pd_importer_new               (PdImportKind           kind,
                                                     const char            *path);
PdImportKind          pd_importer_get_kind          (PdImporter            *self);
const char           *pd_importer_get_path          (PdImporter            *self);
void                  pd_importer_set_program_id    (PdImporter            *self,
                                                     const char            *program_id);
void                  pd_importer_set_sheet         (PdImporter            *self,
                                                     const char            *sheet);
void                  pd_importer_set_replace       (PdImporter            *self,
                                                     gboolean               replace);
void                  pd_importer_set_progress_func (PdImporter            *self,
                                                     PdImportProgressFunc   func,
                                                     gpointer               user_data,
                                                     GDestroyNotify         notify);

gboolean              pd_importer_run               (PdImporter            *self,
                                                     PdStore               *store,
                                                     GCancellable          *cancellable,
                                                     GError               **error);
void                  pd_importer_run_async         (PdImporter            *self,
                                                     const char            *store_path,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean              pd_importer_run_finish        (PdImporter            *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

const PdImportCounts *pd_importer_get_counts        (PdImporter            *self);
GPtrArray            *pd_importer_get_warnings      (PdImporter            *self);
GPtrArray            *pd_importer_get_problems      (PdImporter            *self);
guint64               pd_importer_get_n_problems    (PdImporter            *self);
const char           *pd_importer_get_encoding      (PdImporter            *self);
const char           *pd_importer_get_sha256        (PdImporter            *self);

G_END_DECLS
