/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-reconciliation"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pd-importer.h"
#include "pd-reconciliation.h"
#include "pd-store-private.h"
#include "pd-store-reconciliation.h"
#include "pd-test-q1.h"
#include "pd-timestamp.h"
#include "pd-value-error.h"

/* The reconciliation after the quarter (pd-reconciliation.h): the
 * platform's payout records beside the projection, in minor units, with
 * what explains the difference; then the same from the store on the
 * q1-example, a record naming the merchant it withheld. */

#define PROGRAM PD_TEST_Q1_PROGRAM

static PdMoney
cny (gint64 minor)
{
  PdMoney money = { minor, "CNY" };

  return money;
}

static const PdFraction half = { 5, 10 };
static const PdFraction whole = { 1, 1 };
static const PdVerdict qualified = PD_VERDICT_QUALIFIED;
static const PdVerdict lost = PD_VERDICT_LOST;

/* 18 merchants qualified at CNY 2,000.00, paid in full. */
static PdReconciliation *
eighteen (const PdFraction *factor)
{
  PdMoney reward = cny (200000);
  PdMoney projected = cny (factor == &half ? 1800000 : 3600000);

  return pd_reconciliation_new (&reward, &half, factor, 18, &projected);
}

static void
add (PdReconciliation *r,
     const char       *id,
     PdPayoutStatus    status,
     gint64            minor,
     const char       *seller_id,
     const char       *store_id,
     const PdVerdict  *verdict)
{
  PdMoney amount = cny (minor);

  pd_reconciliation_add_payout (r, id, status, &amount, seller_id, store_id, verdict);
}

static void
finish (PdReconciliation *r)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_reconciliation_finish (r, &error));
  g_assert_no_error (error);
}

static void
test_matches (void)
{
  g_autoptr(PdReconciliation) r = eighteen (&whole);
  gboolean in_projection = TRUE;

  add (r, "PO-1", PD_PAYOUT_STATUS_PAID, 3600000, NULL, NULL, NULL);
  finish (r);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_MATCHES);
  g_assert_cmpint (pd_reconciliation_get_paid (r)->minor, ==, 3600000);
  g_assert_cmpint (pd_reconciliation_get_withheld (r)->minor, ==, 0);
  g_assert_cmpint (pd_reconciliation_get_difference (r)->minor, ==, 0);
  g_assert_cmpint (pd_reconciliation_get_governance_discount (r, &in_projection)->minor, ==, 0);
  g_assert_false (in_projection);
  g_assert_cmpint (pd_reconciliation_get_unexplained (r)->minor, ==, 0);
}

/* The sandbox's quarter: CNY 34,000.00 paid, one merchant's 2,000.00
 * withheld, naming it. */
static void
test_withheld_named (void)
{
  g_autoptr(PdReconciliation) r = eighteen (&whole);
  const PdReconciliationLine *line;

  add (r, "PO-1", PD_PAYOUT_STATUS_PAID, 3400000, NULL, NULL, NULL);
  add (r, "PO-2", PD_PAYOUT_STATUS_WITHHELD, 200000, "7001", "S-7", &qualified);
  finish (r);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_EXPLAINED);
  g_assert_cmpint (pd_reconciliation_get_paid (r)->minor, ==, 3400000);
  g_assert_cmpint (pd_reconciliation_get_withheld (r)->minor, ==, 200000);
  g_assert_cmpint (pd_reconciliation_get_difference (r)->minor, ==, -200000);
  g_assert_cmpint (pd_reconciliation_get_withheld_explained (r)->minor, ==, -200000);
  g_assert_cmpint (pd_reconciliation_get_unexplained (r)->minor, ==, 0);
  g_assert_cmpuint (pd_reconciliation_get_n_lines (r), ==, 2);
  line = pd_reconciliation_get_line (r, 1);
  g_assert_cmpstr (line->seller_id, ==, "7001");
  g_assert_cmpstr (line->store_id, ==, "S-7");
  g_assert_true (line->has_verdict);
  g_assert_cmpint (line->projected.minor, ==, 200000);
  g_assert_cmpint (line->difference.minor, ==, -200000);
  g_assert_cmpstr (line->difference.currency, ==, "CNY");
}

