/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-engine"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "pd-engine.h"
#include "pd-program.h"
#include "pd-rules.h"
#include "pd-timestamp.h"

/* The incentive engine, condition by condition, at every boundary the
 * issue lists. The program is the Q1 2026 EU & JP one (incentives.md),
 * written here so that a test can change one rule at a time. */

static const char program_json[] =
  "{"
  "  \"id\": \"eu-jp-pop-partner-2026q1\","
  "  \"name\": \"Europe & Japan Cross-Border POP Ecosystem Partner, Q1 2026\","
  "  \"kind\": \"recruitment\","
  "  \"markets\": [\"EU\", \"JP\"],"
  "  \"timezone\": \"Asia/Shanghai\","
  "  \"period\": { \"start\": \"2026-01-01\", \"end\": \"2026-03-31\" },"
  "  \"reward\": { \"amount\": \"2000.00\", \"currency\": \"CNY\" },"
  "  \"conditions\": {"
  "    \"target\": { \"review_status\": \"approved\" },"
  "    \"link\": { \"required\": true },"
  "    \"onboarded\": { \"within_period\": true },"
  "    \"sales\": { \"window_days\": 30, \"min_settled_gmv\": { \"amount\": \"1000.00\", \"currency\": \"CNY\" }, \"strictly_greater\": %s },"
  "    \"inventory\": { \"markets\": [\"EU\"], \"countries\": [\"GB\", \"DE\", \"FR\", \"IT\", \"ES\", \"IE\"], \"min_countries\": 4 },"
  "    \"status\": { \"allowed\": [\"normal\"] },"
  "    \"first_store\": { \"group_by\": \"seller_id\" }"
  "  },"
  "  \"governance\": { \"high_risk_paid_fraction\": \"0.5\" },"
  "  \"assumptions\": [\"Period boundaries are evaluated in platform time (Asia/Shanghai).\"]"
  "}";

static PdRules *
make_rules_full (gboolean strictly_greater)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (program_json, strictly_greater ? "true" : "false");
  g_autoptr(PdProgram) program = pd_program_new_from_data (json, -1, "test", &error);
  PdRules *rules;

  g_assert_no_error (error);
  rules = pd_rules_new (program, &error);
  g_assert_no_error (error);
  return rules;
}

static PdRules *
make_rules (void)
{
  return make_rules_full (TRUE);
}

static gint64
t (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  g_assert_true (pd_timestamp_parse (text, NULL, &value, &error));
  g_assert_no_error (error);
  return value;
}

/* A store that meets everything: EU, opened through our link on
 * 2026-02-01, GMV CNY 1,500.00, four countries, normal. */
static PdStoreInput
good_store (const char *store_id)
{
  PdStoreInput s = { 0 };

  s.store_id = store_id;
  s.market = "EU";
  s.has_onboarded_at = TRUE;
  s.onboarded_at = t ("2026-02-01T10:00:00+08:00");
  s.via_token = "TOKEN";
  s.link.found = TRUE;
  s.link.kind = PD_LINK_KIND_ONBOARDING;
  s.link.created_at = t ("2026-01-20T10:00:00+08:00");
  s.has_first_sale_at = TRUE;
  s.first_sale_at = t ("2026-02-02T10:00:00+08:00");
  s.has_gmv = TRUE;
  s.gmv.minor = 150000;
  memcpy (s.gmv.currency, "CNY", 4);
  s.inventory_countries = "DE;FR;IT;ES";
  s.status = PD_STORE_STATUS_NORMAL;
  s.governance = PD_GOVERNANCE_NONE;
  return s;
}

static PdSellerInput
seller_with (const PdStoreInput *stores,
             guint               n_stores)
{
  PdSellerInput seller = { 0 };

  seller.seller_id = "7000000000000001";
  seller.market = "EU";
  seller.target.listed = TRUE;
  seller.target.review_status = PD_REVIEW_STATUS_APPROVED;
  seller.invited = TRUE;
  seller.stores = stores;
  seller.n_stores = n_stores;
  return seller;
}

/* The single entry of a one-store seller. */
static PdEntryVerdict
evaluate_one (PdRules            *rules,
              const PdStoreInput *store,
              gint64              as_of)
{
  PdSellerInput seller = seller_with (store, 1);
  PdEntryVerdict out[1];

  g_assert_cmpuint (pd_engine_evaluate_seller (rules, as_of, &seller, out), ==, 1);
  return out[0];
}

static gint64 AFTER_EVERYTHING;  /* 2026-06-30: every window is over */

static void
assert_state (const PdEntryVerdict *v,
              PdCondition           condition,
              PdConditionState      state)
{
  g_assert_true (v->conditions & PD_CONDITION_BIT (condition));
  if (v->results[condition].state != state)
    g_error ("condition %s is %s, expected %s", pd_condition_to_string (condition),
             pd_condition_state_to_string (v->results[condition].state),
             pd_condition_state_to_string (state));
}

static char *
detail (PdRules              *rules,
        gint64                as_of,
        const PdEntryVerdict *v,
        PdCondition           condition)
{
  return pd_engine_dup_detail (rules, as_of, v, condition);
}

/* ------------------------------------------------------------------------ */

