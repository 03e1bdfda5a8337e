/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-requests-gui"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "pd-requests-page.h"

/* The Requests page on a big store (run by bench-requests.py on an Xvfb
 * display): a 1100x720 window with a view stack whose visible page is a
 * label and whose other page is the Requests page, not yet shown. The
 * switch's time runs from making the Requests page visible to the end of
 * the first frame painted with its first page of rows, in wall clock and
 * in the CPU time of the process (all its threads: on a shared machine
 * the wall clock also counts the other builds'); then each filter and
 * order change (the state, type, category and order dropdowns) until
 * the next frame that paints the list. Prints "name value" lines and the
 * process's peak RSS. */

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

static gboolean painted;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  painted = TRUE;
}

static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  double *v = (double *) (void *) times->data;

  if (times->len == 0)
    return 0;
  qsort (v, times->len, sizeof (double), compare_doubles);
  return times->len % 2 ? v[times->len / 2] : (v[times->len / 2 - 1] + v[times->len / 2]) / 2;
}

static void
change (GtkWidget   *window,
        GtkWidget   *page,
        const char  *child,
        guint        position,
        GArray      *times,
        GArray      *cpu_times)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (page, PD_TYPE_REQUESTS_PAGE, child));
  double start, cpu_start, ms, cpu;

  if (position >= g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)))
    return;
  start = now_ms ();
  cpu_start = cpu_ms ();
  gtk_drop_down_set_selected (dropdown, position);
  wait_for_frame (window);
  ms = now_ms () - start;
  cpu = cpu_ms () - cpu_start;
  g_array_append_val (times, ms);
  g_array_append_val (cpu_times, cpu);
  printf ("# %s = %u: %.1f ms (CPU %.1f ms), %u rows\n", child, position, ms, cpu,
          g_list_model_get_n_items (pd_requests_page_get_model (PD_REQUESTS_PAGE (page))));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdContext) context = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window, *stack, *page;
  struct rusage usage;
  double start, cpu_start;

  if (argc != 2)
    {
      g_printerr ("usage: %s STORE (on a display)\n", argv[0]);
      return 2;
    }
  g_setenv ("GTK_A11Y", "none", FALSE);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-requests-gui: no display\n");
      return 77;
    }
  adw_init ();

  store = pd_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("bench-requests-gui: %s\n", error->message);
      return 1;
    }
  context = pd_context_new (store);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  stack = adw_view_stack_new ();
  adw_view_stack_add_named (ADW_VIEW_STACK (stack), gtk_label_new ("Overview"), "overview");
  page = pd_requests_page_new (context);
  adw_view_stack_add_named (ADW_VIEW_STACK (stack), page, "requests");
  gtk_window_set_child (GTK_WINDOW (window), stack);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (window);

  start = now_ms ();
  cpu_start = cpu_ms ();
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "requests");
  wait_for_frame (window);
  printf ("gui_switch_to_first_rows_ms %.1f\n", now_ms () - start);
  printf ("gui_switch_to_first_rows_cpu_ms %.1f\n", cpu_ms () - cpu_start);
  printf ("gui_rows %u\n", g_list_model_get_n_items (pd_requests_page_get_model (PD_REQUESTS_PAGE (page))));

  /* The floor: a frame that repaints the window with nothing changed. */
  {
    g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < 9; i++)
      {
        double ms;

        start = now_ms ();
        wait_for_frame (window);
        ms = now_ms () - start;
        g_array_append_val (idle, ms);
      }
    printf ("gui_unchanged_frame_median_ms %.1f\n", median (idle));
  }

  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 1; i < 6; i++)
        change (window, page, "status_dropdown", i, times, cpu_times);
      change (window, page, "status_dropdown", 0, times, cpu_times);
      for (guint i = 1; i < 3; i++)
        change (window, page, "type_dropdown", i, times, cpu_times);
      change (window, page, "type_dropdown", 0, times, cpu_times);
      for (guint i = 1; i < 6; i++)
        change (window, page, "category_dropdown", i, times, cpu_times);
      change (window, page, "category_dropdown", 0, times, cpu_times);
      for (guint i = 1; i < 3; i++)
        change (window, page, "sort_dropdown", i, times, cpu_times);
      change (window, page, "sort_dropdown", 0, times, cpu_times);
    }
  printf ("gui_filter_sort_median_ms %.1f\n", median (times));
  printf ("gui_filter_sort_cpu_median_ms %.1f\n", median (cpu_times));
  printf ("gui_filter_sort_max_ms %.1f\n", ((double *) (void *) times->data)[times->len - 1]);

  getrusage (RUSAGE_SELF, &usage);
  printf ("gui_peak_rss_mb %.0f\n", (double) usage.ru_maxrss / 1024.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
