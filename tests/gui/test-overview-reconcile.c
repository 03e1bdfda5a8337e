/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-overview-reconcile"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gui-test-utils.h"
#include "pd-importer.h"
#include "pd-overview-page.h"
#include "pd-overview-reconciliation.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"
#include "pd-window.h"

/* Issue 14 items 4 and 6 on the Overview: the Reconciliation section
 * once the period is over (hidden while it runs), and Print… exported to
 * a PDF file through GtkPrintOperation, which holds the totals and the
 * same pages, with the same text, as the payout review's PDF export. The
 * q1-example as of 2026-05-15: 3 qualified at factor 0.5 (CNY 3,000.00);
 * the platform paid CNY 2,000.00 and withheld store S-01's share. */

#define PROGRAM "eu-jp-pop-partner-2026q1"

static GtkWidget *
reconciliation_child (PdOverviewPage *page,
                      const char     *name)
{
  GObject *object = gtk_widget_get_template_child (gui_test_overview_child (page, "reconciliation"),
                                                   PD_TYPE_OVERVIEW_RECONCILIATION, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static gboolean
is_settled (gpointer data)
{
  PdOverviewPage *page = data;
  const char *state = gtk_stack_get_visible_child_name (GTK_STACK (gui_test_overview_child (page, "stack")));

  return !pd_overview_page_get_busy (page) && g_strcmp0 (state, "data") == 0;
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
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i <= G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *path = i == 0 ? g_build_filename (programs, PROGRAM ".json", NULL) :
        g_build_filename (fixtures, "q1-example", steps[i - 1].name, NULL);
      g_autoptr(PdImporter) importer = pd_importer_new (i == 0 ? PD_IMPORT_KIND_PROGRAM : steps[i - 1].kind, path);

      g_assert_true (pd_importer_run (importer, store, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (pd_store_exec (store,
                                "INSERT INTO payouts (id, program_id, quarter, amount, currency, status,"
                                "                     paid_at, seller_id, store_id) VALUES"
                                "  ('PO-1', '" PROGRAM "', '2026Q1', 200000, 'CNY', 'paid', 1781748000, NULL, NULL),"
                                "  ('PO-2', '" PROGRAM "', '2026Q1', 100000, 'CNY', 'withheld', 1781748000,"
                                "   '7000000000000001', 'S-01');",
                                &error));
  g_assert_no_error (error);
  return context;
}

static PdOverviewPage *
open_page (PdContext  *context,
           const char *as_of_text,
           PdWindow  **window_out)
{
  PdWindow *window = pd_window_new (NULL, context);
  GtkWidget *stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "stack"));
  GtkWidget *page = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "overview");
  g_autoptr(GError) error = NULL;
  gint64 as_of = 0;

  g_assert_true (pd_timestamp_parse (as_of_text, NULL, &as_of, &error));
  pd_overview_page_set_as_of (PD_OVERVIEW_PAGE (page), as_of);
  pd_overview_page_set_program_id (PD_OVERVIEW_PAGE (page), PROGRAM);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (is_settled, page, 30000);
  *window_out = window;
  return PD_OVERVIEW_PAGE (page);
}

static gboolean
is_amount (GtkWidget *widget,
           gpointer   data)
{
  return gtk_widget_has_css_class (widget, "numeric");
}

/* The rows of a list box, as "title|subtitle|amount" lines. */
static char *
rows_text (GtkWidget *list)
{
  GString *out = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *amount;
      const char *subtitle;

      if (!ADW_IS_ACTION_ROW (row))
        continue;
      subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      amount = gui_test_find_widget (row, GTK_TYPE_LABEL, is_amount, NULL);
      g_string_append_printf (out, "%s|%s|%s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              subtitle != NULL ? subtitle : "",
                              amount != NULL ? gtk_label_get_label (GTK_LABEL (amount)) : "");
    }
  return g_string_free (out, FALSE);
}

