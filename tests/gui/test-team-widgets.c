/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-team-widgets"

#include "config.h"

#include <string.h>

#include "gui-test-utils.h"
#include "pd-merchant-notes.h"
#include "pd-store-team-app.h"
#include "pd-team-app-api.h"
#include "pd-team-conflicts-group.h"
#include "pd-team-duplicates.h"
#include "pd-team-controller.h"
#include "pd-team-error.h"
#include "pd-team-indicator.h"
#include "pd-team-module.h"
#include "pd-team-page.h"
#include "pd-window.h"

/* The app's side of the team hub on real store states, without a hub: a
 * store that joined a hub nobody answers (loopback port 1: refused at
 * once). The header bar's state goes not joined (hidden) → offline →
 * edits waiting → conflict; the merchant's conflict shows both versions
 * and Keep Mine / Use Theirs settle it in the store; Preferences → Team
 * explains errors in words and shows the status once joined. The same
 * against a real PostgreSQL: tests/e2e/test-team-app.py. */

#define HUB "postgresql://li@127.0.0.1:1/agency"
#define SELLER "7000000000000002"

typedef struct
{
  PdContext *context;
  PdStore   *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (!gui_test_has_display ())
    return;
  fixture->context = gui_test_context_new ();
  fixture->store = pd_context_get_store (fixture->context);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gui_test_context_free (fixture->context);
}

static void
join_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_team_join (fixture->store, HUB, "Li Wei", "desk-li", &error));
  g_assert_no_error (error);
}

typedef struct
{
  PdTeamIndicator *indicator;
  const char      *label;
} LabelWait;

static gboolean
label_is (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (pd_team_indicator_get_label (wait->indicator), wait->label) == 0;
}

static void
wait_label (PdTeamIndicator *indicator,
            const char      *label)
{
  LabelWait wait = { indicator, label };

  if (!gui_test_wait_for (label_is, &wait, 10000))
    g_error ("The header bar says “%s”; expected “%s”", pd_team_indicator_get_label (indicator), label);
}

/* A conflict of the notes as a sync leaves it: my edit lost to Wang's. */
static void
make_conflict (Fixture    *fixture,
               const char *mine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdTeamOutboxItem) item = NULL;

  g_assert_true (pd_merchant_notes_save (fixture->store, SELLER, mine, "", NULL, &error));
  item = pd_store_team_next_pending (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_true (pd_store_team_push_done (fixture->store, item, TRUE, 7, "Wang’s notes", "Wang Fang",
                                          "desktop-b", g_get_real_time () / G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
}

static gboolean
is_open_merchant (GtkWidget *widget,
                  gpointer   data)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "Open Notes of " SELLER) == 0;
}

/* The app loads libpq (pd-team-module.h) when the store has joined a hub
 * or Preferences → Team asks the hub, not with the window of a store
 * that joined none. The first test: nothing before it loads the module. */
static void
test_module_loaded_on_use (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *window;
  GtkWidget *preferences;

  GUI_TEST_REQUIRE_DISPLAY ();

  window = GTK_WIDGET (pd_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (window));
  gui_test_run_for (200);
  g_assert_false (pd_team_module_is_loaded ());
  g_assert_false (gui_test_library_loaded ("libpq.so"));

  preferences = adw_preferences_window_new ();
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (preferences),
                              ADW_PREFERENCES_PAGE (pd_team_page_new (fixture->context)));
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (pd_team_module_is_loaded ());
  g_assert_true (gui_test_library_loaded ("libpdteamhub.so"));
  g_assert_true (gui_test_library_loaded ("libpq.so"));

  gui_test_destroy_window (GTK_WINDOW (preferences));
  gui_test_destroy_window (GTK_WINDOW (window));
}

