/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "partnerdesk-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pd-cli.h"
#include "pd-cli-program.h"
#include "pd-stage.h"
#include "pd-store-overrides.h"
#include "pd-store-rules.h"

/* `program override PROGRAM KEY VALUE`: KEY is one of the program's
 * overridable assumptions (governance.high_risk_paid_fraction,
 * inventory.countries, inventory.min_countries) or a default stage rate
 * (stage_rate.invited, ...; every program's). VALUE `default` goes back
 * to the program file's value (the built-in rate). */

static int
report (const GError *error)
{
  g_printerr ("partnerdesk-cli: %s\n", error->message);
  return error->domain == PD_STORE_ERROR && error->code == PD_STORE_ERROR_INVALID ?
         PD_CLI_EXIT_USAGE : PD_CLI_EXIT_FAILURE;
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = unix_seconds > 0 ? g_date_time_new_from_unix_local (unix_seconds) : NULL;

  return dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;
}

char *
pd_cli_program_overrides_json (PdStore     *store,
                               const char  *program_id,
                               GError     **error)
{
  g_autoptr(GPtrArray) list = pd_store_list_all_overrides (store, program_id, error);
  g_autoptr(GString) out = NULL;

  if (list == NULL)
    return NULL;
  out = g_string_new ("[");
  for (guint i = 0; i < list->len; i++)
    {
      PdProgramOverride *o = g_ptr_array_index (list, i);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *at = format_time (o->set_at);
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, o->name);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, o->value);
      json_builder_set_member_name (builder, o->key < PD_N_OVERRIDES ? "program_file" : "default");
      json_builder_add_string_value (builder, o->file_value);
      json_builder_set_member_name (builder, "set_at");
      if (at != NULL)
        json_builder_add_string_value (builder, at);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "set_by");
      if (o->set_by != NULL)
        json_builder_add_string_value (builder, o->set_by);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, FALSE);
      if (i > 0)
        g_string_append (out, ",\n");
      g_string_append (out, text);
    }
  g_string_append (out, "]");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
override_command (PdStore     *store,
                  const char  *program_id,
                  const char  *key_text,
                  const char  *value)
{
  g_autoptr(GError) error = NULL;
  gboolean reset = g_str_equal (value, "default");
  PdOverrideKey key;

  if (g_str_has_prefix (key_text, "stage_rate."))
    {
      g_autoptr(PdRules) rules = NULL;
      PdStage stage;
      guint rate_bp = 0;

      /* The program must exist, though the rate is every program's. */
      rules = pd_store_load_rules (store, program_id, &error);
      if (rules == NULL)
        return report (error);
      if (!pd_stage_from_string (key_text + strlen ("stage_rate."), &stage) || stage >= PD_N_STAGES)
        {
          g_autofree char *message = g_strdup_printf (_("unknown stage in “%s”; expected stage_rate.invited, stage_rate.onboarded, stage_rate.first_sale or stage_rate.sales_met"),
                                                      key_text);
          return pd_cli_usage_error (PD_CLI_PROGRAM_USAGE, message);
        }
      if (reset)
        rate_bp = pd_stage_rate_default_bp (stage);
      else if (!pd_stage_rate_parse (value, &rate_bp, &error))
        return report (error);
      if (!pd_store_set_stage_rate (store, stage, rate_bp, &error))
        return report (error);
      return PD_CLI_EXIT_OK;
    }

  if (!pd_override_key_from_string (key_text, &key))
    {
      g_autofree char *message = g_strdup_printf (_("unknown key “%s”; expected %s, %s, %s or stage_rate.STAGE"),
                                                  key_text, pd_override_key_to_string (PD_OVERRIDE_PAID_FRACTION),
                                                  pd_override_key_to_string (PD_OVERRIDE_INVENTORY_COUNTRIES),
                                                  pd_override_key_to_string (PD_OVERRIDE_INVENTORY_MIN));
      return pd_cli_usage_error (PD_CLI_PROGRAM_USAGE, message);
    }
  if (!pd_store_set_override (store, program_id, key, reset ? NULL : value, NULL, &error))
    return report (error);
  return PD_CLI_EXIT_OK;
}

static int
overrides_command (PdStore    *store,
                   const char *program_id,
                   gboolean    json)
{
  g_autoptr(GError) error = NULL;

  if (json)
    {
      g_autofree char *text = pd_cli_program_overrides_json (store, program_id, &error);

      if (text == NULL)
        return report (error);
      g_print ("%s\n", text);
      return PD_CLI_EXIT_OK;
    }
  else
    {
      g_autoptr(GPtrArray) list = pd_store_list_all_overrides (store, program_id, &error);

      if (list == NULL)
        return report (error);
      if (list->len == 0)
        g_print ("%s\n", _("No override: every assumption is the program file’s."));
      for (guint i = 0; i < list->len; i++)
        {
          PdProgramOverride *o = g_ptr_array_index (list, i);
          g_autofree char *at = format_time (o->set_at);

          /* KEY=VALUE, then what it replaces and who set it: a script
           * reads the first column. */
          g_print ("%s=%s\t%s=%s\t%s\t%s\n", o->name, o->value,
                   o->key < PD_N_OVERRIDES ? "program_file" : "default", o->file_value,
                   o->set_by != NULL ? o->set_by : "-", at != NULL ? at : "-");
        }
      return PD_CLI_EXIT_OK;
    }
}

int
pd_cli_program_command (PdStore  *store,
                        int       argc,
                        char    **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "override"))
    return override_command (store, argv[2], argv[3], argv[4]);
  if ((argc == 3 || argc == 4) && g_str_equal (argv[1], "overrides"))
    {
      if (argc == 4 && !g_str_equal (argv[3], "--json"))
        return pd_cli_unknown_argument (PD_CLI_PROGRAM_USAGE, argv[3]);
      return overrides_command (store, argv[2], argc == 4);
    }
  return pd_cli_usage_error (PD_CLI_PROGRAM_USAGE, NULL);
}
