/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-context.h"
#include "pd-store-requests.h"

G_BEGIN_DECLS

#define PD_TYPE_REQUESTS_PAGE (pd_requests_page_get_type ())

G_DECLARE_FINAL_TYPE (PdRequestsPage, pd_requests_page, PD, REQUESTS_PAGE, GtkWidget)

/* The Requests page: the inbox of seller requests, paged from the store,
 * filtered by state, request type, category and budget and GMV ranges,
 * in the order chosen (newest, budget, GMV), with the selected request's
 * every field in a detail pane; Accept, Reject (with a reason) and Close
 * through the outbox, Invite (an onboarding link for the request's
 * seller) and Send Authorization Link (win.authorization-link). Its
 * "context" may be set after construction (bound from the window's);
 * the requests are read when the page is first shown. */
GtkWidget         *pd_requests_page_new           (PdContext      *context);
PdContext         *pd_requests_page_get_context   (PdRequestsPage *self);
void               pd_requests_page_set_context   (PdRequestsPage *self,
                                                   PdContext      *context);
/* For tests and the benchmark. */
GListModel        *pd_requests_page_get_model     (PdRequestsPage *self);
GtkSelectionModel *pd_requests_page_get_selection (PdRequestsPage *self);
/* What the state dropdown selects: NULL for all, else a status. */
void               pd_requests_page_set_status_filter (PdRequestsPage *self,
                                                       const char     *status);
/* What the order dropdown selects. */
void               pd_requests_page_set_sort      (PdRequestsPage *self,
                                                   PdRequestSort   sort);
/* Selects the request @id if it is in the list now (TRUE), and shows
 * its details. */
gboolean           pd_requests_page_select        (PdRequestsPage *self,
                                                   const char     *id);

G_END_DECLS
