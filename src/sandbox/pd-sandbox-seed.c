/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-seed"

#include "config.h"

#include <string.h>

#include "pd-money.h"
#include "pd-program.h"
#include "pd-sandbox-json.h"
#include "pd-sandbox-names.h"
#include "pd-sandbox-seed-private.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-util.h"
#include "pd-timestamp.h"

G_DEFINE_QUARK (pd-sandbox-seed-error-quark, pd_sandbox_seed_error)

#define DEMO_SEED 20260101
#define N_TARGETS_EU 200
#define N_TARGETS_JP 100
#define N_ACTIVE_INVITATIONS 90
#define N_TARGET_REMOVALS 3
#define DAY PD_SANDBOX_SEED_DAY


static const struct
{
  const char *currency;
  const char *rate;
  gint64      micros;
} fx_rates[] = {
  { "EUR", "7.8123", 7812300 },
  { "GBP", "9.1456", 9145600 },
  { "JPY", "0.048215", 48215 },
  { "USD", "7.2345", 7234500 },
};

typedef enum
{
  TARGET_APPROVED,
  TARGET_PENDING,
  TARGET_REJECTED,
  TARGET_NONE,        /* not on the program's list */
} TargetKind;

typedef enum
{
  VIA_OUR_LINK,       /* the full URL of one of our links */
  VIA_OTHER,          /* another partner's link */
  VIA_NONE,           /* opened without any link */
  VIA_REVOKED,        /* our link, revoked before the store opened */
  VIA_DUPLICATE,      /* a later store of a seller who has a qualified one */
} ViaKind;

/* The stores of the demo, stage by stage (src/core/README.md), in the
 * quarter that contains the moment of seeding. A store opened between
 * ago_max and ago_min days before that moment (both negative: that many
 * days before the period started); when less of the quarter has passed
 * than the table spans, the times shrink into what has passed, so every
 * store of the period opened in it. GMV is in CNY, converted to the
 * store's currency; countries are those of the inventory rule. While
 * the period runs, the target list and the inventory rule can still be
 * met (those stores are pending until it ends) and no store can have
 * opened after it: "lost on onboarding date" is "before" twice. */
static const struct
{
  const char *stage;
  guint       count;
  const char *market;
  TargetKind  target;
  ViaKind     via;
  int         ago_min;
  int         ago_max;
  int         gmv_min;
  int         gmv_max;
  guint       countries;
  const char *status;
  const char *governance;
} store_specs[] = {
  { "qualified", 12, "EU", TARGET_APPROVED, VIA_OUR_LINK, 10, 60, 1500, 9000, 5, "normal", "none" },
  { "qualified_warning", 2, "EU", TARGET_APPROVED, VIA_OUR_LINK, 20, 50, 2000, 6000, 4, "normal", "warning" },
  { "qualified", 6, "JP", TARGET_APPROVED, VIA_OUR_LINK, 8, 55, 1200, 6000, 0, "normal", "none" },
  { "pending_gmv", 3, "EU", TARGET_APPROVED, VIA_OUR_LINK, 20, 27, 200, 900, 4, "normal", "none" },
  { "pending_gmv", 3, "JP", TARGET_APPROVED, VIA_OUR_LINK, 1, 20, 0, 900, 0, "normal", "none" },
  { "pending_review", 2, "EU", TARGET_PENDING, VIA_OUR_LINK, 10, 45, 1500, 5000, 4, "normal", "none" },
  { "pending_review", 2, "JP", TARGET_PENDING, VIA_OUR_LINK, 10, 45, 1500, 5000, 0, "normal", "none" },
  { "lost_target_rejected", 2, "EU", TARGET_REJECTED, VIA_OUR_LINK, 10, 50, 1500, 5000, 4, "normal", "none" },
  { "lost_not_on_list", 1, "EU", TARGET_NONE, VIA_OUR_LINK, 10, 50, 1500, 5000, 4, "normal", "none" },
  { "lost_not_on_list", 1, "JP", TARGET_NONE, VIA_OUR_LINK, 10, 50, 1500, 5000, 0, "normal", "none" },
  { "lost_link_other", 1, "EU", TARGET_APPROVED, VIA_OTHER, 10, 50, 1500, 5000, 4, "normal", "none" },
  { "lost_link_none", 1, "EU", TARGET_APPROVED, VIA_NONE, 10, 50, 1500, 5000, 4, "normal", "none" },
  { "lost_link_revoked", 1, "EU", TARGET_APPROVED, VIA_REVOKED, 10, 50, 1500, 5000, 4, "normal", "none" },
  { "lost_onboarded_before", 1, "EU", TARGET_APPROVED, VIA_OUR_LINK, -10, -10, 1500, 5000, 4, "normal", "none" },
  { "lost_onboarded_before", 1, "JP", TARGET_APPROVED, VIA_OUR_LINK, -25, -25, 1500, 5000, 0, "normal", "none" },
  { "lost_sales_exactly_threshold", 1, "JP", TARGET_APPROVED, VIA_OUR_LINK, 35, 55, 1000, 1000, 0, "normal", "none" },
  { "lost_sales", 1, "EU", TARGET_APPROVED, VIA_OUR_LINK, 35, 55, 450, 450, 4, "normal", "none" },
  { "lost_inventory", 2, "EU", TARGET_APPROVED, VIA_OUR_LINK, 10, 50, 1500, 5000, 3, "normal", "none" },
  { "lost_status_closing", 1, "EU", TARGET_APPROVED, VIA_OUR_LINK, 10, 50, 1500, 5000, 4, "closing", "none" },
  { "lost_status_closed", 1, "EU", TARGET_APPROVED, VIA_OUR_LINK, 10, 50, 1500, 5000, 4, "closed", "none" },
  { "lost_duplicate", 2, "EU", TARGET_APPROVED, VIA_DUPLICATE, 2, 8, 1500, 5000, 4, "normal", "none" },
  { "high_risk", 1, "EU", TARGET_APPROVED, VIA_OUR_LINK, 40, 55, 3000, 8000, 4, "closed", "high_risk" },
  { "us_benefit", 5, "US", TARGET_NONE, VIA_OUR_LINK, 5, 60, 3000, 20000, 0, "normal", "none" },
};

