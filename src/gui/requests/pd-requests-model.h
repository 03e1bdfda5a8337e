/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-paged-model.h"
#include "pd-store-requests.h"

G_BEGIN_DECLS

#define PD_TYPE_REQUESTS_MODEL (pd_requests_model_get_type ())

G_DECLARE_FINAL_TYPE (PdRequestsModel, pd_requests_model, PD, REQUESTS_MODEL, PdPagedModel)

#define PD_REQUESTS_MODEL_PAGE_SIZE    64
#define PD_REQUESTS_MODEL_CACHED_PAGES 8

/* The seller requests @query selects, in its order, as PdRequestItem,
 * read a page at a time (pd_store_seller_requests_page()). Its items
 * stand for positions: a reload gives each live item the request now at
 * its place, so the rows of the view stay and only change their text. */
PdRequestsModel *pd_requests_model_new       (PdStore              *store);
/* Copies @query; reloads when it differs from the model's. */
gboolean         pd_requests_model_set_query (PdRequestsModel      *self,
                                              const PdRequestQuery *query,
                                              GError              **error);
const PdRequestQuery *pd_requests_model_get_query (PdRequestsModel *self);
gboolean         pd_requests_model_reload    (PdRequestsModel      *self,
                                              GError              **error);

G_END_DECLS
