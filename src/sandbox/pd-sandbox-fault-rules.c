/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-server"

#include "config.h"

#include <string.h>

#include "pd-sandbox-error.h"
#include "pd-sandbox-fault-rules.h"
#include "pd-sandbox-json.h"

#define MAX_RULES 16

typedef struct
{
  char                 *method;       /* NULL: any */
  char                 *path_prefix;
  PdSandboxFaultAction  action;
  gint64                remaining;    /* -1: always */
} Rule;

struct _PdSandboxFaultRules
{
  GPtrArray *rules;   /* Rule */
};

static void
rule_free (Rule *rule)
{
  g_free (rule->method);
  g_free (rule->path_prefix);
  g_free (rule);
}

static const char *
action_name (PdSandboxFaultAction action)
{
  return action == PD_SANDBOX_FAULT_FAIL ? "fail" : "truncate";
}

PdSandboxFaultRules *
pd_sandbox_fault_rules_new (void)
{
  PdSandboxFaultRules *rules = g_new0 (PdSandboxFaultRules, 1);

  rules->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  return rules;
}

void
pd_sandbox_fault_rules_free (PdSandboxFaultRules *rules)
{
  if (rules == NULL)
    return;
  g_ptr_array_unref (rules->rules);
  g_free (rules);
}

static Rule *
parse_rule (JsonNode  *node,
            guint      index,
            GError   **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *method = NULL, *prefix = NULL, *action = NULL;
  gboolean present = FALSE;
  gint64 times = 0;
  Rule *rule;

  if (object == NULL)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"rules\"[%u] is not an object", index);
      return NULL;
    }
  if (!pd_sandbox_json_get_string (object, "method", FALSE, 16, &method, error) ||
      !pd_sandbox_json_get_string (object, "path_prefix", TRUE, 256, &prefix, error) ||
      !pd_sandbox_json_get_string (object, "action", TRUE, 16, &action, error) ||
      !pd_sandbox_json_get_int (object, "times", FALSE, 1, 1000000, &present, &times, error))
    return NULL;
  if (!g_str_has_prefix (prefix, "/v1/") ||
      (!g_str_equal (action, "fail") && !g_str_equal (action, "truncate")))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"rules\"[%u]: expected a \"path_prefix\" under /v1/ and an"
                   " \"action\" fail or truncate", index);
      return NULL;
    }

  rule = g_new0 (Rule, 1);
  rule->method = g_strdup (method);
  rule->path_prefix = g_strdup (prefix);
  rule->action = g_str_equal (action, "fail") ? PD_SANDBOX_FAULT_FAIL : PD_SANDBOX_FAULT_TRUNCATE;
  rule->remaining = present ? times : -1;
  return rule;
}

gboolean
pd_sandbox_fault_rules_set (PdSandboxFaultRules  *rules,
                            JsonArray            *array,
                            GError              **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  guint n = json_array_get_length (array);

  if (n > MAX_RULES)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"rules\" has %u rules; at most %d", n, MAX_RULES);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      Rule *rule = parse_rule (json_array_get_element (array, i), i, error);

      if (rule == NULL)
        return FALSE;
      g_ptr_array_add (parsed, rule);
    }
  g_ptr_array_unref (rules->rules);
  rules->rules = g_steal_pointer (&parsed);
  return TRUE;
}

PdSandboxFaultAction
pd_sandbox_fault_rules_take (PdSandboxFaultRules *rules,
                             const char          *method,
                             const char          *path)
{
  for (guint i = 0; i < rules->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (rules->rules, i);
      PdSandboxFaultAction action = rule->action;

      if ((rule->method != NULL && g_ascii_strcasecmp (rule->method, method) != 0) ||
          !g_str_has_prefix (path, rule->path_prefix) || rule->remaining == 0)
        continue;
      if (rule->remaining > 0 && --rule->remaining == 0)
        g_ptr_array_remove_index (rules->rules, i);
      return action;
    }
  return PD_SANDBOX_FAULT_NONE;
}

char *
pd_sandbox_fault_rules_to_json (PdSandboxFaultRules *rules)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < rules->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (rules->rules, i);

      json_builder_begin_object (builder);
      if (rule->method != NULL)
        {
          json_builder_set_member_name (builder, "method");
          json_builder_add_string_value (builder, rule->method);
        }
      json_builder_set_member_name (builder, "path_prefix");
      json_builder_add_string_value (builder, rule->path_prefix);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, action_name (rule->action));
      if (rule->remaining > 0)
        {
          json_builder_set_member_name (builder, "times");
          json_builder_add_int_value (builder, rule->remaining);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
