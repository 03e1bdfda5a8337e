/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-templates"

#include "config.h"

#include <string.h>

#include "gui-test-utils.h"
#include "pd-application.h"
#include "pd-overview-assumptions.h"
#include "pd-overview-changes.h"
#include "pd-overview-list.h"
#include "pd-overview-reconciliation.h"
#include "pd-preferences-window.h"
#include "pd-program-settings-window.h"
#include "pd-sync-module.h"
#include "pd-toast.h"
#include "pd-window.h"

/* Every template and .ui file is instantiated here under a display: the
 * version macros cannot catch a widget or property newer than GTK 4.8 /
 * libadwaita 1.2 used in XML, GtkBuilder does, at run time. */

static const char * const page_names[] = {
  "overview", "merchants", "links", "services", "requests", "authorizations",
};

static void
check_window_pages (PdWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                       PD_TYPE_WINDOW, "stack"));
  g_autoptr(GtkSelectionModel) pages = NULL;

  g_assert_true (ADW_IS_VIEW_STACK (stack));
  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), >=, G_N_ELEMENTS (page_names));

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, page_names[i]);
      AdwViewStackPage *page;
      GtkWidget *status;
      const char *title;

      if (child == NULL)
        g_error ("The window has no page named “%s” in its AdwViewStack", page_names[i]);

      /* Pages other than the Overview are built when first shown. */
      pd_window_show_page (window, page_names[i]);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, page_names[i]);

      page = adw_view_stack_get_page (stack, child);
      g_assert_nonnull (adw_view_stack_page_get_title (page));
      g_assert_cmpstr (adw_view_stack_page_get_title (page), !=, "");
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));

      status = gui_test_find_widget (child, ADW_TYPE_STATUS_PAGE, NULL, NULL);
      if (status == NULL)
        g_error ("The page “%s” has no AdwStatusPage (its empty state)", page_names[i]);
      title = adw_status_page_get_title (ADW_STATUS_PAGE (status));
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "links"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "links");
  /* An unknown page is ignored, not a crash. */
  pd_window_show_page (window, "no-such-page");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "links");
}

static gboolean
is_label (GtkWidget *widget,
          gpointer   text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
toast_shown (gpointer window)
{
  GtkWidget *label = gui_test_find_widget (window, GTK_TYPE_LABEL, is_label, (gpointer) "A toast");

  return label != NULL && gtk_widget_get_mapped (label);
}

static void
test_window (void)
{
  PdContext *context;
  PdWindow *window;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  window = pd_window_new (NULL, context);
  g_assert_true (PD_IS_WINDOW (window));
  g_assert_true (pd_window_get_context (window) == context);

  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, window, 5000);
  check_window_pages (window);
  /* The one toast helper finds the window's overlay from the window. */
  pd_toast_show_text (GTK_WIDGET (window), "A toast");
  pd_test_wait_until (toast_shown, window, 5000);
  /* The sync client and libsoup are loaded when the sync first runs,
   * not with the window (pd-sync-module.h); no test before this one
   * syncs. */
  g_assert_false (pd_sync_module_is_loaded ());
  g_assert_false (gui_test_library_loaded ("libsoup-3.0.so"));
  g_assert_true (pd_sync_module_load (NULL));
  g_assert_true (gui_test_library_loaded ("libpdsyncclient.so"));
  g_assert_true (gui_test_library_loaded ("libsoup-3.0.so"));

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static GtkWidget *
page_of_slot (AdwViewStack *stack,
              const char   *name)
{
  return adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, name)));
}