static void
test_rules_from_file (void)
{
  g_autoptr(GError) error = NULL;
  const char *dir = g_getenv ("PARTNERDESK_PROGRAMS_DIR");
  g_autofree char *path = NULL;
  g_autoptr(PdProgram) program = NULL;
  g_autoptr(PdRules) rules = NULL;

  if (dir == NULL)
    {
      g_test_skip ("PARTNERDESK_PROGRAMS_DIR is not set");
      return;
    }
  path = g_build_filename (dir, "eu-jp-pop-partner-2026q1.json", NULL);
  program = pd_program_new_from_file (path, &error);
  g_assert_no_error (error);
  rules = pd_rules_new (program, &error);
  g_assert_no_error (error);

  g_assert_cmpint (rules->period_start, ==, t ("2026-01-01T00:00:00+08:00"));
  g_assert_cmpint (rules->period_end, ==, t ("2026-03-31T23:59:59+08:00"));
  g_assert_cmpint (rules->reward.minor, ==, 200000);
  g_assert_cmpstr (rules->reward.currency, ==, "CNY");
  g_assert_cmpint (rules->sales_min_gmv.minor, ==, 100000);
  g_assert_cmpuint (rules->sales_window_days, ==, 30);
  g_assert_true (rules->sales_strictly_greater);
  g_assert_cmpuint (rules->inventory_min_countries, ==, 4);
  g_assert_cmpint (rules->high_risk_paid_fraction.numerator * 10, ==,
                   rules->high_risk_paid_fraction.denominator * 5);
  g_assert_cmpuint (rules->conditions, ==, (1u << PD_N_CONDITIONS) - 1);
  g_assert_cmpuint (g_strv_length (rules->assumptions), ==, 4);

  g_clear_pointer (&path, g_free);
  g_clear_object (&program);
  g_clear_pointer (&rules, pd_rules_unref);
  path = g_build_filename (dir, "us-top-2026q1.json", NULL);
  program = pd_program_new_from_file (path, &error);
  g_assert_no_error (error);
  rules = pd_rules_new (program, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rules->kind, ==, PD_PROGRAM_KIND_SELLER_BENEFIT);
  g_assert_cmpuint (rules->benefit_days, ==, 60);
  /* 2026-01-27 in Los Angeles (PST, -08:00). */
  g_assert_cmpint (rules->period_start, ==, t ("2026-01-27T08:00:00Z"));
}

static void
test_rules_refuse_unknown_condition (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (program_json, "true");
  g_autoptr(GString) text = g_string_new (json);
  g_autoptr(PdProgram) program = NULL;
  g_autoptr(PdRules) rules = NULL;

  g_string_replace (text, "\"first_store\": {", "\"brand_new\": {}, \"first_store\": {", 1);
  program = pd_program_new_from_data (text->str, -1, "test", &error);
  if (program == NULL)
    {
      /* pd-program.c validates the file itself: refused earlier, fine. */
      g_assert_nonnull (strstr (error->message, "brand_new"));
      return;
    }
  rules = pd_rules_new (program, &error);
  g_assert_null (rules);
  g_assert_error (error, PD_RULES_ERROR, PD_RULES_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "brand_new"));
}

/* A program file may name its markets and countries in Chinese: the
 * rules hold the codes. */
static void
test_rules_chinese_markets (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (program_json, "true");
  g_autoptr(GString) text = g_string_new (json);
  g_autoptr(PdProgram) program = NULL;
  g_autoptr(PdRules) rules = NULL;
  const char * const *markets;

  g_string_replace (text, "\"markets\": [\"EU\", \"JP\"]", "\"markets\": [\"欧洲\", \"日本\"]", 1);
  g_string_replace (text, "\"markets\": [\"EU\"]", "\"markets\": [\"欧洲\"]", 1);
  g_string_replace (text, "[\"GB\", \"DE\", \"FR\"", "[\"英国\", \"德国\", \"法国\"", 1);
  program = pd_program_new_from_data (text->str, -1, "test", &error);
  g_assert_no_error (error);
  markets = pd_program_get_markets (program);
  g_assert_cmpstr (markets[0], ==, "EU");
  g_assert_cmpstr (markets[1], ==, "JP");
  rules = pd_rules_new (program, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rules->inventory_markets[0], ==, "EU");
  g_assert_cmpstr (rules->inventory_countries[0], ==, "GB");
  g_assert_cmpstr (rules->inventory_countries[2], ==, "FR");
}

static void
test_qualified (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-1");
  PdEntryVerdict v = evaluate_one (rules, &store, AFTER_EVERYTHING);

  g_assert_cmpint (v.verdict, ==, PD_VERDICT_QUALIFIED);
  for (guint c = 0; c < PD_N_CONDITIONS; c++)
    assert_state (&v, c, PD_CONDITION_STATE_MET);
  g_assert_cmpint (v.stage, ==, PD_STAGE_SALES_MET);
  g_assert_false (v.has_nearest_deadline);
  g_assert_false (v.high_risk);
}

/* onboarded: the second before, at and after the period's first and
 * last seconds, each written in an offset other than the program's. */
