/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-program"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "pd-country.h"
#include "pd-json-guard.h"
#include "pd-money.h"
#include "pd-program.h"
#include "pd-program-check-private.h"
#include "pd-time-zone.h"

/*
 * Full validation of a program file against src/core/README.md. Every problem
 * is collected (not only the first) so that an import can list them.
 * Choices the spec leaves open, made here:
 * - unknown fields are errors at every level, not only at the top level
 *   and in `conditions`: a misspelt rule parameter must not be silently
 *   ignored by the engine;
 * - each condition is optional (absent = the rule does not apply), but a
 *   condition that is present needs all of its parameters;
 * - `reward` and `conditions` are required for recruitment programs and
 *   refused for seller-benefit ones (they pay the partner nothing);
 *   `benefits` is required for seller-benefit programs and refused for
 *   recruitment ones; `governance` and `assumptions` are optional;
 * - amounts are decimal strings (never JSON numbers), parsed exactly with
 *   the currency's minor digits and no thousands separators; fractions
 *   and percentage points are decimal strings too; day counts and counts
 *   are JSON integers.
 */

typedef struct
{
  const char *display_name;
  GPtrArray  *problems;
  gboolean    prune;  /* from the platform: unknown fields are dropped, not refused */
} Checker;

typedef struct
{
  const char *name;
  gboolean    required;
} Member;

static void problem (Checker    *c,
                     const char *path,
                     const char *format,
                     ...) G_GNUC_PRINTF (3, 4);

static void
problem (Checker    *c,
         const char *path,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (c->problems, g_strdup_printf ("%s: %s: %s", c->display_name, path, message));
}

static char *
member_path (const char *prefix,
             const char *name)
{
  return prefix != NULL && *prefix != '\0' ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
}

static char *
list_members (const Member *members,
              guint         n_members)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_members; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, members[i].name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Unknown and missing members of @object. */
static void
check_members (Checker      *c,
               JsonObject   *object,
               const char   *path,
               const Member *members,
               guint         n_members)
{
  g_autoptr(GList) names = json_object_get_members (object);
  g_autofree char *expected = list_members (members, n_members);

  for (GList *l = names; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < n_members && !known; i++)
        known = g_str_equal (members[i].name, l->data);
      if (!known && c->prune)
        {
          g_autofree char *name = g_strdup (l->data);

          json_object_remove_member (object, name);
        }
      else if (!known)
        {
          g_autofree char *where = member_path (path, l->data);

          problem (c, where, _("unknown field; expected only %s"), expected);
        }
    }

  for (guint i = 0; i < n_members; i++)
    {
      if (members[i].required && !json_object_has_member (object, members[i].name))
        {
          g_autofree char *where = member_path (path, members[i].name);

          problem (c, where, _("required field is missing"));
        }
    }
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A non-empty string member, or NULL (with a problem if present but wrong). */
static const char *
check_string (Checker    *c,
              JsonObject *object,
              const char *path,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL)
    return NULL;
  if (!node_is_string (node) || *(value = json_node_get_string (node)) == '\0')
    {
      g_autofree char *where = member_path (path, name);

      problem (c, where, _("not a non-empty string; expected text in double quotes"));
      return NULL;
    }
  return value;
}

static void
check_boolean (Checker    *c,
               JsonObject *object,
               const char *path,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    {
      g_autofree char *where = member_path (path, name);

      problem (c, where, _("not a boolean; expected true or false"));
    }
}

static gint64
check_integer (Checker    *c,
               JsonObject *object,
               const char *path,
               const char *name,
               gint64      min,
               gint64      max)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL)
    return -1;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (value = json_node_get_int (node)) < min || value > max)
    {
      g_autofree char *where = member_path (path, name);

      problem (c, where, _("not a whole number from %" PRId64 " to %" PRId64 "; expected a number without quotes or decimals, such as 30"),
               min, max);
      return -1;
    }
  return value;
}

