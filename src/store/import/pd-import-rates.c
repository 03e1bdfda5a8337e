/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include "pd-store-tables.h"
#include "pd-import-run-private.h"

/* ------------------------------------------------------------------ */
/* Exchange rates. */

enum
{
  R_CURRENCY,
  R_CNY_PER_UNIT,
};

static const PdCsvColumn rate_columns[] = {
  { "currency", "币种", TRUE },
  { "cny_per_unit", NULL, TRUE },
};

/* Parameters: ?1 currency, ?2 cny_per_unit_micros, ?3 now. */
static gboolean
rates_prepare (Run     *run,
               GError **error)
{
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);
  const PdStoreTable *rates = pd_store_table_lookup ("fx_rate");

  pd_import_add_table_column (set, changed, rates, 2);
  g_string_append (set, ", updated_at = ?3");

  return pd_import_prepare_table (run, rates, 3, set, changed, error);
}

static gboolean
rates_row (Run        *run,
           GPtrArray  *fields,
           guint64     line,
           GError    **error)
{
  PdImportResult *result = run->result;
  g_autoptr(GError) local_error = NULL;
  Value values[3] = { { 0 } };
  char currency[4];
  gboolean currency_ok;
  PdRate rate;
  gboolean ok = TRUE;

  currency_ok = pd_currency_parse (field (run, fields, R_CURRENCY), currency, &local_error);
  if (!currency_ok)
    {
      pd_import_add_value_problem (run, line, R_CURRENCY, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  if (!pd_rate_parse (field (run, fields, R_CNY_PER_UNIT), &rate, &local_error))
    {
      pd_import_add_value_problem (run, line, R_CNY_PER_UNIT, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  else if (currency_ok && g_str_equal (currency, "CNY") && rate.micros != 1000000)
    {
      pd_import_add_problem (run, line, R_CNY_PER_UNIT, _("CNY is the base currency, its rate cannot be “%s”; expected 1"),
                             field (run, fields, R_CNY_PER_UNIT));
      ok = FALSE;
    }

  if (currency_ok)
    pd_import_check_key (run, line, R_CURRENCY, run->no_prefix_state, NULL, currency);

  if (!ok || result->n_problems > 0)
    return TRUE;

  set_text (&values[0], currency);
  set_int (&values[1], rate.micros);
  set_int (&values[2], run->now);
  return pd_import_upsert (run, values, G_N_ELEMENTS (values), error) != UPSERT_FAILED;
}

static gboolean
rates_key (Run         *run,
           GPtrArray   *fields,
           const char **prefix,
           const char **key)
{
  char currency[4];

  if (!pd_currency_parse (field (run, fields, R_CURRENCY), currency, NULL))
    return FALSE;
  g_string_assign (run->scratch, currency);
  *prefix = NULL;
  *key = run->scratch->str;
  return TRUE;
}

static gboolean
rates_prepare_all (Run     *run,
                   GError **error)
{
  run->scratch = g_string_new (NULL);
  return rates_prepare (run, error);
}

const KindClass pd_import_rates_class = {
  rate_columns, G_N_ELEMENTS (rate_columns), "import.rates", N_("currency"),
  rates_prepare_all, rates_row, rates_key, NULL,
};