static void
test_onboarded_period_boundaries (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  struct { const char *onboarded_at; PdConditionState state; } cases[] = {
    { "2025-12-31T16:59:59+01:00", PD_CONDITION_STATE_FAILED },  /* 2025-12-31T23:59:59+08:00 */
    { "2025-12-31T17:00:00+01:00", PD_CONDITION_STATE_MET },     /* 2026-01-01T00:00:00+08:00 */
    { "2025-12-31T11:00:01-05:00", PD_CONDITION_STATE_MET },     /* 2026-01-01T00:00:01+08:00 */
    { "2026-03-31T15:59:58Z", PD_CONDITION_STATE_MET },          /* 2026-03-31T23:59:58+08:00 */
    { "2026-03-31T17:59:59+02:00", PD_CONDITION_STATE_MET },     /* 2026-03-31T23:59:59+08:00 */
    { "2026-03-31T16:00:00Z", PD_CONDITION_STATE_FAILED },       /* 2026-04-01T00:00:00+08:00 */
    { "2026-03-31T12:00:00-04:00", PD_CONDITION_STATE_FAILED },  /* 2026-04-01T00:00:00+08:00 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PdStoreInput store = good_store ("S-1");
      PdEntryVerdict v;

      store.onboarded_at = t (cases[i].onboarded_at);
      store.first_sale_at = store.onboarded_at + 3600;
      v = evaluate_one (rules, &store, AFTER_EVERYTHING);
      g_test_message ("onboarded at %s", cases[i].onboarded_at);
      assert_state (&v, PD_CONDITION_ONBOARDED, cases[i].state);
      g_assert_cmpint (v.verdict, ==, cases[i].state == PD_CONDITION_STATE_MET ?
                                      PD_VERDICT_QUALIFIED : PD_VERDICT_LOST);
    }

  /* The details name the local dates. */
  {
    PdStoreInput store = good_store ("S-1");
    PdEntryVerdict v;
    g_autofree char *text = NULL;

    store.onboarded_at = t ("2026-03-31T16:00:00Z");
    v = evaluate_one (rules, &store, AFTER_EVERYTHING);
    text = detail (rules, AFTER_EVERYTHING, &v, PD_CONDITION_ONBOARDED);
    g_assert_cmpstr (text, ==, "onboarded on 2026-04-01, after the period ended on 2026-03-31");
  }
}

/* A store not open yet (or an invited seller) can open until the last
 * second of the period, written in another offset. */
static void
test_onboarded_deadline (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-1");
  PdSellerInput seller = seller_with (NULL, 0);
  PdEntryVerdict v[1];
  g_autofree char *text = NULL;

  store.has_onboarded_at = FALSE;
  v[0] = evaluate_one (rules, &store, t ("2026-03-31T17:59:59+02:00"));
  assert_state (&v[0], PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_UNMET);
  g_assert_cmpint (v[0].results[PD_CONDITION_ONBOARDED].deadline, ==, t ("2026-03-31T23:59:59+08:00"));
  g_assert_cmpint (v[0].verdict, ==, PD_VERDICT_PENDING);
  g_assert_cmpint (v[0].stage, ==, PD_STAGE_INVITED);
  v[0] = evaluate_one (rules, &store, t ("2026-03-31T18:00:00+02:00"));
  assert_state (&v[0], PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_FAILED);
  g_assert_cmpint (v[0].verdict, ==, PD_VERDICT_LOST);

  /* Invited, no store: only target and onboarded. */
  g_assert_cmpuint (pd_engine_evaluate_seller (rules, t ("2026-03-29T12:00:00+08:00"), &seller, v), ==, 1);
  g_assert_null (v[0].store);
  g_assert_cmpuint (v[0].conditions, ==, PD_CONDITION_BIT (PD_CONDITION_TARGET) |
                                         PD_CONDITION_BIT (PD_CONDITION_ONBOARDED));
  g_assert_cmpint (v[0].verdict, ==, PD_VERDICT_PENDING);
  g_assert_true (v[0].has_nearest_deadline);
  g_assert_cmpint (v[0].nearest_deadline, ==, t ("2026-03-31T15:59:59Z"));
  text = detail (rules, t ("2026-03-29T12:00:00+08:00"), &v[0], PD_CONDITION_ONBOARDED);
  g_assert_cmpstr (text, ==, "not onboarded yet, 2 days left");
  g_clear_pointer (&text, g_free);

  g_assert_cmpuint (pd_engine_evaluate_seller (rules, t ("2026-04-01T00:00:00+08:00"), &seller, v), ==, 1);
  g_assert_cmpint (v[0].verdict, ==, PD_VERDICT_LOST);
  assert_state (&v[0], PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_FAILED);

  /* Neither invited nor with a store: no entry. */
  seller.invited = FALSE;
  g_assert_cmpuint (pd_engine_evaluate_seller (rules, AFTER_EVERYTHING, &seller, v), ==, 0);
}

/* sales: GMV at the threshold and one minor unit either side, in CNY,
 * EUR (at 8, so that EUR 125.00 is exactly CNY 1,000.00) and JPY (at
 * 0.05 and at the fixture's 0.048). */
static void
test_sales_threshold (void)
{
  g_autoptr(PdRules) strict = make_rules_full (TRUE);
  g_autoptr(PdRules) inclusive = make_rules_full (FALSE);
  struct { const char *currency; gint64 rate_micros; gint64 minor; gboolean over; gboolean at; } cases[] = {
    { "CNY", 0, 99999, FALSE, FALSE },
    { "CNY", 0, 100000, FALSE, TRUE },
    { "CNY", 0, 100001, TRUE, TRUE },
    { "EUR", 8000000, 12499, FALSE, FALSE },
    { "EUR", 8000000, 12500, FALSE, TRUE },
    { "EUR", 8000000, 12501, TRUE, TRUE },
    { "JPY", 50000, 19999, FALSE, FALSE },
    { "JPY", 50000, 20000, FALSE, TRUE },
    { "JPY", 50000, 20001, TRUE, TRUE },
    { "JPY", 48000, 20833, FALSE, FALSE },  /* CNY 999.984 */
    { "JPY", 48000, 20834, TRUE, TRUE },    /* CNY 1,000.032 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PdStoreInput store = good_store ("S-1");
      PdEntryVerdict v;

      memcpy (store.gmv.currency, cases[i].currency, 4);
      store.gmv.minor = cases[i].minor;
      store.has_rate = cases[i].rate_micros > 0;
      store.rate.micros = cases[i].rate_micros;
      if (g_str_equal (cases[i].currency, "JPY"))
        {
          store.market = "JP";
          store.inventory_countries = NULL;
        }
      g_test_message ("%s %" G_GINT64_FORMAT " at %" G_GINT64_FORMAT,
                      cases[i].currency, cases[i].minor, cases[i].rate_micros);

      v = evaluate_one (strict, &store, AFTER_EVERYTHING);
      assert_state (&v, PD_CONDITION_SALES, cases[i].over ? PD_CONDITION_STATE_MET : PD_CONDITION_STATE_FAILED);
      v = evaluate_one (inclusive, &store, AFTER_EVERYTHING);
      assert_state (&v, PD_CONDITION_SALES, cases[i].at ? PD_CONDITION_STATE_MET : PD_CONDITION_STATE_FAILED);
    }
}

/* The 30-day window [onboarded_at, onboarded_at + 30 days): its last
 * second still waits, the next one fails. */
static void
test_sales_window (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-1");
  gint64 last = t ("2026-03-03T10:00:00+08:00") - 1;   /* 2026-02-01 10:00 + 30 days */
  g_autofree char *text = NULL;
  PdEntryVerdict v;

  store.gmv.minor = 64000;
  v = evaluate_one (rules, &store, last);
  assert_state (&v, PD_CONDITION_SALES, PD_CONDITION_STATE_UNMET);
  g_assert_cmpint (v.results[PD_CONDITION_SALES].deadline, ==, last);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);
  g_assert_cmpint (v.stage, ==, PD_STAGE_FIRST_SALE);

  v = evaluate_one (rules, &store, last + 1);
  assert_state (&v, PD_CONDITION_SALES, PD_CONDITION_STATE_FAILED);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_LOST);

  /* The issue's own example: CNY 640.00, 9 days left. */
  v = evaluate_one (rules, &store, t ("2026-02-22T09:00:00+08:00"));
  text = detail (rules, t ("2026-02-22T09:00:00+08:00"), &v, PD_CONDITION_SALES);
  g_assert_cmpstr (text, ==, "GMV CNY 640.00 of 1,000.00, 9 days left");
  g_clear_pointer (&text, g_free);

  /* Met before the window closes: met at once, window or not. */
  store.gmv.minor = 100001;
  v = evaluate_one (rules, &store, t ("2026-02-05T00:00:00+08:00"));
  assert_state (&v, PD_CONDITION_SALES, PD_CONDITION_STATE_MET);

  /* A window that ends after the period: the verdict waits for it. */
  store.onboarded_at = t ("2026-03-31T20:00:00+08:00");
  store.first_sale_at = store.onboarded_at + 60;
  store.gmv.minor = 50000;
  v = evaluate_one (rules, &store, t ("2026-04-15T00:00:00+08:00"));
  assert_state (&v, PD_CONDITION_SALES, PD_CONDITION_STATE_UNMET);
  g_assert_cmpint (v.results[PD_CONDITION_SALES].deadline, ==, t ("2026-04-30T19:59:59+08:00"));
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);

  /* EUR shows converted, with the original. */
  memcpy (store.gmv.currency, "EUR", 4);
  store.gmv.minor = 10000;
  store.has_rate = TRUE;
  store.rate.micros = 7800000;
  v = evaluate_one (rules, &store, t ("2026-04-05T12:00:00+08:00"));
  text = detail (rules, t ("2026-04-05T12:00:00+08:00"), &v, PD_CONDITION_SALES);
  g_assert_cmpstr (text, ==, "GMV CNY 780.00 (EUR 100.00) of 1,000.00, 25 days left");
}

