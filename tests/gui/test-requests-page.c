/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-requests-page"

/* The Requests page on a small store (issue 12): the list and its
 * filters, the detail, Accept through the outbox with If-Match, a
 * refused move's button off with its reason, Reject with a reason from
 * its dialog, Send Authorization Link's parameter, and the view
 * switcher's badge of requests waiting for review. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gui-test-utils.h"
#include "pd-outbox.h"
#include "pd-paths.h"
#include "pd-request-item.h"
#include "pd-request-reject-dialog.h"
#include "pd-requests-badge.h"
#include "pd-requests-page.h"
#include "pd-store-private.h"
#include "pd-store-requests.h"
#include "pd-store-team.h"

typedef struct
{
  PdContext *context;
  GtkWidget *window;
  GtkWidget *page;
  GVariant  *link_parameter;   /* what win.authorization-link received */
} Fixture;

static void
exec_ok (PdStore    *store,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  pd_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
on_authorization_link_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  Fixture *f = user_data;

  g_clear_pointer (&f->link_parameter, g_variant_unref);
  f->link_parameter = g_variant_ref (parameter);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("authorization-link", G_VARIANT_TYPE ("(sss)"));
  PdStore *store;

  f->context = gui_test_context_new ();
  store = pd_context_get_store (f->context);
  exec_ok (store,
           "INSERT INTO service_categories (id, name, state) VALUES ('c-ops', 'Store Ops', 'approved'),"
           " ('c-ads', 'Ads', 'approved');"
           "INSERT INTO seller_requests (id, status, request_type, category_id, company_size, currency,"
           "  monthly_tiktok_shop_gmv, monthly_budget, main_category, contact_name, contact_email,"
           "  created_at, updated_at, version) VALUES"
           " ('SR-1', 'partner_reviewing', 'select_partners', 'c-ops', '11-50', 'USD', 5000000, 150000,"
           "  'Home', 'Li Na', 'li@example.com', 400, 400, 3),"
           " ('SR-2', 'partner_reviewing', 'platform_referral', 'c-ads', '1-10', 'USD', 900000, 50000,"
           "  'Toys', 'Cindy Zhang-Lindqvist', 'cindy@example.com', 300, 300, 1),"
           " ('SR-3', 'connected', 'select_partners', 'c-ops', '51-200', 'JPY', 90000000, 2000000,"
           "  'Beauty', 'Sato', 'sato@example.com', 200, 200, 5),"
           " ('SR-4', 'closed', 'platform_referral', 'c-ads', '11-50', 'USD', 100000, 10000,"
           "  'Toys', NULL, NULL, 100, 100, 2);");

  /* A case in Chinese: its words are wider (issue 18's "Cindy …"). */
  if (data != NULL)
    {
      if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
        return;
      g_setenv ("LANGUAGE", data, TRUE);
      bindtextdomain (GETTEXT_PACKAGE, pd_paths_locale_dir ());
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  g_signal_connect (action, "activate", G_CALLBACK (on_authorization_link_cb), f);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (f->window, "win", G_ACTION_GROUP (group));
  f->page = pd_requests_page_new (f->context);
  gtk_window_set_child (GTK_WINDOW (f->window), f->page);
  gtk_window_present (GTK_WINDOW (f->window));
  pd_test_wait_until (gui_test_is_mapped, f->page, 5000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gui_test_destroy_window (GTK_WINDOW (f->window));
  if (data != NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_unsetenv ("LANGUAGE");
    }
  g_clear_pointer (&f->link_parameter, g_variant_unref);
  gui_test_context_free (f->context);
}

static const PdSellerRequest *
request_at (Fixture *f,
            guint    position)
{
  g_autoptr(PdRequestItem) item =
    g_list_model_get_item (pd_requests_page_get_model (PD_REQUESTS_PAGE (f->page)), position);

  g_assert_nonnull (item);
  /* The model keeps its items while the page lives. */
  return pd_request_item_get_request (item);
}

static char *
status_of (Fixture    *f,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSellerRequest) r = pd_store_seller_request_get (pd_context_get_store (f->context), id, &error);

  g_assert_no_error (error);
  return g_strdup (r->status);
}

static gboolean
is_button_labelled (GtkWidget *widget,
                    gpointer   label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
button (Fixture    *f,
        const char *label)
{
  GtkWidget *b = gui_test_find_widget (f->page, GTK_TYPE_BUTTON, is_button_labelled, (gpointer) label);

  g_assert_nonnull (b);
  return b;
}

static void
test_list_and_filters (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *model;

  GUI_TEST_REQUIRE_DISPLAY ();
  model = pd_requests_page_get_model (PD_REQUESTS_PAGE (f->page));
  g_assert_nonnull (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_assert_cmpstr (request_at (f, 0)->id, ==, "SR-1");
  /* Closed: no contact, as on the platform. */
  g_assert_null (request_at (f, 3)->contact_email);

  pd_requests_page_set_status_filter (PD_REQUESTS_PAGE (f->page), "partner_reviewing");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  pd_requests_page_set_sort (PD_REQUESTS_PAGE (f->page), PD_REQUEST_SORT_BUDGET);
  g_assert_cmpstr (request_at (f, 0)->id, ==, "SR-1");
  g_assert_cmpstr (request_at (f, 1)->id, ==, "SR-2");

  pd_requests_page_set_status_filter (PD_REQUESTS_PAGE (f->page), NULL);
  /* By GMV in whole units of each currency: JPY 900,000 above USD 50,000. */
  pd_requests_page_set_sort (PD_REQUESTS_PAGE (f->page), PD_REQUEST_SORT_GMV);
  g_assert_cmpstr (request_at (f, 0)->id, ==, "SR-3");
  g_assert_cmpstr (request_at (f, 1)->id, ==, "SR-1");
}

static void
test_accept (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *status = NULL;
  const PdOutboxItem *item;

  GUI_TEST_REQUIRE_DISPLAY ();
  g_assert_true (pd_requests_page_select (PD_REQUESTS_PAGE (f->page), "SR-1"));
  g_assert_true (gtk_widget_is_sensitive (button (f, "Accept")));
  g_signal_emit_by_name (button (f, "Accept"), "clicked");

  status = status_of (f, "SR-1");
  g_assert_cmpstr (status, ==, "partner_accepted");
  outbox = pd_outbox_list (pd_context_get_store (f->context), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  item = g_ptr_array_index (outbox, 0);
  g_assert_cmpstr (item->method, ==, "PATCH");
  g_assert_cmpstr (item->path, ==, "/v1/seller-requests/SR-1");
  g_assert_cmpstr (item->if_match, ==, "\"3\"");

  /* The list shows it (PdStore::changed), and no second move is queued:
   * every button is off, saying why. */
  g_assert_cmpstr (request_at (f, 0)->status, ==, "partner_accepted");
  g_assert_false (gtk_widget_is_sensitive (button (f, "Accept")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button (f, "Accept")), ==,
                   "Only a request in review can be accepted; this one is Accepted");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button (f, "Close Request")), ==,
                   "A change of this request waits in the outbox; sync first");
}

static void
test_refused_and_closed (Fixture       *f,
                         gconstpointer  data)
{
  GUI_TEST_REQUIRE_DISPLAY ();
  g_assert_true (pd_requests_page_select (PD_REQUESTS_PAGE (f->page), "SR-3"));
  g_assert_false (gtk_widget_is_sensitive (button (f, "Accept")));
  g_assert_false (gtk_widget_is_sensitive (button (f, "Close Request")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button (f, "Close Request")), ==,
                   "Only a request in review or accepted can be closed; this one is Connected");
  /* Activating a disabled action queues nothing. */
  gtk_widget_activate_action (f->page, "requests.close", NULL);
  {
    g_autofree char *status = status_of (f, "SR-3");

    g_assert_cmpstr (status, ==, "connected");
  }

  g_assert_true (pd_requests_page_select (PD_REQUESTS_PAGE (f->page), "SR-4"));
  g_assert_false (gtk_widget_is_sensitive (button (f, "Invite to Open a Shop")));
  g_assert_false (gtk_widget_is_sensitive (button (f, "Send Authorization Link…")));
}

static gboolean
find_reject_dialog (gpointer data)
{
  GtkWidget **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PD_IS_REQUEST_REJECT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        *dialog = GTK_WIDGET (window);
    }
  return *dialog != NULL;
}

static gboolean
is_entry (GtkWidget *widget,
          gpointer   data)
{
  return TRUE;
}

static void
test_reject_with_reason (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *status = NULL;
  GtkWidget *dialog = NULL;
  GtkWidget *entry;

  GUI_TEST_REQUIRE_DISPLAY ();
  g_assert_true (pd_requests_page_select (PD_REQUESTS_PAGE (f->page), "SR-2"));
  g_assert_true (gtk_widget_activate_action (f->page, "requests.reject", NULL));
  pd_test_wait_until (find_reject_dialog, &dialog, 5000);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject"));
  entry = gui_test_find_widget (dialog, GTK_TYPE_ENTRY, is_entry, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "  Outside our area  ");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reject");

  status = status_of (f, "SR-2");
  g_assert_cmpstr (status, ==, "rejected");
  outbox = pd_outbox_list (pd_context_get_store (f->context), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_nonnull (strstr (((PdOutboxItem *) g_ptr_array_index (outbox, 0))->body,
                            "\"note\":\"Outside our area\""));
}

static void
test_authorization_link (Fixture       *f,
                         gconstpointer  data)
{
  const char *category, *service, *seller;

  GUI_TEST_REQUIRE_DISPLAY ();
  exec_ok (pd_context_get_store (f->context),
           "INSERT INTO programs (id, name, kind, timezone, period_start, period_end, markets, json,"
           "  source, updated_at) VALUES ('p', 'P', 'recruitment', 'UTC', '2026-01-01', '2026-03-31',"
           "  '[\"EU\"]', '{}', 'import', 1);"
           "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, contact_email,"
           "  listed_at) VALUES ('p', '7000000000000001', 'Li Na Home', 'EU', 'LI@example.com', 1);");
  g_assert_true (pd_requests_page_select (PD_REQUESTS_PAGE (f->page), "SR-1"));
  g_assert_true (gtk_widget_activate_action (f->page, "requests.authorization-link", NULL));
  g_assert_nonnull (f->link_parameter);
  g_variant_get (f->link_parameter, "(&s&s&s)", &category, &service, &seller);
  g_assert_cmpstr (category, ==, "c-ops");
  g_assert_cmpstr (service, ==, "");
  g_assert_cmpstr (seller, ==, "7000000000000001");

  /* No merchant with that email: the seller is left to the dialog. */
  g_assert_true (pd_requests_page_select (PD_REQUESTS_PAGE (f->page), "SR-2"));
  g_assert_true (gtk_widget_activate_action (f->page, "requests.authorization-link", NULL));
  g_variant_get (f->link_parameter, "(&s&s&s)", &category, &service, &seller);
  g_assert_cmpstr (category, ==, "c-ads");
  g_assert_cmpstr (seller, ==, "");
}

static void
test_badge (Fixture       *f,
            gconstpointer  data)
{
  AdwViewStack *stack = ADW_VIEW_STACK (adw_view_stack_new ());
  AdwViewStackPage *page;
  g_autoptr(PdRequestsBadge) badge = NULL;
  g_autoptr(GError) error = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();
  g_object_ref_sink (stack);
  page = adw_view_stack_add_named (stack, gtk_label_new (""), "requests");
  badge = pd_requests_badge_new (f->context, page);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, 2);
  g_assert_true (adw_view_stack_page_get_needs_attention (page));

  g_assert_true (pd_store_seller_request_move (pd_context_get_store (f->context), "SR-1",
                                               PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, 1);
  g_assert_true (pd_store_seller_request_move (pd_context_get_store (f->context), "SR-2",
                                               PD_SELLER_REQUEST_STATUS_CLOSED, NULL, &error));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (page));
  g_object_unref (stack);
}

static gboolean
is_folded (gpointer flap)
{
  return adw_flap_get_folded (flap);
}

static gboolean
is_unfolded (gpointer flap)
{
  return !adw_flap_get_folded (flap);
}

static gboolean
is_revealed (gpointer flap)
{
  return adw_flap_get_reveal_progress (flap) == 1.0;
}

static gboolean
is_inscription_of (GtkWidget *widget,
                   gpointer   text)
{
  return g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0;
}

static gboolean
list_spans_flap (gpointer name)
{
  GtkWidget *list = gtk_widget_get_ancestor (name, GTK_TYPE_LIST_VIEW);
  GtkWidget *flap = gtk_widget_get_ancestor (name, ADW_TYPE_FLAP);

  return gtk_widget_get_width (list) == gtk_widget_get_width (flap);
}

/* Issue 18 item 6: at 700 px the detail does not squeeze the list to
 * "Cindy …"; the flap folds and the detail opens over a list that keeps
 * room for a whole name. Wide, both side by side. */
static void
test_narrow_folds (Fixture       *f,
                   gconstpointer  data)
{
  AdwFlap *flap;
  GtkWidget *name;
  g_autoptr(PangoLayout) layout = NULL;
  int name_width;

  GUI_TEST_REQUIRE_DISPLAY ();
  if (f->window == NULL)
    {
      g_test_skip ("no zh_CN.UTF-8 locale (Debian: locales-all)");
      return;
    }
  flap = ADW_FLAP (gui_test_find_widget (f->page, ADW_TYPE_FLAP, NULL, NULL));
  g_assert_nonnull (flap);
  pd_test_wait_until (is_unfolded, flap, 5000);
  g_assert_true (pd_requests_page_select (PD_REQUESTS_PAGE (f->page), "SR-1"));
  g_assert_true (adw_flap_get_reveal_flap (flap));

  gtk_window_set_default_size (GTK_WINDOW (f->window), 700, 700);
  pd_test_wait_until (is_folded, flap, 5000);
  /* Folding closes it (AdwFlap); Show Details or Enter opens it again,
   * over the list. */
  adw_flap_set_reveal_flap (flap, TRUE);
  pd_test_wait_until (is_revealed, flap, 5000);
  g_assert_true (gtk_widget_get_mapped (adw_flap_get_flap (flap)));

  name = gui_test_find_widget (f->page, GTK_TYPE_INSCRIPTION, is_inscription_of,
                               (gpointer) "Cindy Zhang-Lindqvist");
  g_assert_nonnull (name);
  /* The list then spans the page, under the detail. */
  pd_test_wait_until (list_spans_flap, name, 5000);
  /* A long name, whole, in the row's own font. */
  layout = gtk_widget_create_pango_layout (name, "Cindy Zhang-Lindqvist");
  pango_layout_get_pixel_size (layout, &name_width, NULL);
  g_assert_cmpint (gtk_widget_get_width (name), >=, name_width);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 700);
  pd_test_wait_until (is_unfolded, flap, 5000);
}

