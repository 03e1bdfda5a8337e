/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-projection"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-projection.h"
#include "pd-value-error.h"

/* 128-bit products: reward x sum of probabilities x factor. */
__extension__ typedef __int128 PdInt128;

struct _PdProjection
{
  PdRules         *rules;
  gint64           as_of;
  gint64           at_risk_until;
  PdExpectedModel  model;

  gint64           counts[PD_VERDICT_LOST + 1];
  gint64           pending_at[PD_N_STAGES];
  /* Sum of the probabilities of qualified and pending entries, in
   * billionths: qualified entries add PD_PPB each. */
  PdInt128         expected_ppb;

  GPtrArray       *high_risk_stores;
  GArray          *at_risk;
  GStringChunk    *at_risk_strings;
  GString         *scratch;

  PdFraction       factor;
  PdMoney          confirmed;
  PdMoney          expected;
  PdMoney          upper;

  PdFunnel         funnel;
};

void
pd_stage_history_add (PdStageHistory       *history,
                      const PdEntryVerdict *v)
{
  g_return_if_fail (history != NULL && v != NULL);

  if (v->verdict == PD_VERDICT_PENDING)
    return;
  /* A store lost to the link or first-store rule, or opened outside the
   * period, was never a candidate of this quarter: its stage says nothing
   * of how the stages convert. (An invited seller without a store that
   * the period's end made lost stays in: that is "invited, not
   * onboarded".) */
  if (v->store != NULL &&
      (((v->conditions & PD_CONDITION_BIT (PD_CONDITION_LINK)) &&
        v->results[PD_CONDITION_LINK].state == PD_CONDITION_STATE_FAILED) ||
       ((v->conditions & PD_CONDITION_BIT (PD_CONDITION_FIRST_STORE)) &&
        v->results[PD_CONDITION_FIRST_STORE].state == PD_CONDITION_STATE_FAILED) ||
       ((v->conditions & PD_CONDITION_BIT (PD_CONDITION_ONBOARDED)) &&
        v->results[PD_CONDITION_ONBOARDED].state == PD_CONDITION_STATE_FAILED)))
    return;

  /* Stages only go forward: an entry at stage s reached every stage up to s. */
  for (guint s = 0; s <= v->stage; s++)
    {
      history->resolved[s]++;
      if (v->verdict == PD_VERDICT_QUALIFIED)
        history->qualified[s]++;
    }
}

void
pd_expected_model_init (PdExpectedModel      *model,
                        const guint           default_bp[PD_N_STAGES],
                        const PdStageHistory *history)
{
  g_return_if_fail (model != NULL && default_bp != NULL);

  memset (model, 0, sizeof *model);
  for (guint s = 0; s < PD_N_STAGES; s++)
    {
      if (history != NULL && history->resolved[s] >= PD_HISTORY_MIN_RESOLVED)
        {
          /* qualified / resolved, to nine decimals, rounded half up. */
          model->ppb[s] = (gint64) (((PdInt128) history->qualified[s] * PD_PPB * 2 +
                                     history->resolved[s]) / (2 * history->resolved[s]));
          model->source[s] = PD_RATE_SOURCE_HISTORY;
          model->resolved[s] = history->resolved[s];
        }
      else
        {
          model->ppb[s] = (gint64) MIN (default_bp[s], 10000u) * (PD_PPB / 10000);
          model->source[s] = PD_RATE_SOURCE_DEFAULT;
        }
    }
}

PdProjection *
pd_projection_new (PdRules               *rules,
                   gint64                 as_of,
                   const PdExpectedModel *model)
{
  PdProjection *self;

  g_return_val_if_fail (rules != NULL && model != NULL, NULL);

  self = g_new0 (PdProjection, 1);
  self->rules = pd_rules_ref (rules);
  self->as_of = as_of;
  self->at_risk_until = pd_rules_add_days (rules, as_of, PD_AT_RISK_DAYS);
  self->model = *model;
  self->high_risk_stores = g_ptr_array_new_with_free_func (g_free);
  self->at_risk = g_array_new (FALSE, FALSE, sizeof (PdAtRisk));
  self->at_risk_strings = g_string_chunk_new (64 * 1024);
  self->scratch = g_string_new (NULL);
  self->factor.numerator = 1;
  self->factor.denominator = 1;
  memcpy (self->confirmed.currency, rules->reward.currency, sizeof self->confirmed.currency);
  self->expected = self->upper = self->confirmed;
  pd_funnel_init (&self->funnel, rules);

  return self;
}

void
pd_projection_free (PdProjection *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->rules, pd_rules_unref);
  g_clear_pointer (&self->high_risk_stores, g_ptr_array_unref);
  g_clear_pointer (&self->at_risk, g_array_unref);
  g_clear_pointer (&self->at_risk_strings, g_string_chunk_free);
  if (self->scratch != NULL)
    g_string_free (self->scratch, TRUE);
  g_free (self);
}

