/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-overview-assumptions"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gui-test-utils.h"
#include "pd-importer.h"
#include "pd-overview-assumptions.h"
#include "pd-overview-changes.h"
#include "pd-overview-item.h"
#include "pd-overview-list.h"
#include "pd-overview-page.h"
#include "pd-paths.h"
#include "pd-program-settings-window.h"
#include "pd-projection-setup.h"
#include "pd-store-entry-marks.h"
#include "pd-store-overrides.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"
#include "pd-window.h"

/* The Overview's assumptions and what changed (issue 14 items 5 and 3)
 * on the q1-example as of 2026-04-05: overriding the governance paid
 * fraction through Program Settings moves the figures on the page at
 * once, exactly as computed by hand, and is audited; the What Changed
 * list shows the merchants whose verdict changed since the entries
 * recorded as of 2026-03-25, with the amount each moved.
 *
 * With PD_SHOT_DIR set, each case also writes PNGs of what it shows
 * (assumptions, the dialog, what changed) there: PD_SHOT_STYLE=dark
 * takes them in the dark style, and LANGUAGE=zh_CN in Chinese
 * (tests/screenshots-assumptions.sh runs the three), and PD_SHOT_WIDTH
 * takes them at another window width. */

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define AS_OF "2026-04-05T12:00:00+08:00"
#define MARKED_AS_OF "2026-03-25T12:00:00+08:00"

static gint64
parse_time (const char *text)
{
  gint64 t = 0;

  g_assert_true (pd_timestamp_parse (text, NULL, &t, NULL));
  return t;
}

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

static PdContext *
q1_context (void)
{
  PdContext *context = gui_test_context_new ();
  PdStore *store = pd_context_get_store (context);
  static const struct { PdImportKind kind; const char *name; } steps[] = {
    { PD_IMPORT_KIND_RATES, "rates.csv" },
    { PD_IMPORT_KIND_TARGETS, "targets.csv" },
    { PD_IMPORT_KIND_LINKS, "links.csv" },
    { PD_IMPORT_KIND_STORES, "stores.csv" },
  };
  g_autofree char *program = g_build_filename (g_getenv ("PARTNERDESK_PROGRAMS_DIR"), PROGRAM ".json", NULL);
  g_autoptr(GError) error = NULL;

  import (store, PD_IMPORT_KIND_PROGRAM, program);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_FIXTURES_DIR"), "q1-example",
                                                steps[i].name, NULL);

      import (store, steps[i].kind, path);
    }
  g_assert_true (pd_store_set_setting (store, "staff_name", "Li Wei", &error));
  g_assert_no_error (error);
  return context;
}

/* The entries as of @as_of, recorded as the marks of an import at that
 * instant: what the page compares with. */
static void
mark_entries (PdContext  *context,
              const char *as_of_text)
{
  PdStore *store = pd_context_get_store (context);
  g_auto(PdProjectionSetup) setup = { 0 };
  g_auto(PdEntryMarks) marks = { 0 };
  g_autoptr(PdProjection) p = NULL;
  g_autoptr(GError) error = NULL;
  gint64 as_of = parse_time (as_of_text);
  gboolean added = FALSE;

  g_assert_true (pd_projection_setup_load (&setup, store, PROGRAM, as_of, &error));
  pd_entry_marks_init (&marks, NULL, NULL);
  p = pd_projection_setup_run_full (&setup, store, PD_STORE_ENTRIES_DEFAULT, pd_entry_marks_add_cb, &marks,
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_entry_marks_finish (&marks, p, &error));
  g_assert_true (pd_store_save_entry_marks (store, PROGRAM, as_of, (const PdEntryMark *) (void *) marks.marks->data,
                                            marks.marks->len, &added, &error));
  g_assert_no_error (error);
  g_assert_true (added);
  g_assert_true (pd_store_exec (store,
                                "INSERT INTO projection_history (program_id, event_at, source, recorded_at,"
                                " currency, confirmed, expected, upper) VALUES ('" PROGRAM "',"
                                " strftime('%s', '2026-03-25T04:00:00Z'), 'sync',"
                                " strftime('%s', '2026-03-25T04:00:00Z'), 'CNY', 300000, 440000, 600000)",
                                &error));
  g_assert_no_error (error);
}

