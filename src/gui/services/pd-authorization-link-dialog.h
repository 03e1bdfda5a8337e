/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_AUTHORIZATION_LINK_DIALOG (pd_authorization_link_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdAuthorizationLinkDialog, pd_authorization_link_dialog,
                      PD, AUTHORIZATION_LINK_DIALOG, AdwWindow)

/* Creates an authorization link for a service: the service (from
 * @service_id's category, or @category_id's services, or every service
 * when neither is given), an optional seller (searched among the target
 * lists' merchants), shops (ids separated by commas or one per line)
 * and a duration (30 days, unlimited, or a number of days). Create Link
 * writes it through pd_store_authorization_link() (the platform's URL
 * with a fresh recorded `state`, its outbox entry and audit record in
 * one transaction), then the dialog shows the URL with Copy (clipboard
 * and toast) and its QR code. NULL or "": not given. */
PdAuthorizationLinkDialog *pd_authorization_link_dialog_new        (GtkWindow                 *parent,
                                                                    PdContext                 *context,
                                                                    const char                *category_id,
                                                                    const char                *service_id,
                                                                    const char                *seller_id);
/* What Create Link does; TRUE when the link was made. */
gboolean                   pd_authorization_link_dialog_create     (PdAuthorizationLinkDialog *self);
/* The chosen service's id, or NULL when there is none to choose. */
const char                *pd_authorization_link_dialog_get_service_id (PdAuthorizationLinkDialog *self);
/* The chosen seller's id, or NULL (any seller). */
const char                *pd_authorization_link_dialog_get_seller_id  (PdAuthorizationLinkDialog *self);
/* The link's URL once made, else NULL. */
const char                *pd_authorization_link_dialog_get_url        (PdAuthorizationLinkDialog *self);

G_END_DECLS