/* Withheld, naming nobody: its own amount explains it. */
static void
test_withheld_unnamed (void)
{
  g_autoptr(PdReconciliation) r = eighteen (&whole);

  add (r, "PO-1", PD_PAYOUT_STATUS_PAID, 3400000, NULL, NULL, NULL);
  add (r, "PO-2", PD_PAYOUT_STATUS_WITHHELD, 200000, NULL, NULL, NULL);
  finish (r);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_EXPLAINED);
  g_assert_cmpint (pd_reconciliation_get_withheld_explained (r)->minor, ==, -200000);
}

/* Withheld for a merchant we never counted: explains nothing. */
static void
test_withheld_not_counted (void)
{
  g_autoptr(PdReconciliation) r = eighteen (&whole);
  const PdReconciliationLine *line;

  add (r, "PO-1", PD_PAYOUT_STATUS_PAID, 3400000, NULL, NULL, NULL);
  add (r, "PO-2", PD_PAYOUT_STATUS_WITHHELD, 200000, "7002", NULL, &lost);
  finish (r);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_UNEXPLAINED);
  g_assert_cmpint (pd_reconciliation_get_withheld_explained (r)->minor, ==, 0);
  g_assert_cmpint (pd_reconciliation_get_unexplained (r)->minor, ==, -200000);
  line = pd_reconciliation_get_line (r, 1);
  g_assert_cmpint (line->projected.minor, ==, 0);
  g_assert_cmpint (line->difference.minor, ==, 0);
}

/* The platform paid the governance rate on a quarter we projected in
 * full: the discount explains the difference. */
static void
test_governance_found (void)
{
  g_autoptr(PdReconciliation) r = eighteen (&whole);
  gboolean in_projection = TRUE;

  add (r, "PO-1", PD_PAYOUT_STATUS_PAID, 1700000, NULL, NULL, NULL);
  add (r, "PO-2", PD_PAYOUT_STATUS_WITHHELD, 200000, "7001", NULL, &qualified);
  finish (r);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_EXPLAINED);
  g_assert_cmpint (pd_reconciliation_get_difference (r)->minor, ==, -1900000);
  /* (36,000 - 2,000) x 0.5 = 17,000 paid: 17,000 discounted. */
  g_assert_cmpint (pd_reconciliation_get_governance_discount (r, &in_projection)->minor, ==, 1700000);
  g_assert_false (in_projection);
  g_assert_cmpint (pd_reconciliation_get_unexplained (r)->minor, ==, 0);
}

/* The projection applied the fraction already: the discount is shown,
 * and the payout matches. */
static void
test_governance_in_projection (void)
{
  g_autoptr(PdReconciliation) r = eighteen (&half);
  gboolean in_projection = FALSE;

  add (r, "PO-1", PD_PAYOUT_STATUS_PAID, 1800000, NULL, NULL, NULL);
  finish (r);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_MATCHES);
  g_assert_cmpint (pd_reconciliation_get_governance_discount (r, &in_projection)->minor, ==, 1800000);
  g_assert_true (in_projection);
}

static void
test_unexplained (void)
{
  g_autoptr(PdReconciliation) r = eighteen (&whole);

  add (r, "PO-1", PD_PAYOUT_STATUS_PAID, 3500000, NULL, NULL, NULL);
  finish (r);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_UNEXPLAINED);
  g_assert_cmpint (pd_reconciliation_get_governance_discount (r, NULL)->minor, ==, 0);
  g_assert_cmpint (pd_reconciliation_get_unexplained (r)->minor, ==, -100000);
}

static void
test_no_payouts (void)
{
  g_autoptr(PdReconciliation) r = eighteen (&whole);

  finish (r);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_NO_PAYOUTS);
  g_assert_cmpint (pd_reconciliation_get_difference (r)->minor, ==, -3600000);
}

static void
test_currency (void)
{
  g_autoptr(PdReconciliation) r = eighteen (&whole);
  g_autoptr(GError) error = NULL;
  PdMoney eur = { 100, "EUR" };

  pd_reconciliation_add_payout (r, "PO-E", PD_PAYOUT_STATUS_PAID, &eur, NULL, NULL, NULL);
  g_assert_false (pd_reconciliation_finish (r, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "PO-E"));
}

static void
test_quarter_of (void)
{
  g_autofree char *q1 = pd_reconciliation_quarter_of ("2026-03-31");
  g_autofree char *q4 = pd_reconciliation_quarter_of ("2026-12-31");
  g_autofree char *q3 = pd_reconciliation_quarter_of ("2026-07-01");

  g_assert_cmpstr (q1, ==, "2026Q1");
  g_assert_cmpstr (q4, ==, "2026Q4");
  g_assert_cmpstr (q3, ==, "2026Q3");
  g_assert_null (pd_reconciliation_quarter_of ("31/03/2026"));
  g_assert_null (pd_reconciliation_quarter_of (NULL));
}