/* The page ------------------------------------------------------------------- */

static PdOverviewPage *
window_page (PdWindow *window)
{
  GtkWidget *stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "stack"));

  return PD_OVERVIEW_PAGE (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "overview"));
}

static GtkWidget *
page_child (PdOverviewPage *page,
            const char     *name)
{
  return GTK_WIDGET (pd_overview_page_get_object (page, name));
}

static const char *
page_label (PdOverviewPage *page,
            const char     *name)
{
  return gtk_label_get_label (GTK_LABEL (page_child (page, name)));
}

static gboolean
is_shown (gpointer data)
{
  PdOverviewPage *page = data;

  return !pd_overview_page_get_busy (page) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "stack"))), "data") == 0 &&
         gui_test_find_widget (GTK_WIDGET (page), PD_TYPE_OVERVIEW_ASSUMPTIONS, NULL, NULL) != NULL;
}

typedef struct
{
  PdOverviewPage *page;
  const char     *label;
  const char     *text;
} WaitLabel;

static gboolean
label_is (gpointer data)
{
  WaitLabel *w = data;

  return !pd_overview_page_get_busy (w->page) && g_strcmp0 (page_label (w->page, w->label), w->text) == 0;
}

static void
wait_label (PdOverviewPage *page,
            const char     *name,
            const char     *text)
{
  WaitLabel w = { page, name, text };

  if (!gui_test_wait_for (label_is, &w, 20000))
    g_error ("%s shows “%s”, expected “%s”", name, page_label (page, name), text);
}

static gboolean
label_has_text (GtkWidget *widget,
                gpointer   data)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

static gboolean
spin_has_value (GtkWidget *widget,
                gpointer   data)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (widget)) == *(double *) data;
}

