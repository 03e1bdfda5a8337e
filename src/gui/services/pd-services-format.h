/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-store-services.h"

G_BEGIN_DECLS

/* The words the Services page shows for categories and services. */

/* "Approved", "In review"...: the chip's text; the raw state when unknown. */
const char *pd_services_format_state       (const char               *state);
/* The chip's style class: "success", "accent", "warning", "error" or
 * "neutral" (not listed). */
const char *pd_services_state_class        (const char               *state);
/* Why @action is not possible from @state, in words, or NULL when it
 * is (pd_category_action_target()). */
const char *pd_services_refusal            (PdCategoryAction          action,
                                            const char               *state);
/* "Category GMV USD 41,200 of 50,000"; "No requirement published"
 * without one. *@fraction_out (may be NULL): the figure over the
 * requirement, 0 to 1, for a level bar; -1 when there is none. */
char       *pd_services_format_progress    (const PdServiceCategory  *category,
                                            double                   *fraction_out);
/* Whether the current figure reaches the requirement (same currency). */
gboolean    pd_services_requirement_met    (const PdServiceCategory  *category);
/* "USD 1,200.00", "Free" for 0, "—" without a price. */
char       *pd_services_format_price       (const PdService          *service);
/* "Public", "Custom". */
const char *pd_services_format_type        (const char               *type);

G_END_DECLS
