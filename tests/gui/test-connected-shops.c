/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-connected-shops"

#include "config.h"

#include <string.h>

#include "gui-test-utils.h"
#include "pd-connected-shop-item.h"
#include "pd-connected-shops-window.h"
#include "pd-store-open-api.h"

/* The Connected Shops window (issue 17) on a store with two sellers'
 * grants: one active and read, one the seller cancelled. */

#define NOW 1796000000  /* 2026-11-28 */

static void
connect_seller (PdStore    *store,
                const char *open_id,
                const char *seller_name,
                const char *shop_id,
                const char *shop_name)
{
  g_autoptr(GPtrArray) shops = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_open_api_shop_free);
  g_autoptr(GError) error = NULL;
  PdOpenApiGrant grant = { .open_id = (char *) open_id, .seller_name = (char *) seller_name,
                           .access_expires_at = NOW + 7 * 86400, .refresh_expires_at = NOW + 90 * 86400 };
  PdOpenApiShop *shop = g_new0 (PdOpenApiShop, 1);

  shop->shop_id = g_strdup (shop_id);
  shop->name = g_strdup (shop_name);
  shop->region = g_strdup ("DE");
  shop->cipher = g_strdup ("ROW_x");
  g_ptr_array_add (shops, shop);
  g_assert_true (pd_store_open_api_save_connection (store, &grant, shops, NOW - 86400, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *text;
} TextMatch;

static gboolean
label_contains (GtkWidget *widget,
                gpointer   data)
{
  const char *label = gtk_label_get_label (GTK_LABEL (widget));

  return label != NULL && strstr (label, ((TextMatch *) data)->text) != NULL;
}

static gboolean
shows (GtkWidget  *root,
       const char *text)
{
  TextMatch match = { text };

  return gui_test_find_widget (root, GTK_TYPE_LABEL, label_contains, &match) != NULL;
}

static gboolean
has_n_rows (gpointer data)
{
  return g_list_model_get_n_items (pd_connected_shops_window_get_model (data)) == 1;
}

static void
test_states (void)
{
  PdContext *context;
  PdStore *store;
  PdConnectedShopsWindow *window;
  GListModel *model;
  g_autoptr(GError) error = NULL;
  PdOpenApiFigures figures = { .read_at = NOW - 7200, .gmv_endpoint = "/analytics/202405/shop/performance",
                               .gmv_amount = 124000, .gmv_currency = "CNY" };

  GUI_TEST_REQUIRE_DISPLAY ();
  context = gui_test_context_new ();
  store = pd_context_get_store (context);
  pd_clock_pin (pd_context_get_clock (context), NOW);
  connect_seller (store, "OID-A", "Lumen Home", "7001", "Lumen EU");
  connect_seller (store, "OID-B", "Polaris", "7002", "Polaris EU");
  g_assert_true (pd_store_open_api_write_figures (store, "7001", &figures, FALSE, NULL, &error));
  g_assert_true (pd_store_open_api_write_figures (store, "7002", &figures, FALSE, NULL, &error));
  g_assert_true (pd_store_open_api_end_grant (store, "OID-B", "cancelled", "cancelled by the seller", &error));
  g_assert_no_error (error);

  window = pd_connected_shops_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, window, 10000);
  model = pd_connected_shops_window_get_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* Each with its state, its authorization's end, its last read and its figures. */
  g_assert_true (shows (GTK_WIDGET (window), "2 connected shops"));
  g_assert_true (shows (GTK_WIDGET (window), "Lumen EU (DE)"));
  g_assert_true (shows (GTK_WIDGET (window), "Active"));
  g_assert_true (shows (GTK_WIDGET (window), "Cancelled"));
  g_assert_true (shows (GTK_WIDGET (window), "GMV CNY 1,240.00, from the platform, 2 hours ago"));
  g_assert_true (shows (GTK_WIDGET (window), "Authorization ends "));
  g_assert_true (shows (GTK_WIDGET (window), "last read 2 hours ago"));
  /* The cancelled one says so, its figures kept. */
  g_assert_true (shows (GTK_WIDGET (window), "The seller cancelled the authorization: its figures are kept"));
  {
    g_autoptr(PdConnectedShopItem) cancelled = g_list_model_get_item (model, 1);

    g_assert_cmpstr (pd_connected_shop_item_get_shop (cancelled)->state, ==, "cancelled");
    g_assert_true (pd_connected_shop_item_get_reading (cancelled)->has_gmv);
  }

  /* It follows the store: a disconnection elsewhere leaves one. */
  g_assert_true (pd_store_open_api_forget_grant (store, "OID-B", &error));
  g_assert_no_error (error);
  pd_test_wait_until (has_n_rows, window, 10000);
  g_assert_false (shows (GTK_WIDGET (window), "Polaris EU (DE)"));
  /* Its figures stay. */
  {
    g_auto(PdOpenApiReading) reading = { 0 };

    g_assert_true (pd_store_open_api_get_reading (store, "7002", &reading, &error));
    g_assert_true (reading.has_gmv);
  }
  /* Forgetting it again: refused, nothing changes. */
  g_assert_false (pd_store_open_api_forget_grant (store, "OID-B", &error));
  g_assert_error (error, PD_STORE_OPEN_API_ERROR, PD_STORE_OPEN_API_ERROR_UNKNOWN_SHOP);

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/connected-shops/states", test_states);
  return gui_test_run ();
}