static void
test_header_states (Fixture       *fixture,
                    gconstpointer  data)
{
  PdTeamController *controller;
  GtkWidget *window, *indicator;
  g_autoptr(GError) error = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  controller = pd_context_get_team_controller (fixture->context);
  window = gtk_window_new ();
  indicator = pd_team_indicator_new ();
  gtk_window_set_child (GTK_WINDOW (window), indicator);
  pd_team_indicator_set_controller (PD_TEAM_INDICATOR (indicator), controller);
  gtk_window_present (GTK_WINDOW (window));

  /* Not joined: nothing in the header bar. */
  g_assert_cmpint (pd_team_controller_get_view (controller), ==, PD_TEAM_VIEW_NOT_JOINED);
  g_assert_false (gtk_widget_get_visible (indicator));
  g_assert_null (gtk_widget_get_first_child (indicator));

  /* Joined a hub that does not answer: offline, said in words. */
  join_store (fixture);
  pd_team_controller_start (controller);
  wait_label (PD_TEAM_INDICATOR (indicator), "Team: offline");
  g_assert_true (gtk_widget_get_visible (indicator));
  g_assert_nonnull (strstr (pd_team_controller_get_message (controller), "cannot be reached"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (gtk_widget_get_first_child (indicator)),
                            "cannot be reached"));

  /* An edit made offline waits in the team outbox. */
  g_assert_true (pd_merchant_notes_save (fixture->store, SELLER, "Called back", "", NULL, &error));
  g_assert_no_error (error);
  wait_label (PD_TEAM_INDICATOR (indicator), "Team: 1 edit waiting");
  g_assert_cmpuint (pd_team_controller_get_pending (controller), ==, 1);

  /* The hub kept another desktop's version: a conflict. */
  make_conflict (fixture, "Called back twice");
  pd_team_controller_start (controller);
  wait_label (PD_TEAM_INDICATOR (indicator), "Team: conflict");
  /* Its popover opens the merchant, where both versions wait. */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (gtk_widget_get_first_child (indicator));
    GtkWidget *popover, *open;

    /* Built when it first opens. */
    g_assert_null (gtk_menu_button_get_popover (button));
    gtk_menu_button_popup (button);
    popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
    open = gui_test_find_widget (popover, GTK_TYPE_BUTTON, is_open_merchant, NULL);
    g_assert_nonnull (open);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open)), ==, "win.show-merchant");
  }

  gui_test_destroy_window (GTK_WINDOW (window));
}

/* The header bar of a store that joined a hub keeps the view switcher at
 * the window's default width (1,100 px): the team's state is an icon
 * button, its words in the accessible name, description and tooltip. A
 * "Team: …" labelled button beside the sync indicator pushed the switcher
 * into the bottom bar. */
static void
test_header_fits (Fixture       *fixture,
                  gconstpointer  data)
{
  PdTeamController *controller = pd_context_get_team_controller (fixture->context);
  GtkWidget *window, *indicator, *title, *bar, *button;
  gboolean title_visible = TRUE;

  GUI_TEST_REQUIRE_DISPLAY ();

  join_store (fixture);
  window = GTK_WIDGET (pd_window_new (NULL, fixture->context));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  pd_team_controller_start (controller);
  indicator = gui_test_find_widget (window, PD_TYPE_TEAM_INDICATOR, NULL, NULL);
  g_assert_nonnull (indicator);
  wait_label (PD_TEAM_INDICATOR (indicator), "Team: offline");
  gui_test_run_for (300);

  g_assert_true (gtk_widget_get_mapped (indicator));
  /* 1,100 px of window less its client-side decorations. */
  g_assert_cmpint (gtk_widget_get_width (window), <=, 1100);
  title = gui_test_find_widget (window, ADW_TYPE_VIEW_SWITCHER_TITLE, NULL, NULL);
  bar = gui_test_find_widget (window, ADW_TYPE_VIEW_SWITCHER_BAR, NULL, NULL);
  g_object_get (title, "title-visible", &title_visible, NULL);
  g_assert_false (title_visible);
  g_assert_false (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));

  /* The state in words for screen readers and the tooltip, with the hub. */
  button = gtk_widget_get_first_child (indicator);
  g_assert_true (GTK_IS_MENU_BUTTON (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Team: offline"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Team hub: " HUB " (as Li Wei)"));

  gui_test_destroy_window (GTK_WINDOW (window));
}

