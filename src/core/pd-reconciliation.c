/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-reconciliation"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pd-reconciliation.h"
#include "pd-value-error.h"

struct _PdReconciliation
{
  PdMoney     reward;
  PdFraction  paid_fraction;
  PdFraction  factor;
  gint64      qualified;
  PdMoney     projected;
  GArray     *lines;          /* PdReconciliationLine */
  gboolean    finished;

  PdReconciliationState state;
  PdMoney     paid;
  PdMoney     withheld;
  PdMoney     difference;
  PdMoney     withheld_explained;
  PdMoney     governance_discount;
  gboolean    governance_in_projection;
  PdMoney     unexplained;
};

static void
line_clear (gpointer data)
{
  PdReconciliationLine *line = data;

  g_free (line->payout_id);
  g_free (line->seller_id);
  g_free (line->store_id);
}

static PdMoney
money_zero (const PdMoney *like)
{
  PdMoney zero = *like;

  zero.minor = 0;
  return zero;
}

PdReconciliation *
pd_reconciliation_new (const PdMoney    *reward,
                       const PdFraction *paid_fraction,
                       const PdFraction *factor,
                       gint64            qualified,
                       const PdMoney    *projected)
{
  PdReconciliation *self;

  g_return_val_if_fail (reward != NULL && projected != NULL, NULL);
  g_return_val_if_fail (paid_fraction != NULL && paid_fraction->denominator > 0, NULL);
  g_return_val_if_fail (factor != NULL && factor->denominator > 0, NULL);
  g_return_val_if_fail (qualified >= 0, NULL);

  self = g_new0 (PdReconciliation, 1);
  self->reward = *reward;
  self->paid_fraction = *paid_fraction;
  self->factor = *factor;
  self->qualified = qualified;
  self->projected = *projected;
  self->lines = g_array_new (FALSE, TRUE, sizeof (PdReconciliationLine));
  g_array_set_clear_func (self->lines, line_clear);
  return self;
}

PdReconciliation *
pd_reconciliation_new_for_projection (PdProjection *projection)
{
  PdRules *rules;

  g_return_val_if_fail (projection != NULL, NULL);

  rules = pd_projection_get_rules (projection);
  return pd_reconciliation_new (&rules->reward, &rules->high_risk_paid_fraction,
                                pd_projection_get_factor (projection),
                                pd_projection_count (projection, PD_VERDICT_QUALIFIED),
                                pd_projection_get_confirmed (projection));
}

void
pd_reconciliation_free (PdReconciliation *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->lines);
  g_free (self);
}

void
pd_reconciliation_add_payout (PdReconciliation *self,
                              const char       *payout_id,
                              PdPayoutStatus    status,
                              const PdMoney    *amount,
                              const char       *seller_id,
                              const char       *store_id,
                              const PdVerdict  *verdict)
{
  PdReconciliationLine line = { 0 };

  g_return_if_fail (self != NULL && !self->finished);
  g_return_if_fail (payout_id != NULL && amount != NULL);

  line.payout_id = g_strdup (payout_id);
  line.status = status;
  line.amount = *amount;
  line.seller_id = seller_id != NULL && *seller_id != '\0' ? g_strdup (seller_id) : NULL;
  line.store_id = store_id != NULL && *store_id != '\0' ? g_strdup (store_id) : NULL;
  line.has_verdict = verdict != NULL;
  line.verdict = verdict != NULL ? *verdict : PD_VERDICT_LOST;
  g_array_append_val (self->lines, line);
}

static gboolean
add_checked (PdMoney       *sum,
             gint64         minor,
             GError       **error)
{
  if ((minor > 0 && sum->minor > G_MAXINT64 - minor) ||
      (minor < 0 && sum->minor < -G_MAXINT64 - minor))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("The payout records add up to more than can be counted"));
      return FALSE;
    }
  sum->minor += minor;
  return TRUE;
}

