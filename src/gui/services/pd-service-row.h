/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-store-services.h"

G_BEGIN_DECLS

#define PD_TYPE_SERVICE_ROW (pd_service_row_get_type ())

G_DECLARE_FINAL_TYPE (PdServiceRow, pd_service_row, PD, SERVICE_ROW, AdwActionRow)

/* One service under its category: name, description, type chip and
 * price, an Edit button (the action "services.edit" with the service's
 * id) and Create Authorization Link ("win.authorization-link" with
 * (category, service, "")). */
GtkWidget       *pd_service_row_new         (const PdService *service);
const PdService *pd_service_row_get_service (PdServiceRow    *self);

G_END_DECLS
