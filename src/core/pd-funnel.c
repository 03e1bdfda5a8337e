/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-funnel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-funnel.h"

__extension__ typedef __int128 PdInt128;

void
pd_funnel_init (PdFunnel *funnel,
                PdRules  *rules)
{
  gint64 start;

  g_return_if_fail (funnel != NULL && rules != NULL);

  memset (funnel, 0, sizeof *funnel);
  start = rules->period_start;
  while (funnel->n_weeks < PD_FUNNEL_MAX_WEEKS && start <= rules->period_end)
    {
      funnel->week_start[funnel->n_weeks++] = start;
      start = pd_rules_add_days (rules, start, 7);
    }
}

static gboolean
passes (const PdEntryVerdict *v,
        PdCondition           condition)
{
  PdConditionState state;

  if (!(v->conditions & PD_CONDITION_BIT (condition)))
    return TRUE;
  state = v->results[condition].state;
  return state == PD_CONDITION_STATE_MET || state == PD_CONDITION_STATE_NOT_APPLICABLE;
}

PdFunnelStep
pd_funnel_step_of (const PdEntryVerdict *v)
{
  g_return_val_if_fail (v != NULL, PD_FUNNEL_INVITED);

  if (v->verdict == PD_VERDICT_QUALIFIED)
    return PD_FUNNEL_QUALIFIED;
  if (v->store == NULL || !passes (v, PD_CONDITION_ONBOARDED))
    return PD_FUNNEL_INVITED;
  if (v->stage < PD_STAGE_FIRST_SALE && (v->conditions & PD_CONDITION_BIT (PD_CONDITION_SALES)))
    return PD_FUNNEL_ONBOARDED;
  if (!passes (v, PD_CONDITION_SALES))
    return PD_FUNNEL_FIRST_SALE;
  if (!passes (v, PD_CONDITION_INVENTORY))
    return PD_FUNNEL_SALES_MET;
  return PD_FUNNEL_INVENTORY_MET;
}

void
pd_funnel_add (PdFunnel             *funnel,
               PdRules              *rules,
               const PdEntryVerdict *v)
{
  PdFunnelStep last;

  g_return_if_fail (funnel != NULL && rules != NULL && v != NULL);

  last = pd_funnel_step_of (v);
  for (guint s = 0; s <= last; s++)
    {
      funnel->reached[s]++;
      if (v->verdict != PD_VERDICT_LOST)
        funnel->in_play[s]++;
    }
  if (last < PD_FUNNEL_QUALIFIED)
    {
      if (v->verdict == PD_VERDICT_LOST)
        funnel->lost[last + 1]++;
      else
        funnel->waiting[last + 1]++;
    }

  if (v->verdict == PD_VERDICT_LOST)
    return;
  if (v->store == NULL || !v->store->has_onboarded_at ||
      v->store->onboarded_at < rules->period_start || v->store->onboarded_at > rules->period_end)
    {
      /* Pending without a store in the period yet (a qualified entry
       * always has one). */
      funnel->not_onboarded_pending++;
      return;
    }
  for (guint w = funnel->n_weeks; w > 0; w--)
    if (v->store->onboarded_at >= funnel->week_start[w - 1])
      {
        if (v->verdict == PD_VERDICT_QUALIFIED)
          funnel->week_confirmed[w - 1]++;
        else
          funnel->week_pending[w - 1]++;
        return;
      }
}

/* @count x @reward x @factor, rounded half away from zero. */
static gboolean
amount_for (gint64            count,
            const PdMoney    *reward,
            const PdFraction *factor,
            PdMoney          *out)
{
  PdInt128 numerator = (PdInt128) count * reward->minor * factor->numerator;
  PdInt128 quotient = numerator / factor->denominator;
  PdInt128 remainder = numerator % factor->denominator;

  memcpy (out->currency, reward->currency, sizeof out->currency);
  if (2 * (remainder < 0 ? -remainder : remainder) >= factor->denominator)
    quotient += numerator < 0 ? -1 : 1;
  if (quotient > G_MAXINT64 || quotient < G_MININT64)
    return FALSE;
  out->minor = (gint64) quotient;
  return TRUE;
}

gboolean
pd_funnel_finish (PdFunnel         *funnel,
                  const PdMoney    *reward,
                  const PdFraction *factor)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (funnel != NULL && reward != NULL && factor != NULL, FALSE);
  g_return_val_if_fail (factor->denominator > 0, FALSE);

  for (guint s = 0; s < PD_N_FUNNEL_STEPS; s++)
    {
      ok &= amount_for (funnel->in_play[s], reward, factor, &funnel->reward[s]);
      ok &= amount_for (funnel->lost[s], reward, factor, &funnel->lost_reward[s]);
    }
  for (guint w = 0; w < funnel->n_weeks; w++)
    {
      ok &= amount_for (funnel->week_confirmed[w], reward, factor, &funnel->week_confirmed_amount[w]);
      ok &= amount_for (funnel->week_pending[w], reward, factor, &funnel->week_pending_amount[w]);
    }
  ok &= amount_for (funnel->not_onboarded_pending, reward, factor, &funnel->not_onboarded_amount);
  return ok;
}

gboolean
pd_funnel_step_to_stage (PdFunnelStep  step,
                         PdStage      *out)
{
  static const PdStage stages[] = {
    PD_STAGE_INVITED, PD_STAGE_ONBOARDED, PD_STAGE_FIRST_SALE, PD_STAGE_SALES_MET,
  };

  if (step >= G_N_ELEMENTS (stages))
    return FALSE;
  *out = stages[step];
  return TRUE;
}

const char *
pd_funnel_step_to_display (PdFunnelStep step)
{
  switch (step)
    {
    case PD_FUNNEL_INVITED:
      return _("Invited");
    case PD_FUNNEL_ONBOARDED:
      return _("Onboarded in Period");
    case PD_FUNNEL_FIRST_SALE:
      return _("First Sale");
    case PD_FUNNEL_SALES_MET:
      return _("GMV Threshold Met");
    case PD_FUNNEL_INVENTORY_MET:
      return _("Inventory Met");
    case PD_FUNNEL_QUALIFIED:
      return _("Qualified");
    case PD_N_FUNNEL_STEPS:
    default:
      return "";
    }
}

const char *
pd_funnel_step_to_string (PdFunnelStep step)
{
  static const char *names[] = {
    "invited", "onboarded", "first_sale", "sales_met", "inventory_met", "qualified",
  };

  return step < G_N_ELEMENTS (names) ? names[step] : "";
}
