/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-merchants-gui"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "pd-merchants-page.h"

/* The Merchants page itself on a big store (run by bench-merchants.py on
 * an Xvfb display, after "bench-merchants rebuild"): a 1100x720 window
 * with the page, the background refresh the page starts waited for,
 * then search keystrokes typed one character at a time into the search
 * entry. A keystroke's time runs from the character's insertion to the
 * end of the next frame that paints the list (the frame clock's
 * after-paint): the visible rows updated on screen ("#" lines give its
 * main thread's CPU time beside). Then the first
 * window sorted by each column through its header. Prints "name value"
 * lines like bench-merchants.c, and the process's peak RSS. */

#define REFRESH_TIMEOUT_S 600

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

/* The main thread's CPU time (user + system), for a keystroke's share
 * (not the page's background refresh, which runs in a thread). */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static gboolean painted;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  painted = TRUE;
}

/* Runs the main loop until a frame was painted after now. */
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
type_text (GtkWidget  *window,
           GtkEditable *entry,
           const char  *text,
           GArray      *times)
{
  gtk_editable_set_text (entry, "");
  wait_for_frame (window);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *character = g_strndup (p, (gsize) (g_utf8_next_char (p) - p));
      int position = -1;
      double start = now_ms (), cpu = cpu_ms (), ms;

      gtk_editable_set_position (entry, -1);
      position = gtk_editable_get_position (entry);
      gtk_editable_insert_text (entry, character, -1, &position);
      wait_for_frame (window);
      ms = now_ms () - start;
      g_array_append_val (times, ms);
      printf ("# keystroke “%s”: %.1f ms (CPU %.1f ms)\n", gtk_editable_get_text (entry), ms, cpu_ms () - cpu);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char * const default_queries[] = {
    "Seller 4711", "Seller 815", "Brand77", "深圳市北极", "义乌", "华美科技", "7000000000471", NULL
  };
  const char * const *queries = default_queries;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdContext) context = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window, *page;
  GtkEditable *entry;
  GtkColumnView *view;
  struct rusage usage;
  double start, worst_sort = 0;

  if (argc < 2)
    {
      g_printerr ("usage: %s STORE [QUERY...] (on a display)\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    queries = (const char * const *) argv + 2;
  g_setenv ("GTK_A11Y", "none", FALSE);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-merchants-gui: no display\n");
      return 77;
    }
  adw_init ();

  store = pd_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("bench-merchants-gui: %s\n", error->message);
      return 1;
    }
  context = pd_context_new (store);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  start = now_ms ();
  page = pd_merchants_page_new (context);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (window);
  printf ("gui_first_frame_ms %.1f\n", now_ms () - start);

  /* Searchable at once, while the refresh the page starts (verdicts as
   * of now, the search keys) still runs: the first query's first word. */
  entry = GTK_EDITABLE (gtk_widget_get_template_child (page, PD_TYPE_MERCHANTS_PAGE, "search_entry"));
  {
    g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
    g_autofree char *word = g_strndup (queries[0], strcspn (queries[0], " "));

    type_text (window, entry, word, first);
    printf ("gui_first_search_ms %.1f\n", ((double *) (void *) first->data)[0]);
    printf ("gui_first_search_rows %u\n",
            g_list_model_get_n_items (pd_merchants_page_get_model (PD_MERCHANTS_PAGE (page))));
    gtk_editable_set_text (entry, "");
    wait_for_frame (window);
  }

  /* The refresh the page starts (verdicts as of now) runs first. */
  start = now_ms ();
  while (pd_merchants_page_get_refreshing (PD_MERCHANTS_PAGE (page)) &&
         now_ms () - start < REFRESH_TIMEOUT_S * 1000.0)
    g_main_context_iteration (NULL, TRUE);
  printf ("gui_background_refresh_s %.1f\n", (now_ms () - start) / 1000.0);
  printf ("gui_rows %u\n", g_list_model_get_n_items (pd_merchants_page_get_model (PD_MERCHANTS_PAGE (page))));

  for (guint i = 0; queries[i] != NULL; i++)
    type_text (window, entry, queries[i], times);
  printf ("gui_keystroke_median_ms %.1f\n", median (times));
  printf ("gui_keystroke_max_ms %.1f\n", ((double *) (void *) times->data)[times->len - 1]);
  gtk_editable_set_text (entry, "");
  wait_for_frame (window);

  view = pd_merchants_page_get_column_view (PD_MERCHANTS_PAGE (page));
  for (guint c = 0; c < g_list_model_get_n_items (gtk_column_view_get_columns (view)); c++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (view), c);

      for (int descending = 0; descending < 2; descending++)
        {
          double ms;

          start = now_ms ();
          gtk_column_view_sort_by_column (view, column, descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
          wait_for_frame (window);
          ms = now_ms () - start;
          worst_sort = MAX (worst_sort, ms);
          printf ("# sort by “%s” %s: %.1f ms\n", gtk_column_view_column_get_title (column),
                  descending ? "descending" : "ascending", ms);
        }
    }
  printf ("gui_sort_max_ms %.1f\n", worst_sort);

  getrusage (RUSAGE_SELF, &usage);
  printf ("gui_peak_rss_mb %.0f\n", (double) usage.ru_maxrss / 1024.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
