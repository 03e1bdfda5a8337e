/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-merchants-page"

#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "gui-test-utils.h"
#include "pd-importer.h"
#include "pd-merchant-cell.h"
#include "pd-merchant-detail.h"
#include "pd-merchant-format.h"
#include "pd-merchant-item.h"
#include "pd-merchant-list-model.h"
#include "pd-merchant-notes.h"
#include "pd-merchants-page.h"
#include "pd-staff-name-dialog.h"
#include "pd-merchant-note-dialog.h"
#include "pd-merchant-seller-cell.h"
#include "pd-store-private.h"
#include "pd-store-links.h"
#include "pd-timestamp.h"

/* The Merchants page as a widget: the empty state, then the q1-example's
 * rows in the GtkColumnView; its headers sort through the query (no
 * GtkSortListModel), the search entry and the filter dropdowns narrow
 * it, activating a row opens the detail pane with the engine's
 * checklist, New Link makes a link for the selected row, and the page
 * reloads when the store says it changed (PdStore::changed), also when
 * partnerdesk-cli wrote to it. */

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define REFRESH_TIMEOUT 20000

typedef struct
{
  PdContext       *context;
  GtkWindow       *window;
  PdMerchantsPage *page;
  PdMerchantItem  *held[2];
  guint            next_held;
} Fixture;

static void
import_file (PdContext    *context,
             PdImportKind  kind,
             const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_FIXTURES_DIR"), "q1-example", name, NULL);
  g_autoptr(PdImporter) importer = pd_importer_new (kind, path);

  if (kind == PD_IMPORT_KIND_TARGETS)
    pd_importer_set_program_id (importer, PROGRAM);
  g_assert_true (pd_importer_run (importer, pd_context_get_store (context), NULL, &error));
  g_assert_no_error (error);
}

static gboolean
refreshed (gpointer data)
{
  Fixture *f = data;
  GListModel *model = pd_merchants_page_get_model (f->page);

  return !pd_merchants_page_get_refreshing (f->page) && model != NULL &&
         g_list_model_get_n_items (model) > 0;
}

static gboolean
idle_refresher (gpointer data)
{
  return !pd_merchants_page_get_refreshing (PD_MERCHANTS_PAGE (data));
}

static void
pin_clock (PdContext  *context,
           const char *when)
{
  gint64 seconds = 0;

  g_assert_true (pd_timestamp_parse (when, NULL, &seconds, NULL));
  pd_clock_pin (pd_context_get_clock (context), seconds);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->context = gui_test_context_new ();
  /* "q1-ended": the q1-example's period (2026-01-01 to 2026-03-31) has
   * ended, whatever today is. */
  if (g_strcmp0 (data, "q1-ended") == 0)
    pin_clock (f->context, "2026-04-10T12:00:00+08:00");
  if (data != NULL)
    {
      g_autoptr(GError) error = NULL;

      import_file (f->context, PD_IMPORT_KIND_RATES, "rates.csv");
      import_file (f->context, PD_IMPORT_KIND_TARGETS, "targets.csv");
      import_file (f->context, PD_IMPORT_KIND_LINKS, "links.csv");
      import_file (f->context, PD_IMPORT_KIND_STORES, "stores.csv");
      g_assert_true (pd_store_set_setting (pd_context_get_store (f->context), "onboarding_base_url.EU",
                                           "https://partner-links.example/eu/cb?partner=PD01", &error));
      g_assert_no_error (error);
      /* Who makes links and notes (asked at the first one otherwise:
       * test_note_and_staff). */
      g_assert_true (pd_store_set_setting (pd_context_get_store (f->context), "staff_name", "Tester", &error));
      g_assert_no_error (error);
    }
  f->window = GTK_WINDOW (gtk_window_new ());
  /* "q1-short": a window that shows a few of the rows. */
  gtk_window_set_default_size (f->window, 1280, g_strcmp0 (data, "q1-short") == 0 ? 360 : 800);
  f->page = PD_MERCHANTS_PAGE (pd_merchants_page_new (f->context));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gui_test_wait_for (idle_refresher, f->page, REFRESH_TIMEOUT);
  g_clear_object (&f->held[0]);
  g_clear_object (&f->held[1]);
  gui_test_destroy_window (f->window);
  gui_test_context_free (f->context);
}