static JsonObject *
check_object (Checker    *c,
              JsonObject *object,
              const char *path,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *where = member_path (path, name);

      problem (c, where, _("not an object; expected { ... }"));
      return NULL;
    }
  return json_node_get_object (node);
}

/* An array of non-empty strings, each checked by @valid when given. */
static JsonArray *
check_string_array (Checker      *c,
                    JsonObject   *object,
                    const char   *path,
                    const char   *name,
                    gboolean      allow_empty,
                    gboolean    (*valid) (const char *),
                    const char   *expected)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *where = member_path (path, name);
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      problem (c, where, _("not a list; expected [%s]"), expected);
      return NULL;
    }
  array = json_node_get_array (node);
  if (!allow_empty && json_array_get_length (array) == 0)
    problem (c, where, _("the list is empty; expected [%s]"), expected);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!node_is_string (item) || *json_node_get_string (item) == '\0' ||
          (valid != NULL && !valid (json_node_get_string (item))))
        {
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", where, i);

          if (node_is_string (item))
            problem (c, item_path, _("“%s” is not valid here; expected an item such as in [%s]"),
                     json_node_get_string (item), expected);
          else
            problem (c, item_path, _("not a non-empty string; expected an item such as in [%s]"), expected);
        }
    }
  return array;
}

static gboolean
is_market_code (const char *text)
{
  gsize len = strlen (text);

  if (pd_market_from_name (text) != NULL)
    return TRUE;
  if (len < 2 || len > 8)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (text[i]) && !g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_program_id (const char *text)
{
  if (*text == '\0' || strlen (text) > 128)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
is_store_status (const char *text)
{
  return g_str_equal (text, "normal") || g_str_equal (text, "closing") || g_str_equal (text, "closed");
}

static gboolean
is_country (const char *text)
{
  return pd_country_is_valid (text) || pd_country_from_name (text) != NULL;
}

static void
check_date_member (Checker    *c,
                   JsonObject *object,
                   const char *path,
                   const char *name)
{
  const char *text = check_string (c, object, path, name);
  int y, m, d;
  char tail;

  if (text == NULL)
    return;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      strlen (text) != 10 || text[4] != '-' || text[7] != '-' || !g_date_valid_dmy (d, m, y))
    {
      g_autofree char *where = member_path (path, name);

      problem (c, where, _("“%s” is not a date; expected a date such as 2026-01-01"), text);
    }
}

/* { "amount": "2000.00", "currency": "CNY" } */
static void
check_money (Checker    *c,
             JsonObject *object,
             const char *path,
             const char *name)
{
  static const Member members[] = { { "amount", TRUE }, { "currency", TRUE } };
  g_autofree char *where = member_path (path, name);
  g_autoptr(GError) error = NULL;
  JsonObject *money = check_object (c, object, path, name);
  const char *amount, *currency;
  PdMoney value;

  if (money == NULL)
    return;
  check_members (c, money, where, members, G_N_ELEMENTS (members));
  amount = check_string (c, money, where, "amount");
  currency = check_string (c, money, where, "currency");
  if (amount == NULL || currency == NULL)
    return;
  if (!pd_money_parse (amount, currency, PD_MONEY_PARSE_NO_GROUPING, &value, &error))
    problem (c, where, "%s", error->message);
}

static void
check_fraction_member (Checker    *c,
                       JsonObject *object,
                       const char *path,
                       const char *name)
{
  g_autoptr(GError) error = NULL;
  const char *text = check_string (c, object, path, name);
  PdFraction fraction;

  if (text != NULL && !pd_decimal_parse_fraction (text, &fraction, &error))
    {
      g_autofree char *where = member_path (path, name);

      problem (c, where, "%s", error->message);
    }
}

/* A non-negative decimal such as "3" or "2.5" (percentage points). */
static void
check_decimal_member (Checker    *c,
                      JsonObject *object,
                      const char *path,
                      const char *name)
{
  const char *text = check_string (c, object, path, name);
  const char *p;
  guint digits = 0, decimals = 0;
  gboolean dot = FALSE;

  if (text == NULL)
    return;
  for (p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (dot)
            decimals++;
          else
            digits++;
        }
      else if (*p == '.' && !dot)
        dot = TRUE;
      else
        break;
    }
  if (*p != '\0' || digits == 0 || digits > 9 || (dot && (decimals == 0 || decimals > 6)))
    {
      g_autofree char *where = member_path (path, name);

      problem (c, where, _("“%s” is not a decimal number; expected a number with a dot as decimal point and at most 6 decimals, in double quotes, such as \"3\" or \"2.5\""),
               text);
    }
}

