/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-keyboard"

#include "config.h"

#include "gui-test-utils.h"
#include "pd-links-page.h"
#include "pd-merchants-page.h"
#include "pd-overview-page.h"
#include "pd-window.h"

/* The main window's keyboard: page shortcuts are the window's (they work
 * wherever the focus is, for the page on screen only), and every shortcut
 * the window installs is listed in the shortcuts window with its keys. */

static gboolean
is_pd_widget (GtkWidget *widget)
{
  return g_str_has_prefix (G_OBJECT_TYPE_NAME (widget), "Pd");
}

/* Calls func on every GtkShortcut of every shortcut controller of widget. */
static void
foreach_shortcut_in_scope (GtkWidget *widget,
                           int        scope,
                           void     (*func) (GtkShortcut *shortcut, gpointer data),
                           gpointer   data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      if (scope >= 0 && gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) != (GtkShortcutScope) scope)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (GTK_IS_SHORTCUT (item))
            func (GTK_SHORTCUT (item), data);
        }
    }
}

typedef struct
{
  GtkShortcutTrigger *wanted;
  GtkShortcut        *found;
} Find;

static void
find_cb (GtkShortcut *shortcut,
         gpointer     data)
{
  Find *find = data;

  if (find->found == NULL && gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), find->wanted))
    find->found = shortcut;
}

static GtkShortcut *
find_shortcut_in_scope (GtkWidget       *widget,
                        int              scope,
                        guint            keyval,
                        GdkModifierType  modifiers)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);
  Find find = { wanted, NULL };

  foreach_shortcut_in_scope (widget, scope, find_cb, &find);
  return find.found;
}

#define find_shortcut(widget, keyval, modifiers) find_shortcut_in_scope ((widget), -1, (keyval), (modifiers))
#define find_local_shortcut(widget, keyval, modifiers) \
  find_shortcut_in_scope ((widget), GTK_SHORTCUT_SCOPE_LOCAL, (keyval), (modifiers))

static PdWindow *
new_window (PdContext *context)
{
  PdWindow *window = pd_window_new (NULL, context);

  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, window, 5000);
  return window;
}

static void
show_page (PdWindow   *window,
           const char *name,
           GType       type)
{
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name));
  page = gui_test_find_widget (GTK_WIDGET (window), type, NULL, NULL);
  g_assert_nonnull (page);
  pd_test_wait_until (gui_test_is_mapped, page, 5000);
}

/* Focus on a control outside page (the window's first focusable widget
 * that is not in it). */
static void
focus_outside (PdWindow  *window,
               GtkWidget *page)
{
  GtkWidget *focus;

  gtk_root_set_focus (GTK_ROOT (window), NULL);
  for (int i = 0; i < 50; i++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus != NULL && focus != page && !gtk_widget_is_ancestor (focus, page))
        return;
    }
  g_assert_not_reached ();
}

/* Ctrl+Shift+E and F5 are in the window's (managed) shortcuts, not the
 * page's local ones: they reach the page wherever the focus is; a page
 * that is not on screen lets them go. */
static void
test_page_shortcuts_window_wide (void)
{
  PdContext *context;
  PdWindow *window;
  GtkWidget *overview;
  GtkWidget *merchants;
  GtkShortcut *shortcut;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  window = new_window (context);
  show_page (window, "overview", PD_TYPE_OVERVIEW_PAGE);
  overview = gui_test_find_widget (GTK_WIDGET (window), PD_TYPE_OVERVIEW_PAGE, NULL, NULL);

  /* Not local to the page (the page's own controllers do not have it)... */
  g_assert_null (find_local_shortcut (overview, GDK_KEY_F5, 0));
  g_assert_null (find_local_shortcut (overview, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  /* ...but the window's, which sees every key pressed in it. */
  shortcut = find_shortcut (GTK_WIDGET (window), GDK_KEY_F5, 0);
  g_assert_nonnull (shortcut);
  g_assert_nonnull (find_shortcut (GTK_WIDGET (window), GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK));

  focus_outside (window, overview);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               overview, NULL));

  /* On another page, F5 is not the Overview's. */
  show_page (window, "merchants", PD_TYPE_MERCHANTS_PAGE);
  merchants = gui_test_find_widget (GTK_WIDGET (window), PD_TYPE_MERCHANTS_PAGE, NULL, NULL);
  g_assert_nonnull (find_shortcut (GTK_WIDGET (window), GDK_KEY_f, GDK_CONTROL_MASK));
  g_assert_null (find_local_shortcut (merchants, GDK_KEY_f, GDK_CONTROL_MASK));
  g_assert_nonnull (find_shortcut (GTK_WIDGET (window), GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_null (find_local_shortcut (merchants, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_false (gtk_widget_get_mapped (overview));
  g_assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                overview, NULL));

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

typedef struct
{
  GArray *keys;   /* of Key */
} Collect;

typedef struct
{
  guint           keyval;
  GdkModifierType modifiers;
  char           *where;
} Key;

static guint
normal_keyval (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_KP_Delete: return GDK_KEY_Delete;
    case GDK_KEY_KP_Enter: return GDK_KEY_Return;
    default: return gdk_keyval_to_lower (keyval);
    }
}

static void
collect_cb (GtkShortcut *shortcut,
            gpointer     data)
{
  GArray *keys = data;
  GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
  Key key;

  if (!GTK_IS_KEYVAL_TRIGGER (trigger))
    return;
  key.keyval = normal_keyval (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)));
  key.modifiers = gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger));
  key.where = gtk_shortcut_trigger_to_string (trigger);
  g_array_append_val (keys, key);
}

