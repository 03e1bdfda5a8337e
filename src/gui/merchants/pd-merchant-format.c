/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "pd-merchant-format.h"
#include "pd-money.h"
#include "pd-time-zone.h"

char *
pd_merchant_format_date (PdRules *rules,
                         gint64   t)
{
  if (rules != NULL)
    return pd_time_zone_format (rules->timezone, t, FALSE);
  else
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (t);

      return when != NULL ? g_date_time_format (when, "%Y-%m-%d") : g_strdup ("?");
    }
}

/* "2026-04-19 · 14 days left"; the zone, when it is not the user's
 * own, after the date ("2026-04-19 (Asia/Shanghai) · …") or, for the
 * narrow column, on a line of its own below. */
static char *
format_deadline (PdRules  *rules,
                 gboolean  has_deadline,
                 gint64    deadline,
                 gint64    now,
                 gboolean  zone_below)
{
  g_autofree char *date = NULL;
  g_autofree char *left = NULL;
  g_autofree char *text = NULL;
  gint64 days;

  if (!has_deadline)
    return g_strdup ("—");
  if (rules == NULL)
    return pd_merchant_format_date (NULL, deadline);
  if (zone_below)
    {
      char buf[16];

      pd_rules_format_date (rules, deadline, buf);
      date = g_strdup (buf);
    }
  else
    date = pd_merchant_format_date (rules, deadline);

  days = pd_engine_days_left (rules, now, deadline);
  if (deadline < now)
    left = g_strdup (_("passed"));
  else if (days <= 0)
    left = g_strdup (_("last day"));
  else
    left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " day left",
                                         "%" PRId64 " days left", (gulong) days),
                            days);
  /* Translators: a deadline and the time left: "2026-04-19 · 14 days left". */
  text = g_strdup_printf (_("%s · %s"), date, left);
  if (!zone_below || pd_time_zone_is_users (rules->timezone, deadline))
    return g_steal_pointer (&text);
  return g_strconcat (text, "\n", rules->timezone_id, NULL);
}

char *
pd_merchant_format_deadline (PdRules  *rules,
                             gboolean  has_deadline,
                             gint64    deadline,
                             gint64    now)
{
  return format_deadline (rules, has_deadline, deadline, now, FALSE);
}

char *
pd_merchant_format_deadline_cell (PdRules  *rules,
                                  gboolean  has_deadline,
                                  gint64    deadline,
                                  gint64    now)
{
  return format_deadline (rules, has_deadline, deadline, now, TRUE);
}

char *
pd_merchant_format_gmv (const PdMerchantRow *row)
{
  PdMoney threshold = { row->gmv_threshold, "CNY" };
  g_autofree char *of = NULL;

  if (row->store_id == NULL)
    return g_strdup ("—");
  if (row->has_threshold)
    {
      of = pd_money_format_display (&threshold);
      /* Only the number after the currency code. */
      if (strlen (of) > 4)
        memmove (of, of + 4, strlen (of + 4) + 1);
    }
  if (!row->has_gmv)
    {
      PdMoney zero = { 0, "CNY" };
      g_autofree char *amount = pd_money_format_display (&zero);

      /* Translators: settled GMV of the threshold, "CNY 0.00 of 1,000.00". */
      return of != NULL ? g_strdup_printf (_("%s of %s"), amount, of) : g_steal_pointer (&amount);
    }
  if (row->has_gmv_cny)
    {
      PdMoney cny = { row->gmv_cny, "CNY" };
      g_autofree char *amount = pd_money_format_display (&cny);

      return of != NULL ? g_strdup_printf (_("%s of %s"), amount, of) : g_steal_pointer (&amount);
    }
  {
    PdMoney money;
    g_autofree char *amount = NULL;

    money.minor = row->gmv_minor;
    memcpy (money.currency, row->gmv_currency, 4);
    amount = pd_money_format_display (&money);
    /* Translators: a GMV in a currency without an exchange rate. */
    return g_strdup_printf (_("%s (no rate)"), amount);
  }
}

double
pd_merchant_gmv_fraction (const PdMerchantRow *row)
{
  gint64 cny;

  if (row->store_id == NULL || !row->has_threshold || row->gmv_threshold <= 0)
    return -1;
  if (row->has_gmv && !row->has_gmv_cny)
    return -1;
  cny = row->has_gmv ? row->gmv_cny : 0;
  return CLAMP ((double) cny / (double) row->gmv_threshold, 0.0, 1.0);
}