/* The table spans this much before the moment of seeding. */
#define STORE_SPAN (62 * DAY)

static const char * const counted_countries[] = { "GB", "DE", "FR", "IT", "ES", "IE", NULL };

typedef struct
{
  PdSandboxMerchant merchant;
  char             *market;
  TargetKind        kind;
  gboolean          busy;      /* has a store or an invitation already */
} Target;

static void
target_free (Target *target)
{
  pd_sandbox_merchant_clear (&target->merchant);
  g_free (target->market);
  g_free (target);
}

static void
store_ref_free (PdSandboxStoreRef *ref)
{
  g_free (ref->store_id);
  g_free (ref->seller_id);
  g_free (ref->market);
  g_free (ref->contact_name);
  g_free (ref->contact_email);
  g_free (ref->stage);
  g_free (ref);
}

static JsonObject *
build_partner (gboolean demo,
               gint64   now)
{
  JsonObject *partner = json_object_new ();
  JsonObject *urls = json_object_new ();
  JsonArray *markets = json_array_new ();

  json_object_set_string_member (partner, "partner_id", "7421958306632718090");
  json_object_set_string_member (partner, "name", "StarBridge Commerce 星桥出海");
  json_array_add_string_element (markets, "EU");
  json_array_add_string_element (markets, "JP");
  json_array_add_string_element (markets, "US");
  json_object_set_array_member (partner, "markets", markets);
  json_object_set_string_member (urls, "EU",
                                 "https://seller.tiktokshop.com/account/register?partner_code=TSP7F3K2EU&region=eu");
  json_object_set_string_member (urls, "JP",
                                 "https://seller.tiktokshop.com/account/register?partner_code=TSP7F3K2JP&region=jp");
  json_object_set_string_member (urls, "US",
                                 "https://seller-us.tiktokshop.com/account/register?partner_code=TSP7F3K2US");
  json_object_set_object_member (partner, "onboarding_base_urls", urls);
  json_object_set_string_member (partner, "authorization_base_url",
                                 "https://services.tiktokshop.com/open/authorize");
  /* The demo's store stages hold as of the moment of seeding, in the
   * quarter that contains it. */
  if (demo)
    {
      g_autofree char *as_of = pd_sandbox_format_time (now);

      json_object_set_string_member (partner, "demo_as_of", as_of);
    }
  return partner;
}

static gboolean
seed_partner (PdSandboxDb  *db,
              gboolean      demo,
              gint64        now,
              GError      **error)
{
  g_autoptr(JsonObject) partner = build_partner (demo, now);
  g_autofree char *text = pd_sandbox_json_object_to_string (partner);
  g_autofree char *epoch = pd_sandbox_random_hex (8);
  g_autofree char *secret = pd_sandbox_random_hex (20);
  g_autofree char *key_tail = pd_sandbox_random_hex (6);
  g_autofree char *app_key = g_strconcat ("6b", key_tail, NULL);
  g_autofree char *access_token = pd_sandbox_new_access_token ();
  g_autofree char *refresh_token = pd_sandbox_new_refresh_token ();
  PdSandboxCredentials credentials = {
    .app_key = app_key,
    .app_secret = secret,
    .access_token = access_token,
    .refresh_token = refresh_token,
    .issued_at = now,
  };

  return pd_sandbox_db_set_meta (db, "partner", text, error) &&
         pd_sandbox_db_set_meta (db, "epoch", epoch, error) &&
         pd_sandbox_db_set_meta (db, "compaction_generation", "0", error) &&
         pd_sandbox_db_set_meta (db, "compacted_seq", "0", error) &&
         pd_sandbox_db_set_credentials (db, &credentials, error);
}

/* Helpers */