/* A local binding of ours: one that activates one of the app's actions
 * (GtkWindow's own bindings, F10 or the arrows, are GTK's). */
static void
collect_ours_cb (GtkShortcut *shortcut,
                 gpointer     data)
{
  static const char * const prefixes[] = {
    "win.", "window.close", "overview.", "merchants.", "links.", "services.", "requests.", "authorizations.",
  };
  GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
  const char *name;

  if (!GTK_IS_NAMED_ACTION (action))
    return;
  name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i]))
      {
        collect_cb (shortcut, data);
        return;
      }
}

static void
collect_tree (GtkWidget *widget,
              GArray    *keys)
{
  if (is_pd_widget (widget))
    {
      /* The pages' window-wide shortcuts (the window's manager holds the
       * same again: counted once, from the page). */
      foreach_shortcut_in_scope (widget, GTK_SHORTCUT_SCOPE_MANAGED, collect_cb, keys);
      foreach_shortcut_in_scope (widget, GTK_SHORTCUT_SCOPE_LOCAL, collect_ours_cb, keys);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_tree (child, keys);
}

static gboolean
listed (GArray         *listed_keys,
        const Key      *key)
{
  for (guint i = 0; i < listed_keys->len; i++)
    {
      const Key *other = &g_array_index (listed_keys, Key, i);

      if (other->keyval == key->keyval && other->modifiers == key->modifiers)
        return TRUE;
    }
  return FALSE;
}

/* Every key the window and its pages answer (their own bindings and the
 * window's managed page shortcuts) has a line in the shortcuts window
 * with that key; and each line shows a key. */
static void
test_shortcuts_window_lists_all (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/partnerdesk/PartnerDesk/gui/pd-help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  g_autoptr(GArray) installed = g_array_new (FALSE, FALSE, sizeof (Key));
  g_autoptr(GArray) documented = g_array_new (FALSE, FALSE, sizeof (Key));
  PdContext *context;
  PdWindow *window;
  guint missing = 0;

  GUI_TEST_REQUIRE_DISPLAY ();

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;
      g_auto(GStrv) parts = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "title", &title, NULL);
      if (accelerator == NULL || accelerator[0] == '\0')
        g_error ("“%s” in the shortcuts window shows no keys", title);
      parts = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          Key key = { 0 };

          g_assert_true (gtk_accelerator_parse (parts[i], &key.keyval, &key.modifiers));
          key.keyval = normal_keyval (key.keyval);
          g_array_append_val (documented, key);
        }
    }
  g_assert_cmpuint (documented->len, >, 20);

  context = gui_test_context_new ();
  window = new_window (context);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const pages[] = { "overview", "merchants", "links" };

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      gui_test_run_for (200);
    }
  collect_tree (GTK_WIDGET (window), installed);
  /* Alt+1..6, Ctrl+W, F5, Ctrl+Shift+E, Ctrl+F, Ctrl+L, Ctrl+C, Delete... */
  g_assert_cmpuint (installed->len, >=, 15);
  for (guint i = 0; i < installed->len; i++)
    {
      Key *key = &g_array_index (installed, Key, i);

      if (!listed (documented, key))
        {
          g_printerr ("# not in the shortcuts window: %s\n", key->where);
          missing++;
        }
    }
  for (guint i = 0; i < installed->len; i++)
    g_free (g_array_index (installed, Key, i).where);
  g_assert_cmpuint (missing, ==, 0);

  gui_test_destroy_window (GTK_WINDOW (window));
  gui_test_context_free (context);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/keyboard/page-shortcuts-window-wide", test_page_shortcuts_window_wide);
  g_test_add_func ("/keyboard/shortcuts-window-lists-all", test_shortcuts_window_lists_all);
  return gui_test_run ();
}