/* No rate for the GMV's currency: the condition waits, whatever the date. */
static void
test_sales_without_rate (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-1");
  PdEntryVerdict v;

  memcpy (store.gmv.currency, "GBP", 4);
  store.has_rate = FALSE;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_SALES, PD_CONDITION_STATE_UNMET);
  g_assert_false (v.results[PD_CONDITION_SALES].has_deadline);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);
}

/* A first sale after as_of: as of then, nothing was sold. */
static void
test_sales_as_of_before_first_sale (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-1");
  PdEntryVerdict v;

  v = evaluate_one (rules, &store, store.first_sale_at - 1);
  assert_state (&v, PD_CONDITION_SALES, PD_CONDITION_STATE_UNMET);
  g_assert_cmpint (v.stage, ==, PD_STAGE_ONBOARDED);
  v = evaluate_one (rules, &store, store.first_sale_at);
  assert_state (&v, PD_CONDITION_SALES, PD_CONDITION_STATE_MET);
}

/* inventory: 3 vs 4 of the listed countries, decided at the period's end. */
static void
test_inventory (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  gint64 end = t ("2026-03-31T23:59:59+08:00");
  struct { const char *countries; guint counted; } cases[] = {
    { "DE;FR;IT", 3 },
    { "DE;FR;IT;ES", 4 },
    { "DE|FR|IT|ES|IE", 5 },
    { "DE;FR;IT;PL;NL", 3 },       /* PL and NL are not on the list */
    { "DE;DE;FR;IT", 3 },           /* a country counts once */
    { "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PdStoreInput store = good_store ("S-1");
      gboolean enough = cases[i].counted >= 4;
      PdEntryVerdict v;

      store.inventory_countries = cases[i].countries;
      v = evaluate_one (rules, &store, end);
      g_assert_cmpuint (v.n_countries, ==, cases[i].counted);
      assert_state (&v, PD_CONDITION_INVENTORY, enough ? PD_CONDITION_STATE_MET : PD_CONDITION_STATE_UNMET);
      if (!enough)
        g_assert_cmpint (v.results[PD_CONDITION_INVENTORY].deadline, ==, end);
      v = evaluate_one (rules, &store, end + 1);
      assert_state (&v, PD_CONDITION_INVENTORY, enough ? PD_CONDITION_STATE_MET : PD_CONDITION_STATE_FAILED);
    }

  {
    PdStoreInput store = good_store ("S-1");
    g_autofree char *text = NULL;
    PdEntryVerdict v;

    store.inventory_countries = "DE;FR;IT";
    v = evaluate_one (rules, &store, t ("2026-03-22T12:00:00+08:00"));
    text = detail (rules, t ("2026-03-22T12:00:00+08:00"), &v, PD_CONDITION_INVENTORY);
    g_assert_cmpstr (text, ==, "inventory in 3 of 4 countries (DE, FR, IT), 9 days left");
  }
}

/* JP market: no inventory rule, a JPY GMV converted. */
static void
test_jp_market (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-3");
  g_autofree char *text = NULL;
  PdEntryVerdict v;

  store.market = "JP";
  store.inventory_countries = NULL;
  memcpy (store.gmv.currency, "JPY", 4);
  store.gmv.minor = 25000;
  store.has_rate = TRUE;
  store.rate.micros = 48000;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_INVENTORY, PD_CONDITION_STATE_NOT_APPLICABLE);
  assert_state (&v, PD_CONDITION_SALES, PD_CONDITION_STATE_MET);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_QUALIFIED);
  text = detail (rules, AFTER_EVERYTHING, &v, PD_CONDITION_SALES);
  g_assert_cmpstr (text, ==, "GMV CNY 1,200.00 (JPY 25,000) of 1,000.00");
  g_clear_pointer (&text, g_free);
  text = detail (rules, AFTER_EVERYTHING, &v, PD_CONDITION_INVENTORY);
  g_assert_cmpstr (text, ==, "not required in the JP market");
}

