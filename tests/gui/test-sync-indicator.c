/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-indicator"

#include "config.h"

#include <string.h>

#include "gui-test-utils.h"
#include "pd-application.h"
#include "pd-conflict-dialog.h"
#include "pd-outbox-row.h"
#include "pd-store-links.h"
#include "pd-store-private.h"
#include "pd-sync-controller-private.h"
#include "pd-sync-indicator.h"
#include "pd-window.h"
#include "sync-test-utils.h"

/* The header bar's sync indicator in each state, its popover's outbox
 * with Retry and Discard, and the conflict dialog (both versions; Keep
 * Mine rebases and sends, Use Theirs discards), against the built
 * partnerdesk-sandbox on loopback where a platform is needed. */

typedef struct
{
  Sandbox          *sandbox;
  PdContext        *context;
  PdSyncController *controller;
  GtkWindow        *window;
  PdSyncIndicator  *indicator;
  guint             finished;
} Fixture;

static void
on_finished_cb (PdSyncController *controller,
                Fixture          *f)
{
  f->finished++;
}

static void
fixture_init (Fixture             *f,
              const char          *endpoint,
              const PdCredentials *credentials)
{
  g_autoptr(GError) error = NULL;

  f->context = gui_test_context_new ();
  g_assert_true (pd_store_set_setting (pd_context_get_store (f->context), "sync_interval_minutes", "0", &error));
  g_assert_no_error (error);
  f->controller = pd_sync_controller_new (f->context);
  pd_sync_controller_set_override (f->controller, endpoint, credentials);
  pd_sync_controller_set_delay_scale (f->controller, 0.01);
  g_signal_connect (f->controller, "finished", G_CALLBACK (on_finished_cb), f);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 600, 400);
  f->indicator = PD_SYNC_INDICATOR (pd_sync_indicator_new ());
  gtk_widget_set_halign (GTK_WIDGET (f->indicator), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (f->indicator), GTK_ALIGN_START);
  gtk_window_set_child (f->window, GTK_WIDGET (f->indicator));
  pd_sync_indicator_set_controller (f->indicator, f->controller);
  gtk_window_present (f->window);
  pd_test_wait_until (gui_test_is_mapped, f->indicator, 5000);
}

static void
fixture_clear (Fixture *f)
{
  gui_test_destroy_window (f->window);
  pd_sync_controller_shutdown (f->controller);
  g_clear_object (&f->controller);
  gui_test_context_free (f->context);
  g_clear_pointer (&f->sandbox, sandbox_stop);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->indicator), PD_TYPE_SYNC_INDICATOR, name);

  /* Else one of the popover's, built on first use. */
  if (object == NULL)
    object = pd_sync_indicator_get_popover_child (f->indicator, name);
  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
label_text (Fixture    *f,
            const char *name)
{
  return gtk_label_get_label (GTK_LABEL (child (f, name)));
}

static gboolean
finished (gpointer data)
{
  Fixture *f = data;

  return f->finished > 0 && !pd_sync_controller_is_running (f->controller);
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (child (data, "popover"));
}

static gboolean
says_not_set_up (gpointer data)
{
  Fixture *f = data;

  return pd_sync_controller_get_status (f->controller) == PD_SYNC_STATUS_NOT_CONFIGURED &&
         g_strcmp0 (label_text (f, "status_title"), "Sync is not set up") == 0;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("Expected “%s” in “%s”", needle, haystack != NULL ? haystack : "(null)");
}

/* States */

static void
test_no_controller (void)
{
  GtkWidget *indicator;
  GtkWidget *label;
  GtkMenuButton *button;
  GObject *popover;

  GUI_TEST_REQUIRE_DISPLAY ();

  indicator = pd_sync_indicator_new ();
  g_object_ref_sink (indicator);
  g_assert_null (pd_sync_indicator_get_controller (PD_SYNC_INDICATOR (indicator)));
  label = GTK_WIDGET (gtk_widget_get_template_child (indicator, PD_TYPE_SYNC_INDICATOR, "label"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Sync Not Set Up");
  /* The popover is built when it first opens, not with the window, and
   * then says what the header bar says. */
  button = GTK_MENU_BUTTON (gtk_widget_get_template_child (indicator, PD_TYPE_SYNC_INDICATOR, "button"));
  g_assert_null (gtk_menu_button_get_popover (button));
  popover = pd_sync_indicator_get_popover_child (PD_SYNC_INDICATOR (indicator), "popover");
  g_assert_true (GTK_IS_POPOVER (popover));
  g_assert_true (gtk_menu_button_get_popover (button) == GTK_POPOVER (popover));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pd_sync_indicator_get_popover_child (PD_SYNC_INDICATOR (indicator),
                                                                                        "status_title"))),
                   ==, "Sync is not set up");
  g_object_unref (indicator);
}

