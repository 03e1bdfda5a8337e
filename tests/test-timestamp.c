/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-timestamp"

#include "pd-timestamp.h"
#include "pd-value-error.h"

#include <string.h>

/* Expected values computed independently with GNU date, e.g.
 * date -u -d 2026-03-31T23:59:59+08:00 +%s. */
#define END_OF_Q1_SHANGHAI   G_GINT64_CONSTANT (1774972799) /* 2026-03-31T23:59:59+08:00 */
#define START_OF_Q2_SHANGHAI G_GINT64_CONSTANT (1774972800) /* 2026-04-01T00:00:00+08:00 */

static GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  if (tz == NULL)
    g_error ("time zone %s is not installed (tzdata)", identifier);

  return tz;
}

static gint64
parse_ok (const char *text,
          GTimeZone  *default_zone)
{
  g_autoptr(GError) error = NULL;
  gint64 unix_seconds = G_MININT64;

  if (!pd_timestamp_parse (text, default_zone, &unix_seconds, &error))
    g_error ("“%s” should parse: %s", text, error->message);

  return unix_seconds;
}

static void
assert_refused (const char *text,
                GTimeZone  *default_zone,
                int         code)
{
  g_autoptr(GError) error = NULL;
  gint64 unix_seconds = 42;

  if (pd_timestamp_parse (text, default_zone, &unix_seconds, &error))
    g_error ("“%s” should be refused, got %" G_GINT64_FORMAT, text, unix_seconds);

  g_assert_error (error, PD_VALUE_ERROR, code);
  g_assert_cmpint (unix_seconds, ==, 42);
  /* Every message says what was expected. */
  g_assert_true (strstr (error->message, "2026-01-15") != NULL ||
                 strstr (error->message, "00 to 23") != NULL ||
                 strstr (error->message, "+08:00") != NULL ||
                 strstr (error->message, "does not exist") != NULL ||
                 strstr (error->message, "no month") != NULL);
}