/* target: review pending stays pending whatever the date; rejected is
 * lost; absent or left waits until the period ends, then fails. */
static void
test_target (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-1");
  PdSellerInput seller = seller_with (&store, 1);
  gint64 end = t ("2026-03-31T23:59:59+08:00");
  PdEntryVerdict v[1];

  seller.target.review_status = PD_REVIEW_STATUS_PENDING;
  pd_engine_evaluate_seller (rules, AFTER_EVERYTHING, &seller, v);
  assert_state (&v[0], PD_CONDITION_TARGET, PD_CONDITION_STATE_UNMET);
  g_assert_false (v[0].results[PD_CONDITION_TARGET].has_deadline);
  g_assert_cmpint (v[0].verdict, ==, PD_VERDICT_PENDING);
  g_assert_cmpint (v[0].stage, ==, PD_STAGE_SALES_MET);
  g_assert_false (v[0].has_nearest_deadline);

  seller.target.review_status = PD_REVIEW_STATUS_REJECTED;
  pd_engine_evaluate_seller (rules, t ("2026-02-15T00:00:00+08:00"), &seller, v);
  assert_state (&v[0], PD_CONDITION_TARGET, PD_CONDITION_STATE_FAILED);
  g_assert_cmpint (v[0].verdict, ==, PD_VERDICT_LOST);

  seller.target.review_status = PD_REVIEW_STATUS_APPROVED;
  seller.target.listed = FALSE;
  pd_engine_evaluate_seller (rules, end, &seller, v);
  assert_state (&v[0], PD_CONDITION_TARGET, PD_CONDITION_STATE_UNMET);
  g_assert_cmpint (v[0].results[PD_CONDITION_TARGET].deadline, ==, end);
  pd_engine_evaluate_seller (rules, end + 1, &seller, v);
  assert_state (&v[0], PD_CONDITION_TARGET, PD_CONDITION_STATE_FAILED);

  /* Left the list: before it left, listed; after, absent. */
  seller.target.listed = TRUE;
  seller.target.has_left_at = TRUE;
  seller.target.left_at = t ("2026-03-10T00:00:00+08:00");
  pd_engine_evaluate_seller (rules, seller.target.left_at - 1, &seller, v);
  assert_state (&v[0], PD_CONDITION_TARGET, PD_CONDITION_STATE_MET);
  pd_engine_evaluate_seller (rules, seller.target.left_at, &seller, v);
  assert_state (&v[0], PD_CONDITION_TARGET, PD_CONDITION_STATE_UNMET);
  pd_engine_evaluate_seller (rules, end + 1, &seller, v);
  assert_state (&v[0], PD_CONDITION_TARGET, PD_CONDITION_STATE_FAILED);
  {
    g_autofree char *text = detail (rules, end + 1, &v[0], PD_CONDITION_TARGET);

    g_assert_cmpstr (text, ==, "left the target list on 2026-03-10");
  }
}

/* link: revoked before the store opened fails; at the same second or
 * after still counts; not ours, none, or an authorization link fail. */
static void
test_link (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-1");
  gint64 opened = store.onboarded_at;
  PdEntryVerdict v;

  store.link.has_revoked_at = TRUE;
  store.link.revoked_at = opened - 1;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_LOST);
  {
    g_autofree char *text = detail (rules, AFTER_EVERYTHING, &v, PD_CONDITION_LINK);

    g_assert_cmpstr (text, ==, "our link TOKEN was revoked on 2026-02-01, before the store opened");
  }

  store.link.revoked_at = opened;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_MET);

  store.link.revoked_at = opened + 86400;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_MET);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_QUALIFIED);

  store = good_store ("S-1");
  store.link.found = FALSE;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED);

  store = good_store ("S-1");
  store.via_token = NULL;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED);

  store = good_store ("S-1");
  store.link.kind = PD_LINK_KIND_AUTHORIZATION;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED);
}

/* The single entry of an invited seller without a store, invited through
 * @links, as of @as_of. The verdict points into *@seller (the detail
 * reads the links again): keep it alive while the verdict is used. */
static PdEntryVerdict
evaluate_invited_with (PdRules           *rules,
                       PdSellerInput     *seller,
                       const PdLinkInput *links,
                       guint              n_links,
                       gint64             as_of)
{
  PdEntryVerdict out[1];

  *seller = seller_with (NULL, 0);
  seller->invitations = links;
  seller->n_invitations = n_links;
  g_assert_cmpuint (pd_engine_evaluate_seller (rules, as_of, seller, out), ==, 1);
  g_assert_null (out[0].store);
  g_assert_cmpuint (out[0].conditions, ==, PD_CONDITION_BIT (PD_CONDITION_TARGET) |
                                           PD_CONDITION_BIT (PD_CONDITION_ONBOARDED));
  return out[0];
}

#define evaluate_invited_only(rules, links, n, as_of) \
  evaluate_invited_with ((rules), &seller_, (links), (n), (as_of))

static PdLinkInput
onboarding_link (const char *created,
                 const char *revoked,
                 const char *expires)
{
  PdLinkInput link = { 0 };

  link.found = TRUE;
  link.kind = PD_LINK_KIND_ONBOARDING;
  link.created_at = t (created);
  link.has_revoked_at = revoked != NULL;
  link.revoked_at = revoked != NULL ? t (revoked) : 0;
  link.has_expires_at = expires != NULL;
  link.expires_at = expires != NULL ? t (expires) : 0;
  return link;
}

