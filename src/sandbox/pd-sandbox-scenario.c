/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-scenario"

#include "config.h"

#include <string.h>

#include "pd-money.h"
#include "pd-sandbox-names.h"
#include "pd-sandbox-scenario.h"
#include "pd-sandbox-util.h"

static const char * const counted_countries[] = { "GB", "DE", "FR", "IT", "ES", "IE", NULL };
static const char * const governance_reasons[] = {
  "Prohibited goods: counterfeit branded sneakers (销售假冒品牌商品); store closed",
  "Risk-control red line: fake orders to inflate sales (虚假交易); store closed",
  "Fraudulent fulfilment: empty parcels shipped (虚假发货); store closed",
  NULL
};

typedef struct
{
  PdSandboxDb *db;
  GRand       *rand;
  gint64       now;
  JsonObject  *summary;
} Scenario;

/* Removes and returns a random element of @ids (owned by the caller). */
static char *
take_random (Scenario  *scenario,
             GPtrArray *ids)
{
  guint i;

  if (ids->len == 0)
    return NULL;
  i = (guint) g_rand_int_range (scenario->rand, 0, (gint32) ids->len);
  return g_ptr_array_steal_index_fast (ids, i);
}

/* An object listed a moment ago in the same transaction. */
static JsonObject *
get_listed (Scenario    *scenario,
            const char  *type,
            const char  *id,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = pd_sandbox_db_get_object (scenario->db, type, id, NULL, &local_error);

  if (object == NULL && local_error == NULL)
    g_set_error (&local_error, PD_SANDBOX_DB_ERROR, PD_SANDBOX_DB_ERROR_CORRUPT,
                 "sandbox database: %s %s vanished during the transaction", type, id);
  if (object == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return object;
}

/* CNY per unit of @currency in millionths, from the feed's fx_rate. */
static gint64
rate_micros (Scenario   *scenario,
             const char *currency)
{
  g_autoptr(JsonObject) rate = NULL;
  PdRate parsed;

  if (g_str_equal (currency, "CNY"))
    return 1000000;
  rate = pd_sandbox_db_get_object (scenario->db, "fx_rate", currency, NULL, NULL);
  if (rate == NULL ||
      !pd_rate_parse (json_object_get_string_member_with_default (rate, "cny_per_unit", ""), &parsed, NULL))
    return 1000000;
  return parsed.micros;
}

static const char *
market_currency (const char *market)
{
  if (g_strcmp0 (market, "JP") == 0)
    return "JPY";
  if (g_strcmp0 (market, "US") == 0)
    return "USD";
  return "EUR";
}

static gboolean
open_stores (Scenario  *scenario,
             guint      count,
             GError   **error)
{
  g_autoptr(GPtrArray) active = pd_sandbox_db_list_ids (scenario->db, "link", "$.state", "active", error);
  JsonArray *opened = json_array_new ();

  json_object_set_array_member (scenario->summary, "new_stores", opened);
  if (active == NULL)
    return FALSE;

  while (json_array_get_length (opened) < count)
    {
      g_autofree char *token = take_random (scenario, active);
      g_autoptr(JsonObject) link = NULL;
      g_autoptr(JsonObject) store = NULL;
      g_autoptr(JsonObject) existing = NULL;
      g_autofree char *store_id = NULL;
      g_autofree char *seller_id = NULL;
      g_autofree char *now_text = NULL;
      const char *market, *currency;
      JsonArray *countries;
      PdMoney zero = { 0 };
      g_autofree char *zero_text = NULL;

      if (token == NULL)
        break;
      link = get_listed (scenario, "link", token, error);
      if (link == NULL)
        return FALSE;
      if (g_strcmp0 (json_object_get_string_member_with_default (link, "kind", ""), "onboarding") != 0)
        continue;

      do
        {
          g_clear_pointer (&store_id, g_free);
          g_clear_pointer (&existing, json_object_unref);
          store_id = g_strdup_printf ("7496%012u", (guint) g_rand_int_range (scenario->rand, 0, G_MAXINT32));
          existing = pd_sandbox_db_get_object (scenario->db, "store", store_id, NULL, error);
        }
      while (existing != NULL);

      market = json_object_get_string_member_with_default (link, "market", "EU");
      currency = market_currency (market);
      seller_id = g_strdup (json_object_get_string_member_with_default (link, "seller_id", NULL));
      if (seller_id == NULL)
        seller_id = pd_sandbox_names_seller_id (scenario->rand);
      now_text = pd_sandbox_format_time (scenario->now);
      g_strlcpy (zero.currency, currency, sizeof zero.currency);
      zero_text = pd_money_format_amount (&zero);

      countries = json_array_new ();
      if (g_str_equal (market, "EU"))
        {
          json_array_add_string_element (countries, counted_countries[g_rand_int_range (scenario->rand, 0, 3)]);
          json_array_add_string_element (countries, counted_countries[g_rand_int_range (scenario->rand, 3, 6)]);
        }
      else
        json_array_add_string_element (countries, market);

      store = json_object_new ();
      json_object_set_string_member (store, "store_id", store_id);
      json_object_set_string_member (store, "seller_id", seller_id);
      json_object_set_string_member (store, "market", market);
      json_object_set_string_member (store, "onboarded_at", now_text);
      json_object_set_string_member (store, "via_link",
                                     json_object_get_string_member_with_default (link, "url", token));
      json_object_set_string_member (store, "settled_gmv_30d", zero_text);
      json_object_set_string_member (store, "gmv_currency", currency);
      json_object_set_array_member (store, "inventory_countries", countries);
      json_object_set_string_member (store, "store_status", "normal");
      json_object_set_string_member (store, "governance", "none");
      if (json_object_has_member (link, "program_id"))
        json_object_set_string_member (store, "program_id",
                                       json_object_get_string_member (link, "program_id"));

      json_object_set_string_member (link, "state", "used");
      json_object_set_string_member (link, "used_at", now_text);
      if (!pd_sandbox_db_put_object (scenario->db, "store", store_id, store, NULL, error) ||
          !pd_sandbox_db_put_object (scenario->db, "link", token, link, NULL, error))
        return FALSE;
      json_array_add_string_element (opened, store_id);
    }
  return TRUE;
}

static gboolean
update_gmv (Scenario  *scenario,
            guint      count,
            GError   **error)
{
  g_autoptr(GPtrArray) normal = pd_sandbox_db_list_ids (scenario->db, "store", "$.store_status", "normal", error);
  JsonArray *updated = json_array_new ();

  json_object_set_array_member (scenario->summary, "gmv_updates", updated);
  if (normal == NULL)
    return FALSE;

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *store_id = take_random (scenario, normal);
      g_autoptr(JsonObject) store = NULL;
      g_autofree char *amount = NULL;
      const char *currency;
      PdMoney current, increment = { 0 }, total;
      gint64 cny_fen, micros;

      if (store_id == NULL)
        break;
      store = get_listed (scenario, "store", store_id, error);
      if (store == NULL)
        return FALSE;
      currency = json_object_get_string_member_with_default (store, "gmv_currency", "CNY");
      if (!pd_money_parse (json_object_get_string_member_with_default (store, "settled_gmv_30d", "0"),
                           currency, PD_MONEY_PARSE_NO_GROUPING, &current, error))
        return FALSE;

      cny_fen = (gint64) g_rand_int_range (scenario->rand, 50, 800) * 100;
      micros = rate_micros (scenario, currency);
      increment = current;
      if (g_str_equal (current.currency, "JPY"))
        increment.minor = cny_fen * 10000 / micros;
      else
        increment.minor = cny_fen * 1000000 / micros;
      if (!pd_money_add (&current, &increment, &total, error))
        return FALSE;
      amount = pd_money_format_amount (&total);
      json_object_set_string_member (store, "settled_gmv_30d", amount);
      if (!json_object_has_member (store, "first_sale_at"))
        {
          g_autofree char *now_text = pd_sandbox_format_time (scenario->now);

          json_object_set_string_member (store, "first_sale_at", now_text);
        }
      if (!pd_sandbox_db_put_object (scenario->db, "store", store_id, store, NULL, error))
        return FALSE;
      json_array_add_string_element (updated, store_id);
    }
  return TRUE;
}

