/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-link-state"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pd-merchant-index.h"
#include "pd-merchant-refresh.h"
#include "pd-merchant-seller.h"
#include "pd-store-entries.h"
#include "pd-store-links.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"

/* What the store makes of a link's state, without a display:
 *
 * - the "used" rule (domain.md) for an expired link that a store names,
 *   in each of its forms (issue 19 item 4b): the SQL one the Links page
 *   and the merchant rows' point update read (PD_STORE_LINK_STATE_SQL,
 *   and the Links page's state filter) and the C one of the rows'
 *   rebuild (link_state_with_use());
 * - invited sellers without a store whose links were revoked or expired
 *   (issue 13), through both readers of the engine's input (the
 *   streamed rebuild and one seller read alone for the detail pane):
 *   the verdict, the deadline and the checklist text. */

#define PROGRAM "eu-jp-pop-partner-2026q1"

/* 2026-03-25T12:00:00+08:00 */
#define AS_OF G_GINT64_CONSTANT (1774411200)
/* 2026-03-20T09:00:00+08:00 */
#define BEFORE G_GINT64_CONSTANT (1773968400)
/* 2026-03-28T00:00:00+08:00 */
#define LATER G_GINT64_CONSTANT (1774627200)
/* 2026-03-01T10:00:00+08:00 */
#define CREATED G_GINT64_CONSTANT (1772330400)

typedef struct
{
  char            *dir;
  char            *path;
  PdStore         *store;
  PdMerchantIndex *index;
} Fixture;

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
}

static void
target (Fixture    *f,
        const char *seller_id)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, review_status, listed_at)"
    " VALUES ('" PROGRAM "', '%s', 'Seller %s', 'EU', 'approved', 1767225600)", seller_id, seller_id);

  exec (f, sql);
}

/* An onboarding link of the program; 0 for no expires_at / revoked_at. */
static void
add_link (Fixture    *f,
      const char *token,
      const char *seller_id,
      const char *state,
      gint64      expires_at,
      gint64      revoked_at)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO links (token, kind, url, state, seller_id, market, program_id, created_at,"
    " expires_at, revoked_at)"
    " VALUES ('%s', 'onboarding', 'https://example.com/?pd_ref=%s', '%s', '%s', 'EU', '" PROGRAM "',"
    " %" G_GINT64_FORMAT ", NULLIF(%" G_GINT64_FORMAT ", 0), NULLIF(%" G_GINT64_FORMAT ", 0))",
    token, token, state, seller_id, CREATED, expires_at, revoked_at);

  exec (f, sql);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pd-test-link-state-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
  f->index = pd_merchant_index_new (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->index);
  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
