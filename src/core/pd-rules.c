/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-rules"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "pd-country.h"
#include "pd-json-guard.h"
#include "pd-program-name.h"
#include "pd-rules.h"
#include "pd-timestamp.h"

#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

/* Offsets of the zone by UTC day: a day whose first and last seconds
 * have the same offset has it throughout (no zone changes twice within
 * a day), and a day whose two ends disagree is looked up exactly each
 * time, so the cache never changes a result. 4096 days cover eleven
 * years without a collision. */
#define ZONE_BUCKET_SECONDS 86400
#define ZONE_CACHE_SLOTS    4096

typedef struct
{
  gint64   bucket;
  gint32   offset;
  gboolean uniform;
} ZoneSlot;

struct _PdRulesCache
{
  ZoneSlot slots[ZONE_CACHE_SLOTS];
};

G_DEFINE_QUARK (pd-rules-error-quark, pd_rules_error)

static const char * const condition_names[PD_N_CONDITIONS] = {
  "target", "link", "onboarded", "sales", "inventory", "status", "first_store",
};

const char *
pd_condition_to_string (PdCondition condition)
{
  g_return_val_if_fail (condition < PD_N_CONDITIONS, NULL);
  return condition_names[condition];
}

const char *
pd_condition_to_display (PdCondition condition)
{
  switch (condition)
    {
    case PD_CONDITION_TARGET:
      return _("Target list");
    case PD_CONDITION_LINK:
      return _("Onboarding link");
    case PD_CONDITION_ONBOARDED:
      return _("Onboarded in the period");
    case PD_CONDITION_SALES:
      return _("Settled GMV");
    case PD_CONDITION_INVENTORY:
      return _("Inventory countries");
    case PD_CONDITION_STATUS:
      return _("Store status");
    case PD_CONDITION_FIRST_STORE:
      return _("First store");
    case PD_N_CONDITIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
pd_rules_free (PdRules *rules)
{
  g_free (rules->program_id);
  g_free (rules->program_name);
  g_free (rules->timezone_id);
  g_clear_pointer (&rules->timezone, g_time_zone_unref);
  g_free (rules->period_start_date);
  g_free (rules->period_end_date);
  g_strfreev (rules->markets);
  g_strfreev (rules->inventory_markets);
  g_strfreev (rules->inventory_countries);
  g_strfreev (rules->assumptions);
  g_free (rules->cache);
  g_free (rules);
}

PdRules *
pd_rules_ref (PdRules *rules)
{
  g_return_val_if_fail (rules != NULL, NULL);
  g_atomic_int_inc (&rules->ref_count);
  return rules;
}

void
pd_rules_unref (PdRules *rules)
{
  g_return_if_fail (rules != NULL);
  if (g_atomic_int_dec_and_test (&rules->ref_count))
    pd_rules_free (rules);
}

/* Reading the file ---------------------------------------------------- */

typedef struct
{
  const char *program_id;
  GError    **error;
} Reader;

static gboolean
fail (Reader     *reader,
      const char *path,
      const char *expected)
{
  g_set_error (reader->error, PD_RULES_ERROR, PD_RULES_ERROR_INVALID,
               _("Program %s: “%s” is missing or wrong; expected %s"),
               reader->program_id, path, expected);
  return FALSE;
}

static JsonObject *
get_object (JsonObject *parent,
            const char *member)
{
  JsonNode *node = parent != NULL ? json_object_get_member (parent, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
get_string (JsonObject *parent,
            const char *member)
{
  JsonNode *node = parent != NULL ? json_object_get_member (parent, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A whole number from 1 to @max. */
static gboolean
get_count (JsonObject *parent,
           const char *member,
           gint64      max,
           guint      *out)
{
  JsonNode *node = parent != NULL ? json_object_get_member (parent, member) : NULL;
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  value = json_node_get_int (node);
  if (value < 1 || value > max)
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* An optional boolean, @def when absent. */
static gboolean
get_boolean (JsonObject *parent,
             const char *member,
             gboolean    def,
             gboolean   *out)
{
  JsonNode *node = parent != NULL ? json_object_get_member (parent, member) : NULL;

  if (node == NULL)
    {
      *out = def;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A non-empty list of non-empty strings. */
static char **
get_strv (JsonObject *parent,
          const char *member)
{
  JsonNode *node = parent != NULL ? json_object_get_member (parent, member) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING ||
          *json_node_get_string (element) == '\0')
        return NULL;
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

static gboolean
get_money (JsonObject *parent,
           const char *member,
           PdMoney    *out)
{
  JsonObject *object = get_object (parent, member);
  const char *amount = get_string (object, "amount");
  const char *currency = get_string (object, "currency");

  return amount != NULL && currency != NULL &&
         pd_money_parse (amount, currency, PD_MONEY_PARSE_NO_GROUPING, out, NULL);
}

static gboolean
parse_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  *year = atoi (text);
  *month = atoi (text + 5);
  *day = atoi (text + 8);
  return g_date_valid_dmy (*day, *month, *year);
}

static gboolean
read_recruitment (Reader     *reader,
                  JsonObject *root,
                  PdRules    *rules)
{
  static const char * const known[] = {
    "target", "link", "onboarded", "sales", "inventory", "status", "first_store", NULL,
  };
  JsonObject *conditions = get_object (root, "conditions");
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  const char *s;
  gboolean flag;

  if (!get_money (root, "reward", &rules->reward) || rules->reward.minor <= 0)
    return fail (reader, "reward", _("{\"amount\": \"2000.00\", \"currency\": \"CNY\"}"));

  if (conditions == NULL)
    return fail (reader, "conditions", _("an object with the program’s conditions"));

  /* A condition this version does not know would be silently skipped and
   * every verdict would be too generous: refuse the program instead. */
  members = json_object_get_members (conditions);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_set_error (reader->error, PD_RULES_ERROR, PD_RULES_ERROR_UNSUPPORTED,
                     _("Program %s: condition “%s” is not known to this version of Partner Desk; expected only %s"),
                     reader->program_id, (const char *) l->data,
                     "target, link, onboarded, sales, inventory, status, first_store");
        return FALSE;
      }

  if ((object = get_object (conditions, "target")) != NULL)
    {
      rules->conditions |= PD_CONDITION_BIT (PD_CONDITION_TARGET);
      s = get_string (object, "review_status");
      if (s == NULL || !g_str_equal (s, "approved"))
        return fail (reader, "conditions.target.review_status", "\"approved\"");
      rules->target_review_status = PD_REVIEW_STATUS_APPROVED;
    }

  if ((object = get_object (conditions, "link")) != NULL)
    {
      if (!get_boolean (object, "required", TRUE, &flag))
        return fail (reader, "conditions.link.required", _("true or false"));
      if (flag)
        rules->conditions |= PD_CONDITION_BIT (PD_CONDITION_LINK);
    }

  if ((object = get_object (conditions, "onboarded")) != NULL)
    {
      if (!get_boolean (object, "within_period", TRUE, &flag))
        return fail (reader, "conditions.onboarded.within_period", _("true or false"));
      if (flag)
        rules->conditions |= PD_CONDITION_BIT (PD_CONDITION_ONBOARDED);
    }

  if ((object = get_object (conditions, "sales")) != NULL)
    {
      rules->conditions |= PD_CONDITION_BIT (PD_CONDITION_SALES);
      if (!get_count (object, "window_days", 3660, &rules->sales_window_days))
        return fail (reader, "conditions.sales.window_days", _("a whole number of days such as 30"));
      if (!get_money (object, "min_settled_gmv", &rules->sales_min_gmv) ||
          rules->sales_min_gmv.minor < 0)
        return fail (reader, "conditions.sales.min_settled_gmv",
                     _("{\"amount\": \"1000.00\", \"currency\": \"CNY\"}"));
      if (!g_str_equal (rules->sales_min_gmv.currency, "CNY"))
        return fail (reader, "conditions.sales.min_settled_gmv.currency",
                     _("CNY (exchange rates are kept in CNY per unit)"));
      if (!get_boolean (object, "strictly_greater", TRUE, &rules->sales_strictly_greater))
        return fail (reader, "conditions.sales.strictly_greater", _("true or false"));
    }

  if ((object = get_object (conditions, "inventory")) != NULL)
    {
      rules->conditions |= PD_CONDITION_BIT (PD_CONDITION_INVENTORY);
      rules->inventory_markets = get_strv (object, "markets");
      if (rules->inventory_markets == NULL)
        return fail (reader, "conditions.inventory.markets", _("a list of markets such as [\"EU\"]"));
      rules->inventory_countries = get_strv (object, "countries");
      if (rules->inventory_countries == NULL)
        return fail (reader, "conditions.inventory.countries",
                     _("a list of country codes such as [\"GB\", \"DE\"]"));
      /* Chinese names (欧洲, 德国) stand for their codes. */
      for (guint i = 0; rules->inventory_markets[i]; i++)
        {
          const char *code = pd_market_from_name (rules->inventory_markets[i]);

          if (code != NULL)
            {
              g_free (rules->inventory_markets[i]);
              rules->inventory_markets[i] = g_strdup (code);
            }
        }
      for (guint i = 0; rules->inventory_countries[i]; i++)
        {
          const char *code = pd_country_from_name (rules->inventory_countries[i]);

          if (code != NULL)
            {
              g_free (rules->inventory_countries[i]);
              rules->inventory_countries[i] = g_strdup (code);
            }
        }
      for (guint i = 0; rules->inventory_countries[i]; i++)
        {
          char *c = rules->inventory_countries[i];

          if (strlen (c) != 2 || !g_ascii_isupper (c[0]) || !g_ascii_isupper (c[1]))
            return fail (reader, "conditions.inventory.countries",
                         _("two-letter upper-case country codes such as DE"));
        }
      if (!get_count (object, "min_countries", g_strv_length (rules->inventory_countries),
                      &rules->inventory_min_countries))
        return fail (reader, "conditions.inventory.min_countries",
                     _("a whole number from 1 to the number of countries listed"));
    }

  if ((object = get_object (conditions, "status")) != NULL)
    {
      g_auto(GStrv) allowed = get_strv (object, "allowed");

      rules->conditions |= PD_CONDITION_BIT (PD_CONDITION_STATUS);
      if (allowed == NULL)
        return fail (reader, "conditions.status.allowed", _("a list of store statuses such as [\"normal\"]"));
      for (guint i = 0; allowed[i]; i++)
        {
          PdStoreStatus status;

          if (!pd_store_status_parse (allowed[i], &status, NULL))
            return fail (reader, "conditions.status.allowed", _("normal, closing or closed"));
          rules->status_allowed |= 1u << status;
        }
    }

  if ((object = get_object (conditions, "first_store")) != NULL)
    {
      rules->conditions |= PD_CONDITION_BIT (PD_CONDITION_FIRST_STORE);
      s = get_string (object, "group_by");
      if (s == NULL || !g_str_equal (s, "seller_id"))
        return fail (reader, "conditions.first_store.group_by", "\"seller_id\"");
    }

  /* No governance section: nothing is discounted. */
  rules->high_risk_paid_fraction.numerator = 1;
  rules->high_risk_paid_fraction.denominator = 1;
  if ((object = get_object (root, "governance")) != NULL)
    {
      s = get_string (object, "high_risk_paid_fraction");
      if (s == NULL || !pd_decimal_parse_fraction (s, &rules->high_risk_paid_fraction, NULL))
        return fail (reader, "governance.high_risk_paid_fraction",
                     _("a decimal from 0 to 1 written as a string, such as \"0.5\""));
    }

  return TRUE;
}

static gboolean
read_seller_benefit (Reader     *reader,
                     JsonObject *root,
                     PdRules    *rules)
{
  JsonNode *node = json_object_get_member (root, "benefits");
  JsonArray *benefits;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (reader, "benefits", _("a list of benefits"));
  benefits = json_node_get_array (node);

  /* The window is the longest "N days after joining" among the benefits. */
  for (guint i = 0; i < json_array_get_length (benefits); i++)
    {
      JsonNode *element = json_array_get_element (benefits, i);
      JsonObject *benefit;
      guint days;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (reader, "benefits", _("a list of objects"));
      benefit = json_node_get_object (element);
      if (!json_object_has_member (benefit, "days_after_joining"))
        continue;
      if (!get_count (benefit, "days_after_joining", 3660, &days))
        return fail (reader, "benefits[].days_after_joining", _("a whole number of days such as 60"));
      rules->benefit_days = MAX (rules->benefit_days, days);
    }

  return TRUE;
}

PdRules *
pd_rules_new (PdProgram  *program,
              GError    **error)
{
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(PdRules) rules = NULL;
  Reader reader = { NULL, error };
  JsonObject *root;
  JsonNode *node;
  int y, m, d;

  g_return_val_if_fail (PD_IS_PROGRAM (program), NULL);

  rules = g_new0 (PdRules, 1);
  rules->ref_count = 1;
  rules->cache = g_new0 (PdRulesCache, 1);
  for (guint i = 0; i < ZONE_CACHE_SLOTS; i++)
    rules->cache->slots[i].bucket = G_MININT64;

  rules->program_id = g_strdup (pd_program_get_id (program));
  rules->program_name = pd_program_name_to_display (pd_program_get_name (program));
  rules->kind = pd_program_get_kind (program);
  rules->timezone_id = g_strdup (pd_program_get_timezone_id (program));
  rules->timezone = g_time_zone_ref (pd_program_get_timezone (program));
  rules->markets = g_strdupv ((char **) pd_program_get_markets (program));
  reader.program_id = rules->program_id;

  rules->period_start_date = g_strdup (pd_program_get_period_start (program));
  rules->period_end_date = g_strdup (pd_program_get_period_end (program));
  if (!parse_date (rules->period_start_date, &y, &m, &d))
    {
      fail (&reader, "period.start", _("a date such as 2026-01-01"));
      return NULL;
    }
  rules->period_start = pd_timestamp_day_start (y, m, d, rules->timezone);
  if (!parse_date (rules->period_end_date, &y, &m, &d))
    {
      fail (&reader, "period.end", _("a date such as 2026-03-31"));
      return NULL;
    }
  rules->period_end = pd_timestamp_day_end (y, m, d, rules->timezone);

  parsed = pd_json_guard_parse (pd_program_get_json (program), -1, rules->program_id, error);
  if (parsed == NULL)
    {
      g_prefix_error (error, _("Program %s: "), rules->program_id);
      return NULL;
    }
  node = parsed;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (&reader, "/", _("a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (json_object_has_member (root, "assumptions"))
    {
      rules->assumptions = get_strv (root, "assumptions");
      if (rules->assumptions == NULL)
        {
          fail (&reader, "assumptions", _("a list of sentences"));
          return NULL;
        }
    }
  else
    rules->assumptions = g_new0 (char *, 1);

  if (rules->kind == PD_PROGRAM_KIND_RECRUITMENT)
    {
      if (!read_recruitment (&reader, root, rules))
        return NULL;
    }
  else if (!read_seller_benefit (&reader, root, rules))
    return NULL;

  return g_steal_pointer (&rules);
}

gboolean
pd_rules_has_condition (const PdRules *rules,
                        PdCondition    condition)
{
  return (rules->conditions & PD_CONDITION_BIT (condition)) != 0;
}

static gboolean
strv_contains (char       **strv,
               const char  *s)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    if (strcmp (strv[i], s) == 0)
      return TRUE;
  return FALSE;
}

gboolean
pd_rules_covers_market (const PdRules *rules,
                        const char    *market)
{
  return market == NULL || *market == '\0' || strv_contains (rules->markets, market);
}

/* An unknown market gets the rule: better a condition too many than a
 * merchant counted on a rule that was never checked. */
gboolean
pd_rules_inventory_applies (const PdRules *rules,
                            const char    *market)
{
  return market == NULL || *market == '\0' || strv_contains (rules->inventory_markets, market);
}

gboolean
pd_rules_counts_country (const PdRules *rules,
                         const char    *code,
                         gsize          length)
{
  if (length != 2)
    return FALSE;
  for (guint i = 0; rules->inventory_countries != NULL && rules->inventory_countries[i]; i++)
    if (rules->inventory_countries[i][0] == code[0] && rules->inventory_countries[i][1] == code[1])
      return TRUE;
  return FALSE;
}

/* Time ------------------------------------------------------------------ */

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

gint32
pd_rules_offset_at (PdRules *rules,
                    gint64   unix_seconds)
{
  gint64 bucket = floor_div (unix_seconds, ZONE_BUCKET_SECONDS);
  ZoneSlot *slot = &rules->cache->slots[(guint64) bucket % ZONE_CACHE_SLOTS];
  gint32 first, last;

  if (slot->bucket == bucket)
    return slot->uniform ? slot->offset : pd_timestamp_offset_at (rules->timezone, unix_seconds);

  first = pd_timestamp_offset_at (rules->timezone, bucket * ZONE_BUCKET_SECONDS);
  last = pd_timestamp_offset_at (rules->timezone, bucket * ZONE_BUCKET_SECONDS + ZONE_BUCKET_SECONDS - 1);
  slot->bucket = bucket;
  slot->offset = first;
  slot->uniform = (first == last);

  return slot->uniform ? first : pd_timestamp_offset_at (rules->timezone, unix_seconds);
}

gint64
pd_rules_local_day (PdRules *rules,
                    gint64   unix_seconds)
{
  return floor_div (unix_seconds + pd_rules_offset_at (rules, unix_seconds), SECONDS_PER_DAY);
}

static gint32
rules_offset_at (gpointer rules,
                 gint64   unix_seconds)
{
  return pd_rules_offset_at (rules, unix_seconds);
}

gint64
pd_rules_add_days (PdRules *rules,
                   gint64   unix_seconds,
                   int      days)
{
  gint32 offset = pd_rules_offset_at (rules, unix_seconds);
  gint64 local = unix_seconds + offset + days * SECONDS_PER_DAY;
  gint64 guess = local - offset;

  /* Nearly always the offset is the same at both ends. */
  if (pd_rules_offset_at (rules, guess) == offset &&
      pd_rules_offset_at (rules, guess - SECONDS_PER_DAY) == offset &&
      pd_rules_offset_at (rules, guess + SECONDS_PER_DAY) == offset)
    return guess;

  return pd_timestamp_local_to_unix (local, rules_offset_at, rules);
}

static char *
put_digits (char  *p,
            gint64 value,
            guint  width)
{
  for (guint i = width; i > 0; i--)
    {
      p[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
  return p + width;
}

static char *
put_date (char  *p,
          gint64 days)
{
  gint64 year;
  int month, day;

  pd_timestamp_civil_from_days (days, &year, &month, &day);
  if (year < 0 || year > 9999)
    year = 0;
  p = put_digits (p, year, 4);
  *p++ = '-';
  p = put_digits (p, month, 2);
  *p++ = '-';
  p = put_digits (p, day, 2);
  return p;
}

void
pd_rules_format_date (PdRules *rules,
                      gint64   unix_seconds,
                      char     out[16])
{
  char *p = put_date (out, pd_rules_local_day (rules, unix_seconds));

  *p = '\0';
}

void
pd_rules_format_time (PdRules *rules,
                      gint64   unix_seconds,
                      char     out[32])
{
  gint32 offset = pd_rules_offset_at (rules, unix_seconds);
  gint64 local, days, second_of_day;
  gint32 abs_offset;
  char *p;

  /* ISO 8601 offsets have no seconds (pd_timestamp_format() does the same). */
  if (offset % 60 != 0)
    offset = 0;
  abs_offset = ABS (offset);

  local = unix_seconds + offset;
  days = floor_div (local, SECONDS_PER_DAY);
  second_of_day = local - days * SECONDS_PER_DAY;

  p = put_date (out, days);
  *p++ = 'T';
  p = put_digits (p, second_of_day / 3600, 2);
  *p++ = ':';
  p = put_digits (p, second_of_day / 60 % 60, 2);
  *p++ = ':';
  p = put_digits (p, second_of_day % 60, 2);
  *p++ = offset < 0 ? '-' : '+';
  p = put_digits (p, abs_offset / 3600, 2);
  *p++ = ':';
  p = put_digits (p, abs_offset / 60 % 60, 2);
  *p = '\0';
}