static gboolean
governance_event (Scenario  *scenario,
                  GError   **error)
{
  g_autoptr(GPtrArray) clean = pd_sandbox_db_list_ids (scenario->db, "store", "$.governance", "none", error);
  g_autoptr(JsonObject) store = NULL;
  g_autofree char *store_id = NULL;

  if (clean == NULL)
    return FALSE;
  for (;;)
    {
      g_clear_pointer (&store_id, g_free);
      g_clear_pointer (&store, json_object_unref);
      store_id = take_random (scenario, clean);
      if (store_id == NULL)
        {
          json_object_set_null_member (scenario->summary, "governance_event");
          return TRUE;
        }
      store = get_listed (scenario, "store", store_id, error);
      if (store == NULL)
        return FALSE;
      if (g_strcmp0 (json_object_get_string_member_with_default (store, "store_status", ""), "normal") == 0)
        break;
    }

  json_object_set_string_member (store, "governance", "high_risk");
  json_object_set_string_member (store, "store_status", "closed");
  json_object_set_string_member (store, "governance_reason",
                                 pd_sandbox_names_pick (scenario->rand, governance_reasons));
  if (!pd_sandbox_db_put_object (scenario->db, "store", store_id, store, NULL, error))
    return FALSE;
  json_object_set_string_member (scenario->summary, "governance_event", store_id);
  return TRUE;
}

