/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-overview-page"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gui-test-utils.h"
#include "pd-importer.h"
#include "pd-overview-item.h"
#include "pd-overview-list.h"
#include "pd-overview-page.h"
#include "pd-payout-review.h"
#include "pd-store-open-api.h"
#include "pd-store-overview.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"
#include "pd-window.h"

/* The Overview of the q1-example worked example (tests/fixtures): the
 * figures it shows are those of `partnerdesk-cli project --json` for the
 * same instant, its at-risk rows are the projection's, it lists the
 * authorizations that expire within 15 days, it follows the store and
 * the program, and its export writes the very file the CLI writes. */

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define AS_OF_MARCH "2026-03-25T12:00:00+08:00"
#define AS_OF_APRIL "2026-04-05T12:00:00+08:00"

/* The widgets ------------------------------------------------------------ */

/* The chosen program as the combo row shows it. */
static const char *
program_label (PdOverviewPage *page)
{
  AdwComboRow *row = ADW_COMBO_ROW (gui_test_overview_child (page, "program_row"));
  GListModel *model = adw_combo_row_get_model (row);
  guint selected = adw_combo_row_get_selected (row);

  g_assert_cmpuint (selected, <, g_list_model_get_n_items (model));
  return gtk_string_list_get_string (GTK_STRING_LIST (model), selected);
}

static const char *
label (PdOverviewPage *page,
       const char     *name)
{
  return gtk_label_get_label (GTK_LABEL (gui_test_overview_child (page, name)));
}

static const char *
visible_state (PdOverviewPage *page)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (gui_test_overview_child (page, "stack")));
}

static GListModel *
rows (PdOverviewPage *page,
      const char     *list)
{
  GObject *object = pd_overview_page_get_object (page, list);

  g_assert_true (G_IS_LIST_MODEL (object));
  return G_LIST_MODEL (object);
}

static gboolean
all_revealed (PdOverviewPage *page,
              const char     *name)
{
  GObject *list = pd_overview_page_get_object (page, name);

  /* No lists before the first snapshot (the page builds them for it). */
  return list == NULL ||
         g_list_model_get_n_items (G_LIST_MODEL (list)) == pd_overview_list_get_n_rows (PD_OVERVIEW_LIST (list));
}

static gboolean
is_shown (gpointer data)
{
  PdOverviewPage *page = data;

  return !pd_overview_page_get_busy (page) && g_strcmp0 (visible_state (page), "data") == 0;
}

/* Computed, shown, and every row of the lists revealed. */
static gboolean
is_settled (gpointer data)
{
  PdOverviewPage *page = data;
  const char *state = visible_state (page);

  return !pd_overview_page_get_busy (page) && g_strcmp0 (state, "loading") != 0 &&
         all_revealed (page, "at_risk_list") && all_revealed (page, "benefit_list") &&
         all_revealed (page, "authorizations_list");
}

/* For a read already started (the page is busy, or still waits for its
 * first frame): after a PdStore::changed, the page reads again only after
 * a short delay, so wait for what the change should show instead. */
static void
wait_settled (PdOverviewPage *page)
{
  pd_test_wait_until (is_settled, page, 30000);
}

static gboolean
is_busy (gpointer data)
{
  return pd_overview_page_get_busy (data);
}

static gboolean
is_settled_empty (gpointer data)
{
  return is_settled (data) && g_strcmp0 (visible_state (data), "empty") == 0;
}

/* The store ---------------------------------------------------------------- */

static void
import (PdStore      *store,
        PdImportKind  kind,
        const char   *path)
{
  g_autoptr(PdImporter) importer = pd_importer_new (kind, path);
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_importer_run (importer, store, NULL, &error));
  g_assert_no_error (error);
}

