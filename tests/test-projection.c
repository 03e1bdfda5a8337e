/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-projection"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pd-engine.h"
#include "pd-program.h"
#include "pd-projection.h"
#include "pd-rules.h"
#include "pd-store-entries.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"

/* The projection (totals, governance, at-risk, expected-value model),
 * a property test over random stores, and the store side that streams a
 * program's sellers. */

static PdRules *
load_rules (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_PROGRAMS_DIR"), file, NULL);
  g_autoptr(PdProgram) program = pd_program_new_from_file (path, &error);
  PdRules *rules;

  g_assert_no_error (error);
  rules = pd_rules_new (program, &error);
  g_assert_no_error (error);
  return rules;
}

static gint64
t (const char *text)
{
  gint64 value = 0;

  g_assert_true (pd_timestamp_parse (text, NULL, &value, NULL));
  return value;
}

static const guint default_bp[PD_N_STAGES] = { 1000, 3000, 5000, 8000 };

/* Random inputs ------------------------------------------------------------ */

static const char * const markets[] = { "EU", "EU", "EU", "JP", "US", NULL };
static const char * const countries[] = {
  "", "DE", "DE;FR", "DE;FR;IT", "DE;FR;IT;ES", "GB|DE|FR|IT|ES|IE", "PL;NL;DE;FR;IT", "DE;DE;FR;IT",
};
static const char * const currencies[] = { "CNY", "EUR", "JPY", "GBP" };

typedef struct
{
  char          seller_id[32];
  char          store_ids[4][32];
  PdStoreInput  stores[4];
  PdSellerInput seller;
} RandomSeller;

/* Times around the period (2026-01-01 to 2026-03-31, +08:00). */
static gint64
random_time (void)
{
  return t ("2025-12-01T00:00:00Z") + g_test_rand_int_range (0, 200 * 86400);
}

static void
random_seller (RandomSeller *r,
               guint         index)
{
  memset (r, 0, sizeof *r);
  g_snprintf (r->seller_id, sizeof r->seller_id, "7%015u", index);
  r->seller.seller_id = r->seller_id;
  r->seller.market = markets[g_test_rand_int_range (0, G_N_ELEMENTS (markets))];
  r->seller.target.listed = g_test_rand_int_range (0, 10) > 0;
  r->seller.target.review_status = g_test_rand_int_range (0, 3);
  r->seller.target.has_left_at = g_test_rand_int_range (0, 10) == 0;
  r->seller.target.left_at = random_time ();
  r->seller.invited = g_test_rand_bit ();
  r->seller.n_stores = g_test_rand_int_range (0, 4);
  r->seller.stores = r->stores;

  for (guint i = 0; i < r->seller.n_stores; i++)
    {
      PdStoreInput *s = &r->stores[i];

      g_snprintf (r->store_ids[i], sizeof r->store_ids[i], "S-%u-%u", index, i);
      s->store_id = r->store_ids[i];
      s->market = markets[g_test_rand_int_range (0, G_N_ELEMENTS (markets))];
      s->has_onboarded_at = g_test_rand_int_range (0, 8) > 0;
      /* Equal times now and then: the tie-break must hold. */
      s->onboarded_at = i > 0 && g_test_rand_bit () ? r->stores[0].onboarded_at : random_time ();
      s->via_token = g_test_rand_int_range (0, 8) > 0 ? "TOKEN" : NULL;
      s->link.found = g_test_rand_int_range (0, 6) > 0;
      s->link.kind = g_test_rand_int_range (0, 10) > 0 ? PD_LINK_KIND_ONBOARDING : PD_LINK_KIND_AUTHORIZATION;
      s->link.has_revoked_at = g_test_rand_int_range (0, 5) == 0;
      s->link.revoked_at = random_time ();
      s->has_first_sale_at = g_test_rand_int_range (0, 4) > 0;
      s->first_sale_at = s->onboarded_at + g_test_rand_int_range (0, 20 * 86400);
      s->has_gmv = g_test_rand_int_range (0, 5) > 0;
      memcpy (s->gmv.currency, currencies[g_test_rand_int_range (0, G_N_ELEMENTS (currencies))], 4);
      s->gmv.minor = g_test_rand_int_range (0, 300000);
      s->has_rate = g_test_rand_int_range (0, 10) > 0;
      s->rate.micros = g_test_rand_int_range (1, 10000000);
      s->inventory_countries = countries[g_test_rand_int_range (0, G_N_ELEMENTS (countries))];
      s->status = g_test_rand_int_range (0, 6) == 0 ? g_test_rand_int_range (1, 3) : PD_STORE_STATUS_NORMAL;
      s->governance = g_test_rand_int_range (0, 30) == 0 ? PD_GOVERNANCE_HIGH_RISK : PD_GOVERNANCE_NONE;
    }
}