static GtkWidget *
template_child (Fixture    *f,
                const char *name)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->page), PD_TYPE_MERCHANTS_PAGE,
                                                                name));

  g_assert_nonnull (child);
  return child;
}

/* The row at @position: its item is kept until two more are asked for
 * (an item lives only while someone holds it). */
static const PdMerchantRow *
row_at (Fixture *f,
        guint    position)
{
  GListModel *model = pd_merchants_page_get_model (f->page);
  PdMerchantItem *item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  g_assert_true (PD_IS_MERCHANT_ITEM (item));
  g_clear_object (&f->held[f->next_held]);
  f->held[f->next_held] = item;
  f->next_held = (f->next_held + 1) % 2;
  return pd_merchant_item_get_row (item);
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (pd_merchants_page_get_model (f->page));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  GtkStack *stack;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (idle_refresher, f->page, REFRESH_TIMEOUT);
  stack = GTK_STACK (template_child (f, "stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_nonnull (gui_test_find_widget (GTK_WIDGET (f->page), ADW_TYPE_STATUS_PAGE, NULL, NULL));
}

static void
test_rows_and_columns (Fixture       *f,
                       gconstpointer  data)
{
  GtkColumnView *view;
  GListModel *columns;
  GtkSelectionModel *selection;
  GtkStack *stack;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  stack = GTK_STACK (template_child (f, "stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_cmpuint (n_rows (f), ==, 12);
  /* The "preparing" state's bar followed the first build to its end. */
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (template_child (f, "preparing_progress"))),
                     ==, 1.0);

  view = pd_merchants_page_get_column_view (f->page);
  columns = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, PD_MERCHANT_N_COLUMNS);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_nonnull (gtk_column_view_column_get_title (column));
      g_assert_nonnull (gtk_column_view_column_get_sorter (column));
    }

  /* The view shows our paging model, not a sorted copy of it. */
  selection = gtk_column_view_get_model (view);
  g_assert_true (GTK_IS_MULTI_SELECTION (selection));
  g_assert_true (gtk_multi_selection_get_model (GTK_MULTI_SELECTION (selection)) ==
                 pd_merchants_page_get_model (f->page));
  g_assert_true (PD_IS_MERCHANT_LIST_MODEL (pd_merchants_page_get_model (f->page)));
  g_assert_cmpuint (pd_merchant_list_model_get_cached_items (PD_MERCHANT_LIST_MODEL (pd_merchants_page_get_model (f->page))),
                    <=, PD_MERCHANT_LIST_PAGE * PD_MERCHANT_LIST_MAX_PAGES);

  /* Sorted by seller name by default: the Latin names, then the Chinese. */
  g_assert_cmpstr (row_at (f, 0)->seller_name, ==, "Aurora \"Home\" Trading");
  /* The first row is selected, ready for Enter. */
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
}

static void
test_sort_by_header (Fixture       *f,
                     gconstpointer  data)
{
  GtkColumnView *view;
  g_autoptr(GtkColumnViewColumn) verdict = NULL;
  g_autoptr(GtkColumnViewColumn) gmv = NULL;
  const PdMerchantQuery *query;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  view = pd_merchants_page_get_column_view (f->page);
  verdict = g_list_model_get_item (gtk_column_view_get_columns (view), PD_MERCHANT_COLUMN_VERDICT);
  gmv = g_list_model_get_item (gtk_column_view_get_columns (view), PD_MERCHANT_COLUMN_GMV);

  gtk_column_view_sort_by_column (view, verdict, GTK_SORT_DESCENDING);
  query = pd_merchant_list_model_get_query (PD_MERCHANT_LIST_MODEL (pd_merchants_page_get_model (f->page)));
  g_assert_cmpint (query->sort, ==, PD_MERCHANT_COLUMN_VERDICT);
  g_assert_true (query->descending);
  for (guint i = 0; i + 1 < n_rows (f); i++)
    g_assert_cmpint (row_at (f, i)->verdict, >=, row_at (f, i + 1)->verdict);
  g_assert_cmpint (row_at (f, 0)->verdict, ==, PD_MERCHANT_VERDICT_LOST);

  gtk_column_view_sort_by_column (view, gmv, GTK_SORT_ASCENDING);
  g_assert_cmpint (query->sort, ==, PD_MERCHANT_COLUMN_GMV);
  g_assert_false (query->descending);

  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  g_assert_cmpint (query->sort, ==, PD_MERCHANT_COLUMN_SELLER);
}

