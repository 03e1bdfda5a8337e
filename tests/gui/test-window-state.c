/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window-state"

#include "config.h"

#include "gui-test-utils.h"
#include "pd-window.h"

/* The window restores its size from GSettings and saves it when closed
 * (GSETTINGS_BACKEND=memory: nothing touches the user's settings). */

static void
reset_settings (GSettings *settings)
{
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_weak_notify_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
} Size;

/* The window's surface has the size asked for (its widget is a little
 * smaller: the client-side decorations' border). */
static gboolean
has_size (gpointer data)
{
  Size *size = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (size->widget));

  return surface != NULL && gdk_surface_get_width (surface) == size->width &&
         gdk_surface_get_height (surface) == size->height;
}

/* Closing (not destroying) goes through close-request, as the user's
 * close button, Ctrl+W and app.quit do. */
static void
close_window (GtkWindow *window)
{
  gboolean finalized = FALSE;

  g_object_weak_ref (G_OBJECT (window), on_weak_notify_cb, &finalized);
  gtk_window_close (window);
  pd_test_wait_until (is_true, &finalized, 5000);
}

static void
test_restore_size (void)
{
  PdContext *context;
  GSettings *settings;
  PdWindow *window;
  int width = 0, height = 0;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  settings = pd_context_get_settings (context);
  reset_settings (settings);
  g_settings_set_int (settings, "window-width", 800);
  g_settings_set_int (settings, "window-height", 500);

  window = pd_window_new (NULL, context);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 500);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));

  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, window, 5000);
  close_window (GTK_WINDOW (window));

  reset_settings (settings);
  gui_test_context_free (context);
}

static void
test_save_size_on_close (void)
{
  PdContext *context;
  GSettings *settings;
  PdWindow *window;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  settings = pd_context_get_settings (context);
  reset_settings (settings);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 720);

  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, window, 5000);

  /* What a user's resize does to the size GTK reports. */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  pd_test_wait_until (has_size, (&(Size) { GTK_WIDGET (window), 900, 600 }), 5000);
  close_window (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window, e.g. at the next start, comes back at that size. */
  window = pd_window_new (NULL, context);
  {
    int width = 0, height = 0;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 600);
  }
  gui_test_destroy_window (GTK_WINDOW (window));

  reset_settings (settings);
  gui_test_context_free (context);
}

/* A settings object of another context sees the change: it went through
 * GSettings, not a private copy. */
static void
test_saved_through_gsettings (void)
{
  PdContext *context;
  g_autoptr(GSettings) other = NULL;
  PdWindow *window;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  reset_settings (pd_context_get_settings (context));
  other = g_settings_new (APP_ID);

  window = pd_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_wait_until (gui_test_is_mapped, window, 5000);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  pd_test_wait_until (has_size, (&(Size) { GTK_WIDGET (window), 640, 480 }), 5000);
  close_window (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (other, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (other, "window-height"), ==, 480);

  reset_settings (other);
  gui_test_context_free (context);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  if (g_strcmp0 (g_getenv ("GSETTINGS_BACKEND"), "memory") != 0)
    {
      g_printerr ("test-window-state: GSETTINGS_BACKEND must be “memory”; refusing to touch the user’s settings\n");
      return 77;
    }

  g_test_add_func ("/window-state/restore-size", test_restore_size);
  g_test_add_func ("/window-state/save-size-on-close", test_save_size_on_close);
  g_test_add_func ("/window-state/saved-through-gsettings", test_saved_through_gsettings);

  return gui_test_run ();
}