/* From the store: the q1-example as of 2026-05-15 (3 qualified, S-11
 * high-risk: factor 0.5, CNY 3,000.00 confirmed), the platform paying
 * CNY 2,000.00 and withholding S-01's share. */
static void
test_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(PdStore) store = pd_test_q1_store_new ("reconciliation", &dir);
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(PdReconciliation) r = NULL;
  g_auto(PdProjectionSetup) setup = { 0 };
  const PdReconciliationLine *line;
  gboolean in_projection = FALSE;
  gint64 as_of = 0;

  g_assert_true (pd_store_exec (store,
                                "INSERT INTO payouts (id, program_id, quarter, amount, currency, status,"
                                "                     paid_at, seller_id, store_id) VALUES"
                                "  ('PO-1', '" PROGRAM "', '2026Q1', 200000, 'CNY', 'paid', 1781748000, NULL, NULL),"
                                "  ('PO-2', '" PROGRAM "', '2026Q1', 100000, 'CNY', 'withheld', 1781748000, NULL, 'S-01'),"
                                "  ('PO-0', '" PROGRAM "', '2025Q4', 900000, 'CNY', 'paid', 1768000000, NULL, NULL);",
                                &error));
  g_assert_no_error (error);

  /* Before the period ends there is nothing to reconcile. */
  g_assert_true (pd_timestamp_parse ("2026-03-15T12:00:00+08:00", NULL, &as_of, &error));
  g_assert_true (pd_projection_setup_load (&setup, store, PROGRAM, as_of, &error));
  g_assert_no_error (error);
  g_assert_false (pd_reconciliation_is_due (&setup));

  g_assert_true (pd_timestamp_parse ("2026-05-15T00:00:00+08:00", NULL, &as_of, &error));
  g_assert_true (pd_projection_setup_set_as_of (&setup, store, as_of, &error));
  g_assert_true (pd_reconciliation_is_due (&setup));
  projection = pd_projection_setup_run (&setup, store, NULL, &error);
  g_assert_no_error (error);
  r = pd_store_reconcile (store, &setup, projection, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);

  /* The 2025Q4 record is another quarter's. */
  g_assert_cmpuint (pd_reconciliation_get_n_lines (r), ==, 2);
  g_assert_cmpint (pd_reconciliation_get_projected (r)->minor, ==, 300000);
  g_assert_cmpint (pd_reconciliation_get_paid (r)->minor, ==, 200000);
  g_assert_cmpint (pd_reconciliation_get_withheld (r)->minor, ==, 100000);
  g_assert_cmpint (pd_reconciliation_get_difference (r)->minor, ==, -100000);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_EXPLAINED);
  g_assert_cmpint (pd_reconciliation_get_governance_discount (r, &in_projection)->minor, ==, 300000);
  g_assert_true (in_projection);
  line = pd_reconciliation_get_line (r, 1);
  g_assert_cmpstr (line->payout_id, ==, "PO-2");
  g_assert_cmpstr (line->store_id, ==, "S-01");
  g_assert_true (line->has_verdict);
  g_assert_cmpint (line->verdict, ==, PD_VERDICT_QUALIFIED);
  g_assert_cmpint (line->projected.minor, ==, 100000);

  g_clear_object (&store);
  pd_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reconciliation/matches", test_matches);
  g_test_add_func ("/reconciliation/withheld/named", test_withheld_named);
  g_test_add_func ("/reconciliation/withheld/unnamed", test_withheld_unnamed);
  g_test_add_func ("/reconciliation/withheld/not-counted", test_withheld_not_counted);
  g_test_add_func ("/reconciliation/governance/found", test_governance_found);
  g_test_add_func ("/reconciliation/governance/in-projection", test_governance_in_projection);
  g_test_add_func ("/reconciliation/unexplained", test_unexplained);
  g_test_add_func ("/reconciliation/no-payouts", test_no_payouts);
  g_test_add_func ("/reconciliation/currency", test_currency);
  g_test_add_func ("/reconciliation/quarter-of", test_quarter_of);
  g_test_add_func ("/reconciliation/store", test_store);
  return g_test_run ();
}
