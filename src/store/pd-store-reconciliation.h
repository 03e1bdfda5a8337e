/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-projection-setup.h"
#include "pd-reconciliation.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* Whether the program's period is over at the setup's instant: only then
 * is there a payout to reconcile. */
gboolean          pd_reconciliation_is_due   (PdProjectionSetup  *setup);

/* The reconciliation of @projection (of @setup's program, as of its
 * instant: the projection once the period is over, whose verdicts the
 * platform's payouts follow) with the program's payout records of its
 * quarter (pd_reconciliation_quarter_of()). A record naming a merchant
 * (`seller_id`, or only `store_id`, looked up in the stores) is
 * compared with that merchant's verdict at the same instant: the entry
 * of the store it names, else the seller's first store. Finished. */
PdReconciliation *pd_store_reconcile         (PdStore            *store,
                                              PdProjectionSetup  *setup,
                                              PdProjection       *projection,
                                              GError            **error);

G_END_DECLS
