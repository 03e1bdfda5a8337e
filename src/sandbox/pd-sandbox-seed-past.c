/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-seed"

#include "config.h"

#include <stdio.h>

#include "pd-money.h"
#include "pd-sandbox-names.h"
#include "pd-sandbox-seed-private.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-util.h"

/* The demo's past quarter: the template recruitment program's own
 * (2026-01-01 to 2026-03-31), so that the Overview can show a quarter
 * the platform has paid, and its reconciliation adds up.
 *
 * A small history placed at fixed days of that period (the same
 * whenever the demo is seeded after it): approved targets of the
 * program, all but one invited through one of our onboarding links
 * created in the period, their stores opened through it, a first sale a
 * few days later and the settled GMV of the 30-day window. Nine qualify; five
 * fail one condition each. The payout records follow from the table:
 * the platform paid the reward for every qualified merchant but one,
 * whose reward it withheld after verification (a governance warning on
 * that store), and names that merchant. No store is high-risk: the
 * quarter is paid in full. */

#define DAY PD_SANDBOX_SEED_DAY

typedef enum
{
  PAST_VIA_OUR_LINK,
  PAST_VIA_NONE,        /* opened without any link */
  PAST_VIA_DUPLICATE,   /* a later store of the first seller, through a second link */
} PastVia;

static const struct
{
  const char *stage;
  const char *market;
  PastVia     via;
  int         day;        /* of the period, 0 = its first; a link is created 2 to 10 days before */
  int         gmv_yuan;   /* settled in the 30 days after opening, CNY */
  guint       countries;  /* counted by the inventory rule (EU) */
  gboolean    withheld;   /* the platform withheld its reward */
} past_stores[] = {
  { "qualified", "EU", PAST_VIA_OUR_LINK, 14, 4200, 5, FALSE },
  { "qualified", "JP", PAST_VIA_OUR_LINK, 19, 2300, 0, FALSE },
  { "qualified", "EU", PAST_VIA_OUR_LINK, 23, 2650, 4, FALSE },
  { "qualified", "EU", PAST_VIA_OUR_LINK, 31, 7900, 6, FALSE },
  { "qualified", "EU", PAST_VIA_OUR_LINK, 44, 1880, 4, TRUE },
  { "qualified", "JP", PAST_VIA_OUR_LINK, 47, 5400, 0, FALSE },
  { "qualified", "EU", PAST_VIA_OUR_LINK, 58, 3120, 5, FALSE },
  { "qualified", "JP", PAST_VIA_OUR_LINK, 66, 1730, 0, FALSE },
  { "qualified", "EU", PAST_VIA_OUR_LINK, 71, 1460, 4, FALSE },
  { "lost_inventory", "EU", PAST_VIA_OUR_LINK, 28, 3300, 3, FALSE },
  { "lost_sales", "EU", PAST_VIA_OUR_LINK, 37, 640, 5, FALSE },
  { "lost_link_none", "EU", PAST_VIA_NONE, 40, 2900, 4, FALSE },
  { "lost_sales_exactly_threshold", "JP", PAST_VIA_OUR_LINK, 52, 1000, 0, FALSE },
  { "lost_duplicate", "EU", PAST_VIA_DUPLICATE, 62, 2100, 4, FALSE },
};

#define WITHHELD_REASON \
  "Brand authorisation not verified for 12 listings; reward withheld after the platform's review"

/* The platform pays 78 days after the quarter, at 10:00. */
#define PAYOUT_DELAY (78 * DAY + 10 * 3600)

/* "2026-03-31" at @seconds into that day, platform time; 0 when not a date. */
static gint64
day_time (const char *date,
          gint64      seconds)
{
  g_autoptr(GDateTime) midnight = NULL;
  int year, month, day;
  char end;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3)
    return 0;
  midnight = g_date_time_new (pd_sandbox_platform_zone (), year, month, day, 0, 0, 0);
  return midnight != NULL ? g_date_time_to_unix (midnight) + seconds : 0;
}

