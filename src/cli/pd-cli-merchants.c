/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-cli.h"
#include "pd-cli-merchants.h"
#include "pd-cli-table.h"
#include "pd-merchant-index.h"
#include "pd-merchant-rows.h"
#include "pd-money.h"
#include "pd-stage.h"
#include "pd-store-authorizations.h"
#include "pd-timestamp.h"

/* Rows read from the index at a time: a million rows print in windows. */
#define WINDOW 1024

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdMerchantQuery, pd_merchant_query_clear)

static void
set_text (char       **slot,
          const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static char *
money_text (gboolean    has,
            gint64      minor,
            const char *currency)
{
  PdMoney money = { 0 };

  if (!has)
    return NULL;
  money.minor = minor;
  g_strlcpy (money.currency, currency, sizeof money.currency);
  return pd_money_format_amount (&money);
}

void
pd_cli_merchants_add_json_row (JsonBuilder         *builder,
                               const PdMerchantRow *row,
                               GTimeZone           *zone)
{
  g_autofree char *deadline = row->has_deadline ? pd_timestamp_format (row->deadline, zone) : NULL;
  g_autofree char *gmv = money_text (row->has_gmv, row->gmv_minor, row->gmv_currency);
  g_autofree char *gmv_cny = money_text (row->has_gmv_cny, row->gmv_cny, "CNY");
  g_autofree char *threshold = money_text (row->has_threshold, row->gmv_threshold, "CNY");
  g_autofree char *link_created = row->link_token != NULL ? pd_timestamp_format (row->link_created_at, zone)
                                                          : NULL;

  json_builder_begin_object (builder);
  pd_cli_json_string (builder, "program_id", row->program_id);
  pd_cli_json_string (builder, "seller_id", row->seller_id);
  pd_cli_json_string (builder, "store_id", row->store_id);
  pd_cli_json_string (builder, "seller_name", row->seller_name);
  pd_cli_json_string (builder, "market", row->market);
  pd_cli_json_string (builder, "stage", pd_stage_to_string (row->stage));
  pd_cli_json_string (builder, "verdict", pd_merchant_verdict_to_string (row->verdict));
  pd_cli_json_string (builder, "deadline", deadline);
  pd_cli_json_string (builder, "gmv", gmv);
  pd_cli_json_string (builder, "gmv_currency", row->has_gmv ? row->gmv_currency : NULL);
  pd_cli_json_string (builder, "gmv_cny", gmv_cny);
  pd_cli_json_string (builder, "gmv_threshold_cny", threshold);
  json_builder_set_member_name (builder, "countries");
  if (row->countries >= 0)
    json_builder_add_int_value (builder, row->countries);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "countries_needed");
  if (row->countries >= 0)
    json_builder_add_int_value (builder, row->countries_needed);
  else
    json_builder_add_null_value (builder);
  pd_cli_json_string (builder, "staff", row->staff);
  pd_cli_json_string (builder, "link_token", row->link_token);
  pd_cli_json_string (builder, "link_url", row->link_url);
  pd_cli_json_string (builder, "link_state", row->link_state);
  pd_cli_json_string (builder, "link_created_at", link_created);
  json_builder_end_object (builder);
}

void
pd_cli_merchants_add_table_row (PdCliTable          *table,
                                const PdMerchantRow *row,
                                GTimeZone           *zone)
{
  g_autofree char *deadline = row->has_deadline ? pd_timestamp_format (row->deadline, zone) : NULL;
  g_autofree char *amount = money_text (row->has_gmv, row->gmv_minor, row->gmv_currency);
  g_autofree char *gmv = amount != NULL ? g_strdup_printf ("%s %s", row->gmv_currency, amount) : NULL;
  g_autofree char *countries = row->countries >= 0 ? g_strdup_printf ("%d/%d", row->countries,
                                                                     row->countries_needed) : NULL;
  const char *cells[] = { row->seller_id, row->seller_name, row->store_id, row->market,
                          pd_stage_to_string (row->stage),
                          pd_merchant_verdict_to_string (row->verdict), deadline, gmv, countries,
                          row->staff, row->link_state, row->program_id };

  pd_cli_table_add_row (table, cells);
}

PdCliTable *
pd_cli_merchants_table_new (void)
{
  const char *headers[] = { _("SELLER"), _("NAME"), _("STORE"), _("MARKET"), _("STAGE"),
                            _("VERDICT"), _("DEADLINE"), _("GMV"), _("COUNTRIES"), _("STAFF"),
                            _("LINK"), _("PROGRAM"), NULL };

  return pd_cli_table_new (headers);
}

