/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-overview-snapshot.h"

G_BEGIN_DECLS

#define PD_TYPE_OVERVIEW_RECONCILIATION (pd_overview_reconciliation_get_type ())

G_DECLARE_FINAL_TYPE (PdOverviewReconciliation, pd_overview_reconciliation, PD, OVERVIEW_RECONCILIATION, AdwBin)

/* The Overview's "Reconciliation" section once the program's period is
 * over: the platform's payout records beside the projection, in the
 * words of the payout review (pd-reconciliation-text.h): the totals, one
 * row per payout record (the merchant where the platform names it), what
 * explains the difference (withheld merchants, the governance discount),
 * and the result as the section's description. Hidden while the period
 * runs. A handful of rows: an AdwPreferencesGroup of AdwActionRows. */

void pd_overview_reconciliation_show (PdOverviewReconciliation *self,
                                      PdOverviewSnapshot       *snapshot);

G_END_DECLS
