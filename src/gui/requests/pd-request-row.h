/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-request-item.h"

G_BEGIN_DECLS

#define PD_TYPE_REQUEST_ROW (pd_request_row_get_type ())

G_DECLARE_FINAL_TYPE (PdRequestRow, pd_request_row, PD, REQUEST_ROW, GtkWidget)

/* A row of the Requests list: the form's required fields (contact,
 * company size, TikTok Shop GMV and budget with their currency, main
 * category, request type) and the state chip, of the request its
 * "item" holds, kept current when the item gets another request. */
GtkWidget     *pd_request_row_new      (void);
PdRequestItem *pd_request_row_get_item (PdRequestRow  *self);
void           pd_request_row_set_item (PdRequestRow  *self,
                                        PdRequestItem *item);

G_END_DECLS
