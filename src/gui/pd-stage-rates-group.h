/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_STAGE_RATES_GROUP (pd_stage_rates_group_get_type ())

G_DECLARE_FINAL_TYPE (PdStageRatesGroup, pd_stage_rates_group, PD, STAGE_RATES_GROUP, AdwPreferencesGroup)

/* The default stage rates of the expected payout model (table
 * stage_rates, pd-store-rules.h), one spin row per stage in percent:
 * Preferences and the Overview's Program Settings edit them through
 * this one group. A change is saved a moment after the last keystroke
 * (and when the group goes away), audited by the store, and announced
 * with PdStore::changed so that the Overview projects again. */

GtkWidget *pd_stage_rates_group_new       (PdStore           *store);
PdStore   *pd_stage_rates_group_get_store (PdStageRatesGroup *self);
void       pd_stage_rates_group_set_store (PdStageRatesGroup *self,
                                           PdStore           *store);
/* Saves a change still waiting for its delay. */
void       pd_stage_rates_group_flush     (PdStageRatesGroup *self);

G_END_DECLS
