/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-services"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-currency.h"
#include "pd-enums.h"
#include "pd-money.h"
#include "pd-services-format.h"

const char *
pd_services_format_state (const char *state)
{
  PdCategoryState value;

  if (state != NULL && pd_category_state_parse (state, &value, NULL))
    return pd_category_state_to_display (value);
  return state != NULL ? state : "—";
}

const char *
pd_services_state_class (const char *state)
{
  static const char * const classes[] = {
    [PD_CATEGORY_STATE_NOT_LISTED] = "neutral",
    [PD_CATEGORY_STATE_IN_REVIEW] = "accent",
    [PD_CATEGORY_STATE_APPROVED] = "success",
    [PD_CATEGORY_STATE_REJECTED] = "error",
    [PD_CATEGORY_STATE_SUSPENDED] = "warning",
  };
  PdCategoryState value;

  if (state != NULL && pd_category_state_parse (state, &value, NULL) && value < G_N_ELEMENTS (classes))
    return classes[value];
  return "neutral";
}

const char *
pd_services_refusal (PdCategoryAction  action,
                     const char       *state)
{
  if (pd_category_action_target (action, state) != NULL)
    return NULL;
  if (g_strcmp0 (state, "suspended") == 0)
    return _("The platform suspended this category: you can neither apply nor withdraw until it"
             " lifts the suspension.");
  if (action == PD_CATEGORY_ACTION_APPLY)
    {
      if (g_strcmp0 (state, "in_review") == 0)
        return _("Your application is in review; the platform answers it before you can apply again.");
      if (g_strcmp0 (state, "approved") == 0)
        return _("Already approved: sellers see this category in the Service Market.");
      return _("An application is possible only for a category that is not listed or was rejected.");
    }
  if (g_strcmp0 (state, "not_listed") == 0)
    return _("Not listed: there is no application or listing to withdraw.");
  if (g_strcmp0 (state, "rejected") == 0)
    return _("Rejected: there is no application or listing to withdraw; apply again instead.");
  return _("Only a category in review or approved can be withdrawn.");
}

static gboolean
read_money (const char *amount,
            const char *currency,
            PdMoney    *out)
{
  return amount != NULL && currency != NULL &&
         pd_money_parse (amount, currency, PD_MONEY_PARSE_NO_GROUPING, out, NULL);
}

static gboolean
is_whole (const PdMoney *money)
{
  guint digits = 0;
  gint64 unit = 1;

  pd_currency_lookup (money->currency, &digits);
  for (guint i = 0; i < digits; i++)
    unit *= 10;
  return money->minor % unit == 0;
}

/* "41,200" (whole) or "41,200.50": the grouped amount without its currency. */
static char *
format_amount (const PdMoney *money,
               gboolean       whole)
{
  g_autofree char *display = pd_money_format_display (money);
  const char *amount = display + strlen (money->currency) + 1;
  const char *dot = strchr (amount, '.');

  return whole && dot != NULL ? g_strndup (amount, dot - amount) : g_strdup (amount);
}

static const char *
metric_label (const char *metric)
{
  if (metric == NULL || g_str_equal (metric, "category_gmv"))
    return _("Category GMV");
  if (g_str_equal (metric, "gmv"))
    return _("GMV");
  return metric;
}

char *
pd_services_format_progress (const PdServiceCategory *category,
                             double                  *fraction_out)
{
  PdMoney required, current;
  gboolean whole;
  g_autofree char *current_text = NULL;
  g_autofree char *required_text = NULL;

  if (fraction_out != NULL)
    *fraction_out = -1;
  if (!read_money (category->requirement_amount, category->requirement_currency, &required))
    return g_strdup (_("No requirement published"));
  if (!read_money (category->current_amount, category->current_currency, &current))
    {
      g_autofree char *text = pd_money_format_display (&required);

      /* TRANSLATORS: "Category GMV: USD 50,000.00 required, current figure not known yet" */
      return g_strdup_printf (_("%s: %s required, current figure not known yet"),
                              metric_label (category->requirement_metric), text);
    }
  if (!g_str_equal (current.currency, required.currency))
    {
      g_autofree char *a = pd_money_format_display (&current);
      g_autofree char *b = pd_money_format_display (&required);

      /* TRANSLATORS: "Category GMV EUR 41,200.00 of USD 50,000.00" */
      return g_strdup_printf (C_("category progress", "%s %s of %s"),
                              metric_label (category->requirement_metric), a, b);
    }

  if (fraction_out != NULL)
    {
      /* Per mille in integers (money is never a float); the level bar
       * only draws the result. */
      gint64 permille = 1000;

      if (required.minor > 0 && current.minor < required.minor)
        permille = current.minor <= 0 ? 0 : (gint64) (((__int128) current.minor * 1000) / required.minor);
      *fraction_out = permille / 1000.0;
    }
  whole = is_whole (&current) && is_whole (&required);
  current_text = format_amount (&current, whole);
  required_text = format_amount (&required, whole);
  {
    g_autofree char *with_currency = g_strdup_printf ("%s %s", current.currency, current_text);

    /* TRANSLATORS: "Category GMV USD 41,200 of 50,000" */
    return g_strdup_printf (C_("category progress", "%s %s of %s"),
                            metric_label (category->requirement_metric), with_currency, required_text);
  }
}

gboolean
pd_services_requirement_met (const PdServiceCategory *category)
{
  PdMoney required, current;

  return read_money (category->requirement_amount, category->requirement_currency, &required) &&
         read_money (category->current_amount, category->current_currency, &current) &&
         g_str_equal (current.currency, required.currency) &&
         pd_money_compare (&current, &required) >= 0;
}

char *
pd_services_format_price (const PdService *service)
{
  PdMoney price;

  if (!read_money (service->price, service->currency, &price))
    return g_strdup ("—");
  if (price.minor == 0)
    return g_strdup (C_("price", "Free"));
  return pd_money_format_display (&price);
}

const char *
pd_services_format_type (const char *type)
{
  PdServiceType value;

  if (type != NULL && pd_service_type_parse (type, &value, NULL))
    return pd_service_type_to_display (value);
  return type != NULL ? type : "—";
}