static void
test_not_configured (void)
{
  Fixture f = { 0 };

  GUI_TEST_REQUIRE_DISPLAY ();

  fixture_init (&f, NULL, NULL);
  pd_sync_controller_start (f.controller);
  pd_test_wait_until (says_not_set_up, &f, 5000);

  g_assert_cmpstr (label_text (&f, "label"), ==, "Sync Not Set Up");
  g_assert_cmpstr (label_text (&f, "status_title"), ==, "Sync is not set up");
  assert_contains (label_text (&f, "status_detail"), "endpoint");
  g_assert_true (gtk_widget_get_visible (child (&f, "preferences_button")));
  assert_contains (gtk_widget_get_tooltip_text (child (&f, "button")), "Preferences");

  fixture_clear (&f);
}

static gboolean
label_starts_syncing (gpointer data)
{
  Fixture *f = data;
  const char *text = label_text (f, "label");

  return g_str_has_prefix (text, "Syncing") || g_str_has_prefix (text, "Connecting") ||
         g_str_has_prefix (text, "Sending");
}

/* Syncing shows a spinner and the progress; then "Synced just now" and
 * what the run did. */
static void
test_syncing_then_idle (void)
{
  Fixture f = { 0 };

  GUI_TEST_REQUIRE_DISPLAY ();

  f.sandbox = sandbox_start ("--seed", "demo", "--latency-ms", "300", NULL);
  fixture_init (&f, f.sandbox->endpoint, f.sandbox->credentials);

  pd_sync_controller_start (f.controller);
  g_assert_true (label_starts_syncing (&f));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (&f, "icon_stack"))), ==, "spinner");
  g_assert_cmpstr (label_text (&f, "status_title"), ==, "Syncing…");
  g_assert_false (gtk_widget_get_visible (child (&f, "result_label")));

  pd_test_wait_until (finished, &f, 30000);
  g_assert_cmpstr (label_text (&f, "label"), ==, "Synced just now");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (&f, "icon_stack"))), ==, "icon");
  g_assert_true (gtk_widget_get_visible (child (&f, "result_label")));
  assert_contains (label_text (&f, "result_label"), "changes received");
  g_assert_true (gtk_widget_get_visible (child (&f, "environment_label")));
  g_assert_cmpstr (label_text (&f, "endpoint_label"), ==, f.sandbox->endpoint);
  g_assert_false (gtk_widget_get_visible (child (&f, "preferences_button")));

  /* The popover opens, with the (empty) outbox. */
  pd_sync_indicator_popup (f.indicator);
  pd_test_wait_until (popover_shown, &f, 5000);
  g_assert_true (gtk_widget_get_visible (child (&f, "popover")));
  g_assert_false (gtk_widget_get_visible (child (&f, "conflicts_box")));
  g_assert_cmpstr (label_text (&f, "outbox_title"), ==, "Waiting to Send");
  gtk_popover_popdown (GTK_POPOVER (child (&f, "popover")));

  fixture_clear (&f);
}

static gboolean
says_sent (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (label_text (f, "label"), "Sent") == 0;
}

static gboolean
says_waiting_offline (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (label_text (f, "label"), "Waiting: offline (1)") == 0;
}

