/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-links"

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <qrencode.h>
#include <string.h>

#include "gui-test-utils.h"
#include "pd-link-actions.h"
#include "pd-link-item.h"
#include "pd-links-model.h"
#include "pd-links-page.h"
#include "pd-qr-code.h"
#include "pd-qr-dialog.h"
#include "pd-store-links.h"
#include "pd-store-private.h"

#define URL "https://seller-eu.example.com/join?partner=P01&pd_ref=AbCdEfGhIjKlMnOpQrSt_-#apply"
#define PROGRAM "eu-jp-pop-partner-2026q1"

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

static char *
read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { FALSE, NULL };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_clipboard_read_cb, &read);
  pd_test_wait_until (clipboard_read_done, &read, 5000);
  return read.text;
}

static gboolean
is_label (GtkWidget *widget,
          gpointer   text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

/* The toast "Link copied" is on screen in @root. */
static gboolean
toast_shown (gpointer root)
{
  GtkWidget *label = gui_test_find_widget (root, GTK_TYPE_LABEL, is_label, (gpointer) "Link copied");

  return label != NULL && gtk_widget_get_mapped (label);
}

static QRcode *
reference_code (const char *text)
{
  QRcode *code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, TRUE);

  g_assert_nonnull (code);
  return code;
}

/* Renders @widget as the screen shows it and returns its pixels
 * (CAIRO_FORMAT_ARGB32 layout, premultiplied). */
static guchar *
render_widget (GtkWidget *widget,
               int       *width_out,
               int       *height_out,
               gsize     *stride_out)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guchar *pixels;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  *width_out = width;
  *height_out = height;
  *stride_out = (gsize) width * 4;
  return pixels;
}

typedef struct
{
  GtkWidget *widget;
  int        size;   /* of its window's surface, square */
} LaidOut;

/* The widget is mapped and laid out in a window of the size asked for. */
static gboolean
laid_out_at (gpointer data)
{
  LaidOut *laid_out = data;
  GdkSurface *surface;

  if (!gtk_widget_get_mapped (laid_out->widget) || gtk_widget_get_width (laid_out->widget) <= 0)
    return FALSE;
  surface = gtk_native_get_surface (gtk_widget_get_native (laid_out->widget));
  return gdk_surface_get_width (surface) == laid_out->size && gdk_surface_get_height (surface) == laid_out->size &&
         gtk_widget_get_width (laid_out->widget) > laid_out->size - 20 &&
         gtk_widget_get_height (laid_out->widget) > laid_out->size - 20;
}

/* The widget's modules are qrencode's, drawn crisp at any size: every
 * pixel of the code is pure black or white, and each module's centre
 * has its colour. */
static void
test_qr_code (void)
{
  QRcode *code;
  GtkWidget *window, *qr;
  const int sizes[] = { 300, 457 };

  GUI_TEST_REQUIRE_DISPLAY ();

  code = reference_code (URL);
  qr = pd_qr_code_new (URL);
  g_assert_cmpuint (pd_qr_code_get_modules (PD_QR_CODE (qr)), ==, (guint) code->width);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      g_assert_cmpint (pd_qr_code_get_module (PD_QR_CODE (qr), x, y), ==, code->data[y * code->width + x] & 1);
  /* The finder patterns' corners are dark. */
  g_assert_true (pd_qr_code_get_module (PD_QR_CODE (qr), 0, 0));
  g_assert_true (pd_qr_code_get_module (PD_QR_CODE (qr), code->width - 1, 0));
  g_assert_false (pd_qr_code_get_module (PD_QR_CODE (qr), code->width, 0));

  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), qr);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autofree guchar *pixels = NULL;
      int width, height, total, module, x0, y0;
      gsize stride;

      gtk_window_set_default_size (GTK_WINDOW (window), sizes[s], sizes[s]);
      gtk_window_present (GTK_WINDOW (window));
      pd_test_wait_until (laid_out_at, (&(LaidOut) { qr, sizes[s] }), 5000);

      pixels = render_widget (qr, &width, &height, &stride);
      total = code->width + 2 * PD_QR_CODE_QUIET_ZONE;
      module = MIN (width, height) / total;
      g_test_message ("%d x %d pixels, %d per module", width, height, module);
      g_assert_cmpint (module, >=, 1);
      x0 = (width - module * total) / 2;
      y0 = (height - module * total) / 2;

      for (int y = y0; y < y0 + module * total; y++)
        for (int x = x0; x < x0 + module * total; x++)
          {
            const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
            int mx = (x - x0) / module - PD_QR_CODE_QUIET_ZONE;
            int my = (y - y0) / module - PD_QR_CODE_QUIET_ZONE;
            gboolean dark = mx >= 0 && my >= 0 && mx < code->width && my < code->width &&
                            (code->data[my * code->width + mx] & 1);
            guchar expected = dark ? 0x00 : 0xff;

            if (p[0] != expected || p[1] != expected || p[2] != expected || p[3] != 0xff)
              g_error ("pixel (%d, %d) of module (%d, %d) is %02x%02x%02x%02x; expected pure %s",
                       x, y, mx, my, p[0], p[1], p[2], p[3], dark ? "black" : "white");
          }
    }
  gui_test_destroy_window (GTK_WINDOW (window));
  QRcode_free (code);
}