/* Issue 13: a seller whose only onboarding link was revoked, and who
 * opened no store, is lost, not pending: a revoked link cannot bring a
 * store. Revoked before as_of and at the very second of as_of: lost (a
 * store not open as of as_of opens after the revocation); revoked after
 * as_of: not known yet, pending. A newer active link keeps it pending. */
static void
test_invited_revoked (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  gint64 revoked = t ("2026-02-10T10:00:00+08:00");
  PdSellerInput seller_;
  PdLinkInput links[2];
  PdEntryVerdict v;

  links[0] = onboarding_link ("2026-01-05T10:00:00+08:00", "2026-02-10T10:00:00+08:00", NULL);

  v = evaluate_invited_only (rules, links, 1, revoked - 1);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);
  assert_state (&v, PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_UNMET);
  g_assert_cmpint (v.results[PD_CONDITION_ONBOARDED].deadline, ==, rules->period_end);

  v = evaluate_invited_only (rules, links, 1, revoked);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_LOST);
  assert_state (&v, PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_FAILED);
  {
    g_autofree char *text = detail (rules, revoked, &v, PD_CONDITION_ONBOARDED);

    g_assert_cmpstr (text, ==, "not onboarded, and our onboarding link was revoked on 2026-02-10:"
                               " no store can open through it any more");
  }

  v = evaluate_invited_only (rules, links, 1, revoked + 1);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_LOST);
  g_assert_false (v.has_nearest_deadline);

  /* A newer link, active: pending through it. */
  links[1] = onboarding_link ("2026-02-11T10:00:00+08:00", NULL, NULL);
  v = evaluate_invited_only (rules, links, 2, t ("2026-03-01T00:00:00+08:00"));
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);
  g_assert_cmpint (v.nearest_deadline, ==, rules->period_end);

  /* ... revoked too, but only after as_of: still pending as of then, lost after. */
  links[1].has_revoked_at = TRUE;
  links[1].revoked_at = t ("2026-03-02T00:00:00+08:00");
  v = evaluate_invited_only (rules, links, 2, t ("2026-03-01T00:00:00+08:00"));
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);
  v = evaluate_invited_only (rules, links, 2, t ("2026-03-02T00:00:00+08:00"));
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_LOST);
  {
    g_autofree char *text = detail (rules, t ("2026-03-02T00:00:00+08:00"), &v, PD_CONDITION_ONBOARDED);

    g_assert_cmpstr (text, ==, "not onboarded, and our onboarding link was revoked on 2026-03-02:"
                               " no store can open through it any more");
  }

  /* Stored as revoked by sync without the time: dead whatever as_of,
   * unless a dated live one remains. */
  links[0] = onboarding_link ("2026-01-05T10:00:00+08:00", NULL, NULL);
  links[0].revoked_undated = TRUE;
  v = evaluate_invited_only (rules, links, 1, t ("2026-01-06T00:00:00+08:00"));
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_LOST);
  {
    g_autofree char *text = detail (rules, t ("2026-01-06T00:00:00+08:00"), &v, PD_CONDITION_ONBOARDED);

    g_assert_cmpstr (text, ==, "not onboarded, and our onboarding link was revoked:"
                               " no store can open through it any more");
  }
  links[0].revoked_undated = FALSE;
  links[0].expired_undated = TRUE;
  v = evaluate_invited_only (rules, links, 1, t ("2026-01-06T00:00:00+08:00"));
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_LOST);
  {
    g_autofree char *text = detail (rules, t ("2026-01-06T00:00:00+08:00"), &v, PD_CONDITION_ONBOARDED);

    g_assert_cmpstr (text, ==, "not onboarded, and our onboarding link expired:"
                               " no store can open through it any more");
  }
  links[1] = onboarding_link ("2026-01-05T10:00:00+08:00", NULL, NULL);
  v = evaluate_invited_only (rules, links, 2, t ("2026-01-06T00:00:00+08:00"));
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);

  /* Callers without link details: one live link. */
  v = evaluate_invited_only (rules, NULL, 0, AFTER_EVERYTHING - 86400 * 100);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);
}

/* An expired link cannot bring a store either: lost from the second it
 * expires; until then its expiry is the deadline (and puts the seller on
 * the at-risk list), unless the period ends first. */
static void
test_invited_expired (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  gint64 expires = t ("2026-03-20T00:00:00+08:00");
  gint64 as_of = t ("2026-03-15T12:00:00+08:00");
  PdLinkInput link = onboarding_link ("2026-03-01T10:00:00+08:00", NULL, "2026-03-20T00:00:00+08:00");
  PdSellerInput seller_;
  PdEntryVerdict v;

  v = evaluate_invited_only (rules, &link, 1, as_of);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);
  assert_state (&v, PD_CONDITION_ONBOARDED, PD_CONDITION_STATE_UNMET);
  g_assert_true (v.has_nearest_deadline);
  g_assert_cmpint (v.nearest_deadline, ==, expires - 1);
  {
    g_autofree char *text = detail (rules, as_of, &v, PD_CONDITION_ONBOARDED);

    g_assert_cmpstr (text, ==, "not onboarded yet; our link works until 2026-03-19, 4 days left");
  }

  v = evaluate_invited_only (rules, &link, 1, expires - 1);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);
  v = evaluate_invited_only (rules, &link, 1, expires);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_LOST);
  {
    g_autofree char *text = detail (rules, expires, &v, PD_CONDITION_ONBOARDED);

    g_assert_cmpstr (text, ==, "not onboarded, and our onboarding link expired on 2026-03-20:"
                               " no store can open through it any more");
  }

  /* Expiring after the period: the period's end is the deadline. */
  link.expires_at = t ("2026-04-20T00:00:00+08:00");
  v = evaluate_invited_only (rules, &link, 1, as_of);
  g_assert_cmpint (v.nearest_deadline, ==, rules->period_end);
}

