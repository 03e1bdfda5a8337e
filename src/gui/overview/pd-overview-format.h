/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-engine.h"
#include "pd-overview-item.h"
#include "pd-overview-snapshot.h"
#include "pd-rules.h"

G_BEGIN_DECLS

/* The Overview in words: times, counts and chances as the page shows
 * them, and one PdOverviewItem per row of its lists, made from a
 * snapshot when a view asks for the row (PdOverviewItemFunc). */

/* How much of an instant to show, in the program's time zone. */
typedef enum
{
  PD_OVERVIEW_TIME_DATE = FALSE,     /* "2026-03-31" */
  PD_OVERVIEW_TIME_MINUTES = TRUE,   /* "2026-03-31 23:59", the zone said beside */
  PD_OVERVIEW_TIME_ZONED,            /* ... and "(Asia/Shanghai)" when the user's
                                      * own zone is not at the same offset then */
} PdOverviewTime;

char           *pd_overview_format_time        (PdRules            *rules,
                                                gint64              unix_seconds,
                                                PdOverviewTime      what);
/* "1,234,567": grouped like the amounts (pd_money_format_display). */
char           *pd_overview_format_count       (gint64              count);
/* A probability in billionths: "10%", "62.3%". */
char           *pd_overview_format_percent     (gint64              ppb);

/* Rows; @user_data is the PdOverviewSnapshot. */
PdOverviewItem *pd_overview_at_risk_item       (gpointer            user_data,
                                                guint               position);
PdOverviewItem *pd_overview_benefit_item       (gpointer            user_data,
                                                guint               position);
PdOverviewItem *pd_overview_authorization_item (gpointer            user_data,
                                                guint               position);
PdOverviewItem *pd_overview_payout_item        (gpointer            user_data,
                                                guint               position);

/* Where the stores' GMV came from (issue 17): "GMV of 12 stores from
 * the platform, last read 2 hours ago; 30 from imported reports", or
 * NULL when no store's GMV is the platform's. */
char           *pd_overview_sources_summary    (PdOverviewSnapshot *snapshot);

/* "Paid CNY 34,000.00, withheld CNY 2,000.00" over the snapshot's payout
 * records, or NULL without any. */
char           *pd_overview_payouts_summary    (PdOverviewSnapshot *snapshot);

G_END_DECLS
