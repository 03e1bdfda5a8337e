/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-engine.h"
#include "pd-funnel.h"
#include "pd-money.h"
#include "pd-rules.h"

G_BEGIN_DECLS

/* The quarter's projection for a recruitment program, accumulated one
 * entry verdict at a time (so a million merchants need no list):
 *
 *   confirmed = qualified merchants x reward x governance factor
 *   upper     = (qualified + pending) x reward x governance factor
 *   expected  = sum of p(entry) x reward x governance factor
 *
 * Expected payout model. p is 1 for a qualified entry, 0 for a lost one,
 * and for a pending entry the probability that an entry at its stage
 * goes on to qualify. The stages are, in order: invited (no store open
 * yet), onboarded (store open, no sale), first_sale (sold, GMV not over
 * the threshold yet) and sales_met (GMV over the threshold, something
 * else missing, such as the target review). Each stage's probability is
 * the agency's default rate (table stage_rates, basis points, editable
 * in Preferences: 10%, 30%, 50% and 80% out of the box), replaced by the
 * agency's own history as soon as that stage has at least
 * PD_HISTORY_MIN_RESOLVED resolved entries in earlier quarters: the share
 * of the earlier recruitment programs' entries that reached the stage,
 * and are now decided (qualified or lost), that qualified. Entries lost
 * to the link or first-store rules are left out of the history: they were
 * never in the agency's pipeline. A probability from history is kept to
 * nine decimals; the three sums are rounded to the currency's minor unit
 * once, by the same rounding, so confirmed <= expected <= upper always. */

#define PD_HISTORY_MIN_RESOLVED 30
#define PD_PPB G_GINT64_CONSTANT (1000000000)

typedef struct
{
  gint64 resolved[PD_N_STAGES];   /* decided entries that reached the stage */
  gint64 qualified[PD_N_STAGES];  /* ... of which qualified */
} PdStageHistory;

/* Counts one entry of an earlier program, evaluated as of now. */
void     pd_stage_history_add       (PdStageHistory       *history,
                                     const PdEntryVerdict *verdict);

typedef enum
{
  PD_RATE_SOURCE_DEFAULT,
  PD_RATE_SOURCE_HISTORY,
} PdRateSource;

typedef struct
{
  gint64        ppb[PD_N_STAGES];       /* probability in billionths */
  PdRateSource  source[PD_N_STAGES];
  gint64        resolved[PD_N_STAGES];  /* history behind it (0 for a default) */
} PdExpectedModel;

/* @default_bp: the store's stage_rates (0..10000); @history may be NULL. */
void     pd_expected_model_init     (PdExpectedModel      *model,
                                     const guint           default_bp[PD_N_STAGES],
                                     const PdStageHistory *history);

/* The strings belong to the projection. */
typedef struct
{
  const char *seller_id;
  const char *store_id;  /* NULL: invited, no store */
  gint64      deadline;  /* the nearest one */
  guint       missing;   /* PD_CONDITION_BIT()s of the unmet conditions */
  const char *detail;    /* their details, "; "-joined */
} PdAtRisk;

typedef struct _PdProjection PdProjection;

PdProjection    *pd_projection_new                 (PdRules               *rules,
                                                    gint64                 as_of,
                                                    const PdExpectedModel *model);
void             pd_projection_free                (PdProjection          *projection);

void             pd_projection_add                 (PdProjection          *projection,
                                                    const PdEntryVerdict  *verdict);
/* Computes the amounts; fails only when they overflow. */
gboolean         pd_projection_finish              (PdProjection          *projection,
                                                    GError               **error);

PdRules         *pd_projection_get_rules           (PdProjection          *projection);
gint64           pd_projection_get_as_of           (PdProjection          *projection);
const PdExpectedModel *pd_projection_get_model     (PdProjection          *projection);

gint64           pd_projection_count               (PdProjection          *projection,
                                                    PdVerdict              verdict);
gint64           pd_projection_count_pending_at    (PdProjection          *projection,
                                                    PdStage                stage);
/* After finish. */
const PdMoney   *pd_projection_get_confirmed       (PdProjection          *projection);
const PdMoney   *pd_projection_get_expected        (PdProjection          *projection);
const PdMoney   *pd_projection_get_upper           (PdProjection          *projection);
/* 1/1 when no high-risk store, else the program's fraction. */
const PdFraction *pd_projection_get_factor         (PdProjection          *projection);
/* Store ids, in the order met. */
GPtrArray       *pd_projection_get_high_risk_stores (PdProjection         *projection);
/* PdAtRisk, by nearest deadline then seller_id (after finish). Kept
 * compactly: a quarter close may have hundreds of thousands. */
GArray          *pd_projection_get_at_risk         (PdProjection          *projection);

/* The funnel and the payout by week of onboarding (after finish). */
const PdFunnel  *pd_projection_get_funnel          (PdProjection         *projection);

/* At risk: pending, with a deadline within this many days. */
#define PD_AT_RISK_DAYS 7

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdProjection, pd_projection_free)

G_END_DECLS
