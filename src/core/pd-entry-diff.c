/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-entry-diff"

#include "config.h"

#include <string.h>

#include "pd-entry-diff.h"

int
pd_entry_mark_compare (const PdEntryMark *a,
                       const PdEntryMark *b)
{
  int c = strcmp (a->seller_id, b->seller_id);

  if (c != 0)
    return c;
  if (a->store_id == NULL || b->store_id == NULL)
    return (a->store_id != NULL) - (b->store_id != NULL);
  return strcmp (a->store_id, b->store_id);
}

void
pd_entry_mark_init (PdEntryMark          *mark,
                    PdRules              *rules,
                    gint64                as_of,
                    const PdEntryVerdict *verdict)
{
  memset (mark, 0, sizeof *mark);
  mark->seller_id = verdict->seller->seller_id;
  mark->store_id = verdict->store != NULL ? verdict->store->store_id : NULL;
  mark->verdict = verdict->verdict;
  mark->stage = verdict->stage;
  /* As pd_projection_add() puts an entry on its at-risk list. */
  if (verdict->verdict == PD_VERDICT_PENDING && verdict->has_nearest_deadline &&
      verdict->nearest_deadline <= pd_rules_add_days (rules, as_of, PD_AT_RISK_DAYS))
    mark->flags |= PD_ENTRY_MARK_AT_RISK;
  if ((verdict->conditions & PD_CONDITION_BIT (PD_CONDITION_SALES)) != 0 &&
      verdict->results[PD_CONDITION_SALES].state == PD_CONDITION_STATE_MET)
    mark->flags |= PD_ENTRY_MARK_SALES_MET;
}

gboolean
pd_entry_mark_price (PdEntryMark           *mark,
                     const PdExpectedModel *model,
                     const PdMoney         *reward,
                     const PdFraction      *factor,
                     GError               **error)
{
  gint64 ppb;
  PdMoney out;

  switch (mark->verdict)
    {
    case PD_VERDICT_QUALIFIED:
      ppb = PD_PPB;
      break;
    case PD_VERDICT_PENDING:
      ppb = mark->stage < PD_N_STAGES ? model->ppb[mark->stage] : 0;
      break;
    case PD_VERDICT_LOST:
    default:
      ppb = 0;
      break;
    }
  /* ppb <= 10^9 and a factor's terms <= 10^9: both products fit. */
  if (!pd_money_multiply_fraction (reward, ppb * factor->numerator, PD_PPB * factor->denominator,
                                   &out, error))
    return FALSE;
  mark->contribution = out.minor;
  return TRUE;
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const PdEntryChange *x = a;
  const PdEntryChange *y = b;
  gint64 mx = ABS (x->moved);
  gint64 my = ABS (y->moved);
  int c;

  if (mx != my)
    return mx > my ? -1 : 1;
  if ((c = strcmp (x->seller_id, y->seller_id)) != 0)
    return c;
  if (x->store_id == NULL || y->store_id == NULL)
    return (x->store_id != NULL) - (y->store_id != NULL);
  return strcmp (x->store_id, y->store_id);
}

static void
add_change (GArray            *changes,
            const PdEntryMark *before,
            const PdEntryMark *after)
{
  PdEntryChange change = { 0 };
  guint before_flags = before != NULL ? before->flags : 0;

  change.seller_id = after->seller_id;
  change.store_id = after->store_id;
  change.was_known = before != NULL;
  change.before = before != NULL ? before->verdict : PD_VERDICT_PENDING;
  change.after = after->verdict;
  change.moved = after->contribution - (before != NULL ? before->contribution : 0);

  if (after->verdict == PD_VERDICT_QUALIFIED && (before == NULL || before->verdict != PD_VERDICT_QUALIFIED))
    change.kinds |= PD_ENTRY_CHANGE_QUALIFIED;
  if (after->verdict == PD_VERDICT_LOST && (before == NULL || before->verdict != PD_VERDICT_LOST))
    change.kinds |= PD_ENTRY_CHANGE_LOST;
  if ((after->flags & PD_ENTRY_MARK_AT_RISK) != 0 && (before_flags & PD_ENTRY_MARK_AT_RISK) == 0)
    change.kinds |= PD_ENTRY_CHANGE_AT_RISK;
  if ((after->flags & PD_ENTRY_MARK_SALES_MET) != 0 && (before_flags & PD_ENTRY_MARK_SALES_MET) == 0)
    change.kinds |= PD_ENTRY_CHANGE_SALES_MET;
  if (before == NULL && after->store_id != NULL)
    change.kinds |= PD_ENTRY_CHANGE_NEW_STORE;

  if (change.kinds != 0)
    g_array_append_val (changes, change);
}

GArray *
pd_entry_diff (const PdEntryMark *before,
               guint              n_before,
               const PdEntryMark *after,
               guint              n_after)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (PdEntryChange));
  guint i = 0;

  g_return_val_if_fail (n_before == 0 || before != NULL, changes);
  g_return_val_if_fail (n_after == 0 || after != NULL, changes);

  /* A merge of the two sorted lists. */
  for (guint j = 0; j < n_after; j++)
    {
      const PdEntryMark *match = NULL;

      while (i < n_before && pd_entry_mark_compare (&before[i], &after[j]) < 0)
        i++;
      if (i < n_before && pd_entry_mark_compare (&before[i], &after[j]) == 0)
        match = &before[i++];
      add_change (changes, match, &after[j]);
    }
  g_array_sort (changes, compare_changes);
  return changes;
}