static const char *
past_currency (guint i,
               const char *market)
{
  if (g_str_equal (past_stores[i].stage, "lost_sales_exactly_threshold"))
    return "CNY";
  if (g_str_equal (market, "JP"))
    return "JPY";
  return i % 4 == 2 ? "GBP" : "EUR";
}

static gboolean
put_past_target (PdSandboxSeed  *seed,
                 const char     *market,
                 char          **seller_id_out,
                 GError        **error)
{
  g_auto(PdSandboxMerchant) merchant = { 0 };
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *id = NULL;

  pd_sandbox_merchant_generate (seed->rand, &merchant);
  g_free (merchant.seller_id);
  merchant.seller_id = pd_sandbox_seed_seller_id (seed);
  data = pd_sandbox_seed_target_data (&merchant, market, "approved", PD_SANDBOX_RECRUITMENT_TEMPLATE);
  id = pd_sandbox_seed_target_id (PD_SANDBOX_RECRUITMENT_TEMPLATE, merchant.seller_id);
  if (!pd_sandbox_seed_put (seed, "target_merchant", id, data, error))
    return FALSE;
  *seller_id_out = g_steal_pointer (&merchant.seller_id);
  return TRUE;
}

/* One store of the table: its seller on the list (a new one, or the
 * first store's for a duplicate), its link and its report. */
static gboolean
put_past_store (PdSandboxSeed  *seed,
                guint           i,
                gint64          period_start,
                const char     *first_seller,
                char          **seller_id_out,
                char          **store_id_out,
                GError        **error)
{
  const char *market = past_stores[i].market;
  const char *currency = past_currency (i, market);
  g_autofree char *seller_id = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *via = NULL;
  g_autofree char *first_sale = NULL;
  g_autofree char *gmv = NULL;
  g_autoptr(JsonObject) store = NULL;
  gint64 onboarded_at = period_start + past_stores[i].day * DAY +
                        g_rand_int_range (seed->rand, 9 * 3600, 20 * 3600);
  gint64 fen = (gint64) past_stores[i].gmv_yuan * 100;

  if (past_stores[i].via == PAST_VIA_DUPLICATE && first_seller != NULL)
    seller_id = g_strdup (first_seller);
  else if (!put_past_target (seed, market, &seller_id, error))
    return FALSE;
  /* 7496…: after the current quarter's stores (7495…) in id order, so
   * that what takes the demo's first store by id (tests, scripts) takes
   * the same one with or without this quarter. */
  store_id = g_strdup_printf ("7496%012u", (guint) g_rand_int_range (seed->rand, 0, G_MAXINT32));

  if (past_stores[i].via == PAST_VIA_NONE)
    via = g_strdup ("");
  else
    {
      g_autofree char *token = pd_sandbox_names_token (seed->rand);

      if (!pd_sandbox_seed_put_link (seed, token, market, seller_id, PD_SANDBOX_RECRUITMENT_TEMPLATE, "used",
                                     onboarded_at - g_rand_int_range (seed->rand, 2, 11) * DAY,
                                     onboarded_at, 0, 0, error))
        return FALSE;
      via = pd_sandbox_onboarding_url (json_object_get_string_member (seed->base_urls, market), token);
    }

  /* Exactly the threshold stays exact; the others have some fen. */
  if (!g_str_equal (past_stores[i].stage, "lost_sales_exactly_threshold"))
    fen += g_rand_int_range (seed->rand, 0, 100);
  store = pd_sandbox_seed_store_data (store_id, seller_id, market, onboarded_at, via, currency,
                                      pd_sandbox_seed_countries (seed, market, past_stores[i].countries),
                                      "normal", past_stores[i].withheld ? "warning" : "none",
                                      past_stores[i].withheld ? WITHHELD_REASON : NULL);
  json_object_set_string_member (store, "program_id", PD_SANDBOX_RECRUITMENT_TEMPLATE);
  first_sale = pd_sandbox_format_time (onboarded_at + (1 + (gint64) (i % 3)) * DAY);
  json_object_set_string_member (store, "first_sale_at", first_sale);
  gmv = pd_sandbox_seed_amount_from_cny (fen, currency);
  json_object_set_string_member (store, "settled_gmv_30d", gmv);
  if (!pd_sandbox_seed_put (seed, "store", store_id, store, error))
    return FALSE;

  *seller_id_out = g_steal_pointer (&seller_id);
  *store_id_out = g_steal_pointer (&store_id);
  return TRUE;
}

