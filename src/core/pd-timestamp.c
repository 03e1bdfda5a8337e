/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-timestamp"

#include "pd-timestamp.h"
#include "pd-value-error.h"

#include <glib/gi18n.h>

#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

/* Calendar arithmetic is done here rather than through GDateTime so that
 * every accepted form maps to unix seconds by one plain formula (days
 * since 1970-01-01 in the proleptic Gregorian calendar, H. Hinnant's
 * algorithms), and only the zone's offsets come from GLib. */
static gint64
days_from_civil (gint64 year,
                 int    month,
                 int    day)
{
  gint64 era;
  gint64 year_of_era;
  gint64 day_of_year;
  gint64 day_of_era;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  year_of_era = year - era * 400;
  day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return era * 146097 + day_of_era - 719468;
}

void
pd_timestamp_civil_from_days (gint64  days,
                              gint64 *year,
                              int    *month,
                              int    *day)
{
  gint64 era;
  gint64 day_of_era;
  gint64 year_of_era;
  gint64 day_of_year;
  gint64 mp;

  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  day_of_era = days - era * 146097;
  year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
                 day_of_era / 146096) / 365;
  day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  mp = (5 * day_of_year + 2) / 153;

  *day = (int) (day_of_year - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = year_of_era + era * 400 + (*month <= 2);
}

static int
days_in_month (int year,
               int month)
{
  static const int lengths[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : lengths[month - 1];
}

static gboolean
is_valid_date (int year,
               int month,
               int day)
{
  return year >= 1 && year <= 9999 &&
         month >= 1 && month <= 12 &&
         day >= 1 && day <= days_in_month (year, month);
}

gint32
pd_timestamp_offset_at (GTimeZone *zone,
                        gint64     unix_seconds)
{
  int interval;

  if (zone == NULL)
    return 0;

  interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, unix_seconds);

  return g_time_zone_get_offset (zone, interval);
}

/* @local is a wall-clock time counted like unix seconds. The offsets
 * in force a day before, at and a day after are the candidates (no zone
 * changes twice within a day); a candidate is right when the instant it
 * gives really has that offset. Two right ones: the time happens twice,
 * take the earlier. None: it falls in a gap, apply the offset from
 * before the gap, which moves it forward by the gap. */
gint64
pd_timestamp_local_to_unix (gint64        local,
                            PdOffsetFunc  offset_at,
                            gpointer      data)
{
  gint32 before = offset_at (data, local - SECONDS_PER_DAY);
  gint32 candidates[3];
  gboolean found = FALSE;
  gint64 best = 0;

  candidates[0] = before;
  candidates[1] = offset_at (data, local);
  candidates[2] = offset_at (data, local + SECONDS_PER_DAY);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      gint64 instant = local - candidates[i];

      if (offset_at (data, instant) == candidates[i] && (!found || instant < best))
        {
          best = instant;
          found = TRUE;
        }
    }

  return found ? best : local - before;
}

static gint32
zone_offset_at (gpointer zone,
                gint64   unix_seconds)
{
  return pd_timestamp_offset_at (zone, unix_seconds);
}

static gint64
local_to_unix (GTimeZone *zone,
               gint64     local)
{
  return pd_timestamp_local_to_unix (local, zone_offset_at, zone);
}

static gboolean
read_number (const char **p,
             guint        n_digits,
             int         *out)
{
  int value = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }

  *p += n_digits;
  *out = value;

  return TRUE;
}

static gboolean
set_syntax_error (GError     **error,
                  const char  *text,
                  const char  *at)
{
  if (*at == '\0')
    g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                 _("“%s” is not a valid time: it ends too early; expected an ISO 8601 time such as 2026-01-15T09:30:00+08:00, or a date such as 2026-01-15"),
                 text);
  else
    g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                 _("“%s” is not a valid time: unexpected “%s”; expected an ISO 8601 time such as 2026-01-15T09:30:00+08:00, or a date such as 2026-01-15"),
                 text, at);

  return FALSE;
}