static void
test_forms_around_quarter_end (void)
{
  g_autoptr(GTimeZone) shanghai = zone ("Asia/Shanghai");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *last_second[] = {
    "2026-03-31T23:59:59+08:00",
    "2026-03-31T23:59:59+0800",
    "2026-03-31T23:59:59+08",
    "2026-03-31 23:59:59+08:00",
    "2026-03-31t23:59:59+08:00",
    "2026-03-31T15:59:59Z",
    "2026-03-31T15:59:59z",
    "2026-03-31T15:59:59+00:00",
    "2026-03-31T15:59:59-00:00",
    "2026-03-31T17:59:59+02:00",
    "2026-03-31T10:59:59-05:00",
    "2026-03-31T21:29:59+05:30",
    "2026-04-01T04:44:59+12:45",
    "2026-03-31T23:59:59",           /* platform time: Shanghai */
    "2026-03-31 23:59:59",
    "2026-03-31T23:59:59.999+08:00", /* floored, stays in Q1 */
    "2026-03-31T23:59:59,5+08:00",
    "2026-03-31T23:59:59.999999999",
    "2026-03-31T15:59:59.9Z",
    "  2026-03-31T23:59:59+08:00\u3000",
  };
  const char *first_second[] = {
    "2026-04-01T00:00:00+08:00",
    "2026-04-01",
    "2026-04-01T00:00",
    "2026-04-01 00:00:00",
    "2026-03-31T16:00:00Z",
    "2026-03-31T16:00:00.000Z",
    "2026-03-31T12:00-04:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (last_second); i++)
    {
      g_test_message ("%s", last_second[i]);
      g_assert_cmpint (parse_ok (last_second[i], shanghai), ==, END_OF_Q1_SHANGHAI);
    }

  for (guint i = 0; i < G_N_ELEMENTS (first_second); i++)
    {
      g_test_message ("%s", first_second[i]);
      g_assert_cmpint (parse_ok (first_second[i], shanghai), ==, START_OF_Q2_SHANGHAI);
    }

  /* The default zone only matters without an offset. */
  g_assert_cmpint (parse_ok ("2026-03-31T23:59:59+08:00", utc), ==, END_OF_Q1_SHANGHAI);
  g_assert_cmpint (parse_ok ("2026-03-31T23:59:59", utc), ==, END_OF_Q1_SHANGHAI + 8 * 3600);
  g_assert_cmpint (parse_ok ("2026-03-31", shanghai), ==, G_GINT64_CONSTANT (1774886400));
  g_assert_cmpint (parse_ok ("2026-01-15T09:30:00+08:00", NULL), ==, G_GINT64_CONSTANT (1768440600));
  g_assert_cmpint (parse_ok ("2026-01-15T09:30+08:00", NULL), ==, G_GINT64_CONSTANT (1768440600));
}

static void
test_edges_of_calendar (void)
{
  g_autoptr(GTimeZone) shanghai = zone ("Asia/Shanghai");

  g_assert_cmpint (parse_ok ("1970-01-01T00:00:00Z", NULL), ==, 0);
  g_assert_cmpint (parse_ok ("1969-12-31T23:59:59Z", NULL), ==, -1);
  /* Floored, not truncated toward zero, before 1970 too. */
  g_assert_cmpint (parse_ok ("1969-12-31T23:59:59.5Z", NULL), ==, -1);
  g_assert_cmpint (parse_ok ("0001-01-01T00:00:00Z", NULL), ==, G_GINT64_CONSTANT (-62135596800));
  g_assert_cmpint (parse_ok ("9999-12-31T23:59:59Z", NULL), ==, G_GINT64_CONSTANT (253402300799));

  /* Leap day 2028-02-29. */
  g_assert_cmpint (parse_ok ("2028-02-29", shanghai), ==, G_GINT64_CONSTANT (1835366400));
  g_assert_cmpint (parse_ok ("2028-02-29T12:00:00Z", NULL), ==, G_GINT64_CONSTANT (1835438400));
  g_assert_cmpint (parse_ok ("2028-03-01T00:00:00+08:00", NULL), ==, G_GINT64_CONSTANT (1835452800));
  g_assert_cmpint (pd_timestamp_day_end (2028, 2, 29, shanghai), ==,
                   G_GINT64_CONSTANT (1835452800) - 1);
  g_assert_cmpint (parse_ok ("2000-02-29T00:00:00Z", NULL), ==, G_GINT64_CONSTANT (951782400));

  assert_refused ("2026-02-29", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2100-02-29T00:00:00Z", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-02-30", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-04-31T10:00:00+08:00", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-13-01", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-00-10", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-01-00", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("0000-01-01T00:00:00Z", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-01-15T24:00:00", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-01-15T24:00:00+08:00", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-01-15T09:60:00", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-01-15T09:30:60Z", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-01-15T09:30:00+24:00", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("2026-01-15T09:30:00+08:60", shanghai, PD_VALUE_ERROR_OUT_OF_RANGE);
}

static void
test_garbage (void)
{
  g_autoptr(GTimeZone) shanghai = zone ("Asia/Shanghai");
  const char *garbage[] = {
    "", "   ", "garbage", "2026", "2026-01", "2026-1-5", "26-01-15", "2026/01/15",
    "20260115", "2026-01-15T", "2026-01-15T09", "2026-01-15T9:30", "2026-01-15T09:3",
    "2026-01-15T09:30:0", "2026-01-15T09:30:00.", "2026-01-15T09:30:00.Z",
    "2026-01-15T09:30:00+8", "2026-01-15T09:30:00+08:0", "2026-01-15T09:30:00+080",
    "2026-01-15T09:30:00+08:00x", "2026-01-15T09:30:00Z junk", "2026-01-15T09:30:00 +08:00",
    "2026-01-15  09:30", "2026-01-15Z", "2026-01-15+08:00", "2026-01-15_09:30",
    "2026-01-15T09:30:00 UTC", "1768440600", "now", "+08:00", "2026-01-15T09h30",
    "2026-01-15T09:30:00.5.5Z", "２０２６-01-15", "2026-01-15T09:30:00GMT",
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 unix_seconds = 42;

      g_test_message ("%s", garbage[i]);
      g_assert_false (pd_timestamp_parse (garbage[i], shanghai, &unix_seconds, &error));
      g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "2026-01-15T09:30:00+08:00"));
      g_assert_cmpint (unix_seconds, ==, 42);
    }

  /* The message points at what is wrong. */
  {
    g_autoptr(GError) error = NULL;
    gint64 unix_seconds;

    g_assert_false (pd_timestamp_parse ("2026-01-15T09:30:00+08:00xyz", shanghai,
                                        &unix_seconds, &error));
    g_assert_nonnull (strstr (error->message, "“xyz”"));
  }

  /* Without a default zone, an offset is required. */
  assert_refused ("2026-01-15T09:30:00", NULL, PD_VALUE_ERROR_INVALID);
  assert_refused ("2026-01-15", NULL, PD_VALUE_ERROR_INVALID);

  {
    g_autoptr(GError) error = NULL;
    gint64 unix_seconds = 42;

    g_assert_false (pd_timestamp_parse ("2026-01-15T09:30:00\xff", shanghai,
                                        &unix_seconds, &error));
    g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
    g_assert_cmpint (unix_seconds, ==, 42);
  }
}

static void
test_dst (void)
{
  g_autoptr(GTimeZone) la = zone ("America/Los_Angeles");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* 2026-03-08: 02:00 PST becomes 03:00 PDT; the day has 23 hours. */
  g_assert_cmpint (pd_timestamp_day_start (2026, 3, 8, la), ==, G_GINT64_CONSTANT (1772956800));
  g_assert_cmpint (pd_timestamp_day_end (2026, 3, 8, la), ==, G_GINT64_CONSTANT (1773039600) - 1);
  g_assert_cmpint (pd_timestamp_day_end (2026, 3, 8, la) - pd_timestamp_day_start (2026, 3, 8, la) + 1,
                   ==, 23 * 3600);
  g_assert_cmpint (parse_ok ("2026-03-08", la), ==, G_GINT64_CONSTANT (1772956800));
  g_assert_cmpint (parse_ok ("2026-03-08T01:59:59", la), ==, G_GINT64_CONSTANT (1772963999));
  g_assert_cmpint (parse_ok ("2026-03-08T03:00:00", la), ==, G_GINT64_CONSTANT (1772964000));
  g_assert_cmpint (parse_ok ("2026-03-08T12:00:00", la), ==, G_GINT64_CONSTANT (1772996400));
  /* 02:30 does not exist: moved forward by the gap, to 03:30 PDT. */
  g_assert_cmpint (parse_ok ("2026-03-08T02:30:00", la), ==, G_GINT64_CONSTANT (1772965800));
  g_assert_cmpint (parse_ok ("2026-03-08T02:00:00", la), ==, G_GINT64_CONSTANT (1772964000));

  before = pd_timestamp_format (G_GINT64_CONSTANT (1772963999), la);
  after = pd_timestamp_format (G_GINT64_CONSTANT (1772964000), la);
  g_assert_cmpstr (before, ==, "2026-03-08T01:59:59-08:00");
  g_assert_cmpstr (after, ==, "2026-03-08T03:00:00-07:00");

  /* 2026-11-01: 02:00 PDT becomes 01:00 PST; the day has 25 hours and
   * 01:30 happens twice: the first (PDT) is taken. */
  g_assert_cmpint (pd_timestamp_day_start (2026, 11, 1, la), ==, G_GINT64_CONSTANT (1793516400));
  g_assert_cmpint (pd_timestamp_day_end (2026, 11, 1, la), ==, G_GINT64_CONSTANT (1793606400) - 1);
  g_assert_cmpint (pd_timestamp_day_end (2026, 11, 1, la) - pd_timestamp_day_start (2026, 11, 1, la) + 1,
                   ==, 25 * 3600);
  g_assert_cmpint (parse_ok ("2026-11-01T01:30:00", la), ==, G_GINT64_CONSTANT (1793521800));
  g_assert_cmpint (parse_ok ("2026-11-01T01:30:00-08:00", la), ==, G_GINT64_CONSTANT (1793521800) + 3600);
}

static void
test_day_boundaries (void)
{
  g_autoptr(GTimeZone) shanghai = zone ("Asia/Shanghai");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  g_assert_cmpint (pd_timestamp_day_start (2026, 4, 1, shanghai), ==, START_OF_Q2_SHANGHAI);
  g_assert_cmpint (pd_timestamp_day_end (2026, 3, 31, shanghai), ==, END_OF_Q1_SHANGHAI);
  g_assert_cmpint (pd_timestamp_day_end (2026, 12, 31, shanghai), ==,
                   pd_timestamp_day_start (2027, 1, 1, shanghai) - 1);
  g_assert_cmpint (pd_timestamp_day_start (1970, 1, 1, utc), ==, 0);
  g_assert_cmpint (pd_timestamp_day_start (1970, 1, 1, NULL), ==, 0);
  g_assert_cmpint (pd_timestamp_day_end (1970, 1, 1, utc), ==, 86399);
}

static void
test_format (void)
{
  g_autoptr(GTimeZone) shanghai = zone ("Asia/Shanghai");
  g_autoptr(GTimeZone) la = zone ("America/Los_Angeles");
  g_autoptr(GTimeZone) kolkata = zone ("Asia/Kolkata");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  struct { gint64 unix_seconds; GTimeZone *tz; const char *text; } cases[] = {
    { END_OF_Q1_SHANGHAI, shanghai, "2026-03-31T23:59:59+08:00" },
    { START_OF_Q2_SHANGHAI, shanghai, "2026-04-01T00:00:00+08:00" },
    { END_OF_Q1_SHANGHAI, utc, "2026-03-31T15:59:59+00:00" },
    { END_OF_Q1_SHANGHAI, NULL, "2026-03-31T15:59:59+00:00" },
    { END_OF_Q1_SHANGHAI, la, "2026-03-31T08:59:59-07:00" },
    { END_OF_Q1_SHANGHAI, kolkata, "2026-03-31T21:29:59+05:30" },
    { 0, utc, "1970-01-01T00:00:00+00:00" },
    { -1, utc, "1969-12-31T23:59:59+00:00" },
    { G_GINT64_CONSTANT (1835366400), shanghai, "2028-02-29T00:00:00+08:00" },
    { G_GINT64_CONSTANT (253402300799), utc, "9999-12-31T23:59:59+00:00" },
    { G_GINT64_CONSTANT (-62135596800), utc, "0001-01-01T00:00:00+00:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = pd_timestamp_format (cases[i].unix_seconds, cases[i].tz);

      g_assert_cmpstr (text, ==, cases[i].text);
      /* Formatting then parsing gives the same instant, whatever the
       * default zone. */
      g_assert_cmpint (parse_ok (text, la), ==, cases[i].unix_seconds);
    }

  /* Every hour of a year with DST, both ways. */
  for (gint64 t = G_GINT64_CONSTANT (1767225600); t < G_GINT64_CONSTANT (1798761600); t += 3599)
    {
      g_autofree char *text = pd_timestamp_format (t, la);
      g_autofree char *local = g_strndup (text, 19);

      g_assert_cmpint (parse_ok (text, shanghai), ==, t);
      /* Without its offset it reads back the same, except in the
       * repeated hour of November, where the earlier instant wins. */
      if (parse_ok (local, la) != t)
        g_assert_cmpint (parse_ok (local, la), ==, t - 3600);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timestamp/forms-around-quarter-end", test_forms_around_quarter_end);
  g_test_add_func ("/timestamp/calendar-edges", test_edges_of_calendar);
  g_test_add_func ("/timestamp/garbage", test_garbage);
  g_test_add_func ("/timestamp/dst", test_dst);
  g_test_add_func ("/timestamp/day-boundaries", test_day_boundaries);
  g_test_add_func ("/timestamp/format", test_format);

  return g_test_run ();
}
