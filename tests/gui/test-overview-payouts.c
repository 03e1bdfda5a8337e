/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-overview-payouts"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gui-test-utils.h"
#include "pd-importer.h"
#include "pd-overview-format.h"
#include "pd-overview-item.h"
#include "pd-overview-list.h"
#include "pd-overview-page.h"
#include "pd-payout-review.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"
#include "pd-window.h"

/* The Overview's payout records (what the platform paid or withheld,
 * synced `payout` objects) and the export's save dialog: the chosen
 * format decides what is written, the file name follows it, and the
 * dialog opens in the documents folder. */

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define AS_OF "2026-04-05T12:00:00+08:00"

static GListModel *
payouts_list (PdOverviewPage *page)
{
  GObject *object = pd_overview_page_get_object (page, "payouts_list");

  g_assert_true (G_IS_LIST_MODEL (object));
  return G_LIST_MODEL (object);
}

static gboolean
is_settled (gpointer data)
{
  PdOverviewPage *page = data;
  const char *state = gtk_stack_get_visible_child_name (GTK_STACK (gui_test_overview_child (page, "stack")));

  return !pd_overview_page_get_busy (page) && g_strcmp0 (state, "data") == 0 &&
         g_list_model_get_n_items (payouts_list (page)) ==
         pd_overview_list_get_n_rows (PD_OVERVIEW_LIST (payouts_list (page)));
}

static void
exec_sql (PdStore    *store,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_exec (store, sql, &error));
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

  g_assert_nonnull (fixtures);
  g_assert_nonnull (programs);
  for (guint i = 0; i <= G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *path = i == 0 ? g_build_filename (programs, PROGRAM ".json", NULL) :
        g_build_filename (fixtures, "q1-example", steps[i - 1].name, NULL);
      g_autoptr(PdImporter) importer = pd_importer_new (i == 0 ? PD_IMPORT_KIND_PROGRAM : steps[i - 1].kind, path);
      g_autoptr(GError) error = NULL;

      g_assert_true (pd_importer_run (importer, store, NULL, &error));
      g_assert_no_error (error);
    }
  return context;
}

static PdOverviewPage *
open_page (PdContext  *context,
           PdWindow  **window_out)
{
  PdWindow *window = pd_window_new (NULL, context);
  GtkWidget *stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "stack"));
  GtkWidget *page = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "overview");
  g_autoptr(GError) error = NULL;
  gint64 as_of = 0;

  g_assert_true (PD_IS_OVERVIEW_PAGE (page));
  g_assert_true (pd_timestamp_parse (AS_OF, NULL, &as_of, &error));
  pd_overview_page_set_as_of (PD_OVERVIEW_PAGE (page), as_of);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (is_settled, page, 30000);
  *window_out = window;
  return PD_OVERVIEW_PAGE (page);
}

/* Payout records ----------------------------------------------------------- */

static void
test_payout_records (void)
{
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;
  GListModel *list;
  g_autoptr(PdOverviewItem) first = NULL;
  g_autoptr(PdOverviewItem) second = NULL;
  const char *description;

  GUI_TEST_REQUIRE_DISPLAY ();

  /* None synced yet: the empty state says what will come. */
  context = q1_context ();
  page = open_page (context, &window);
  g_assert_true (gtk_widget_get_visible (gui_test_overview_child (page, "payouts_group")));
  g_assert_true (gtk_widget_get_visible (gui_test_overview_child (page, "payouts_empty")));
  g_assert_false (gtk_widget_get_visible (gui_test_overview_child (page, "payouts_scroller")));
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gui_test_overview_child (page, "payouts_group")));
  g_assert_cmpstr (description != NULL ? description : "", ==, "");
  gui_test_destroy_window (GTK_WINDOW (window));

  /* Two records of the program (one paid, one withheld) and one of
   * another program: the program's two, newest quarter first. */
  exec_sql (pd_context_get_store (context),
            "INSERT INTO payouts (id, program_id, quarter, amount, currency, status, paid_at) VALUES"
            "  ('PO-1', '" PROGRAM "', '2026Q1', 3400000, 'CNY', 'paid', strftime('%s', '2026-06-18T02:00:00Z')),"
            "  ('PO-2', '" PROGRAM "', '2026Q1', 200000, 'CNY', 'withheld', NULL),"
            "  ('PO-0', '" PROGRAM "', '2025Q4', 100000, 'CNY', 'paid', strftime('%s', '2026-01-18T02:00:00Z')),"
            "  ('PO-9', 'us-top-2026q1', '2026Q1', 999900, 'CNY', 'paid', NULL);");
  page = open_page (context, &window);
  g_assert_false (gtk_widget_get_visible (gui_test_overview_child (page, "payouts_empty")));
  g_assert_true (gtk_widget_get_visible (gui_test_overview_child (page, "payouts_scroller")));
  list = payouts_list (page);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);

  first = g_list_model_get_item (list, 0);
  g_assert_cmpstr (pd_overview_item_get_title (first), ==, "CNY 34,000.00");
  g_assert_cmpstr (pd_overview_item_get_badge (first), ==, "Paid");
  g_assert_cmpstr (pd_overview_item_get_subtitle (first), ==, "Quarter 2026Q1 · PO-1");
  /* 02:00 UTC is 10:00 in the program's zone, which says so. */
  g_assert_nonnull (strstr (pd_overview_item_get_detail (first), "2026-06-18 10:00"));

  second = g_list_model_get_item (list, 1);
  g_assert_cmpstr (pd_overview_item_get_title (second), ==, "CNY 2,000.00");
  g_assert_cmpstr (pd_overview_item_get_badge (second), ==, "Withheld");
  g_assert_cmpint (pd_overview_item_get_urgency (second), ==, PD_OVERVIEW_URGENCY_WARNING);
  g_assert_nonnull (strstr (pd_overview_item_get_detail (second), "counts zero"));

  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gui_test_overview_child (page, "payouts_group")));
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "CNY 35,000.00"));
  g_assert_nonnull (strstr (description, "CNY 2,000.00"));

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

