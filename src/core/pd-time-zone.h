/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Time zone ids from input (settings, program files, imports) reach
 * GLib only in IANA form: components of ASCII letters, digits, '_', '-'
 * and '+', each starting with a letter, joined by '/', at most 64
 * characters ("Asia/Shanghai", "Etc/GMT+8", "UTC"). g_time_zone_new_identifier()
 * opens TZDIR/<id> or an absolute path as given, so "../../etc/passwd"
 * or "/tmp/x" would make it read any file. */
gboolean    pd_time_zone_id_is_valid  (const char *id);
/* The zone, or NULL when @id is not in that form or not a known zone. */
GTimeZone  *pd_time_zone_new          (const char *id);

/* TRUE when the user's own clock (the local zone) reads as @zone's does
 * at @unix_seconds: a time shown in @zone then needs no zone beside it.
 * The offset decides, not the name (Asia/Chongqing reads as Shanghai). */
gboolean    pd_time_zone_is_users     (GTimeZone  *zone,
                                       gint64      unix_seconds);
/* @unix_seconds as @zone's clock reads it, "2026-03-31" or with @minutes
 * "2026-03-31 23:59", and the zone beside it, "2026-03-31
 * (Asia/Shanghai)", when it is not the user's own (issue 18 item 9):
 * every date computed in a program's or the store's zone is shown
 * through this. */
char       *pd_time_zone_format       (GTimeZone  *zone,
                                       gint64      unix_seconds,
                                       gboolean    minutes);

G_END_DECLS
