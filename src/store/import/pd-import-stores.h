/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* What `import stores` may change of a store the store has already: a
 * store belongs to its seller, and a report that gives an existing store
 * a seller this store knows nothing of (on no target list, given no
 * link) is what a spreadsheet's rounding of a 16-digit id
 * looks like (7000000000000007 -> 7000000000000010). A change to a
 * known seller is taken: the platform's report is the truth about who
 * owns a store. For src/store/import only. */

typedef struct _PdImportStores PdImportStores;

PdImportStores *pd_import_stores_new          (PdStore         *store,
                                               GError         **error);
void            pd_import_stores_free         (PdImportStores  *self);

/* *@problem_out: NULL when the row may be written, else what is wrong
 * and what to do. FALSE only on a store error. */
gboolean        pd_import_stores_check_seller (PdImportStores  *self,
                                               const char      *store_id,
                                               const char      *seller_id,
                                               char           **problem_out,
                                               GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdImportStores, pd_import_stores_free)

G_END_DECLS