/* A store not open as of as_of opens after it: its link revoked at or
 * before as_of (or expired) cannot bring it. Once open, only a
 * revocation before the opening second counts. */
static void
test_link_store_not_open_yet (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-1");
  gint64 revoked = t ("2026-01-25T10:00:00+08:00");
  PdEntryVerdict v;

  store.link.has_revoked_at = TRUE;
  store.link.revoked_at = revoked;

  v = evaluate_one (rules, &store, revoked - 1);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_MET);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_PENDING);

  v = evaluate_one (rules, &store, revoked);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED);
  g_assert_cmpint (v.verdict, ==, PD_VERDICT_LOST);

  /* Expired, not revoked. */
  store.link.has_revoked_at = FALSE;
  store.link.has_expires_at = TRUE;
  store.link.expires_at = revoked;
  v = evaluate_one (rules, &store, revoked - 1);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_MET);
  v = evaluate_one (rules, &store, revoked);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_FAILED);
  {
    g_autofree char *text = detail (rules, revoked, &v, PD_CONDITION_LINK);

    g_assert_cmpstr (text, ==, "our link TOKEN expired on 2026-01-25, before the store opened");
  }
  /* Once it opened through it, the expiry is history. */
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_LINK, PD_CONDITION_STATE_MET);
}

/* status: normal only; closing and closed fail; high-risk fails and
 * discounts the quarter (when it is one of ours, opened in the period). */
static void
test_status_and_governance (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput store = good_store ("S-1");
  PdEntryVerdict v;

  store.status = PD_STORE_STATUS_CLOSING;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_STATUS, PD_CONDITION_STATE_FAILED);
  g_assert_false (v.high_risk);

  store.status = PD_STORE_STATUS_CLOSED;
  store.governance = PD_GOVERNANCE_WARNING;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_STATUS, PD_CONDITION_STATE_FAILED);
  g_assert_false (v.high_risk);

  store.governance = PD_GOVERNANCE_HIGH_RISK;
  store.governance_reason = "counterfeit goods";
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  assert_state (&v, PD_CONDITION_STATUS, PD_CONDITION_STATE_FAILED);
  g_assert_true (v.high_risk);
  {
    g_autofree char *text = detail (rules, AFTER_EVERYTHING, &v, PD_CONDITION_STATUS);

    g_assert_cmpstr (text, ==, "closed as high-risk: counterfeit goods");
  }

  /* Not ours, or opened outside the period: no discount. */
  store.link.found = FALSE;
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  g_assert_false (v.high_risk);
  store.link.found = TRUE;
  store.onboarded_at = t ("2025-12-01T00:00:00+08:00");
  v = evaluate_one (rules, &store, AFTER_EVERYTHING);
  g_assert_false (v.high_risk);
}

/* A seller's second store is lost, naming the first, whatever happens
 * to the first; entries come by onboarded_at. */
static void
test_second_store (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput stores[2] = { good_store ("S-07"), good_store ("S-06") };
  PdSellerInput seller;
  PdEntryVerdict v[2];
  g_autofree char *text = NULL;

  stores[0].onboarded_at = t ("2026-03-01T10:00:00+08:00");
  stores[0].first_sale_at = stores[0].onboarded_at + 60;
  stores[1].onboarded_at = t ("2026-02-20T10:00:00+08:00");
  stores[1].first_sale_at = stores[1].onboarded_at + 60;
  stores[1].gmv.minor = 100000;  /* the first store is lost on sales */
  seller = seller_with (stores, 2);

  g_assert_cmpuint (pd_engine_evaluate_seller (rules, AFTER_EVERYTHING, &seller, v), ==, 2);
  g_assert_cmpstr (v[0].store->store_id, ==, "S-06");
  g_assert_cmpstr (v[1].store->store_id, ==, "S-07");
  assert_state (&v[0], PD_CONDITION_FIRST_STORE, PD_CONDITION_STATE_MET);
  assert_state (&v[0], PD_CONDITION_SALES, PD_CONDITION_STATE_FAILED);
  g_assert_cmpint (v[0].verdict, ==, PD_VERDICT_LOST);
  assert_state (&v[1], PD_CONDITION_FIRST_STORE, PD_CONDITION_STATE_FAILED);
  assert_state (&v[1], PD_CONDITION_SALES, PD_CONDITION_STATE_MET);
  g_assert_cmpint (v[1].verdict, ==, PD_VERDICT_LOST);
  text = detail (rules, AFTER_EVERYTHING, &v[1], PD_CONDITION_FIRST_STORE);
  g_assert_cmpstr (text, ==, "the seller’s first store is S-06; only that one counts");
}

/* Equal onboarding times: the smallest store_id counts, whatever the
 * input order; a store without onboarded_at is never first while a
 * dated one exists, and is listed first (as SQLite sorts NULL). */
static void
test_equal_onboarding_times (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput stores[3] = { good_store ("S-B"), good_store ("S-A"), good_store ("S-0") };
  PdSellerInput seller;
  PdEntryVerdict v[3];

  stores[2].has_onboarded_at = FALSE;
  seller = seller_with (stores, 3);
  g_assert_cmpuint (pd_engine_evaluate_seller (rules, AFTER_EVERYTHING, &seller, v), ==, 3);
  g_assert_cmpstr (v[0].store->store_id, ==, "S-0");
  g_assert_cmpstr (v[1].store->store_id, ==, "S-A");
  g_assert_cmpstr (v[2].store->store_id, ==, "S-B");
  assert_state (&v[0], PD_CONDITION_FIRST_STORE, PD_CONDITION_STATE_FAILED);
  assert_state (&v[1], PD_CONDITION_FIRST_STORE, PD_CONDITION_STATE_MET);
  assert_state (&v[2], PD_CONDITION_FIRST_STORE, PD_CONDITION_STATE_FAILED);
  g_assert_cmpint (v[1].verdict, ==, PD_VERDICT_QUALIFIED);
  g_assert_true (v[0].first_store == v[1].store);
}