static void
make_link (Fixture *f)
{
  PdStore *store = pd_context_get_store (f->context);
  g_autofree char *seller = test_store_text (store, "SELECT seller_id FROM target_merchants t"
                                                    " WHERE review_status = 'approved' AND left_at IS NULL"
                                                    " AND program_id != 'eu-jp-pop-partner-2026q1'"
                                                    " AND program_id LIKE 'eu-jp-pop-partner-%'"
                                                    " AND NOT EXISTS (SELECT 1 FROM links l"
                                                    "                 WHERE l.seller_id = t.seller_id)"
                                                    " ORDER BY seller_id LIMIT 1");
  g_autoptr(PdLink) link = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_link_onboarding (store, seller, NULL, NULL, "Tester", FALSE, &link, NULL, &error));
  g_assert_no_error (error);
}

/* A link made after the first sync is sent at once: "Sent"; with the
 * platform gone, the next one waits, and the indicator says so with
 * what to do. */
static void
test_push_sent_then_waiting (void)
{
  Fixture f = { 0 };

  GUI_TEST_REQUIRE_DISPLAY ();

  f.sandbox = sandbox_start ("--seed", "demo", NULL);
  fixture_init (&f, f.sandbox->endpoint, f.sandbox->credentials);
  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished, &f, 30000);

  make_link (&f);
  pd_test_wait_until (says_sent, &f, 5000);
  g_assert_cmpstr (label_text (&f, "status_title"), ==, "Your changes reached the platform");
  g_assert_true (gtk_widget_has_css_class (child (&f, "icon"), "success"));

  g_clear_pointer (&f.sandbox, sandbox_stop);
  make_link (&f);
  pd_test_wait_until (says_waiting_offline, &f, 60000);
  g_assert_cmpstr (label_text (&f, "status_title"), ==, "1 change waits to be sent");
  assert_contains (label_text (&f, "status_detail"), "Cannot reach the platform at http://127.0.0.1:");
  assert_contains (label_text (&f, "status_detail"), ": check the address or your network.");
  /* The last whole sync did succeed: its summary stands. */
  assert_contains (label_text (&f, "result_label"), "Last sync: ");

  fixture_clear (&f);
}

/* A refusal: "Sync Failed" with the platform's reason in the tooltip and
 * the popover, and a way to Preferences (it is about credentials). */
static void
test_error (void)
{
  Fixture f = { 0 };
  g_autoptr(PdCredentials) wrong = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  f.sandbox = sandbox_start ("--seed", "empty", NULL);
  wrong = pd_credentials_copy (f.sandbox->credentials);
  g_free (wrong->app_key);
  wrong->app_key = g_strdup ("no-such-key");
  fixture_init (&f, f.sandbox->endpoint, wrong);

  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished, &f, 30000);

  g_assert_cmpstr (label_text (&f, "label"), ==, "Sync Failed");
  /* What to do, in words; what the platform said, in the details. */
  assert_contains (gtk_widget_get_tooltip_text (child (&f, "button")), "does not know this app key");
  g_assert_cmpstr (label_text (&f, "status_detail"), ==,
                   "The platform does not know this app key: check it in Preferences.");
  g_assert_true (gtk_widget_get_visible (child (&f, "status_detail")));
  assert_contains (label_text (&f, "error_details"), "invalid_app_key");
  g_assert_true (gtk_widget_get_visible (child (&f, "error_details")));
  /* It never reached the platform: no "Nothing new from the platform". */
  g_assert_false (gtk_widget_get_visible (child (&f, "result_label")));
  g_assert_true (gtk_widget_get_visible (child (&f, "preferences_button")));
  g_assert_true (gtk_widget_has_css_class (child (&f, "icon"), "error"));

  fixture_clear (&f);
}

static void
test_offline (void)
{
  Fixture f = { 0 };
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(PdCredentials) credentials = pd_credentials_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  guint16 port;

  GUI_TEST_REQUIRE_DISPLAY ();

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u", port);
  credentials->app_key = g_strdup ("key");
  credentials->app_secret = g_strdup ("secret");
  credentials->access_token = g_strdup ("TTP_token");
  credentials->refresh_token = g_strdup ("TTR_token");
  fixture_init (&f, endpoint, credentials);

  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished, &f, 60000);
  g_assert_cmpstr (label_text (&f, "label"), ==, "Offline");
  assert_contains (gtk_widget_get_tooltip_text (child (&f, "button")), endpoint);
  {
    g_autofree char *expected = g_strdup_printf ("Cannot reach the platform at %s: check the address"
                                                 " or your network.", endpoint);

    g_assert_cmpstr (label_text (&f, "status_detail"), ==, expected);
  }
  /* A store never synced, a dead endpoint: nothing claims the platform
   * had nothing new. */
  g_assert_false (gtk_widget_get_visible (child (&f, "result_label")));
  g_assert_false (gtk_widget_get_visible (child (&f, "preferences_button")));

  fixture_clear (&f);
}

