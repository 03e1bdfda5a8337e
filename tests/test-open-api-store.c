/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-open-api-store"

#include "config.h"

#include <glib/gstdio.h>

#include "pd-merchant-format.h"
#include "pd-store-open-api.h"
#include "pd-store-private.h"

/* The store side of issue 17: the connection, the figures with their
 * source, the rule that an imported settled figure stays unless told,
 * the end of an authorization, and the words the checklist shows. */

static PdStore *
open_store (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  PdStore *store;

  g_setenv ("USER", "tester", TRUE);
  *dir_out = g_dir_make_tmp ("pd-test-open-api-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir_out, "store.db", NULL);
  store = pd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_exec (store,
                                "INSERT INTO stores (store_id, seller_id, market, onboarded_at)"
                                " VALUES ('S1', '7001', 'EU', 1767225600);"
                                "INSERT INTO links (token, kind, seller_id, service_id, created_at) VALUES"
                                " ('st-ok', 'authorization', '7001', 'svc-1', 0);"
                                "INSERT INTO authorizations (id, state, seller_id, service_id, starts_at, expires_at)"
                                " VALUES ('A-1', 'active', '7001', 'svc-1', 0, 1800000000),"
                                "        ('A-2', 'active', '7001', 'svc-other', 0, 1800000000);"
                                "INSERT INTO links (token, kind, seller_id, created_at, state, revoked_at)"
                                " VALUES ('st-revoked', 'authorization', '7001', 0, 'revoked', 5);",
                                &error));
  g_assert_no_error (error);
  return store;
}

