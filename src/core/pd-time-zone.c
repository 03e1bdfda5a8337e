/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-time-zone"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-time-zone.h"
#include "pd-timestamp.h"

#define MAX_ID_LENGTH 64

gboolean
pd_time_zone_id_is_valid (const char *id)
{
  gboolean component_start = TRUE;
  gsize length;

  if (id == NULL)
    return FALSE;
  length = strlen (id);
  if (length == 0 || length > MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    {
      if (component_start)
        {
          /* No leading '/', no empty, "." or ".." component. */
          if (!g_ascii_isalpha (*p))
            return FALSE;
          component_start = FALSE;
        }
      else if (*p == '/')
        component_start = TRUE;
      else if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '+')
        return FALSE;
    }
  /* No trailing '/'. */
  return !component_start;
}

GTimeZone *
pd_time_zone_new (const char *id)
{
  if (!pd_time_zone_id_is_valid (id))
    return NULL;
  return g_time_zone_new_identifier (id);
}

gboolean
pd_time_zone_is_users (GTimeZone *zone,
                       gint64     unix_seconds)
{
  g_autoptr(GTimeZone) own = g_time_zone_new_local ();
  int interval;

  g_return_val_if_fail (zone != NULL, TRUE);

  interval = g_time_zone_find_interval (own, G_TIME_TYPE_UNIVERSAL, unix_seconds);
  if (interval < 0)
    return FALSE;
  return g_time_zone_get_offset (own, interval) == pd_timestamp_offset_at (zone, unix_seconds);
}

char *
pd_time_zone_format (GTimeZone *zone,
                     gint64     unix_seconds,
                     gboolean   minutes)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (zone != NULL, NULL);

  if (utc == NULL || (local = g_date_time_to_timezone (utc, zone)) == NULL)
    return g_strdup ("—");
  text = g_date_time_format (local, minutes ? "%Y-%m-%d %H:%M" : "%Y-%m-%d");
  if (pd_time_zone_is_users (zone, unix_seconds))
    return g_steal_pointer (&text);
  /* Translators: a time and its zone, "2026-03-31 23:59 (Asia/Shanghai)". */
  return g_strdup_printf (_("%s (%s)"), text, g_time_zone_get_identifier (zone));
}
