/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-requests"

/* The Requests page's store side (issue 12): the inbox's filters (state,
 * type, category, budget and GMV ranges in whole units of each request's
 * currency, bounds included), its three orders with ties by id, paging
 * at the boundaries (no row twice, none lost), bad queries refused, the
 * indexes used, the seller found by contact email, refusals in words. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pd-store-private.h"
#include "pd-store-requests.h"

typedef struct
{
  char    *dir;
  PdStore *store;
} Fixture;

static void
exec_ok (PdStore    *store,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  pd_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

/* 130 requests: SR-000..SR-129, created at 1000 + i (newest: SR-129);
 * status by i % 5; type by i % 2; category by i % 3; USD budget i * 10.50
 * (1050 minor units per i), GMV (130 - i) * 1000.00; every tenth in JPY
 * with the same whole units. Two ties: SR-120 and SR-121 share a
 * created_at, SR-010 and SR-011 a budget. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const statuses[] = {
    "partner_reviewing", "partner_accepted", "connected", "rejected", "closed",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GString) sql = g_string_new ("BEGIN;");

  f->dir = g_dir_make_tmp ("pd-test-store-requests-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 130; i++)
    {
      gboolean jpy = i % 10 == 0;
      gint64 budget_units = i == 11 ? 105 : (gint64) i * 1050 / 100;
      gint64 budget = jpy ? budget_units : (i == 11 ? 10500 : (gint64) i * 1050);
      gint64 gmv = (130 - i) * (jpy ? 1000 : 100000);

      g_string_append_printf (sql,
                              "INSERT INTO seller_requests (id, status, request_type, category_id, currency,"
                              " monthly_budget, monthly_tiktok_shop_gmv, contact_name, contact_email,"
                              " created_at, updated_at, version) VALUES ('SR-%03u', '%s', '%s', 'c-%u',"
                              " '%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'N%u', 'n%u@example.com',"
                              " %u, 1, 1);",
                              i, statuses[i % 5], i % 2 ? "platform_referral" : "select_partners", i % 3,
                              jpy ? "JPY" : "USD", budget, gmv, i, i, i == 121 ? 1120 : 1000 + i);
    }
  g_string_append (sql, "COMMIT;");
  exec_ok (f->store, sql->str);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static guint64
count (Fixture              *f,
       const PdRequestQuery *query)
{
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  g_assert_true (pd_store_seller_requests_count (f->store, query, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* Every id @query selects, read @page_size at a time. */
static GPtrArray *
all_ids (Fixture              *f,
         const PdRequestQuery *query,
         guint                 page_size)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint64 offset = 0;; offset += page_size)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = pd_store_seller_requests_page (f->store, query, offset, page_size, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, page_size);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (ids, g_strdup (((PdSellerRequest *) g_ptr_array_index (page, i))->id));
      if (page->len < page_size)
        return ids;
    }
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  PdRequestQuery q;

  pd_request_query_init (&q);
  g_assert_cmpuint (count (f, &q), ==, 130);
  q.status = "partner_reviewing";
  g_assert_cmpuint (count (f, &q), ==, 26);
  q.request_type = "select_partners";                   /* i % 5 == 0 and even: i % 10 == 0 */
  g_assert_cmpuint (count (f, &q), ==, 13);
  q.category_id = "c-0";                                /* and i % 3 == 0: 0, 30, 60, 90, 120 */
  g_assert_cmpuint (count (f, &q), ==, 5);

  /* Budget ranges in whole units, both bounds included: i * 10.50 in
   * [21, 42] for i = 2..4 (21.00, 31.50, 42.00), and i = 11 (105)... */
  pd_request_query_init (&q);
  q.budget_min = 21;
  q.budget_max = 42;
  g_assert_cmpuint (count (f, &q), ==, 3);
  /* JPY 105 (i = 10) and USD 105.00 (i = 11) are the same whole units. */
  q.budget_min = 105;
  q.budget_max = 105;
  g_assert_cmpuint (count (f, &q), ==, 2);
  q.budget_max = PD_REQUEST_NO_BOUND;
  g_assert_cmpuint (count (f, &q), ==, 120);
  /* GMV (130 - i) * 1000 in [1000, 3000]: i = 127..129. */
  pd_request_query_init (&q);
  q.gmv_min = 1000;
  q.gmv_max = 3000;
  g_assert_cmpuint (count (f, &q), ==, 3);
  q.gmv_min = 3001;
  q.gmv_max = 3999;
  g_assert_cmpuint (count (f, &q), ==, 0);
}

