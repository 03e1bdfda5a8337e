/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pd-cli.h"
#include "pd-cli-shops.h"
#include "pd-cli-table.h"
#include "pd-open-api-client.h"
#include "pd-store-authorizations.h"
#include "pd-store-open-api.h"
#include "pd-timestamp.h"

static void
print_shops (PdStore   *store,
             GPtrArray *shops,
             gboolean   json)
{
  g_autoptr(GTimeZone) zone = pd_store_dup_user_zone (store, NULL);

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < shops->len; i++)
        {
          PdOpenApiShop *s = g_ptr_array_index (shops, i);
          g_autofree char *ends = pd_timestamp_format (s->refresh_expires_at, zone);
          g_autofree char *read = s->last_read_at != 0 ? pd_timestamp_format (s->last_read_at, zone) : NULL;

          json_builder_begin_object (builder);
          pd_cli_json_string (builder, "shop_id", s->shop_id);
          pd_cli_json_string (builder, "name", s->name);
          pd_cli_json_string (builder, "region", s->region);
          pd_cli_json_string (builder, "seller_id", s->seller_id);
          pd_cli_json_string (builder, "authorization_ends_at", ends);
          pd_cli_json_string (builder, "last_read_at", read);
          pd_cli_json_string (builder, "state", s->state);
          pd_cli_json_string (builder, "last_error", s->last_error);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      pd_cli_print_json (builder);
    }
  else
    {
      const char *headers[] = { _("SHOP"), _("NAME"), _("REGION"), _("SELLER"),
                                _("AUTHORIZATION ENDS"), _("LAST READ"), _("STATE"), NULL };
      PdCliTable *table = pd_cli_table_new (headers);

      for (guint i = 0; i < shops->len; i++)
        {
          PdOpenApiShop *s = g_ptr_array_index (shops, i);
          g_autofree char *ends = pd_timestamp_format (s->refresh_expires_at, zone);
          g_autofree char *read = s->last_read_at != 0 ? pd_timestamp_format (s->last_read_at, zone)
                                                       : g_strdup (_("never"));
          const char *cells[] = { s->shop_id, s->name, s->region, s->seller_id, ends, read, s->state };

          pd_cli_table_add_row (table, cells);
        }
      pd_cli_table_print (table, _("No connected shops; connect one with partnerdesk-cli shop connect."));
    }
}

int
pd_cli_shops_command (PdStore  *store,
                      int       argc,
                      char    **argv)
{
  g_autoptr(GPtrArray) shops = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else
        return pd_cli_unknown_argument (PD_CLI_SHOPS_USAGE, argv[i]);
    }
  shops = pd_store_open_api_list_shops (store, NULL, &error);
  if (shops == NULL)
    return pd_cli_report_error (error);
  print_shops (store, shops, json);
  return PD_CLI_EXIT_OK;
}

static int
connect_command (PdStore    *store,
                 const char *url_or_code)
{
  g_autoptr(PdOpenApiClient) client = NULL;
  g_autoptr(GPtrArray) shops = NULL;
  g_autoptr(GError) error = NULL;
  const char *scale = g_getenv ("PARTNERDESK_TEST_SYNC_DELAY_SCALE");

  client = pd_open_api_client_new (store, NULL, &error);
  if (client == NULL)
    return pd_cli_report_error (error);
  if (scale != NULL)
    pd_open_api_client_set_delay_scale (client, g_ascii_strtod (scale, NULL));
  shops = pd_open_api_client_connect (client, url_or_code, NULL, &error);
  if (shops == NULL)
    return pd_cli_report_error (error);
  print_shops (store, shops, FALSE);
  return PD_CLI_EXIT_OK;
}

static int
read_command (PdStore    *store,
              const char *shop_id,
              gboolean    overwrite_settled)
{
  g_autoptr(PdOpenApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const char *scale = g_getenv ("PARTNERDESK_TEST_SYNC_DELAY_SCALE");
  guint n_read = 0, n_ended = 0;
  gboolean ok;

  client = pd_open_api_client_new (store, NULL, &error);
  if (client == NULL)
    return pd_cli_report_error (error);
  if (scale != NULL)
    pd_open_api_client_set_delay_scale (client, g_ascii_strtod (scale, NULL));
  ok = pd_open_api_client_read (client, shop_id, overwrite_settled, &n_read, &n_ended, NULL, &error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Read %u shop", "Read %u shops", n_read), n_read);
  g_print ("\n");
  if (n_ended > 0)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "%u authorization was cancelled or has ended: its shops are marked so, their figures kept",
                            "%u authorizations were cancelled or have ended: their shops are marked so, their figures kept",
                            n_ended), n_ended);
      g_print ("\n");
    }
  if (!ok)
    return pd_cli_report_error (error);
  return PD_CLI_EXIT_OK;
}

int
pd_cli_shop_command (PdStore  *store,
                     int       argc,
                     char    **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "connect"))
    {
      if (argc != 3)
        return pd_cli_usage_error (PD_CLI_SHOP_USAGE, _("shop connect takes the redirect URL or the code"));
      if (g_str_equal (argv[2], "-"))
        {
          /* From standard input: the code then stays off the command line. */
          g_autoptr(GIOChannel) in = g_io_channel_unix_new (0);
          g_autofree char *line = NULL;
          g_autoptr(GError) error = NULL;

          if (g_io_channel_read_line (in, &line, NULL, NULL, &error) != G_IO_STATUS_NORMAL || line == NULL)
            return pd_cli_usage_error (PD_CLI_SHOP_USAGE,
                                       _("shop connect -: expected the redirect URL or the code on standard input"));
          return connect_command (store, g_strstrip (line));
        }
      return connect_command (store, argv[2]);
    }
  if (argc >= 2 && g_str_equal (argv[1], "read"))
    {
      const char *shop_id = NULL;
      gboolean overwrite = FALSE;

      for (int i = 2; i < argc; i++)
        {
          if (g_str_equal (argv[i], "--overwrite-settled"))
            overwrite = TRUE;
          else if (argv[i][0] != '-' && shop_id == NULL)
            shop_id = argv[i];
          else
            return pd_cli_unknown_argument (PD_CLI_SHOP_USAGE, argv[i]);
        }
      return read_command (store, shop_id, overwrite);
    }
  return pd_cli_usage_error (PD_CLI_SHOP_USAGE, NULL);
}
