/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-request-format"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-enums.h"
#include "pd-money.h"
#include "pd-request-format.h"

char *
pd_request_format_money (const char *amount,
                         const char *currency)
{
  PdMoney money;

  if (amount == NULL || currency == NULL ||
      !pd_money_parse (amount, currency, PD_MONEY_PARSE_NO_GROUPING, &money, NULL))
    return g_strdup ("—");
  return pd_money_format_display (&money);
}

char *
pd_request_format_time (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_local (when);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("—");
}

const char *
pd_request_or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

const char *
pd_request_status_display (const char *status)
{
  PdSellerRequestStatus value;

  if (status != NULL && pd_seller_request_status_parse (status, &value, NULL))
    return pd_seller_request_status_to_display (value);
  return pd_request_or_dash (status);
}

const char *
pd_request_type_display (const char *type)
{
  PdRequestType value;

  if (type != NULL && pd_request_type_parse (type, &value, NULL))
    return pd_request_type_to_display (value);
  return pd_request_or_dash (type);
}

void
pd_request_style_status_chip (GtkWidget  *label,
                              const char *status)
{
  static const char * const classes[] = {
    "pd-request-reviewing", "pd-request-accepted", "pd-request-connected",
    "pd-request-closed", "pd-request-rejected",
  };
  static const char * const statuses[] = {
    "partner_reviewing", "partner_accepted", "connected", "closed", "rejected",
  };

  gtk_widget_add_css_class (label, "pd-request-chip");
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      if (g_strcmp0 (status, statuses[i]) == 0)
        gtk_widget_add_css_class (label, classes[i]);
      else
        gtk_widget_remove_css_class (label, classes[i]);
    }
}

gboolean
pd_request_parse_whole_units (const char  *text,
                              gint64      *units_out,
                              GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  PdMoney money;

  *units_out = PD_REQUEST_NO_BOUND;
  if (*trimmed == '\0')
    return TRUE;
  /* JPY has no minor digits: its parser takes whole units, with
   * thousands separators, and refuses decimals and signs. */
  if (strchr (trimmed, '.') != NULL ||
      !pd_money_parse (trimmed, "JPY", PD_MONEY_PARSE_DEFAULT, &money, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not an amount; expected whole units such as 1000 or 1,000"), trimmed);
      return FALSE;
    }
  *units_out = money.minor;
  return TRUE;
}