char *
pd_merchant_format_countries (const PdMerchantRow *row)
{
  if (row->countries < 0)
    return g_strdup ("—");
  /* Translators: inventory countries held of those needed: "3 of 4". */
  return g_strdup_printf (_("%d of %d"), row->countries, row->countries_needed);
}

const char *
pd_merchant_link_state_display (const char *state)
{
  switch (pd_merchant_link_rank (state))
    {
    case PD_MERCHANT_LINK_ACTIVE:
      return C_("link state", "Active");
    case PD_MERCHANT_LINK_USED:
      return C_("link state", "Used");
    case PD_MERCHANT_LINK_EXPIRED:
      return C_("link state", "Expired");
    case PD_MERCHANT_LINK_REVOKED:
      return C_("link state", "Revoked");
    case PD_MERCHANT_LINK_NONE:
    default:
      return "—";
    }
}

char *
pd_merchant_format_link (const PdMerchantRow *row)
{
  if (row->link_token == NULL)
    return g_strdup ("—");
  /* Translators: a link's state and the start of its token: "Active · NAbO5gPM…". */
  return g_strdup_printf (_("%s · %.8s…"), pd_merchant_link_state_display (row->link_state), row->link_token);
}

const char *
pd_merchant_verdict_style (PdMerchantVerdict verdict)
{
  switch (verdict)
    {
    case PD_MERCHANT_VERDICT_QUALIFIED:
      return "success";
    case PD_MERCHANT_VERDICT_PENDING:
      return "warning";
    case PD_MERCHANT_VERDICT_LOST:
      return "error";
    case PD_MERCHANT_VERDICT_NONE:
    case PD_MERCHANT_N_VERDICTS:
    default:
      return "dim-label";
    }
}

const char *
pd_merchant_condition_state (PdConditionState state)
{
  switch (state)
    {
    case PD_CONDITION_STATE_MET:
      return C_("condition", "Met");
    case PD_CONDITION_STATE_UNMET:
      return C_("condition", "Not yet");
    case PD_CONDITION_STATE_FAILED:
      return C_("condition", "Failed");
    case PD_CONDITION_STATE_NOT_APPLICABLE:
    default:
      return C_("condition", "Does not apply");
    }
}

/* The platform's shop statuses in words; one it has not named before as
 * it came. */
static const char *
shop_status_to_display (const char *status)
{
  if (g_ascii_strcasecmp (status, "ACTIVE") == 0)
    /* Translators: a shop's status on the platform. */
    return C_("shop status", "active");
  if (g_ascii_strcasecmp (status, "CLOSING") == 0)
    return C_("shop status", "closing");
  if (g_ascii_strcasecmp (status, "CLOSED") == 0)
    return C_("shop status", "closed");
  return status;
}

char *
pd_merchant_format_ago (gint64 then,
                        gint64 now)
{
  gint64 minutes = MAX (now - then, 0) / 60;
  gint64 hours = minutes / 60;
  gint64 days = hours / 24;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (gulong) minutes), (int) minutes);
  if (days < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         (gulong) hours), (int) hours);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                       (gulong) MIN (days, G_MAXINT)), (int) MIN (days, G_MAXINT));
}

char *
pd_merchant_format_reading (const PdOpenApiReading *reading,
                            gint64                  now)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (reading->has_gmv)
    {
      PdMoney gmv = { .minor = reading->gmv_amount };
      g_autofree char *amount = NULL;
      g_autofree char *ago = pd_merchant_format_ago (reading->gmv_read_at, now);

      g_strlcpy (gmv.currency, reading->gmv_currency, sizeof gmv.currency);
      amount = pd_money_format_display (&gmv);
      /* Translators: "GMV CNY 1,240.00, from the platform, 2 hours ago". */
      g_string_append_printf (text, _("GMV %s, from the platform, %s"), amount, ago);
    }
  if (reading->warehouse_countries != NULL)
    {
      g_autofree char *ago = pd_merchant_format_ago (reading->warehouses_read_at, now);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Inventory: %s, from the platform, %s"),
                              *reading->warehouse_countries != '\0' ? reading->warehouse_countries
                                                                     : _("no active warehouse"),
                              ago);
    }
  if (reading->shop_status != NULL)
    {
      g_autofree char *ago = pd_merchant_format_ago (reading->status_read_at, now);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Shop status: %s, from the platform, %s"),
                              shop_status_to_display (reading->shop_status), ago);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
