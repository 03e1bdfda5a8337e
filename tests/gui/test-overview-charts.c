/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-overview-charts"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "gui-test-utils.h"
#include "pd-importer.h"
#include "pd-merchant-detail.h"
#include "pd-merchant-item.h"
#include "pd-merchants-page.h"
#include "pd-overview-chart.h"
#include "pd-overview-item.h"
#include "pd-overview-list.h"
#include "pd-overview-page.h"
#include "pd-projection-history.h"
#include "pd-timestamp.h"
#include "pd-window.h"

/* The Overview's charts on the q1-example: their accessible descriptions
 * (what a screen reader reads) carry the funnel's counts and rewards of
 * `partnerdesk-cli project --json` for the same instant and the payout
 * by week of onboarding; an at-risk row opens its merchant's checklist on
 * the Merchants page, a funnel step the Merchants page at that stage. */

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define AS_OF_MARCH "2026-03-25T12:00:00+08:00"

static void
import (PdStore      *store,
        PdImportKind  kind,
        const char   *path)
{
  g_autoptr(PdImporter) importer = pd_importer_new (kind, path);
  g_autoptr(GError) error = NULL;

  if (kind == PD_IMPORT_KIND_TARGETS)
    pd_importer_set_program_id (importer, PROGRAM);
  g_assert_true (pd_importer_run (importer, store, NULL, &error));
  g_assert_no_error (error);
}

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
  return context;
}

static JsonObject *
project (PdContext  *context,
         const char *as_of)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "partnerdesk-cli", NULL);
  const char *argv[] = { cli, "--store", pd_store_get_path (pd_context_get_store (context)),
                         "project", "--program", PROGRAM, "--as-of", as_of, "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* "7000.00" -> "CNY 7,000.00" as the page writes it. */
static char *
display (JsonObject *projection,
         const char *member)
{
  const char *amount = json_object_get_string_member (json_object_get_object_member (projection, member), "amount");
  const char *dot = strchr (amount, '.');
  GString *out = g_string_new ("CNY ");
  gsize digits = (gsize) (dot - amount);

  for (gsize i = 0; i < digits; i++)
    {
      if (i > 0 && (digits - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, amount[i]);
    }
  g_string_append (out, dot);
  return g_string_free (out, FALSE);
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static PdOverviewPage *
overview (PdWindow *window)
{
  GtkWidget *page = pd_window_get_page (window, "overview");

  g_assert_true (PD_IS_OVERVIEW_PAGE (page));
  return PD_OVERVIEW_PAGE (page);
}

static gboolean
has_funnel (gpointer data)
{
  GtkWidget *funnel = find_type (data, PD_TYPE_OVERVIEW_FUNNEL);

  return !pd_overview_page_get_busy (data) && funnel != NULL &&
         pd_overview_funnel_get_text (PD_OVERVIEW_FUNNEL (funnel)) != NULL;
}

static gboolean
detail_shows (gpointer data)
{
  PdMerchantsPage *page = data;
  GObject *detail = gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_MERCHANTS_PAGE, "detail");
  GObject *flap = gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_MERCHANTS_PAGE, "flap");
  const PdMerchantRow *row = pd_merchant_detail_get_row (PD_MERCHANT_DETAIL (detail));
  const char *wanted = g_object_get_data (G_OBJECT (page), "wanted-seller");

  return row != NULL && adw_flap_get_reveal_flap (ADW_FLAP (flap)) &&
         g_strcmp0 (row->seller_id, wanted) == 0;
}

static gboolean
only_first_sale (gpointer data)
{
  PdMerchantsPage *page = data;
  GListModel *model = pd_merchants_page_get_model (page);
  guint n = g_list_model_get_n_items (model);

  if (pd_merchants_page_get_refreshing (page) || n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdMerchantItem) item = g_list_model_get_item (model, i);

      if (pd_merchant_item_get_row (item)->stage != PD_STAGE_FIRST_SALE)
        return FALSE;
    }
  return TRUE;
}

