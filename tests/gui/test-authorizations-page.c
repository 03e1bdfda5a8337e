/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-authorizations-page"

/* The Authorizations page under a display (issue 12): its rows soonest
 * first with state, merchant, service, shops, dates and days left; the
 * expiring filter; Create Renewal Link (clipboard, toast, outbox with
 * renewal_of, then Copy and QR Code); the badge kept current when the day
 * changes and when a renewal arrives by sync (the old row then says
 * Renewed); selecting a row the filter hides. */

#include "config.h"

#include <string.h>

#include "gui-test-utils.h"
#include "pd-authorization-format.h"
#include "pd-authorization-item.h"
#include "pd-authorization-list-row.h"
#include "pd-authorization-monitor.h"
#include "pd-authorizations-page.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"

typedef struct
{
  PdContext            *base;     /* owns the store's directory */
  PdContext            *context;  /* the same store, a pinned clock */
  PdClock              *clock;
  GtkWindow            *window;
  PdAuthorizationsPage *page;
} Fixture;

static void
exec_ok (PdStore    *store,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  pd_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

/* now: 2026-03-10 09:00 in Shanghai. A-3 ends in 3 days, A-10 in 10,
 * A-30 in 30, A-renewed in 5 (renewed by A-next), A-done ended. */
static gint64
fixture_now (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Shanghai");

  return pd_timestamp_day_start (2026, 3, 10, zone) + 9 * 3600;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  PdStore *store;
  GtkWidget *overlay;
  gint64 now = fixture_now ();
  g_autofree char *sql = NULL;

  if (!gui_test_has_display ())
    return;
  f->base = gui_test_context_new ();
  store = pd_context_get_store (f->base);
  f->clock = pd_clock_new_pinned (now);
  f->context = pd_context_new_with_clock (store, f->clock);
  exec_ok (store,
           "INSERT INTO services (id, category_id, name, type) VALUES ('s-1', 'c-1', 'Store ops', 'public');");
  sql = g_strdup_printf ("INSERT INTO authorizations (id, state, seller_id, service_id, shop_ids, starts_at,"
                         " expires_at, renewal_of) VALUES"
                         " ('A-3', 'active', '7001', 's-1', '[\"SH-1\",\"SH-2\"]', %1$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT ", NULL),"
                         " ('A-10', 'active', '7002', 's-1', '[\"SH-3\"]', %1$" G_GINT64_FORMAT ", %3$" G_GINT64_FORMAT ", NULL),"
                         " ('A-30', 'active', '7003', 's-1', '[]', %1$" G_GINT64_FORMAT ", %4$" G_GINT64_FORMAT ", NULL),"
                         " ('A-renewed', 'active', '7004', 's-1', '[]', %1$" G_GINT64_FORMAT ", %5$" G_GINT64_FORMAT ", NULL),"
                         " ('A-next', 'active', '7004', 's-1', '[]', %6$" G_GINT64_FORMAT ", NULL, 'A-renewed'),"
                         " ('A-done', 'completed', '7005', 's-1', '[]', %1$" G_GINT64_FORMAT ", %7$" G_GINT64_FORMAT ", NULL)",
                         now - 60 * 86400, now + 3 * 86400, now + 10 * 86400, now + 30 * 86400,
                         now + 5 * 86400, now, now - 5 * 86400);
  exec_ok (store, sql);

  f->page = PD_AUTHORIZATIONS_PAGE (pd_authorizations_page_new (f->context));
  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->page));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 700);
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  pd_test_wait_until (gui_test_is_mapped, f->page, 5000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->base == NULL)
    return;
  gui_test_destroy_window (f->window);
  g_clear_object (&f->context);
  g_clear_object (&f->clock);
  gui_test_context_free (f->base);
}

static const PdAuthorizationRow *
row_at (Fixture *f,
        guint    position)
{
  g_autoptr(PdAuthorizationItem) item = g_list_model_get_item (pd_authorizations_page_get_model (f->page),
                                                               position);

  g_assert_nonnull (item);
  /* The model keeps the item (and its row) while the page lives. */
  return pd_authorization_item_get_row (item);
}

static gboolean
is_row_of (GtkWidget *widget,
           gpointer   id)
{
  PdAuthorizationItem *item = pd_authorization_list_row_get_item (PD_AUTHORIZATION_LIST_ROW (widget));

  return item != NULL && g_strcmp0 (pd_authorization_item_get_row (item)->id, id) == 0;
}

static GtkWidget *
row_widget (Fixture    *f,
            const char *id)
{
  return gui_test_find_widget (GTK_WIDGET (f->page), PD_TYPE_AUTHORIZATION_LIST_ROW, is_row_of, (gpointer) id);
}