static gint64
rate_micros (const char *currency)
{
  for (guint i = 0; i < G_N_ELEMENTS (fx_rates); i++)
    if (g_str_equal (fx_rates[i].currency, currency))
      return fx_rates[i].micros;
  return 1000000;
}

/* CNY fen to the currency's canonical amount text. */
char *
pd_sandbox_seed_amount_from_cny (gint64      cny_fen,
                                 const char *currency)
{
  PdMoney money = { 0 };

  g_strlcpy (money.currency, currency, sizeof money.currency);
  if (g_str_equal (currency, "CNY"))
    money.minor = cny_fen;
  else if (g_str_equal (currency, "JPY"))
    money.minor = cny_fen * 10000 / rate_micros (currency);
  else
    money.minor = cny_fen * 1000000 / rate_micros (currency);
  return pd_money_format_amount (&money);
}

static char *
time_text (gint64 when)
{
  return pd_sandbox_format_time (when);
}

static const char *
market_currency (const char *market,
                 GRand      *rand)
{
  if (g_str_equal (market, "JP"))
    return "JPY";
  if (g_str_equal (market, "US"))
    return "USD";
  return g_rand_int_range (rand, 0, 5) == 0 ? "GBP" : "EUR";
}

char *
pd_sandbox_seed_seller_id (PdSandboxSeed *seed)
{
  for (;;)
    {
      char *id = pd_sandbox_names_seller_id (seed->rand);

      if (!g_hash_table_contains (seed->seller_ids, id))
        {
          g_hash_table_add (seed->seller_ids, g_strdup (id));
          return id;
        }
      g_free (id);
    }
}

/* Rates, categories, services */

static gboolean
seed_fx_rates (PdSandboxSeed *seed,
               GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (fx_rates); i++)
    {
      g_autoptr(JsonObject) rate = json_object_new ();

      json_object_set_string_member (rate, "currency", fx_rates[i].currency);
      json_object_set_string_member (rate, "cny_per_unit", fx_rates[i].rate);
      if (!pd_sandbox_seed_put (seed, "fx_rate", fx_rates[i].currency, rate, error))
        return FALSE;
    }
  return TRUE;
}

static const struct
{
  const char *id;
  const char *name;
  const char *state;
  const char *requirement;
  const char *current;
  const char *qualification;
} categories[] = {
  { "cat-store-ops", "Store operations", "approved", "50000.00", "86420.00",
    "At least 3 managed stores with a shop rating of 4.5 or more" },
  { "cat-advertising", "Advertising", "approved", "30000.00", "41200.00",
    "A certified TikTok Ads specialist on staff" },
  { "cat-kol", "Influencer/KOL marketing", "in_review", "50000.00", "52300.00",
    "At least 20 creator collaborations in the last 90 days" },
  { "cat-logistics", "Logistics", "not_listed", "100000.00", "12800.00",
    "Own or contracted overseas warehouse in the served market" },
  { "cat-compliance", "Compliance", "rejected", "20000.00", "8950.00",
    "EU product safety (GPSR) responsible-person service" },
  { "cat-erp", "ERP", "suspended", "40000.00", "47000.00",
    "Open API integration approved by the platform" },
  { "cat-training", "Training", "not_listed", "10000.00", "11500.00",
    "At least 2 seller training sessions per month" },
};

static const struct
{
  const char *id;
  const char *category_id;
  const char *name;
  const char *type;
  const char *description;
  const char *price;
} services[] = {
  { "svc-shop-registration", "cat-store-ops", "Shop Registration", "public",
    "We open your cross-border store and complete the onboarding checklist.", "0.00" },
  { "svc-eu-launch", "cat-store-ops", "EU cross-border store launch package", "public",
    "Listing translation for 5 EU languages, VAT and EPR set-up, first 50 products.", "1999.00" },
  { "svc-jp-ops", "cat-store-ops", "Japan store operations, monthly", "public",
    "Daily operations of your TikTok Shop Japan store by a bilingual team.", "1200.00" },
  { "svc-ops-dedicated", "cat-store-ops", "Dedicated operations team", "custom",
    "A dedicated operations team for sellers above USD 100k monthly GMV.", "4800.00" },
  { "svc-ads-starter", "cat-advertising", "TikTok Ads starter campaign", "public",
    "Two-week GMV Max campaign set-up and optimisation.", "800.00" },
  { "svc-ads-full-funnel", "cat-advertising", "Full-funnel ads management", "custom",
    "Monthly management of LIVE, video and product ads with weekly reports.", "2500.00" },
  { "svc-kol-seeding", "cat-kol", "KOL seeding, 20 creators", "public",
    "Product seeding with 20 matched creators and content rights for 90 days.", "1500.00" },
  { "svc-erp-sync", "cat-erp", "ERP order and inventory sync", "public",
    "Two-way order, stock and logistics sync with your ERP.", "299.00" },
};