static void
test_search_and_filters (Fixture       *f,
                         gconstpointer  data)
{
  GtkEditable *search;
  GtkDropDown *verdict;
  guint lost = 0, lost_companies = 0;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  search = GTK_EDITABLE (template_child (f, "search_entry"));

  /* Each keystroke, at once (no search delay). */
  gtk_editable_set_text (search, "北");
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpstr (row_at (f, 0)->seller_id, ==, "7000000000000001");
  gtk_editable_set_text (search, "北极");
  g_assert_cmpuint (n_rows (f), ==, 1);
  gtk_editable_set_text (search, "有限公司");
  g_assert_cmpuint (n_rows (f), ==, 8);
  gtk_editable_set_text (search, "70000000000000");
  g_assert_cmpuint (n_rows (f), ==, 12);
  gtk_editable_set_text (search, "Tide");
  g_assert_cmpuint (n_rows (f), ==, 1);
  gtk_editable_set_text (search, "");
  g_assert_cmpuint (n_rows (f), ==, 12);

  /* "Lost" is the third verdict after "Any Verdict". Which rows are lost
   * depends on today (S-02's window closed on 2026-04-19): count them. */
  for (guint i = 0; i < n_rows (f); i++)
    if (row_at (f, i)->verdict == PD_MERCHANT_VERDICT_LOST)
      {
        lost++;
        if (strstr (row_at (f, i)->seller_name, "公司") != NULL)
          lost_companies++;
      }
  g_assert_cmpuint (lost, >=, 7);
  verdict = GTK_DROP_DOWN (template_child (f, "verdict_dropdown"));
  gtk_drop_down_set_selected (verdict, 1 + PD_MERCHANT_VERDICT_LOST);
  g_assert_cmpuint (n_rows (f), ==, lost);
  for (guint i = 0; i < n_rows (f); i++)
    g_assert_cmpint (row_at (f, i)->verdict, ==, PD_MERCHANT_VERDICT_LOST);
  gtk_editable_set_text (search, "公司");
  g_assert_cmpuint (n_rows (f), ==, lost_companies);
  g_assert_cmpuint (lost_companies, >=, 5);
  gtk_drop_down_set_selected (verdict, 0);
  gtk_editable_set_text (search, "");
  g_assert_cmpuint (n_rows (f), ==, 12);

  /* The market filter lists the markets there are. */
  {
    GtkDropDown *market = GTK_DROP_DOWN (template_child (f, "market_dropdown"));

    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (market)), ==, 3);
    gtk_drop_down_set_selected (market, 2);
    g_assert_cmpuint (n_rows (f), ==, 1);
    g_assert_cmpstr (row_at (f, 0)->market, ==, "JP");
  }
}

static void
test_detail_and_new_link (Fixture       *f,
                          gconstpointer  data)
{
  GtkColumnView *view;
  AdwFlap *flap;
  PdMerchantDetail *detail;
  const PdMerchantRow *row;
  guint position = G_MAXUINT;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  view = pd_merchants_page_get_column_view (f->page);
  flap = ADW_FLAP (template_child (f, "flap"));
  detail = PD_MERCHANT_DETAIL (template_child (f, "detail"));

  for (guint i = 0; i < n_rows (f); i++)
    if (g_strcmp0 (row_at (f, i)->seller_id, "7000000000000002") == 0)
      position = i;
  g_assert_cmpuint (position, <, n_rows (f));

  /* Enter on a row (the view's "activate") opens its detail. */
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_signal_emit_by_name (view, "activate", position);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_cmpstr (pd_merchant_detail_get_row (detail)->seller_id, ==, "7000000000000002");
  g_assert_nonnull (gui_test_find_widget (GTK_WIDGET (detail), ADW_TYPE_ACTION_ROW, NULL, NULL));

  /* New Link (Ctrl+L) for the selected row, while the program's period
   * runs: no question, the row shows it at once. */
  pin_clock (f->context, "2026-03-25T12:00:00+08:00");
  /* The moved clock refreshes the rows; the link is made after that. */
  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "merchants.new-link", NULL));
  row = row_at (f, position);
  g_assert_cmpstr (row->seller_id, ==, "7000000000000002");
  g_assert_cmpstr (row->link_state, ==, "active");
  g_assert_true (g_str_has_prefix (row->link_url, "https://partner-links.example/eu/cb?partner=PD01&pd_ref="));

  /* Escape closes the detail. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "merchants.hide-details", NULL));
  g_assert_false (adw_flap_get_reveal_flap (flap));
}

static gboolean
is_platform_row (GtkWidget *widget,
                 gpointer   data)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

  return g_strcmp0 (title, "Store S-02 on the platform") == 0 &&
         g_strcmp0 (subtitle, data) == 0;
}

/* Issue 17: a store the TikTok Shop Open API has read shows, in the
 * checklist, where its figures came from and when. */