static gboolean
new_seller_requests (Scenario  *scenario,
                     guint      count,
                     GError   **error)
{
  g_autofree char *counter_text = pd_sandbox_db_dup_meta (scenario->db, "seller_request_counter");
  g_autofree char *next_text = NULL;
  guint64 counter = counter_text != NULL ? g_ascii_strtoull (counter_text, NULL, 10) : 0;
  g_autofree char *now_text = pd_sandbox_format_time (scenario->now);
  JsonArray *created = json_array_new ();

  json_object_set_array_member (scenario->summary, "new_seller_requests", created);
  for (guint i = 0; i < count; i++)
    {
      g_auto(PdSandboxMerchant) merchant = { 0 };
      g_autoptr(JsonObject) request = json_object_new ();
      g_autofree char *id = g_strdup_printf ("SR-%06" G_GUINT64_FORMAT, 250000 + counter + i);
      g_autofree char *gmv = g_strdup_printf ("%d.00", g_rand_int_range (scenario->rand, 5, 200) * 1000);
      g_autofree char *budget = g_strdup_printf ("%d.00", g_rand_int_range (scenario->rand, 5, 60) * 100);

      pd_sandbox_merchant_generate (scenario->rand, &merchant);
      json_object_set_string_member (request, "id", id);
      json_object_set_string_member (request, "status", "partner_reviewing");
      json_object_set_string_member (request, "request_type",
                                     g_rand_boolean (scenario->rand) ? "select_partners" : "platform_referral");
      json_object_set_string_member (request, "category_id", "cat-store-ops");
      json_object_set_string_member (request, "location", "Shenzhen, Guangdong, CN");
      json_object_set_string_member (request, "company_size", "11-50");
      json_object_set_string_member (request, "currency", "USD");
      json_object_set_string_member (request, "monthly_tiktok_shop_gmv", gmv);
      json_object_set_string_member (request, "monthly_other_gmv", "0.00");
      json_object_set_string_member (request, "monthly_budget", budget);
      json_object_set_string_member (request, "main_category", "Home & Living");
      json_object_set_string_member (request, "best_selling_product", merchant.brand);
      json_object_set_string_member (request, "other_details", merchant.seller_name);
      json_object_set_string_member (request, "created_at", now_text);
      json_object_set_string_member (request, "updated_at", now_text);
      json_object_set_string_member (request, "contact_name", merchant.contact_name);
      json_object_set_string_member (request, "contact_email", merchant.contact_email);
      if (!pd_sandbox_db_put_object (scenario->db, "seller_request", id, request, NULL, error))
        return FALSE;
      json_array_add_string_element (created, id);
    }
  next_text = g_strdup_printf ("%" G_GUINT64_FORMAT, counter + count);
  return pd_sandbox_db_set_meta (scenario->db, "seller_request_counter", next_text, error);
}