static void
exec_sql (PdStore    *store,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (pd_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* q1-example, and authorizations around 2026-03-25: two that expire
 * within 15 days, one already past its end but still active, one later,
 * one completed. */
static PdContext *
q1_context (void)
{
  PdContext *context = gui_test_context_new ();
  PdStore *store = pd_context_get_store (context);
  const char *fixtures = g_getenv ("PARTNERDESK_FIXTURES_DIR");
  const char *programs = g_getenv ("PARTNERDESK_PROGRAMS_DIR");
  static const struct { PdImportKind kind; const char *name; } steps[] = {
    { PD_IMPORT_KIND_RATES, "rates.csv" },
    { PD_IMPORT_KIND_TARGETS, "targets.csv" },
    { PD_IMPORT_KIND_LINKS, "links.csv" },
    { PD_IMPORT_KIND_STORES, "stores.csv" },
  };
  g_autofree char *program = NULL;

  g_assert_nonnull (fixtures);
  g_assert_nonnull (programs);
  program = g_build_filename (programs, PROGRAM ".json", NULL);
  import (store, PD_IMPORT_KIND_PROGRAM, program);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *path = g_build_filename (fixtures, "q1-example", steps[i].name, NULL);

      import (store, steps[i].kind, path);
    }

  exec_sql (store,
            "INSERT INTO services (id, category_id, name, type) VALUES"
            "  ('svc-ops', 'cat-1', 'Store operations', 'custom');"
            "INSERT INTO authorizations (id, state, seller_id, service_id, starts_at, expires_at) VALUES"
            "  ('AU-1', 'active', '7000000000000004', 'svc-ops', 0, strftime('%s', '2026-03-26T02:00:00Z')),"
            "  ('AU-2', 'active', '7000000000000099', 'svc-gone', 0, strftime('%s', '2026-04-08T02:00:00Z')),"
            "  ('AU-3', 'active', '7000000000000001', 'svc-ops', 0, strftime('%s', '2026-03-20T02:00:00Z')),"
            "  ('AU-4', 'active', '7000000000000002', 'svc-ops', 0, strftime('%s', '2026-06-07T02:00:00Z')),"
            "  ('AU-5', 'completed', '7000000000000005', 'svc-ops', 0, strftime('%s', '2026-03-27T02:00:00Z'));");
  return context;
}

/* The CLI -------------------------------------------------------------------- */

static char *
run_cli (PdContext  *context,
         const char *first_arg,
         ...)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "partnerdesk-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (gpointer) "--store");
  g_ptr_array_add (argv, (gpointer) pd_store_get_path (pd_context_get_store (context)));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE));
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("partnerdesk-cli failed: %s\n%s", error->message, err);
  return out;
}