/* The verdict follows from the condition states (incentives.md). */
static void
check_verdict_invariants (const PdEntryVerdict *v,
                          gint64                as_of)
{
  gboolean any_failed = FALSE, any_unmet = FALSE;

  for (guint c = 0; c < PD_N_CONDITIONS; c++)
    {
      const PdConditionResult *r = &v->results[c];

      if (!(v->conditions & PD_CONDITION_BIT (c)))
        continue;
      any_failed |= r->state == PD_CONDITION_STATE_FAILED;
      any_unmet |= r->state == PD_CONDITION_STATE_UNMET;
      /* Time remains for every unmet condition. */
      if (r->state == PD_CONDITION_STATE_UNMET && r->has_deadline)
        g_assert_cmpint (r->deadline, >=, as_of);
    }
  g_assert_cmpint (v->verdict, ==, any_failed ? PD_VERDICT_LOST :
                                   any_unmet ? PD_VERDICT_PENDING : PD_VERDICT_QUALIFIED);
}

/* confirmed <= expected <= upper over random stores, random as-of,
 * random default rates and random history; and the totals match a
 * plain recount. */
static void
test_property_bounds (void)
{
  g_autoptr(PdRules) rules = load_rules ("eu-jp-pop-partner-2026q1.json");
  guint rounds = g_test_slow () ? 400 : 80;

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(PdProjection) projection = NULL;
      g_autoptr(GError) error = NULL;
      PdStageHistory history = { { 0 }, { 0 } };
      PdExpectedModel model;
      guint bp[PD_N_STAGES];
      gint64 as_of = random_time ();
      guint n_sellers = g_test_rand_int_range (0, 200);
      gint64 qualified = 0, pending = 0;
      gboolean high_risk = FALSE;
      RandomSeller r;
      PdEntryVerdict v[4];
      PdMoney bound;

      for (guint s = 0; s < PD_N_STAGES; s++)
        {
          bp[s] = g_test_rand_int_range (0, 10001);
          history.resolved[s] = g_test_rand_int_range (0, 60);
          history.qualified[s] = g_test_rand_int_range (0, (gint32) history.resolved[s] + 1);
        }
      pd_expected_model_init (&model, bp, g_test_rand_bit () ? &history : NULL);
      projection = pd_projection_new (rules, as_of, &model);

      for (guint i = 0; i < n_sellers; i++)
        {
          guint n;

          random_seller (&r, i);
          n = pd_engine_evaluate_seller (rules, as_of, &r.seller, v);
          g_assert_cmpuint (n, <=, MAX (r.seller.n_stores, 1));
          for (guint k = 0; k < n; k++)
            {
              check_verdict_invariants (&v[k], as_of);
              qualified += v[k].verdict == PD_VERDICT_QUALIFIED;
              pending += v[k].verdict == PD_VERDICT_PENDING;
              high_risk |= v[k].high_risk;
              /* One merchant, one reward: at most one qualified entry per seller. */
              if (k > 0)
                g_assert_false (v[k].verdict == PD_VERDICT_QUALIFIED &&
                                v[0].verdict == PD_VERDICT_QUALIFIED);
              pd_projection_add (projection, &v[k]);
            }
        }
      g_assert_true (pd_projection_finish (projection, &error));
      g_assert_no_error (error);

      g_assert_cmpint (pd_projection_count (projection, PD_VERDICT_QUALIFIED), ==, qualified);
      g_assert_cmpint (pd_projection_count (projection, PD_VERDICT_PENDING), ==, pending);
      g_assert_cmpint (pd_money_compare (pd_projection_get_confirmed (projection),
                                         pd_projection_get_expected (projection)), <=, 0);
      g_assert_cmpint (pd_money_compare (pd_projection_get_expected (projection),
                                         pd_projection_get_upper (projection)), <=, 0);

      /* confirmed = merchants x reward x factor, exactly. */
      bound.minor = qualified * rules->reward.minor * (high_risk ? 5 : 10) / 10;
      memcpy (bound.currency, "CNY", 4);
      g_assert_cmpint (pd_money_compare (pd_projection_get_confirmed (projection), &bound), ==, 0);
      bound.minor = (qualified + pending) * rules->reward.minor * (high_risk ? 5 : 10) / 10;
      g_assert_cmpint (pd_money_compare (pd_projection_get_upper (projection), &bound), ==, 0);
      g_assert_cmpuint (pd_projection_get_high_risk_stores (projection)->len > 0, ==, high_risk);
    }
}

