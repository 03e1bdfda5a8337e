/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorization-format"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-authorization-format.h"
#include "pd-enums.h"
#include "pd-time-zone.h"

const char *
pd_authorization_format_state (const char *state)
{
  PdAuthorizationState value;

  if (state != NULL && pd_authorization_state_parse (state, &value, NULL))
    return pd_authorization_state_to_display (value);
  return state != NULL ? state : "—";
}

const char *
pd_authorization_state_to_class (const char *state)
{
  if (g_strcmp0 (state, "active") == 0)
    return "success";
  if (g_strcmp0 (state, "canceled") == 0)
    return "warning";
  if (g_strcmp0 (state, "closed") == 0)
    return "error";
  return "dim";
}

char *
pd_authorization_format_days_left (const PdAuthorizationRow *row)
{
  g_return_val_if_fail (row != NULL, NULL);

  if (g_strcmp0 (row->state, "completed") == 0)
    /* Translators: a completed authorization's days left */
    return g_strdup (C_("authorization", "ended"));
  if (g_strcmp0 (row->state, "active") != 0)
    return g_strdup ("—");
  if (row->expires_at == 0)
    return g_strdup (_("unlimited"));
  if (row->days_left < 0)
    return g_strdup (_("expired"));
  if (row->days_left == 0)
    return g_strdup (_("expires today"));
  /* Translators: calendar days until an authorization ends */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left",
                                       (gulong) row->days_left),
                          (int) row->days_left);
}

gboolean
pd_authorization_is_expiring (const PdAuthorizationRow *row,
                              int                       days)
{
  g_return_val_if_fail (row != NULL, FALSE);

  return g_strcmp0 (row->state, "active") == 0 && row->renewed_by == NULL &&
         row->expires_at != 0 && row->days_left >= 0 && row->days_left <= days;
}

char *
pd_authorization_format_seller (const char *seller_id,
                                const char *seller_name)
{
  if (seller_name != NULL && *seller_name != '\0')
    /* Translators: a merchant's name, then its seller id */
    return g_strdup_printf (_("%s (%s)"), seller_name, seller_id);
  /* Translators: a merchant the store knows only by its seller id */
  return g_strdup_printf (_("Seller %s"), seller_id);
}

char *
pd_authorization_format_date (gint64     when,
                              GTimeZone *zone)
{
  if (when == 0)
    return g_strdup ("—");
  return pd_time_zone_format (zone, when, FALSE);
}

char *
pd_authorization_format_period (const PdAuthorizationRow *row,
                                GTimeZone                *zone)
{
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  /* The zone, when named, once: after the last date. */
  if (row->expires_at == 0)
    {
      starts = pd_authorization_format_date (row->starts_at, zone);
      ends = g_strdup (_("unlimited"));
    }
  else
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (row->starts_at);
      g_autoptr(GDateTime) local = utc != NULL && row->starts_at != 0 ? g_date_time_to_timezone (utc, zone) : NULL;

      starts = local != NULL ? g_date_time_format (local, "%Y-%m-%d") : g_strdup ("—");
      ends = pd_authorization_format_date (row->expires_at, zone);
    }
  /* Translators: an authorization's first and last day */
  return g_strdup_printf (_("%s to %s"), starts, ends);
}