static JsonObject *
project (PdContext  *context,
         const char *as_of)
{
  g_autofree char *out = run_cli (context, "project", "--program", PROGRAM, "--as-of", as_of, "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* "3000.00" in @currency as the page shows it: "CNY 3,000.00". */
static char *
display_amount (JsonObject *projection,
                const char *member)
{
  JsonObject *total = json_object_get_object_member (projection, member);
  const char *currency = json_object_get_string_member (projection, "currency");
  g_autoptr(GError) error = NULL;
  PdMoney money;

  g_assert_true (pd_money_parse (json_object_get_string_member (total, "amount"), currency, PD_MONEY_PARSE_DEFAULT, &money, &error));
  g_assert_no_error (error);
  return pd_money_format_display (&money);
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 t = 0;

  g_assert_true (pd_timestamp_parse (text, NULL, &t, &error));
  g_assert_no_error (error);
  return t;
}

/* "5,007" */
static char *
grouped (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  GString *text = g_string_new (NULL);
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

/* What the page shows equals what the CLI says. */
static void
check_totals (PdOverviewPage *page,
              JsonObject     *projection)
{
  g_autofree char *confirmed = display_amount (projection, "confirmed");
  g_autofree char *expected = display_amount (projection, "expected");
  g_autofree char *upper = display_amount (projection, "upper");
  g_autofree char *confirmed_count = grouped (json_object_get_int_member (json_object_get_object_member (projection, "confirmed"), "merchants"));
  g_autofree char *upper_count = grouped (json_object_get_int_member (json_object_get_object_member (projection, "upper"), "merchants"));
  JsonObject *governance = json_object_get_object_member (projection, "governance");
  JsonArray *high_risk = json_object_get_array_member (governance, "high_risk_stores");
  const char *factor_text = json_object_get_string_member (governance, "factor");
  g_autofree char *factor = g_strdup_printf ("× %s", factor_text);
  /* Below 1, the counts say why the amounts are not reward × merchants. */
  g_autofree char *paid_at = g_strcmp0 (factor_text, "1") != 0 ? g_strdup_printf (", paid at × %s", factor_text)
                                                                : g_strdup ("");
  g_autofree char *merchants = g_strdup_printf ("%s merchants qualified%s", confirmed_count, paid_at);
  g_autofree char *upper_merchants = g_strdup_printf ("%s merchants qualified or pending%s", upper_count, paid_at);

  g_assert_cmpstr (visible_state (page), ==, "data");
  g_assert_true (gtk_widget_get_visible (gui_test_overview_child (page, "payout_group")));
  g_assert_cmpstr (label (page, "confirmed_amount_label"), ==, confirmed);
  g_assert_cmpstr (label (page, "expected_amount_label"), ==, expected);
  g_assert_cmpstr (label (page, "upper_amount_label"), ==, upper);
  g_assert_cmpstr (label (page, "confirmed_detail_label"), ==, merchants);
  g_assert_cmpstr (label (page, "upper_detail_label"), ==, upper_merchants);
  g_assert_cmpstr (label (page, "governance_factor_label"), ==, factor);
  for (guint i = 0; i < json_array_get_length (high_risk); i++)
    g_assert_nonnull (strstr (label (page, "governance_detail_label"), json_array_get_string_element (high_risk, i)));
  /* The default stage rates, as the model says. */
  g_assert_cmpstr (label (page, "expected_detail_label"), ==, "Default stage rates");
  g_assert_nonnull (strstr (label (page, "expected_model_label"), "First Sale 50%"));
}

/* The at-risk rows are the projection's, in its order. */
static void
check_at_risk (PdOverviewPage *page,
               JsonObject     *projection)
{
  JsonArray *at_risk = json_object_get_array_member (projection, "at_risk");
  GListModel *list = rows (page, "at_risk_list");
  guint n = json_array_get_length (at_risk);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  g_assert_true (gtk_widget_get_visible (gui_test_overview_child (page, "at_risk_scroller")) == (n > 0));
  g_assert_true (gtk_widget_get_visible (gui_test_overview_child (page, "at_risk_empty")) == (n == 0));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *risk = json_array_get_object_element (at_risk, i);
      g_autoptr(PdOverviewItem) item = g_list_model_get_item (list, i);
      const char *store_id = json_object_get_null_member (risk, "store_id") ? NULL :
                             json_object_get_string_member (risk, "store_id");
      g_autofree char *deadline = NULL;
      const char *detail;

      g_assert_true (PD_IS_OVERVIEW_ITEM (item));
      g_assert_nonnull (strstr (pd_overview_item_get_subtitle (item),
                                json_object_get_string_member (risk, "seller_id")));
      if (store_id != NULL)
        g_assert_nonnull (strstr (pd_overview_item_get_subtitle (item), store_id));
      else
        g_assert_nonnull (strstr (pd_overview_item_get_subtitle (item), "No store yet"));
      /* "2026-03-31T23:59:59+08:00" shown as "2026-03-31 23:59". */
      deadline = g_strndup (json_object_get_string_member (risk, "deadline"), 16);
      deadline[10] = ' ';
      g_assert_nonnull (strstr (pd_overview_item_get_subtitle (item), deadline));
      /* What is missing, as the engine words it, with a capital. */
      detail = json_object_get_string_member (risk, "detail");
      g_assert_cmpint (pd_overview_item_get_detail (item)[0], ==, g_ascii_toupper (detail[0]));
      g_assert_cmpstr (pd_overview_item_get_detail (item) + 1, ==, detail + 1);
      g_assert_cmpuint (pd_overview_item_get_urgency (item), >=, PD_OVERVIEW_URGENCY_WARNING);
    }
  g_assert_null (g_list_model_get_item (list, n));
}

static PdOverviewPage *
window_page (PdWindow *window)
{
  GtkWidget *stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "stack"));
  GtkWidget *page = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "overview");

  g_assert_true (PD_IS_OVERVIEW_PAGE (page));
  return PD_OVERVIEW_PAGE (page);
}

/* Tests ------------------------------------------------------------------------ */

