/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-authorization-item.h"

G_BEGIN_DECLS

#define PD_TYPE_AUTHORIZATION_LIST_ROW (pd_authorization_list_row_get_type ())

G_DECLARE_FINAL_TYPE (PdAuthorizationListRow, pd_authorization_list_row, PD, AUTHORIZATION_LIST_ROW,
                      GtkWidget)

/* One authorization in the Authorizations page's list: state chip,
 * merchant, service and shops, start and end, days left (or "Renewed"),
 * and its buttons: Create Renewal Link, then Copy and QR Code once this
 * window made one. The buttons activate the page's actions
 * "authorizations.renew", ".copy-renewal" and ".show-renewal-qr" with
 * the authorization's id. */
GtkWidget           *pd_authorization_list_row_new      (void);
void                 pd_authorization_list_row_set_item (PdAuthorizationListRow *self,
                                                         PdAuthorizationItem    *item);
PdAuthorizationItem *pd_authorization_list_row_get_item (PdAuthorizationListRow *self);

G_END_DECLS