/* The dialog shows the URL and its code; Copy puts the URL on the
 * clipboard; the PNG is the requested size, with a white quiet zone and
 * the code's modules at their places. */
static void
test_qr_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-test-links-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "code.png", NULL);
  g_autofree char *copied = NULL;
  PdQrDialog *dialog;
  GtkWidget *qr, *label;
  cairo_surface_t *surface;
  QRcode *code;
  int total, module, offset, dark = 0, light = 0;

  GUI_TEST_REQUIRE_DISPLAY ();
  g_assert_no_error (error);

  dialog = pd_qr_dialog_new (NULL, URL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  pd_test_wait_until (gui_test_is_mapped, dialog, 5000);
  g_assert_cmpstr (pd_qr_dialog_get_url (dialog), ==, URL);
  qr = gui_test_find_widget (GTK_WIDGET (dialog), PD_TYPE_QR_CODE, NULL, NULL);
  g_assert_nonnull (qr);
  g_assert_cmpstr (pd_qr_code_get_text (PD_QR_CODE (qr)), ==, URL);
  label = gui_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, NULL, NULL);
  g_assert_nonnull (label);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "qr.copy", NULL));
  /* read_clipboard () waits for the text; the toast says so. */
  copied = read_clipboard (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==, URL);
  pd_test_wait_until (toast_shown, dialog, 5000);

  g_assert_true (pd_qr_code_save_png (PD_QR_CODE (qr), png, PD_QR_DIALOG_PNG_SIZE, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, PD_QR_DIALOG_PNG_SIZE);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, PD_QR_DIALOG_PNG_SIZE);

  code = reference_code (URL);
  total = code->width + 2 * PD_QR_CODE_QUIET_ZONE;
  module = PD_QR_DIALOG_PNG_SIZE / total;
  offset = (PD_QR_DIALOG_PNG_SIZE - module * total) / 2 + PD_QR_CODE_QUIET_ZONE * module;
  cairo_surface_flush (surface);
  for (int my = -PD_QR_CODE_QUIET_ZONE; my < code->width + PD_QR_CODE_QUIET_ZONE; my++)
    for (int mx = -PD_QR_CODE_QUIET_ZONE; mx < code->width + PD_QR_CODE_QUIET_ZONE; mx++)
      {
        int x = offset + mx * module + module / 2;
        int y = offset + my * module + module / 2;
        const guint32 *row = (const guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                                           (gsize) y * cairo_image_surface_get_stride (surface));
        gboolean is_dark = (row[x] & 0xffffff) == 0;
        gboolean want_dark = mx >= 0 && my >= 0 && mx < code->width && my < code->width &&
                             (code->data[my * code->width + mx] & 1);

        g_assert_true ((row[x] & 0xffffff) == 0 || (row[x] & 0xffffff) == 0xffffff);
        g_assert_cmpint (is_dark, ==, want_dark);
        if (is_dark)
          dark++;
        else
          light++;
      }
  /* Not blank: a QR code is roughly half dark. */
  g_assert_cmpint (dark, >, total * total / 5);
  g_assert_cmpint (light, >, total * total / 3);
  cairo_surface_destroy (surface);
  QRcode_free (code);

  /* Too small a size is an error, not a broken file. */
  g_assert_false (pd_qr_code_save_png (PD_QR_CODE (qr), png, 10, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  gui_test_destroy_window (GTK_WINDOW (dialog));
  g_unlink (png);
  g_rmdir (dir);
}

static void
seed_store (PdStore *store,
            guint    n_sellers)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_assert_true (pd_store_set_setting (store, "onboarding_base_url.EU",
                                       "https://seller-eu.example.com/join?partner=P01", &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %u)"
                         " INSERT INTO target_merchants (program_id, seller_id, seller_name, market, listed_at)"
                         " SELECT '" PROGRAM "', printf ('70%%04d', i), 'Seller ' || i, 'EU', 0 FROM seq",
                         n_sellers);
  g_assert_true (pd_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static gboolean
stack_shows_list (gpointer data)
{
  GtkStack *stack = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0;
}

static gboolean
file_written (gpointer data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (data, &contents, NULL, NULL) && g_str_has_suffix (contents, "\r\n");
}

/* The confirmation dialogs the page opened and that are on screen. */
static guint
count_message_dialogs (AdwMessageDialog **first)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  guint n = 0;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_mapped (l->data))
      {
        if (n++ == 0 && first != NULL)
          *first = l->data;
      }
  return n;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return count_message_dialogs (NULL) > 0;
}

