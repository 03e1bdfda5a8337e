/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-rules"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "pd-country.h"
#include "pd-rules-override.h"

/* The assumptions of the programs in data/programs. */
static const char * const known_sentences[] = {
  N_("Period boundaries are evaluated in platform time (Asia/Shanghai)."),
  N_("The governance discount is not published; 0.5 of the quarter's payout is assumed."),
  N_("Inventory countries counted: GB, DE, FR, IT, ES, IE; the rule is assumed not to apply to JP-market stores."),
  N_("Stores are grouped by seller id, not by brand, for the first-store rule."),
  N_("Period boundaries are evaluated in US Pacific time."),
};

const char *
pd_assumption_to_display (const char *sentence)
{
  for (guint i = 0; sentence != NULL && i < G_N_ELEMENTS (known_sentences); i++)
    if (g_str_equal (sentence, known_sentences[i]))
      return _(known_sentences[i]);
  return sentence;
}

static const char * const key_names[PD_N_OVERRIDES] = {
  "governance.high_risk_paid_fraction",
  "inventory.countries",
  "inventory.min_countries",
};

const char *
pd_override_key_to_string (PdOverrideKey key)
{
  g_return_val_if_fail (key < PD_N_OVERRIDES, NULL);
  return key_names[key];
}

gboolean
pd_override_key_from_string (const char    *text,
                             PdOverrideKey *out)
{
  for (guint k = 0; text != NULL && k < PD_N_OVERRIDES; k++)
    if (g_str_equal (text, key_names[k]))
      {
        *out = k;
        return TRUE;
      }
  return FALSE;
}

