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

G_END_DECLS