static void
test_view_labels (void)
{
  static const struct { PdTeamView view; guint pending, conflicts; const char *label; } cases[] = {
    { PD_TEAM_VIEW_UP_TO_DATE, 0, 0, "Team: up to date" },
    { PD_TEAM_VIEW_WAITING, 3, 0, "Team: 3 edits waiting" },
    { PD_TEAM_VIEW_OFFLINE, 0, 0, "Team: offline" },
    { PD_TEAM_VIEW_CONFLICT, 0, 1, "Team: conflict" },
    { PD_TEAM_VIEW_CONFLICT, 0, 2, "Team: 2 conflicts" },
    { PD_TEAM_VIEW_FAILED, 0, 0, "Team: sync failed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = pd_team_view_to_label (cases[i].view, cases[i].pending, cases[i].conflicts);

      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

static gboolean
is_button_labelled (GtkWidget *widget,
                    gpointer   data)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

  return GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), data) == 0;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *mnemonic)
{
  GtkWidget *button = gui_test_find_widget (root, GTK_TYPE_BUTTON, is_button_labelled, (gpointer) mnemonic);

  if (button == NULL)
    g_error ("No button “%s”", mnemonic);
  return button;
}

static gboolean
is_row_titled (GtkWidget *widget,
               gpointer   data)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  GtkWidget *row = gui_test_find_widget (root, type, is_row_titled, (gpointer) title);

  if (row == NULL)
    g_error ("No row “%s”", title);
  return row;
}

static gboolean
has_error_text (gpointer data)
{
  GtkLabel *label = GTK_LABEL (data);

  return gtk_widget_get_visible (GTK_WIDGET (label)) && *gtk_label_get_label (label) != '\0';
}

static gboolean
is_error_label (GtkWidget *widget,
                gpointer   data)
{
  return gtk_widget_has_css_class (widget, "error");
}

static gboolean
subtitle_has (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (data));

  return subtitle != NULL && strstr (subtitle, "cannot be reached") != NULL;
}


static GAsyncResult *left_result;

