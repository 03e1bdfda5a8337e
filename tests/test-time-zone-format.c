/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-time-zone-format"

/* Issue 18 item 9: a date computed in a program's (or the store's) time
 * zone names the zone when it is not the user's own
 * (pd_time_zone_format), and only then: the offset at that instant
 * decides, not the zone's name. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pd-paths.h"
#include "pd-time-zone.h"

/* 2026-03-31T15:59:59Z: 23:59:59 in Shanghai, the last second of Q1. */
#define END_OF_Q1 G_GINT64_CONSTANT (1774972799)
/* 2026-07-01T02:00:00Z: summer, Berlin at +02:00. */
#define SUMMER    G_GINT64_CONSTANT (1782871200)

typedef struct
{
  GTimeZone *zone;   /* the program's */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->zone = pd_time_zone_new (data);
  g_assert_nonnull (f->zone);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_time_zone_unref (f->zone);
  g_setenv ("TZ", "UTC", TRUE);
}

static char *
format_as (Fixture    *f,
           const char *user_zone,
           gint64      t,
           gboolean    minutes)
{
  g_setenv ("TZ", user_zone, TRUE);
  return pd_time_zone_format (f->zone, t, minutes);
}

static void
test_other_zone_named (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *date = format_as (f, "Europe/Berlin", END_OF_Q1, FALSE);
  g_autofree char *time = format_as (f, "Europe/Berlin", END_OF_Q1, TRUE);
  g_autofree char *utc = format_as (f, "UTC", END_OF_Q1, FALSE);

  /* The program's day, not the user's (Berlin is still on the 31st at
   * 17:59, but the date is the program's). */
  g_assert_cmpstr (date, ==, "2026-03-31 (Asia/Shanghai)");
  g_assert_cmpstr (time, ==, "2026-03-31 23:59 (Asia/Shanghai)");
  g_assert_cmpstr (utc, ==, "2026-03-31 (Asia/Shanghai)");
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_assert_false (pd_time_zone_is_users (f->zone, END_OF_Q1));
}

static void
test_own_zone_plain (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *same = format_as (f, "Asia/Shanghai", END_OF_Q1, FALSE);
  g_autofree char *same_time = format_as (f, "Asia/Shanghai", END_OF_Q1, TRUE);
  /* Another name, the same clock: nothing to say. */
  g_autofree char *alias = format_as (f, "Asia/Chongqing", END_OF_Q1, TRUE);
  g_autofree char *fixed = format_as (f, "Etc/GMT-8", END_OF_Q1, FALSE);

  g_assert_cmpstr (same, ==, "2026-03-31");
  g_assert_cmpstr (same_time, ==, "2026-03-31 23:59");
  g_assert_cmpstr (alias, ==, "2026-03-31 23:59");
  g_assert_cmpstr (fixed, ==, "2026-03-31");
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_assert_true (pd_time_zone_is_users (f->zone, END_OF_Q1));
}

/* A program in Berlin, a user in Lagos (+01:00 all year): the same
 * clock in winter, not in summer. */
static void
test_daylight_saving (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *winter = format_as (f, "Africa/Lagos", END_OF_Q1 - 7 * 86400, TRUE);
  g_autofree char *summer = format_as (f, "Africa/Lagos", SUMMER, TRUE);

  g_assert_cmpstr (winter, ==, "2026-03-24 16:59");
  g_assert_cmpstr (summer, ==, "2026-07-01 04:00 (Europe/Berlin)");
}

static void
test_chinese (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *date = NULL;

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("no zh_CN.UTF-8 locale (Debian: locales-all)");
      return;
    }
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  date = format_as (f, "Europe/Berlin", END_OF_Q1, FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  /* Full-width brackets, as the Chinese translation writes them. */
  g_assert_cmpstr (date, ==, "2026-03-31（Asia/Shanghai）");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  pd_paths_init_program ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, zone, func) \
  g_test_add ("/time-zone/format/" name, Fixture, zone, fixture_set_up, func, fixture_tear_down)
  ADD ("other-zone-named", "Asia/Shanghai", test_other_zone_named);
  ADD ("own-zone-plain", "Asia/Shanghai", test_own_zone_plain);
  ADD ("daylight-saving", "Europe/Berlin", test_daylight_saving);
  ADD ("chinese", "Asia/Shanghai", test_chinese);
#undef ADD

  return g_test_run ();
}