/* The expected amount, by hand: 3 qualified, pending at each stage. */
static void
test_expected_amount (void)
{
  g_autoptr(PdRules) rules = load_rules ("eu-jp-pop-partner-2026q1.json");
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(GError) error = NULL;
  PdExpectedModel model;
  PdEntryVerdict v;

  pd_expected_model_init (&model, default_bp, NULL);
  g_assert_cmpint (model.ppb[PD_STAGE_INVITED], ==, 100000000);
  g_assert_cmpint (model.source[PD_STAGE_SALES_MET], ==, PD_RATE_SOURCE_DEFAULT);
  projection = pd_projection_new (rules, t ("2026-03-01T00:00:00+08:00"), &model);

  memset (&v, 0, sizeof v);
  v.verdict = PD_VERDICT_QUALIFIED;
  for (guint i = 0; i < 3; i++)
    pd_projection_add (projection, &v);
  v.verdict = PD_VERDICT_PENDING;
  for (guint s = 0; s < PD_N_STAGES; s++)
    {
      v.stage = s;
      pd_projection_add (projection, &v);
    }
  v.verdict = PD_VERDICT_LOST;
  pd_projection_add (projection, &v);
  g_assert_true (pd_projection_finish (projection, &error));

  /* (3 + 0.1 + 0.3 + 0.5 + 0.8) x 2000.00, no high-risk store. */
  g_assert_cmpint (pd_projection_get_confirmed (projection)->minor, ==, 600000);
  g_assert_cmpint (pd_projection_get_expected (projection)->minor, ==, 940000);
  g_assert_cmpint (pd_projection_get_upper (projection)->minor, ==, 1400000);
  g_assert_cmpint (pd_projection_get_factor (projection)->numerator, ==, 1);
  g_assert_cmpint (pd_projection_count_pending_at (projection, PD_STAGE_FIRST_SALE), ==, 1);
}

