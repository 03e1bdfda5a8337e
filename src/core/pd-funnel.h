/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-engine.h"
#include "pd-money.h"
#include "pd-rules.h"

G_BEGIN_DECLS

/* The quarter's funnel and its payout by week of onboarding, accumulated
 * one entry verdict at a time beside the projection (pd-projection.h),
 * so that both count exactly the entries `partnerdesk-cli project` lists.
 *
 * Steps, each a subset of the one before: every entry (invited), its
 * store onboarded in the period (the onboarded condition met), a first
 * sale (stage first_sale or further, or no sales condition), the GMV
 * threshold met (the sales condition met or not listed), inventory met
 * (met, not applicable or not listed), qualified (the verdict).
 *
 * An entry that stops before step k (reached k - 1, not k) is "lost at
 * k" when its verdict is lost, "waiting at k" when pending. An entry lost
 * to a rule outside the steps (target review, link, status, first
 * store) after meeting inventory is lost at the qualified step. Each
 * step's reward is what the entries that reached it and are not lost
 * would bring if they all qualified: at the first step the upper amount,
 * at the last the confirmed one. */
typedef enum
{
  PD_FUNNEL_INVITED,
  PD_FUNNEL_ONBOARDED,
  PD_FUNNEL_FIRST_SALE,
  PD_FUNNEL_SALES_MET,
  PD_FUNNEL_INVENTORY_MET,
  PD_FUNNEL_QUALIFIED,
  PD_N_FUNNEL_STEPS
} PdFunnelStep;

/* Weeks of 7 days from the period's first day; a quarter has 13 or 14. */
#define PD_FUNNEL_MAX_WEEKS 16

typedef struct
{
  gint64   reached[PD_N_FUNNEL_STEPS];
  gint64   lost[PD_N_FUNNEL_STEPS];      /* [0] always 0 */
  gint64   waiting[PD_N_FUNNEL_STEPS];   /* [0] always 0 */
  gint64   in_play[PD_N_FUNNEL_STEPS];   /* reached and not lost */
  /* After pd_funnel_finish (): in_play and lost x reward x factor. */
  PdMoney  reward[PD_N_FUNNEL_STEPS];
  PdMoney  lost_reward[PD_N_FUNNEL_STEPS];

  /* Payout by week of onboarding: qualified and pending entries with a
   * store onboarded in the period, by week; pending ones without a
   * store yet in not_onboarded. */
  guint    n_weeks;
  gint64   week_start[PD_FUNNEL_MAX_WEEKS];  /* first second of each week */
  gint64   week_confirmed[PD_FUNNEL_MAX_WEEKS];
  gint64   week_pending[PD_FUNNEL_MAX_WEEKS];
  gint64   not_onboarded_pending;
  PdMoney  week_confirmed_amount[PD_FUNNEL_MAX_WEEKS];
  PdMoney  week_pending_amount[PD_FUNNEL_MAX_WEEKS];
  PdMoney  not_onboarded_amount;
} PdFunnel;

void          pd_funnel_init          (PdFunnel             *funnel,
                                       PdRules              *rules);
/* The last step @verdict reached. */
PdFunnelStep  pd_funnel_step_of       (const PdEntryVerdict *verdict);
void          pd_funnel_add           (PdFunnel             *funnel,
                                       PdRules              *rules,
                                       const PdEntryVerdict *verdict);
/* Fills in the amounts: counts x @reward x @factor, each rounded half
 * away from zero (the projection's rounding). FALSE on overflow. */
gboolean      pd_funnel_finish        (PdFunnel             *funnel,
                                       const PdMoney        *reward,
                                       const PdFraction     *factor);
/* The merchant-list stage of a step (the Merchants page's Stage filter)
 * for the steps that are one: invited, onboarded, first_sale, sales_met;
 * FALSE for the others. */
gboolean      pd_funnel_step_to_stage (PdFunnelStep          step,
                                       PdStage              *out);
/* "Invited", "Onboarded in Period"...: translated. */
const char   *pd_funnel_step_to_display (PdFunnelStep        step);
/* "invited", "onboarded", "first_sale", "sales_met", "inventory_met",
 * "qualified". */
const char   *pd_funnel_step_to_string  (PdFunnelStep        step);

G_END_DECLS