static gboolean
is_settings_window (gpointer data)
{
  GtkWidget **out = data;
  g_autoptr(GListModel) toplevels = NULL;

  toplevels = gtk_window_get_toplevels ();
  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (PD_IS_PROGRAM_SETTINGS_WINDOW (w) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        {
          *out = GTK_WIDGET (w);
          return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
settings_child (GtkWidget  *window,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window, PD_TYPE_PROGRAM_SETTINGS_WINDOW, name));
}

/* The English texts are checked unless the screenshots are taken in
 * another language. */
static gboolean
in_english (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return g_getenv ("PD_SHOT_DIR") == NULL || language == NULL || g_str_has_prefix (language, "en");
}

/* Screenshots ------------------------------------------------------------------ */

static void
shot (GtkWidget  *widget,
      const char *name)
{
  const char *dir = g_getenv ("PD_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  GdkRGBA background;
  int width, height;

  if (dir == NULL)
    return;
  /* Let everything lay out and reveal its rows. */
  gui_test_run_for (600);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  /* The page's own background under a section. */
  if (!GTK_IS_WINDOW (widget))
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color", &background))
        gdk_rgba_parse (&background, "white");
      G_GNUC_END_IGNORE_DEPRECATIONS
      gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
    }
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("%s-%s%s.png", name, g_strcmp0 (g_getenv ("PD_SHOT_STYLE"), "dark") == 0 ? "dark" : "light",
                          g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh") ? "-zh_CN" : "");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%dx%d)", path, width, height);
}

/* PD_SHOT_WIDTH: the window's width, to look at a narrow one. */
static int
shot_width (void)
{
  const char *width = g_getenv ("PD_SHOT_WIDTH");

  return width != NULL ? (int) g_ascii_strtoll (width, NULL, 10) : 1100;
}

/* Tests --------------------------------------------------------------------------- */

static gboolean
stage_rate_is (gpointer data)
{
  PdContext *context = data;
  guint bp[PD_N_STAGES];

  return pd_store_get_stage_rates (pd_context_get_store (context), bp, NULL) &&
         bp[PD_STAGE_FIRST_SALE] == 4500;
}

/* As of 2026-04-05: 3 qualified, S-02 pending at first sale (0.5),
 * S-04 pending at sales met (0.8), the quarter paid at 0.5 (S-11).
 * Paid fraction 0.8: confirmed 3 x 2000 x 0.8 = 4,800.00, expected
 * (3 + 0.5 + 0.8) x 1600 = 6,880.00, upper 5 x 1600 = 8,000.00; then
 * first sale at 45%: expected (3 + 0.45 + 0.8) x 1600 = 6,800.00. */
static void
test_override_through_dialog (void)
{
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  GtkWidget *assumptions;
  GtkWidget *settings = NULL;
  GtkWidget *spin;
  GtkWidget *stage_group;
  GtkWidget *first_sale;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double fifty = 50.0;

  GUI_TEST_REQUIRE_DISPLAY ();
  context = q1_context ();
  pd_clock_pin (pd_context_get_clock (context), parse_time (AS_OF));
  window = pd_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (window), shot_width (), 900);
  gtk_window_present (GTK_WINDOW (window));
  page = window_page (window);
  pd_test_wait_until (is_shown, page, 30000);

  wait_label (page, "confirmed_amount_label", "CNY 3,000.00");
  g_assert_cmpstr (page_label (page, "expected_amount_label"), ==, "CNY 4,300.00");
  assumptions = gui_test_find_widget (GTK_WIDGET (page), PD_TYPE_OVERVIEW_ASSUMPTIONS, NULL, NULL);
  /* The program file's values, and its own sentences. */
  g_assert_nonnull (gui_test_find_widget (assumptions, GTK_TYPE_LABEL, label_has_text, (gpointer) "× 0.5"));
  g_assert_nonnull (gui_test_find_widget (assumptions, GTK_TYPE_LABEL, label_has_text,
                                          (gpointer) "GB, DE, FR, IT, ES, IE"));
  if (in_english ())
    g_assert_nonnull (gui_test_find_widget (assumptions, GTK_TYPE_LABEL, label_has_text,
                                            (gpointer) "Stores are grouped by seller id, not by brand, for the first-store rule."));
  shot (assumptions, "assumptions");
  /* No entries recorded before: nothing to compare with yet. */
  shot (gui_test_find_widget (GTK_WIDGET (page), PD_TYPE_OVERVIEW_CHANGES, NULL, NULL), "what-changed-empty");

  /* Program Settings, from the section. */
  g_assert_true (gtk_widget_activate_action (assumptions, "assumptions.settings", NULL));
  pd_test_wait_until (is_settings_window, &settings, 10000);
  g_assert_cmpstr (pd_program_settings_window_get_program_id (PD_PROGRAM_SETTINGS_WINDOW (settings)), ==, PROGRAM);
  spin = settings_child (settings, "fraction_spin");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 0.5);
  g_assert_false (gtk_widget_get_visible (settings_child (settings, "fraction_reset")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (settings_child (settings, "countries_row"))), ==,
                   "GB;DE;FR;IT;ES;IE");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0.8);
  /* Saved a moment later, and the page projects again at once. */
  wait_label (page, "confirmed_amount_label", "CNY 4,800.00");
  wait_label (page, "expected_amount_label", "CNY 6,880.00");
  g_assert_cmpstr (page_label (page, "upper_amount_label"), ==, "CNY 8,000.00");
  g_assert_cmpstr (page_label (page, "governance_factor_label"), ==, "× 0.8");
  g_assert_true (gtk_widget_get_visible (settings_child (settings, "fraction_reset")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (settings_child (settings, "fraction_row"))),
                            "Li Wei"));

  /* The stage rates: the same group as Preferences, the same table. */
  stage_group = settings_child (settings, "stage_rates_group");
  first_sale = gui_test_find_widget (stage_group, GTK_TYPE_SPIN_BUTTON, spin_has_value, &fifty);
  g_assert_nonnull (first_sale);
  shot (settings, "program-settings");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (first_sale), 45.0);
  pd_test_wait_until (stage_rate_is, context, 5000);
  wait_label (page, "expected_amount_label", "CNY 6,800.00");
  shot (assumptions, "assumptions-overridden");

  /* The section says so, with who did it. */
  g_assert_nonnull (gui_test_find_widget (assumptions, GTK_TYPE_LABEL, label_has_text, (gpointer) "× 0.8"));

  /* Audited, under the staff name. The statement is finalized at once:
   * an open read would keep the window's connection on an old snapshot,
   * and its next write would fail busy. */
  stmt = pd_store_prepare (pd_context_get_store (context),
                           "SELECT count(*) FROM audit_log WHERE user = 'Li Wei' AND"
                           " ((action = 'program.override' AND json_extract(details, '$.value') = '0.8')"
                           "  OR (action = 'stage-rate.set' AND subject = 'first_sale'))", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Back to the program file's fraction. */
  gtk_widget_activate (settings_child (settings, "fraction_reset"));
  wait_label (page, "confirmed_amount_label", "CNY 3,000.00");
  wait_label (page, "expected_amount_label", "CNY 4,250.00");

  /* Without GB, S-08 (GB, DE, FR, ES) keeps 3 countries: lost.
   * Confirmed 2 x 1000, expected (2 + 0.45 + 0.8) x 1000. */
  gtk_editable_set_text (GTK_EDITABLE (settings_child (settings, "countries_row")), "de; fr; it; es; ie");
  g_signal_emit_by_name (settings_child (settings, "countries_row"), "apply");
  wait_label (page, "confirmed_amount_label", "CNY 2,000.00");
  wait_label (page, "expected_amount_label", "CNY 3,250.00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (settings_child (settings, "countries_row"))), ==,
                   "DE;FR;IT;ES;IE");
  g_assert_nonnull (gui_test_find_widget (assumptions, GTK_TYPE_LABEL, label_has_text,
                                          (gpointer) "DE, FR, IT, ES, IE"));
  /* Fewer countries than the minimum: refused, nothing changes. */
  gtk_editable_set_text (GTK_EDITABLE (settings_child (settings, "countries_row")), "DE;FR");
  g_signal_emit_by_name (settings_child (settings, "countries_row"), "apply");
  g_assert_true (gtk_widget_has_css_class (settings_child (settings, "countries_row"), "error"));
  gui_test_run_for (400);
  g_assert_cmpstr (page_label (page, "confirmed_amount_label"), ==, "CNY 2,000.00");
  gtk_widget_activate (settings_child (settings, "countries_reset"));
  wait_label (page, "confirmed_amount_label", "CNY 3,000.00");

  gui_test_destroy_window (GTK_WINDOW (settings));
  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static gboolean
changes_shown (gpointer data)
{
  GtkWidget *changes = data;
  GObject *list = gtk_widget_get_template_child (changes, PD_TYPE_OVERVIEW_CHANGES, "list");

  return g_list_model_get_n_items (G_LIST_MODEL (list)) == 2;
}

static gboolean
benefit_shown (gpointer data)
{
  PdOverviewPage *page = data;
  GtkWidget *assumptions = gui_test_find_widget (GTK_WIDGET (page), PD_TYPE_OVERVIEW_ASSUMPTIONS, NULL, NULL);

  return !pd_overview_page_get_busy (page) &&
         g_strcmp0 (pd_overview_page_get_program_id (page), "us-top-2026q1") == 0 &&
         gtk_widget_get_visible (assumptions) &&
         (!in_english () ||
          gui_test_find_widget (assumptions, GTK_TYPE_LABEL, label_has_text,
                                (gpointer) "Period boundaries are evaluated in US Pacific time.") != NULL);
}

/* Entries recorded as of 2026-03-25, the page as of 2026-04-05: the
 * invited seller ...08 never opened a store and the period is over (lost,
 * -100.00: 0.1 x 2000 x 0.5), S-09 opened after the period and sold
 * (lost, over the GMV threshold, -100.00). */
static void
test_what_changed (void)
{
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  GtkWidget *changes;
  GObject *list;
  GtkWidget *group;
  g_autoptr(PdOverviewItem) first = NULL;
  g_autoptr(PdOverviewItem) second = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();
  context = q1_context ();
  mark_entries (context, MARKED_AS_OF);
  pd_clock_pin (pd_context_get_clock (context), parse_time (AS_OF));
  window = pd_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (window), shot_width (), 900);
  gtk_window_present (GTK_WINDOW (window));
  page = window_page (window);
  pd_test_wait_until (is_shown, page, 30000);

  changes = gui_test_find_widget (GTK_WIDGET (page), PD_TYPE_OVERVIEW_CHANGES, NULL, NULL);
  g_assert_nonnull (changes);
  pd_test_wait_until (changes_shown, changes, 10000);
  list = gtk_widget_get_template_child (changes, PD_TYPE_OVERVIEW_CHANGES, "list");
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  second = g_list_model_get_item (G_LIST_MODEL (list), 1);
  /* Equal moves: by seller id. */
  g_assert_cmpstr (pd_overview_item_get_badge (first), ==, "−CNY 100.00");
  g_assert_nonnull (strstr (pd_overview_item_get_subtitle (second), "S-09"));
  g_assert_cmpstr (pd_overview_item_get_badge (second), ==, "−CNY 100.00");
  g_assert_cmpstr (pd_overview_item_get_action_name (second), ==, "win.show-merchant");
  group = GTK_WIDGET (gtk_widget_get_template_child (changes, PD_TYPE_OVERVIEW_CHANGES, "group"));
  if (in_english ())
    {
      g_assert_nonnull (strstr (pd_overview_item_get_subtitle (first), "No store yet"));
      g_assert_cmpstr (pd_overview_item_get_detail (first), ==, "Lost: Pending → Lost");
      g_assert_cmpstr (pd_overview_item_get_detail (second), ==, "Lost · GMV over the threshold: Pending → Lost");
      /* In the program's time (the zone said when the user's differs). */
      g_assert_true (g_str_has_prefix (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)),
                                       "Since the sync of 2026-03-25 12:00"));
      g_assert_true (g_str_has_suffix (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)),
                                       ": 2 merchants changed, moving the expected payout by −CNY 200.00\n"
                                       "2 lost · 1 over the GMV threshold"));
    }
  shot (changes, "what-changed");

  /* A seller-benefit program: its own assumption, nothing to override,
   * no payout to change. */
  pd_overview_page_set_program_id (page, "us-top-2026q1");
  pd_test_wait_until (benefit_shown, page, 20000);
  g_assert_false (gtk_widget_get_visible (changes));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (
    gui_test_find_widget (GTK_WIDGET (page), PD_TYPE_OVERVIEW_ASSUMPTIONS, NULL, NULL),
    PD_TYPE_OVERVIEW_ASSUMPTIONS, "settings_button"))));

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);
  if (g_getenv ("PD_SHOT_DIR") != NULL)
    {
      /* Screenshots in the user's language and style. */
      pd_paths_init_program ();
      if (g_strcmp0 (g_getenv ("PD_SHOT_STYLE"), "dark") == 0)
        adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    }

  g_test_add_func ("/overview-assumptions/override-through-dialog", test_override_through_dialog);
  g_test_add_func ("/overview-assumptions/what-changed", test_what_changed);
  return gui_test_run ();
}