static gboolean
is_label (GtkWidget *widget,
          gpointer   text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_inscription (GtkWidget *widget,
                gpointer   text)
{
  return g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0;
}

static gboolean
has_visible_label (GtkWidget  *root,
                   const char *text)
{
  GtkWidget *label = root != NULL ? gui_test_find_widget (root, GTK_TYPE_LABEL, is_label, (gpointer) text) : NULL;

  /* The row's longer texts are inscriptions. */
  if (label == NULL && root != NULL)
    label = gui_test_find_widget (root, GTK_TYPE_INSCRIPTION, is_inscription, (gpointer) text);

  return label != NULL && gtk_widget_get_mapped (label);
}

typedef struct
{
  Fixture    *f;
  const char *id;
  const char *text;
} RowText;

static gboolean
row_says (gpointer data)
{
  RowText *t = data;

  return has_visible_label (row_widget (t->f, t->id), t->text);
}

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  /* The active ones soonest first (A-next is unlimited), then the one
   * that ended. */
  static const char * const order[] = { "A-3", "A-renewed", "A-10", "A-30", "A-next", "A-done" };
  GListModel *model;

  GUI_TEST_REQUIRE_DISPLAY ();

  model = pd_authorizations_page_get_model (f->page);
  g_assert_nonnull (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (row_at (f, i)->id, ==, order[i]);

  {
    RowText a3 = { f, "A-3", "3 days left" };
    RowText shops = { f, "A-3", "Store ops · shops SH-1, SH-2" };
    RowText renewed = { f, "A-renewed", "Renewed" };
    RowText unlimited = { f, "A-next", "unlimited" };
    RowText ended = { f, "A-done", "ended" };
    RowText seller = { f, "A-3", "Seller 7001" };

    pd_test_wait_until (row_says, &a3, 5000);
    g_assert_true (row_says (&shops));
    g_assert_true (row_says (&seller));
    g_assert_true (row_says (&renewed));
    g_assert_true (row_says (&unlimited));
    g_assert_true (row_says (&ended));
  }
}

static gboolean
model_has_n (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *) data)[1]);

  return g_list_model_get_n_items (pd_authorizations_page_get_model (f->page)) == n;
}

static void
test_expiring_filter (Fixture       *f,
                      gconstpointer  data)
{
  GListModel *model;
  GtkStack *list_stack;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_authorizations_page_set_expiring_only (f->page, TRUE);
  model = pd_authorizations_page_get_model (f->page);
  /* A-renewed is renewed: not expiring; A-30 is too far. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpstr (row_at (f, 0)->id, ==, "A-3");
  g_assert_cmpstr (row_at (f, 1)->id, ==, "A-10");
  g_assert_true (has_visible_label (GTK_WIDGET (f->page), "2 authorizations expiring"));

  /* A month later nothing is left in the window: its own empty state. */
  pd_clock_advance (f->clock, 40 * 86400);
  {
    gpointer wait[] = { f, GUINT_TO_POINTER (0) };

    pd_test_wait_until (model_has_n, wait, 5000);
  }
  list_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->page), PD_TYPE_AUTHORIZATIONS_PAGE,
                                                        "list_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "none-expiring");

  pd_authorizations_page_set_expiring_only (f->page, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "rows");
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

static gboolean
toast_shown (gpointer window)
{
  return has_visible_label (window, "Renewal link copied");
}

static gboolean
link_copied_shown (gpointer window)
{
  return has_visible_label (window, "Link copied");
}

static gboolean
is_button (GtkWidget *widget,
           gpointer   label)
{
  const char *text = gtk_button_get_label (GTK_BUTTON (widget));

  return text != NULL && g_str_equal (text, label) && gtk_widget_get_visible (widget);
}

static gboolean
is_icon_button (GtkWidget *widget,
                gpointer   icon)
{
  return g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0 &&
         gtk_widget_get_visible (widget);
}

static gboolean
row_has_qr (gpointer data)
{
  Fixture *f = data;
  GtkWidget *row = row_widget (f, "A-3");

  return row != NULL && gui_test_find_widget (row, GTK_TYPE_BUTTON, is_button, (gpointer) "QR Code") != NULL;
}