static void
test_detail_platform_figures (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  PdMerchantDetail *detail;
  guint position = G_MAXUINT;
  gint64 read_at = g_get_real_time () / G_USEC_PER_SEC - 2 * 3600 - 30;

  GUI_TEST_REQUIRE_DISPLAY ();

  sql = g_strdup_printf ("INSERT INTO open_api_figures (shop_id, gmv_amount, gmv_currency, gmv_endpoint,"
                         " gmv_read_at, warehouse_countries, warehouses_endpoint, warehouses_read_at)"
                         " VALUES ('S-02', 124000, 'CNY', '/order/202309/orders/search', %" G_GINT64_FORMAT ","
                         " 'DE;FR', '/logistics/202309/warehouses', %" G_GINT64_FORMAT ")", read_at, read_at);
  g_assert_true (pd_store_exec (pd_context_get_store (f->context), sql, &error));
  g_assert_no_error (error);

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  detail = PD_MERCHANT_DETAIL (template_child (f, "detail"));
  for (guint i = 0; i < n_rows (f); i++)
    if (g_strcmp0 (row_at (f, i)->seller_id, "7000000000000002") == 0)
      position = i;
  g_assert_cmpuint (position, <, n_rows (f));
  g_signal_emit_by_name (pd_merchants_page_get_column_view (f->page), "activate", position);
  g_assert_nonnull (gui_test_find_widget (GTK_WIDGET (detail), ADW_TYPE_ACTION_ROW, is_platform_row,
                                          (gpointer) "GMV CNY 1,240.00, from the platform, 2 hours ago\n"
                                                     "Inventory: DE;FR, from the platform, 2 hours ago"));
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
note_dialog_shown (gpointer data)
{
  AdwMessageDialog *dialog = find_dialog ();

  return dialog != NULL && PD_IS_MERCHANT_NOTE_DIALOG (dialog);
}

/* Answers the visible dialog with @response after typing @text. */
static void
answer_dialog (const char *text,
               const char *response)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  pd_test_wait_until (dialog_shown, NULL, 5000);
  dialog = find_dialog ();
  entry = gui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* What a click on the response's button does: respond, then close. */
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  pd_test_wait_until (dialog_gone, NULL, 5000);
}

/* The program filter's label for PROGRAM. */
static const char *
program_filter_label (Fixture *f)
{
  GListModel *names = gtk_drop_down_get_model (GTK_DROP_DOWN (template_child (f, "program_dropdown")));

  /* "All Programs", then the one program of the q1-example. */
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  return gtk_string_list_get_string (GTK_STRING_LIST (names), 1);
}

static guint
n_links (PdContext  *context,
         const char *seller_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = pd_store_links_for_seller (pd_context_get_store (context), seller_id, &error);

  g_assert_no_error (error);
  return links->len;
}

static guint
select_seller (Fixture    *f,
               const char *seller_id)
{
  guint position = G_MAXUINT;

  for (guint i = 0; i < n_rows (f); i++)
    if (g_strcmp0 (row_at (f, i)->seller_id, seller_id) == 0)
      position = i;
  g_assert_cmpuint (position, <, n_rows (f));
  gtk_selection_model_select_item (gtk_column_view_get_model (pd_merchants_page_get_column_view (f->page)),
                                   position, TRUE);
  return position;
}

/* New Link for a seller of a program whose period has ended asks first:
 * Cancel creates nothing, Create Anyway the link. The program filter
 * says the program has ended. */
