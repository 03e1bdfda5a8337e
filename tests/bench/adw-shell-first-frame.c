/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "adw-shell-first-frame"

/* A second baseline of the first-frame benchmark (bench-first-frame.py):
 * the empty shell that Partner Desk's window is made of, with nothing of
 * Partner Desk in it. An AdwApplication, an AdwApplicationWindow of the
 * same size, a header bar with a view switcher over five empty pages
 * with the same titles and icons, the main menu button, and the narrow
 * switcher bar. It prints the monotonic time of its first painted frame
 * (and the CPU time spent by then) as hello-first-frame does, and quits.
 * Its ratio to the bare GTK window is the floor that libadwaita's shell
 * sets on the same machine. */

#include <adwaita.h>

#include "pd-first-frame-report.h"

static void
on_after_paint_cb (GdkFrameClock  *clock,
                   GtkApplication *app)
{
  pd_first_frame_report ();
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, app);
  g_application_quit (G_APPLICATION (app));
}

static void
on_activate_cb (GtkApplication *app)
{
  static const char * const pages[][2] = {
    { "Overview", "view-grid-symbolic" },
    { "Merchants", "system-users-symbolic" },
    { "Links", "insert-link-symbolic" },
    { "Services", "view-list-bullet-symbolic" },
    { "Requests", "mail-unread-symbolic" },
  };
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *stack = adw_view_stack_new ();
  GtkWidget *title = adw_view_switcher_title_new ();
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *bar = adw_view_switcher_bar_new ();

  gtk_window_set_title (GTK_WINDOW (window), "Shell");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    adw_view_stack_add_titled_with_icon (ADW_VIEW_STACK (stack), adw_bin_new (),
                                         pages[i][0], pages[i][0], pages[i][1]);
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (title), ADW_VIEW_STACK (stack));
  adw_view_switcher_title_set_title (ADW_VIEW_SWITCHER_TITLE (title), "Shell");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "open-menu-symbolic");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu);
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (bar), ADW_VIEW_STACK (stack));
  gtk_widget_set_vexpand (stack, TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), stack);
  gtk_box_append (GTK_BOX (box), bar);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  gtk_widget_realize (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.partnerdesk.AdwShellFirstFrame",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