static gboolean
seed_categories_and_services (PdSandboxSeed *seed,
                              GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autoptr(JsonObject) category = json_object_new ();
      JsonObject *requirement = json_object_new ();
      JsonObject *current = json_object_new ();

      json_object_set_string_member (category, "id", categories[i].id);
      json_object_set_string_member (category, "name", categories[i].name);
      json_object_set_string_member (category, "state", categories[i].state);
      json_object_set_string_member (requirement, "metric", "category_gmv");
      json_object_set_string_member (requirement, "amount", categories[i].requirement);
      json_object_set_string_member (requirement, "currency", "USD");
      json_object_set_string_member (requirement, "operation_qualification", categories[i].qualification);
      json_object_set_object_member (category, "requirement", requirement);
      json_object_set_string_member (current, "amount", categories[i].current);
      json_object_set_string_member (current, "currency", "USD");
      json_object_set_object_member (category, "current", current);
      if (!pd_sandbox_seed_put (seed, "service_category", categories[i].id, category, error))
        return FALSE;
    }

  /* Same members, same order as PUT /v1/services writes. */
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autoptr(JsonObject) service = json_object_new ();

      json_object_set_string_member (service, "id", services[i].id);
      json_object_set_string_member (service, "category_id", services[i].category_id);
      json_object_set_string_member (service, "name", services[i].name);
      json_object_set_string_member (service, "type", services[i].type);
      json_object_set_string_member (service, "description", services[i].description);
      json_object_set_string_member (service, "price", services[i].price);
      json_object_set_string_member (service, "currency", "USD");
      if (!pd_sandbox_seed_put (seed, "service", services[i].id, service, error))
        return FALSE;
    }
  return TRUE;
}

/* Target merchants */

JsonObject *
pd_sandbox_seed_target_data (const PdSandboxMerchant *merchant,
                             const char              *market,
                             const char              *review_status,
                             const char              *program_id)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "seller_id", merchant->seller_id);
  json_object_set_string_member (data, "seller_name", merchant->seller_name);
  json_object_set_string_member (data, "brand", merchant->brand);
  json_object_set_string_member (data, "market", market);
  json_object_set_string_member (data, "country", merchant->country);
  json_object_set_string_member (data, "contact_name", merchant->contact_name);
  json_object_set_string_member (data, "contact_email", merchant->contact_email);
  json_object_set_string_member (data, "contact_phone", merchant->contact_phone);
  json_object_set_string_member (data, "review_status", review_status);
  json_object_set_string_member (data, "program_id", program_id);
  return data;
}

char *
pd_sandbox_seed_target_id (const char *program_id,
                           const char *seller_id)
{
  return g_strdup_printf ("%s:%s", program_id, seller_id);
}

static gboolean
seed_targets (PdSandboxSeed *seed,
              GError **error)
{
  static const char * const statuses[] = { "approved", "pending", "rejected" };

  for (guint i = 0; i < N_TARGETS_EU + N_TARGETS_JP; i++)
    {
      Target *target = g_new0 (Target, 1);
      g_autoptr(JsonObject) data = NULL;
      g_autofree char *id = NULL;

      pd_sandbox_merchant_generate (seed->rand, &target->merchant);
      g_free (target->merchant.seller_id);
      target->merchant.seller_id = pd_sandbox_seed_seller_id (seed);
      target->market = g_strdup (i < N_TARGETS_EU ? "EU" : "JP");
      target->kind = i % 25 == 7 ? TARGET_REJECTED : i % 10 == 3 ? TARGET_PENDING : TARGET_APPROVED;
      g_ptr_array_add (seed->targets, target);

      data = pd_sandbox_seed_target_data (&target->merchant, target->market, statuses[target->kind],
                                          seed->recruitment_id);
      id = pd_sandbox_seed_target_id (seed->recruitment_id, target->merchant.seller_id);
      if (!pd_sandbox_seed_put (seed, "target_merchant", id, data, error))
        return FALSE;
    }
  return TRUE;
}

/* A target of @kind in @market without a store yet; NULL for
 * TARGET_NONE (a merchant off the list, created on the spot). */
static Target *
take_target (PdSandboxSeed *seed,
             const char *market,
             TargetKind  kind)
{
  for (guint i = 0; i < seed->targets->len; i++)
    {
      Target *target = g_ptr_array_index (seed->targets, i);

      if (!target->busy && target->kind == kind && g_str_equal (target->market, market))
        {
          target->busy = TRUE;
          return target;
        }
    }
  return NULL;
}

/* Links and stores */