typedef struct
{
  PdStore    *store;
  const char *token;
} LinkState;

static gboolean
link_revoked (gpointer data)
{
  LinkState *state = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = pd_store_link_get (state->store, state->token, &error);

  g_assert_no_error (error);
  return g_strcmp0 (link->state, "revoked") == 0;
}

typedef struct
{
  GListModel *model;
  guint       n;
} ModelSize;

static gboolean
model_has_n_items (gpointer data)
{
  ModelSize *size = data;

  return g_list_model_get_n_items (size->model) == size->n;
}

/* The page reports the export's end with a toast; the test's plain
 * window has no toast overlay, so the toast is a debug message of
 * pd-link-actions instead: "No toast overlay for “N links exported to
 * links.csv”". */
static void
on_toast_log_cb (const char     *log_domain,
                        GLogLevelFlags  log_level,
                        const char     *message,
                        gpointer        user_data)
{
  char **toast = user_data;

  if (strstr (message, " exported to ") != NULL)
    {
      g_free (*toast);
      *toast = g_strdup (message);
    }
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
test_links_page (void)
{
  PdContext *context;
  PdStore *store;
  GtkWidget *window, *page;
  GtkStack *stack;
  GListModel *model;
  GtkSelectionModel *selection;
  AdwMessageDialog *dialog = NULL;
  LinkState revoking;
  g_autofree char *export_toast = NULL;
  guint log_handler;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(PdLink) auth = NULL;
  g_autoptr(PdLinkItem) first = NULL;
  g_autoptr(PdLinkItem) top = NULL;
  guint active_pos;
  g_autofree char *copied = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  const char * const sellers[] = { "700001", "700002", "700003", NULL };

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  store = pd_context_get_store (context);
  seed_store (store, 10);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  page = pd_links_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, page, 5000);

  /* No link yet: the empty state. */
  stack = GTK_STACK (gui_test_find_widget (page, GTK_TYPE_STACK, NULL, NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_nonnull (gui_test_find_widget (page, ADW_TYPE_STATUS_PAGE, NULL, NULL));
  model = pd_links_page_get_model (PD_LINKS_PAGE (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* Three onboarding links and one authorization link; one revoked. */
  made = pd_store_link_onboarding_bulk (store, sellers, NULL, "Li", &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_link_authorization (store, "SVC-1", "700001", 30, "Li", &auth, &error));
  g_assert_true (pd_store_link_revoke (store, ((PdLink *) made->pdata[2])->token, &error));
  g_assert_no_error (error);
  pd_store_emit_change (pd_context_get_store (context), PD_ENTITY_LINKS, NULL, PD_CHANGE_ORIGIN_WINDOW);
  pd_test_wait_until (stack_shows_list, stack, 2000);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  /* Filter by state. */
  pd_links_page_set_state_filter (PD_LINKS_PAGE (page), "active");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  pd_links_page_set_state_filter (PD_LINKS_PAGE (page), "revoked");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  pd_links_page_set_state_filter (PD_LINKS_PAGE (page), "used");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  /* An empty filter is not the empty state. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  pd_links_page_set_state_filter (PD_LINKS_PAGE (page), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  /* Copy: the selected row's URL on the clipboard. */
  selection = pd_links_page_get_selection (PD_LINKS_PAGE (page));
  /* Rows made in the same second come in token order: take the first
   * active onboarding link (the revoke below needs an active link, and
   * the export after it must leave the authorization link out). */
  for (active_pos = 0; active_pos < g_list_model_get_n_items (model); active_pos++)
    {
      g_clear_object (&first);
      first = g_list_model_get_item (model, active_pos);
      if (g_strcmp0 (pd_link_item_get_link (first)->state, "active") == 0 &&
          g_strcmp0 (pd_link_item_get_link (first)->token, auth->token) != 0)
        break;
    }
  g_assert_cmpuint (active_pos, <, 4);
  g_assert_true (gtk_selection_model_select_item (selection, active_pos, TRUE));
  g_assert_true (gtk_widget_activate_action (page, "links.copy", NULL));
  copied = read_clipboard (page);
  g_assert_cmpstr (copied, ==, pd_link_item_get_link (first)->url);

  /* Several rows: one URL a line. */
  g_clear_pointer (&copied, g_free);
  g_assert_true (gtk_selection_model_select_range (selection, 0, 2, TRUE));
  g_assert_true (gtk_widget_activate_action (page, "links.copy", NULL));
  copied = read_clipboard (page);
  g_assert_nonnull (strchr (copied, '\n'));
  top = g_list_model_get_item (model, 0);
  g_assert_true (g_str_has_prefix (copied, pd_link_item_get_link (top)->url));

  /* Revoke: offered for one active link only, after a confirmation.
   * With three rows selected it asks nothing: the activation is ignored
   * (the action is disabled). That it opened no dialog, not even late, is
   * checked below: once the next activation's dialog is on screen, it is
   * the only one. */
  gtk_widget_activate_action (page, "links.revoke", NULL);
  g_assert_cmpuint (count_message_dialogs (NULL), ==, 0);
  g_assert_true (gtk_selection_model_select_item (selection, active_pos, TRUE));
  g_assert_cmpstr (pd_link_item_get_link (first)->state, ==, "active");
  g_assert_true (gtk_widget_activate_action (page, "links.revoke", NULL));
  pd_test_wait_until (message_dialog_shown, NULL, 5000);
  g_assert_cmpuint (count_message_dialogs (&dialog), ==, 1);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Revoke Link?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), pd_link_item_get_link (first)->seller_id));
  /* Nothing changes before the answer. */
  revoking = (LinkState) { store, pd_link_item_get_link (first)->token };
  g_assert_false (link_revoked (&revoking));
  /* What its button does: the response, then the dialog closes. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, "revoke");
  gtk_window_close (GTK_WINDOW (dialog));
  pd_test_wait_until (is_null, &dialog, 5000);
  pd_test_wait_until (link_revoked, &revoking, 5000);
  pd_links_page_set_state_filter (PD_LINKS_PAGE (page), "revoked");
  pd_test_wait_until (model_has_n_items, (&(ModelSize) { model, 2 }), 5000);

  /* Export through the CLI's code, in a thread: the links the page shows
   * (the two revoked ones), headed in the user's language. */
  dir = g_dir_make_tmp ("pd-test-links-XXXXXX", &error);
  csv = g_build_filename (dir, "links.csv", NULL);
  log_handler = g_log_set_handler ("pd-toast", G_LOG_LEVEL_DEBUG, on_toast_log_cb, &export_toast);
  pd_links_page_export (PD_LINKS_PAGE (page), csv);
  pd_test_wait_until (file_written, csv, 5000);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbfToken,Kind,Seller ID,Market,Program,Service ID,"
                                             "URL,Created at,Revoked at,Staff\r\n"));
  g_assert_nonnull (strstr (contents, pd_link_item_get_link (first)->token));
  g_assert_nonnull (strstr (contents, ((PdLink *) made->pdata[2])->token));
  g_assert_null (strstr (contents, auth->token));
  /* Its end: the count of links written, those the filter shows. */
  pd_test_wait_until (is_set, &export_toast, 5000);
  g_log_remove_handler ("pd-toast", log_handler);
  g_assert_nonnull (strstr (export_toast, "“2 links exported to links.csv”"));
  pd_links_page_set_state_filter (PD_LINKS_PAGE (page), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
  g_unlink (csv);
  g_rmdir (dir);
}