static void
test_new_link_ended_program (Fixture       *f,
                             gconstpointer  data)
{
  AdwMessageDialog *dialog;
  guint before;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  g_assert_cmpstr (program_filter_label (f), ==,
                   "Europe & Japan Cross-Border POP Ecosystem Partner, Q1 2026 (ended 2026-03-31)");
  select_seller (f, "7000000000000002");
  before = n_links (f->context, "7000000000000002");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "merchants.new-link", NULL));
  pd_test_wait_until (dialog_shown, NULL, 5000);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Program Has Ended");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "(ended 2026-03-31)"));
  /* Nothing is created while it asks. */
  g_assert_cmpuint (n_links (f->context, "7000000000000002"), ==, before);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  pd_test_wait_until (dialog_gone, NULL, 5000);
  g_assert_cmpuint (n_links (f->context, "7000000000000002"), ==, before);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "merchants.new-link", NULL));
  pd_test_wait_until (dialog_shown, NULL, 5000);
  dialog = find_dialog ();
  adw_message_dialog_response (dialog, "create");
  gtk_window_close (GTK_WINDOW (dialog));
  pd_test_wait_until (dialog_gone, NULL, 5000);
  g_assert_cmpuint (n_links (f->context, "7000000000000002"), ==, before + 1);
}

static void
test_note_and_staff (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(PdMerchantNotes) notes = { 0 };
  GtkSelectionModel *selection;
  GtkDropDown *staff;
  guint position = G_MAXUINT;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  for (guint i = 0; i < n_rows (f); i++)
    if (g_strcmp0 (row_at (f, i)->seller_id, "7000000000000007") == 0)
      position = i;
  g_assert_cmpuint (position, <, n_rows (f));
  selection = gtk_column_view_get_model (pd_merchants_page_get_column_view (f->page));
  gtk_selection_model_select_item (selection, position, TRUE);

  /* The first note with no staff name set asks it (prefilled with the
   * account's real name), then goes on to the note. */
  g_assert_true (pd_store_set_setting (pd_context_get_store (f->context), "staff_name", "", &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "merchants.add-note", NULL));
  pd_test_wait_until (dialog_shown, NULL, 5000);
  g_assert_true (PD_IS_STAFF_NAME_DIALOG (find_dialog ()));
  {
    const char *real = g_get_real_name ();

    g_assert_cmpstr (pd_staff_name_dialog_get_name (PD_STAFF_NAME_DIALOG (find_dialog ())), ==,
                     g_strcmp0 (real, "Unknown") != 0 ? real : g_get_user_name ());
  }
  {
    AdwMessageDialog *dialog = find_dialog ();
    GtkWidget *entry = gui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL, NULL);

    gtk_editable_set_text (GTK_EDITABLE (entry), "王芳 Wang Fang");
    adw_message_dialog_response (dialog, "save");
    gtk_window_close (GTK_WINDOW (dialog));
  }
  /* The note's dialog follows at once. */
  pd_test_wait_until (note_dialog_shown, NULL, 5000);

  /* Add Note: dated and signed in the merchant's notes. */
  answer_dialog ("Asked for the March report", "add");
  g_assert_true (pd_merchant_notes_get (pd_context_get_store (f->context), "7000000000000007", &notes, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (notes.notes, " 王芳 Wang Fang: Asked for the March report"));
  pd_merchant_notes_clear (&notes);
  g_assert_true (pd_staff_name_is_set (f->context));

  /* Cancel writes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "merchants.assign-staff", NULL));
  answer_dialog ("Nobody", "cancel");
  g_assert_true (pd_merchant_notes_get (pd_context_get_store (f->context), "7000000000000007", &notes, &error));
  g_assert_null (notes.assignee);
  pd_merchant_notes_clear (&notes);

  /* Assign Staff: the row's staff column and the staff filter follow. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "merchants.assign-staff", NULL));
  answer_dialog ("Zhou", "add");
  g_assert_true (pd_merchant_notes_get (pd_context_get_store (f->context), "7000000000000007", &notes, &error));
  g_assert_cmpstr (notes.assignee, ==, "Zhou");
  g_assert_cmpstr (row_at (f, position)->staff, ==, "Zhou");
  staff = GTK_DROP_DOWN (template_child (f, "staff_dropdown"));
  {
    GListModel *names = gtk_drop_down_get_model (staff);
    guint zhou = G_MAXUINT;

    for (guint i = 0; i < g_list_model_get_n_items (names); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Zhou") == 0)
        zhou = i;
    g_assert_cmpuint (zhou, <, g_list_model_get_n_items (names));
    gtk_drop_down_set_selected (staff, zhou);
    g_assert_cmpuint (n_rows (f), ==, 1);
    g_assert_cmpstr (row_at (f, 0)->seller_id, ==, "7000000000000007");
  }
}

static void
test_store_changed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  g_assert_cmpuint (n_rows (f), ==, 12);
  g_assert_true (pd_store_exec (pd_context_get_store (f->context),
                                "INSERT INTO target_merchants (program_id, seller_id, seller_name, market,"
                                " review_status, listed_at) VALUES ('" PROGRAM "', '7000000000000042',"
                                " 'Harbour Lights Ltd', 'EU', 'approved', 0)",
                                &error));
  g_assert_no_error (error);
  pd_store_emit_change (pd_context_get_store (f->context), PD_ENTITY_TARGETS, NULL, PD_CHANGE_ORIGIN_WINDOW);
  pd_test_wait_until (idle_refresher, f->page, REFRESH_TIMEOUT);
  g_assert_cmpuint (n_rows (f), ==, 13);
}

static void
test_search_shortcut (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *search;
  GtkWidget *focus;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  search = template_child (f, "search_entry");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "merchants.search", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
}

/* Sends keyval to the key controllers of widget that run in the capture
 * phase (GTK 4 has no public way to synthesize a key event): what the
 * page does when the key is pressed with the focus inside widget. */
static gboolean
press_key (GtkWidget       *widget,
           guint            keyval,
           GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
    }
  return handled;
}

