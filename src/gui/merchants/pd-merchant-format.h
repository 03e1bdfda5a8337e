/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-engine.h"
#include "pd-merchant-row.h"
#include "pd-rules.h"
#include "pd-store-open-api.h"

G_BEGIN_DECLS

/* The words the Merchants page and its detail pane show for a row. */

/* "2026-04-19 · 14 days left", "2026-04-05 · last day", "—", the date
 * as pd_merchant_format_date() says it. @rules:
 * the row's program (its time zone); NULL shows the date in UTC. */
char       *pd_merchant_format_deadline   (PdRules              *rules,
                                           gboolean              has_deadline,
                                           gint64                deadline,
                                           gint64                now);
/* The same for the Deadline column, whose width has no room for the
 * zone beside the date: "2026-04-19 · 14 days left\nAsia/Shanghai", the
 * zone below when it is not the user's own. */
char       *pd_merchant_format_deadline_cell (PdRules           *rules,
                                             gboolean           has_deadline,
                                             gint64             deadline,
                                             gint64             now);
/* "CNY 780.00 of 1,000.00", "EUR 100.00 (no rate)", "—". */
char       *pd_merchant_format_gmv        (const PdMerchantRow  *row);
/* 0..1 for a level bar, -1 when there is no progress to show. */
double      pd_merchant_gmv_fraction      (const PdMerchantRow  *row);
/* "3 of 4", "—". */
char       *pd_merchant_format_countries  (const PdMerchantRow  *row);
/* "Active · NAbO5gPM…", "—". */
char       *pd_merchant_format_link       (const PdMerchantRow  *row);
/* "2026-04-19" in the program's zone, "2026-04-19 (Asia/Shanghai)"
 * when that is not the user's own (pd_time_zone_format); UTC without
 * rules. */
char       *pd_merchant_format_date       (PdRules              *rules,
                                           gint64                t);
/* A style class for the verdict: success, warning, error, dim-label. */
const char *pd_merchant_verdict_style     (PdMerchantVerdict     verdict);
/* "Met", "Not yet", "Failed", "Does not apply" */
const char *pd_merchant_condition_state   (PdConditionState      state);
/* "Active", "Used", "Expired", "Revoked" for a link state token. */
const char *pd_merchant_link_state_display (const char          *state);

/* Where a store's deciding figures came from when the TikTok Shop Open
 * API read them (issue 17), one line each: "GMV CNY 1,240.00, from the
 * platform, 2 hours ago", "Inventory: DE;FR, from the platform, 2 hours
 * ago", "Shop status: ACTIVE, from the platform, 2 hours ago". */
char       *pd_merchant_format_reading    (const PdOpenApiReading *reading,
                                           gint64                  now);
/* "just now", "5 minutes ago", "2 hours ago", "3 days ago". */
char       *pd_merchant_format_ago        (gint64                  then,
                                           gint64                  now);

G_END_DECLS