/* The outbox in the popover */

static gint64
enqueue_request_status (PdStore    *store,
                        const char *id,
                        const char *status,
                        gint64      version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_assert_true (pd_store_begin (store, &error));
  g_assert_true (pd_outbox_enqueue_seller_request_status (store, id, status, "Called the seller", version, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_commit (store, &error));
  items = pd_outbox_list (store, &error);
  g_assert_no_error (error);
  return ((PdOutboxItem *) g_ptr_array_index (items, items->len - 1))->id;
}

static void
record (PdStore       *store,
        gint64         id,
        PdOutboxState  state,
        const char    *message,
        const char    *current)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_begin (store, &error));
  g_assert_true (pd_outbox_record_failure (store, id, state, message, 0, current, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_commit (store, &error));
}

static PdOutboxItem *
find_item (PdStore *store,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = pd_outbox_list (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    if (((PdOutboxItem *) g_ptr_array_index (items, i))->id == id)
      return pd_outbox_item_copy (g_ptr_array_index (items, i));
  return NULL;
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) n) != NULL)
    n++;
  return n;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  AdwMessageDialog *dialog = find_message_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
message_dialog_gone (gpointer data)
{
  return find_message_dialog () == NULL;
}

static gboolean
outbox_has_one_row (gpointer data)
{
  return count_rows (child (data, "outbox_list")) == 1;
}

static void
test_outbox (void)
{
  Fixture f = { 0 };
  PdStore *store;
  gint64 pending, refused, conflict;
  g_autoptr(PdOutboxItem) item = NULL;
  GtkListBoxRow *row;
  AdwMessageDialog *dialog;

  GUI_TEST_REQUIRE_DISPLAY ();

  fixture_init (&f, NULL, NULL);
  store = pd_context_get_store (f.context);
  pending = enqueue_request_status (store, "SR-1001", "partner_accepted", 1);
  refused = enqueue_request_status (store, "SR-1002", "closed", 1);
  record (store, refused, PD_OUTBOX_STATE_FAILED, "422 invalid_transition: cannot close", NULL);
  conflict = enqueue_request_status (store, "SR-1003", "rejected", 1);
  record (store, conflict, PD_OUTBOX_STATE_CONFLICT, "409 version_conflict",
          "{\"id\":\"SR-1003\",\"status\":\"partner_reviewing\",\"version\":2}");

  pd_sync_indicator_popup (f.indicator);
  pd_test_wait_until (popover_shown, &f, 5000);

  g_assert_true (gtk_widget_get_visible (child (&f, "conflicts_box")));
  g_assert_cmpuint (count_rows (child (&f, "conflicts_list")), ==, 1);
  g_assert_cmpuint (count_rows (child (&f, "outbox_list")), ==, 2);
  g_assert_cmpstr (label_text (&f, "conflicts_title"), ==, "1 Conflict");
  g_assert_cmpstr (label_text (&f, "outbox_title"), ==, "Waiting to Send (2)");

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (&f, "outbox_list")), 0);
  g_assert_true (PD_IS_OUTBOX_ROW (row));
  g_assert_cmpstr (pd_outbox_row_get_title (PD_OUTBOX_ROW (row)), ==, "Accept seller request SR-1001");
  g_assert_true (g_str_has_prefix (pd_outbox_row_get_status (PD_OUTBOX_ROW (row)), "Queued"));
  g_assert_cmpstr (pd_outbox_row_get_detail (PD_OUTBOX_ROW (row)), ==, "");
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (&f, "outbox_list")), 1);
  g_assert_cmpstr (pd_outbox_row_get_title (PD_OUTBOX_ROW (row)), ==, "Close seller request SR-1002");
  assert_contains (pd_outbox_row_get_status (PD_OUTBOX_ROW (row)), "1 attempt");
  assert_contains (pd_outbox_row_get_detail (PD_OUTBOX_ROW (row)), "invalid_transition");
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (&f, "conflicts_list")), 0);
  g_assert_cmpstr (pd_outbox_row_get_title (PD_OUTBOX_ROW (row)), ==, "Reject seller request SR-1003");
  g_assert_cmpstr (pd_outbox_row_get_detail (PD_OUTBOX_ROW (row)), ==, "Changed on the platform meanwhile");

  /* The idle state says some changes need attention. */
  g_assert_true (gtk_widget_has_css_class (child (&f, "icon"), "warning"));

  /* Retry: the refused entry is pending again (and a sync is tried:
   * without an endpoint it says it is not set up). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.indicator), "sync.retry", "x", refused));
  item = find_item (store, refused);
  g_assert_nonnull (item);
  g_assert_cmpint (item->state, ==, PD_OUTBOX_STATE_PENDING);
  g_assert_cmpint (item->attempts, ==, 0);
  g_clear_pointer (&item, pd_outbox_item_free);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_NOT_CONFIGURED);

  /* Discard asks first; Cancel keeps it, Discard drops it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.indicator), "sync.discard", "x", pending));
  pd_test_wait_until (message_dialog_shown, NULL, 5000);
  dialog = find_message_dialog ();
  assert_contains (adw_message_dialog_get_body (dialog), "Accept seller request SR-1001");
  /* What its button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  pd_test_wait_until (message_dialog_gone, NULL, 5000);
  item = find_item (store, pending);
  g_assert_nonnull (item);
  g_clear_pointer (&item, pd_outbox_item_free);
  g_assert_cmpuint (count_rows (child (&f, "outbox_list")), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.indicator), "sync.discard", "x", pending));
  pd_test_wait_until (message_dialog_shown, NULL, 5000);
  dialog = find_message_dialog ();
  /* What its button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "discard");
  gtk_window_close (GTK_WINDOW (dialog));
  pd_test_wait_until (message_dialog_gone, NULL, 5000);
  g_assert_null (find_item (store, pending));
  pd_test_wait_until (outbox_has_one_row, &f, 5000);

  fixture_clear (&f);
}

/* The conflict dialog */