static void
test_section (void)
{
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  g_autofree char *totals = NULL;
  g_autofree char *lines = NULL;
  const char *description;

  GUI_TEST_REQUIRE_DISPLAY ();

  /* While the period runs there is nothing to reconcile. */
  context = q1_context ();
  page = open_page (context, "2026-03-15T12:00:00+08:00", &window);
  g_assert_false (gtk_widget_get_visible (gui_test_overview_child (page, "reconciliation")));
  gui_test_destroy_window (GTK_WINDOW (window));

  page = open_page (context, "2026-05-15T00:00:00+08:00", &window);
  g_assert_true (gtk_widget_get_visible (gui_test_overview_child (page, "reconciliation")));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (reconciliation_child (page, "group"))),
                   ==, "Reconciliation with the platform’s payouts, 2026Q1");
  totals = rows_text (reconciliation_child (page, "totals_list"));
  lines = rows_text (reconciliation_child (page, "lines_list"));
  g_test_message ("totals:\n%s\nlines:\n%s", totals, lines);
  g_assert_nonnull (strstr (totals, "Projected for the quarter|3 qualified merchants, less the governance discount of CNY 3,000.00: a store we introduced is high-risk, so the quarter is paid at 0.5|CNY 3,000.00\n"));
  g_assert_nonnull (strstr (totals, "Paid by the platform||CNY 2,000.00\n"));
  g_assert_nonnull (strstr (totals, "Withheld by the platform|A withheld payout counts zero|CNY 1,000.00\n"));
  g_assert_nonnull (strstr (totals, "Difference|Paid minus projected|CNY -1,000.00\n"));
  g_assert_nonnull (strstr (lines, "Withheld · PO-2|Seller 7000000000000001, store S-01: Qualified in the projection, counted CNY 1,000.00; difference CNY -1,000.00|CNY 1,000.00\n"));
  g_assert_nonnull (strstr (lines, "Paid · PO-1|The platform names no merchant|CNY 2,000.00\n"));
  g_assert_nonnull (strstr (lines, "Withheld merchants|"));
  /* Inside the projected amount, not a line of the explanation. */
  g_assert_null (strstr (lines, "Governance discount"));
  g_assert_null (strstr (lines, "Not explained"));
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (reconciliation_child (page, "group")));
  g_assert_cmpstr (description, ==, "The difference of CNY -1,000.00 is fully explained");

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

/* Print ------------------------------------------------------------------- */

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static char *
pdf_text (const char *path,
          guint      *pages)
{
  const char *text_argv[] = { "pdftotext", "-layout", path, "-", NULL };
  const char *info_argv[] = { "pdfinfo", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  char *out = NULL;
  const char *line;
  int status = 0;

  g_spawn_sync (NULL, (char **) text_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_spawn_sync (NULL, (char **) info_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &info, NULL, &status, &error);
  g_assert_no_error (error);
  line = strstr (info, "Pages:");
  g_assert_nonnull (line);
  *pages = (guint) g_ascii_strtoull (line + strlen ("Pages:"), NULL, 10);
  return out;
}

static void
test_print_to_file (void)
{
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *printed_text = NULL;
  g_autofree char *exported_text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  GAsyncResult *result = NULL;
  guint printed_pages = 0;
  guint exported_pages = 0;

  GUI_TEST_REQUIRE_DISPLAY ();
  if (pdftotext == NULL)
    {
      if (g_strcmp0 (g_getenv ("PARTNERDESK_ALLOW_SKIP"), "1") == 0)
        {
          g_test_skip ("pdftotext is not installed (Debian package poppler-utils)");
          return;
        }
      g_error ("pdftotext is not installed: install the Debian package poppler-utils (./run test does)");
    }

  dir = g_dir_make_tmp ("pd-test-print-XXXXXX", &error);
  g_assert_no_error (error);
  printed = g_build_filename (dir, "printed.pdf", NULL);
  exported = g_build_filename (dir, "exported.pdf", NULL);
  context = q1_context ();
  page = open_page (context, "2026-05-15T00:00:00+08:00", &window);

  pd_overview_page_print_async (page, GTK_PRINT_OPERATION_ACTION_EXPORT, printed, NULL, on_done_cb, &result);
  pd_test_wait_until (is_set, &result, 60000);
  g_assert_true (pd_overview_page_print_finish (page, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  file = g_file_new_for_path (exported);
  pd_overview_page_export_async (page, file, PD_PAYOUT_REVIEW_PDF, NULL, on_done_cb, &result);
  pd_test_wait_until (is_set, &result, 60000);
  g_assert_true (pd_overview_page_export_finish (page, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  printed_text = pdf_text (printed, &printed_pages);
  exported_text = pdf_text (exported, &exported_pages);
  g_test_message ("printed: %u pages, exported: %u pages", printed_pages, exported_pages);

  /* The totals. */
  g_assert_nonnull (strstr (printed_text, "Payout review"));
  g_assert_nonnull (strstr (printed_text, "Confirmed: CNY 3,000.00 (3 merchants)"));
  g_assert_nonnull (strstr (printed_text, "Upper: CNY 4,000.00 (4 merchants)"));
  g_assert_nonnull (strstr (printed_text, "Paid by the platform: CNY 2,000.00"));
  g_assert_nonnull (strstr (printed_text, "Withheld by the platform: CNY 1,000.00"));
  g_assert_nonnull (strstr (printed_text, "Difference: CNY -1,000.00"));
  /* The same pages as the PDF export, with the same text on them. */
  g_assert_cmpuint (printed_pages, ==, exported_pages);
  g_assert_cmpstr (printed_text, ==, exported_text);

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
  g_remove (printed);
  g_remove (exported);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/overview-reconcile/section", test_section);
  g_test_add_func ("/overview-reconcile/print-to-file", test_print_to_file);
  return gui_test_run ();
}
