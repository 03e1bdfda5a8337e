/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-store-requests.h"

G_BEGIN_DECLS

#define PD_TYPE_REQUEST_ITEM (pd_request_item_get_type ())

G_DECLARE_FINAL_TYPE (PdRequestItem, pd_request_item, PD, REQUEST_ITEM, GObject)

/* One seller request of the Requests page's list. It stands for a
 * position of the list (pd-paged-model.h): a reload gives it the request
 * now there, and "notify::request" tells the row bound to it. */
PdRequestItem         *pd_request_item_new         (PdSellerRequest *request);
const PdSellerRequest *pd_request_item_get_request (PdRequestItem   *self);
/* Takes @request (NULL: an empty row). */
void                   pd_request_item_set_request (PdRequestItem   *self,
                                                    PdSellerRequest *request);

G_END_DECLS
