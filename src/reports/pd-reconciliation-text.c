/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-reconciliation"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "pd-reconciliation-text.h"

static void
text_free (gpointer data)
{
  PdReconciliationText *text = data;

  g_free (text->label);
  g_free (text->amount_text);
  g_free (text->detail);
  g_free (text);
}

static PdReconciliationText *
add (GPtrArray                *list,
     PdReconciliationTextKind  kind,
     const char               *label,
     const PdMoney            *amount,
     char                     *detail)
{
  PdReconciliationText *text = g_new0 (PdReconciliationText, 1);

  text->kind = kind;
  text->label = g_strdup (label);
  if (amount != NULL)
    {
      text->has_amount = TRUE;
      text->amount = *amount;
      text->amount_text = pd_money_format_display (amount);
    }
  text->detail = detail;
  g_ptr_array_add (list, text);
  return text;
}

char *
pd_reconciliation_text_title (const char *quarter)
{
  if (quarter == NULL)
    return g_strdup (_("Reconciliation with the platform’s payouts"));
  /* Translators: %s is a quarter as the platform names it, "2026Q1". */
  return g_strdup_printf (_("Reconciliation with the platform’s payouts, %s"), quarter);
}

static char *
describe_merchant (const PdReconciliationLine *line)
{
  g_autofree char *who = NULL;
  g_autofree char *projected = NULL;
  g_autofree char *difference = NULL;

  if (line->seller_id == NULL && line->store_id == NULL)
    return g_strdup (_("The platform names no merchant"));
  if (line->seller_id != NULL && line->store_id != NULL)
    /* Translators: a seller id, then a store id. */
    who = g_strdup_printf (_("Seller %s, store %s"), line->seller_id, line->store_id);
  else if (line->seller_id != NULL)
    who = g_strdup_printf (_("Seller %s"), line->seller_id);
  else
    who = g_strdup_printf (_("Store %s"), line->store_id);
  if (!line->has_verdict)
    /* Translators: "Seller 7000…, store S-1: not in the projection". */
    return g_strdup_printf (_("%s: not in the projection"), who);

  projected = pd_money_format_display (&line->projected);
  difference = pd_money_format_display (&line->difference);
  /* Translators: "Seller 7000…, store S-1: Qualified in the projection,
   * counted CNY 2,000.00; difference CNY -2,000.00". */
  return g_strdup_printf (_("%s: %s in the projection, counted %s; difference %s"),
                          who, pd_verdict_to_display (line->verdict), projected, difference);
}