static void
check_conditions (Checker    *c,
                  JsonObject *conditions)
{
  static const Member members[] = {
    { "target", FALSE }, { "link", FALSE }, { "onboarded", FALSE }, { "sales", FALSE },
    { "inventory", FALSE }, { "status", FALSE }, { "first_store", FALSE },
  };
  static const Member target_members[] = { { "review_status", TRUE } };
  static const Member link_members[] = { { "required", TRUE } };
  static const Member onboarded_members[] = { { "within_period", TRUE } };
  static const Member sales_members[] = {
    { "window_days", TRUE }, { "min_settled_gmv", TRUE }, { "strictly_greater", TRUE },
  };
  static const Member inventory_members[] = {
    { "markets", TRUE }, { "countries", TRUE }, { "min_countries", TRUE },
  };
  static const Member status_members[] = { { "allowed", TRUE } };
  static const Member first_store_members[] = { { "group_by", TRUE } };
  JsonObject *object;
  const char *text;

  check_members (c, conditions, "conditions", members, G_N_ELEMENTS (members));

  if ((object = check_object (c, conditions, "conditions", "target")) != NULL)
    {
      check_members (c, object, "conditions.target", target_members, G_N_ELEMENTS (target_members));
      text = check_string (c, object, "conditions.target", "review_status");
      if (text != NULL && !g_str_equal (text, "approved") && !g_str_equal (text, "pending") &&
          !g_str_equal (text, "rejected"))
        problem (c, "conditions.target.review_status",
                 _("“%s” is not a review status; expected approved, pending or rejected"), text);
    }

  if ((object = check_object (c, conditions, "conditions", "link")) != NULL)
    {
      check_members (c, object, "conditions.link", link_members, G_N_ELEMENTS (link_members));
      check_boolean (c, object, "conditions.link", "required");
    }

  if ((object = check_object (c, conditions, "conditions", "onboarded")) != NULL)
    {
      check_members (c, object, "conditions.onboarded", onboarded_members, G_N_ELEMENTS (onboarded_members));
      check_boolean (c, object, "conditions.onboarded", "within_period");
    }

  if ((object = check_object (c, conditions, "conditions", "sales")) != NULL)
    {
      check_members (c, object, "conditions.sales", sales_members, G_N_ELEMENTS (sales_members));
      check_integer (c, object, "conditions.sales", "window_days", 1, 3660);
      check_money (c, object, "conditions.sales", "min_settled_gmv");
      check_boolean (c, object, "conditions.sales", "strictly_greater");
    }

  if ((object = check_object (c, conditions, "conditions", "inventory")) != NULL)
    {
      JsonArray *countries;
      gint64 min;

      check_members (c, object, "conditions.inventory", inventory_members, G_N_ELEMENTS (inventory_members));
      check_string_array (c, object, "conditions.inventory", "markets", FALSE, is_market_code, "\"EU\"");
      countries = check_string_array (c, object, "conditions.inventory", "countries", FALSE,
                                      is_country, "\"GB\", \"DE\", \"FR\"");
      min = check_integer (c, object, "conditions.inventory", "min_countries", 1, 249);
      if (countries != NULL && min > (gint64) json_array_get_length (countries))
        problem (c, "conditions.inventory.min_countries",
                 _("%" PRId64 " is more than the %u countries listed; expected at most %u"),
                 min, json_array_get_length (countries), json_array_get_length (countries));
    }

  if ((object = check_object (c, conditions, "conditions", "status")) != NULL)
    {
      check_members (c, object, "conditions.status", status_members, G_N_ELEMENTS (status_members));
      check_string_array (c, object, "conditions.status", "allowed", FALSE, is_store_status,
                          "\"normal\", \"closing\", \"closed\"");
    }

  if ((object = check_object (c, conditions, "conditions", "first_store")) != NULL)
    {
      check_members (c, object, "conditions.first_store", first_store_members, G_N_ELEMENTS (first_store_members));
      text = check_string (c, object, "conditions.first_store", "group_by");
      if (text != NULL && !g_str_equal (text, "seller_id") && !g_str_equal (text, "brand"))
        problem (c, "conditions.first_store.group_by",
                 _("“%s” is not a way to group stores; expected seller_id or brand"), text);
    }
}