gboolean
pd_reconciliation_finish (PdReconciliation  *self,
                          GError           **error)
{
  PdMoney per_merchant;
  PdMoney base;
  PdMoney discounted;
  gint64 explained;

  g_return_val_if_fail (self != NULL && !self->finished, FALSE);

  /* What the projection counted for one qualified merchant. */
  if (!pd_money_multiply_fraction (&self->reward, self->factor.numerator, self->factor.denominator,
                                   &per_merchant, error))
    return FALSE;

  self->paid = money_zero (&self->reward);
  self->withheld = money_zero (&self->reward);
  self->withheld_explained = money_zero (&self->reward);
  self->governance_discount = money_zero (&self->reward);
  for (guint i = 0; i < self->lines->len; i++)
    {
      PdReconciliationLine *line = &g_array_index (self->lines, PdReconciliationLine, i);
      gboolean named = line->seller_id != NULL || line->store_id != NULL;
      gboolean paid = line->status == PD_PAYOUT_STATUS_PAID;

      if (g_strcmp0 (line->amount.currency, self->reward.currency) != 0)
        {
          g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                       _("Payout %s is in %s, the program’s reward in %s: they cannot be compared"),
                       line->payout_id, line->amount.currency, self->reward.currency);
          return FALSE;
        }
      line->projected = money_zero (&self->reward);
      if (line->has_verdict && line->verdict == PD_VERDICT_QUALIFIED)
        line->projected = per_merchant;
      line->difference = money_zero (&self->reward);
      line->difference.minor = (paid ? line->amount.minor : 0) - line->projected.minor;

      if (!add_checked (paid ? &self->paid : &self->withheld, line->amount.minor, error))
        return FALSE;
      /* A withheld merchant explains what we counted for it; a withheld
       * record that names nobody, its own amount. */
      if (!paid && !add_checked (&self->withheld_explained,
                                 named ? -line->projected.minor : -line->amount.minor, error))
        return FALSE;
    }

  self->difference = money_zero (&self->reward);
  if (!add_checked (&self->difference, self->paid.minor, error) ||
      !add_checked (&self->difference, -self->projected.minor, error))
    return FALSE;
  explained = self->withheld_explained.minor;

  if (self->factor.numerator < self->factor.denominator)
    {
      /* Applied already: the discount is inside the projected amount. */
      self->governance_in_projection = TRUE;
      self->governance_discount.minor = self->reward.minor * self->qualified - self->projected.minor;
    }
  else if (self->paid_fraction.numerator < self->paid_fraction.denominator &&
           self->difference.minor != explained)
    {
      /* Did the platform pay the discounted rate on what is left? */
      base = self->projected;
      base.minor += self->withheld_explained.minor;
      if (!pd_money_multiply_fraction (&base, self->paid_fraction.numerator,
                                       self->paid_fraction.denominator, &discounted, error))
        return FALSE;
      if (base.minor > 0 && discounted.minor == self->paid.minor)
        {
          self->governance_discount.minor = base.minor - discounted.minor;
          explained -= self->governance_discount.minor;
        }
    }

  self->unexplained = money_zero (&self->reward);
  self->unexplained.minor = self->difference.minor - explained;

  if (self->lines->len == 0)
    self->state = PD_RECONCILIATION_NO_PAYOUTS;
  else if (self->difference.minor == 0)
    self->state = PD_RECONCILIATION_MATCHES;
  else if (self->unexplained.minor == 0)
    self->state = PD_RECONCILIATION_EXPLAINED;
  else
    self->state = PD_RECONCILIATION_UNEXPLAINED;
  self->finished = TRUE;
  return TRUE;
}

PdReconciliationState
pd_reconciliation_get_state (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL && self->finished, PD_RECONCILIATION_NO_PAYOUTS);
  return self->state;
}

const PdMoney *
pd_reconciliation_get_projected (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->projected;
}

gint64
pd_reconciliation_get_qualified (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->qualified;
}

const PdMoney *
pd_reconciliation_get_paid (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL && self->finished, NULL);
  return &self->paid;
}

const PdMoney *
pd_reconciliation_get_withheld (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL && self->finished, NULL);
  return &self->withheld;
}

const PdMoney *
pd_reconciliation_get_difference (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL && self->finished, NULL);
  return &self->difference;
}

const PdMoney *
pd_reconciliation_get_withheld_explained (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL && self->finished, NULL);
  return &self->withheld_explained;
}

const PdMoney *
pd_reconciliation_get_governance_discount (PdReconciliation *self,
                                           gboolean         *in_projection)
{
  g_return_val_if_fail (self != NULL && self->finished, NULL);
  if (in_projection != NULL)
    *in_projection = self->governance_in_projection;
  return &self->governance_discount;
}

const PdFraction *
pd_reconciliation_get_paid_fraction (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->paid_fraction;
}

const PdMoney *
pd_reconciliation_get_unexplained (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL && self->finished, NULL);
  return &self->unexplained;
}

guint
pd_reconciliation_get_n_lines (PdReconciliation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->lines->len;
}

const PdReconciliationLine *
pd_reconciliation_get_line (PdReconciliation *self,
                            guint             i)
{
  g_return_val_if_fail (self != NULL && i < self->lines->len, NULL);
  return &g_array_index (self->lines, PdReconciliationLine, i);
}

char *
pd_reconciliation_quarter_of (const char *period_end_date)
{
  int year, month, day;
  char end;

  if (period_end_date == NULL ||
      sscanf (period_end_date, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      month < 1 || month > 12)
    return NULL;
  return g_strdup_printf ("%04dQ%d", year, (month - 1) / 3 + 1);
}
