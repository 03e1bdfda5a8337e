/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-services-page"

/* The Services page (issue 12) against a store filled with categories in
 * every state and their services: chips, level bars, Apply and Withdraw
 * only where the state allows, a service edited (money that is not money
 * refused in words, good money saved with one outbox entry), and the
 * authorization link dialog opened through win.authorization-link. */

#include "config.h"

#include <string.h>

#include "gui-test-utils.h"
#include "pd-authorization-link-dialog.h"
#include "pd-category-group.h"
#include "pd-service-dialog.h"
#include "pd-service-row.h"
#include "pd-services-page.h"
#include "pd-store-links.h"
#include "pd-store-private.h"
#include "pd-window.h"

#define PROGRAM "eu-jp-pop-partner-2026q1"

static void
exec_ok (PdStore    *store,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_exec (store, sql, &error));
  g_assert_no_error (error);
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

static char *
query_text (PdStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Amounts in cents. */
static void
seed_store (PdStore *store)
{
  exec_ok (store,
           "INSERT INTO service_categories (id, name, state, requirement_metric, requirement_amount,"
           "  requirement_currency, operation_qualification, current_amount, current_currency, version)"
           " VALUES"
           " ('c-ads', 'Advertising', 'approved', 'category_gmv', 3000000, 'USD', 'A certified specialist',"
           "   4120000, 'USD', 1),"
           " ('c-kol', 'KOL marketing', 'in_review', 'category_gmv', 5000000, 'USD', '20 creators',"
           "   4120000, 'USD', 1),"
           " ('c-logistics', 'Logistics', 'not_listed', 'category_gmv', 10000000, 'USD', NULL,"
           "   1280050, 'USD', 1),"
           " ('c-compliance', 'Compliance', 'rejected', 'category_gmv', 2000000, 'USD', 'GPSR',"
           "   895000, 'USD', 1),"
           " ('c-erp', 'ERP', 'suspended', NULL, NULL, NULL, NULL, NULL, NULL, 1);"
           "INSERT INTO services (id, category_id, name, type, description, price, currency, version) VALUES"
           " ('s-ads-1', 'c-ads', 'Ads starter', 'public', 'Two weeks', 80000, 'USD', 1),"
           " ('s-ads-2', 'c-ads', 'Full funnel', 'custom', 'Monthly', 250000, 'USD', 1),"
           " ('s-kol-1', 'c-kol', 'Seeding', 'public', NULL, 0, 'USD', 1);"
           "INSERT INTO target_merchants (program_id, seller_id, seller_name, brand, market, listed_at) VALUES"
           " ('" PROGRAM "', '7001', 'Yiwu Kite Co.', 'Kite', 'EU', 0),"
           " ('" PROGRAM "', '7002', 'Osaka Tea', NULL, 'JP', 0),"
           " ('" PROGRAM "', '7003', 'Texas 100% Boots', NULL, 'US', 0),"
           " ('" PROGRAM "', '7004', '1000 Lanterns', NULL, 'EU', 0);");
}

static gpointer
template_child (GtkWidget  *widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
stack_shows_list (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "list") == 0;
}

typedef struct
{
  PdServicesPage *page;
  const char     *category_id;
  const char     *state;
} GroupState;

static gboolean
group_in_state (gpointer data)
{
  GroupState *wanted = data;
  GtkWidget *group = pd_services_page_get_group (wanted->page, wanted->category_id);

  return group != NULL &&
         g_strcmp0 (pd_category_group_get_category (PD_CATEGORY_GROUP (group))->state, wanted->state) == 0;
}

static void
check_group (PdServicesPage *page,
             const char     *category_id,
             const char     *chip,
             const char     *chip_class,
             double          level,
             const char     *progress,
             gboolean        can_apply,
             gboolean        can_withdraw)
{
  GtkWidget *group = pd_services_page_get_group (page, category_id);
  GtkLabel *state_label;
  GtkLevelBar *level_bar;
  GtkLabel *progress_label, *reason_label;

  g_assert_nonnull (group);
  state_label = template_child (group, PD_TYPE_CATEGORY_GROUP, "state_label");
  level_bar = template_child (group, PD_TYPE_CATEGORY_GROUP, "level_bar");
  progress_label = template_child (group, PD_TYPE_CATEGORY_GROUP, "progress_label");
  reason_label = template_child (group, PD_TYPE_CATEGORY_GROUP, "reason_label");

  g_assert_cmpstr (gtk_label_get_text (state_label), ==, chip);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (state_label), chip_class));
  g_assert_cmpstr (gtk_label_get_text (progress_label), ==, progress);
  if (level < 0)
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (level_bar)));
  else
    {
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (level_bar)));
      g_assert_cmpfloat_with_epsilon (gtk_level_bar_get_value (level_bar), level, 0.0005);
    }
  g_assert_cmpint (gtk_widget_is_sensitive (template_child (group, PD_TYPE_CATEGORY_GROUP, "apply_button")),
                   ==, can_apply);
  g_assert_cmpint (gtk_widget_is_sensitive (template_child (group, PD_TYPE_CATEGORY_GROUP, "withdraw_button")),
                   ==, can_withdraw);
  /* A refusal is said in words. */
  if (!can_apply || !can_withdraw)
    {
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (reason_label)));
      g_assert_cmpuint (strlen (gtk_label_get_text (reason_label)), >, 20);
    }
}