static void
test_empty_store (void)
{
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  GtkWidget *status;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  page = window_page (window);
  /* The window hands its context to the page. */
  g_assert_true (pd_overview_page_get_context (page) == context);

  /* The bundled programs alone are no data: the empty state, at once. */
  g_assert_false (pd_overview_page_get_busy (page));
  g_assert_cmpstr (visible_state (page), ==, "empty");
  status = gui_test_overview_child (page, "overview_status");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "Connect to the Platform");
  /* Its icon is set when it is shown (not for a first frame without it). */
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (status)), ==, "network-server-symbolic");

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static void
test_totals_and_at_risk (void)
{
  g_autoptr(JsonObject) march = NULL;
  g_autoptr(JsonObject) april = NULL;
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  GListModel *authorizations;

  GUI_TEST_REQUIRE_DISPLAY ();
  context = q1_context ();
  march = project (context, AS_OF_MARCH);
  april = project (context, AS_OF_APRIL);
  /* The fixture's case for the at-risk list: two entries. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (march, "at_risk")), ==, 2);

  /* The window pinned to an instant, as `partnerdesk --as-of` does, at
   * start-up: its first frame shows the loading state, without the
   * sections or the spinner (both cost that frame), which come with the
   * first snapshot, after it. */
  pd_clock_pin (pd_context_get_clock (context), parse_time (AS_OF_MARCH));
  pd_context_begin_start (context);
  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  page = window_page (window);
  g_assert_cmpstr (visible_state (page), ==, "loading");
  g_assert_true (pd_overview_page_get_busy (page));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (gui_test_overview_child (page, "loading_spinner"))));
  g_assert_null (pd_overview_page_get_object (page, "payout_group"));
  pd_context_end_start (context);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (gui_test_overview_child (page, "loading_spinner"))));
  wait_settled (page);
  g_assert_true (gtk_widget_get_mapped (gui_test_overview_child (page, "payout_group")));

  /* The current recruitment program is chosen. */
  g_assert_cmpstr (pd_overview_page_get_program_id (page), ==, PROGRAM);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gui_test_overview_child (page, "as_of_row"))), ==,
                   "2026-03-25 12:00, Asia/Shanghai time · period 2026-01-01 to 2026-03-31");
  g_assert_cmpstr (program_label (page), ==, "Europe & Japan Cross-Border POP Ecosystem Partner, Q1 2026");
  check_totals (page, march);
  check_at_risk (page, march);

  /* Expiring within 15 days, soonest first: AU-3 (past its end, still
   * active), AU-1 tomorrow, AU-2 in 14 days; not AU-4, not AU-5. */
  authorizations = rows (page, "authorizations_list");
  g_assert_cmpuint (g_list_model_get_n_items (authorizations), ==, 3);
  {
    g_autoptr(PdOverviewItem) past = g_list_model_get_item (authorizations, 0);
    g_autoptr(PdOverviewItem) soon = g_list_model_get_item (authorizations, 1);
    g_autoptr(PdOverviewItem) later = g_list_model_get_item (authorizations, 2);

    g_assert_cmpstr (pd_overview_item_get_badge (past), ==, "Expired");
    g_assert_cmpstr (pd_overview_item_get_title (past), ==, "深圳市北极星科技有限公司");
    g_assert_cmpstr (pd_overview_item_get_badge (soon), ==, "1 day left");
    g_assert_cmpuint (pd_overview_item_get_urgency (soon), ==, PD_OVERVIEW_URGENCY_CRITICAL);
    g_assert_nonnull (strstr (pd_overview_item_get_subtitle (soon), "Service: Store operations"));
    /* In the program's zone, which is not this test's own (TZ=UTC): it says so. */
    g_assert_cmpstr (pd_overview_item_get_detail (soon), ==, "Expires 2026-03-26 10:00 (Asia/Shanghai)");
    g_assert_cmpstr (pd_overview_item_get_badge (later), ==, "14 days left");
    /* Neither the seller nor the service is known: their ids. */
    g_assert_cmpstr (pd_overview_item_get_title (later), ==, "Seller 7000000000000099");
    g_assert_nonnull (strstr (pd_overview_item_get_subtitle (later), "Service: svc-gone"));
  }

  /* The pinned clock moves (as a test or a training session moves it):
   * the page follows at once, and says the instant, not "Now". */
  pd_clock_pin (pd_context_get_clock (context), parse_time (AS_OF_APRIL));
  g_assert_true (pd_overview_page_get_busy (page));
  wait_settled (page);
  check_totals (page, april);
  /* After its period, the program says it has ended, in the chooser and the as-of row. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gui_test_overview_child (page, "as_of_row"))), ==,
                   "2026-04-05 12:00, Asia/Shanghai time · period 2026-01-01 to 2026-03-31, ended");
  g_assert_cmpstr (program_label (page), ==,
                   "Europe & Japan Cross-Border POP Ecosystem Partner, Q1 2026 (ended 2026-03-31)");
  pd_clock_pin (pd_context_get_clock (context), parse_time (AS_OF_MARCH));
  wait_settled (page);
  check_totals (page, march);

  /* Another instant, through the property: the CLI's figures again, and
   * nothing at risk after the period. */
  pd_overview_page_set_as_of (page, parse_time (AS_OF_APRIL));
  g_assert_true (pd_overview_page_get_busy (page));
  wait_settled (page);
  check_totals (page, april);
  check_at_risk (page, april);
  g_assert_cmpstr (label (page, "confirmed_amount_label"), ==, "CNY 3,000.00");
  g_assert_cmpstr (label (page, "expected_amount_label"), ==, "CNY 4,300.00");
  g_assert_cmpstr (label (page, "upper_amount_label"), ==, "CNY 5,000.00");

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static gboolean
has_description (gpointer data)
{
  PdOverviewPage *page = data;
  const char *description;

  if (!is_settled (page))
    return FALSE;
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gui_test_overview_child (page, "payout_group")));
  return description != NULL && *description != '\0';
}