/* Stores outside the program's markets are not entries; a seller whose
 * only store is one of them is still an invited entry. */
static void
test_market_filter (void)
{
  g_autoptr(PdRules) rules = make_rules ();
  PdStoreInput stores[2] = { good_store ("S-US"), good_store ("S-EU") };
  PdSellerInput seller = seller_with (stores, 2);
  PdEntryVerdict v[2];

  stores[0].market = "US";
  stores[0].onboarded_at -= 86400;
  g_assert_cmpuint (pd_engine_evaluate_seller (rules, AFTER_EVERYTHING, &seller, v), ==, 1);
  g_assert_cmpstr (v[0].store->store_id, ==, "S-EU");
  assert_state (&v[0], PD_CONDITION_FIRST_STORE, PD_CONDITION_STATE_MET);

  seller.n_stores = 1;
  g_assert_cmpuint (pd_engine_evaluate_seller (rules, AFTER_EVERYTHING, &seller, v), ==, 1);
  g_assert_null (v[0].store);
}

/* Calendar days in the program's zone: across a DST change the window
 * keeps its local time (America/Los_Angeles, 2026-03-08). */
static void
test_time_in_zone (void)
{
  g_autoptr(GError) error = NULL;
  const char *dir = g_getenv ("PARTNERDESK_PROGRAMS_DIR");
  g_autofree char *path = NULL;
  g_autoptr(PdProgram) program = NULL;
  g_autoptr(PdRules) rules = NULL;
  PdStoreInput store;
  PdSellerInput seller;
  PdBenefitVerdict b;
  char text[32];

  if (dir == NULL)
    {
      g_test_skip ("PARTNERDESK_PROGRAMS_DIR is not set");
      return;
    }
  path = g_build_filename (dir, "us-top-2026q1.json", NULL);
  program = pd_program_new_from_file (path, &error);
  g_assert_no_error (error);
  rules = pd_rules_new (program, &error);
  g_assert_no_error (error);

  g_assert_cmpint (pd_rules_add_days (rules, t ("2026-03-01T10:00:00-08:00"), 30), ==,
                   t ("2026-03-31T10:00:00-07:00"));
  pd_rules_format_time (rules, t ("2026-03-31T17:00:00Z"), text);
  g_assert_cmpstr (text, ==, "2026-03-31T10:00:00-07:00");
  pd_rules_format_date (rules, t ("2026-03-01T07:59:59Z"), text);
  g_assert_cmpstr (text, ==, "2026-02-28");
  g_assert_cmpint (rules->period_end, ==, t ("2026-03-31T23:59:59-07:00"));

  /* US TOP: 60 days from joining, days left in Pacific dates. */
  store = good_store ("S-US");
  store.market = "US";
  store.onboarded_at = t ("2026-02-10T09:00:00-08:00");
  seller = seller_with (&store, 1);
  g_assert_true (pd_engine_evaluate_benefit (rules, t ("2026-03-01T12:00:00-08:00"), &seller, &b));
  g_assert_cmpint (b.state, ==, PD_BENEFIT_ACTIVE);
  g_assert_cmpint (b.ends_at, ==, t ("2026-04-11T08:59:59-07:00"));
  g_assert_cmpint (b.days_left, ==, 41);
  g_assert_true (pd_engine_evaluate_benefit (rules, t ("2026-04-11T09:00:00-07:00"), &seller, &b));
  g_assert_cmpint (b.state, ==, PD_BENEFIT_ENDED);
  g_assert_cmpint (b.days_left, ==, 0);

  store.onboarded_at = t ("2026-01-26T23:59:59-08:00");
  g_assert_true (pd_engine_evaluate_benefit (rules, t ("2026-03-01T12:00:00-08:00"), &seller, &b));
  g_assert_cmpint (b.state, ==, PD_BENEFIT_NOT_ELIGIBLE);
  store.has_onboarded_at = FALSE;
  g_assert_true (pd_engine_evaluate_benefit (rules, t ("2026-03-01T12:00:00-08:00"), &seller, &b));
  g_assert_cmpint (b.state, ==, PD_BENEFIT_NOT_JOINED);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  AFTER_EVERYTHING = t ("2026-06-30T00:00:00+08:00");

  g_test_add_func ("/engine/rules/from-file", test_rules_from_file);
  g_test_add_func ("/engine/rules/unknown-condition", test_rules_refuse_unknown_condition);
  g_test_add_func ("/engine/qualified", test_qualified);
  g_test_add_func ("/engine/onboarded/period-boundaries", test_onboarded_period_boundaries);
  g_test_add_func ("/engine/onboarded/deadline", test_onboarded_deadline);
  g_test_add_func ("/engine/sales/threshold", test_sales_threshold);
  g_test_add_func ("/engine/sales/window", test_sales_window);
  g_test_add_func ("/engine/sales/without-rate", test_sales_without_rate);
  g_test_add_func ("/engine/sales/as-of-before-first-sale", test_sales_as_of_before_first_sale);
  g_test_add_func ("/engine/inventory", test_inventory);
  g_test_add_func ("/engine/jp-market", test_jp_market);
  g_test_add_func ("/engine/target", test_target);
  g_test_add_func ("/engine/link", test_link);
  g_test_add_func ("/engine/link/store-not-open-yet", test_link_store_not_open_yet);
  g_test_add_func ("/engine/invited/revoked", test_invited_revoked);
  g_test_add_func ("/engine/invited/expired", test_invited_expired);
  g_test_add_func ("/engine/status-and-governance", test_status_and_governance);
  g_test_add_func ("/engine/first-store/second-store", test_second_store);
  g_test_add_func ("/engine/first-store/equal-times", test_equal_onboarding_times);
  g_test_add_func ("/engine/market-filter", test_market_filter);
  g_test_add_func ("/engine/rules/chinese-markets", test_rules_chinese_markets);
  g_test_add_func ("/engine/time-in-zone", test_time_in_zone);

  return g_test_run ();
}