static gboolean
columns_hidden (gpointer column_view)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GtkColumnViewColumn) kind = g_list_model_get_item (columns, 1);

  return !gtk_column_view_column_get_visible (kind);
}

static gboolean
columns_shown (gpointer column_view)
{
  return !columns_hidden (column_view);
}

/* The visible titles, "State,Merchant,Created,URL". */
static char *
visible_titles (GtkColumnView *column_view)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_visible (column))
        g_string_append_printf (titles, "%s%s", titles->len > 0 ? "," : "",
                                gtk_column_view_column_get_title (column));
    }
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static gboolean
fits (gpointer column_view)
{
  int min = 0;

  gtk_widget_measure (column_view, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min <= gtk_widget_get_width (gtk_widget_get_ancestor (column_view, PD_TYPE_LINKS_PAGE));
}

/* Issue 18 item 6: at 700 px the table fits without scrolling sideways:
 * the secondary columns hide and the merchant's tooltip tells them; at
 * 1400 px they are back. */
static void
test_links_page_narrow (void)
{
  PdContext *context;
  PdStore *store;
  GtkWidget *window, *page;
  GtkColumnView *column_view;
  GtkStack *stack;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autofree char *narrow = NULL;
  g_autofree char *wide = NULL;
  g_autofree char *tooltip = NULL;
  const char * const sellers[] = { "700001", "700002", NULL };
  PdLink *link;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  store = pd_context_get_store (context);
  seed_store (store, 2);
  made = pd_store_link_onboarding_bulk (store, sellers, NULL, "Li", &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 600);
  page = pd_links_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, page, 5000);
  stack = GTK_STACK (gui_test_find_widget (page, GTK_TYPE_STACK, NULL, NULL));
  pd_test_wait_until (stack_shows_list, stack, 2000);
  column_view = GTK_COLUMN_VIEW (gui_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL, NULL));

  pd_test_wait_until (columns_hidden, column_view, 5000);
  narrow = visible_titles (column_view);
  g_assert_cmpstr (narrow, ==, "State,Merchant,Created,URL");
  pd_test_wait_until (fits, column_view, 5000);

  /* What the hidden columns said, on hovering the merchant. */
  link = made->pdata[0];
  tooltip = pd_links_page_describe_link (link, "Seller 1 · 700001");
  g_assert_true (g_str_has_prefix (tooltip, "Seller 1 · 700001\nKind: Onboarding\nMarket: EU\nExpires: "));
  g_assert_nonnull (strstr (tooltip, "\nUsed: —\nStaff: Li"));

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 600);
  pd_test_wait_until (columns_shown, column_view, 5000);
  wide = visible_titles (column_view);
  g_assert_cmpstr (wide, ==, "State,Kind,Merchant,Market,Created,Expires,Used,Staff,URL");

  /* And narrow again. */
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 600);
  pd_test_wait_until (columns_hidden, column_view, 5000);

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *changes)
{
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (removed, ==, 1000);
  g_assert_cmpuint (added, ==, 0);
  (*changes)++;
}