static void
test_orders_and_paging (Fixture       *f,
                        gconstpointer  data)
{
  static const guint page_sizes[] = { 1, 7, 64, 129, 130, 131 };
  PdRequestQuery q;

  pd_request_query_init (&q);
  for (guint s = PD_REQUEST_SORT_NEWEST; s <= PD_REQUEST_SORT_GMV; s++)
    {
      g_autoptr(GPtrArray) reference = NULL;

      q.sort = s;
      reference = all_ids (f, &q, 1000);
      g_assert_cmpuint (reference->len, ==, 130);
      /* Any page size gives the same rows in the same order: no row twice,
       * none lost, ties broken by id. */
      for (guint p = 0; p < G_N_ELEMENTS (page_sizes); p++)
        {
          g_autoptr(GPtrArray) ids = all_ids (f, &q, page_sizes[p]);
          g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

          g_assert_cmpuint (ids->len, ==, reference->len);
          for (guint i = 0; i < ids->len; i++)
            {
              g_assert_cmpstr (g_ptr_array_index (ids, i), ==, g_ptr_array_index (reference, i));
              g_assert_true (g_hash_table_add (seen, g_ptr_array_index (ids, i)));
            }
        }
      switch (s)
        {
        case PD_REQUEST_SORT_NEWEST:
          g_assert_cmpstr (g_ptr_array_index (reference, 0), ==, "SR-129");
          /* SR-121 was moved to SR-120's created_at: the higher id first. */
          g_assert_cmpstr (g_ptr_array_index (reference, 8), ==, "SR-121");
          g_assert_cmpstr (g_ptr_array_index (reference, 9), ==, "SR-120");
          g_assert_cmpstr (g_ptr_array_index (reference, 129), ==, "SR-000");
          break;
        case PD_REQUEST_SORT_BUDGET:
          g_assert_cmpstr (g_ptr_array_index (reference, 0), ==, "SR-129");
          g_assert_cmpstr (g_ptr_array_index (reference, 129), ==, "SR-000");
          break;
        default:
          g_assert_cmpstr (g_ptr_array_index (reference, 0), ==, "SR-000");
          g_assert_cmpstr (g_ptr_array_index (reference, 129), ==, "SR-129");
          break;
        }
    }

  /* Past the end: an empty page, not an error. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) page = pd_store_seller_requests_page (f->store, &q, 130, 64, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 0);
  }
}

static void
test_closed_hides_contact (Fixture       *f,
                           gconstpointer  data)
{
  PdRequestQuery q;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  pd_request_query_init (&q);
  q.status = "closed";
  page = pd_store_seller_requests_page (f->store, &q, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 26);
  for (guint i = 0; i < page->len; i++)
    {
      const PdSellerRequest *r = g_ptr_array_index (page, i);

      g_assert_null (r->contact_name);
      g_assert_null (r->contact_email);
    }
}

static void
test_bad_queries (Fixture       *f,
                  gconstpointer  data)
{
  PdRequestQuery q;
  guint64 n = 0;

  pd_request_query_init (&q);
  q.status = "open";
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pd_store_seller_requests_count (f->store, &q, &n, &error));
    g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  }
  pd_request_query_init (&q);
  q.request_type = "referral";
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (pd_store_seller_requests_page (f->store, &q, 0, 10, &error));
    g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  }
  pd_request_query_init (&q);
  q.budget_min = 50;
  q.budget_max = 10;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pd_store_seller_requests_count (f->store, &q, &n, &error));
    g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  }
  pd_request_query_init (&q);
  q.gmv_min = -5;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pd_store_seller_requests_count (f->store, &q, &n, &error));
    g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  }
}

/* The orders read their first page off an index, not a sort of every row. */
static void
test_indexes_used (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const plans[] = {
    "EXPLAIN QUERY PLAN SELECT id FROM seller_requests ORDER BY created_at DESC, id DESC LIMIT 64",
    "EXPLAIN QUERY PLAN SELECT id FROM seller_requests ORDER BY " PD_REQUEST_BUDGET_UNITS_SQL
    " DESC, id DESC LIMIT 64",
    "EXPLAIN QUERY PLAN SELECT id FROM seller_requests ORDER BY " PD_REQUEST_GMV_UNITS_SQL
    " DESC, id DESC LIMIT 64",
    "EXPLAIN QUERY PLAN SELECT id FROM seller_requests WHERE status = 'connected'"
    " ORDER BY created_at DESC, id DESC LIMIT 64",
  };

  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (f->store, plans[i], &error);
      g_autoptr(GString) plan = g_string_new (NULL);

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
      g_test_message ("%s", plan->str);
      g_assert_nonnull (strstr (plan->str, " INDEX seller_requests_"));
      g_assert_null (strstr (plan->str, "TEMP B-TREE"));
    }
}