static gboolean
focus_is_in (Fixture   *f,
             GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Tab from a row goes to the control after the list, Shift+Tab to the one
 * before, in one step (GTK 4.8 moves to the next row otherwise); Down from
 * the search box goes to the results. */
static void
test_keyboard_list (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *list;
  GtkWidget *search;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  list = template_child (f, "column_view");
  search = template_child (f, "search_entry");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "merchants.search", NULL));
  g_assert_true (focus_is_in (f, search));
  g_assert_false (press_key (search, GDK_KEY_Up, 0));
  g_assert_true (focus_is_in (f, search));
  g_assert_true (press_key (search, GDK_KEY_Down, 0));
  g_assert_true (focus_is_in (f, list));
  g_assert_false (focus_is_in (f, search));

  g_assert_true (press_key (list, GDK_KEY_Tab, 0));
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (f->window)));
  g_test_message ("Tab: from the list to a %s", G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (f->window))));
  g_assert_false (focus_is_in (f, list));

  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_is_in (f, list));
  g_assert_true (press_key (list, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (f->window)));
  g_test_message ("Shift+Tab: from the list to a %s", G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (f->window))));
  g_assert_false (focus_is_in (f, list));
  /* Plain arrows still move through the rows (the list's own keys). */
  g_assert_false (press_key (list, GDK_KEY_Down, 0));
}

/* A target file in @dir with one more seller (the 13th), "Harbour
 * Lights Ltd". */
static char *
write_more_targets (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *csv = g_build_filename (dir, "more-targets.csv", NULL);

  g_assert_true (g_file_set_contents (csv,
                                      "seller_id,seller_name,market,review_status,program_id\n"
                                      "7000000000000042,Harbour Lights Ltd,EU,approved," PROGRAM "\n",
                                      -1, &error));
  g_assert_no_error (error);
  return csv;
}

static gboolean
has_13_rows (gpointer data)
{
  return n_rows (data) == 13;
}

/* partnerdesk-cli imports into the store of the open page, as a user
 * would while the app runs: the new merchant shows within two seconds,
 * noticed by the store's watch (no reload by hand, no polling of the
 * rows). */