gboolean
pd_timestamp_parse (const char  *text,
                    GTimeZone   *default_zone,
                    gint64      *unix_seconds_out,
                    GError     **error)
{
  g_autofree char *stripped = NULL;
  const char *p;
  int year, month, day;
  int hour = 0, minute = 0, second = 0;
  gboolean has_time = FALSE;
  gboolean has_offset = FALSE;
  int offset_seconds = 0;
  gint64 local;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (unix_seconds_out != NULL, FALSE);

  stripped = pd_value_dup_stripped (text, _("time"), error);
  if (stripped == NULL)
    return FALSE;

  if (*stripped == '\0')
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("The time is empty: expected an ISO 8601 time such as 2026-01-15T09:30:00+08:00, or a date such as 2026-01-15"));
      return FALSE;
    }

  p = stripped;

  if (!read_number (&p, 4, &year))
    return set_syntax_error (error, stripped, p);
  if (*p != '-')
    return set_syntax_error (error, stripped, p);
  p++;
  if (!read_number (&p, 2, &month))
    return set_syntax_error (error, stripped, p);
  if (*p != '-')
    return set_syntax_error (error, stripped, p);
  p++;
  if (!read_number (&p, 2, &day))
    return set_syntax_error (error, stripped, p);

  if (*p == 'T' || *p == 't' || *p == ' ')
    {
      has_time = TRUE;
      p++;
      if (!read_number (&p, 2, &hour))
        return set_syntax_error (error, stripped, p);
      if (*p != ':')
        return set_syntax_error (error, stripped, p);
      p++;
      if (!read_number (&p, 2, &minute))
        return set_syntax_error (error, stripped, p);

      if (*p == ':')
        {
          p++;
          if (!read_number (&p, 2, &second))
            return set_syntax_error (error, stripped, p);

          /* Fractional seconds: read and dropped (floored). */
          if (*p == '.' || *p == ',')
            {
              p++;
              if (!g_ascii_isdigit (*p))
                return set_syntax_error (error, stripped, p);
              while (g_ascii_isdigit (*p))
                p++;
            }
        }

      if (*p == 'Z' || *p == 'z')
        {
          has_offset = TRUE;
          p++;
        }
      else if (*p == '+' || *p == '-')
        {
          int sign = *p == '-' ? -1 : 1;
          int offset_hours;
          int offset_minutes = 0;

          has_offset = TRUE;
          p++;
          if (!read_number (&p, 2, &offset_hours))
            return set_syntax_error (error, stripped, p);
          if (*p == ':')
            {
              p++;
              if (!read_number (&p, 2, &offset_minutes))
                return set_syntax_error (error, stripped, p);
            }
          else if (g_ascii_isdigit (*p))
            {
              if (!read_number (&p, 2, &offset_minutes))
                return set_syntax_error (error, stripped, p);
            }

          if (offset_hours > 23 || offset_minutes > 59)
            {
              g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                           _("“%s” is not a valid time: the UTC offset is out of range (at most ±23:59, such as +08:00)"),
                           stripped);
              return FALSE;
            }

          offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
        }
    }

  if (*p != '\0')
    return set_syntax_error (error, stripped, p);

  if (month < 1 || month > 12)
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("“%s” is not a valid time: there is no month %02d"),
                   stripped, month);
      return FALSE;
    }

  if (!is_valid_date (year, month, day))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("“%s” is not a valid time: the date %04d-%02d-%02d does not exist"),
                   stripped, year, month, day);
      return FALSE;
    }

  if (hour > 23 || minute > 59 || second > 59)
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("“%s” is not a valid time: %02d:%02d:%02d is out of range (hours 00 to 23, minutes and seconds 00 to 59)"),
                   stripped, hour, minute, second);
      return FALSE;
    }

  local = days_from_civil (year, month, day) * SECONDS_PER_DAY +
          hour * 3600 + minute * 60 + second;

  if (has_offset)
    {
      *unix_seconds_out = local - offset_seconds;
      return TRUE;
    }

  if (default_zone == NULL)
    {
      if (has_time)
        g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                     _("“%s” has no UTC offset: expected a time with its offset, such as 2026-01-15T09:30:00+08:00 or 2026-01-15T01:30:00Z"),
                     stripped);
      else
        g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                     _("“%s” is a date without a time zone: expected a time with its offset, such as 2026-01-15T00:00:00+08:00"),
                     stripped);
      return FALSE;
    }

  *unix_seconds_out = local_to_unix (default_zone, local);

  return TRUE;
}

char *
pd_timestamp_format (gint64     unix_seconds,
                     GTimeZone *zone)
{
  gint32 offset = pd_timestamp_offset_at (zone, unix_seconds);
  gint64 local;
  gint64 days;
  gint64 seconds_of_day;
  gint64 year;
  int month, day;
  gint32 abs_offset;

  /* ISO 8601 offsets have no seconds: for the odd historical offset
   * (local mean time) write the exact instant in UTC instead. */
  if (offset % 60 != 0)
    offset = 0;

  local = unix_seconds + offset;
  days = local / SECONDS_PER_DAY;
  if (local % SECONDS_PER_DAY < 0)
    days--;
  seconds_of_day = local - days * SECONDS_PER_DAY;
  pd_timestamp_civil_from_days (days, &year, &month, &day);
  abs_offset = ABS (offset);

  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                          year, month, day,
                          (int) (seconds_of_day / 3600),
                          (int) (seconds_of_day / 60 % 60),
                          (int) (seconds_of_day % 60),
                          offset < 0 ? '-' : '+',
                          abs_offset / 3600,
                          abs_offset / 60 % 60);
}

gint64
pd_timestamp_day_start (int        year,
                        int        month,
                        int        day,
                        GTimeZone *zone)
{
  g_return_val_if_fail (is_valid_date (year, month, day), 0);

  return local_to_unix (zone, days_from_civil (year, month, day) * SECONDS_PER_DAY);
}

gint64
pd_timestamp_day_end (int        year,
                      int        month,
                      int        day,
                      GTimeZone *zone)
{
  g_return_val_if_fail (is_valid_date (year, month, day), 0);

  return local_to_unix (zone, (days_from_civil (year, month, day) + 1) * SECONDS_PER_DAY) - 1;
}