typedef struct
{
  char     *field;
  char     *value;
  gboolean  differs;
} Field;

static void
field_free (Field *field)
{
  g_free (field->field);
  g_free (field->value);
  g_free (field);
}

/* The rows of a version's group: name, value, marked as differing. */
static void
collect_fields (GtkWidget *widget,
                GPtrArray *fields)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget));
      GtkWidget *header = gtk_widget_get_first_child (box);
      GtkWidget *value = gtk_widget_get_last_child (box);
      Field *field = g_new0 (Field, 1);

      field->field = g_strdup (gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (header))));
      field->value = g_strdup (gtk_label_get_label (GTK_LABEL (value)));
      field->differs = gtk_widget_has_css_class (widget, "pd-differs");
      g_ptr_array_add (fields, field);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_fields (c, fields);
}

static GPtrArray *
dialog_fields (GtkWidget  *dialog,
               const char *group)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  GObject *widget = gtk_widget_get_template_child (dialog, PD_TYPE_CONFLICT_DIALOG, group);

  g_assert_nonnull (widget);
  collect_fields (GTK_WIDGET (widget), fields);
  return fields;
}

static const Field *
get_field (GPtrArray  *fields,
           const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_str_equal (((Field *) g_ptr_array_index (fields, i))->field, name))
      return g_ptr_array_index (fields, i);
  g_error ("No field “%s” in the conflict dialog", name);
  return NULL;
}

static void
on_weak_notify_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
click (GtkWidget  *dialog,
       const char *button)
{
  GObject *widget = gtk_widget_get_template_child (dialog, PD_TYPE_CONFLICT_DIALOG, button);
  gboolean destroyed = FALSE;

  g_assert_true (GTK_IS_BUTTON (widget));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (widget)));
  g_object_weak_ref (G_OBJECT (dialog), on_weak_notify_cb, &destroyed);
  g_signal_emit_by_name (widget, "clicked");
  pd_test_wait_until (is_true, &destroyed, 5000);
}

