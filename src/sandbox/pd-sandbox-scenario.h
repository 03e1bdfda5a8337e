/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-sandbox-db.h"

G_BEGIN_DECLS

/* Moves the demo forward, as the platform would between two syncs
 * (POST /sandbox/advance). Everything happens in one transaction; the
 * choices come from a GRand seeded with the feed's last seq, so the
 * same database advanced the same way ends the same. */
typedef struct
{
  guint    new_stores;           /* invited merchants open stores through active links */
  guint    gmv_updates;          /* normal stores report more settled GMV */
  gboolean governance_event;     /* one normal store is closed as high-risk */
  guint    new_seller_requests;  /* new inbound leads, partner_reviewing */
  gboolean resolve_reviews;      /* categories in review are approved or rejected */
  guint    target_removals;      /* sellers leave the target list (deletes) */
} PdSandboxAdvance;

/* @summary receives what was done: counts, the ids concerned, last_seq. */
gboolean  pd_sandbox_scenario_advance  (PdSandboxDb             *db,
                                        const PdSandboxAdvance  *what,
                                        gint64                   now,
                                        JsonObject              *summary,
                                        GError                 **error);

G_END_DECLS
