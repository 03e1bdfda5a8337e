/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-cli.h"
#include "pd-cli-import.h"
#include "pd-cli-link.h"
#include "pd-cli-merchants.h"
#include "pd-cli-payouts.h"
#include "pd-safe-text.h"
#include "pd-cli-project.h"
#include "pd-cli-program.h"
#include "pd-cli-requests.h"
#include "pd-cli-services.h"
#include "pd-cli-shops.h"
#include "pd-cli-sync.h"
#include "pd-cli-team.h"
#include "pd-config.h"
#include "pd-store.h"

typedef int (*PdCliCommandFunc) (PdStore  *store,
                                 int       argc,
                                 char    **argv);

typedef struct
{
  const char       *name;
  const char       *usage;
  PdCliCommandFunc  func;
} PdCliCommand;

int
pd_cli_usage_error (const char *usage,
                    const char *message)
{
  if (message != NULL)
    g_printerr ("partnerdesk-cli: %s\n", message);
  g_printerr (_("Usage: partnerdesk-cli [--store FILE] %s\n"), usage);
  return PD_CLI_EXIT_USAGE;
}

int
pd_cli_unknown_argument (const char *usage,
                         const char *argument)
{
  g_autofree char *message = g_strdup_printf (_("unknown argument “%s”"), argument);

  return pd_cli_usage_error (usage, message);
}

gboolean
pd_cli_option_value (int          argc,
                     char       **argv,
                     int         *i,
                     const char  *name,
                     const char **value)
{
  gsize len = strlen (name);

  if (g_str_equal (argv[*i], name) && *i + 1 < argc)
    {
      *value = argv[++*i];
      return TRUE;
    }
  if (strncmp (argv[*i], name, len) == 0 && argv[*i][len] == '=')
    {
      *value = argv[*i] + len + 1;
      return TRUE;
    }
  return FALSE;
}

/* Errors about what the user typed exit 2, anything else 1 (partnerdesk-cli(1)). */
static int
report_error (const GError *error)
{
  g_printerr ("partnerdesk-cli: %s\n", error->message);
  if (error->domain == PD_CONFIG_ERROR)
    return PD_CLI_EXIT_USAGE;
  return PD_CLI_EXIT_FAILURE;
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

  return dt != NULL ? g_date_time_format_iso8601 (dt) : g_strdup ("");
}

static int
status_command (PdStore  *store,
                int       argc,
                char    **argv)
{
  g_auto(PdStoreCounts) counts = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  struct { const char *key; const char *label; gint64 value; } rows[11];
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else
        return pd_cli_usage_error ("status [--json]", NULL);
    }

  if (!pd_store_get_counts (store, &counts, &error))
    return report_error (error);

#define ROW(k, l) rows[n].key = #k; rows[n].label = l; rows[n].value = counts.k; n++
  ROW (programs, _("Programs"));
  ROW (target_merchants, _("Target merchants"));
  ROW (links, _("Links"));
  ROW (stores, _("Stores"));
  ROW (exchange_rates, _("Exchange rates"));
  ROW (service_categories, _("Service categories"));
  ROW (services, _("Services"));
  ROW (seller_requests, _("Seller requests"));
  ROW (authorizations, _("Authorizations"));
  ROW (payouts, _("Payouts"));
  ROW (outbox, _("Outbox"));
#undef ROW

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      for (guint i = 0; i < n; i++)
        {
          json_builder_set_member_name (builder, rows[i].key);
          json_builder_add_int_value (builder, rows[i].value);
        }
      json_builder_set_member_name (builder, "last_sync");
      if (counts.last_sync_result != NULL)
        {
          g_autofree char *at = format_time (counts.last_sync_at);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "at");
          json_builder_add_string_value (builder, at);
          json_builder_set_member_name (builder, "result");
          json_builder_add_string_value (builder, counts.last_sync_result);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      g_print (_("Store: %s\n"), pd_store_get_path (store));
      for (guint i = 0; i < n; i++)
        g_print ("%-22s %" G_GINT64_FORMAT "\n", rows[i].label, rows[i].value);
      if (counts.last_sync_result != NULL)
        {
          g_autofree char *at = format_time (counts.last_sync_at);
          /* Stored safe since issue 13; a store written before may not be. */
          g_autofree char *result = pd_safe_text_dup (counts.last_sync_result, -1, 0, PD_SAFE_TEXT_DEFAULT);

          g_print (_("Last sync: %s (%s)\n"), at, result);
        }
      else
        g_print (_("Last sync: never\n"));
    }

  return PD_CLI_EXIT_OK;
}

