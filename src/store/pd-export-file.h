/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* Where every export is written. The destination is refused when it is
 * the open store or one of its -wal, -shm and -journal files, however it
 * is named (a hard link, a symbolic link, another relative path). The
 * file is written beside its destination, readable by its owner only
 * (0600, like the store), and renamed over the destination only once
 * complete: a failed or cancelled export leaves an existing file as it
 * was and no temporary file behind. */

typedef struct _PdExportFile PdExportFile;

gboolean       pd_export_check_target   (PdStore       *store,
                                         const char    *path,
                                         GError       **error);

PdExportFile  *pd_export_file_new       (PdStore       *store,
                                         const char    *path,
                                         GError       **error);
GOutputStream *pd_export_file_get_stream (PdExportFile *self);
const char    *pd_export_file_get_display_name (PdExportFile *self);
gboolean       pd_export_file_commit    (PdExportFile  *self,
                                         GCancellable  *cancellable,
                                         GError       **error);
void           pd_export_file_free      (PdExportFile  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdExportFile, pd_export_file_free)

G_END_DECLS