/* Issue 17: where the deciding figures came from. The first at-risk
 * store read from the platform (the same GMV it had, so that the
 * projection does not move): its row says so, the payout's summary counts it. */
static void
test_figure_sources (void)
{
  g_autoptr(JsonObject) march = NULL;
  g_autoptr(GPtrArray) shops = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_open_api_shop_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PdOverviewItem) item = NULL;
  g_autoptr(GError) error = NULL;
  PdOpenApiGrant grant = { .open_id = (char *) "OID-1", .seller_name = (char *) "Seller",
                           .access_expires_at = 1775000000, .refresh_expires_at = 1790000000 };
  PdOpenApiShop *shop = g_new0 (PdOpenApiShop, 1);
  PdOpenApiFigures figures = { .gmv_endpoint = "/analytics/202405/shop/performance",
                               .gmv_currency = "CNY" };
  PdContext *context;
  PdStore *store;
  PdWindow *window;
  PdOverviewPage *page;
  JsonArray *at_risk;
  guint position;
  const char *store_id;
  const char *description;
  gboolean applied = FALSE;

  GUI_TEST_REQUIRE_DISPLAY ();
  context = q1_context ();
  store = pd_context_get_store (context);
  march = project (context, AS_OF_MARCH);
  at_risk = json_object_get_array_member (march, "at_risk");
  for (position = 0; position < json_array_get_length (at_risk); position++)
    {
      JsonObject *risk = json_array_get_object_element (at_risk, position);

      if (!json_object_get_null_member (risk, "store_id"))
        break;
    }
  g_assert_cmpuint (position, <, json_array_get_length (at_risk));
  store_id = json_object_get_string_member (json_array_get_object_element (at_risk, position), "store_id");

  pd_clock_pin (pd_context_get_clock (context), parse_time (AS_OF_MARCH));
  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  page = window_page (window);
  wait_settled (page);
  /* Nothing read from the platform yet: no summary, no source. */
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gui_test_overview_child (page, "payout_group")));
  g_assert_true (description == NULL || *description == '\0');
  item = g_list_model_get_item (rows (page, "at_risk_list"), position);
  g_assert_null (strstr (pd_overview_item_get_detail (item), "from the platform"));
  g_clear_object (&item);

  stmt = pd_store_prepare (store, "SELECT IFNULL(settled_gmv_30d, 0), IFNULL(gmv_currency, 'CNY')"
                                  " FROM stores WHERE store_id = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, store_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  figures.gmv_amount = sqlite3_column_int64 (stmt, 0);
  figures.gmv_currency = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  shop->shop_id = g_strdup (store_id);
  shop->name = g_strdup ("Shop");
  shop->region = g_strdup ("DE");
  shop->cipher = g_strdup ("ROW_1");
  g_ptr_array_add (shops, shop);
  /* Read an hour before the instant the window is pinned to. */
  figures.read_at = parse_time (AS_OF_MARCH) - 3600;
  g_assert_true (pd_store_open_api_save_connection (store, &grant, shops, figures.read_at, NULL, &error));
  g_assert_true (pd_store_open_api_write_figures (store, store_id, &figures, TRUE, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
  pd_test_wait_until (has_description, page, 30000);

  /* The projection did not move; the row says where its GMV came from. */
  check_totals (page, march);
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gui_test_overview_child (page, "payout_group")));
  g_assert_true (g_str_has_prefix (description, "GMV of 1 store from the platform, last read 1 hour ago; "));
  g_assert_true (g_str_has_suffix (description, " from imported reports"));
  item = g_list_model_get_item (rows (page, "at_risk_list"), position);
  g_assert_nonnull (strstr (pd_overview_item_get_detail (item), ", from the platform, 1 hour ago"));
  g_assert_nonnull (strstr (pd_overview_item_get_detail (item), "\nGMV "));

  g_free ((char *) figures.gmv_currency);
  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static gboolean
shows_four_qualified (gpointer data)
{
  /* "4 merchants qualified", and the governance factor when below 1. */
  return is_settled (data) && g_str_has_prefix (label (data, "confirmed_detail_label"), "4 merchants qualified");
}

static void
test_follows_store_and_program (void)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = q1_context ();
  window = pd_window_new (NULL, context);
  page = window_page (window);
  pd_overview_page_set_as_of (page, parse_time (AS_OF_APRIL));
  gtk_window_present (GTK_WINDOW (window));
  wait_settled (page);
  before = project (context, AS_OF_APRIL);
  check_totals (page, before);

  /* S-02 sells EUR 200 (CNY 1,560) within its window: it qualifies. The
   * page reads the store again after PdStore::changed, several of them in
   * a row included (each cancels the read before it). */
  exec_sql (pd_context_get_store (context), "UPDATE stores SET settled_gmv_30d = 20000 WHERE store_id = 'S-02'");
  after = project (context, AS_OF_APRIL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (after, "confirmed"), "merchants"), ==, 4);
  g_assert_false (pd_overview_page_get_busy (page));
  pd_store_emit_change (pd_context_get_store (context), PD_ENTITY_STORES, NULL, PD_CHANGE_ORIGIN_WINDOW);
  /* The change taken up: a read in progress, which the next ones cancel. */
  pd_test_wait_until (is_busy, page, 5000);
  pd_store_emit_change (pd_context_get_store (context), PD_ENTITY_STORES, NULL, PD_CHANGE_ORIGIN_WINDOW);
  pd_overview_page_refresh (page);
  pd_store_emit_change (pd_context_get_store (context), PD_ENTITY_STORES, NULL, PD_CHANGE_ORIGIN_WINDOW);
  pd_test_wait_until (shows_four_qualified, page, 30000);
  check_totals (page, after);

  /* The seller-benefit program: its windows instead of the payout. */
  pd_overview_page_set_program_id (page, "us-top-2026q1");
  g_assert_cmpstr (pd_overview_page_get_program_id (page), ==, "us-top-2026q1");
  wait_settled (page);
  g_assert_cmpstr (visible_state (page), ==, "data");
  g_assert_false (gtk_widget_get_visible (gui_test_overview_child (page, "payout_group")));
  g_assert_false (gtk_widget_get_visible (gui_test_overview_child (page, "at_risk_group")));
  g_assert_true (gtk_widget_get_visible (gui_test_overview_child (page, "benefit_group")));
  g_assert_false (gtk_widget_get_sensitive (gui_test_overview_child (page, "export_button")));
  /* q1-example has no US merchant: the placeholder. */
  g_assert_cmpuint (g_list_model_get_n_items (rows (page, "benefit_list")), ==, 0);
  g_assert_true (gtk_widget_get_visible (gui_test_overview_child (page, "benefit_empty")));

  /* Everything gone from the store: the empty state. */
  exec_sql (pd_context_get_store (context), "DELETE FROM stores; DELETE FROM links; DELETE FROM target_merchants;");
  pd_store_emit_change (pd_context_get_store (context), PD_ENTITY_STORES, NULL, PD_CHANGE_ORIGIN_WINDOW);
  pd_test_wait_until (is_settled_empty, page, 30000);
  g_assert_cmpstr (visible_state (page), ==, "empty");

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  int *done = user_data;

  *done = pd_overview_page_export_finish (PD_OVERVIEW_PAGE (source), result, &error) ? 1 : -1;
  g_assert_no_error (error);
}

