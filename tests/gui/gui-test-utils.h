/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"
#include "pd-overview-page.h"
#include "tests/pd-test-wait.h"

G_BEGIN_DECLS

/* Helpers shared by the widget tests. Every test program calls
 * gui_test_init() and gui_test_run(), and starts each test case with GUI_TEST_REQUIRE_DISPLAY().
 *
 * Without a usable display gui_test_init() does not return: the program
 * fails (exit 1, naming what is missing), or with PARTNERDESK_ALLOW_SKIP=1
 * prints a TAP skip and exits 0, before any case or fixture runs. */

gboolean   gui_test_init               (int          *argc,
                                        char       ***argv);
gboolean   gui_test_has_display        (void);
/* g_test_run(), then removes the test's temporary XDG directories. */
int        gui_test_run                (void);

/* A context over a new store in a fresh temporary directory; free it with
 * gui_test_context_free(), which also deletes the directory. */
PdContext *gui_test_context_new        (void);
void       gui_test_context_free       (PdContext    *context);

/* Runs the default main context until condition (data) is true or
 * timeout_ms passed (times PARTNERDESK_TEST_TIMEOUT_FACTOR when set: ./run
 * asan sets 3); returns the last value of condition. Before an
 * assertion, pd_test_wait_until () (tests/pd-test-wait.h) says what it
 * waited for when it fails. */
gboolean   gui_test_wait_for           (gboolean    (*condition) (gpointer data),
                                        gpointer      data,
                                        guint         timeout_ms);

/* A condition for pd_test_wait_until (): the widget is mapped (its
 * window presented and shown). */
gboolean   gui_test_is_mapped          (gpointer      widget);

/* Runs the main context for about ms milliseconds. Only for proving that
 * something does NOT happen within a period; to wait for something, use
 * pd_test_wait_until(). */
void       gui_test_run_for            (guint         ms);

/* Whether a library whose file name starts with @name is mapped into
 * this process (the app loads some only when first used). */
gboolean   gui_test_library_loaded     (const char   *name);

/* The first descendant of root (root included) of the given type for
 * which match (when not NULL) returns TRUE, depth first. */
GtkWidget *gui_test_find_widget        (GtkWidget    *root,
                                        GType         type,
                                        gboolean    (*match) (GtkWidget *widget,
                                                              gpointer   data),
                                        gpointer      data);

/* Destroys the window and runs the main loop until it is finalized. */
void       gui_test_destroy_window     (GtkWindow    *window);

#define GUI_TEST_REQUIRE_DISPLAY() \
  G_STMT_START { \
    if (!gui_test_has_display ()) \
      { \
        g_test_fail_printf ("no display: gui_test_init() was not called or did not check"); \
        return; \
      } \
  } G_STMT_END

/* The Overview's widget or object @name (pd_overview_page_get_object()),
 * which must exist. */
GtkWidget *gui_test_overview_child    (PdOverviewPage *page,
                                       const char     *name);

G_END_DECLS