static void
test_charts (void)
{
  g_autoptr(JsonObject) march = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *confirmed = NULL;
  g_autofree char *invited = NULL;
  g_autofree char *qualified = NULL;
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  GtkWidget *funnel, *weeks;
  JsonArray *entries;
  const char *text;
  gint64 as_of = 0;

  GUI_TEST_REQUIRE_DISPLAY ();
  context = q1_context ();
  /* Two earlier points of the trend: an import, then a sync. */
  {
    PdProjectionPoint point = { 0 };
    gboolean added = FALSE;
    g_autoptr(GError) error = NULL;

    g_assert_true (pd_timestamp_parse ("2026-03-20T10:00:00+08:00", NULL, &point.event_at, NULL));
    point.recorded_at = point.event_at;
    point.source = PD_HISTORY_SOURCE_IMPORT;
    g_strlcpy (point.confirmed.currency, "CNY", sizeof point.confirmed.currency);
    point.expected = point.upper = point.confirmed;
    point.confirmed.minor = 200000;
    point.expected.minor = 300000;
    point.upper.minor = 600000;
    g_assert_true (pd_store_add_projection_point (pd_context_get_store (context), PROGRAM, &point, &added, &error));
    g_assert_no_error (error);
    point.event_at += 4 * 86400;
    point.source = PD_HISTORY_SOURCE_SYNC;
    point.confirmed.minor = 300000;
    g_assert_true (pd_store_add_projection_point (pd_context_get_store (context), PROGRAM, &point, &added, &error));
  }
  march = project (context, AS_OF_MARCH);
  entries = json_object_get_array_member (march, "entries");
  g_assert_true (pd_timestamp_parse (AS_OF_MARCH, NULL, &as_of, NULL));
  pd_clock_pin (pd_context_get_clock (context), as_of);
  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  page = overview (window);
  pd_test_wait_until (has_funnel, page, 30000);

  /* The funnel in words: every entry invited, carrying the upper amount;
   * the qualified ones carrying the confirmed amount. */
  funnel = find_type (GTK_WIDGET (page), PD_TYPE_OVERVIEW_FUNNEL);
  text = pd_overview_funnel_get_text (PD_OVERVIEW_FUNNEL (funnel));
  g_test_message ("funnel: %s", text);
  upper = display (march, "upper");
  confirmed = display (march, "confirmed");
  invited = g_strdup_printf ("Invited: %u merchants, reward %s;", json_array_get_length (entries), upper);
  qualified = g_strdup_printf ("Qualified: %" G_GINT64_FORMAT " merchants, reward %s;",
                               json_object_get_int_member (json_object_get_object_member (march, "confirmed"),
                                                           "merchants"),
                               confirmed);
  g_assert_nonnull (strstr (text, invited));
  g_assert_nonnull (strstr (text, qualified));
  /* S-06's GMV of exactly the threshold: lost at it. */
  g_assert_nonnull (strstr (text, "GMV Threshold Met: 8 merchants, reward CNY 4,000.00; 1 lost at this step (CNY 1,000.00)."));

  /* Payout by week: S-08 opened on the period's first day (platform
   * time) and qualified; S-01 in the second week. */
  weeks = find_type (GTK_WIDGET (page), PD_TYPE_OVERVIEW_WEEKS);
  text = pd_overview_weeks_get_text (PD_OVERVIEW_WEEKS (weeks));
  g_test_message ("weeks: %s", text);
  g_assert_nonnull (strstr (text, "Week 1 (from 2026-01-01): confirmed CNY 1,000.00 (1 merchants)"));
  g_assert_nonnull (strstr (text, "Week 2 (from 2026-01-08): confirmed CNY 1,000.00 (1 merchants)"));

  /* The trend in words, oldest first; the window pinned to an instant
   * adds no point of its own. */
  text = pd_overview_trend_get_text (PD_OVERVIEW_TREND (find_type (GTK_WIDGET (page), PD_TYPE_OVERVIEW_TREND)));
  g_test_message ("trend: %s", text);
  g_assert_cmpstr (text, ==,
                   "After the import of 2026-03-20 10:00: confirmed CNY 2,000.00, expected CNY 3,000.00, "
                   "upper bound CNY 6,000.00. After the sync of 2026-03-24 10:00: confirmed CNY 3,000.00, "
                   "expected CNY 3,000.00, upper bound CNY 6,000.00.");

  /* What the latest event moved, beside the trend. */
  {
    GtkWidget *trend = find_type (GTK_WIDGET (page), PD_TYPE_OVERVIEW_TREND);
    GtkWidget *group = gtk_widget_get_ancestor (trend, ADW_TYPE_PREFERENCES_GROUP);

    g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)),
                              "The sync of 2026-03-24 10:00 moved confirmed +CNY 1,000.00, "
                              "expected CNY 0.00, upper bound CNY 0.00."));
  }

  /* An at-risk row's button opens that merchant's checklist. */
  {
    GListModel *at_risk = G_LIST_MODEL (pd_overview_page_get_object (page, "at_risk_list"));
    JsonArray *json_at_risk = json_object_get_array_member (march, "at_risk");
    const char *seller = json_object_get_string_member (json_array_get_object_element (json_at_risk, 0), "seller_id");
    g_autoptr(PdOverviewItem) item = g_list_model_get_item (at_risk, 0);
    GVariant *target = pd_overview_item_get_action_target (item);
    g_autofree char *expected = g_strdup_printf ("('%s', '%s')", PROGRAM, seller);
    g_autofree char *printed = g_variant_print (target, FALSE);
    GtkWidget *merchants;

    g_assert_cmpstr (pd_overview_item_get_action_name (item), ==, "win.show-merchant");
    g_assert_cmpstr (printed, ==, expected);
    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), "win.show-merchant", target));
    merchants = pd_window_get_page (window, "merchants");
    g_object_set_data_full (G_OBJECT (merchants), "wanted-seller", g_strdup (seller), g_free);
    pd_test_wait_until (detail_shows, merchants, 30000);

    /* A funnel step: the Merchants page at that stage only. */
    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), "win.show-merchants",
                                                       pd_overview_funnel_step_target (PD_OVERVIEW_FUNNEL (funnel),
                                                                                       PD_FUNNEL_FIRST_SALE)));
    pd_test_wait_until (only_first_sale, merchants, 30000);

    /* The page built and filtered already: the second at-risk merchant
     * opens too, the stage filter cleared. */
    {
      const char *second = json_object_get_string_member (json_array_get_object_element (json_at_risk, 1),
                                                          "seller_id");
      g_autoptr(PdOverviewItem) next = g_list_model_get_item (at_risk, 1);

      g_assert_cmpstr (second, !=, seller);
      g_object_set_data_full (G_OBJECT (merchants), "wanted-seller", g_strdup (second), g_free);
      g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), "win.show-merchant",
                                                         pd_overview_item_get_action_target (next)));
      pd_test_wait_until (detail_shows, merchants, 30000);
    }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (context);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  gui_test_init (&argc, &argv);
  g_test_add_func ("/overview-charts/q1", test_charts);
  return gui_test_run ();
}