gboolean
pd_sandbox_seed_put_link (PdSandboxSeed  *seed,
                          const char    *token,
                          const char    *market,
                          const char    *seller_id,
                          const char    *program_id,
                          const char    *state,
                          gint64         created_at,
                          gint64         used_at,
                          gint64         expires_at,
                          gint64         revoked_at,
                          GError       **error)
{
  g_autoptr(JsonObject) link = json_object_new ();
  g_autofree char *url = pd_sandbox_onboarding_url (json_object_get_string_member (seed->base_urls, market),
                                                    token);
  g_autofree char *created = time_text (created_at);

  json_object_set_string_member (link, "token", token);
  json_object_set_string_member (link, "kind", "onboarding");
  json_object_set_string_member (link, "url", url);
  json_object_set_string_member (link, "state", state);
  json_object_set_string_member (link, "created_at", created);
  if (seller_id != NULL)
    json_object_set_string_member (link, "seller_id", seller_id);
  json_object_set_string_member (link, "market", market);
  json_object_set_string_member (link, "program_id", program_id);
  if (expires_at > 0)
    {
      g_autofree char *text = time_text (expires_at);

      json_object_set_string_member (link, "expires_at", text);
    }
  if (used_at > 0)
    {
      g_autofree char *text = time_text (used_at);

      json_object_set_string_member (link, "used_at", text);
    }
  if (revoked_at > 0)
    {
      g_autofree char *text = time_text (revoked_at);

      json_object_set_string_member (link, "revoked_at", text);
    }
  json_object_set_string_member (link, "staff", pd_sandbox_seed_staff (seed));
  return pd_sandbox_seed_put (seed, "link", token, link, error);
}

JsonArray *
pd_sandbox_seed_countries (PdSandboxSeed *seed,
                           const char    *market,
                           guint          counted)
{
  JsonArray *countries = json_array_new ();
  gboolean taken[6] = { FALSE, };

  if (!g_str_equal (market, "EU"))
    {
      json_array_add_string_element (countries, market);
      return countries;
    }
  for (guint n = 0; n < counted && n < 6; )
    {
      guint i = (guint) g_rand_int_range (seed->rand, 0, 6);

      if (!taken[i])
        {
          taken[i] = TRUE;
          json_array_add_string_element (countries, counted_countries[i]);
          n++;
        }
    }
  /* Countries outside the rule's list do not count. */
  if (g_rand_int_range (seed->rand, 0, 3) == 0)
    json_array_add_string_element (countries, g_rand_boolean (seed->rand) ? "PL" : "NL");
  return countries;
}

typedef struct
{
  char   *store_id;
  gint64  onboarded_at;
  gint64  gmv_fen;
  char   *currency;
} GmvHistory;

static void
gmv_history_free (GmvHistory *history)
{
  g_free (history->store_id);
  g_free (history->currency);
  g_free (history);
}

JsonObject *
pd_sandbox_seed_store_data (const char *store_id,
                            const char *seller_id,
                            const char *market,
                            gint64      onboarded_at,
                            const char *via_link,
                            const char *currency,
                            JsonArray  *countries,
                            const char *status,
                            const char *governance,
                            const char *governance_reason)
{
  JsonObject *store = json_object_new ();
  g_autofree char *onboarded = time_text (onboarded_at);
  g_autofree char *zero = pd_sandbox_seed_amount_from_cny (0, currency);

  json_object_set_string_member (store, "store_id", store_id);
  json_object_set_string_member (store, "seller_id", seller_id);
  json_object_set_string_member (store, "market", market);
  json_object_set_string_member (store, "onboarded_at", onboarded);
  json_object_set_string_member (store, "via_link", via_link);
  json_object_set_string_member (store, "settled_gmv_30d", zero);
  json_object_set_string_member (store, "gmv_currency", currency);
  json_object_set_array_member (store, "inventory_countries", countries);
  json_object_set_string_member (store, "store_status", status);
  json_object_set_string_member (store, "governance", governance);
  if (governance_reason != NULL)
    json_object_set_string_member (store, "governance_reason", governance_reason);
  return store;
}

/* The moment a store opened @days before the moment of seeding (@days
 * < 0: that many days before the period), @seconds into that day. */
static gint64
opened_at (PdSandboxSeed *seed,
           int            days,
           gint64         seconds)
{
  gint64 elapsed = seed->now - seed->period_start;
  gint64 ago;

  if (days < 0)
    return seed->period_start + (gint64) days * DAY + seconds;
  ago = (gint64) days * DAY + seconds;
  /* Early in a quarter: shrink into the part of it that has passed. */
  if (elapsed < STORE_SPAN)
    ago = ago * elapsed / STORE_SPAN;
  return seed->now - ago;
}

