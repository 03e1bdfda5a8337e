/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-merchants"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "pd-merchant-index.h"
#include "pd-merchant-refresh.h"
#include "pd-timestamp.h"

/* The Merchants page's store side on a big store (bench-merchants.py
 * makes one), one measurement per process so that each peak RSS is its
 * own:
 *
 *   bench-merchants rebuild STORE   the materialized rows from scratch,
 *                                   then an in-place refresh
 *   bench-merchants query STORE     search keystrokes, sorts, scrolling
 *
 * Prints "name value" lines (milliseconds unless the name says) that
 * the driver reads. */

#define AS_OF_TEXT "2026-04-15T12:00:00+08:00"
#define WINDOW 64

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_maxrss / 1024.0;
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

  qsort (v, times->len, sizeof (double), compare_doubles);
  if (times->len == 0)
    return 0;
  return times->len % 2 ? v[times->len / 2] : (v[times->len / 2 - 1] + v[times->len / 2]) / 2;
}

static gint64
as_of (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 t = 0;

  if (!pd_timestamp_parse (AS_OF_TEXT, utc, &t, NULL))
    g_error ("Cannot parse %s", AS_OF_TEXT);
  return t;
}

static int
run_rebuild (const char *path)
{
  g_autoptr(GError) error = NULL;
  PdMerchantRefreshStats stats;

  if (!pd_merchant_refresh (path, as_of (), PD_MERCHANT_REFRESH_REBUILD, NULL, NULL, &stats, &error))
    {
      g_printerr ("bench-merchants: rebuild failed: %s\n", error->message);
      return 1;
    }
  printf ("rebuild_s %.2f\n", stats.seconds);
  printf ("rows %" G_GUINT64_FORMAT "\n", stats.rows);
  printf ("search_keys %" G_GUINT64_FORMAT "\n", stats.keys);

  if (!pd_merchant_refresh (path, as_of (), PD_MERCHANT_REFRESH_DEFAULT, NULL, NULL, &stats, &error))
    {
      g_printerr ("bench-merchants: refresh failed: %s\n", error->message);
      return 1;
    }
  printf ("refresh_in_place_s %.2f\n", stats.seconds);
  printf ("refresh_updated %" G_GUINT64_FORMAT "\n", stats.updated);
  printf ("rebuild_peak_rss_mb %.0f\n", peak_rss_mb ());
  return 0;
}

/* One keystroke: the count and the first window, as the list model asks. */
static double
keystroke (PdMerchantIndex *index,
           PdMerchantQuery *query,
           const char      *text,
           guint           *total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  double start = now_ms ();

  g_free (query->search);
  query->search = g_strdup (text);
  if (!pd_merchant_index_query (index, query, 0, WINDOW, total, &rows, &error))
    g_error ("Query “%s” failed: %s", text, error->message);
  return now_ms () - start;
}

/* Types @text one character at a time; returns the times. */
static void
type_text (PdMerchantIndex *index,
           const char      *text,
           GArray          *times,
           gboolean         verbose)
{
  PdMerchantQuery query;

  pd_merchant_query_init (&query);
  for (const char *p = g_utf8_next_char (text); ; p = g_utf8_next_char (p))
    {
      g_autofree char *prefix = g_strndup (text, (gsize) (p - text));
      guint total = 0;
      double ms = keystroke (index, &query, prefix, &total);

      g_array_append_val (times, ms);
      if (verbose)
        printf ("# keystroke “%s”: %u rows, %.2f ms\n", prefix, total, ms);
      if (*p == '\0')
        break;
    }
  pd_merchant_query_clear (&query);
}