static gboolean
all_pages_built (gpointer data)
{
  for (guint i = 1; i < G_N_ELEMENTS (page_names); i++)
    if (page_of_slot (data, page_names[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* The first frame has only the Overview: the other pages are built when
 * shown, or after the first frame, when the app is idle. */
static void
test_lazy_pages (void)
{
  PdContext *context;
  PdWindow *window;
  AdwViewStack *stack;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  pd_context_begin_start (context);
  window = pd_window_new (NULL, context);
  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "stack"));
  gtk_window_present (GTK_WINDOW (window));
  /* Its first frame: mapped. */
  pd_test_wait_until (gui_test_is_mapped, window, 5000);

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "overview");
  for (guint i = 1; i < G_N_ELEMENTS (page_names); i++)
    g_assert_null (page_of_slot (stack, page_names[i]));

  /* Shown before the start ended: built at once. */
  pd_window_show_page (window, "links");
  g_assert_nonnull (page_of_slot (stack, "links"));
  g_assert_null (page_of_slot (stack, "merchants"));

  /* The end of the start builds the rest, in the background. */
  pd_context_end_start (context);
  g_assert_null (page_of_slot (stack, "merchants"));
  pd_test_wait_until (all_pages_built, stack, 5000);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (page_of_slot (stack, "merchants"),
                                             g_type_from_name ("PdMerchantsPage")));

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static gboolean
is_preferences_page (GtkWidget *widget,
                     gpointer   data)
{
  return g_strcmp0 (adw_preferences_page_get_name (ADW_PREFERENCES_PAGE (widget)), data) == 0;
}

static void
test_preferences_window (void)
{
  static const char * const pref_pages[] = { "platform", "markets", "imports" };
  PdContext *context;
  PdWindow *window;
  GtkWidget *prefs;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  window = pd_window_new (NULL, context);
  prefs = pd_preferences_window_new (GTK_WINDOW (window), context);
  g_assert_true (PD_IS_PREFERENCES_WINDOW (prefs));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));
  pd_test_wait_until (gui_test_is_mapped, prefs, 5000);

  for (guint i = 0; i < G_N_ELEMENTS (pref_pages); i++)
    {
      GtkWidget *page = gui_test_find_widget (prefs, ADW_TYPE_PREFERENCES_PAGE,
                                              is_preferences_page, (gpointer) pref_pages[i]);

      if (page == NULL)
        g_error ("The preferences window has no page named “%s”", pref_pages[i]);
      g_assert_cmpstr (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (page)), !=, "");
      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), pref_pages[i]);
      g_assert_true (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (prefs)) == ADW_PREFERENCES_PAGE (page));
      pd_test_wait_until (gui_test_is_mapped, page, 5000);
    }

  /* Without a parent, e.g. from the command line. */
  gui_test_destroy_window (GTK_WINDOW (prefs));
  prefs = pd_preferences_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (prefs));
  pd_test_wait_until (gui_test_is_mapped, prefs, 5000);
  gui_test_destroy_window (GTK_WINDOW (prefs));

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  GUI_TEST_REQUIRE_DISPLAY ();

  builder = gtk_builder_new_from_resource ("/io/github/partnerdesk/PartnerDesk/gui/pd-help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_present (GTK_WINDOW (overlay));
  pd_test_wait_until (gui_test_is_mapped, overlay, 5000);
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* Any toplevel: the about and preferences windows are transient for the
 * main window, not added to the application. */
static GtkWindow *
find_window_of_type (GtkApplication *app,
                     GType           type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

typedef struct
{
  GtkApplication *app;
  GType           type;
} FindWindow;

static gboolean
window_of_type_exists (gpointer data)
{
  FindWindow *find = data;

  return find_window_of_type (find->app, find->type) != NULL;
}

static gboolean
window_of_type_gone (gpointer data)
{
  return !window_of_type_exists (data);
}

static gboolean
help_overlay_shown (gpointer window)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  return overlay != NULL && gtk_widget_get_visible (GTK_WIDGET (overlay));
}

static gboolean
ignore_no_bus_warning (const char     *log_domain,
                       GLogLevelFlags  log_level,
                       const char     *message,
                       gpointer        user_data)
{
  /* The tests run without a session bus on purpose; GtkApplication says so. */
  return strstr (message, "Unable to acquire session bus") == NULL;
}

/* The real application: its actions open the window, the about window,
 * the preferences and the shortcuts window, which the window builds on
 * first use. */
static void
test_application_actions (void)
{
  g_autoptr(PdApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  FindWindow find;
  GtkWindow *window;

  GUI_TEST_REQUIRE_DISPLAY ();

  g_test_log_set_fatal_handler (ignore_no_bus_warning, NULL);

  app = pd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  for (guint i = 0; i < 3; i++)
    {
      const char *name = (const char *[]) { "preferences", "about", "quit" }[i];

      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), name));
    }

  /* The default store goes to the temporary XDG_DATA_HOME. */
  g_application_activate (G_APPLICATION (app));
  find = (FindWindow) { GTK_APPLICATION (app), PD_TYPE_WINDOW };
  pd_test_wait_until (window_of_type_exists, &find, 5000);
  window = find_window_of_type (GTK_APPLICATION (app), PD_TYPE_WINDOW);
  pd_test_wait_until (gui_test_is_mapped, window, 5000);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  find.type = ADW_TYPE_ABOUT_WINDOW;
  pd_test_wait_until (window_of_type_exists, &find, 5000);
  gtk_window_destroy (find_window_of_type (GTK_APPLICATION (app), ADW_TYPE_ABOUT_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  find.type = PD_TYPE_PREFERENCES_WINDOW;
  pd_test_wait_until (window_of_type_exists, &find, 5000);
  g_assert_true (gtk_window_get_transient_for (find_window_of_type (GTK_APPLICATION (app), PD_TYPE_PREFERENCES_WINDOW)) == window);
  gtk_window_destroy (find_window_of_type (GTK_APPLICATION (app), PD_TYPE_PREFERENCES_WINDOW));

  /* The shortcuts window is built on first use, on Ctrl+? as well. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");

    g_assert_cmpstr (accels[0], ==, "<Control>question");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  pd_test_wait_until (help_overlay_shown, window, 5000);
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)))));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)))) == window);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  find.type = PD_TYPE_WINDOW;
  pd_test_wait_until (window_of_type_gone, &find, 5000);
  g_assert_null (find_window_of_type (GTK_APPLICATION (app), PD_TYPE_WINDOW));
  g_application_release (G_APPLICATION (app));
}

/* The Overview's sections built with its first snapshot, and Program
 * Settings, which only the Overview opens. */
static void
test_overview_sections (void)
{
  g_autoptr(GtkBuilder) sections = NULL;
  PdContext *context;
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *settings;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_type_ensure (PD_TYPE_OVERVIEW_LIST);
  g_type_ensure (PD_TYPE_OVERVIEW_RECONCILIATION);
  sections = gtk_builder_new_from_resource ("/io/github/partnerdesk/PartnerDesk/gui/pd-overview-data.ui");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (gtk_builder_get_object (sections, "data")));
  gtk_box_append (GTK_BOX (box), pd_overview_changes_new ());
  gtk_box_append (GTK_BOX (box), pd_overview_assumptions_new (context));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, window, 5000);

  settings = pd_program_settings_window_new (GTK_WINDOW (window), context, "eu-jp-pop-partner-2026q1");
  gtk_window_present (GTK_WINDOW (settings));
  pd_test_wait_until (gui_test_is_mapped, settings, 5000);

  gui_test_destroy_window (GTK_WINDOW (settings));
  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/templates/window", test_window);
  g_test_add_func ("/templates/lazy-pages", test_lazy_pages);
  g_test_add_func ("/templates/preferences-window", test_preferences_window);
  g_test_add_func ("/templates/overview-sections", test_overview_sections);
  g_test_add_func ("/templates/help-overlay", test_help_overlay);
  g_test_add_func ("/templates/application-actions", test_application_actions);

  return gui_test_run ();
}