/* The model reads a page at a time: a thousand links, a few queries. */
static void
test_links_model_paging (void)
{
  PdContext *context;
  PdStore *store;
  g_autoptr(PdLinksModel) model = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sellers = g_new0 (char *, 1001);
  guint changes = 0;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  store = pd_context_get_store (context);
  seed_store (store, 1000);
  for (guint i = 0; i < 1000; i++)
    sellers[i] = g_strdup_printf ("70%04u", i + 1);
  made = pd_store_link_onboarding_bulk (store, (const char * const *) sellers, NULL, NULL, &error);
  g_assert_no_error (error);

  model = pd_links_model_new (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == PD_TYPE_LINK_ITEM);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 1000));

  expected = pd_store_links_page (store, NULL, 0, 2000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(PdLinkItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpstr (pd_link_item_get_link (item)->token, ==, ((PdLink *) expected->pdata[i])->token);
    }
  g_assert_cmpuint (pd_links_model_get_n_fetches (model), ==, (1000 + PD_LINKS_MODEL_PAGE_SIZE - 1) / PD_LINKS_MODEL_PAGE_SIZE);
  /* Cached pages are not read again. */
  for (guint i = 999; i > 900; i--)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  g_assert_cmpuint (pd_links_model_get_n_fetches (model), ==, 4);

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  g_assert_true (pd_links_model_set_state (model, "revoked", &error));
  g_assert_cmpuint (changes, ==, 1);
  /* Setting the same state again reads nothing. */
  g_assert_true (pd_links_model_set_state (model, "revoked", &error));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  g_clear_object (&model);
  gui_test_context_free (context);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/links/qr-code", test_qr_code);
  g_test_add_func ("/links/qr-dialog", test_qr_dialog);
  g_test_add_func ("/links/page", test_links_page);
  g_test_add_func ("/links/page-narrow", test_links_page_narrow);
  g_test_add_func ("/links/model-paging", test_links_model_paging);

  return gui_test_run ();
}