static int
run_query (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (path, &error);
  g_autoptr(PdMerchantIndex) index = NULL;
  g_autoptr(GArray) latin = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) chinese = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (double));
  static const char * const latin_queries[] = { "Seller 4711", "Seller 815", "Brand77", "bd1234@" };
  static const char * const chinese_queries[] = { "深圳市北极", "义乌", "华美科技", "杭州晨光" };
  PdMerchantQuery query;
  double worst_sort = 0, start;
  guint total = 0;

  if (store == NULL)
    {
      g_printerr ("bench-merchants: %s\n", error->message);
      return 1;
    }
  index = pd_merchant_index_new (store);

  /* Opening the page: the count and the first window, default sort. */
  pd_merchant_query_init (&query);
  start = now_ms ();
  if (!pd_merchant_index_query (index, &query, 0, WINDOW, &total, NULL, &error))
    g_error ("%s", error->message);
  {
    g_autoptr(GPtrArray) rows = NULL;

    if (!pd_merchant_index_query (index, &query, 0, WINDOW, &total, &rows, &error))
      g_error ("%s", error->message);
  }
  printf ("first_window_ms %.1f\n", now_ms () - start);
  printf ("rows %u\n", total);
  pd_merchant_query_clear (&query);

  for (guint i = 0; i < G_N_ELEMENTS (latin_queries); i++)
    type_text (index, latin_queries[i], latin, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (chinese_queries); i++)
    type_text (index, chinese_queries[i], chinese, TRUE);
  type_text (index, "7000000000471", ids, TRUE);
  g_array_append_vals (all, latin->data, latin->len);
  g_array_append_vals (all, chinese->data, chinese->len);
  g_array_append_vals (all, ids->data, ids->len);
  printf ("keystroke_latin_median_ms %.2f\n", median (latin));
  printf ("keystroke_chinese_median_ms %.2f\n", median (chinese));
  printf ("keystroke_id_median_ms %.2f\n", median (ids));
  printf ("keystroke_median_ms %.2f\n", median (all));
  printf ("keystroke_max_ms %.2f\n", ((double *) (void *) all->data)[all->len - 1]);

  /* Each sort, first time (reading the column's order) and flipped. */
  for (PdMerchantColumn column = 0; column < PD_MERCHANT_N_COLUMNS; column++)
    {
      for (int descending = 0; descending < 2; descending++)
        {
          g_autoptr(GPtrArray) rows = NULL;
          double ms;

          pd_merchant_query_init (&query);
          query.sort = column;
          query.descending = descending;
          start = now_ms ();
          if (!pd_merchant_index_query (index, &query, 0, WINDOW, &total, &rows, &error))
            g_error ("%s", error->message);
          ms = now_ms () - start;
          worst_sort = MAX (worst_sort, ms);
          printf ("sort_%s_%s_ms %.1f\n", pd_merchant_column_to_string (column),
                  descending ? "desc" : "asc", ms);
          pd_merchant_query_clear (&query);
        }
    }
  printf ("sort_max_ms %.1f\n", worst_sort);

  /* A sort under a search and a filter, and a deep scroll. */
  pd_merchant_query_init (&query);
  query.search = g_strdup ("seller 1");
  query.verdict = PD_MERCHANT_VERDICT_PENDING;
  query.sort = PD_MERCHANT_COLUMN_DEADLINE;
  start = now_ms ();
  {
    g_autoptr(GPtrArray) rows = NULL;

    if (!pd_merchant_index_query (index, &query, 0, WINDOW, &total, &rows, &error))
      g_error ("%s", error->message);
  }
  printf ("search_filter_sort_ms %.1f\n", now_ms () - start);
  start = now_ms ();
  {
    g_autoptr(GPtrArray) rows = NULL;

    if (!pd_merchant_index_query (index, &query, total / 2, WINDOW, &total, &rows, &error))
      g_error ("%s", error->message);
  }
  printf ("scroll_middle_filtered_ms %.2f\n", now_ms () - start);
  pd_merchant_query_clear (&query);

  pd_merchant_query_init (&query);
  start = now_ms ();
  {
    g_autoptr(GPtrArray) rows = NULL;

    if (!pd_merchant_index_query (index, &query, 500000, WINDOW, &total, &rows, &error))
      g_error ("%s", error->message);
  }
  printf ("scroll_middle_ms %.2f\n", now_ms () - start);
  pd_merchant_query_clear (&query);

  printf ("query_peak_rss_mb %.0f\n", peak_rss_mb ());
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  if (argc != 3 || (strcmp (argv[1], "rebuild") != 0 && strcmp (argv[1], "query") != 0))
    {
      g_printerr ("usage: %s rebuild|query STORE\n", argv[0]);
      return 2;
    }
  return strcmp (argv[1], "rebuild") == 0 ? run_rebuild (argv[2]) : run_query (argv[2]);
}