/* Another staff member's invitation of the seller, as the team hub told. */
static void
wang_invited (PdStore    *store,
              const char *token,
              const char *seller_id,
              const char *program_id,
              gint64      at)
{
  static gint64 seq;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_team_change_free);
  PdTeamChange *change = g_new0 (PdTeamChange, 1);
  g_autoptr(GError) error = NULL;

  change->seq = ++seq;
  change->entity = g_strdup ("invitation");
  change->object = g_strdup (token);
  change->field = g_strdup ("link");
  change->value = g_strdup_printf ("{\"seller_id\": \"%s\", \"program_id\": \"%s\", \"created_at\": %"
                                   G_GINT64_FORMAT "}", seller_id, program_id, at);
  change->author = g_strdup ("Wang Fang");
  change->desktop = g_strdup ("desk-wang");
  change->at = at;
  g_ptr_array_add (changes, change);
  g_assert_true (pd_store_team_apply_changes (store, changes, &error));
  g_assert_no_error (error);
}

static AdwMessageDialog *
shown_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gint64
onboarding_links (PdStore    *store,
                  const char *seller_id,
                  const char *program_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, "SELECT count(*) FROM links WHERE kind = 'onboarding'"
                                                          " AND seller_id = ?1 AND program_id = ?2", &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, program_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* One invitation per merchant across the team, per program (issue 20):
 * Wang invited seller 1 in program a (and later in b) and seller 2 in a.
 * Invite on the request of seller 1, whose link goes to a, asks first,
 * naming Wang and program a (not b's newer invitation); Create Anyway
 * makes it. Invite on the request of seller 2, whose link goes to b,
 * makes it at once: Wang's invitation in a is another program's. */
static void
test_invite_asks_per_program (Fixture       *f,
                              gconstpointer  data)
{
  PdStore *store = pd_context_get_store (f->context);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  const char *body;

  GUI_TEST_REQUIRE_DISPLAY ();
  exec_ok (store,
           "INSERT INTO programs (id, name, kind, timezone, period_start, period_end, markets, json,"
           "  source, updated_at) VALUES"
           " ('a', 'A', 'recruitment', 'UTC', '2026-01-01', '2026-03-31', '[\"EU\"]', '{}', 'import', 1),"
           " ('b', 'B', 'recruitment', 'UTC', '2026-01-01', '2026-03-31', '[\"EU\"]', '{}', 'import', 1);"
           "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, contact_email,"
           "  listed_at) VALUES ('a', '7000000000000001', 'Li Na Home', 'EU', 'li@example.com', 1),"
           " ('b', '7000000000000002', 'Cindy Toys', 'EU', 'cindy@example.com', 1);");
  g_assert_true (pd_store_set_setting (store, "staff_name", "Li Wei", &error));
  g_assert_true (pd_store_set_setting (store, "onboarding_base_url.EU",
                                       "https://seller-eu.example.com/join?partner=P01", &error));
  g_assert_no_error (error);
  wang_invited (store, "tok-wang-1", "7000000000000001", "a", 1780000000);
  wang_invited (store, "tok-wang-2", "7000000000000001", "b", 1780090000);
  wang_invited (store, "tok-wang-3", "7000000000000002", "a", 1780000000);

  g_assert_true (pd_requests_page_select (PD_REQUESTS_PAGE (f->page), "SR-1"));
  g_assert_true (gtk_widget_activate_action (f->page, "requests.invite", NULL));
  dialog = shown_message_dialog ();
  g_assert_nonnull (dialog);
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "7000000000000001 was invited by Wang Fang on "));
  g_assert_nonnull (strstr (body, "(program a)"));
  g_assert_null (strstr (body, "(program b)"));
  g_assert_cmpint (onboarding_links (store, "7000000000000001", "a"), ==, 0);
  adw_message_dialog_response (dialog, "create");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (onboarding_links (store, "7000000000000001", "a"), ==, 1);

  g_assert_true (pd_requests_page_select (PD_REQUESTS_PAGE (f->page), "SR-2"));
  g_assert_true (gtk_widget_activate_action (f->page, "requests.invite", NULL));
  g_assert_null (shown_message_dialog ());
  g_assert_cmpint (onboarding_links (store, "7000000000000002", "b"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/requests-page/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("list-and-filters", test_list_and_filters);
  ADD ("accept", test_accept);
  ADD ("refused-and-closed", test_refused_and_closed);
  ADD ("reject-with-reason", test_reject_with_reason);
  ADD ("authorization-link", test_authorization_link);
  ADD ("badge", test_badge);
  ADD ("narrow-folds", test_narrow_folds);
  ADD ("invite-asks-per-program", test_invite_asks_per_program);
#undef ADD
  g_test_add ("/requests-page/narrow-folds-zh_CN", Fixture, "zh_CN", fixture_set_up, test_narrow_folds,
              fixture_tear_down);

  return gui_test_run ();
}
