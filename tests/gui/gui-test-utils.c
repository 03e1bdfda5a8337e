/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gui-test"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gui-test-utils.h"
#include "../pd-test-prereq.h"

static gboolean has_display;
static char *home_dir;

static void remove_tree (const char *path);

gboolean
gui_test_init (int    *argc,
               char ***argv)
{
  g_autoptr(GError) error = NULL;
  static const char * const xdg_dirs[][2] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };

  /* The user's own directories stay untouched (the application's default
   * store lives in XDG_DATA_HOME). Not G_TEST_OPTION_ISOLATE_DIRS: it
   * also hides XDG_DATA_DIRS, and with them the icon theme. */
  home_dir = g_dir_make_tmp ("pd-gui-test-home-XXXXXX", &error);
  if (home_dir == NULL)
    g_error ("Cannot create a temporary directory for the test’s XDG directories: %s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (xdg_dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home_dir, xdg_dirs[i][1], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (xdg_dirs[i][0], dir, TRUE);
    }

  g_test_init (argc, argv, NULL);

  /* The widget tests run without a session bus (the end-to-end tests
   * cover accessibility): keep GTK from looking for the AT-SPI bus. */
  g_setenv ("GTK_A11Y", "none", FALSE);

  has_display = gtk_init_check ();
  if (has_display)
    {
      adw_init ();
      return TRUE;
    }

  /* No display: decided here, before any case (or fixture) builds a
   * widget. A failure unless skips were asked for (pd-test-prereq.h). */
  {
    const char *display = g_getenv ("DISPLAY");
    g_autofree char *what = g_strdup_printf (
        "no usable display (DISPLAY=%s): run under tests/gui/xvfb-wrapper.sh "
        "(Debian packages xvfb and xauth)", display != NULL ? display : "unset");

    if (home_dir != NULL)
      remove_tree (home_dir);
    if (pd_test_allow_skip ())
      {
        g_print ("1..0 # SKIP %s\n", what);
        exit (0);
      }
    g_print ("Bail out! %s; PARTNERDESK_ALLOW_SKIP=1 skips instead\n", what);
    g_printerr ("%s: %s; PARTNERDESK_ALLOW_SKIP=1 skips instead\n", g_get_prgname (), what);
    exit (1);
  }
}

int
gui_test_run (void)
{
  int status = g_test_run ();

  if (home_dir != NULL)
    remove_tree (home_dir);
  g_clear_pointer (&home_dir, g_free);
  return status;
}

gboolean
gui_test_has_display (void)
{
  return has_display;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

PdContext *
gui_test_context_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("pd-gui-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(PdStore) store = NULL;
  PdContext *context;

  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "store.db", NULL);
  store = pd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  context = pd_context_new (store);
  g_object_set_data_full (G_OBJECT (context), "gui-test-tmpdir",
                          g_steal_pointer (&tmpdir), g_free);
  return context;
}

void
gui_test_context_free (PdContext *context)
{
  g_autofree char *tmpdir = NULL;

  if (context == NULL)
    return;
  tmpdir = g_strdup (g_object_get_data (G_OBJECT (context), "gui-test-tmpdir"));
  g_object_unref (context);
  if (tmpdir != NULL)
    remove_tree (tmpdir);
}

gboolean
gui_test_wait_for (gboolean (*condition) (gpointer data),
                   gpointer   data,
                   guint      timeout_ms)
{
  return pd_test_spin_until (condition, data, timeout_ms);
}

gboolean
gui_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
gui_test_run_for (guint ms)
{
  pd_test_spin_until (never, NULL, ms);
}

GtkWidget *
gui_test_find_widget (GtkWidget  *root,
                      GType       type,
                      gboolean  (*match) (GtkWidget *widget,
                                          gpointer   data),
                      gpointer    data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gui_test_find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_weak_notify_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  gboolean *finalized = data;

  *finalized = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
gui_test_destroy_window (GtkWindow *window)
{
  gboolean finalized = FALSE;

  g_object_weak_ref (G_OBJECT (window), on_weak_notify_cb, &finalized);
  gtk_window_destroy (window);
  pd_test_wait_until (is_true, &finalized, 5000);
}

GtkWidget *
gui_test_overview_child (PdOverviewPage *page,
                         const char     *name)
{
  GObject *object = pd_overview_page_get_object (page, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

gboolean
gui_test_library_loaded (const char *name)
{
  g_autofree char *maps = NULL;
  g_autofree char *pattern = g_strconcat ("/", name, NULL);

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, pattern) != NULL;
}