static void
test_other_process (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-test-cli-XXXXXX", &error);
  g_autofree char *csv = NULL;
  g_autofree char *output = NULL;
  const char *cli_path = g_getenv ("PD_TEST_PARTNERDESK_CLI");
  gint64 written;

  GUI_TEST_REQUIRE_DISPLAY ();
  if (cli_path == NULL)
    {
      g_test_skip ("PD_TEST_PARTNERDESK_CLI is not set");
      return;
    }

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  g_assert_cmpuint (n_rows (f), ==, 12);

  csv = write_more_targets (dir);
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                          cli_path, "--store", pd_store_get_path (pd_context_get_store (f->context)),
                          "import", "targets", csv, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (cli, NULL, NULL, &output, NULL, &error));
  g_assert_no_error (error);
  written = g_get_monotonic_time ();
  if (g_subprocess_get_exit_status (cli) != 0)
    g_error ("partnerdesk-cli import failed: %s", output);

  pd_test_wait_until (has_13_rows, f, 2000);
  g_test_message ("The other process's import showed after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - written) / 1000);

  g_unlink (csv);
  g_rmdir (dir);
}

static void
collect_seller_cells (GtkWidget *widget,
                      GPtrArray *cells)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (PD_IS_MERCHANT_SELLER_CELL (child))
      g_ptr_array_add (cells, child);
    else
      collect_seller_cells (child, cells);
}

/* Seller cells that do not show their item's row yet, and how many of
 * them are on screen (mapped). */
static guint
count_waiting_cells (Fixture *f,
                     guint   *on_screen,
                     guint   *n_cells)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  guint waiting = 0;

  *on_screen = 0;
  collect_seller_cells (template_child (f, "column_view"), cells);
  *n_cells = cells->len;
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      PdMerchantItem *item = pd_merchant_cell_get_item (PD_MERCHANT_CELL (cell));
      GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (cell, PD_TYPE_MERCHANT_SELLER_CELL, "name_label"));
      const PdMerchantRow *row;

      if (item == NULL)
        continue;
      row = pd_merchant_item_get_row (item);
      if (g_strcmp0 (gtk_label_get_text (label), row->seller_name != NULL ? row->seller_name : row->seller_id) != 0)
        {
          waiting++;
          if (gtk_widget_get_mapped (cell))
            (*on_screen)++;
        }
    }
  return waiting;
}

/* A new sort (or search) shows at once in the rows on screen; the rows
 * the view keeps out of sight follow when the list scrolls, or a moment
 * after the typing stops. */
static void
test_cells_out_of_sight (Fixture       *f,
                         gconstpointer  data)
{
  GtkColumnView *view;
  GtkAdjustment *adjustment;
  g_autoptr(GtkColumnViewColumn) verdict = NULL;
  g_autoptr(GtkColumnViewColumn) gmv = NULL;
  guint on_screen = 0, n_cells = 0, waiting;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  gui_test_run_for (300);
  g_assert_cmpuint (count_waiting_cells (f, &on_screen, &n_cells), ==, 0);
  g_assert_cmpuint (n_cells, ==, 12);
  view = pd_merchants_page_get_column_view (f->page);
  verdict = g_list_model_get_item (gtk_column_view_get_columns (view), PD_MERCHANT_COLUMN_VERDICT);
  gmv = g_list_model_get_item (gtk_column_view_get_columns (view), PD_MERCHANT_COLUMN_GMV);

  gtk_column_view_sort_by_column (view, verdict, GTK_SORT_DESCENDING);
  waiting = count_waiting_cells (f, &on_screen, &n_cells);
  g_test_message ("After the sort: %u of %u rows wait, %u of them on screen", waiting, n_cells, on_screen);
  g_assert_cmpuint (on_screen, ==, 0);
  g_assert_cmpuint (waiting, >, 0);

  /* Scrolling shows them, before the next frame. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + 1);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (count_waiting_cells (f, &on_screen, &n_cells), ==, 0);

  /* So does a moment without a new sort or keystroke. */
  gtk_column_view_sort_by_column (view, gmv, GTK_SORT_ASCENDING);
  g_assert_cmpuint (count_waiting_cells (f, &on_screen, &n_cells), >, 0);
  g_assert_cmpuint (on_screen, ==, 0);
  gui_test_run_for (1000);
  g_assert_cmpuint (count_waiting_cells (f, &on_screen, &n_cells), ==, 0);
}

/* An import in this process (the import window's change) shows its rows
 * as its progress bar finishes, before any refresh. */