static gboolean
is_service_row (GtkWidget *widget,
                gpointer   service_id)
{
  return g_strcmp0 (pd_service_row_get_service (PD_SERVICE_ROW (widget))->id, service_id) == 0;
}

static PdServiceRow *
find_service_row (GtkWidget  *root,
                  const char *service_id)
{
  return (PdServiceRow *) gui_test_find_widget (root, PD_TYPE_SERVICE_ROW, is_service_row, (gpointer) service_id);
}

static gboolean
row_shows_price (gpointer data)
{
  GtkWidget *page = data;
  PdServiceRow *row = find_service_row (page, "s-ads-1");

  return row != NULL &&
         g_strcmp0 (gtk_label_get_text (template_child (GTK_WIDGET (row), PD_TYPE_SERVICE_ROW, "price_label")),
                    "USD 1,300.00") == 0;
}

static void
test_page (void)
{
  PdContext *context;
  PdStore *store;
  GtkWidget *window, *page;
  GtkStack *stack;
  PdServiceDialog *dialog;
  GtkLabel *price_error;
  PdServiceRow *row;
  g_autofree char *body = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  store = pd_context_get_store (context);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  page = pd_services_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, page, 5000);

  /* Nothing synced yet: the empty state. */
  stack = template_child (page, PD_TYPE_SERVICES_PAGE, "stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_nonnull (gui_test_find_widget (page, ADW_TYPE_STATUS_PAGE, NULL, NULL));

  /* A sync brings categories: the page follows PdStore::changed. */
  seed_store (store);
  pd_store_emit_change (store, PD_ENTITY_SYNCED, NULL, PD_CHANGE_ORIGIN_SYNC);
  pd_test_wait_until (stack_shows_list, stack, 2000);

  check_group (PD_SERVICES_PAGE (page), "c-ads", "Approved", "success", 1.0,
               "Category GMV USD 41,200 of 30,000", FALSE, TRUE);
  check_group (PD_SERVICES_PAGE (page), "c-kol", "In review", "accent", 0.824,
               "Category GMV USD 41,200 of 50,000", FALSE, TRUE);
  check_group (PD_SERVICES_PAGE (page), "c-logistics", "Not listed", "neutral", 0.128,
               "Category GMV USD 12,800.50 of 100,000.00", TRUE, FALSE);
  check_group (PD_SERVICES_PAGE (page), "c-compliance", "Rejected", "error", 0.447,
               "Category GMV USD 8,950 of 20,000", TRUE, FALSE);
  check_group (PD_SERVICES_PAGE (page), "c-erp", "Suspended", "warning", -1,
               "No requirement published", FALSE, FALSE);

  /* Services under their category, with type and price. */
  row = find_service_row (page, "s-ads-2");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (template_child (GTK_WIDGET (row), PD_TYPE_SERVICE_ROW, "type_label")),
                   ==, "Custom");
  g_assert_cmpstr (gtk_label_get_text (template_child (GTK_WIDGET (row), PD_TYPE_SERVICE_ROW, "price_label")),
                   ==, "USD 2,500.00");
  row = find_service_row (page, "s-kol-1");
  g_assert_cmpstr (gtk_label_get_text (template_child (GTK_WIDGET (row), PD_TYPE_SERVICE_ROW, "price_label")),
                   ==, "Free");

  /* Apply where allowed: the category moves to in review, with one
   * outbox entry. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 0);
  g_signal_emit_by_name (template_child (pd_services_page_get_group (PD_SERVICES_PAGE (page), "c-logistics"),
                                         PD_TYPE_CATEGORY_GROUP, "apply_button"), "clicked");
  pd_test_wait_until (group_in_state, (&(GroupState) { PD_SERVICES_PAGE (page), "c-logistics", "in_review" }),
                      2000);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 1);
  body = query_text (store, "SELECT method || ' ' || path FROM outbox");
  g_assert_cmpstr (body, ==, "POST /v1/service-categories/c-logistics/apply");
  g_clear_pointer (&body, g_free);
  check_group (PD_SERVICES_PAGE (page), "c-logistics", "In review", "accent", 0.128,
               "Category GMV USD 12,800.50 of 100,000.00", FALSE, TRUE);

  /* Edit a service: money that is not money is refused in words and
   * writes nothing; good money is saved with one outbox entry. */
  services = pd_store_list_services (store, "c-ads", &error);
  g_assert_no_error (error);
  dialog = pd_service_dialog_new (GTK_WINDOW (window), context, NULL, g_ptr_array_index (services, 0));
  gtk_window_present (GTK_WINDOW (dialog));
  price_error = template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG, "price_error");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (price_error)));
  for (guint i = 0; i < 3; i++)
    {
      const char *bad[] = { "12,5", "1.005", "-3" };

      gtk_editable_set_text (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG, "price_row"), bad[i]);
      g_assert_false (pd_service_dialog_save (dialog));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (price_error)));
      g_assert_nonnull (strstr (gtk_label_get_text (price_error), bad[i]));
      g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 1);
    }
  /* A blank name is refused too. */
  gtk_editable_set_text (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG, "name_row"), "  ");
  gtk_editable_set_text (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG, "price_row"), "1,300.00");
  g_assert_false (pd_service_dialog_save (dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (price_error)));
  g_assert_true (gtk_widget_get_visible (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG,
                                                         "name_error")));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 1);

  gtk_editable_set_text (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG, "name_row"), "Ads starter");
  g_assert_true (pd_service_dialog_save (dialog));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT price FROM services WHERE id = 's-ads-1'"), ==, 130000);
  body = query_text (store, "SELECT method || ' ' || path || ' ' || body FROM outbox ORDER BY id DESC LIMIT 1");
  g_assert_true (g_str_has_prefix (body, "PUT /v1/services/s-ads-1 "));
  g_assert_nonnull (strstr (body, "\"price\":\"1300.00\""));
  pd_test_wait_until (row_shows_price, page, 2000);

  /* An edit that changes nothing writes nothing. */
  g_clear_pointer (&services, g_ptr_array_unref);
  services = pd_store_list_services (store, "c-ads", &error);
  dialog = pd_service_dialog_new (GTK_WINDOW (window), context, NULL, g_ptr_array_index (services, 0));
  g_assert_true (pd_service_dialog_save (dialog));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 2);

  /* A new service in a category without any: the category, name, type
   * and price, in the currency chosen. */
  dialog = pd_service_dialog_new (GTK_WINDOW (window), context, "c-erp", NULL);
  g_assert_cmpstr (adw_window_title_get_subtitle (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG,
                                                                  "window_title")), ==, "ERP");
  gtk_editable_set_text (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG, "name_row"), "ERP sync");
  adw_combo_row_set_selected (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG, "type_row"), 1);
  adw_combo_row_set_selected (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG, "currency_row"), 4);
  gtk_editable_set_text (template_child (GTK_WIDGET (dialog), PD_TYPE_SERVICE_DIALOG, "price_row"), "25,000");
  g_assert_true (pd_service_dialog_save (dialog));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 3);
  g_clear_pointer (&body, g_free);
  body = query_text (store, "SELECT name || ' ' || type || ' ' || price || ' ' || currency FROM services"
                            " WHERE category_id = 'c-erp'");
  g_assert_cmpstr (body, ==, "ERP sync custom 25000 JPY");
  g_clear_pointer (&body, g_free);

  /* Withdraw asks first; its answer moves the category. */
  g_assert_true (gtk_widget_activate_action (page, "services.withdraw", "s", "c-ads"));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    AdwMessageDialog *confirm = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && confirm == NULL; i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (w))
          confirm = ADW_MESSAGE_DIALOG (w);
      }
    g_assert_nonnull (confirm);
    g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Withdraw “Advertising”?");
    g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 3);
    adw_message_dialog_response (confirm, "withdraw");
  }
  pd_test_wait_until (group_in_state, (&(GroupState) { PD_SERVICES_PAGE (page), "c-ads", "not_listed" }), 2000);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 4);
  check_group (PD_SERVICES_PAGE (page), "c-ads", "Not listed", "neutral", 1.0,
               "Category GMV USD 41,200 of 30,000", TRUE, FALSE);

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