static gboolean
resolve_reviews (Scenario  *scenario,
                 GError   **error)
{
  g_autoptr(GPtrArray) in_review = pd_sandbox_db_list_ids (scenario->db, "service_category", "$.state",
                                                           "in_review", error);
  g_autofree char *now_text = pd_sandbox_format_time (scenario->now);
  JsonObject *resolved = json_object_new ();

  json_object_set_object_member (scenario->summary, "resolved_reviews", resolved);
  if (in_review == NULL)
    return FALSE;
  for (guint i = 0; i < in_review->len; i++)
    {
      const char *id = g_ptr_array_index (in_review, i);
      g_autoptr(JsonObject) category = get_listed (scenario, "service_category", id, error);
      JsonObject *requirement, *current;
      PdMoney need, have;
      gboolean met = FALSE;

      if (category == NULL)
        return FALSE;
      requirement = json_object_get_object_member (category, "requirement");
      current = json_object_get_object_member (category, "current");
      if (requirement != NULL && current != NULL &&
          pd_money_parse (json_object_get_string_member_with_default (requirement, "amount", ""),
                          json_object_get_string_member_with_default (requirement, "currency", ""),
                          PD_MONEY_PARSE_NO_GROUPING, &need, NULL) &&
          pd_money_parse (json_object_get_string_member_with_default (current, "amount", ""),
                          json_object_get_string_member_with_default (current, "currency", ""),
                          PD_MONEY_PARSE_NO_GROUPING, &have, NULL) &&
          g_str_equal (need.currency, have.currency))
        met = pd_money_compare (&have, &need) >= 0;

      json_object_set_string_member (category, "state", met ? "approved" : "rejected");
      json_object_set_string_member (category, "state_changed_at", now_text);
      if (!pd_sandbox_db_put_object (scenario->db, "service_category", id, category, NULL, error))
        return FALSE;
      json_object_set_string_member (resolved, id, met ? "approved" : "rejected");
    }
  return TRUE;
}

static gboolean
remove_targets (Scenario  *scenario,
                guint      count,
                GError   **error)
{
  g_autoptr(GPtrArray) targets = pd_sandbox_db_list_ids (scenario->db, "target_merchant", NULL, NULL, error);
  JsonArray *removed = json_array_new ();

  json_object_set_array_member (scenario->summary, "target_removals", removed);
  if (targets == NULL)
    return FALSE;
  for (guint i = targets->len; i > 0 && json_array_get_length (removed) < count; i--)
    {
      const char *id = g_ptr_array_index (targets, i - 1);
      const char *seller_id = strrchr (id, ':');
      g_autoptr(GPtrArray) stores = NULL;

      seller_id = seller_id != NULL ? seller_id + 1 : id;
      stores = pd_sandbox_db_list_ids (scenario->db, "store", "$.seller_id", seller_id, error);
      if (stores == NULL)
        return FALSE;
      if (stores->len > 0)
        continue;
      if (!pd_sandbox_db_delete_object (scenario->db, "target_merchant", id, error))
        return FALSE;
      json_array_add_string_element (removed, id);
    }
  return TRUE;
}

gboolean
pd_sandbox_scenario_advance (PdSandboxDb             *db,
                             const PdSandboxAdvance  *what,
                             gint64                   now,
                             JsonObject              *summary,
                             GError                 **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) pd_sandbox_db_get_max_seq (db));
  Scenario scenario = { .db = db, .rand = rand, .now = now, .summary = summary };

  if (!pd_sandbox_db_begin (db, error))
    return FALSE;
  if ((what->new_stores > 0 && !open_stores (&scenario, what->new_stores, error)) ||
      (what->gmv_updates > 0 && !update_gmv (&scenario, what->gmv_updates, error)) ||
      (what->governance_event && !governance_event (&scenario, error)) ||
      (what->new_seller_requests > 0 && !new_seller_requests (&scenario, what->new_seller_requests, error)) ||
      (what->resolve_reviews && !resolve_reviews (&scenario, error)) ||
      (what->target_removals > 0 && !remove_targets (&scenario, what->target_removals, error)))
    {
      pd_sandbox_db_rollback (db);
      return FALSE;
    }
  if (!pd_sandbox_db_commit (db, error))
    return FALSE;
  json_object_set_int_member (summary, "last_seq", pd_sandbox_db_get_max_seq (db));
  return TRUE;
}