static void
test_seller_and_refusals (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seller = NULL;
  g_autofree char *none = NULL;
  g_autofree char *closed = NULL;
  g_autoptr(PdSellerRequest) reviewing = NULL;
  g_autoptr(PdSellerRequest) connected = NULL;
  g_autofree char *refusal = NULL;

  exec_ok (f->store,
           "INSERT INTO programs (id, name, kind, timezone, period_start, period_end, markets, json,"
           "  source, updated_at) VALUES ('p', 'P', 'recruitment', 'UTC', '2026-01-01', '2026-03-31',"
           "  '[\"EU\"]', '{}', 'import', 1);"
           "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, contact_email,"
           "  listed_at) VALUES ('p', '7001', 'Five', 'EU', 'N5@Example.com', 1),"
           "  ('p', '7004', 'Four', 'EU', 'n4@example.com', 1);");
  seller = pd_store_seller_request_dup_seller_id (f->store, "SR-005", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seller, ==, "7001");
  none = pd_store_seller_request_dup_seller_id (f->store, "SR-006", &error);
  g_assert_no_error (error);
  g_assert_null (none);
  /* SR-004 is closed: its contact is hidden, so is its seller. */
  closed = pd_store_seller_request_dup_seller_id (f->store, "SR-004", &error);
  g_assert_no_error (error);
  g_assert_null (closed);

  reviewing = pd_store_seller_request_get (f->store, "SR-005", &error);
  g_assert_no_error (error);
  g_assert_null (pd_store_seller_request_refusal (f->store, reviewing, PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED));
  connected = pd_store_seller_request_get (f->store, "SR-002", &error);
  refusal = pd_store_seller_request_refusal (f->store, connected, PD_SELLER_REQUEST_STATUS_CLOSED);
  g_assert_cmpstr (refusal, ==, "Only a request in review or accepted can be closed; this one is Connected");

  g_assert_true (pd_store_seller_request_move (f->store, "SR-005", PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED,
                                               NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&refusal, g_free);
  g_clear_pointer (&reviewing, pd_seller_request_free);
  reviewing = pd_store_seller_request_get (f->store, "SR-005", &error);
  refusal = pd_store_seller_request_refusal (f->store, reviewing, PD_SELLER_REQUEST_STATUS_CLOSED);
  g_assert_cmpstr (refusal, ==, "A change of this request waits in the outbox; sync first");

  g_assert_null (pd_store_seller_request_get (f->store, "SR-999", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/store-requests/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("filters", test_filters);
  ADD ("orders-and-paging", test_orders_and_paging);
  ADD ("closed-hides-contact", test_closed_hides_contact);
  ADD ("bad-queries", test_bad_queries);
  ADD ("indexes-used", test_indexes_used);
  ADD ("seller-and-refusals", test_seller_and_refusals);
#undef ADD

  return g_test_run ();
}
