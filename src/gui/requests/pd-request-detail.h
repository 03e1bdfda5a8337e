/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-store-requests.h"

G_BEGIN_DECLS

#define PD_TYPE_REQUEST_DETAIL (pd_request_detail_get_type ())

G_DECLARE_FINAL_TYPE (PdRequestDetail, pd_request_detail, PD, REQUEST_DETAIL, GtkBox)

/* The detail pane of the Requests page: every field of the request
 * form, the state, and the buttons of the page's actions (requests.accept,
 * .reject, .close, .invite, .authorization-link, .resolve-conflict),
 * which the page enables. */
GtkWidget *pd_request_detail_new         (void);
/* Shows a copy of @request (NULL: nothing). */
void       pd_request_detail_set_request (PdRequestDetail       *self,
                                          const PdSellerRequest *request);
/* Why each button is off, for its tooltip (NULL: on, the default tip). */
void       pd_request_detail_set_refusals (PdRequestDetail *self,
                                           const char      *accept,
                                           const char      *reject,
                                           const char      *close);
void       pd_request_detail_set_conflict (PdRequestDetail *self,
                                           gboolean         conflict);

G_END_DECLS
