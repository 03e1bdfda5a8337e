/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import-window"

#include "config.h"

#include <sqlite3.h>
#include <glib/gstdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "gui-test-utils.h"
#include "pd-import-window.h"
#include "pd-paths.h"
#include "pd-store-private.h"
#include "pd-window.h"

/* The import window as a user drives it: the kind is guessed from the
 * header, Import runs in a worker thread, the window closes, the store
 * has the rows, and the context announces the change. A bad file opens a
 * dialog listing the problems by line and leaves the store unchanged. */

static gint64
count (PdContext  *context,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (pd_store_get_db (pd_context_get_store (context)),
                                       sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     char               **last)
{
  g_free (*last);
  *last = pd_entity_kind_to_string (change->kinds);
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static GtkWidget *
child (GtkWidget  *window,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window, PD_TYPE_IMPORT_WINDOW, name));
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
run_import (PdImportWindow *import)
{
  gpointer weak = import;

  g_object_add_weak_pointer (G_OBJECT (import), &weak);
  gtk_window_present (GTK_WINDOW (import));
  pd_test_wait_until (gui_test_is_mapped, import, 5000);
  g_signal_emit_by_name (child (GTK_WIDGET (import), "import_button"), "clicked");
  pd_test_wait_until (window_gone, &weak, 20000);
}

static gboolean
is_message_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          *(gpointer *) data = w;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
label_contains (GtkWidget *widget,
                gpointer   data)
{
  return strstr (gtk_label_get_label (GTK_LABEL (widget)), data) != NULL;
}

static void
test_import_targets (void)
{
  g_autofree char *last = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  PdContext *context;
  PdWindow *window;
  PdImportWindow *import;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  g_signal_connect (pd_context_get_store (context), "changed", G_CALLBACK (on_store_changed_cb), &last);
  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));

  path = g_build_filename (g_getenv ("PARTNERDESK_FIXTURES_DIR"), "q1-example", "targets.csv", NULL);
  file = g_file_new_for_path (path);
  import = pd_import_window_new (GTK_WINDOW (window), context, file);

  /* Guessed from the header: a target list, with the program and the
   * replace switch offered. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (GTK_WIDGET (import), "kind_row"))), ==, 0);
  g_assert_true (gtk_widget_get_visible (child (GTK_WIDGET (import), "replace_row")));

  run_import (import);
  g_assert_cmpint (count (context, "SELECT count(*) FROM target_merchants"), ==, 11);
  g_assert_cmpint (count (context, "SELECT count(*) FROM audit_log WHERE action = 'import.targets'"), ==, 1);
  g_assert_cmpstr (last, ==, "targets");

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static void
test_import_problems (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-test-import-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *last = NULL;
  g_autoptr(GFile) file = NULL;
  gpointer dialog = NULL;
  PdContext *context;
  PdWindow *window;
  PdImportWindow *import;

  GUI_TEST_REQUIRE_DISPLAY ();

  path = write_temp (dir, "rates.csv", "currency,cny_per_unit\nEUR,7.8\nUSD,seven\n");
  context = gui_test_context_new ();
  g_signal_connect (pd_context_get_store (context), "changed", G_CALLBACK (on_store_changed_cb), &last);
  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));

  file = g_file_new_for_path (path);
  import = pd_import_window_new (GTK_WINDOW (window), context, file);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (GTK_WIDGET (import), "kind_row"))), ==, 3);
  g_assert_false (gtk_widget_get_visible (child (GTK_WIDGET (import), "replace_row")));

  run_import (import);
  pd_test_wait_until (is_message_dialog, &dialog, 5000);
  /* The problem is listed by file and line 3; nothing was imported. */
  g_assert_nonnull (gui_test_find_widget (dialog, GTK_TYPE_LABEL, label_contains, (gpointer) "rates.csv:3"));
  g_assert_cmpint (count (context, "SELECT count(*) FROM exchange_rates"), ==, 0);
  g_assert_cmpint (count (context, "SELECT count(*) FROM audit_log WHERE action LIKE 'import.%'"), ==, 0);
  g_assert_null (last);

  gui_test_destroy_window (GTK_WINDOW (dialog));
  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
  g_remove (path);
  g_rmdir (dir);
}

/* With PD_SCREENSHOT_DIR set: the window rendered to DIR/NAME.png. */
static void
maybe_screenshot (GtkWidget  *window,
                  const char *name)
{
  const char *dir = g_getenv ("PD_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int width, height;

  if (dir == NULL)
    return;
  gui_test_run_for (500);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* A workbook with a notes sheet first and the rates second: the window
 * asks for the sheet, guesses the contents from the chosen sheet, and
 * imports that sheet. */
static void
test_import_workbook (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pd-test-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "rates.xlsx", NULL);
  g_autoptr(GFile) file = NULL;
  lxw_workbook *book;
  lxw_worksheet *notes, *rates;
  PdContext *context;
  PdWindow *window;
  PdImportWindow *import;
  AdwComboRow *sheet_row;

  GUI_TEST_REQUIRE_DISPLAY ();

  book = workbook_new (path);
  notes = workbook_add_worksheet (book, "Notes");
  rates = workbook_add_worksheet (book, "Q1 rates");
  worksheet_write_string (notes, 0, 0, "Rates agreed with finance", NULL);
  worksheet_write_string (rates, 0, 0, "Exchange rates, Q1", NULL);
  worksheet_write_string (rates, 2, 0, "currency", NULL);
  worksheet_write_string (rates, 2, 1, "cny_per_unit", NULL);
  worksheet_write_string (rates, 3, 0, "EUR", NULL);
  worksheet_write_number (rates, 3, 1, 7.8, NULL);
  worksheet_write_string (rates, 4, 0, "JPY", NULL);
  worksheet_write_number (rates, 4, 1, 0.048, NULL);
  g_assert_cmpint (workbook_close (book), ==, LXW_NO_ERROR);

  context = gui_test_context_new ();
  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  /* The app loads the .xlsx reader's libraries with the first workbook,
   * not at its start (src/gui/pd-formats.h); no test before this one
   * reads a workbook. */
  g_assert_false (gui_test_library_loaded ("libarchive.so"));
  file = g_file_new_for_path (path);
  import = pd_import_window_new (GTK_WINDOW (window), context, file);
  g_assert_true (gui_test_library_loaded ("libarchive.so"));

  sheet_row = ADW_COMBO_ROW (child (GTK_WIDGET (import), "sheet_row"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sheet_row)));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (sheet_row)), ==, 2);
  adw_combo_row_set_selected (sheet_row, 1);
  /* Guessed from the second sheet's header, below its title. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (GTK_WIDGET (import), "kind_row"))), ==, 3);

  gtk_window_present (GTK_WINDOW (import));
  pd_test_wait_until (gui_test_is_mapped, import, 5000);
  maybe_screenshot (GTK_WIDGET (import), g_getenv ("PD_SCREENSHOT_NAME") != NULL ? g_getenv ("PD_SCREENSHOT_NAME") : "import-xlsx");

  run_import (import);
  g_assert_cmpint (count (context, "SELECT count(*) FROM exchange_rates WHERE currency IN ('EUR', 'JPY')"), ==, 2);

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  pd_paths_init_program ();
  gui_test_init (&argc, &argv);
  if (g_getenv ("PD_SCREENSHOT_DARK") != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_test_add_func ("/import-window/workbook", test_import_workbook);
  g_test_add_func ("/import-window/targets", test_import_targets);
  g_test_add_func ("/import-window/problems", test_import_problems);
  return gui_test_run ();
}
