/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-time-zone"

#include "config.h"

#include <string.h>

#include "pd-time-zone.h"

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