GPtrArray *
pd_reconciliation_describe (PdReconciliation *r)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (text_free);
  gint64 qualified = pd_reconciliation_get_qualified (r);
  const PdMoney *withheld = pd_reconciliation_get_withheld (r);
  const PdMoney *explained = pd_reconciliation_get_withheld_explained (r);
  const PdMoney *unexplained = pd_reconciliation_get_unexplained (r);
  gboolean in_projection = FALSE;
  const PdMoney *discount = pd_reconciliation_get_governance_discount (r, &in_projection);
  g_autofree char *fraction = pd_fraction_format (pd_reconciliation_get_paid_fraction (r));
  PdReconciliationText *text;
  g_autofree char *detail = NULL;
  PdMoney minus;
  g_autofree char *result = NULL;
  g_autofree char *difference = NULL;
  g_autofree char *left = NULL;

  if (in_projection && discount->minor != 0)
    {
      g_autofree char *amount = pd_money_format_display (discount);

      /* The discount is inside the projected amount: said there, not as
       * a line that would seem to explain the difference. */
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%" PRId64 " qualified merchant, less the governance discount of %s: a store we introduced is high-risk, so the quarter is paid at %s",
                                             "%" PRId64 " qualified merchants, less the governance discount of %s: a store we introduced is high-risk, so the quarter is paid at %s",
                                             (gulong) qualified),
                                qualified, amount, fraction);
    }
  else
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " qualified merchant, after the governance factor",
                                           "%" PRId64 " qualified merchants, after the governance factor",
                                           (gulong) qualified),
                              qualified);
  add (list, PD_RECONCILIATION_TEXT_TOTAL, _("Projected for the quarter"),
       pd_reconciliation_get_projected (r), g_steal_pointer (&detail));
  add (list, PD_RECONCILIATION_TEXT_TOTAL, _("Paid by the platform"), pd_reconciliation_get_paid (r), NULL);
  text = add (list, PD_RECONCILIATION_TEXT_TOTAL, _("Withheld by the platform"), withheld,
              g_strdup (_("A withheld payout counts zero")));
  text->warning = withheld->minor != 0;
  add (list, PD_RECONCILIATION_TEXT_TOTAL, _("Difference"), pd_reconciliation_get_difference (r),
       g_strdup (_("Paid minus projected")));

  for (guint i = 0; i < pd_reconciliation_get_n_lines (r); i++)
    {
      const PdReconciliationLine *line = pd_reconciliation_get_line (r, i);
      /* Translators: "Withheld · PO-2026Q1-02": a payout's status and id. */
      g_autofree char *label = g_strdup_printf (_("%s · %s"), pd_payout_status_to_display (line->status),
                                                line->payout_id);

      text = add (list, PD_RECONCILIATION_TEXT_PAYOUT, label, &line->amount, describe_merchant (line));
      text->warning = line->status == PD_PAYOUT_STATUS_WITHHELD;
    }

  if (explained->minor != 0)
    add (list, PD_RECONCILIATION_TEXT_EXPLANATION, _("Withheld merchants"), explained,
         g_strdup (_("What the projection counted for the payouts the platform withheld")));
  if (discount->minor != 0 && !in_projection)
    {
      minus = *discount;
      minus.minor = -minus.minor;
      add (list, PD_RECONCILIATION_TEXT_EXPLANATION, _("Governance discount"), &minus,
           /* Translators: %s is the governance paid fraction, "0.5". */
           g_strdup_printf (_("The platform paid the quarter at %s, the governance rate for a high-risk store, which our records do not show: this explains the difference"),
                            fraction));
    }
  if (unexplained->minor != 0)
    {
      text = add (list, PD_RECONCILIATION_TEXT_EXPLANATION, _("Not explained"), unexplained,
                  g_strdup (_("Ask the platform about this amount")));
      text->warning = TRUE;
    }

  difference = pd_money_format_display (pd_reconciliation_get_difference (r));
  left = pd_money_format_display (unexplained);
  switch (pd_reconciliation_get_state (r))
    {
    case PD_RECONCILIATION_NO_PAYOUTS:
      result = g_strdup (_("The platform has not reported this quarter’s payout yet: it arrives with sync"));
      break;
    case PD_RECONCILIATION_MATCHES:
      result = g_strdup (_("The platform paid what the projection counted"));
      break;
    case PD_RECONCILIATION_EXPLAINED:
      /* Translators: %s is an amount, "CNY -1,000.00". */
      result = g_strdup_printf (_("The difference of %s is fully explained"), difference);
      break;
    case PD_RECONCILIATION_UNEXPLAINED:
    default:
      /* Translators: "CNY -1,000.00 of the difference of CNY -3,000.00 ...". */
      result = g_strdup_printf (_("%s of the difference of %s is not explained: ask the platform"), left, difference);
      break;
    }
  text = add (list, PD_RECONCILIATION_TEXT_RESULT, _("Result"), NULL, g_steal_pointer (&result));
  text->warning = pd_reconciliation_get_state (r) == PD_RECONCILIATION_UNEXPLAINED;
  return list;
}

char *
pd_reconciliation_text_value (const PdReconciliationText *text)
{
  if (text->amount_text != NULL && text->detail != NULL)
    return g_strdup_printf ("%s · %s", text->amount_text, text->detail);
  return g_strdup (text->amount_text != NULL ? text->amount_text : text->detail != NULL ? text->detail : "");
}
