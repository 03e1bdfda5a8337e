/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Timestamps are unix seconds (gint64) inside the program and ISO 8601
 * text outside.
 *
 * pd_timestamp_parse() accepts, after trimming surrounding white space:
 *   YYYY-MM-DD                          midnight in @default_zone
 *   YYYY-MM-DD(T|t| )hh:mm[:ss[(.|,)f+]][offset]
 *   offset = Z | z | +hh:mm | +hhmm | +hh   (or '-')
 * A time without an offset is in @default_zone (the store's
 * import_timezone, Asia/Shanghai by default); with @default_zone NULL it
 * is an error (for machine-written text such as the platform's JSON,
 * which must carry offsets). Dates are checked (no 2026-02-30, no month
 * 13), hours run 00-23 (no "24:00"), minutes and seconds 00-59 (no leap
 * second), offsets up to 23:59, years 0001-9999.
 *
 * Fractional seconds are floored to the second, never rounded: a period
 * is stored with inclusive ends such as 23:59:59, and an event at
 * 23:59:59.7 belongs inside it; rounding would push it to the next day
 * (or the next quarter).
 *
 * A local time that does not exist (the hour skipped when daylight
 * saving time starts) is moved forward by the length of the gap
 * (02:30 -> 03:30 in America/Los_Angeles on 2026-03-08); a local time
 * that happens twice (when it ends) is the first, earlier, instant.
 *
 * Errors are PD_VALUE_ERROR_INVALID (syntax) or _OUT_OF_RANGE (no such
 * date or time). */
gboolean  pd_timestamp_parse      (const char  *text,
                                   GTimeZone   *default_zone,
                                   gint64      *unix_seconds_out,
                                   GError     **error);

/* "2026-03-31T23:59:59+08:00": the local time in @zone (UTC when NULL)
 * with its offset, which pd_timestamp_parse() reads back exactly. */
char     *pd_timestamp_format     (gint64       unix_seconds,
                                   GTimeZone   *zone);

/* The first second of the day @year-@month-@day in @zone (its midnight,
 * or the first instant after a DST gap at midnight). The date must be
 * valid. */
gint64    pd_timestamp_day_start  (int          year,
                                   int          month,
                                   int          day,
                                   GTimeZone   *zone);

/* The last second of that day: the next day's start minus one, so a
 * day of 23 or 25 hours (DST) ends right. For inclusive period ends. */
gint64    pd_timestamp_day_end    (int          year,
                                   int          month,
                                   int          day,
                                   GTimeZone   *zone);

/* Shared with the projection's rules (pd-rules.c), which look offsets
 * up through their own cache. */

/* The offset from UTC, in seconds, in force in @zone (UTC when NULL) at
 * @unix_seconds. */
gint32    pd_timestamp_offset_at      (GTimeZone    *zone,
                                       gint64        unix_seconds);

/* The same, looked up by the caller's own means. */
typedef gint32 (*PdOffsetFunc) (gpointer  data,
                                gint64    unix_seconds);

/* The instant of the wall-clock time @local (counted like unix seconds)
 * in the zone whose offsets @offset_at gives, with the gap and overlap
 * rules of pd_timestamp_parse(). */
gint64    pd_timestamp_local_to_unix  (gint64        local,
                                       PdOffsetFunc  offset_at,
                                       gpointer      data);

/* The proleptic Gregorian date of @days since 1970-01-01. */
void      pd_timestamp_civil_from_days (gint64       days,
                                        gint64      *year,
                                        int         *month,
                                        int         *day);

G_END_DECLS