/* The save dialog ------------------------------------------------------------ */

static gboolean
find_chooser (gpointer data)
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
find_question (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(gpointer *) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* As a click does: the response, then the dialog closes. */
static void
answer (gpointer    dialog,
        const char *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (dialog);
}

typedef struct
{
  GtkFileChooser *chooser;
  const char     *suffix;
} NameWait;

static gboolean
name_ends_with (gpointer data)
{
  NameWait *wait = data;
  g_autofree char *name = gtk_file_chooser_get_current_name (wait->chooser);

  return name != NULL && g_str_has_suffix (name, wait->suffix);
}

static gboolean
has_folder (gpointer data)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (data);

  return folder != NULL;
}

static gboolean
export_finished (gpointer data)
{
  PdOverviewPage *page = data;

  return gtk_widget_is_sensitive (gui_test_overview_child (page, "export_button"));
}

static gboolean
is_pdf (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  return g_file_get_contents (path, &data, &length, NULL) && length > 1000 && memcmp (data, "%PDF-", 5) == 0;
}

/* Opens the dialog, chooses the PDF filter (the proposed name follows),
 * types @typed in @dir and accepts. */
static GtkFileChooser *
choose_pdf (PdOverviewPage *page,
            const char     *dir,
            const char     *typed,
            const char     *documents)
{
  gpointer chooser = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) into = g_file_new_for_path (dir);
  g_autoptr(GtkFileFilter) pdf = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *filters;
  NameWait wait;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "overview.export", NULL));
  pd_test_wait_until (find_chooser, &chooser, 5000);

  /* In the documents folder, not the working directory. */
  pd_test_wait_until (has_folder, chooser, 5000);
  folder = gtk_file_chooser_get_current_folder (chooser);
  g_assert_cmpstr (g_file_peek_path (folder), ==, documents);

  /* CSV first; choosing PDF renames the proposed file. */
  wait.chooser = chooser;
  wait.suffix = "-2026-04-05.csv";
  g_assert_true (name_ends_with (&wait));
  filters = gtk_file_chooser_get_filters (chooser);
  /* CSV, PDF, Excel workbook: choosing Excel proposes .xlsx. */
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 3);
  pdf = g_list_model_get_item (filters, 2);
  gtk_file_chooser_set_filter (chooser, pdf);
  g_object_unref (pdf);
  wait.suffix = "payout-review-" PROGRAM "-2026-04-05.xlsx";
  pd_test_wait_until (name_ends_with, &wait, 5000);
  pdf = g_list_model_get_item (filters, 1);
  g_object_unref (filters);
  gtk_file_chooser_set_filter (chooser, pdf);
  wait.suffix = "payout-review-" PROGRAM "-2026-04-05.pdf";
  pd_test_wait_until (name_ends_with, &wait, 5000);

  /* The user types a name with the other extension: the filter still
   * decides. */
  g_assert_true (gtk_file_chooser_set_current_folder (chooser, into, &error));
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (chooser, typed);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  return chooser;
}

