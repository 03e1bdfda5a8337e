/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_SERVICES_PAGE (pd_services_page_get_type ())

G_DECLARE_FINAL_TYPE (PdServicesPage, pd_services_page, PD, SERVICES_PAGE, GtkWidget)

/* The Services page: every service category the store holds (a
 * PdCategoryGroup each, in the store's order) with its services, or the
 * empty state before a sync brought any. Reloads on PdStore::changed
 * for synced data. Its actions, each with an id ("s"):
 * services.apply / services.withdraw (a category; withdraw asks first),
 * services.new (a category) and services.edit (a service) open
 * PdServiceDialog. Every change goes through the store with its outbox
 * entry. */
GtkWidget *pd_services_page_new         (PdContext      *context);
PdContext *pd_services_page_get_context (PdServicesPage *self);
/* The group of @category_id, or NULL; for tests. */
GtkWidget *pd_services_page_get_group   (PdServicesPage *self,
                                         const char     *category_id);

G_END_DECLS
