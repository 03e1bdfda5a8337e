/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-store-services.h"

G_BEGIN_DECLS

#define PD_TYPE_CATEGORY_GROUP (pd_category_group_get_type ())

G_DECLARE_FINAL_TYPE (PdCategoryGroup, pd_category_group, PD, CATEGORY_GROUP, GtkWidget)

/* One service category on the Services page: its name and state chip,
 * the requirement with the agency's figure on a level bar, the
 * operation qualification, Apply and Withdraw (sensitive only where
 * the state allows, else a sentence says why) and its services
 * (PdServiceRow), with Add Service. The buttons activate the page's
 * actions "services.apply", "services.withdraw" and "services.new",
 * each with the category's id. */
GtkWidget               *pd_category_group_new          (const PdServiceCategory *category,
                                                         GPtrArray               *services);
const PdServiceCategory *pd_category_group_get_category (PdCategoryGroup         *self);

G_END_DECLS