static gboolean
seed_stores (PdSandboxSeed *seed,
             GError **error)
{
  g_autoptr(GPtrArray) histories = g_ptr_array_new_with_free_func ((GDestroyNotify) gmv_history_free);
  g_autoptr(GPtrArray) qualified_sellers = g_ptr_array_new_with_free_func (g_free);
  guint our_links = 0;

  for (guint s = 0; s < G_N_ELEMENTS (store_specs); s++)
    for (guint k = 0; k < store_specs[s].count; k++)
      {
        const char *market = store_specs[s].market;
        const char *program = g_str_equal (market, "US") ? seed->benefit_id : seed->recruitment_id;
        const char *currency;
        const char *reason = NULL;
        g_auto(PdSandboxMerchant) outsider = { 0 };
        g_autofree char *store_id = NULL;
        g_autofree char *token = NULL;
        g_autofree char *via = NULL;
        g_autofree char *seller_id = NULL;
        g_autoptr(JsonObject) store = NULL;
        JsonArray *countries;
        Target *target = NULL;
        PdSandboxStoreRef *ref;
        gint64 onboarded_at;
        int day;

        day = store_specs[s].ago_min +
              (store_specs[s].ago_max > store_specs[s].ago_min
               ? g_rand_int_range (seed->rand, 0, store_specs[s].ago_max - store_specs[s].ago_min + 1)
               : 0);
        onboarded_at = opened_at (seed, day, g_rand_int_range (seed->rand, 9 * 3600, 20 * 3600));
        store_id = g_strdup_printf ("7495%012u", (guint) g_rand_int_range (seed->rand, 0, G_MAXINT32));

        if (store_specs[s].via == VIA_DUPLICATE)
          seller_id = g_strdup (g_ptr_array_index (qualified_sellers, k));
        else if (store_specs[s].target != TARGET_NONE &&
                 (target = take_target (seed, market, store_specs[s].target)) != NULL)
          seller_id = g_strdup (target->merchant.seller_id);
        else
          {
            pd_sandbox_merchant_generate (seed->rand, &outsider);
            seller_id = pd_sandbox_seed_seller_id (seed);
          }
        if (g_str_equal (store_specs[s].stage, "qualified") && g_str_equal (market, "EU"))
          g_ptr_array_add (qualified_sellers, g_strdup (seller_id));

        token = pd_sandbox_names_token (seed->rand);
        switch (store_specs[s].via)
          {
          case VIA_OUR_LINK:
          case VIA_DUPLICATE:
            if (!pd_sandbox_seed_put_link (seed, token, market, seller_id, program, "used",
                                           onboarded_at - g_rand_int_range (seed->rand, 2, 11) * DAY,
                                           onboarded_at, 0, 0, error))
              return FALSE;
            /* The store report gives the full URL, sometimes the token alone. */
            via = ++our_links % 4 == 0
              ? g_strdup (token)
              : pd_sandbox_onboarding_url (json_object_get_string_member (seed->base_urls, market), token);
            break;
          case VIA_REVOKED:
            if (!pd_sandbox_seed_put_link (seed, token, market, seller_id, program, "revoked",
                                           onboarded_at - 12 * DAY, 0, 0, onboarded_at - 2 * DAY, error))
              return FALSE;
            via = pd_sandbox_onboarding_url (json_object_get_string_member (seed->base_urls, market), token);
            break;
          case VIA_OTHER:
            via = g_strdup ("https://seller.tiktokshop.com/account/register?partner_code=TSP9QX1EU&ref=ag-20458");
            break;
          case VIA_NONE:
          default:
            via = g_strdup ("");
            break;
          }

        if (g_str_equal (store_specs[s].stage, "lost_sales_exactly_threshold"))
          currency = "CNY";
        else
          currency = market_currency (market, seed->rand);
        if (g_str_equal (store_specs[s].governance, "warning"))
          reason = "Late dispatch rate 6.2% over the last 30 days (threshold 4%)";
        else if (g_str_equal (store_specs[s].governance, "high_risk"))
          reason = "Prohibited goods: counterfeit branded earphones (销售假冒品牌商品); store closed";

        countries = pd_sandbox_seed_countries (seed, market, store_specs[s].countries);
        store = pd_sandbox_seed_store_data (store_id, seller_id, market, onboarded_at, via, currency, countries,
                                            store_specs[s].status, store_specs[s].governance, reason);
        json_object_set_string_member (store, "program_id", program);
        if (!pd_sandbox_seed_put (seed, "store", store_id, store, error))
          return FALSE;

        if (store_specs[s].gmv_max > 0)
          {
            GmvHistory *history = g_new0 (GmvHistory, 1);
            int yuan = store_specs[s].gmv_min +
                       (store_specs[s].gmv_max > store_specs[s].gmv_min
                        ? g_rand_int_range (seed->rand, 0, store_specs[s].gmv_max - store_specs[s].gmv_min)
                        : 0);

            history->store_id = g_strdup (store_id);
            history->onboarded_at = onboarded_at;
            history->gmv_fen = (gint64) yuan * 100 +
                               (store_specs[s].gmv_max > store_specs[s].gmv_min
                                ? g_rand_int_range (seed->rand, 0, 100) : 0);
            history->currency = g_strdup (currency);
            g_ptr_array_add (histories, history);
          }

        ref = g_new0 (PdSandboxStoreRef, 1);
        ref->store_id = g_strdup (store_id);
        ref->seller_id = g_strdup (seller_id);
        ref->market = g_strdup (market);
        ref->stage = g_strdup (store_specs[s].stage);
        ref->contact_name = g_strdup (target != NULL ? target->merchant.contact_name
                                                     : outsider.contact_name);
        ref->contact_email = g_strdup (target != NULL ? target->merchant.contact_email
                                                      : outsider.contact_email);
        if (ref->contact_name == NULL)
          pd_sandbox_names_person (seed->rand, "example-seller.com", &ref->contact_name, &ref->contact_email);
        g_ptr_array_add (seed->stores, ref);
      }

  /* Then the reports come in: first a partial GMV, then the settled one. */
  for (guint step = 0; step < 2; step++)
    for (guint i = 0; i < histories->len; i++)
      {
        GmvHistory *history = g_ptr_array_index (histories, i);
        g_autoptr(JsonObject) store = NULL;
        g_autofree char *amount = NULL;
        g_autofree char *first_sale = NULL;
        gint64 fen = step == 0 ? history->gmv_fen * (40 + (gint64) (i % 40)) / 100 : history->gmv_fen;

        store = pd_sandbox_db_get_object (seed->db, "store", history->store_id, NULL, error);
        if (store == NULL)
          return FALSE;
        amount = pd_sandbox_seed_amount_from_cny (fen, history->currency);
        /* Never after the moment of seeding: the report would be from the future. */
        first_sale = time_text (history->onboarded_at +
                                MIN ((1 + (gint64) (i % 3)) * DAY, (seed->now - history->onboarded_at) / 2));
        json_object_set_string_member (store, "first_sale_at", first_sale);
        json_object_set_string_member (store, "settled_gmv_30d", amount);
        if (!pd_sandbox_seed_put (seed, "store", history->store_id, store, error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
seed_open_links (PdSandboxSeed *seed,
                 GError **error)
{
  /* Invitations sent and not used yet. */
  for (guint i = 0; i < N_ACTIVE_INVITATIONS; i++)
    {
      Target *target = take_target (seed, i % 3 == 2 ? "JP" : "EU", TARGET_APPROVED);
      g_autofree char *token = pd_sandbox_names_token (seed->rand);

      if (target == NULL)
        break;
      if (!pd_sandbox_seed_put_link (seed, token, target->market, target->merchant.seller_id,
                                     seed->recruitment_id, "active",
                                     seed->now - g_rand_int_range (seed->rand, 1, 31) * DAY, 0, 0, 0, error))
        return FALSE;
    }
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *token = pd_sandbox_names_token (seed->rand);
      g_autofree char *seller_id = pd_sandbox_seed_seller_id (seed);

      if (!pd_sandbox_seed_put_link (seed, token, "US", seller_id, seed->benefit_id, "active",
                                     seed->now - g_rand_int_range (seed->rand, 1, 20) * DAY, 0, 0, 0, error))
        return FALSE;
    }
  /* Invitations that ran out, and some the agency withdrew. */
  for (guint i = 0; i < 8; i++)
    {
      Target *target = take_target (seed, i % 2 == 0 ? "EU" : "JP", TARGET_APPROVED);
      g_autofree char *token = pd_sandbox_names_token (seed->rand);
      /* Ran out 1 to 30 days ago. */
      gint64 created = seed->now - g_rand_int_range (seed->rand, 31, 61) * DAY;

      if (target == NULL)
        break;
      if (!pd_sandbox_seed_put_link (seed, token, target->market, target->merchant.seller_id,
                                     seed->recruitment_id, "expired", created, 0, created + 30 * DAY, 0, error))
        return FALSE;
    }
  for (guint i = 0; i < 4; i++)
    {
      Target *target = take_target (seed, "EU", TARGET_APPROVED);
      g_autofree char *token = pd_sandbox_names_token (seed->rand);
      /* Withdrawn 1 to 55 days ago. */
      gint64 created = seed->now - g_rand_int_range (seed->rand, 6, 61) * DAY;

      if (target == NULL)
        break;
      if (!pd_sandbox_seed_put_link (seed, token, "EU", target->merchant.seller_id, seed->recruitment_id,
                                     "revoked", created, 0, 0, created + 5 * DAY, error))
        return FALSE;
    }
  return TRUE;
}

/* A newer target list drops a few sellers: deletes in the feed. */
static gboolean
seed_target_removals (PdSandboxSeed *seed,
                      GError **error)
{
  guint removed = 0;

  for (guint i = seed->targets->len; i > 0 && removed < N_TARGET_REMOVALS; i--)
    {
      Target *target = g_ptr_array_index (seed->targets, i - 1);
      g_autofree char *id = NULL;

      if (target->busy)
        continue;
      target->busy = TRUE;
      id = pd_sandbox_seed_target_id (seed->recruitment_id, target->merchant.seller_id);
      if (!pd_sandbox_db_delete_object (seed->db, "target_merchant", id, error))
        return FALSE;
      removed++;
    }
  return TRUE;
}

static gboolean
seed_demo (PdSandboxDb  *db,
           const char   *programs_dir,
           gint64        now,
           GError      **error)
{
  g_autoptr(JsonObject) partner = build_partner (TRUE, now);
  g_autoptr(GRand) rand = g_rand_new_with_seed (DEMO_SEED);
  g_autoptr(GHashTable) seller_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  g_autoptr(GPtrArray) stores = g_ptr_array_new_with_free_func ((GDestroyNotify) store_ref_free);
  PdSandboxSeed seed = {
    .db = db,
    .rand = rand,
    .now = now,
    .base_urls = json_object_get_object_member (partner, "onboarding_base_urls"),
    .seller_ids = seller_ids,
    .targets = targets,
    .stores = stores,
  };
  /* The past quarter draws from a stream of its own, last: the current
   * quarter's objects are the same with or without it, and it is the
   * same whenever the demo is seeded. */
  g_autoptr(GRand) past_rand = g_rand_new_with_seed (DEMO_SEED - 1);
  PdSandboxSeed past;
  gboolean ok;

  pd_sandbox_seed_quarter (now, NULL, NULL, &seed.period_start, &seed.period_end);
  past = seed;
  past.rand = past_rand;
  ok = pd_sandbox_seed_programs (&seed, programs_dir, error) &&
       seed_fx_rates (&seed, error) &&
       seed_categories_and_services (&seed, error) &&
       seed_targets (&seed, error) &&
       seed_stores (&seed, error) &&
       seed_open_links (&seed, error) &&
       pd_sandbox_seed_seller_requests (&seed, error) &&
       pd_sandbox_seed_authorizations (&seed, error) &&
       seed_target_removals (&seed, error) &&
       pd_sandbox_seed_past_quarter (&past, error);
  g_free (seed.recruitment_id);
  g_free (seed.benefit_id);
  return ok;
}

gboolean
pd_sandbox_seed (PdSandboxDb  *db,
                 const char   *kind,
                 const char   *programs_dir,
                 gint64        now,
                 GError      **error)
{
  gboolean demo;

  if (g_strcmp0 (kind, "demo") == 0)
    demo = TRUE;
  else if (g_strcmp0 (kind, "empty") == 0)
    demo = FALSE;
  else
    {
      g_set_error (error, PD_SANDBOX_SEED_ERROR, PD_SANDBOX_SEED_ERROR_UNKNOWN_KIND,
                   "unknown seed \"%s\"; expected demo or empty", kind);
      return FALSE;
    }

  if (!pd_sandbox_db_begin (db, error))
    return FALSE;
  if (!pd_sandbox_db_set_meta (db, "seed", kind, error) ||
      !seed_partner (db, demo, now, error) ||
      (demo && !seed_demo (db, programs_dir, now, error)))
    {
      pd_sandbox_db_rollback (db);
      return FALSE;
    }
  return pd_sandbox_db_commit (db, error);
}

gboolean
pd_sandbox_seed_bulk (PdSandboxDb  *db,
                      guint         count,
                      GError      **error)
{
  g_autofree char *counter_text = NULL;
  g_autofree char *next_text = NULL;
  g_autoptr(GRand) rand = NULL;
  guint64 counter;

  if (!pd_sandbox_db_begin (db, error))
    return FALSE;
  counter_text = pd_sandbox_db_dup_meta (db, "bulk_counter");
  counter = counter_text != NULL ? g_ascii_strtoull (counter_text, NULL, 10) : 0;
  rand = g_rand_new_with_seed ((guint32) (DEMO_SEED + counter));

  for (guint i = 0; i < count; i++)
    {
      g_auto(PdSandboxMerchant) merchant = { 0 };
      g_autoptr(JsonObject) data = json_object_new ();
      g_autofree char *seller_id = g_strdup_printf ("79%014" G_GUINT64_FORMAT, counter + i);
      g_autofree char *id = pd_sandbox_seed_target_id (PD_SANDBOX_RECRUITMENT_TEMPLATE, seller_id);

      pd_sandbox_merchant_generate (rand, &merchant);
      json_object_set_string_member (data, "seller_id", seller_id);
      json_object_set_string_member (data, "seller_name", merchant.seller_name);
      json_object_set_string_member (data, "brand", merchant.brand);
      json_object_set_string_member (data, "market", i % 3 == 2 ? "JP" : "EU");
      json_object_set_string_member (data, "country", merchant.country);
      json_object_set_string_member (data, "contact_name", merchant.contact_name);
      json_object_set_string_member (data, "contact_email", merchant.contact_email);
      json_object_set_string_member (data, "contact_phone", merchant.contact_phone);
      json_object_set_string_member (data, "review_status", i % 10 == 3 ? "pending" : "approved");
      json_object_set_string_member (data, "program_id", PD_SANDBOX_RECRUITMENT_TEMPLATE);
      if (!pd_sandbox_db_put_object (db, "target_merchant", id, data, NULL, error))
        {
          pd_sandbox_db_rollback (db);
          return FALSE;
        }
    }

  next_text = g_strdup_printf ("%" G_GUINT64_FORMAT, counter + count);
  if (!pd_sandbox_db_set_meta (db, "bulk_counter", next_text, error))
    {
      pd_sandbox_db_rollback (db);
      return FALSE;
    }
  return pd_sandbox_db_commit (db, error);
}
