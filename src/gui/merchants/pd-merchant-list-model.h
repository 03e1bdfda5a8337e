/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-merchant-index.h"
#include "pd-paged-model.h"

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_LIST_MODEL (pd_merchant_list_model_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantListModel, pd_merchant_list_model, PD, MERCHANT_LIST_MODEL, PdPagedModel)

/* A PdPagedModel (pd-paged-model.h) of PdMerchantItem over a
 * PdMerchantIndex query: it knows only the count; rows are read a page at
 * a time (PD_MERCHANT_LIST_PAGE rows) when the view asks for one, and the
 * last few pages are kept. A million rows are never a million objects: an
 * item exists only while someone (the view) holds it.
 *
 * Sorting, filtering and searching are the query's: set a new one with
 * pd_merchant_list_model_set_query(). An item stands for a position:
 * when the query or the rows change, the items alive get the row now at
 * their position (notify::row) and only the change of count is an
 * items-changed, at the end. GTK 4.8's list views, told that every row
 * was replaced, destroy and build every row widget (a tenth of a
 * second), and look for each old item among all the new ones to reuse
 * its widget (seconds at a million). */

#define PD_MERCHANT_LIST_PAGE      64
#define PD_MERCHANT_LIST_MAX_PAGES 8

PdMerchantListModel   *pd_merchant_list_model_new        (PdMerchantIndex       *index);
PdMerchantIndex       *pd_merchant_list_model_get_index  (PdMerchantListModel   *self);
const PdMerchantQuery *pd_merchant_list_model_get_query  (PdMerchantListModel   *self);
void                   pd_merchant_list_model_set_query  (PdMerchantListModel   *self,
                                                          const PdMerchantQuery *query);
/* Re-reads the count and drops the pages: after the rows changed. */
void                   pd_merchant_list_model_reload     (PdMerchantListModel   *self);
/* Pages read from the index so far (for tests). */
guint                  pd_merchant_list_model_get_pages_read (PdMerchantListModel *self);
/* Rows in the page cache (for tests). */
guint                  pd_merchant_list_model_get_cached_items (PdMerchantListModel *self);
/* Items alive (held by someone) (for tests). */
guint                  pd_merchant_list_model_get_live_items (PdMerchantListModel *self);

G_END_DECLS
