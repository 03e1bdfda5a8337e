/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hello-first-frame"

/* The baseline of the first-frame benchmark (bench-first-frame.py): a
 * bare GTK 4 "hello world" window, printing the monotonic time of its
 * first painted frame exactly as Partner Desk does with
 * PARTNERDESK_BENCH_FIRST_FRAME=1, then quitting. */

#include <gtk/gtk.h>

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
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), "Hello");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Hello, world"));
  gtk_widget_realize (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.partnerdesk.HelloFirstFrame",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
