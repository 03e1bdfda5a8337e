/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"
#include "pd-store-services.h"

G_BEGIN_DECLS

#define PD_TYPE_SERVICE_DIALOG (pd_service_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdServiceDialog, pd_service_dialog, PD, SERVICE_DIALOG, AdwWindow)

/* Creates a service in @category_id (@service NULL) or edits @service:
 * name, type, description and price with its currency. Save checks the
 * name and the price (pd_money_parse(): money is never a float) and
 * shows what is wrong below the field, in words; then writes through
 * pd_store_service_save() (the service and its outbox entry in one
 * transaction), announces the change and closes. An edit that changes
 * nothing writes nothing. */
PdServiceDialog *pd_service_dialog_new  (GtkWindow       *parent,
                                         PdContext       *context,
                                         const char      *category_id,
                                         const PdService *service);
/* What Save does; TRUE when it wrote (or had nothing to write) and closed. */
gboolean         pd_service_dialog_save (PdServiceDialog *self);

G_END_DECLS