const char *
pd_override_key_to_display (PdOverrideKey key)
{
  switch (key)
    {
    case PD_OVERRIDE_PAID_FRACTION:
      return _("Governance paid fraction");
    case PD_OVERRIDE_INVENTORY_COUNTRIES:
      return _("Inventory countries");
    case PD_OVERRIDE_INVENTORY_MIN:
      return _("Minimum inventory countries");
    case PD_N_OVERRIDES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
pd_rules_can_override (const PdRules *rules,
                       PdOverrideKey  key)
{
  g_return_val_if_fail (rules != NULL, FALSE);

  if (rules->kind != PD_PROGRAM_KIND_RECRUITMENT || key >= PD_N_OVERRIDES)
    return FALSE;
  if (key == PD_OVERRIDE_PAID_FRACTION)
    return TRUE;
  return pd_rules_has_condition (rules, PD_CONDITION_INVENTORY);
}

char *
pd_rules_dup_override_value (const PdRules *rules,
                             PdOverrideKey  key)
{
  g_return_val_if_fail (rules != NULL, NULL);

  switch (key)
    {
    case PD_OVERRIDE_PAID_FRACTION:
      return pd_fraction_format (&rules->high_risk_paid_fraction);
    case PD_OVERRIDE_INVENTORY_COUNTRIES:
      return rules->inventory_countries != NULL ? g_strjoinv (";", rules->inventory_countries) : g_strdup ("");
    case PD_OVERRIDE_INVENTORY_MIN:
      return g_strdup_printf ("%u", rules->inventory_min_countries);
    case PD_N_OVERRIDES:
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
parse_min (const char  *value,
           guint       *out,
           GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  guint64 n = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 249, &n, NULL))
    {
      g_set_error (error, PD_RULES_ERROR, PD_RULES_ERROR_INVALID,
                   _("Minimum inventory countries “%s” is not valid; expected a whole number from 1 to the number of countries counted"),
                   value);
      return FALSE;
    }
  *out = (guint) n;
  return TRUE;
}

static GPtrArray *
parse_countries (const char  *value,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *codes = NULL;

  if (!pd_country_list_parse (value, &codes, &local_error))
    {
      g_set_error (error, PD_RULES_ERROR, PD_RULES_ERROR_INVALID,
                   _("Inventory countries “%s” are not valid: %s"), value, local_error->message);
      return NULL;
    }
  if (codes->len == 0)
    {
      g_ptr_array_unref (codes);
      g_set_error (error, PD_RULES_ERROR, PD_RULES_ERROR_INVALID,
                   _("Inventory countries are empty; expected country codes separated by “;”, such as DE;FR;IT"));
      return NULL;
    }
  return codes;
}

char *
pd_override_normalize (PdOverrideKey   key,
                       const char     *value,
                       GError        **error)
{
  g_return_val_if_fail (key < PD_N_OVERRIDES, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  switch (key)
    {
    case PD_OVERRIDE_PAID_FRACTION:
      {
        g_autofree char *text = g_strstrip (g_strdup (value));
        PdFraction fraction;

        if (!pd_decimal_parse_fraction (text, &fraction, NULL))
          {
            g_set_error (error, PD_RULES_ERROR, PD_RULES_ERROR_INVALID,
                         _("Governance paid fraction “%s” is not valid; expected a decimal from 0 to 1 with a dot, such as 0.5"),
                         value);
            return NULL;
          }
        return g_steal_pointer (&text);
      }

    case PD_OVERRIDE_INVENTORY_COUNTRIES:
      {
        g_autoptr(GPtrArray) codes = parse_countries (value, error);

        if (codes == NULL)
          return NULL;
        g_ptr_array_add (codes, NULL);
        return g_strjoinv (";", (char **) codes->pdata);
      }

    case PD_OVERRIDE_INVENTORY_MIN:
      {
        guint n;

        if (!parse_min (value, &n, error))
          return NULL;
        return g_strdup_printf ("%u", n);
      }

    case PD_N_OVERRIDES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
pd_override_values_equal (PdOverrideKey  key,
                          const char    *a,
                          const char    *b)
{
  PdFraction x, y;

  if (a == NULL || b == NULL)
    return a == b;
  if (key == PD_OVERRIDE_PAID_FRACTION &&
      pd_decimal_parse_fraction (a, &x, NULL) && pd_decimal_parse_fraction (b, &y, NULL))
    /* Terms of at most 10^9: the products fit. */
    return x.numerator * y.denominator == y.numerator * x.denominator;
  return g_str_equal (a, b);
}

gboolean
pd_rules_apply_overrides (PdRules             *rules,
                          const PdOverrideKey *keys,
                          const char * const  *values,
                          guint                n,
                          GError             **error)
{
  PdFraction fraction;
  g_auto(GStrv) countries = NULL;
  guint min_countries;
  gboolean has_fraction = FALSE;

  g_return_val_if_fail (rules != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (keys != NULL && values != NULL), FALSE);

  /* Everything is checked before anything changes. */
  fraction = rules->high_risk_paid_fraction;
  min_countries = rules->inventory_min_countries;
  for (guint i = 0; i < n; i++)
    {
      if (keys[i] >= PD_N_OVERRIDES || !pd_rules_can_override (rules, keys[i]))
        {
          g_set_error (error, PD_RULES_ERROR, PD_RULES_ERROR_UNSUPPORTED,
                       _("Program %s has no “%s” to override"), rules->program_id,
                       keys[i] < PD_N_OVERRIDES ? key_names[keys[i]] : "?");
          return FALSE;
        }
      switch (keys[i])
        {
        case PD_OVERRIDE_PAID_FRACTION:
          {
            g_autofree char *text = pd_override_normalize (keys[i], values[i], error);

            if (text == NULL)
              return FALSE;
            pd_decimal_parse_fraction (text, &fraction, NULL);
            has_fraction = TRUE;
          }
          break;

        case PD_OVERRIDE_INVENTORY_COUNTRIES:
          {
            g_autoptr(GPtrArray) codes = parse_countries (values[i], error);

            if (codes == NULL)
              return FALSE;
            g_ptr_array_add (codes, NULL);
            g_clear_pointer (&countries, g_strfreev);
            countries = (GStrv) g_ptr_array_steal (codes, NULL);
            g_ptr_array_set_free_func (codes, NULL);
          }
          break;

        case PD_OVERRIDE_INVENTORY_MIN:
          if (!parse_min (values[i], &min_countries, error))
            return FALSE;
          break;

        case PD_N_OVERRIDES:
        default:
          g_return_val_if_reached (FALSE);
        }
    }

  if (rules->kind == PD_PROGRAM_KIND_RECRUITMENT && pd_rules_has_condition (rules, PD_CONDITION_INVENTORY))
    {
      guint n_countries = g_strv_length (countries != NULL ? countries : rules->inventory_countries);

      if (min_countries < 1 || min_countries > n_countries)
        {
          g_set_error (error, PD_RULES_ERROR, PD_RULES_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Minimum inventory countries %u is more than the %u country counted",
                                    "Minimum inventory countries %u is more than the %u countries counted",
                                    n_countries),
                       min_countries, n_countries);
          return FALSE;
        }
    }

  if (has_fraction)
    rules->high_risk_paid_fraction = fraction;
  if (countries != NULL)
    {
      g_strfreev (rules->inventory_countries);
      rules->inventory_countries = g_steal_pointer (&countries);
    }
  rules->inventory_min_countries = min_countries;
  return TRUE;
}