static void
on_left (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  left_result = g_object_ref (result);
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_preferences_page (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page;
  GtkLabel *error_label;
  GtkWidget *status_group;
  g_auto(PdTeamState) state = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean left = FALSE;

  GUI_TEST_REQUIRE_DISPLAY ();

  page = pd_team_page_new (fixture->context);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  error_label = GTK_LABEL (gui_test_find_widget (page, GTK_TYPE_LABEL, is_error_label, NULL));
  status_group = gtk_widget_get_parent (gtk_widget_get_parent (gtk_widget_get_parent (
                   find_row (page, ADW_TYPE_ACTION_ROW, "Connection"))));
  gui_test_run_for (200);
  g_assert_false (gtk_widget_get_visible (find_row (page, ADW_TYPE_ACTION_ROW, "Connection")) &&
                  gtk_widget_get_mapped (status_group));

  /* Not an address: said where and what was expected; nothing joined. */
  gtk_editable_set_text (GTK_EDITABLE (find_row (page, ADW_TYPE_ENTRY_ROW, "Hub Address")), "http://hub");
  gtk_editable_set_text (GTK_EDITABLE (find_row (page, ADW_TYPE_ENTRY_ROW, "Staff Name")), "Li Wei");
  gtk_editable_set_text (GTK_EDITABLE (find_row (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "Password")), "pw-li");
  g_signal_emit_by_name (find_button (page, "_Join"), "clicked");
  pd_test_wait_until (has_error_text, error_label, 10000);
  g_assert_nonnull (strstr (gtk_label_get_label (error_label), "PostgreSQL"));
  g_assert_true (pd_store_team_get_state (fixture->store, &state, &error));
  g_assert_null (state.url);

  /* A hub that does not answer: the words of an unreachable host. */
  gtk_label_set_label (error_label, "");
  gtk_editable_set_text (GTK_EDITABLE (find_row (page, ADW_TYPE_ENTRY_ROW, "Hub Address")), HUB);
  g_signal_emit_by_name (find_button (page, "_Join"), "clicked");
  pd_test_wait_until (has_error_text, error_label, 10000);
  g_assert_nonnull (strstr (gtk_label_get_label (error_label), "cannot be reached"));

  /* Joined (by the CLI, say): the status, the connection in words. */
  join_store (fixture);
  pd_team_page_refresh (PD_TEAM_PAGE (page));
  pd_test_wait_until (subtitle_has, find_row (page, ADW_TYPE_ACTION_ROW, "Connection"), 10000);
  g_assert_true (gtk_widget_get_visible (status_group));
  g_assert_nonnull (find_button (page, "_Join Again"));

  /* Leave, as the page does it (the keyring's item in a worker), forgets
   * the hub; local notes stay. */
  pd_team_app_leave_async (fixture->store, NULL, on_left, &left);
  pd_test_wait_until (is_true, &left, 10000);
  g_assert_true (pd_team_app_leave_finish (fixture->store, left_result, &error));
  g_assert_no_error (error);
  g_clear_object (&left_result);
  pd_team_state_clear (&state);
  g_assert_true (pd_store_team_get_state (fixture->store, &state, &error));
  g_assert_null (state.url);

  gui_test_destroy_window (GTK_WINDOW (window));
}

static gboolean
is_keep_mine (GtkWidget *widget,
              gpointer   data)
{
  return is_button_labelled (widget, (gpointer) "_Keep Mine");
}

static void
test_conflict_choice (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *group = pd_team_conflicts_group_new ();
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(PdTeamOutboxItem) item = NULL;
  g_auto(PdMerchantNotes) notes = { 0 };
  g_autoptr(GError) error = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  gtk_window_set_child (GTK_WINDOW (window), group);
  gtk_window_present (GTK_WINDOW (window));
  join_store (fixture);
  make_conflict (fixture, "Mine: samples sent");

  /* Both versions, who made theirs. */
  pd_team_conflicts_group_load (PD_TEAM_CONFLICTS_GROUP (group), fixture->store, SELLER);
  g_assert_true (gtk_widget_get_visible (group));
  g_assert_nonnull (gui_test_find_widget (group, ADW_TYPE_EXPANDER_ROW, is_row_titled, (gpointer) "Notes"));
  g_assert_nonnull (gui_test_find_widget (group, ADW_TYPE_ACTION_ROW, NULL, NULL));
  g_assert_true (pd_merchant_notes_get (fixture->store, SELLER, &notes, &error));
  g_assert_cmpstr (notes.notes, ==, "Wang’s notes");

  /* Keep Mine: my version back, queued for the hub, the conflict gone. */
  g_signal_emit_by_name (gui_test_find_widget (group, GTK_TYPE_BUTTON, is_keep_mine, NULL), "clicked");
  pd_merchant_notes_clear (&notes);
  g_assert_true (pd_merchant_notes_get (fixture->store, SELLER, &notes, &error));
  g_assert_cmpstr (notes.notes, ==, "Mine: samples sent");
  item = pd_store_team_next_pending (fixture->store, 0, &error);
  g_assert_nonnull (item);
  g_assert_cmpstr (item->value, ==, "Mine: samples sent");
  g_assert_cmpint (item->base_seq, ==, 7);
  conflicts = pd_store_team_list_conflicts (fixture->store, SELLER, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_false (gtk_widget_get_visible (group));

  /* No conflict left: a second choice is refused in words, nothing changes. */
  g_assert_false (pd_store_team_resolve_conflict (fixture->store, SELLER, "notes", FALSE, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);

  gui_test_destroy_window (GTK_WINDOW (window));
}

static void
test_use_theirs (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_auto(PdMerchantNotes) notes = { 0 };
  g_autoptr(GError) error = NULL;
  guint pending = 99, failed = 99;

  GUI_TEST_REQUIRE_DISPLAY ();

  join_store (fixture);
  make_conflict (fixture, "Mine again");
  g_assert_true (pd_store_team_resolve_conflict (fixture->store, SELLER, "notes", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (pd_merchant_notes_get (fixture->store, SELLER, &notes, &error));
  g_assert_cmpstr (notes.notes, ==, "Wang’s notes");
  g_assert_true (pd_store_team_count_outbox (fixture->store, &pending, &failed, &error));
  g_assert_cmpuint (pending, ==, 0);
  conflicts = pd_store_team_list_conflicts (fixture->store, NULL, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);

  /* Not a shared field: refused, nothing written. */
  g_assert_false (pd_store_team_resolve_conflict (fixture->store, SELLER, "gmv", TRUE, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
}

static void
test_duplicate_invitation (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_team_change_free);
  PdTeamChange *change = g_new0 (PdTeamChange, 1);
  const char *sellers[] = { SELLER, "7000000000000003", NULL };
  const char *programs[] = { "eu-q1", "eu-q1", NULL };
  const char *other_program[] = { "jp-q1", NULL };
  g_autoptr(GHashTable) confirmed = NULL;
  g_autofree char *body = NULL;
  g_autofree char *none = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  GUI_TEST_REQUIRE_DISPLAY ();

  join_store (fixture);
  g_assert_true (pd_store_set_setting (fixture->store, "staff_name", "Li Wei", &error));
  /* Wang invited the seller in eu-q1 from his desktop, as the hub told. */
  change->seq = 3;
  change->entity = g_strdup ("invitation");
  change->object = g_strdup ("tok-wang-1");
  change->field = g_strdup ("link");
  change->value = g_strdup ("{\"seller_id\": \"" SELLER "\", \"program_id\": \"eu-q1\", \"created_at\": 1780000000}");
  change->author = g_strdup ("Wang Fang");
  change->desktop = g_strdup ("desk-wang");
  change->at = 1780000000;
  g_ptr_array_add (changes, change);
  g_assert_true (pd_store_team_apply_changes (fixture->store, changes, &error));
  g_assert_no_error (error);

  /* Who and when, for that seller only; the other seller needs no question. */
  body = pd_team_find_duplicates (fixture->store, sellers, programs, &confirmed);
  g_assert_nonnull (body);
  g_assert_nonnull (strstr (body, SELLER " was invited by Wang Fang on "));
  g_assert_null (strstr (body, "7000000000000003"));
  g_assert_true (g_hash_table_contains (confirmed, SELLER "\teu-q1"));
  g_assert_cmpuint (g_hash_table_size (confirmed), ==, 1);
  /* Another program: no duplicate. */
  none = pd_team_find_duplicates (fixture->store, sellers, other_program, NULL);
  g_assert_null (none);

  /* The question defaults to Cancel; Create Anyway is the confirmation. */
  dialog = pd_team_duplicate_dialog_new (NULL, body);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "create"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Wang Fang"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The hub's errors as the app says them. */
static void
test_error_words (void)
{
  static const struct { const char *message; const char *words; } cases[] = {
    { "Cannot connect to the team hub: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  "
      "password authentication failed for user \"li\"", "did not accept the password" },
    { "Cannot connect to the team hub: connection to server at \"10.0.0.9\", port 5432 failed: "
      "Connection refused", "cannot be reached" },
    { "Cannot connect to the team hub: could not translate host name \"hub.invalid\" to address",
      "cannot be reached" },
  };
  g_autoptr(GError) newer = g_error_new (PD_TEAM_ERROR, PD_TEAM_ERROR_SCHEMA_TOO_NEW, "version 9 > 1");
  g_autoptr(GError) refused = g_error_new (PD_TEAM_ERROR, PD_TEAM_ERROR_REFUSED,
                                           "The team hub refused the edit: new row violates row-level security");
  g_autofree char *newer_text = pd_team_error_to_text (newer);
  g_autofree char *refused_text = pd_team_error_to_text (refused);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = pd_team_message_to_text (cases[i].message);

      g_assert_nonnull (strstr (text, cases[i].words));
      g_assert_null (strstr (text, "FATAL"));
    }
  g_assert_nonnull (strstr (newer_text, "newer Partner Desk"));
  g_assert_nonnull (strstr (refused_text, "only team leads may change"));
  g_assert_null (strstr (refused_text, "row-level security policy"));
}

int
main (int   argc,
      char *argv[])
{
  /* Never the test runner's keyring: a password of the environment. */
  g_setenv ("PD_TEAM_PASSWORD", "pw-li", TRUE);
  gui_test_init (&argc, &argv);

  g_test_add ("/team-widgets/module-loaded-on-use", Fixture, NULL, fixture_set_up, test_module_loaded_on_use,
              fixture_tear_down);
  g_test_add_func ("/team-widgets/view-labels", test_view_labels);
  g_test_add_func ("/team-widgets/error-words", test_error_words);
  g_test_add ("/team-widgets/header-fits", Fixture, NULL, fixture_set_up, test_header_fits, fixture_tear_down);
  g_test_add ("/team-widgets/header-states", Fixture, NULL, fixture_set_up, test_header_states, fixture_tear_down);
  g_test_add ("/team-widgets/preferences-page", Fixture, NULL, fixture_set_up, test_preferences_page,
              fixture_tear_down);
  g_test_add ("/team-widgets/conflict-choice", Fixture, NULL, fixture_set_up, test_conflict_choice,
              fixture_tear_down);
  g_test_add ("/team-widgets/duplicate-invitation", Fixture, NULL, fixture_set_up, test_duplicate_invitation,
              fixture_tear_down);
  g_test_add ("/team-widgets/use-theirs", Fixture, NULL, fixture_set_up, test_use_theirs, fixture_tear_down);
  return gui_test_run ();
}