static void
test_renew (Fixture       *f,
            gconstpointer  data)
{
  PdStore *store = pd_context_get_store (f->context);
  ClipboardRead read = { FALSE, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *row, *button;
  const char *body;

  GUI_TEST_REQUIRE_DISPLAY ();

  {
    RowText a3 = { f, "A-3", "3 days left" };

    pd_test_wait_until (row_says, &a3, 5000);
  }
  row = row_widget (f, "A-3");
  button = gui_test_find_widget (row, GTK_TYPE_BUTTON, is_button, (gpointer) "Create Renewal Link");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  pd_test_wait_until (toast_shown, f->window, 5000);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->page)), NULL,
                                 on_clipboard_read_cb, &read);
  pd_test_wait_until (clipboard_read_done, &read, 5000);
  expected = g_strdup ("https://services.tiktokshop.com/open/authorize?service_id=s-1&state=");
  g_assert_true (g_str_has_prefix (read.text, expected));
  g_free (read.text);

  /* The outbox sends it with renewal_of, the seller and the shops. */
  stmt = pd_store_prepare (store, "SELECT body FROM outbox WHERE path = '/v1/authorization-links'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  body = (const char *) sqlite3_column_text (stmt, 0);
  g_assert_nonnull (strstr (body, "\"renewal_of\":\"A-3\""));
  g_assert_nonnull (strstr (body, "\"seller_id\":\"7001\""));
  g_assert_nonnull (strstr (body, "\"shop_ids\":[\"SH-1\",\"SH-2\"]"));

  /* The row now offers Copy and QR Code instead. */
  pd_test_wait_until (row_has_qr, f, 5000);
  g_assert_null (gui_test_find_widget (row_widget (f, "A-3"), GTK_TYPE_BUTTON, is_button,
                                       (gpointer) "Create Renewal Link"));

  /* An unknown authorization: a toast, nothing queued. */
  g_assert_null (pd_authorizations_page_renew (f->page, "A-none"));

  /* A new page (as after a restart: its model never saw the link made)
   * still offers the link made, not another one; and its Copy copies it. */
  {
    GtkWidget *overlay = adw_toast_overlay_new ();
    ClipboardRead again = { FALSE, NULL };

    gui_test_destroy_window (f->window);
    f->page = PD_AUTHORIZATIONS_PAGE (pd_authorizations_page_new (f->context));
    adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->page));
    f->window = GTK_WINDOW (gtk_window_new ());
    gtk_window_set_default_size (f->window, 1000, 700);
    gtk_window_set_child (f->window, overlay);
    gtk_window_present (f->window);
    pd_test_wait_until (row_has_qr, f, 5000);
    row = row_widget (f, "A-3");
    g_assert_null (gui_test_find_widget (row, GTK_TYPE_BUTTON, is_button,
                                         (gpointer) "Create Renewal Link"));
    /* Something else on the clipboard first, read back so that the
     * claim has settled. */
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f->page)), "other");
    gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->page)), NULL,
                                   on_clipboard_read_cb, &again);
    pd_test_wait_until (clipboard_read_done, &again, 5000);
    g_assert_cmpstr (again.text, ==, "other");
    g_clear_pointer (&again.text, g_free);
    again.done = FALSE;
    button = gui_test_find_widget (row, GTK_TYPE_BUTTON, is_icon_button, (gpointer) "edit-copy-symbolic");
    g_assert_nonnull (button);
    /* A button's activation clicks it a moment later: the toast says when. */
    g_assert_true (gtk_widget_activate (button));
    pd_test_wait_until (link_copied_shown, f->window, 5000);
    gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->page)), NULL,
                                   on_clipboard_read_cb, &again);
    pd_test_wait_until (clipboard_read_done, &again, 5000);
    g_assert_true (g_str_has_prefix (again.text, expected));
    g_free (again.text);
  }
}

typedef struct
{
  AdwViewStackPage *page;
  guint             n;
} Badge;

static gboolean
badge_is (gpointer data)
{
  Badge *b = data;

  return adw_view_stack_page_get_badge_number (b->page) == b->n &&
         adw_view_stack_page_get_needs_attention (b->page) == (b->n > 0);
}

