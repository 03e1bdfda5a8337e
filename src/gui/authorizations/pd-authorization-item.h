/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-store-authorizations.h"

G_BEGIN_DECLS

#define PD_TYPE_AUTHORIZATION_ITEM (pd_authorization_item_get_type ())

G_DECLARE_FINAL_TYPE (PdAuthorizationItem, pd_authorization_item, PD, AUTHORIZATION_ITEM, GObject)

/* One row of the Authorizations page: an authorization as the store has
 * it, the user's zone its dates are shown in, and the URL of the renewal
 * link this window made for it (NULL until then). The item stands for a
 * position of PdAuthorizationsModel: a reload gives it the row now there
 * (pd_authorization_item_set_row), and "notify::row" tells its widget. */
PdAuthorizationItem      *pd_authorization_item_new             (PdAuthorizationRow  *row,
                                                                 GTimeZone           *zone,
                                                                 const char          *renewal_url);
/* Takes @row. */
void                      pd_authorization_item_set_row         (PdAuthorizationItem *self,
                                                                 PdAuthorizationRow  *row,
                                                                 GTimeZone           *zone,
                                                                 const char          *renewal_url);
const PdAuthorizationRow *pd_authorization_item_get_row         (PdAuthorizationItem *self);
GTimeZone                *pd_authorization_item_get_zone        (PdAuthorizationItem *self);
const char               *pd_authorization_item_get_renewal_url (PdAuthorizationItem *self);

G_END_DECLS
