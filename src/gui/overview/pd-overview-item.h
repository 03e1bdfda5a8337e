/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_TYPE_OVERVIEW_ITEM (pd_overview_item_get_type ())

G_DECLARE_FINAL_TYPE (PdOverviewItem, pd_overview_item, PD, OVERVIEW_ITEM, GObject)

/* One row of the Overview's lists (at risk, benefit windows, expiring
 * authorizations), already in words: made when the row is shown
 * (pd-overview-list.h), shown by a PdOverviewRow. */

typedef enum
{
  PD_OVERVIEW_URGENCY_NONE,     /* plain */
  PD_OVERVIEW_URGENCY_NORMAL,   /* accent */
  PD_OVERVIEW_URGENCY_WARNING,
  PD_OVERVIEW_URGENCY_CRITICAL,
} PdOverviewUrgency;

PdOverviewItem *pd_overview_item_new          (const char        *title,
                                               const char        *subtitle,
                                               const char        *detail,
                                               const char        *badge,
                                               PdOverviewUrgency  urgency);

const char     *pd_overview_item_get_title    (PdOverviewItem    *self);
const char     *pd_overview_item_get_subtitle (PdOverviewItem    *self);
const char     *pd_overview_item_get_detail   (PdOverviewItem    *self);
const char     *pd_overview_item_get_badge    (PdOverviewItem    *self);
PdOverviewUrgency pd_overview_item_get_urgency (PdOverviewItem   *self);

/* A button on the row: @label, activating @action_name with @target
 * (sunk). The at-risk rows open the merchant's checklist. */
void            pd_overview_item_set_action   (PdOverviewItem    *self,
                                               const char        *label,
                                               const char        *action_name,
                                               GVariant          *target);
const char     *pd_overview_item_get_action_label  (PdOverviewItem *self);
const char     *pd_overview_item_get_action_name   (PdOverviewItem *self);
GVariant       *pd_overview_item_get_action_target (PdOverviewItem *self);

G_END_DECLS