static gboolean
put_payout (PdSandboxSeed  *seed,
            const char     *id,
            const PdMoney  *amount,
            const char     *status,
            gint64          paid_at,
            const char     *seller_id,
            const char     *store_id,
            GError        **error)
{
  g_autoptr(JsonObject) payout = json_object_new ();
  g_autofree char *amount_text = pd_money_format_amount (amount);
  g_autofree char *paid = pd_sandbox_format_time (paid_at);

  json_object_set_string_member (payout, "id", id);
  json_object_set_string_member (payout, "program_id", PD_SANDBOX_RECRUITMENT_TEMPLATE);
  json_object_set_string_member (payout, "quarter", "2026Q1");
  json_object_set_string_member (payout, "amount", amount_text);
  json_object_set_string_member (payout, "currency", amount->currency);
  json_object_set_string_member (payout, "status", status);
  json_object_set_string_member (payout, "paid_at", paid);
  /* Beyond the contract's columns, as the platform may: whom it withheld. */
  if (seller_id != NULL)
    {
      json_object_set_string_member (payout, "seller_id", seller_id);
      json_object_set_string_member (payout, "store_id", store_id);
      json_object_set_string_member (payout, "reason", WITHHELD_REASON);
    }
  return pd_sandbox_seed_put (seed, "payout", id, payout, error);
}

gboolean
pd_sandbox_seed_past_quarter (PdSandboxSeed  *seed,
                              GError        **error)
{
  g_autoptr(JsonObject) program = NULL;
  g_autofree char *first_seller = NULL;
  g_autofree char *withheld_seller = NULL;
  g_autofree char *withheld_store = NULL;
  JsonObject *period, *reward_object;
  PdMoney reward, paid, withheld;
  gint64 start, end;
  guint qualified = 0;

  program = pd_sandbox_db_get_object (seed->db, "program", PD_SANDBOX_RECRUITMENT_TEMPLATE, NULL, error);
  if (program == NULL)
    return error == NULL || *error == NULL;
  period = json_object_get_object_member (program, "period");
  reward_object = json_object_get_object_member (program, "reward");
  start = day_time (json_object_get_string_member (period, "start"), 0);
  end = day_time (json_object_get_string_member (period, "end"), DAY);
  /* While the quarter runs (it is then the demo's current one) or before. */
  if (start == 0 || end == 0 || seed->now < end)
    return TRUE;
  if (!pd_money_parse (json_object_get_string_member (reward_object, "amount"),
                       json_object_get_string_member (reward_object, "currency"),
                       PD_MONEY_PARSE_DEFAULT, &reward, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (past_stores); i++)
    {
      g_autofree char *seller_id = NULL;
      g_autofree char *store_id = NULL;

      if (!put_past_store (seed, i, start, first_seller, &seller_id, &store_id, error))
        return FALSE;
      if (first_seller == NULL)
        first_seller = g_strdup (seller_id);
      if (!g_str_equal (past_stores[i].stage, "qualified"))
        continue;
      qualified++;
      if (past_stores[i].withheld && withheld_store == NULL)
        {
          withheld_seller = g_steal_pointer (&seller_id);
          withheld_store = g_steal_pointer (&store_id);
        }
    }

  /* Paid once the platform has paid: the reward for every qualified
   * merchant but the withheld one. */
  if (seed->now < end + PAYOUT_DELAY)
    return TRUE;
  paid = reward;
  paid.minor = reward.minor * (qualified - (withheld_store != NULL ? 1 : 0));
  withheld = reward;
  return put_payout (seed, "PO-2026Q1-EUJP-01", &paid, "paid", end + PAYOUT_DELAY, NULL, NULL, error) &&
         (withheld_store == NULL ||
          put_payout (seed, "PO-2026Q1-EUJP-02", &withheld, "withheld", end + PAYOUT_DELAY,
                      withheld_seller, withheld_store, error));
}