GPtrArray *
pd_cli_merchants_of_seller (PdStore     *store,
                            const char  *seller_id,
                            GError     **error)
{
  g_autoptr(PdMerchantIndex) index = NULL;
  g_auto(PdMerchantQuery) query;
  g_autoptr(GPtrArray) mine = NULL;

  pd_merchant_query_init (&query);
  if (!pd_merchant_rows_ensure_current (store, g_get_real_time () / G_USEC_PER_SEC, error))
    return NULL;
  /* The search finds the seller's rows (and any whose words start the
   * same); only the seller's own are kept. */
  query.search = g_strdup (seller_id);
  index = pd_merchant_index_new (store);
  mine = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_merchant_row_free);
  for (guint offset = 0;; offset += WINDOW)
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint total = 0;

      if (!pd_merchant_index_query (index, &query, offset, WINDOW, &total, &rows, error))
        return NULL;
      for (guint i = 0; i < rows->len; i++)
        {
          PdMerchantRow *row = g_ptr_array_index (rows, i);

          if (g_strcmp0 (row->seller_id, seller_id) == 0)
            g_ptr_array_add (mine, g_steal_pointer (&rows->pdata[i]));
        }
      if (rows->len < WINDOW)
        break;
    }
  return g_steal_pointer (&mine);
}

int
pd_cli_merchants_command (PdStore  *store,
                          int       argc,
                          char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(PdMerchantIndex) index = NULL;
  g_auto(PdMerchantQuery) query;
  g_autoptr(JsonBuilder) builder = NULL;
  PdCliTable *table = NULL;
  guint64 limit = G_MAXUINT64;
  guint total = 0;
  gboolean json = FALSE;

  pd_merchant_query_init (&query);
  for (int i = 1; i < argc; i++)
    {
      const char *value;

      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (pd_cli_option_value (argc, argv, &i, "--program", &value))
        set_text (&query.program_id, value);
      else if (pd_cli_option_value (argc, argv, &i, "--search", &value))
        set_text (&query.search, value);
      else if (pd_cli_option_value (argc, argv, &i, "--market", &value))
        set_text (&query.market, value);
      else if (pd_cli_option_value (argc, argv, &i, "--staff", &value))
        set_text (&query.staff, value);
      else if (pd_cli_option_value (argc, argv, &i, "--verdict", &value))
        {
          PdMerchantVerdict verdict;

          if (!pd_merchant_verdict_from_string (value, &verdict))
            {
              g_autofree char *message =
                g_strdup_printf (_("unknown verdict “%s”; expected qualified, pending, lost or none"), value);
              return pd_cli_usage_error (PD_CLI_MERCHANTS_USAGE, message);
            }
          query.verdict = (int) verdict;
        }
      else if (pd_cli_option_value (argc, argv, &i, "--stage", &value))
        {
          PdStage stage;

          if (!pd_stage_from_string (value, &stage))
            {
              g_autofree char *message =
                g_strdup_printf (_("unknown stage “%s”; expected target, invited, onboarded, first_sale or"
                                   " sales_met"), value);
              return pd_cli_usage_error (PD_CLI_MERCHANTS_USAGE, message);
            }
          query.stage = (int) stage;
        }
      else if (pd_cli_option_value (argc, argv, &i, "--sort", &value))
        {
          PdMerchantColumn column;

          query.descending = value[0] == '-';
          if (!pd_merchant_column_from_string (value + (query.descending ? 1 : 0), &column))
            {
              g_autofree char *message =
                g_strdup_printf (_("unknown column “%s”; expected seller, market, stage, verdict, deadline,"
                                   " gmv, inventory, staff or link (a leading - sorts descending)"), value);
              return pd_cli_usage_error (PD_CLI_MERCHANTS_USAGE, message);
            }
          query.sort = column;
        }
      else if (pd_cli_option_value (argc, argv, &i, "--limit", &value))
        {
          guint64 n;

          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &n, NULL))
            {
              g_autofree char *message =
                g_strdup_printf (_("invalid limit “%s”; expected a whole number of rows"), value);
              return pd_cli_usage_error (PD_CLI_MERCHANTS_USAGE, message);
            }
          limit = n;
        }
      else
        return pd_cli_unknown_argument (PD_CLI_MERCHANTS_USAGE, argv[i]);
    }

  zone = pd_store_dup_user_zone (store, &error);
  if (zone == NULL)
    return pd_cli_report_error (error);
  /* Rows never built, or past the time a verdict changes with the clock:
   * brought up to date before they are read. */
  if (!pd_merchant_rows_ensure_current (store, g_get_real_time () / G_USEC_PER_SEC, &error))
    return pd_cli_report_error (error);

  index = pd_merchant_index_new (store);
  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }
  else
    table = pd_cli_merchants_table_new ();

  for (guint64 offset = 0; offset < limit; offset += WINDOW)
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint n = (guint) MIN (WINDOW, limit - offset);

      if (!pd_merchant_index_query (index, &query, (guint) offset, n, &total, &rows, &error))
        {
          if (table != NULL)
            pd_cli_table_print (table, NULL);
          return pd_cli_report_error (error);
        }
      for (guint i = 0; i < rows->len; i++)
        {
          if (json)
            pd_cli_merchants_add_json_row (builder, g_ptr_array_index (rows, i), zone);
          else
            pd_cli_merchants_add_table_row (table, g_ptr_array_index (rows, i), zone);
        }
      if (rows->len < n)
        break;
    }

  if (json)
    {
      json_builder_end_array (builder);
      pd_cli_print_json (builder);
    }
  else
    pd_cli_table_print (table, _("No merchants match."));
  return PD_CLI_EXIT_OK;
}
