/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-paged-model.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_LINKS_MODEL (pd_links_model_get_type ())

G_DECLARE_FINAL_TYPE (PdLinksModel, pd_links_model, PD, LINKS_MODEL, PdPagedModel)

/* Every link of the store (or those in one state), newest first, as
 * PdLinkItem: a PdPagedModel (pd-paged-model.h) that reads fixed-size pages of rows from
 * SQLite when a view asks for them (LIMIT/OFFSET on a stable order) and
 * keeps the few most recently used pages, so that a million links never
 * become a million objects. Its length is a COUNT(*). The store is read
 * again only on pd_links_model_reload(). */
#define PD_LINKS_MODEL_PAGE_SIZE    256
#define PD_LINKS_MODEL_CACHED_PAGES 8

PdLinksModel *pd_links_model_new           (PdStore       *store);
/* NULL: every link; else "active", "used", "expired" or "revoked".
 * Reloads when it changes. */
gboolean      pd_links_model_set_state     (PdLinksModel  *self,
                                            const char    *state,
                                            GError       **error);
const char   *pd_links_model_get_state     (PdLinksModel  *self);
/* Counts again, forgets the cached pages and announces the change. */
gboolean      pd_links_model_reload        (PdLinksModel  *self,
                                            GError       **error);
/* How many pages were read from the store so far (tests). */
guint         pd_links_model_get_n_fetches (PdLinksModel  *self);

G_END_DECLS