static void
test_badge (Fixture       *f,
            gconstpointer  data)
{
  PdAuthorizationMonitor *monitor = pd_context_get_authorization_monitor (f->context);
  PdStore *store = pd_context_get_store (f->context);
  g_autoptr(AdwViewStack) stack = g_object_ref_sink (ADW_VIEW_STACK (adw_view_stack_new ()));
  g_autofree char *sql = NULL;
  Badge badge;

  GUI_TEST_REQUIRE_DISPLAY ();

  badge.page = adw_view_stack_add_titled (stack, gtk_label_new ("x"), "authorizations", "Authorizations");
  pd_authorization_monitor_bind_badge (monitor, badge.page);
  badge.n = 2;
  g_assert_true (badge_is (&badge));

  /* Five days later (the pinned clock moved; a live one has its midnight
   * timer): A-3 has expired, A-10 has 5 days; A-30 (25) is not in yet. */
  pd_clock_advance (f->clock, 5 * 86400);
  badge.n = 1;
  pd_test_wait_until (badge_is, &badge, 5000);

  /* A renewal of A-10 arrives by sync: A-10 leaves the count and its row
   * says Renewed. */
  sql = g_strdup_printf ("INSERT INTO authorizations (id, state, seller_id, service_id, starts_at, renewal_of)"
                         " VALUES ('A-10b', 'active', '7002', 's-1', %" G_GINT64_FORMAT ", 'A-10')",
                         fixture_now ());
  exec_ok (store, sql);
  pd_store_emit_change (store, PD_ENTITY_SYNCED, NULL, PD_CHANGE_ORIGIN_SYNC);
  badge.n = 0;
  pd_test_wait_until (badge_is, &badge, 5000);
  {
    RowText renewed = { f, "A-10", "Renewed" };

    pd_test_wait_until (row_says, &renewed, 5000);
  }
}

/* A notification opens an authorization the filter hides: the filter
 * goes off and the row is selected. */
static void
test_select (Fixture       *f,
             gconstpointer  data)
{
  GtkSelectionModel *selection;

  GUI_TEST_REQUIRE_DISPLAY ();

  pd_authorizations_page_set_expiring_only (f->page, TRUE);
  g_assert_true (pd_authorizations_page_select (f->page, "A-10"));
  selection = pd_authorizations_page_get_selection (f->page);
  g_assert_true (pd_authorizations_page_get_expiring_only (f->page));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 1);

  g_assert_true (pd_authorizations_page_select (f->page, "A-30"));
  g_assert_false (pd_authorizations_page_get_expiring_only (f->page));
  /* A-3, A-renewed, A-10, then A-30: the ended A-done is last. */
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 3);
  g_assert_false (pd_authorizations_page_select (f->page, "A-none"));
}

/* Issue 18 item 9: the dates are in the store's zone (Asia/Shanghai by
 * default); a user elsewhere reads its name once, after the last date. */
static void
test_period_zone (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  PdAuthorizationRow row = { 0 };
  g_autofree char *berlin = NULL;
  g_autofree char *unlimited = NULL;
  g_autofree char *here = NULL;

  g_assert_true (pd_timestamp_parse ("2026-03-01T00:00:00+08:00", NULL, &row.starts_at, NULL));
  g_assert_true (pd_timestamp_parse ("2026-03-31T23:59:59+08:00", NULL, &row.expires_at, NULL));
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  berlin = pd_authorization_format_period (&row, shanghai);
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  here = pd_authorization_format_period (&row, shanghai);
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  row.expires_at = 0;
  unlimited = pd_authorization_format_period (&row, shanghai);
  g_unsetenv ("TZ");

  g_assert_cmpstr (berlin, ==, "2026-03-01 to 2026-03-31 (Asia/Shanghai)");
  g_assert_cmpstr (here, ==, "2026-03-01 to 2026-03-31");
  g_assert_cmpstr (unlimited, ==, "2026-03-01 (Asia/Shanghai) to unlimited");
}

/* Issue 17: Connect a Shop… asks for the redirect address; one whose
 * state matches no authorization link of the store is refused with a
 * message that says so (no credentials or network involved). */
static AdwMessageDialog *
find_message_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
refusal_shown (gpointer data)
{
  return find_message_dialog ("Cannot Connect the Shop") != NULL;
}

static void
test_connect_shop_refused (Fixture       *f,
                           gconstpointer  data)
{
  AdwMessageDialog *dialog, *refusal;
  GtkWidget *entry;

  GUI_TEST_REQUIRE_DISPLAY ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "authorizations.connect-shop", NULL));
  dialog = find_message_dialog ("Connect a Shop");
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "connect"));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "https://agency.example/cb?code=abc&state=no-such-link");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "connect"));
  adw_message_dialog_response (dialog, "connect");
  gtk_window_destroy (GTK_WINDOW (dialog));

  pd_test_wait_until (refusal_shown, NULL, 10000);
  refusal = find_message_dialog ("Cannot Connect the Shop");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (refusal), "No authorization link"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (pd_context_get_store (f->context),
                                                     "SELECT count(*) FROM open_api_grants", &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (refusal));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/authorizations-page/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("rows", test_rows);
  ADD ("expiring-filter", test_expiring_filter);
  ADD ("renew", test_renew);
  ADD ("badge", test_badge);
  ADD ("select", test_select);
  ADD ("connect-shop-refused", test_connect_shop_refused);
#undef ADD
  g_test_add_func ("/authorizations-page/period-zone", test_period_zone);

  return gui_test_run ();
}