static gboolean
seller_request_status (Fixture    *f,
                       const char *id,
                       const char *status)
{
  g_autoptr(JsonArray) objects = sandbox_objects (f->sandbox, "seller_request");

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      if (g_str_equal (json_object_get_string_member (object, "id"), id))
        return g_strcmp0 (json_object_get_string_member (json_object_get_object_member (object, "data"),
                                                         "status"), status) == 0;
    }
  return FALSE;
}

/* A real 409 from the sandbox: a request the seller edited (version 2)
 * accepted here on version 1. Both versions shown; Keep Mine sends it. */
static void
test_conflict_keep_mine (void)
{
  Fixture f = { 0 };
  g_autoptr(JsonArray) requests = NULL;
  g_autoptr(PdOutboxItem) item = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  const char *id = NULL;
  PdStore *store;
  gint64 entry;
  GtkWidget *dialog;

  GUI_TEST_REQUIRE_DISPLAY ();

  f.sandbox = sandbox_start ("--seed", "demo", NULL);
  fixture_init (&f, f.sandbox->endpoint, f.sandbox->credentials);
  store = pd_context_get_store (f.context);

  requests = sandbox_objects (f.sandbox, "seller_request");
  for (guint i = 0; i < json_array_get_length (requests) && id == NULL; i++)
    {
      JsonObject *object = json_array_get_object_element (requests, i);
      JsonObject *data = json_object_get_object_member (object, "data");

      if (json_object_get_int_member (object, "version") == 2 &&
          g_strcmp0 (json_object_get_string_member (data, "status"), "partner_reviewing") == 0)
        id = json_object_get_string_member (object, "id");
    }
  g_assert_nonnull (id);

  entry = enqueue_request_status (store, id, "partner_accepted", 1);
  pd_sync_controller_start (f.controller);
  pd_test_wait_until (finished, &f, 30000);
  g_assert_cmpuint (pd_sync_controller_get_last_summary (f.controller)->outbox_conflicts, ==, 1);
  item = find_item (store, entry);
  g_assert_nonnull (item);
  g_assert_cmpint (item->state, ==, PD_OUTBOX_STATE_CONFLICT);
  g_assert_nonnull (item->conflict_current);

  dialog = pd_conflict_dialog_new (f.window, f.controller, item);
  gtk_window_present (GTK_WINDOW (dialog));
  pd_test_wait_until (gui_test_is_mapped, dialog, 5000);

  mine = dialog_fields (dialog, "mine_group");
  theirs = dialog_fields (dialog, "theirs_group");
  g_assert_cmpstr (get_field (mine, "Status")->value, ==, "Accepted");
  g_assert_true (get_field (mine, "Status")->differs);
  g_assert_cmpstr (get_field (mine, "Note")->value, ==, "Called the seller");
  g_assert_cmpstr (get_field (mine, "Version")->value, ==, "1");
  g_assert_true (get_field (mine, "Version")->differs);
  g_assert_cmpstr (get_field (theirs, "Status")->value, ==, "Reviewing");
  g_assert_true (get_field (theirs, "Status")->differs);
  g_assert_cmpstr (get_field (theirs, "Version")->value, ==, "2");
  g_assert_true (get_field (theirs, "Version")->differs);
  g_assert_cmpstr (get_field (theirs, "ID")->value, ==, id);
  g_assert_false (get_field (theirs, "ID")->differs);
  /* The seller's fields are there, readable. */
  (void) get_field (theirs, "Monthly TikTok Shop GMV");
  (void) get_field (theirs, "Contact e-mail");

  /* Keep Mine: rebased on version 2 and sent by the run it starts. */
  click (dialog, "keep_mine_button");
  g_clear_pointer (&item, pd_outbox_item_free);
  item = find_item (store, entry);
  if (item != NULL)
    {
      g_assert_cmpint (item->state, ==, PD_OUTBOX_STATE_PENDING);
      g_assert_cmpstr (item->if_match, ==, "\"2\"");
    }
  f.finished = 0;
  pd_test_wait_until (finished, &f, 30000);
  g_assert_null (find_item (store, entry));
  g_assert_true (seller_request_status (&f, id, "partner_accepted"));

  fixture_clear (&f);
}