static void
add_at_risk (PdProjection         *self,
             const PdEntryVerdict *v)
{
  PdAtRisk risk = { 0 };
  GString *detail = self->scratch;

  g_string_truncate (detail, 0);
  risk.seller_id = g_string_chunk_insert (self->at_risk_strings, v->seller->seller_id);
  risk.store_id = v->store != NULL ? g_string_chunk_insert (self->at_risk_strings, v->store->store_id) : NULL;
  risk.deadline = v->nearest_deadline;
  for (guint c = 0; c < PD_N_CONDITIONS; c++)
    {
      if (!(v->conditions & PD_CONDITION_BIT (c)) ||
          v->results[c].state != PD_CONDITION_STATE_UNMET)
        continue;
      risk.missing |= PD_CONDITION_BIT (c);
      if (detail->len > 0)
        g_string_append (detail, "; ");
      pd_engine_append_detail (self->rules, self->as_of, v, c, detail);
    }
  risk.detail = g_string_chunk_insert_len (self->at_risk_strings, detail->str, detail->len);
  g_array_append_val (self->at_risk, risk);
}

void
pd_projection_add (PdProjection         *self,
                   const PdEntryVerdict *v)
{
  g_return_if_fail (self != NULL && v != NULL);

  self->counts[v->verdict]++;
  pd_funnel_add (&self->funnel, self->rules, v);

  switch (v->verdict)
    {
    case PD_VERDICT_QUALIFIED:
      self->expected_ppb += PD_PPB;
      break;
    case PD_VERDICT_PENDING:
      self->pending_at[v->stage]++;
      self->expected_ppb += self->model.ppb[v->stage];
      if (v->has_nearest_deadline && v->nearest_deadline <= self->at_risk_until)
        add_at_risk (self, v);
      break;
    case PD_VERDICT_LOST:
    default:
      break;
    }

  if (v->high_risk)
    g_ptr_array_add (self->high_risk_stores, g_strdup (v->store->store_id));
}

/* reward x @ppb / 10^9 x factor, rounded half away from zero once. */
static gboolean
amount_for (PdProjection *self,
            PdInt128      ppb,
            PdMoney      *out,
            GError      **error)
{
  PdInt128 numerator, denominator, quotient, remainder;
  const PdMoney *reward = &self->rules->reward;

  memcpy (out->currency, reward->currency, sizeof out->currency);

  if (__builtin_mul_overflow ((PdInt128) reward->minor, ppb, &numerator) ||
      __builtin_mul_overflow (numerator, (PdInt128) self->factor.numerator, &numerator))
    goto overflow;
  denominator = (PdInt128) PD_PPB * self->factor.denominator;

  quotient = numerator / denominator;
  remainder = numerator % denominator;
  if (2 * remainder >= denominator)
    quotient++;
  if (quotient > G_MAXINT64)
    goto overflow;

  out->minor = (gint64) quotient;
  return TRUE;

overflow:
  g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
               _("Program %s: the projected payout is too large to compute"),
               self->rules->program_id);
  return FALSE;
}

static int
compare_at_risk (gconstpointer a,
                 gconstpointer b)
{
  const PdAtRisk *x = a;
  const PdAtRisk *y = b;

  if (x->deadline != y->deadline)
    return x->deadline < y->deadline ? -1 : 1;
  return strcmp (x->seller_id, y->seller_id);
}

gboolean
pd_projection_finish (PdProjection  *self,
                      GError       **error)
{
  gint64 qualified;
  gint64 pending;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->high_risk_stores->len > 0)
    self->factor = self->rules->high_risk_paid_fraction;

  qualified = self->counts[PD_VERDICT_QUALIFIED];
  pending = self->counts[PD_VERDICT_PENDING];

  if (!amount_for (self, (PdInt128) qualified * PD_PPB, &self->confirmed, error) ||
      !amount_for (self, self->expected_ppb, &self->expected, error) ||
      !amount_for (self, (PdInt128) (qualified + pending) * PD_PPB, &self->upper, error))
    return FALSE;
  if (!pd_funnel_finish (&self->funnel, &self->rules->reward, &self->factor))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("Program %s: the projected payout is too large to compute"),
                   self->rules->program_id);
      return FALSE;
    }

  g_array_sort (self->at_risk, compare_at_risk);
  return TRUE;
}

PdRules *
pd_projection_get_rules (PdProjection *self)
{
  return self->rules;
}

gint64
pd_projection_get_as_of (PdProjection *self)
{
  return self->as_of;
}

const PdExpectedModel *
pd_projection_get_model (PdProjection *self)
{
  return &self->model;
}

gint64
pd_projection_count (PdProjection *self,
                     PdVerdict     verdict)
{
  g_return_val_if_fail (verdict <= PD_VERDICT_LOST, 0);
  return self->counts[verdict];
}

gint64
pd_projection_count_pending_at (PdProjection *self,
                                PdStage       stage)
{
  g_return_val_if_fail (stage < PD_N_STAGES, 0);
  return self->pending_at[stage];
}

const PdMoney *
pd_projection_get_confirmed (PdProjection *self)
{
  return &self->confirmed;
}

const PdMoney *
pd_projection_get_expected (PdProjection *self)
{
  return &self->expected;
}

const PdMoney *
pd_projection_get_upper (PdProjection *self)
{
  return &self->upper;
}

const PdFraction *
pd_projection_get_factor (PdProjection *self)
{
  return &self->factor;
}

GPtrArray *
pd_projection_get_high_risk_stores (PdProjection *self)
{
  return self->high_risk_stores;
}

GArray *
pd_projection_get_at_risk (PdProjection *self)
{
  return self->at_risk;
}

const PdFunnel *
pd_projection_get_funnel (PdProjection *self)
{
  return &self->funnel;
}