rebuild (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  PdMerchantRefreshStats stats;

  g_assert_true (pd_merchant_refresh (f->path, AS_OF, PD_MERCHANT_REFRESH_REBUILD, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
}

static void
update_seller (Fixture    *f,
               const char *seller_id)
{
  g_autoptr(GError) error = NULL;
  gboolean rebuild_needed = TRUE;

  g_assert_true (pd_merchant_update_sellers (f->store, (const char * const[]) { seller_id, NULL }, AS_OF,
                                             &rebuild_needed, &error));
  g_assert_no_error (error);
  g_assert_false (rebuild_needed);
}

static PdMerchantRow *
get_row (Fixture    *f,
         const char *seller_id,
         const char *store_id)
{
  g_autoptr(GError) error = NULL;
  PdMerchantRow *row = pd_merchant_index_get_row (f->index, PROGRAM, seller_id, store_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  return row;
}

static guint64
count_links (Fixture    *f,
             const char *state)
{
  g_autoptr(GError) error = NULL;
  guint64 n = G_MAXUINT64;

  g_assert_true (pd_store_links_count (f->store, state, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* Issue 19 item 4b: an expired link a store names is "used", in every
 * form of the rule. The platform (sync) stores 'expired' itself; the
 * other expired link is 'active' past its expires_at. Each assertion
 * below fails when 'expired' is dropped from one form: the rows'
 * rebuild (C), their point update and the Links page (SQL), the Links
 * page's filter. */
static void
test_expired_link_used (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *seller = "7300000000000001";
  const char *token = "ExpiredUsedToken000001";

  target (f, seller);
  add_link (f, token, seller, "expired", BEFORE, 0);
  /* A link of another seller, expired and named by no store: expired. */
  target (f, "7300000000000002");
  add_link (f, "ExpiredUnusedToken0002", "7300000000000002", "expired", BEFORE, 0);
  /* The store first opened through no link the store knows of. */
  exec (f, "INSERT INTO stores (store_id, seller_id, market, onboarded_at)"
           " VALUES ('X-01', '7300000000000001', 'EU', 1772503200)");
  rebuild (f);
  {
    g_autoptr(PdMerchantRow) row = get_row (f, seller, "X-01");

    g_assert_cmpstr (row->link_token, ==, token);
    g_assert_cmpstr (row->link_state, ==, "expired");
  }

  /* Then the report says it came through our (now expired) link. */
  exec (f, "UPDATE stores SET via_link = 'ExpiredUsedToken000001', via_token = 'ExpiredUsedToken000001'"
           " WHERE store_id = 'X-01'");

  /* The Links page (PD_STORE_LINK_STATE_SQL). */
  {
    g_autoptr(PdLink) got = pd_store_link_get (f->store, token, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (got->state, ==, "used");
  }
  {
    g_autoptr(PdLink) got = pd_store_link_get (f->store, "ExpiredUnusedToken0002", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (got->state, ==, "expired");
  }
  /* Its state filter. */
  g_assert_cmpuint (count_links (f, "used"), ==, 1);
  g_assert_cmpuint (count_links (f, "expired"), ==, 1);

  /* The rows' point update of one seller (PD_STORE_LINK_STATE_SQL). */
  update_seller (f, seller);
  {
    g_autoptr(PdMerchantRow) row = get_row (f, seller, "X-01");

    g_assert_cmpstr (row->link_state, ==, "used");
  }

  /* The rows' rebuild (link_state_with_use()). */
  rebuild (f);
  {
    g_autoptr(PdMerchantRow) row = get_row (f, seller, "X-01");

    g_assert_cmpstr (row->link_state, ==, "used");
  }
  {
    g_autoptr(PdMerchantRow) row = get_row (f, "7300000000000002", NULL);

    g_assert_cmpstr (row->link_state, ==, "expired");
  }
}

/* One seller read alone (the detail pane's checklist) and the streamed
 * rebuild (the rows) agree on the entry without a store. */
static void
assert_invited (Fixture     *f,
                const char  *seller_id,
                PdVerdict    verdict,
                gboolean     has_deadline,
                gint64       deadline,
                const char  *onboarded_detail)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdRules) rules = pd_store_load_rules (f->store, PROGRAM, &error);
  g_autoptr(PdMerchantSeller) seller = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(PdMerchantRow) row = NULL;
  PdVerdict got;
  gboolean found = FALSE;

  g_assert_no_error (error);
  seller = pd_merchant_seller_load (f->store, PROGRAM, seller_id, &error);
  g_assert_no_error (error);
  g_assert_true (pd_merchant_seller_checklist (seller, rules, AS_OF, NULL, &got, NULL, &checks));
  g_assert_cmpint (got, ==, verdict);
  for (guint i = 0; i < checks->len; i++)
    {
      PdMerchantCheck *check = g_ptr_array_index (checks, i);

      if (check->condition != PD_CONDITION_ONBOARDED)
        continue;
      found = TRUE;
      g_assert_cmpstr (check->detail, ==, onboarded_detail);
      g_assert_cmpint (check->has_deadline, ==, has_deadline);
      if (has_deadline)
        g_assert_cmpint (check->deadline, ==, deadline);
    }
  g_assert_true (found);

  row = get_row (f, seller_id, NULL);
  g_assert_cmpint (row->verdict, ==, (PdMerchantVerdict) verdict);
  g_assert_cmpint (row->stage, ==, PD_STAGE_INVITED);
  g_assert_cmpint (row->has_deadline, ==, has_deadline);
  if (has_deadline)
    g_assert_cmpint (row->deadline, ==, deadline);
}

/* Issue 13, through the store: an invited seller whose only link was
 * revoked before as_of, or at its very second, is lost; one whose link
 * is revoked after as_of is pending; an expired link (stored 'expired',
 * or 'active' past its expires_at) brings no store either, and one that
 * expires before the period ends sets the deadline. */
static void
test_invited_links (Fixture       *f,
                    gconstpointer  data)
{
  const char *period_end_text = "not onboarded yet, 6 days left";
  g_autoptr(GError) error = NULL;
  gint64 period_end = 0;

  g_assert_true (pd_timestamp_parse ("2026-03-31T23:59:59+08:00", NULL, &period_end, &error));

  target (f, "7300000000000011");
  add_link (f, "RevokedBeforeToken0011", "7300000000000011", "revoked", 0, BEFORE);
  target (f, "7300000000000012");
  add_link (f, "RevokedAtAsOfToken0012", "7300000000000012", "revoked", 0, AS_OF);
  target (f, "7300000000000013");
  add_link (f, "RevokedLaterToken00013", "7300000000000013", "revoked", 0, AS_OF + 1);
  target (f, "7300000000000014");
  add_link (f, "ExpiredStoredToken0014", "7300000000000014", "expired", BEFORE, 0);
  target (f, "7300000000000015");
  add_link (f, "ActivePastExpiry000015", "7300000000000015", "active", AS_OF, 0);
  target (f, "7300000000000016");
  add_link (f, "ExpiresSoonToken000016", "7300000000000016", "active", LATER, 0);
  /* Revoked (or expired) according to sync, which gave no time. */
  target (f, "7300000000000018");
  add_link (f, "RevokedUndatedToken018", "7300000000000018", "revoked", 0, 0);
  target (f, "7300000000000019");
  add_link (f, "ExpiredUndatedToken019", "7300000000000019", "expired", 0, 0);
  /* Revoked, then a newer active link. */
  target (f, "7300000000000017");
  add_link (f, "OldRevokedToken0000017", "7300000000000017", "revoked", 0, BEFORE);
  add_link (f, "NewActiveToken00000017", "7300000000000017", "active", 0, 0);
  rebuild (f);

  assert_invited (f, "7300000000000011", PD_VERDICT_LOST, FALSE, 0,
                  "not onboarded, and our onboarding link was revoked on 2026-03-20:"
                  " no store can open through it any more");
  assert_invited (f, "7300000000000012", PD_VERDICT_LOST, FALSE, 0,
                  "not onboarded, and our onboarding link was revoked on 2026-03-25:"
                  " no store can open through it any more");
  assert_invited (f, "7300000000000013", PD_VERDICT_PENDING, TRUE, period_end, period_end_text);
  assert_invited (f, "7300000000000014", PD_VERDICT_LOST, FALSE, 0,
                  "not onboarded, and our onboarding link expired on 2026-03-20:"
                  " no store can open through it any more");
  assert_invited (f, "7300000000000015", PD_VERDICT_LOST, FALSE, 0,
                  "not onboarded, and our onboarding link expired on 2026-03-25:"
                  " no store can open through it any more");
  assert_invited (f, "7300000000000016", PD_VERDICT_PENDING, TRUE, LATER - 1,
                  "not onboarded yet; our link works until 2026-03-27, 2 days left");
  assert_invited (f, "7300000000000017", PD_VERDICT_PENDING, TRUE, period_end, period_end_text);
  assert_invited (f, "7300000000000018", PD_VERDICT_LOST, FALSE, 0,
                  "not onboarded, and our onboarding link was revoked: no store can open through it any more");
  assert_invited (f, "7300000000000019", PD_VERDICT_LOST, FALSE, 0,
                  "not onboarded, and our onboarding link expired: no store can open through it any more");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/link-state/expired-link-used", Fixture, NULL, fixture_set_up, test_expired_link_used,
              fixture_tear_down);
  g_test_add ("/link-state/invited-links", Fixture, NULL, fixture_set_up, test_invited_links,
              fixture_tear_down);

  return g_test_run ();
}