static void
check_benefits (Checker    *c,
                JsonObject *root)
{
  static const Member commission_members[] = {
    { "kind", TRUE }, { "percentage_points", TRUE }, { "days_after_joining", TRUE },
  };
  static const Member videos_members[] = { { "kind", TRUE }, { "count", TRUE } };
  JsonNode *node = json_object_get_member (root, "benefits");
  JsonArray *array;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) == 0)
    {
      problem (c, "benefits", _("not a non-empty list; expected [{\"kind\": \"commission_reduction\", ...}]"));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("benefits[%u]", i);
      JsonObject *benefit;
      const char *kind;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          problem (c, path, _("not an object; expected { \"kind\": ... }"));
          continue;
        }
      benefit = json_node_get_object (item);
      kind = check_string (c, benefit, path, "kind");
      if (kind == NULL)
        {
          if (!json_object_has_member (benefit, "kind"))
            problem (c, path, _("field “kind” is missing; expected commission_reduction or free_short_videos"));
          continue;
        }
      if (g_str_equal (kind, "commission_reduction"))
        {
          check_members (c, benefit, path, commission_members, G_N_ELEMENTS (commission_members));
          check_decimal_member (c, benefit, path, "percentage_points");
          check_integer (c, benefit, path, "days_after_joining", 1, 3660);
        }
      else if (g_str_equal (kind, "free_short_videos"))
        {
          check_members (c, benefit, path, videos_members, G_N_ELEMENTS (videos_members));
          check_integer (c, benefit, path, "count", 1, G_MAXINT32);
        }
      else
        {
          g_autofree char *where = member_path (path, "kind");

          problem (c, where, _("“%s” is not a benefit kind; expected commission_reduction or free_short_videos"), kind);
        }
    }
}

