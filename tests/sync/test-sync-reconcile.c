/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-reconcile"

#include "config.h"

#include <string.h>

#include "pd-projection-setup.h"
#include "pd-store-reconciliation.h"
#include "pd-timestamp.h"
#include "sync-test-utils.h"

/* Issue 14 item 4: the reconciliation of a synced payout that withheld
 * one merchant. The sandbox's demo seeded after Q1 2026 has that
 * quarter's history (the template program's targets, links and stores)
 * and the payouts the platform derived from it: the reward for every
 * qualified merchant but one, paid, and that one's withheld, naming it.
 * The projection for the ended quarter, from the synced facts alone,
 * must add up with them: paid + withheld = projected, the difference
 * explained by the withheld merchant, nothing left unexplained. The
 * same whenever the demo is seeded after the payout (two seed times). */

#define PROGRAM "eu-jp-pop-partner-2026q1"

typedef StoreFixture Fixture;

static void
test_withheld_merchant (Fixture       *f,
                        gconstpointer  data)
{
  const char *seed_time = data;
  g_autoptr(Sandbox) sandbox = sandbox_start ("--seed", "demo", "--seed-time", seed_time, NULL);
  g_autoptr(PdSyncClient) client = test_client_new (f->store, sandbox, 0.02);
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(PdReconciliation) r = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PdProjectionSetup) setup = { 0 };
  g_autofree char *seller = NULL;
  g_autofree char *store_id = NULL;
  const PdReconciliationLine *paid = NULL;
  const PdReconciliationLine *withheld = NULL;
  const PdMoney *reward;
  gint64 qualified;
  PdSyncSummary summary;
  gint64 as_of = 0;

  test_sync_ok (client, &summary);
  test_assert_store_equals_sandbox (f->store, sandbox);
  /* The platform named the merchant, and sync kept it. */
  seller = test_store_text (f->store, "SELECT seller_id FROM payouts WHERE status = 'withheld'");
  store_id = test_store_text (f->store, "SELECT store_id FROM payouts WHERE status = 'withheld'");
  g_assert_nonnull (seller);
  g_assert_nonnull (store_id);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM payouts WHERE seller_id IS NULL"), ==, 1);

  /* As of the moment of seeding: the quarter is over, every window closed. */
  g_assert_true (pd_timestamp_parse (seed_time, NULL, &as_of, &error));
  g_assert_true (pd_projection_setup_load (&setup, f->store, PROGRAM, as_of, &error));
  g_assert_no_error (error);
  g_assert_true (pd_reconciliation_is_due (&setup));
  projection = pd_projection_setup_run (&setup, f->store, NULL, &error);
  g_assert_no_error (error);
  /* Nine merchants qualify, none is pending, no store is high-risk. */
  qualified = pd_projection_count (projection, PD_VERDICT_QUALIFIED);
  g_assert_cmpint (qualified, ==, 9);
  g_assert_cmpint (pd_projection_count (projection, PD_VERDICT_PENDING), ==, 0);
  g_assert_cmpint (pd_projection_get_factor (projection)->numerator, ==,
                   pd_projection_get_factor (projection)->denominator);
  r = pd_store_reconcile (f->store, &setup, projection, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);

  g_assert_cmpuint (pd_reconciliation_get_n_lines (r), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const PdReconciliationLine *line = pd_reconciliation_get_line (r, i);

      if (line->status == PD_PAYOUT_STATUS_WITHHELD)
        withheld = line;
      else
        paid = line;
    }
  g_assert_nonnull (paid);
  g_assert_nonnull (withheld);
  g_assert_cmpstr (paid->payout_id, ==, "PO-2026Q1-EUJP-01");
  g_assert_null (paid->seller_id);

  /* The withheld merchant: qualified in the projection, which counted
   * its reward in full. */
  reward = &setup.rules->reward;
  g_assert_cmpstr (withheld->payout_id, ==, "PO-2026Q1-EUJP-02");
  g_assert_cmpstr (withheld->seller_id, ==, seller);
  g_assert_cmpstr (withheld->store_id, ==, store_id);
  g_assert_true (withheld->has_verdict);
  g_assert_cmpint (withheld->verdict, ==, PD_VERDICT_QUALIFIED);
  g_assert_cmpint (withheld->projected.minor, ==, reward->minor);
  g_assert_cmpint (withheld->difference.minor, ==, -reward->minor);
  g_assert_cmpint (withheld->amount.minor, ==, reward->minor);

  /* The totals, in minor units: paid + withheld = projected. */
  g_assert_cmpint (pd_reconciliation_get_projected (r)->minor, ==, qualified * reward->minor);
  g_assert_cmpint (pd_reconciliation_get_paid (r)->minor, ==, (qualified - 1) * reward->minor);
  g_assert_cmpint (pd_reconciliation_get_withheld (r)->minor, ==, reward->minor);
  g_assert_cmpint (pd_reconciliation_get_difference (r)->minor, ==, -reward->minor);
  g_assert_cmpint (pd_reconciliation_get_withheld_explained (r)->minor, ==, -reward->minor);
  g_assert_cmpint (pd_reconciliation_get_governance_discount (r, NULL)->minor, ==, 0);
  g_assert_cmpint (pd_reconciliation_get_unexplained (r)->minor, ==, 0);
  g_assert_cmpint (pd_reconciliation_get_state (r), ==, PD_RECONCILIATION_EXPLAINED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sync_test_init (argc, argv);

  /* The day the platform paid, and a year later. */
  g_test_add ("/sync/reconcile/withheld-merchant", Fixture, "2026-06-18T02:00:00Z", store_fixture_set_up,
              test_withheld_merchant, store_fixture_tear_down);
  g_test_add ("/sync/reconcile/withheld-merchant-later", Fixture, "2027-06-30T04:00:00Z", store_fixture_set_up,
              test_withheld_merchant, store_fixture_tear_down);
  return g_test_run ();
}