/* Use Theirs: my change is dropped. A conflict without the platform's
 * version cannot be kept, only dropped. */
static void
test_conflict_use_theirs (void)
{
  Fixture f = { 0 };
  g_autoptr(PdOutboxItem) item = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  PdStore *store;
  gint64 entry;
  GtkWidget *dialog;
  GObject *keep;

  GUI_TEST_REQUIRE_DISPLAY ();

  fixture_init (&f, NULL, NULL);
  store = pd_context_get_store (f.context);
  entry = enqueue_request_status (store, "SR-2001", "rejected", 3);
  record (store, entry, PD_OUTBOX_STATE_CONFLICT, "409 version_conflict",
          "{\"id\":\"SR-2001\",\"status\":\"closed\",\"version\":4,\"shop_ids\":[\"S-1\",\"S-2\"],"
          "\"paused\":false,\"updated_at\":\"2026-04-01T10:00:00+08:00\"}");
  item = find_item (store, entry);

  dialog = pd_conflict_dialog_new (f.window, f.controller, item);
  gtk_window_present (GTK_WINDOW (dialog));
  pd_test_wait_until (gui_test_is_mapped, dialog, 5000);
  theirs = dialog_fields (dialog, "theirs_group");
  g_assert_cmpstr (get_field (theirs, "Status")->value, ==, "Closed");
  g_assert_cmpstr (get_field (theirs, "Shop ids")->value, ==, "S-1, S-2");
  g_assert_cmpstr (get_field (theirs, "Paused")->value, ==, "No");
  g_assert_cmpstr (get_field (theirs, "Version")->value, ==, "4");

  click (dialog, "use_theirs_button");
  g_assert_null (find_item (store, entry));

  /* No platform version: Keep Mine is off. */
  entry = enqueue_request_status (store, "SR-2002", "rejected", 3);
  record (store, entry, PD_OUTBOX_STATE_CONFLICT, "409 version_conflict", NULL);
  g_clear_pointer (&item, pd_outbox_item_free);
  item = find_item (store, entry);
  dialog = pd_conflict_dialog_new (f.window, f.controller, item);
  gtk_window_present (GTK_WINDOW (dialog));
  pd_test_wait_until (gui_test_is_mapped, dialog, 5000);
  keep = gtk_widget_get_template_child (dialog, PD_TYPE_CONFLICT_DIALOG, "keep_mine_button");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (keep)));
  click (dialog, "use_theirs_button");
  g_assert_null (find_item (store, entry));

  fixture_clear (&f);
}

static gboolean
conflict_dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (PD_IS_CONFLICT_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        {
          *(GtkWindow **) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* Resolve in the popover opens the dialog for that entry. */
static void
test_resolve_opens_dialog (void)
{
  Fixture f = { 0 };
  PdStore *store;
  gint64 entry;
  GtkWindow *found = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  fixture_init (&f, NULL, NULL);
  store = pd_context_get_store (f.context);
  entry = enqueue_request_status (store, "SR-3001", "partner_accepted", 1);
  record (store, entry, PD_OUTBOX_STATE_CONFLICT, "409 version_conflict",
          "{\"id\":\"SR-3001\",\"status\":\"closed\",\"version\":2}");
  pd_sync_indicator_popup (f.indicator);
  pd_test_wait_until (popover_shown, &f, 5000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.indicator), "sync.resolve", "x", entry));
  pd_test_wait_until (conflict_dialog_shown, &found, 5000);
  g_assert_nonnull (found);
  g_assert_true (gtk_window_get_transient_for (found) == f.window);
  gui_test_destroy_window (found);

  fixture_clear (&f);
}

/* The application */

static gboolean
ignore_no_bus_warning (const char     *log_domain,
                       GLogLevelFlags  log_level,
                       const char     *message,
                       gpointer        user_data)
{
  /* The tests run without a session bus on purpose; GtkApplication says so. */
  return strstr (message, "Unable to acquire session bus") == NULL;
}

typedef struct
{
  GtkApplication  *app;
  PdSyncIndicator *indicator;
} AppFixture;