static void
check_program (Checker    *c,
               JsonObject *root)
{
  static const Member members[] = {
    { "id", TRUE }, { "name", TRUE }, { "kind", TRUE }, { "markets", TRUE }, { "timezone", TRUE },
    { "period", TRUE }, { "reward", FALSE }, { "conditions", FALSE }, { "governance", FALSE },
    { "benefits", FALSE }, { "assumptions", FALSE },
  };
  static const Member period_members[] = { { "start", TRUE }, { "end", TRUE } };
  static const Member governance_members[] = { { "high_risk_paid_fraction", TRUE } };
  JsonObject *object;
  const char *text;
  const char *kind;

  check_members (c, root, NULL, members, G_N_ELEMENTS (members));

  text = check_string (c, root, NULL, "id");
  if (text != NULL && !is_program_id (text))
    problem (c, "id", _("“%s” is not a program id; expected letters, digits, “-”, “_” or “.”, such as eu-jp-pop-partner-2026q1"),
             text);
  check_string (c, root, NULL, "name");

  kind = check_string (c, root, NULL, "kind");
  if (kind != NULL && !g_str_equal (kind, "recruitment") && !g_str_equal (kind, "seller-benefit"))
    {
      problem (c, "kind", _("“%s” is not a program kind; expected recruitment or seller-benefit"), kind);
      kind = NULL;
    }

  check_string_array (c, root, NULL, "markets", FALSE, is_market_code, "\"EU\", \"JP\"");

  text = check_string (c, root, NULL, "timezone");
  if (text != NULL)
    {
      GTimeZone *zone = pd_time_zone_new (text);

      if (zone == NULL)
        problem (c, "timezone", _("“%s” is not a time zone; expected an IANA time zone such as Asia/Shanghai"), text);
      else
        g_time_zone_unref (zone);
    }

  if ((object = check_object (c, root, NULL, "period")) != NULL)
    {
      const char *start, *end;

      check_members (c, object, "period", period_members, G_N_ELEMENTS (period_members));
      check_date_member (c, object, "period", "start");
      check_date_member (c, object, "period", "end");
      start = json_object_get_string_member_with_default (object, "start", NULL);
      end = json_object_get_string_member_with_default (object, "end", NULL);
      if (start != NULL && end != NULL && g_strcmp0 (start, end) > 0)
        problem (c, "period", _("the period ends (%s) before it starts (%s); expected start <= end"), end, start);
    }

  if (json_object_has_member (root, "reward"))
    check_money (c, root, NULL, "reward");
  if ((object = check_object (c, root, NULL, "conditions")) != NULL)
    check_conditions (c, object);
  if ((object = check_object (c, root, NULL, "governance")) != NULL)
    {
      check_members (c, object, "governance", governance_members, G_N_ELEMENTS (governance_members));
      check_fraction_member (c, object, "governance", "high_risk_paid_fraction");
    }
  check_benefits (c, root);
  check_string_array (c, root, NULL, "assumptions", TRUE, NULL, "\"...\"");

  if (kind != NULL && g_str_equal (kind, "recruitment"))
    {
      if (!json_object_has_member (root, "reward"))
        problem (c, "reward", _("required for a recruitment program; expected {\"amount\": \"2000.00\", \"currency\": \"CNY\"}"));
      if (!json_object_has_member (root, "conditions"))
        problem (c, "conditions", _("required for a recruitment program; expected { \"target\": ..., ... }"));
      if (json_object_has_member (root, "benefits"))
        problem (c, "benefits", _("only for seller-benefit programs; expected no benefits in a recruitment program"));
    }
  else if (kind != NULL)
    {
      static const char * const recruitment_only[] = { "reward", "conditions", "governance" };

      if (!json_object_has_member (root, "benefits"))
        problem (c, "benefits", _("required for a seller-benefit program; expected [{\"kind\": ...}]"));
      for (guint i = 0; i < G_N_ELEMENTS (recruitment_only); i++)
        if (json_object_has_member (root, recruitment_only[i]))
          problem (c, recruitment_only[i],
                   _("only for recruitment programs; a seller-benefit program pays the partner nothing"));
    }
}

gboolean
pd_program_check_data (const char *data,
                       gssize      length,
                       const char *display_name,
                       gboolean    prune,
                       GPtrArray  *problems,
                       JsonNode  **root_out)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  Checker checker = { display_name, problems, prune };
  guint before = problems->len;

  /* Bounded in size and depth, and no repeated names (pd-json-guard.h). */
  node = pd_json_guard_parse (data, length, display_name, &local_error);
  if (node == NULL)
    {
      const char *message = local_error->message;

      if (g_str_has_prefix (message, display_name) && g_str_has_prefix (message + strlen (display_name), ": "))
        message += strlen (display_name) + 2;  /* named once */
      g_ptr_array_add (problems, g_strdup_printf (_("%s: not a program file: %s"), display_name, message));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (problems, g_strdup_printf (_("%s: not a program file; expected a JSON object"), display_name));
      return FALSE;
    }
  check_program (&checker, json_node_get_object (node));
  if (root_out != NULL)
    *root_out = g_steal_pointer (&node);
  return problems->len == before;
}