/* Clipboard reading is asynchronous even on one display. */
typedef struct
{
  gboolean  done;
  char     *text;
} ClipboardRead;

static void
on_clipboard_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static PdAuthorizationLinkDialog *
find_link_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (PD_IS_AUTHORIZATION_LINK_DIALOG (window))
        return PD_AUTHORIZATION_LINK_DIALOG (window);
    }
  return NULL;
}

static gboolean
is_choose_button (GtkWidget *widget,
                  gpointer   data)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "Choose") == 0;
}

static void
test_authorization_link (void)
{
  PdContext *context;
  PdStore *store;
  PdWindow *window;
  PdAuthorizationLinkDialog *dialog;
  GtkWidget *list, *choose;
  g_autoptr(GRegex) format = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(PdLink) link = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  ClipboardRead read = { FALSE, NULL };
  const char *url;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  store = pd_context_get_store (context);
  seed_store (store);
  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, window, 5000);

  /* A category without a service: that category's services to choose. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.authorization-link", "(sss)",
                                             "c-ads", "", ""));
  dialog = find_link_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (pd_authorization_link_dialog_get_service_id (dialog), ==, "s-ads-1");
  g_assert_null (pd_authorization_link_dialog_get_seller_id (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (
                      template_child (GTK_WIDGET (dialog), PD_TYPE_AUTHORIZATION_LINK_DIALOG, "service_row"))),
                    ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A category the store does not know: every service, and why. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.authorization-link", "(sss)",
                                             "c-unknown", "", ""));
  dialog = find_link_dialog ();
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (
                      template_child (GTK_WIDGET (dialog), PD_TYPE_AUTHORIZATION_LINK_DIALOG, "service_row"))),
                    ==, 3);
  g_assert_true (gtk_widget_get_visible (template_child (GTK_WIDGET (dialog), PD_TYPE_AUTHORIZATION_LINK_DIALOG,
                                                         "error_label")));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A service and a seller given: both prefilled. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.authorization-link", "(sss)",
                                             "", "s-ads-2", "7002"));
  dialog = find_link_dialog ();
  g_assert_cmpstr (pd_authorization_link_dialog_get_service_id (dialog), ==, "s-ads-2");
  g_assert_cmpstr (pd_authorization_link_dialog_get_seller_id (dialog), ==, "7002");

  /* Search a merchant (a % is taken literally) and choose it. */
  gtk_editable_set_text (template_child (GTK_WIDGET (dialog), PD_TYPE_AUTHORIZATION_LINK_DIALOG, "seller_search"),
                         "100%");
  g_signal_emit_by_name (template_child (GTK_WIDGET (dialog), PD_TYPE_AUTHORIZATION_LINK_DIALOG, "seller_search"),
                         "search-changed");
  list = template_child (GTK_WIDGET (dialog), PD_TYPE_AUTHORIZATION_LINK_DIALOG, "seller_list");
  choose = gui_test_find_widget (list, GTK_TYPE_BUTTON, is_choose_button, NULL);
  g_assert_nonnull (choose);
  /* Only "Texas 100% Boots": not every name with "100" in it. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  g_signal_emit_by_name (choose, "clicked");
  g_assert_cmpstr (pd_authorization_link_dialog_get_seller_id (dialog), ==, "7003");

  /* Shops, a number of days; a bad shop id is refused and writes nothing. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (template_child (GTK_WIDGET (dialog),
                                                                      PD_TYPE_AUTHORIZATION_LINK_DIALOG,
                                                                      "shops_view")),
                            "shop-1, shop 2", -1);
  gtk_check_button_set_active (template_child (GTK_WIDGET (dialog), PD_TYPE_AUTHORIZATION_LINK_DIALOG,
                                               "custom_check"), TRUE);
  gtk_spin_button_set_value (template_child (GTK_WIDGET (dialog), PD_TYPE_AUTHORIZATION_LINK_DIALOG,
                                             "days_spin"), 45);
  g_assert_false (pd_authorization_link_dialog_create (dialog));
  g_assert_true (gtk_widget_get_visible (template_child (GTK_WIDGET (dialog), PD_TYPE_AUTHORIZATION_LINK_DIALOG,
                                                         "error_label")));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM links"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 0);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (template_child (GTK_WIDGET (dialog),
                                                                      PD_TYPE_AUTHORIZATION_LINK_DIALOG,
                                                                      "shops_view")),
                            "shop-1, shop-2\nshop-3\n\nshop-1", -1);
  g_assert_true (pd_authorization_link_dialog_create (dialog));
  url = pd_authorization_link_dialog_get_url (dialog);
  format = g_regex_new ("^https://services\\.tiktokshops\\.us/open/authorize\\?service_id=s-ads-2"
                        "&state=([A-Za-z0-9_-]{22,})$", 0, 0, NULL);
  g_assert_true (g_regex_match (format, url, 0, &match));
  token = g_match_info_fetch (match, 1);
  link = pd_store_link_get (store, token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link->kind, ==, "authorization");
  g_assert_cmpstr (link->seller_id, ==, "7003");
  g_assert_cmpstr (link->url, ==, url);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, 1);
  body = query_text (store, "SELECT body FROM outbox WHERE path = '/v1/authorization-links'");
  g_assert_nonnull (strstr (body, "\"duration_days\":45"));
  g_assert_nonnull (strstr (body, "[\"shop-1\",\"shop-2\",\"shop-3\"]"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (template_child (GTK_WIDGET (dialog),
                                                                     PD_TYPE_AUTHORIZATION_LINK_DIALOG, "stack")),
                   ==, "result");

  /* Copy: the URL on the clipboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "authorization-link.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), NULL,
                                 on_clipboard_read_cb, &read);
  pd_test_wait_until (clipboard_read_done, &read, 5000);
  g_assert_cmpstr (read.text, ==, url);
  g_free (read.text);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/services/page", test_page);
  g_test_add_func ("/services/authorization-link", test_authorization_link);

  return gui_test_run ();
}
