/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-cli.h"
#include "pd-cli-services.h"
#include "pd-cli-table.h"
#include "pd-store-services.h"

/* "USD 41,200.00 of 50,000.00"-like cells are built from the canonical
 * amounts; money is never a float. */
static char *
amount_cell (const char *amount,
             const char *currency)
{
  if (amount == NULL)
    return NULL;
  return currency != NULL ? g_strdup_printf ("%s %s", currency, amount) : g_strdup (amount);
}

int
pd_cli_categories_command (PdStore  *store,
                           int       argc,
                           char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else
        return pd_cli_unknown_argument (PD_CLI_CATEGORIES_USAGE, argv[i]);
    }

  list = pd_store_list_service_categories (store, &error);
  if (list == NULL)
    return pd_cli_report_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          PdServiceCategory *c = g_ptr_array_index (list, i);

          json_builder_begin_object (builder);
          pd_cli_json_string (builder, "id", c->id);
          pd_cli_json_string (builder, "name", c->name);
          pd_cli_json_string (builder, "state", c->state);
          json_builder_set_member_name (builder, "requirement");
          json_builder_begin_object (builder);
          pd_cli_json_string (builder, "metric", c->requirement_metric);
          pd_cli_json_string (builder, "amount", c->requirement_amount);
          pd_cli_json_string (builder, "currency", c->requirement_currency);
          pd_cli_json_string (builder, "operation_qualification", c->operation_qualification);
          json_builder_end_object (builder);
          json_builder_set_member_name (builder, "current");
          json_builder_begin_object (builder);
          pd_cli_json_string (builder, "amount", c->current_amount);
          pd_cli_json_string (builder, "currency", c->current_currency);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      pd_cli_print_json (builder);
    }
  else
    {
      const char *headers[] = { _("ID"), _("NAME"), _("STATE"), _("REQUIREMENT"), _("CURRENT"),
                                _("OPERATION QUALIFICATION"), NULL };
      PdCliTable *table = pd_cli_table_new (headers);

      for (guint i = 0; i < list->len; i++)
        {
          PdServiceCategory *c = g_ptr_array_index (list, i);
          g_autofree char *amount = amount_cell (c->requirement_amount, c->requirement_currency);
          g_autofree char *requirement = c->requirement_metric != NULL && amount != NULL
                                         ? g_strdup_printf ("%s %s", c->requirement_metric, amount)
                                         : g_strdup (amount);
          g_autofree char *current = amount_cell (c->current_amount, c->current_currency);
          const char *cells[] = { c->id, c->name, c->state, requirement, current,
                                  c->operation_qualification };

          pd_cli_table_add_row (table, cells);
        }
      pd_cli_table_print (table, _("No service categories (sync brings them)."));
    }
  return PD_CLI_EXIT_OK;
}

int
pd_cli_category_command (PdStore  *store,
                         int       argc,
                         char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  PdCategoryAction action;

  if (argc < 2)
    return pd_cli_usage_error (PD_CLI_CATEGORY_USAGE, NULL);
  if (g_str_equal (argv[1], "apply"))
    action = PD_CATEGORY_ACTION_APPLY;
  else if (g_str_equal (argv[1], "withdraw"))
    action = PD_CATEGORY_ACTION_WITHDRAW;
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("unknown action “%s”; expected apply or withdraw"), argv[1]);

      return pd_cli_usage_error (PD_CLI_CATEGORY_USAGE, message);
    }
  if (argc != 3 || argv[2][0] == '-' || argv[2][0] == '\0')
    return pd_cli_usage_error (PD_CLI_CATEGORY_USAGE, argc > 3 ? _("exactly one ID is expected")
                                                               : _("the category ID is missing"));

  if (!pd_store_category_move (store, argv[2], action, &state, &error))
    return pd_cli_report_error (error);
  g_print (_("Category %s is now %s; `sync` sends the request\n"), argv[2], state);
  return PD_CLI_EXIT_OK;
}

int
pd_cli_services_command (PdStore  *store,
                         int       argc,
                         char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *category = NULL;
  gboolean json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      const char *value;

      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (pd_cli_option_value (argc, argv, &i, "--category", &value))
        category = value;
      else
        return pd_cli_unknown_argument (PD_CLI_SERVICES_USAGE, argv[i]);
    }

  list = pd_store_list_services (store, category, &error);
  if (list == NULL)
    return pd_cli_report_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          PdService *s = g_ptr_array_index (list, i);

          json_builder_begin_object (builder);
          pd_cli_json_string (builder, "id", s->id);
          pd_cli_json_string (builder, "category_id", s->category_id);
          pd_cli_json_string (builder, "name", s->name);
          pd_cli_json_string (builder, "type", s->type);
          pd_cli_json_string (builder, "description", s->description);
          pd_cli_json_string (builder, "price", s->price);
          pd_cli_json_string (builder, "currency", s->currency);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      pd_cli_print_json (builder);
    }
  else
    {
      const char *headers[] = { _("ID"), _("CATEGORY"), _("NAME"), _("TYPE"), _("PRICE"),
                                _("DESCRIPTION"), NULL };
      PdCliTable *table = pd_cli_table_new (headers);

      for (guint i = 0; i < list->len; i++)
        {
          PdService *s = g_ptr_array_index (list, i);
          g_autofree char *price = amount_cell (s->price, s->currency);
          const char *cells[] = { s->id, s->category_id, s->name, s->type, price, s->description };

          pd_cli_table_add_row (table, cells);
        }
      pd_cli_table_print (table, _("No services."));
    }
  return PD_CLI_EXIT_OK;
}

int
pd_cli_service_command (PdStore  *store,
                        int       argc,
                        char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  PdServiceEdit edit = { 0 };
  const char *service_id = NULL;
  gboolean is_new;
  int first;

  if (argc >= 2 && g_str_equal (argv[1], "new"))
    {
      is_new = TRUE;
      first = 2;
    }
  else if (argc >= 3 && g_str_equal (argv[1], "edit") && argv[2][0] != '-')
    {
      is_new = FALSE;
      service_id = argv[2];
      first = 3;
    }
  else
    return pd_cli_usage_error (PD_CLI_SERVICE_USAGE, NULL);

  for (int i = first; i < argc; i++)
    {
      const char *value;

      if (is_new && pd_cli_option_value (argc, argv, &i, "--category", &value))
        edit.category_id = value;
      else if (pd_cli_option_value (argc, argv, &i, "--name", &value))
        edit.name = value;
      else if (pd_cli_option_value (argc, argv, &i, "--type", &value))
        edit.type = value;
      else if (pd_cli_option_value (argc, argv, &i, "--description", &value))
        edit.description = value;
      else if (pd_cli_option_value (argc, argv, &i, "--price", &value))
        edit.price = value;
      else
        return pd_cli_unknown_argument (PD_CLI_SERVICE_USAGE, argv[i]);
    }
  if (is_new && (edit.category_id == NULL || edit.name == NULL || edit.type == NULL))
    return pd_cli_usage_error (PD_CLI_SERVICE_USAGE, _("service new needs --category ID, --name TEXT"
                                                       " and --type public|custom"));

  if (!pd_store_service_save (store, service_id, &edit, &id, &error))
    return pd_cli_report_error (error);
  if (is_new)
    g_print ("%s\n", id);
  else
    g_print (_("Service %s saved; `sync` sends it\n"), id);
  return PD_CLI_EXIT_OK;
}