/* The history replaces a stage's default from 30 resolved entries on. */
static void
test_expected_model_history (void)
{
  PdStageHistory history = { { 0 }, { 0 } };
  PdExpectedModel model;
  PdEntryVerdict v;
  PdStoreInput store = { 0 };

  memset (&v, 0, sizeof v);
  v.store = &store;
  v.conditions = PD_CONDITION_BIT (PD_CONDITION_LINK) | PD_CONDITION_BIT (PD_CONDITION_FIRST_STORE);

  /* 30 entries reached first_sale: 12 qualified (so sales_met), 18 lost there. */
  v.verdict = PD_VERDICT_QUALIFIED;
  v.stage = PD_STAGE_SALES_MET;
  for (guint i = 0; i < 12; i++)
    pd_stage_history_add (&history, &v);
  v.verdict = PD_VERDICT_LOST;
  v.stage = PD_STAGE_FIRST_SALE;
  for (guint i = 0; i < 18; i++)
    pd_stage_history_add (&history, &v);
  /* Not counted: pending ones, and duplicates or other partners' stores. */
  v.verdict = PD_VERDICT_PENDING;
  pd_stage_history_add (&history, &v);
  v.verdict = PD_VERDICT_LOST;
  v.results[PD_CONDITION_FIRST_STORE].state = PD_CONDITION_STATE_FAILED;
  pd_stage_history_add (&history, &v);
  v.results[PD_CONDITION_FIRST_STORE].state = PD_CONDITION_STATE_MET;
  v.results[PD_CONDITION_LINK].state = PD_CONDITION_STATE_FAILED;
  pd_stage_history_add (&history, &v);

  g_assert_cmpint (history.resolved[PD_STAGE_INVITED], ==, 30);
  g_assert_cmpint (history.resolved[PD_STAGE_FIRST_SALE], ==, 30);
  g_assert_cmpint (history.resolved[PD_STAGE_SALES_MET], ==, 12);
  g_assert_cmpint (history.qualified[PD_STAGE_FIRST_SALE], ==, 12);

  pd_expected_model_init (&model, default_bp, &history);
  for (guint s = PD_STAGE_INVITED; s <= PD_STAGE_FIRST_SALE; s++)
    {
      g_assert_cmpint (model.source[s], ==, PD_RATE_SOURCE_HISTORY);
      g_assert_cmpint (model.ppb[s], ==, 400000000);  /* 12 / 30 */
      g_assert_cmpint (model.resolved[s], ==, 30);
    }
  g_assert_cmpint (model.source[PD_STAGE_SALES_MET], ==, PD_RATE_SOURCE_DEFAULT);
  g_assert_cmpint (model.ppb[PD_STAGE_SALES_MET], ==, 800000000);

  /* 29 is not enough. */
  history.resolved[PD_STAGE_INVITED] = 29;
  pd_expected_model_init (&model, default_bp, &history);
  g_assert_cmpint (model.source[PD_STAGE_INVITED], ==, PD_RATE_SOURCE_DEFAULT);
  g_assert_cmpint (model.ppb[PD_STAGE_INVITED], ==, 100000000);
}

/* Governance: one high-risk store halves every total; at-risk: pending
 * with the nearest deadline at most 7 calendar days away. */
static void
test_governance_and_at_risk (void)
{
  g_autoptr(PdRules) rules = load_rules ("eu-jp-pop-partner-2026q1.json");
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 as_of = t ("2026-03-20T12:00:00+08:00");
  PdStoreInput store = { 0 };
  PdSellerInput seller = { 0 };
  PdExpectedModel model;
  PdEntryVerdict v;
  GArray *at_risk;

  pd_expected_model_init (&model, default_bp, NULL);
  projection = pd_projection_new (rules, as_of, &model);
  store.store_id = "S-HR";
  seller.seller_id = "7001";

  memset (&v, 0, sizeof v);
  v.seller = &seller;
  v.store = &store;
  v.verdict = PD_VERDICT_QUALIFIED;
  pd_projection_add (projection, &v);
  v.verdict = PD_VERDICT_LOST;
  v.high_risk = TRUE;
  pd_projection_add (projection, &v);
  v.high_risk = FALSE;

  v.verdict = PD_VERDICT_PENDING;
  v.stage = PD_STAGE_FIRST_SALE;
  v.has_nearest_deadline = TRUE;
  v.nearest_deadline = pd_rules_add_days (rules, as_of, 7);       /* in */
  pd_projection_add (projection, &v);
  v.nearest_deadline = pd_rules_add_days (rules, as_of, 7) + 1;   /* out */
  pd_projection_add (projection, &v);
  v.has_nearest_deadline = FALSE;                                 /* no deadline: out */
  pd_projection_add (projection, &v);
  g_assert_true (pd_projection_finish (projection, &error));

  g_assert_cmpuint (pd_projection_get_high_risk_stores (projection)->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (pd_projection_get_high_risk_stores (projection), 0), ==, "S-HR");
  g_assert_cmpint (pd_projection_get_factor (projection)->numerator * 2, ==,
                   pd_projection_get_factor (projection)->denominator);
  g_assert_cmpint (pd_projection_get_confirmed (projection)->minor, ==, 100000);
  /* (1 + 3 x 0.5) x 2000.00 x 0.5 */
  g_assert_cmpint (pd_projection_get_expected (projection)->minor, ==, 250000);
  g_assert_cmpint (pd_projection_get_upper (projection)->minor, ==, 400000);

  at_risk = pd_projection_get_at_risk (projection);
  g_assert_cmpuint (at_risk->len, ==, 1);
  g_assert_cmpstr (g_array_index (at_risk, PdAtRisk, 0).store_id, ==, "S-HR");
}

