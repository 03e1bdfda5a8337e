/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-importer.h"

G_BEGIN_DECLS

/* What a file most likely holds, from its name (.json: a program) or the
 * key columns of its header: token -> links, store_id -> store report,
 * cny_per_unit -> rates, seller_id -> target list. FALSE when the file
 * cannot be read or nothing matches; the user then picks. */
gboolean pd_import_guess_kind (const char    *path,
                               PdImportKind  *kind_out,
                               GError       **error);
gboolean pd_import_guess_kind_in_sheet (const char    *path,
                                        const char    *sheet,
                                        PdImportKind  *kind_out,
                                        GError       **error);

G_END_DECLS
