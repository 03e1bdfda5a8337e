/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_AUTHORIZATIONS_PAGE (pd_authorizations_page_get_type ())

G_DECLARE_FINAL_TYPE (PdAuthorizationsPage, pd_authorizations_page, PD, AUTHORIZATIONS_PAGE, GtkWidget)

/* The Authorizations view: every authorization soonest expiry first
 * (PdAuthorizationsModel), with the toggle "Expiring within 15 days",
 * and on each row Create Renewal Link (then Copy and QR Code). Read when
 * first shown; read again after each check of the context's
 * PdAuthorizationMonitor (a sync, another process, the day's change). */
GtkWidget         *pd_authorizations_page_new          (PdContext            *context);
void               pd_authorizations_page_set_context  (PdAuthorizationsPage *self,
                                                        PdContext            *context);
PdContext         *pd_authorizations_page_get_context  (PdAuthorizationsPage *self);

/* The rows as shown (NULL before the page was first shown or
 * selected into), and their selection. */
GListModel        *pd_authorizations_page_get_model     (PdAuthorizationsPage *self);
GtkSelectionModel *pd_authorizations_page_get_selection (PdAuthorizationsPage *self);

void               pd_authorizations_page_set_expiring_only (PdAuthorizationsPage *self,
                                                             gboolean              expiring_only);
gboolean           pd_authorizations_page_get_expiring_only (PdAuthorizationsPage *self);

/* Loads the rows if needed, selects authorization @id and scrolls to it
 * (turning the expiring filter off when it hides it). FALSE when the
 * store has no such authorization. */
gboolean           pd_authorizations_page_select       (PdAuthorizationsPage *self,
                                                        const char           *id);
/* Create Renewal Link for @id: the link is made in the store (with its
 * outbox entry), copied to the clipboard with a toast, and the row shows
 * Copy and QR Code. Returns the URL, or NULL after a toast of the
 * error. */
char              *pd_authorizations_page_renew        (PdAuthorizationsPage *self,
                                                        const char           *id);

G_END_DECLS