/* Issue 13: eight invited sellers without a store whose only link was
 * revoked before as_of (or at its very second) mid-quarter are lost:
 * they add nothing to the upper bound nor to the expected payout; the
 * ninth, whose link is still active, does (at the invited stage). */
static void
test_revoked_invitations (void)
{
  g_autoptr(PdRules) rules = load_rules ("eu-jp-pop-partner-2026q1.json");
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 as_of = t ("2026-02-15T12:00:00+08:00");
  PdLinkInput links[9];
  PdSellerInput sellers[9];
  PdExpectedModel model;

  pd_expected_model_init (&model, default_bp, NULL);
  projection = pd_projection_new (rules, as_of, &model);
  for (guint i = 0; i < G_N_ELEMENTS (sellers); i++)
    {
      PdEntryVerdict v;

      memset (&links[i], 0, sizeof links[i]);
      links[i].found = TRUE;
      links[i].kind = PD_LINK_KIND_ONBOARDING;
      links[i].created_at = t ("2026-01-10T10:00:00+08:00");
      links[i].has_revoked_at = i < 8;
      links[i].revoked_at = as_of - (gint64) i * 86400;   /* the first at as_of's very second */

      memset (&sellers[i], 0, sizeof sellers[i]);
      sellers[i].seller_id = "7001";
      sellers[i].market = "EU";
      sellers[i].target.listed = TRUE;
      sellers[i].target.review_status = PD_REVIEW_STATUS_APPROVED;
      sellers[i].invited = TRUE;
      sellers[i].invitations = &links[i];
      sellers[i].n_invitations = 1;
      g_assert_cmpuint (pd_engine_evaluate_seller (rules, as_of, &sellers[i], &v), ==, 1);
      pd_projection_add (projection, &v);
    }
  g_assert_true (pd_projection_finish (projection, &error));
  g_assert_no_error (error);

  g_assert_cmpint (pd_projection_count (projection, PD_VERDICT_LOST), ==, 8);
  g_assert_cmpint (pd_projection_count (projection, PD_VERDICT_PENDING), ==, 1);
  g_assert_cmpint (pd_projection_get_confirmed (projection)->minor, ==, 0);
  /* 1 x 0.1 x 2000.00 */
  g_assert_cmpint (pd_projection_get_expected (projection)->minor, ==, 20000);
  g_assert_cmpint (pd_projection_get_upper (projection)->minor, ==, 200000);
}

/* The store side ------------------------------------------------------------- */

typedef struct
{
  char    *dir;
  char    *path;
  PdStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pd-test-projection-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
}

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define N_SELLERS 10000

typedef struct
{
  gint64   sellers;
  gint64   stores;
  gint64   invited;
  gint64   listed;
  gint64   links_found;
  gint64   revoked;
  gint64   with_rate;
  gint64   eur_stores;
  char    *last_seller;
  guint    stop_after;
  GError  *expected_error;
} Seen;