static void
test_import_shows_at_once (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-test-import-XXXXXX", &error);
  g_autofree char *csv = NULL;
  g_autoptr(PdImporter) importer = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_test_wait_until (refreshed, f, REFRESH_TIMEOUT);
  g_assert_cmpuint (n_rows (f), ==, 12);
  csv = write_more_targets (dir);
  importer = pd_importer_new (PD_IMPORT_KIND_TARGETS, csv);
  g_assert_true (pd_importer_run (importer, pd_context_get_store (f->context), NULL, &error));
  g_assert_no_error (error);
  pd_store_emit_change (pd_context_get_store (f->context), PD_ENTITY_TARGETS, NULL, PD_CHANGE_ORIGIN_IMPORT);
  g_assert_cmpuint (n_rows (f), ==, 13);
  gtk_editable_set_text (GTK_EDITABLE (template_child (f, "search_entry")), "Harbour");
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpstr (row_at (f, 0)->seller_id, ==, "7000000000000042");

  g_unlink (csv);
  g_rmdir (dir);
}

/* Issue 18 item 9: the Deadline column and the checklist name the
 * program's zone when it is not the user's own. No display needed. */
static void
test_deadline_zone (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_PROGRAMS_DIR"),
                                            "eu-jp-pop-partner-2026q1.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdProgram) program = pd_program_new_from_file (path, &error);
  g_autoptr(PdRules) rules = NULL;
  g_autofree char *berlin = NULL;
  g_autofree char *shanghai = NULL;
  g_autofree char *onboarded = NULL;
  g_autofree char *cell = NULL;
  g_autofree char *cell_here = NULL;

  g_assert_no_error (error);
  rules = pd_rules_new (program, &error);
  g_assert_no_error (error);

  g_setenv ("TZ", "Europe/Berlin", TRUE);
  berlin = pd_merchant_format_deadline (rules, TRUE, rules->period_end, rules->period_end - 14 * 86400);
  onboarded = pd_merchant_format_date (rules, rules->period_start);
  cell = pd_merchant_format_deadline_cell (rules, TRUE, rules->period_end, rules->period_end - 14 * 86400);
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  shanghai = pd_merchant_format_deadline (rules, TRUE, rules->period_end, rules->period_end - 14 * 86400);
  cell_here = pd_merchant_format_deadline_cell (rules, TRUE, rules->period_end, rules->period_end - 14 * 86400);
  g_unsetenv ("TZ");

  g_assert_cmpstr (berlin, ==, "2026-03-31 (Asia/Shanghai) · 14 days left");
  g_assert_cmpstr (onboarded, ==, "2026-01-01 (Asia/Shanghai)");
  g_assert_cmpstr (shanghai, ==, "2026-03-31 · 14 days left");
  /* The column: the zone on a line of its own. */
  g_assert_cmpstr (cell, ==, "2026-03-31 · 14 days left\nAsia/Shanghai");
  g_assert_cmpstr (cell_here, ==, "2026-03-31 · 14 days left");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);
  g_setenv ("LANGUAGE", "en", TRUE);

#define ADD(name, func, data) \
  g_test_add ("/merchants-page/" name, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("empty", test_empty, NULL);
  ADD ("rows-and-columns", test_rows_and_columns, "q1");
  ADD ("sort-by-header", test_sort_by_header, "q1");
  ADD ("search-and-filters", test_search_and_filters, "q1");
  ADD ("detail-and-new-link", test_detail_and_new_link, "q1");
  ADD ("detail-platform-figures", test_detail_platform_figures, "q1");
  ADD ("new-link-ended-program", test_new_link_ended_program, "q1-ended");
  ADD ("store-changed", test_store_changed, "q1");
  ADD ("note-and-staff", test_note_and_staff, "q1");
  ADD ("search-shortcut", test_search_shortcut, "q1");
  ADD ("keyboard-list", test_keyboard_list, "q1");
  ADD ("other-process", test_other_process, "q1");
  ADD ("cells-out-of-sight", test_cells_out_of_sight, "q1-short");
  ADD ("import-shows-at-once", test_import_shows_at_once, "q1");
#undef ADD
  g_test_add_func ("/merchants-page/deadline-zone", test_deadline_zone);

  return gui_test_run ();
}