static int
config_command (PdStore  *store,
                int       argc,
                char    **argv)
{
  static const char usage[] = "config get KEY | config set KEY VALUE | config list";
  g_autoptr(GError) error = NULL;

  if (argc >= 2 && g_str_equal (argv[1], "get") && argc == 3)
    {
      g_autofree char *value = pd_store_dup_setting (store, argv[2], &error);

      if (value == NULL)
        return report_error (error);
      g_print ("%s\n", value);
      return PD_CLI_EXIT_OK;
    }

  if (argc >= 2 && g_str_equal (argv[1], "set") && argc == 4)
    {
      if (!pd_store_set_setting (store, argv[2], argv[3], &error))
        return report_error (error);
      return PD_CLI_EXIT_OK;
    }

  if (argc == 2 && g_str_equal (argv[1], "list"))
    {
      g_autoptr(GPtrArray) keys = pd_store_list_settings (store, &error);

      if (keys == NULL)
        return report_error (error);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = g_ptr_array_index (keys, i);
          g_autofree char *value = pd_store_dup_setting (store, key, &error);

          if (value == NULL)
            return report_error (error);
          g_print ("%s=%s\n", key, value);
        }
      return PD_CLI_EXIT_OK;
    }

  return pd_cli_usage_error (usage, NULL);
}

/* partnerdesk-cli export payouts|links|merchants */
static int
export_command (PdStore  *store,
                int       argc,
                char    **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "payouts"))
    return pd_cli_export_payouts_command (store, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "links"))
    return pd_cli_export_command (store, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "merchants"))
    return pd_cli_export_merchants_command (store, argc, argv);
  return pd_cli_usage_error (PD_CLI_EXPORT_USAGE, NULL);
}

static const PdCliCommand commands[] = {
  { "status", "status [--json]", status_command },
  { "config", "config get KEY | config set KEY VALUE | config list", config_command },
  { "import", PD_CLI_IMPORT_USAGE, pd_cli_import_command },
  { "project", PD_CLI_PROJECT_USAGE, pd_cli_project_command },
  { "program", PD_CLI_PROGRAM_USAGE, pd_cli_program_command },
  { "export", PD_CLI_EXPORT_USAGE, export_command },
  { "link", PD_CLI_LINK_USAGE, pd_cli_link_command },
  { "sync", PD_CLI_SYNC_USAGE, pd_cli_sync_command },
  { "categories", PD_CLI_CATEGORIES_USAGE, pd_cli_categories_command },
  { "category", PD_CLI_CATEGORY_USAGE, pd_cli_category_command },
  { "services", PD_CLI_SERVICES_USAGE, pd_cli_services_command },
  { "service", PD_CLI_SERVICE_USAGE, pd_cli_service_command },
  { "requests", PD_CLI_REQUESTS_USAGE, pd_cli_requests_command },
  { "request", PD_CLI_REQUEST_USAGE, pd_cli_request_command },
  { "authorizations", PD_CLI_AUTHORIZATIONS_USAGE, pd_cli_authorizations_command },
  { "merchants", PD_CLI_MERCHANTS_USAGE, pd_cli_merchants_command },
  { "shop", PD_CLI_SHOP_USAGE, pd_cli_shop_command },
  { "shops", PD_CLI_SHOPS_USAGE, pd_cli_shops_command },
  { "merchant", PD_CLI_MERCHANT_USAGE, pd_cli_merchant_command },
  { "team", PD_CLI_TEAM_USAGE, pd_cli_team_command },
};

static void
print_help (void)
{
  g_print (_("Usage: partnerdesk-cli [--store FILE] COMMAND [ARGS]\n\n"
             "Works on the same store as the Partner Desk app.\n\n"
             "Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %s\n", commands[i].usage);
}

int
pd_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *store_path = NULL;
  int first = 1;

  while (first < argc && argv[first][0] == '-')
    {
      if (g_str_equal (argv[first], "--store") && first + 1 < argc)
        {
          store_path = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--store="))
        {
          store_path = g_strdup (argv[first] + strlen ("--store="));
          first += 1;
        }
      else if (g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h"))
        {
          print_help ();
          return PD_CLI_EXIT_OK;
        }
      else if (g_str_equal (argv[first], "--version"))
        {
          g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
          return PD_CLI_EXIT_OK;
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("unknown option “%s”"), argv[first]);
          return pd_cli_usage_error ("COMMAND [ARGS]", message);
        }
    }

  if (first >= argc)
    {
      print_help ();
      return PD_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (commands[i].name, argv[first]))
        continue;

      if (store_path == NULL)
        store_path = pd_store_dup_default_path ();
      store = pd_store_open (store_path, &error);
      if (store == NULL)
        {
          g_printerr ("partnerdesk-cli: %s\n", error->message);
          return PD_CLI_EXIT_FAILURE;
        }
      return commands[i].func (store, argc - first, argv + first);
    }

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), argv[first]);
    return pd_cli_usage_error ("COMMAND [ARGS]", message);
  }
}