static void
test_export_format (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-test-overview-export-XXXXXX", NULL);
  g_autofree char *documents = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "..", "Documents", NULL);
  g_autofree char *documents_real = NULL;
  g_autofree char *user_dirs = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "user-dirs.dirs", NULL);
  g_autofree char *user_dirs_text = NULL;
  g_autofree char *typed_csv = g_build_filename (dir, "review.csv", NULL);
  g_autofree char *written = g_build_filename (dir, "review.pdf", NULL);
  g_autoptr(GError) error = NULL;
  gpointer question = NULL;
  PdContext *context;
  PdWindow *window;
  PdOverviewPage *page;

  GUI_TEST_REQUIRE_DISPLAY ();

  /* The user's documents folder, as xdg-user-dirs names it. */
  g_assert_cmpint (g_mkdir_with_parents (documents, 0700), ==, 0);
  documents_real = g_canonicalize_filename (documents, NULL);
  user_dirs_text = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"%s\"\n", documents_real);
  g_assert_true (g_file_set_contents (user_dirs, user_dirs_text, -1, &error));
  g_assert_no_error (error);
  g_reload_user_special_dirs_cache ();
  g_assert_cmpstr (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS), ==, documents_real);

  context = q1_context ();
  page = open_page (context, &window);

  /* "review.csv" with the PDF filter: a PDF, named review.pdf. */
  choose_pdf (page, dir, "review.csv", documents_real);
  pd_test_wait_until ((gboolean (*) (gpointer)) is_pdf, written, 30000);
  pd_test_wait_until (export_finished, page, 30000);
  g_assert_false (g_file_test (typed_csv, G_FILE_TEST_EXISTS));

  /* Again: review.pdf exists now, and the dialog asked about review.csv,
   * so the page asks before replacing it. Cancel keeps it; Replace
   * writes it anew. */
  g_assert_cmpint (g_chmod (written, 0600), ==, 0);
  g_assert_true (g_file_set_contents (written, "keep me", -1, &error));
  choose_pdf (page, dir, "review.CSV", documents_real);
  pd_test_wait_until (find_question, &question, 5000);
  answer (question, "cancel");
  gui_test_run_for (300);
  {
    g_autofree char *kept = NULL;

    g_assert_true (g_file_get_contents (written, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "keep me");
  }
  question = NULL;
  choose_pdf (page, dir, "review.csv", documents_real);
  pd_test_wait_until (find_question, &question, 5000);
  answer (question, "replace");
  pd_test_wait_until (export_finished, page, 30000);
  pd_test_wait_until ((gboolean (*) (gpointer)) is_pdf, written, 30000);
  g_assert_false (g_file_test (typed_csv, G_FILE_TEST_EXISTS));

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
  g_remove (written);
  g_rmdir (dir);
  g_remove (user_dirs);
  g_rmdir (documents);
}

/* A time in the program's zone says the zone only when the user's own
 * clock would read otherwise. */
static void
test_time_zone (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  PdRules rules = { 0 };
  g_autofree char *there = NULL;
  g_autofree char *here = NULL;
  g_autofree char *date = NULL;
  const gint64 t = 1774929540; /* 2026-03-31T03:59:00Z, 11:59 in Shanghai */

  rules.timezone = shanghai;
  rules.timezone_id = (char *) "Asia/Shanghai";

  g_setenv ("TZ", "Europe/Berlin", TRUE);
  there = pd_overview_format_time (&rules, t, PD_OVERVIEW_TIME_ZONED);
  date = pd_overview_format_time (&rules, t, PD_OVERVIEW_TIME_DATE);
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  here = pd_overview_format_time (&rules, t, PD_OVERVIEW_TIME_ZONED);
  g_setenv ("TZ", "UTC", TRUE);

  g_assert_cmpstr (there, ==, "2026-03-31 11:59 (Asia/Shanghai)");
  g_assert_cmpstr (here, ==, "2026-03-31 11:59");
  g_assert_cmpstr (date, ==, "2026-03-31");
}

/* The file name follows the format, whatever was typed. */
static void
test_file_name (void)
{
  static const struct { const char *name; PdPayoutReviewFormat format; const char *expected; } cases[] = {
    { "review.csv", PD_PAYOUT_REVIEW_PDF, "review.pdf" },
    { "review.CSV", PD_PAYOUT_REVIEW_PDF, "review.pdf" },
    { "review.pdf", PD_PAYOUT_REVIEW_CSV, "review.csv" },
    { "review.pdf", PD_PAYOUT_REVIEW_PDF, "review.pdf" },
    { "review", PD_PAYOUT_REVIEW_PDF, "review.pdf" },
    { "q1.final", PD_PAYOUT_REVIEW_CSV, "q1.final.csv" },
    { ".csv", PD_PAYOUT_REVIEW_PDF, ".csv.pdf" },
    { "财务 核对.csv", PD_PAYOUT_REVIEW_PDF, "财务 核对.pdf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = pd_payout_review_file_name (cases[i].name, cases[i].format);

      g_assert_cmpstr (name, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/overview-payouts/file-name", test_file_name);
  g_test_add_func ("/overview-payouts/time-zone", test_time_zone);
  g_test_add_func ("/overview-payouts/payout-records", test_payout_records);
  g_test_add_func ("/overview-payouts/export-format", test_export_format);
  return gui_test_run ();
}