static gboolean
is_nonzero (gpointer data)
{
  return *(int *) data != 0;
}

static void
export_to (PdOverviewPage       *page,
           const char           *path,
           PdPayoutReviewFormat  format)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  int done = 0;

  pd_overview_page_export_async (page, file, format, NULL, on_export_done_cb, &done);
  pd_test_wait_until (is_nonzero, &done, 30000);
  g_assert_cmpint (done, ==, 1);
}

static void
on_export_refused_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  int *done = user_data;

  *done = pd_overview_page_export_finish (PD_OVERVIEW_PAGE (source), result, &error) ? 1 : -1;
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is the open store"));
}

/* The save dialog's file goes through the store's check: never the store. */
static void
export_refused (PdOverviewPage *page,
                const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  int done = 0;

  pd_overview_page_export_async (page, file, PD_PAYOUT_REVIEW_CSV, NULL, on_export_refused_cb, &done);
  g_assert_true (gui_test_wait_for (is_nonzero, &done, 30000));
  g_assert_cmpint (done, ==, -1);
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  gsize nx = 0, ny = 0;

  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  g_assert_cmpuint (nx, >, 100);
  g_assert_cmpmem (x, nx, y, ny);
}

/* The file chooser: GtkFileChooserNative without a portal is a dialog. */
static gboolean
file_chooser_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(gpointer *) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
file_chooser_gone (gpointer data)
{
  gpointer chooser = NULL;

  return !file_chooser_shown (&chooser);
}