static void
remove_store (PdStore *store,
              char    *dir)
{
  g_autofree char *path = g_strdup (pd_store_get_path (store));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_object_unref (store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
  g_free (dir);
}

static gint64
query_int (PdStore    *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
connect_shop (PdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shops = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_open_api_shop_free);
  PdOpenApiShop *shop = g_new0 (PdOpenApiShop, 1);
  PdOpenApiGrant grant = {
    .open_id = (char *) "OID1", .link_token = (char *) "st-ok", .seller_id = (char *) "7001",
    .seller_name = (char *) "Alpha", .access_expires_at = 1800000000, .refresh_expires_at = 1900000000,
  };

  shop->shop_id = g_strdup ("S1");
  shop->name = g_strdup ("Alpha EU");
  shop->region = g_strdup ("DE");
  shop->cipher = g_strdup ("ROW_x");
  g_ptr_array_add (shops, shop);
  g_assert_true (pd_store_open_api_save_connection (store, &grant, shops, 1767300000, NULL, &error));
  g_assert_no_error (error);
}

static void
write (PdStore    *store,
       gint64      amount,
       const char *countries,
       gboolean    overwrite,
       gboolean    expect_applied)
{
  g_autoptr(GError) error = NULL;
  gboolean applied = !expect_applied;
  PdOpenApiFigures figures = {
    .read_at = 1767400000,
    .gmv_endpoint = "/analytics/202405/shop/performance", .gmv_amount = amount, .gmv_currency = "CNY",
    .gmv_window_start = "2026-01-01", .gmv_window_end = "2026-01-31",
    .warehouses_endpoint = "/logistics/202309/warehouses", .warehouse_countries = countries,
    .status_endpoint = "/seller/202309/shops", .shop_status = "ACTIVE",
  };

  g_assert_true (pd_store_open_api_write_figures (store, "S1", &figures, overwrite, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpint (applied, ==, expect_applied);
}

static void
test_links (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seller = NULL;
  char *dir = NULL;
  PdStore *store = open_store (&dir);

  g_assert_true (pd_store_open_api_check_link (store, "st-ok", &seller, &error));
  g_assert_cmpstr (seller, ==, "7001");
  g_assert_false (pd_store_open_api_check_link (store, "st-revoked", NULL, &error));
  g_assert_error (error, PD_STORE_OPEN_API_ERROR, PD_STORE_OPEN_API_ERROR_REVOKED_LINK);
  g_clear_error (&error);
  g_assert_false (pd_store_open_api_check_link (store, "nope", NULL, &error));
  g_assert_error (error, PD_STORE_OPEN_API_ERROR, PD_STORE_OPEN_API_ERROR_UNKNOWN_LINK);
  remove_store (store, dir);
}

static void
test_figures_and_settled_rule (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shops = NULL;
  char *dir = NULL;
  PdStore *store = open_store (&dir);

  connect_shop (store);
  /* Empty: the platform's figures become the engine's inputs. */
  write (store, 124000, "DE;FR", FALSE, TRUE);
  g_assert_cmpint (query_int (store, "SELECT settled_gmv_30d FROM stores"), ==, 124000);
  g_assert_cmpint (query_int (store, "SELECT inventory_countries = 'DE;FR' FROM stores"), ==, 1);
  /* Still ours: updated. */
  write (store, 150000, "DE", FALSE, TRUE);
  g_assert_cmpint (query_int (store, "SELECT settled_gmv_30d FROM stores"), ==, 150000);
  /* An import replaces it: kept, unless told. */
  g_assert_true (pd_store_exec (store, "UPDATE stores SET settled_gmv_30d = 99, inventory_countries = 'IT'",
                                &error));
  write (store, 160000, "DE", FALSE, FALSE);
  g_assert_cmpint (query_int (store, "SELECT settled_gmv_30d FROM stores"), ==, 99);
  g_assert_cmpint (query_int (store, "SELECT inventory_countries = 'IT' FROM stores"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT gmv_amount FROM open_api_figures"), ==, 160000);
  write (store, 170000, "DE", TRUE, TRUE);
  g_assert_cmpint (query_int (store, "SELECT settled_gmv_30d FROM stores"), ==, 170000);
  g_assert_cmpint (query_int (store, "SELECT inventory_countries = 'DE' FROM stores"), ==, 1);

  /* The end of the authorization: marked, figures kept. */
  g_assert_true (pd_store_open_api_end_grant (store, "OID1", "cancelled", "cancelled by the seller", &error));
  g_assert_no_error (error);
  shops = pd_store_open_api_list_shops (store, NULL, &error);
  g_assert_cmpuint (shops->len, ==, 1);
  g_assert_cmpstr (((PdOpenApiShop *) shops->pdata[0])->state, ==, "cancelled");
  g_assert_cmpint (((PdOpenApiShop *) shops->pdata[0])->last_read_at, ==, 1767400000);
  g_assert_cmpint (query_int (store, "SELECT gmv_amount FROM open_api_figures"), ==, 170000);
  /* No token anywhere in the store. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_table_info('open_api_grants')"
                                     " WHERE name LIKE '%token' AND name != 'link_token'"), ==, 0);
  remove_store (store, dir);
}

/* The authorization's real end feeds the authorization the link was for
 * (its seller and service), at the connection and after a refresh. */
static void
test_authorization_end (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = NULL;
  PdStore *store = open_store (&dir);

  connect_shop (store);
  g_assert_cmpint (query_int (store, "SELECT expires_at FROM authorizations WHERE id = 'A-1'"), ==, 1900000000);
  g_assert_cmpint (query_int (store, "SELECT expires_at FROM authorizations WHERE id = 'A-2'"), ==, 1800000000);
  g_assert_true (pd_store_open_api_set_expiries (store, "OID1", 1850000000, 1950000000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT expires_at FROM authorizations WHERE id = 'A-1'"), ==, 1950000000);
  g_assert_cmpint (query_int (store, "SELECT refresh_expires_at FROM open_api_grants"), ==, 1950000000);
  remove_store (store, dir);
}

static void
test_reading_text (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(PdOpenApiReading) reading = { 0 };
  g_autofree char *text = NULL;
  char *dir = NULL;
  PdStore *store = open_store (&dir);

  g_assert_false (pd_store_open_api_get_reading (store, "S1", &reading, &error));
  g_assert_no_error (error);
  connect_shop (store);
  write (store, 124000, "DE;FR", FALSE, TRUE);
  g_assert_true (pd_store_open_api_get_reading (store, "S1", &reading, &error));
  text = pd_merchant_format_reading (&reading, 1767400000 + 2 * 3600 + 59);
  g_assert_cmpstr (text, ==,
                   "GMV CNY 1,240.00, from the platform, 2 hours ago\n"
                   "Inventory: DE;FR, from the platform, 2 hours ago\n"
                   "Shop status: active, from the platform, 2 hours ago");
  remove_store (store, dir);
}

static void
save_grant (PdStore      *store,
            const char   *open_id,
            const char  **shop_ids,
            const char  **expect_replaced)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shops = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_open_api_shop_free);
  g_auto(GStrv) replaced = NULL;
  PdOpenApiGrant grant = {
    .open_id = (char *) open_id, .link_token = (char *) "st-ok", .seller_id = (char *) "7001",
    .seller_name = (char *) "Alpha", .access_expires_at = 1800000000, .refresh_expires_at = 1900000000,
  };

  for (guint i = 0; shop_ids[i] != NULL; i++)
    {
      PdOpenApiShop *shop = g_new0 (PdOpenApiShop, 1);

      shop->shop_id = g_strdup (shop_ids[i]);
      shop->name = g_strdup (shop_ids[i]);
      shop->region = g_strdup ("DE");
      shop->cipher = g_strdup ("ROW_x");
      g_ptr_array_add (shops, shop);
    }
  g_assert_true (pd_store_open_api_save_connection (store, &grant, shops, 1767300000, &replaced, &error));
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) replaced, expect_replaced));
}

/* Issue 17 item 5: a seller who authorizes again replaces the grant. */
static void
test_reauthorization (void)
{
  const char *both[] = { "S1", "S2", NULL };
  const char *first[] = { "S1", NULL };
  const char *none[] = { NULL };
  const char *oid1[] = { "OID1", NULL };
  g_autoptr(GPtrArray) shops = NULL;
  g_autoptr(GError) error = NULL;
  char *dir = NULL;
  PdStore *store = open_store (&dir);

  save_grant (store, "OID1", both, none);
  write (store, 124000, "DE", FALSE, TRUE);
  g_assert_true (pd_store_open_api_end_grant (store, "OID1", "cancelled", "cancelled", &error));
  /* Again, the same open_id, one shop: connected again, the other gone. */
  save_grant (store, "OID1", first, none);
  shops = pd_store_open_api_list_shops (store, NULL, &error);
  g_assert_cmpuint (shops->len, ==, 1);
  g_assert_cmpstr (((PdOpenApiShop *) shops->pdata[0])->state, ==, "connected");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM open_api_grants WHERE state = 'connected'"), ==, 1);
  /* Again under another open_id: the old grant is forgotten, its
   * open_id given for its tokens; the figures read stay. */
  save_grant (store, "OID2", first, oid1);
  g_clear_pointer (&shops, g_ptr_array_unref);
  shops = pd_store_open_api_list_shops (store, NULL, &error);
  g_assert_cmpuint (shops->len, ==, 1);
  g_assert_cmpstr (((PdOpenApiShop *) shops->pdata[0])->open_id, ==, "OID2");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM open_api_grants"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM open_api_figures WHERE shop_id = 'S1'"), ==, 1);
  remove_store (store, dir);
}

/* What the Overview counts, and a disconnection. */
static void
test_sources_and_forget (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) readings = NULL;
  PdOpenApiSources sources;
  char *dir = NULL;
  PdStore *store = open_store (&dir);

  g_assert_true (pd_store_exec (store,
                                "INSERT INTO stores (store_id, seller_id, settled_gmv_30d, gmv_currency, version)"
                                " VALUES ('S2', '7002', 5000, 'CNY', 0), ('S3', '7003', 6000, 'CNY', 4);",
                                &error));
  g_assert_true (pd_store_open_api_count_sources (store, &sources, &error));
  g_assert_cmpuint (sources.n_platform, ==, 0);
  g_assert_cmpuint (sources.n_imported, ==, 1);
  g_assert_cmpuint (sources.n_synced, ==, 1);
  connect_shop (store);
  write (store, 124000, "DE", FALSE, TRUE);
  g_assert_true (pd_store_open_api_count_sources (store, &sources, &error));
  g_assert_cmpuint (sources.n_platform, ==, 1);
  g_assert_cmpint (sources.platform_read_at, ==, 1767400000);
  /* An import replaces it: no longer the platform's. */
  g_assert_true (pd_store_exec (store, "UPDATE stores SET settled_gmv_30d = 1 WHERE store_id = 'S1'", &error));
  g_assert_true (pd_store_open_api_count_sources (store, &sources, &error));
  g_assert_cmpuint (sources.n_platform, ==, 0);
  g_assert_cmpuint (sources.n_imported, ==, 2);
  readings = pd_store_open_api_list_readings (store, &error);
  g_assert_cmpuint (g_hash_table_size (readings), ==, 1);
  g_assert_true (((PdOpenApiReading *) g_hash_table_lookup (readings, "S1"))->has_gmv);

  g_assert_true (pd_store_open_api_forget_grant (store, "OID1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM open_api_shops"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM open_api_figures"), ==, 1);
  g_assert_false (pd_store_open_api_forget_grant (store, "OID1", &error));
  g_assert_error (error, PD_STORE_OPEN_API_ERROR, PD_STORE_OPEN_API_ERROR_UNKNOWN_SHOP);
  remove_store (store, dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/open-api-store/links", test_links);
  g_test_add_func ("/open-api-store/figures-and-settled-rule", test_figures_and_settled_rule);
  g_test_add_func ("/open-api-store/reading-text", test_reading_text);
  g_test_add_func ("/open-api-store/authorization-end", test_authorization_end);
  g_test_add_func ("/open-api-store/reauthorization", test_reauthorization);
  g_test_add_func ("/open-api-store/sources-and-forget", test_sources_and_forget);
  return g_test_run ();
}