static gboolean
on_seller (const PdSellerInput  *seller,
           gpointer              user_data,
           GError              **error)
{
  Seen *seen = user_data;
  guint64 n = g_ascii_strtoull (seller->seller_id + 1, NULL, 10);

  /* Seller order, each seller once. */
  if (seen->last_seller != NULL)
    g_assert_cmpstr (seen->last_seller, <, seller->seller_id);
  g_free (seen->last_seller);
  seen->last_seller = g_strdup (seller->seller_id);
  seen->sellers++;

  /* What the SQL below put there: seller n has n % 4 stores, is listed
   * unless n % 7 == 0, invited when n % 3 != 0. */
  g_assert_cmpuint (seller->n_stores, ==, n % 4);
  g_assert_cmpint (seller->target.listed, ==, n % 7 != 0);
  if (seller->target.listed)
    {
      g_assert_cmpint (seller->target.review_status, ==,
                       n % 5 == 0 ? PD_REVIEW_STATUS_PENDING : PD_REVIEW_STATUS_APPROVED);
      g_assert_cmpstr (seller->market, ==, "EU");
    }
  g_assert_cmpint (seller->invited, ==, n % 3 != 0);

  for (guint i = 0; i < seller->n_stores; i++)
    {
      const PdStoreInput *s = &seller->stores[i];

      /* In (onboarded_at, store_id) order. */
      if (i > 0)
        g_assert_cmpint (s[-1].onboarded_at, <=, s->onboarded_at);
      g_assert_true (s->has_onboarded_at);
      g_assert_true (s->has_gmv);
      seen->stores++;
      seen->links_found += s->link.found;
      seen->revoked += s->link.has_revoked_at;
      seen->with_rate += s->has_rate;
      if (g_str_equal (s->gmv.currency, "EUR"))
        {
          seen->eur_stores++;
          g_assert_true (s->has_rate);
          g_assert_cmpint (s->rate.micros, ==, 7800000);
        }
      /* "T-m" is seller m's link when m was invited (store 1 of a seller
       * came through the link of the seller before: found by token);
       * "X-" tokens are nobody's; "NOSELLER" names no seller. */
      if (g_str_has_prefix (s->via_token, "T-"))
        g_assert_cmpint (s->link.found, ==, g_ascii_strtoull (s->via_token + 2, NULL, 10) % 3 != 0);
      else if (g_str_has_prefix (s->via_token, "X-"))
        g_assert_false (s->link.found);
      else
        {
          g_assert_cmpstr (s->via_token, ==, "NOSELLER");
          g_assert_true (s->link.found);
        }
    }
  seen->invited += seller->invited;
  seen->listed += seller->target.listed;

  if (seen->stop_after > 0 && seen->sellers == seen->stop_after)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped at %" G_GINT64_FORMAT, seen->sellers);
      return FALSE;
    }
  return TRUE;
}

/* Sellers 1..N: a target list, links (one per invited seller, one with no
 * seller at all), stores in EUR and CNY, crossing many batches. */
static void
fill_store (Fixture *f)
{
  exec (f,
        "BEGIN;"
        "INSERT INTO exchange_rates (currency, cny_per_unit_micros, updated_at) VALUES ('EUR', 7800000, 0);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " G_STRINGIFY (N_SELLERS) ")"
        " INSERT INTO target_merchants (program_id, seller_id, seller_name, market, review_status, listed_at)"
        " SELECT '" PROGRAM "', printf('7%015d', i), 'Seller ' || i, 'EU',"
        "        CASE WHEN i % 5 = 0 THEN 'pending' ELSE 'approved' END, 0 FROM n WHERE i % 7 != 0;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " G_STRINGIFY (N_SELLERS) ")"
        " INSERT INTO links (token, kind, seller_id, market, program_id, created_at, revoked_at)"
        " SELECT 'T-' || i, 'onboarding', printf('7%015d', i), 'EU', '" PROGRAM "', 0,"
        "        CASE WHEN i % 11 = 0 THEN 1770000000 END FROM n WHERE i % 3 != 0;"
        /* A link of another program (does not make an invitation) and one with no seller. */
        "INSERT INTO links (token, kind, seller_id, program_id, created_at) VALUES"
        " ('OTHER-3', 'onboarding', printf('7%015d', 3), 'us-top-2026q1', 0),"
        " ('NOSELLER', 'onboarding', NULL, NULL, 0);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " G_STRINGIFY (N_SELLERS) "),"
        " k(j) AS (VALUES (0), (1), (2))"
        " INSERT INTO stores (store_id, seller_id, market, onboarded_at, via_link, via_token,"
        "                     settled_gmv_30d, gmv_currency, inventory_countries)"
        " SELECT printf('S-%05d-%d', (i * 7919) % 100003, j), printf('7%015d', i), 'EU',"
        "        1768000000 + (i * 13 + j * 101) % 5000,"
        "        NULL,"
        "        CASE j WHEN 0 THEN 'T-' || i WHEN 1 THEN 'T-' || (i - 1) ELSE"
        "          CASE WHEN i % 2 = 0 THEN 'X-' || i ELSE 'NOSELLER' END END,"
        "        i * 10, CASE WHEN i % 2 = 0 THEN 'EUR' ELSE 'CNY' END, 'DE;FR;IT;ES'"
        "   FROM n, k WHERE j < i % 4;"
        "COMMIT;");
}