static void
test_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-test-overview-XXXXXX", NULL);
  g_autofree char *gui_csv = g_build_filename (dir, "gui.csv", NULL);
  g_autofree char *cli_csv = g_build_filename (dir, "cli.csv", NULL);
  g_autofree char *api_csv = g_build_filename (dir, "api.csv", NULL);
  g_autofree char *gui_pdf = g_build_filename (dir, "gui.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *offered_name = NULL;
  g_autoptr(GError) error = NULL;
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  gpointer chooser = NULL;
  gsize pdf_length = 0;
  GStatBuf st;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = q1_context ();
  window = pd_window_new (NULL, context);
  page = window_page (window);
  pd_overview_page_set_as_of (page, parse_time (AS_OF_MARCH));
  gtk_window_present (GTK_WINDOW (window));
  wait_settled (page);

  /* What the page exports is what the CLI exports, byte for byte. */
  export_to (page, gui_csv, PD_PAYOUT_REVIEW_CSV);
  out = run_cli (context, "export", "payouts", "--program", PROGRAM, "--as-of", AS_OF_MARCH,
                 "--format", "csv", "--output", cli_csv, NULL);
  assert_same_file (gui_csv, cli_csv);

  g_assert_cmpint (g_stat (gui_csv, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The store, or its -wal, as the chosen file: refused, store intact. */
  {
    const char *store_path = pd_store_get_path (pd_context_get_store (context));
    g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
    GStatBuf before, after;

    /* Compared by stat: reading the store with open()/close() would
     * drop this process's locks on it. */
    g_assert_cmpint (g_stat (store_path, &before), ==, 0);
    export_refused (page, store_path);
    export_refused (page, wal);
    g_assert_cmpint (g_stat (store_path, &after), ==, 0);
    g_assert_cmpuint (before.st_ino, ==, after.st_ino);
    g_assert_cmpint (before.st_size, ==, after.st_size);
    g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
  }

  /* And the library's plain entry point. */
  g_assert_true (pd_payout_review_write (pd_context_get_store (context), PROGRAM, parse_time (AS_OF_MARCH),
                                         PD_PAYOUT_REVIEW_CSV, api_csv, &error));
  g_assert_no_error (error);
  assert_same_file (api_csv, cli_csv);
  g_assert_false (pd_payout_review_write (pd_context_get_store (context), "us-top-2026q1", parse_time (AS_OF_MARCH),
                                          PD_PAYOUT_REVIEW_CSV, api_csv, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);

  /* The button opens a file chooser offering a name; cancelling writes
   * nothing. */
  g_assert_true (gtk_widget_get_sensitive (gui_test_overview_child (page, "export_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "overview.export", NULL));
  pd_test_wait_until (file_chooser_shown, &chooser, 5000);
  offered_name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (offered_name, ==, "payout-review-" PROGRAM "-2026-03-25.csv");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  pd_test_wait_until (file_chooser_gone, NULL, 5000);

  export_to (page, gui_pdf, PD_PAYOUT_REVIEW_PDF);
  g_assert_true (g_file_get_contents (gui_pdf, &pdf, &pdf_length, NULL));
  g_assert_cmpuint (pdf_length, >, 1000);
  g_assert_cmpmem (pdf, 5, "%PDF-", 5);

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
  g_remove (gui_csv);
  g_remove (cli_csv);
  g_remove (api_csv);
  g_remove (gui_pdf);
  g_rmdir (dir);
}

/* Thousands at risk: the list view makes rows for a window of them only,
 * the model reveals its first rows over a few main loop turns, and
 * every entry is there, in the projection's order. */
static void
test_long_at_risk_list (void)
{
  g_autoptr(JsonObject) march = NULL;
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  GtkWidget *view;
  GListModel *list;
  guint n_rows = 0;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = q1_context ();
  /* 5,000 more sellers invited through our links, none opened a store:
   * six days before the period ends, each is at risk. */
  exec_sql (pd_context_get_store (context),
            "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
            " INSERT INTO target_merchants (program_id, seller_id, seller_name, market, review_status, listed_at)"
            " SELECT '" PROGRAM "', printf ('71%014d', i), printf ('Seller %d Ltd', i), 'EU', 'approved', 0 FROM n;"
            "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
            " INSERT INTO links (token, kind, seller_id, market, program_id, created_at)"
            " SELECT printf ('T%08d', i), 'onboarding', printf ('71%014d', i), 'EU', '" PROGRAM "',"
            "        strftime ('%s', '2026-01-05') FROM n;");
  march = project (context, AS_OF_MARCH);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (march, "at_risk")), ==, 5002);

  window = pd_window_new (NULL, context);
  page = window_page (window);
  pd_overview_page_set_as_of (page, parse_time (AS_OF_MARCH));
  gtk_window_present (GTK_WINDOW (window));

  /* At first a few rows only, then all of them. */
  pd_test_wait_until (is_shown, page, 30000);
  list = rows (page, "at_risk_list");
  g_assert_cmpuint (pd_overview_list_get_n_rows (PD_OVERVIEW_LIST (list)), ==, 5002);
  g_assert_cmpuint (g_list_model_get_n_items (list), <, 5002);
  wait_settled (page);
  check_totals (page, march);
  check_at_risk (page, march);

  view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (gui_test_overview_child (page, "at_risk_scroller")));
  for (GtkWidget *row = gtk_widget_get_first_child (view); row != NULL; row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, >, 0);
  g_assert_cmpuint (n_rows, <=, 250);

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static void
on_page_finalized_cb (gpointer  data,
                      GObject  *where_the_page_was)
{
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gint64
count_rows (PdStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (pd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A page torn down while it computes: the worker is cancelled, its
 * callback runs on the disposed page and touches none of its widgets
 * (they are gone: any use would be a critical, fatal here, or a
 * use-after-free under valgrind), the task then lets the page go, no
 * reference to the context is left behind, the worker's connection is
 * closed and the store is as it was. */
static void
test_destroy_while_busy (void)
{
  PdContext *context;
  PdStore *store;
  PdWindow *window;
  PdOverviewPage *page;
  gboolean page_finalized = FALSE;
  gint64 n_stores, n_links;
  int wal_frames = -1, checkpointed = -1;
  g_autoptr(GError) error = NULL;
  gboolean has_data = FALSE;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = q1_context ();
  store = pd_context_get_store (context);
  n_stores = count_rows (store, "SELECT count(*) FROM stores");
  n_links = count_rows (store, "SELECT count(*) FROM links");
  window = pd_window_new (NULL, context);
  page = window_page (window);
  /* A test's context is started: the read is under way in its thread. */
  g_assert_true (pd_context_is_started (context));
  g_assert_true (pd_overview_page_get_busy (page));
  g_assert_cmpstr (visible_state (page), ==, "loading");
  g_object_weak_ref (G_OBJECT (page), on_page_finalized_cb, &page_finalized);

  gui_test_destroy_window (GTK_WINDOW (window));
  /* The task held the page until its callback ran. */
  pd_test_wait_until (is_true, &page_finalized, 30000);

  /* Nothing holds the context but us. */
  g_assert_cmpuint (G_OBJECT (context)->ref_count, ==, 1);
  /* No reader left: a checkpoint that needs every other connection out
   * of its read transaction goes through, and the data is unchanged. */
  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (pd_store_get_db (store), NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                              &wal_frames, &checkpointed), ==, SQLITE_OK);
  g_assert_cmpint (wal_frames, ==, 0);
  g_assert_true (pd_store_has_program_data (store, &has_data, &error));
  g_assert_no_error (error);
  g_assert_true (has_data);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM stores"), ==, n_stores);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM links"), ==, n_links);

  gui_test_context_free (context);
}

int
main (int   argc,
      char *argv[])
{
  /* Not the programs' zone: their times say it (Asia/Shanghai). */
  g_setenv ("TZ", "UTC", TRUE);
  gui_test_init (&argc, &argv);
  g_test_add_func ("/overview-page/empty-store", test_empty_store);
  g_test_add_func ("/overview-page/totals-and-at-risk", test_totals_and_at_risk);
  g_test_add_func ("/overview-page/follows-store-and-program", test_follows_store_and_program);
  g_test_add_func ("/overview-page/figure-sources", test_figure_sources);
  g_test_add_func ("/overview-page/export", test_export);
  g_test_add_func ("/overview-page/long-at-risk-list", test_long_at_risk_list);
  g_test_add_func ("/overview-page/destroy-while-busy", test_destroy_while_busy);
  return gui_test_run ();
}