static gboolean
indicator_synced (gpointer data)
{
  AppFixture *f = data;
  GtkWindow *window = gtk_application_get_active_window (f->app);
  GObject *label;

  if (f->indicator == NULL && window != NULL)
    f->indicator = PD_SYNC_INDICATOR (gui_test_find_widget (GTK_WIDGET (window), PD_TYPE_SYNC_INDICATOR,
                                                            NULL, NULL));
  if (f->indicator == NULL)
    return FALSE;
  label = gtk_widget_get_template_child (GTK_WIDGET (f->indicator), PD_TYPE_SYNC_INDICATOR, "label");
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), "Synced just now") == 0;
}

static gboolean
app_has_no_window (gpointer app)
{
  return gtk_application_get_windows (app) == NULL;
}

/* The app owns the controller: its window's indicator finds it, it syncs
 * at start with the session's PD_* variables, app.sync (Ctrl+R) is off
 * while a run goes on. */
static void
test_application (void)
{
  g_autoptr(Sandbox) sandbox = NULL;
  g_autoptr(PdApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  AppFixture f = { 0 };
  PdSyncController *controller;

  GUI_TEST_REQUIRE_DISPLAY ();

  g_test_log_set_fatal_handler (ignore_no_bus_warning, NULL);
  sandbox = sandbox_start ("--seed", "demo", "--latency-ms", "100", NULL);
  g_setenv ("PD_ENDPOINT", sandbox->endpoint, TRUE);
  g_setenv ("PD_APP_KEY", sandbox->credentials->app_key, TRUE);
  g_setenv ("PD_APP_SECRET", sandbox->credentials->app_secret, TRUE);
  g_setenv ("PD_ACCESS_TOKEN", sandbox->credentials->access_token, TRUE);
  g_setenv ("PD_REFRESH_TOKEN", sandbox->credentials->refresh_token, TRUE);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "sync"));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.sync");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>r");

  g_application_activate (G_APPLICATION (app));
  /* The controller lives in the window's context, not the application. */
  controller = pd_context_get_sync_controller (
    pd_window_get_context (PD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)))));
  g_assert_nonnull (controller);
  g_assert_true (pd_sync_controller_get_from_environment (controller));
  f.app = GTK_APPLICATION (app);
  pd_test_wait_until (indicator_synced, &f, 30000);
  g_assert_true (pd_sync_indicator_get_controller (f.indicator) == controller);

  /* One run at a time: the action is off during a run. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "sync", NULL);
  g_assert_true (pd_sync_controller_is_running (controller));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "sync"));
  pd_test_wait_until (indicator_synced, &f, 30000);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "sync"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  pd_test_wait_until (app_has_no_window, app, 5000);
  g_application_release (G_APPLICATION (app));

  g_unsetenv ("PD_ENDPOINT");
  g_unsetenv ("PD_APP_KEY");
  g_unsetenv ("PD_APP_SECRET");
  g_unsetenv ("PD_ACCESS_TOKEN");
  g_unsetenv ("PD_REFRESH_TOKEN");
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("PD_ENDPOINT");
  g_unsetenv ("PD_APP_KEY");
  g_unsetenv ("PD_APP_SECRET");
  g_unsetenv ("PD_ACCESS_TOKEN");
  g_unsetenv ("PD_REFRESH_TOKEN");

  gui_test_init (&argc, &argv);
  sync_test_init (argc, argv);

  g_test_add_func ("/sync-indicator/no-controller", test_no_controller);
  g_test_add_func ("/sync-indicator/not-configured", test_not_configured);
  g_test_add_func ("/sync-indicator/syncing-then-idle", test_syncing_then_idle);
  g_test_add_func ("/sync-indicator/error", test_error);
  g_test_add_func ("/sync-indicator/offline", test_offline);
  g_test_add_func ("/sync-indicator/push-sent-then-waiting", test_push_sent_then_waiting);
  g_test_add_func ("/sync-indicator/outbox", test_outbox);
  g_test_add_func ("/sync-indicator/application", test_application);
  g_test_add_func ("/conflict-dialog/keep-mine", test_conflict_keep_mine);
  g_test_add_func ("/conflict-dialog/use-theirs", test_conflict_use_theirs);
  g_test_add_func ("/conflict-dialog/resolve-opens-dialog", test_resolve_opens_dialog);

  return gui_test_run ();
}
