/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-currency.h"
#include "pd-engine.h"
#include "pd-engine-private.h"
#include "pd-invitation.h"

#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

const char *
pd_condition_state_to_string (PdConditionState state)
{
  static const char * const names[] = { "met", "unmet", "failed", "n/a" };

  g_return_val_if_fail (state <= PD_CONDITION_STATE_NOT_APPLICABLE, NULL);
  return names[state];
}

const char *
pd_verdict_to_string (PdVerdict verdict)
{
  static const char * const names[] = { "qualified", "pending", "lost" };

  g_return_val_if_fail (verdict <= PD_VERDICT_LOST, NULL);
  return names[verdict];
}

const char *
pd_verdict_to_display (PdVerdict verdict)
{
  switch (verdict)
    {
    case PD_VERDICT_QUALIFIED:
      return C_("verdict", "Qualified");
    case PD_VERDICT_PENDING:
      return C_("verdict", "Pending");
    case PD_VERDICT_LOST:
      return C_("verdict", "Lost");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
pd_benefit_state_to_string (PdBenefitState state)
{
  static const char * const names[] = { "not_joined", "active", "ended", "not_eligible" };

  g_return_val_if_fail (state <= PD_BENEFIT_NOT_ELIGIBLE, NULL);
  return names[state];
}

GPtrArray *
pd_engine_dup_assumptions (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (list, g_strdup (_("Each seller counts once, through its first store: the earliest onboarded_at, and on equal times the smallest store id.")));
  g_ptr_array_add (list, g_strdup (_("Stores outside the program’s markets are not entries of the program.")));
  g_ptr_array_add (list, g_strdup (_("A store that is closing counts as lost, like a closed one.")));
  g_ptr_array_add (list, g_strdup (_("A link revoked at the very second the store opened still counts; one revoked earlier does not.")));
  g_ptr_array_add (list, g_strdup (_("An invited seller without a store is lost once each of our onboarding links for the program was revoked or expired: a link revoked at the very second of the evaluation brings no store any more.")));
  g_ptr_array_add (list, g_strdup (_("A high-risk store discounts the quarter when it was opened through our link inside the period.")));
  g_ptr_array_add (list, g_strdup (_("GMV in another currency is converted with the store’s exchange rates; without a rate the sales condition waits.")));
  return list;
}

/* Evaluation -------------------------------------------------------------- */

static void
set_result (PdEntryVerdict   *v,
            PdCondition       condition,
            PdConditionState  state,
            guint8            reason)
{
  v->conditions |= PD_CONDITION_BIT (condition);
  v->results[condition].state = state;
  v->results[condition].reason = reason;
  v->results[condition].has_deadline = FALSE;
  v->results[condition].deadline = 0;
}

static void
set_unmet (PdEntryVerdict *v,
           PdCondition     condition,
           guint8          reason,
           gboolean        has_deadline,
           gint64          deadline)
{
  set_result (v, condition, PD_CONDITION_STATE_UNMET, reason);
  v->results[condition].has_deadline = has_deadline;
  v->results[condition].deadline = deadline;
}

static gboolean
is_onboarded (const PdStoreInput *store,
              gint64              as_of)
{
  return store != NULL && store->has_onboarded_at && store->onboarded_at <= as_of;
}

static gboolean
in_period (const PdRules *rules,
           gint64         t)
{
  return t >= rules->period_start && t <= rules->period_end;
}

/* target: on the list with the required review status. Absent before
 * the period ends can still change (a newer list); at or after it,
 * it cannot. A pending review has no deadline: the platform decides. */
static void
evaluate_target (const PdRules       *rules,
                 gint64               as_of,
                 const PdSellerInput *seller,
                 PdEntryVerdict      *v)
{
  const PdTargetInput *t = &seller->target;
  gboolean left = t->listed && t->has_left_at && t->left_at <= as_of;
  guint8 reason = left ? R_TARGET_LEFT : R_TARGET_ABSENT;

  if (!t->listed || left)
    {
      if (as_of > rules->period_end)
        set_result (v, PD_CONDITION_TARGET, PD_CONDITION_STATE_FAILED, reason);
      else
        set_unmet (v, PD_CONDITION_TARGET, reason, TRUE, rules->period_end);
      return;
    }

  switch (t->review_status)
    {
    case PD_REVIEW_STATUS_APPROVED:
      set_result (v, PD_CONDITION_TARGET, PD_CONDITION_STATE_MET, R_TARGET_APPROVED);
      break;
    case PD_REVIEW_STATUS_PENDING:
      set_unmet (v, PD_CONDITION_TARGET, R_TARGET_PENDING, FALSE, 0);
      break;
    case PD_REVIEW_STATUS_REJECTED:
    default:
      set_result (v, PD_CONDITION_TARGET, PD_CONDITION_STATE_FAILED, R_TARGET_REJECTED);
      break;
    }
}

/* link: opened through one of our onboarding links, not revoked before
 * the store opened (revoked at the very second it opened still counts:
 * that is not "before"). A store not open as of @as_of opens after it:
 * a link revoked or expired at or before @as_of cannot bring it any
 * more (pd-invitation.h). A revocation or expiry without its time
 * (revoked_undated...) is not held against a store: only dated facts
 * can be compared with its opening. */
static void
evaluate_link (gint64              as_of,
               const PdStoreInput *store,
               PdEntryVerdict     *v)
{
  const PdLinkInput *link = &store->link;
  gboolean open = is_onboarded (store, as_of);

  if (store->via_token == NULL || *store->via_token == '\0')
    set_result (v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED, R_LINK_NONE);
  else if (!link->found)
    set_result (v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED, R_LINK_NOT_OURS);
  else if (link->kind != PD_LINK_KIND_ONBOARDING)
    set_result (v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED, R_LINK_AUTHORIZATION);
  else if (link->has_revoked_at && (open ? link->revoked_at < store->onboarded_at
                                          : link->revoked_at <= as_of))
    set_result (v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED, R_LINK_REVOKED_BEFORE);
  else if (!open && link->has_expires_at && link->expires_at <= as_of)
    set_result (v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED, R_LINK_EXPIRED_BEFORE);
  else if (link->has_revoked_at && link->revoked_at <= as_of)
    set_result (v, PD_CONDITION_LINK, PD_CONDITION_STATE_MET, R_LINK_REVOKED_LATER);
  else
    set_result (v, PD_CONDITION_LINK, PD_CONDITION_STATE_MET, R_LINK_OURS);
}

/* onboarded: inside [period start, period end] in the program's zone. A
 * store (or invited seller) not open as of @as_of can still open until
 * the period ends. */
static void
evaluate_onboarded (const PdRules      *rules,
                    gint64              as_of,
                    const PdStoreInput *store,
                    PdEntryVerdict     *v)
{
  if (!is_onboarded (store, as_of))
    {
      if (as_of > rules->period_end)
        set_result (v, PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_FAILED, R_ONBOARDED_NOT_YET);
      else
        set_unmet (v, PD_CONDITION_ONBOARDED, R_ONBOARDED_NOT_YET, TRUE, rules->period_end);
    }
  else if (store->onboarded_at < rules->period_start)
    set_result (v, PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_FAILED, R_ONBOARDED_BEFORE);
  else if (store->onboarded_at > rules->period_end)
    set_result (v, PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_FAILED, R_ONBOARDED_AFTER);
  else
    set_result (v, PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_MET, R_ONBOARDED_IN_PERIOD);
}

/* Whether the settled GMV is over the threshold; -1 when it cannot be
 * told (no exchange rate for its currency). No sale yet as of @as_of
 * counts as zero. */
static int
sales_over_threshold (const PdRules      *rules,
                      gint64              as_of,
                      const PdStoreInput *store)
{
  PdMoney zero = { 0, "CNY" };
  const PdMoney *gmv = &zero;
  int cmp;

  if (store->has_gmv && !(store->has_first_sale_at && store->first_sale_at > as_of))
    gmv = &store->gmv;

  if (strcmp (gmv->currency, "CNY") != 0 && !store->has_rate)
    return -1;

  cmp = pd_money_compare_cny (gmv, &store->rate, &rules->sales_min_gmv);
  return rules->sales_strictly_greater ? cmp > 0 : cmp >= 0;
}

/* sales: settled GMV in [onboarded_at, onboarded_at + N days) over the
 * threshold; the window may end after the period, the verdict waits.
 * Days are calendar days in the program's zone. */
static void
evaluate_sales (PdRules            *rules,
                gint64              as_of,
                const PdStoreInput *store,
                PdEntryVerdict     *v)
{
  gint64 window_last;
  int over;

  if (!is_onboarded (store, as_of))
    {
      set_unmet (v, PD_CONDITION_SALES, R_SALES_NOT_OPEN, FALSE, 0);
      return;
    }

  over = sales_over_threshold (rules, as_of, store);
  if (over < 0)
    {
      /* Waits for the rate table, whatever the date. */
      set_unmet (v, PD_CONDITION_SALES, R_SALES_NO_RATE, FALSE, 0);
      return;
    }

  window_last = pd_rules_add_days (rules, store->onboarded_at, (int) rules->sales_window_days) - 1;
  if (over)
    set_result (v, PD_CONDITION_SALES, PD_CONDITION_STATE_MET, R_SALES_GMV);
  else if (as_of > window_last)
    set_result (v, PD_CONDITION_SALES, PD_CONDITION_STATE_FAILED, R_SALES_GMV);
  else
    set_unmet (v, PD_CONDITION_SALES, R_SALES_GMV, TRUE, window_last);
  v->results[PD_CONDITION_SALES].deadline = window_last;
}

static guint
count_countries (const PdRules *rules,
                 const char    *list)
{
  guint counted = 0;
  guint seen = 0; /* bit i: rules->inventory_countries[i] already counted */

  for (const char *p = list; p != NULL && *p != '\0';)
    {
      const char *end = strpbrk (p, ";|");
      gsize length = end != NULL ? (gsize) (end - p) : strlen (p);

      if (length == 2)
        for (guint i = 0; i < 32 && rules->inventory_countries[i]; i++)
          if (rules->inventory_countries[i][0] == p[0] &&
              rules->inventory_countries[i][1] == p[1] && !(seen & (1u << i)))
            {
              seen |= 1u << i;
              counted++;
            }
      p = end != NULL ? end + 1 : p + length;
    }
  return counted;
}

/* inventory: at least N of the listed countries, for stores of the
 * markets the rule names; decided when the period ends. */
static void
evaluate_inventory (const PdRules      *rules,
                    gint64              as_of,
                    const PdStoreInput *store,
                    PdEntryVerdict     *v)
{
  if (!pd_rules_inventory_applies (rules, store->market))
    {
      set_result (v, PD_CONDITION_INVENTORY, PD_CONDITION_STATE_NOT_APPLICABLE,
                  R_INVENTORY_NOT_REQUIRED);
      return;
    }

  v->n_countries = count_countries (rules, store->inventory_countries);
  if (v->n_countries >= rules->inventory_min_countries)
    set_result (v, PD_CONDITION_INVENTORY, PD_CONDITION_STATE_MET, R_INVENTORY_COUNTRIES);
  else if (as_of > rules->period_end)
    set_result (v, PD_CONDITION_INVENTORY, PD_CONDITION_STATE_FAILED, R_INVENTORY_COUNTRIES);
  else
    set_unmet (v, PD_CONDITION_INVENTORY, R_INVENTORY_COUNTRIES, TRUE, rules->period_end);
}

/* status: an allowed store status (normal) and not closed as high-risk.
 * ASSUMPTION: a store that is closing will not be normal again, so it
 * fails at once rather than waiting. */
static void
evaluate_status (const PdRules      *rules,
                 const PdStoreInput *store,
                 PdEntryVerdict     *v)
{
  if (store->governance == PD_GOVERNANCE_HIGH_RISK)
    set_result (v, PD_CONDITION_STATUS, PD_CONDITION_STATE_FAILED, R_STATUS_HIGH_RISK);
  else if (rules->status_allowed & (1u << store->status))
    set_result (v, PD_CONDITION_STATUS, PD_CONDITION_STATE_MET, R_STATUS_ALLOWED);
  else
    set_result (v, PD_CONDITION_STATUS, PD_CONDITION_STATE_FAILED, R_STATUS_NOT_ALLOWED);
}

/* Undated stores (NULL onboarded_at) first, as SQLite sorts NULL, then
 * by time, then store_id: the order of the entries in partnerdesk-cli(1). */
static int
compare_listing (const PdStoreInput *a,
                 const PdStoreInput *b)
{
  if (a->has_onboarded_at != b->has_onboarded_at)
    return a->has_onboarded_at ? 1 : -1;
  if (a->has_onboarded_at && a->onboarded_at != b->onboarded_at)
    return a->onboarded_at < b->onboarded_at ? -1 : 1;
  return strcmp (a->store_id, b->store_id);
}

/* The first-store rule's order: the same, but an undated store has not
 * opened yet and so comes after every dated one. */
static int
compare_first (const PdStoreInput *a,
               const PdStoreInput *b)
{
  if (a->has_onboarded_at != b->has_onboarded_at)
    return a->has_onboarded_at ? -1 : 1;
  return compare_listing (a, b);
}

static void
finish (PdRules        *rules,
        gint64          as_of,
        PdEntryVerdict *v)
{
  gboolean failed = FALSE;
  gboolean unmet = FALSE;
  const PdStoreInput *store = v->store;

  for (guint c = 0; c < PD_N_CONDITIONS; c++)
    {
      const PdConditionResult *r = &v->results[c];

      if (!(v->conditions & PD_CONDITION_BIT (c)))
        continue;
      if (r->state == PD_CONDITION_STATE_FAILED)
        failed = TRUE;
      else if (r->state == PD_CONDITION_STATE_UNMET)
        {
          unmet = TRUE;
          if (r->has_deadline && (!v->has_nearest_deadline || r->deadline < v->nearest_deadline))
            {
              v->has_nearest_deadline = TRUE;
              v->nearest_deadline = r->deadline;
            }
        }
    }
  v->verdict = failed ? PD_VERDICT_LOST : unmet ? PD_VERDICT_PENDING : PD_VERDICT_QUALIFIED;

  if (!is_onboarded (store, as_of))
    v->stage = PD_STAGE_INVITED;
  else if (pd_rules_has_condition (rules, PD_CONDITION_SALES) &&
           v->results[PD_CONDITION_SALES].state == PD_CONDITION_STATE_MET)
    v->stage = PD_STAGE_SALES_MET;
  else if ((store->has_first_sale_at && store->first_sale_at <= as_of) ||
           (!store->has_first_sale_at && store->has_gmv && store->gmv.minor > 0))
    v->stage = PD_STAGE_FIRST_SALE;
  else
    v->stage = PD_STAGE_ONBOARDED;

  /* Governance: a high-risk store this partner introduced in the period
   * (opened through our link, inside the period) discounts the quarter,
   * whether or not it would otherwise have qualified. */
  v->high_risk = store != NULL && store->governance == PD_GOVERNANCE_HIGH_RISK &&
                 is_onboarded (store, as_of) && in_period (rules, store->onboarded_at) &&
                 (!pd_rules_has_condition (rules, PD_CONDITION_LINK) ||
                  v->results[PD_CONDITION_LINK].state == PD_CONDITION_STATE_MET);
}

static void
evaluate_store (PdRules             *rules,
                gint64               as_of,
                const PdSellerInput *seller,
                const PdStoreInput  *store,
                const PdStoreInput  *first,
                PdEntryVerdict      *v)
{
  memset (v, 0, sizeof *v);
  v->seller = seller;
  v->store = store;
  v->first_store = first;

  if (pd_rules_has_condition (rules, PD_CONDITION_TARGET))
    evaluate_target (rules, as_of, seller, v);
  if (pd_rules_has_condition (rules, PD_CONDITION_LINK))
    evaluate_link (as_of, store, v);
  if (pd_rules_has_condition (rules, PD_CONDITION_ONBOARDED))
    evaluate_onboarded (rules, as_of, store, v);
  if (pd_rules_has_condition (rules, PD_CONDITION_SALES))
    evaluate_sales (rules, as_of, store, v);
  if (pd_rules_has_condition (rules, PD_CONDITION_INVENTORY))
    evaluate_inventory (rules, as_of, store, v);
  if (pd_rules_has_condition (rules, PD_CONDITION_STATUS))
    evaluate_status (rules, store, v);
  if (pd_rules_has_condition (rules, PD_CONDITION_FIRST_STORE))
    set_result (v, PD_CONDITION_FIRST_STORE,
                store == first ? PD_CONDITION_STATE_MET : PD_CONDITION_STATE_FAILED,
                store == first ? R_FIRST_STORE_YES : R_FIRST_STORE_NO);

  finish (rules, as_of, v);
}

/* An invited seller without a store: only whether it is a target and
 * whether it can still open a store in the period (the fixture's
 * "target" and "onboarded"); the other conditions need a store. It can
 * only while one of our links can still bring the store: once every
 * link was revoked or expired, "onboarded" has failed for good; while
 * the last live link expires before the period ends, its expiry is the
 * deadline. */
static void
evaluate_invited (PdRules             *rules,
                  gint64               as_of,
                  const PdSellerInput *seller,
                  PdEntryVerdict      *v)
{
  PdInvitationState invitation;

  memset (v, 0, sizeof *v);
  v->seller = seller;

  if (pd_rules_has_condition (rules, PD_CONDITION_TARGET))
    evaluate_target (rules, as_of, seller, v);
  evaluate_onboarded (rules, as_of, NULL, v);

  pd_invitation_evaluate (seller, as_of, &invitation);
  if (v->results[PD_CONDITION_ONBOARDED].state == PD_CONDITION_STATE_UNMET)
    {
      if (!invitation.live)
        set_result (v, PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_FAILED, R_ONBOARDED_NO_LINK);
      else if (invitation.has_deadline && invitation.deadline < rules->period_end)
        set_unmet (v, PD_CONDITION_ONBOARDED, R_ONBOARDED_LINK_EXPIRES, TRUE, invitation.deadline);
    }

  finish (rules, as_of, v);
}

guint
pd_engine_evaluate_seller (PdRules             *rules,
                           gint64               as_of,
                           const PdSellerInput *seller,
                           PdEntryVerdict      *out)
{
  const PdStoreInput *first = NULL;
  const PdStoreInput *stack_order[16];
  g_autofree const PdStoreInput **heap_order = NULL;
  const PdStoreInput **order = stack_order;
  guint n = 0;

  g_return_val_if_fail (rules != NULL && rules->kind == PD_PROGRAM_KIND_RECRUITMENT, 0);
  g_return_val_if_fail (seller != NULL && out != NULL, 0);

  if (seller->n_stores > G_N_ELEMENTS (stack_order))
    order = heap_order = g_new (const PdStoreInput *, seller->n_stores);

  /* The seller's stores in the program's markets, in listing order
   * (insertion sort: a seller has a handful of stores). */
  for (guint i = 0; i < seller->n_stores; i++)
    {
      const PdStoreInput *store = &seller->stores[i];
      guint j;

      if (!pd_rules_covers_market (rules, store->market))
        continue;
      for (j = n; j > 0 && compare_listing (order[j - 1], store) > 0; j--)
        order[j] = order[j - 1];
      order[j] = store;
      n++;

      if (first == NULL || compare_first (store, first) < 0)
        first = store;
    }

  if (n == 0)
    {
      if (!seller->invited)
        return 0;
      evaluate_invited (rules, as_of, seller, &out[0]);
      return 1;
    }

  for (guint i = 0; i < n; i++)
    evaluate_store (rules, as_of, seller, order[i], first, &out[i]);

  return n;
}

gint64
pd_engine_days_left (PdRules *rules,
                     gint64   as_of,
                     gint64   deadline)
{
  return pd_rules_local_day (rules, deadline) - pd_rules_local_day (rules, as_of);
}

/* Seller benefit ------------------------------------------------------------ */

gboolean
pd_engine_evaluate_benefit (PdRules             *rules,
                            gint64               as_of,
                            const PdSellerInput *seller,
                            PdBenefitVerdict    *out)
{
  const PdStoreInput *first = NULL;

  g_return_val_if_fail (rules != NULL && seller != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->seller = seller;

  for (guint i = 0; i < seller->n_stores; i++)
    {
      const PdStoreInput *store = &seller->stores[i];

      if (pd_rules_covers_market (rules, store->market) &&
          (first == NULL || compare_first (store, first) < 0))
        first = store;
    }

  if (first == NULL && !seller->invited &&
      !(seller->target.listed && !(seller->target.has_left_at && seller->target.left_at <= as_of)))
    return FALSE;

  if (first == NULL || !is_onboarded (first, as_of))
    {
      out->store = first;
      out->state = PD_BENEFIT_NOT_JOINED;
      return TRUE;
    }

  out->store = first;
  out->joined_at = first->onboarded_at;
  out->ends_at = pd_rules_add_days (rules, first->onboarded_at, (int) rules->benefit_days) - 1;
  if (!in_period (rules, first->onboarded_at))
    out->state = PD_BENEFIT_NOT_ELIGIBLE;
  else if (as_of > out->ends_at)
    out->state = PD_BENEFIT_ENDED;
  else
    {
      out->state = PD_BENEFIT_ACTIVE;
      out->days_left = pd_engine_days_left (rules, as_of, out->ends_at);
    }
  return TRUE;
}