static void
test_stream_sellers (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Seen seen = { 0 };
  gint64 n_stores, n_invited_only;

  fill_store (f);
  g_assert_true (pd_store_foreach_seller (f->store, PROGRAM, PD_STORE_ENTRIES_NAMES, on_seller, &seen, &error));
  g_assert_no_error (error);

  stmt = pd_store_prepare (f->store, "SELECT count(*) FROM stores", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n_stores = sqlite3_column_int64 (stmt, 0);
  g_assert_cmpint (seen.stores, ==, n_stores);

  /* Every seller 1..N appears: on the list, or with a link, or a store. */
  n_invited_only = 0;
  for (gint64 i = 1; i <= N_SELLERS; i++)
    n_invited_only += (i % 7 == 0 && i % 3 == 0 && i % 4 == 0);
  g_assert_cmpint (seen.sellers, ==, N_SELLERS - n_invited_only);
  g_assert_cmpint (seen.listed, ==, N_SELLERS - N_SELLERS / 7);
  g_assert_cmpint (seen.invited, ==, N_SELLERS - N_SELLERS / 3);
  g_assert_cmpint (seen.with_rate, ==, seen.eur_stores);
  g_assert_cmpint (seen.revoked, >, 0);
  g_free (seen.last_seller);
}

/* A callback that stops: the error comes back, the readers stop. */
static void
test_stream_stops (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  fill_store (f);
  seen.stop_after = 5000;
  g_assert_false (pd_store_foreach_seller (f->store, PROGRAM, PD_STORE_ENTRIES_DEFAULT, on_seller, &seen, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (seen.sellers, ==, 5000);
  g_free (seen.last_seller);

  /* And the store is still usable. */
  memset (&seen, 0, sizeof seen);
  g_clear_error (&error);
  g_assert_true (pd_store_foreach_seller (f->store, PROGRAM, PD_STORE_ENTRIES_DEFAULT, on_seller, &seen, &error));
  g_assert_no_error (error);
  g_free (seen.last_seller);
}

static void
test_load_rules_and_rates (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdRules) rules = pd_store_load_rules (f->store, PROGRAM, &error);
  guint bp[PD_N_STAGES];

  g_assert_no_error (error);
  g_assert_cmpstr (rules->program_id, ==, PROGRAM);

  g_assert_null (pd_store_load_rules (f->store, "no-such-program", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, PROGRAM));
  g_clear_error (&error);

  exec (f, "UPDATE stage_rates SET rate_bp = 2500 WHERE stage = 'onboarded'");
  g_assert_true (pd_store_get_stage_rates (f->store, bp, &error));
  g_assert_cmpuint (bp[PD_STAGE_INVITED], ==, 1000);
  g_assert_cmpuint (bp[PD_STAGE_ONBOARDED], ==, 2500);
  g_assert_cmpuint (bp[PD_STAGE_SALES_MET], ==, 8000);
}

/* The agency's history: an earlier quarter's program with 40 stores that
 * all made a first sale, 10 of which qualified. */
static void
test_history_from_earlier_program (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdRules) rules = NULL;
  g_autoptr(PdProgram) earlier = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_PROGRAMS_DIR"),
                                            PROGRAM ".json", NULL);
  g_autoptr(GString) text = NULL;
  PdExpectedModel model;

  g_assert_true (g_file_get_contents (path, &json, NULL, NULL));
  text = g_string_new (json);
  g_string_replace (text, "eu-jp-pop-partner-2026q1", "eu-jp-pop-partner-2025q4", 0);
  g_string_replace (text, "2026-01-01", "2025-10-01", 1);
  g_string_replace (text, "2026-03-31", "2025-12-31", 1);
  earlier = pd_program_new_from_data (text->str, -1, "earlier", &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_save_program (f->store, earlier, "import", &error));
  g_assert_no_error (error);

  exec (f,
        "BEGIN;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
        " INSERT INTO target_merchants (program_id, seller_id, seller_name, market, review_status, listed_at)"
        " SELECT 'eu-jp-pop-partner-2025q4', printf('6%015d', i), 'Old ' || i, 'EU', 'approved', 0 FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
        " INSERT INTO links (token, kind, seller_id, market, program_id, created_at)"
        " SELECT 'Q4-' || i, 'onboarding', printf('6%015d', i), 'EU', 'eu-jp-pop-partner-2025q4', 0 FROM n;"
        /* 2025-11-01: the window closed long ago. */
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
        " INSERT INTO stores (store_id, seller_id, market, onboarded_at, via_token, first_sale_at,"
        "                     settled_gmv_30d, gmv_currency, inventory_countries)"
        " SELECT 'Q4-S-' || i, printf('6%015d', i), 'EU', 1761955200, 'Q4-' || i, 1761955200 + 3600,"
        "        CASE WHEN i <= 10 THEN 500000 ELSE 1000 END, 'CNY', 'DE;FR;IT;ES' FROM n;"
        /* 40 more invited sellers whose stores opened after that period
         * (2026-01-15): no candidates of it, they say nothing of how its
         * stages convert and stay out of the history. */
        "WITH RECURSIVE n(i) AS (SELECT 41 UNION ALL SELECT i + 1 FROM n WHERE i < 80)"
        " INSERT INTO target_merchants (program_id, seller_id, seller_name, market, review_status, listed_at)"
        " SELECT 'eu-jp-pop-partner-2025q4', printf('6%015d', i), 'Late ' || i, 'EU', 'approved', 0 FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 41 UNION ALL SELECT i + 1 FROM n WHERE i < 80)"
        " INSERT INTO links (token, kind, seller_id, market, program_id, created_at)"
        " SELECT 'Q4-' || i, 'onboarding', printf('6%015d', i), 'EU', 'eu-jp-pop-partner-2025q4', 0 FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 41 UNION ALL SELECT i + 1 FROM n WHERE i < 80)"
        " INSERT INTO stores (store_id, seller_id, market, onboarded_at, via_token, first_sale_at,"
        "                     settled_gmv_30d, gmv_currency, inventory_countries)"
        " SELECT 'Q4-S-' || i, printf('6%015d', i), 'EU', 1768435200, 'Q4-' || i, 1768435200 + 3600,"
        "        500000, 'CNY', 'DE;FR;IT;ES' FROM n;"
        "COMMIT;");

  rules = pd_store_load_rules (f->store, PROGRAM, &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_load_expected_model (f->store, rules, t ("2026-03-01T00:00:00+08:00"),
                                               &model, &error));
  g_assert_no_error (error);

  for (guint s = PD_STAGE_INVITED; s <= PD_STAGE_FIRST_SALE; s++)
    {
      g_assert_cmpint (model.source[s], ==, PD_RATE_SOURCE_HISTORY);
      g_assert_cmpint (model.resolved[s], ==, 40);
      g_assert_cmpint (model.ppb[s], ==, 250000000);
    }
  g_assert_cmpint (model.source[PD_STAGE_SALES_MET], ==, PD_RATE_SOURCE_DEFAULT);

  /* The earlier program has no history of its own. */
  g_clear_pointer (&rules, pd_rules_unref);
  rules = pd_store_load_rules (f->store, "eu-jp-pop-partner-2025q4", &error);
  g_assert_true (pd_store_load_expected_model (f->store, rules, t ("2026-03-01T00:00:00+08:00"),
                                               &model, &error));
  g_assert_cmpint (model.source[PD_STAGE_INVITED], ==, PD_RATE_SOURCE_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/projection/property/bounds", test_property_bounds);
  g_test_add_func ("/projection/expected-amount", test_expected_amount);
  g_test_add_func ("/projection/expected-model/history", test_expected_model_history);
  g_test_add_func ("/projection/governance-and-at-risk", test_governance_and_at_risk);
  g_test_add_func ("/projection/revoked-invitations", test_revoked_invitations);
  g_test_add ("/projection/store/stream-sellers", Fixture, NULL,
              fixture_set_up, test_stream_sellers, fixture_tear_down);
  g_test_add ("/projection/store/stream-stops", Fixture, NULL,
              fixture_set_up, test_stream_stops, fixture_tear_down);
  g_test_add ("/projection/store/rules-and-rates", Fixture, NULL,
              fixture_set_up, test_load_rules_and_rates, fixture_tear_down);
  g_test_add ("/projection/store/history", Fixture, NULL,
              fixture_set_up, test_history_from_earlier_program, fixture_tear_down);

  return g_test_run ();
}
