/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-seed"

/* What the demo seed places relative to the moment of seeding: the
 * programs of the quarter that contains it (so that the demo is a
 * current quarter, whenever it is seeded), the seller requests and the
 * authorizations (expiring within 3, 6, 10 and 14 days of it). */

#include "config.h"

#include <string.h>

#include "pd-program.h"
#include "pd-sandbox-json.h"
#include "pd-sandbox-names.h"
#include "pd-sandbox-seed-private.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-util.h"
#include "pd-timestamp.h"

static const char * const staff_names[] = {
  "Lily Chen 陈丽", "Zhou Min 周敏", "Tom Becker", "Sato Yuki 佐藤由纪", NULL
};

gboolean
pd_sandbox_seed_put (PdSandboxSeed  *seed,
                     const char     *type,
                     const char     *id,
                     JsonObject     *data,
                     GError        **error)
{
  return pd_sandbox_db_put_object (seed->db, type, id, data, NULL, error);
}

const char *
pd_sandbox_seed_staff (PdSandboxSeed *seed)
{
  return pd_sandbox_names_pick (seed->rand, staff_names);
}

/* The current quarter */

void
pd_sandbox_seed_quarter (gint64  now,
                         int    *year_out,
                         int    *quarter_out,
                         gint64 *start_out,
                         gint64 *end_out)
{
  static const int last_day[] = { 31, 30, 30, 31 };
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, pd_sandbox_platform_zone ());
  int year = g_date_time_get_year (local);
  int quarter = (g_date_time_get_month (local) - 1) / 3 + 1;

  if (year_out != NULL)
    *year_out = year;
  if (quarter_out != NULL)
    *quarter_out = quarter;
  if (start_out != NULL)
    *start_out = pd_timestamp_day_start (year, quarter * 3 - 2, 1, pd_sandbox_platform_zone ());
  if (end_out != NULL)
    *end_out = pd_timestamp_day_end (year, quarter * 3, last_day[quarter - 1], pd_sandbox_platform_zone ());
}

char *
pd_sandbox_seed_program_id (const char *template_id,
                            gint64      now)
{
  const char *tail = strrchr (template_id, '-');
  g_autofree char *stem = g_strndup (template_id, tail != NULL ? (gsize) (tail - template_id) : strlen (template_id));
  int year, quarter;

  pd_sandbox_seed_quarter (now, &year, &quarter, NULL, NULL);
  return g_strdup_printf ("%s-%dq%d", stem, year, quarter);
}

/* The template's rules for the quarter of seed->now: id, name ("…, Q4
 * 2026" in place of "…, Q1 2026") and period change, nothing else. */
static JsonObject *
current_program (PdSandboxSeed  *seed,
                 PdProgram      *template,
                 char          **id_out,
                 GError        **error)
{
  static const char * const ends[] = { "03-31", "06-30", "09-30", "12-31" };
  const char *json = pd_program_get_json (template);
  g_autoptr(JsonObject) data = pd_sandbox_json_parse_object (json, strlen (json), FALSE, error);
  g_autofree char *id = pd_sandbox_seed_program_id (pd_program_get_id (template), seed->now);
  g_autofree char *name = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PdProgram) check = NULL;
  JsonObject *period;
  const char *old_name;
  const char *comma;
  int year, quarter;

  if (data == NULL)
    return NULL;
  pd_sandbox_seed_quarter (seed->now, &year, &quarter, NULL, NULL);
  old_name = json_object_get_string_member_with_default (data, "name", id);
  comma = strrchr (old_name, ',');
  name = comma != NULL ? g_strdup_printf ("%.*s, Q%d %d", (int) (comma - old_name), old_name, quarter, year)
                       : g_strdup_printf ("%s, Q%d %d", old_name, quarter, year);
  start = g_strdup_printf ("%04d-%02d-01", year, quarter * 3 - 2);
  end = g_strdup_printf ("%04d-%s", year, ends[quarter - 1]);

  json_object_set_string_member (data, "id", id);
  json_object_set_string_member (data, "name", name);
  period = json_object_new ();
  json_object_set_string_member (period, "start", start);
  json_object_set_string_member (period, "end", end);
  json_object_set_object_member (data, "period", period);

  /* The platform only serves programs the app can read. */
  text = pd_sandbox_json_object_to_string (data);
  check = pd_program_new_from_data (text, -1, id, error);
  if (check == NULL)
    return NULL;
  *id_out = g_steal_pointer (&id);
  return g_steal_pointer (&data);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

gboolean
pd_sandbox_seed_programs (PdSandboxSeed  *seed,
                          const char     *programs_dir,
                          GError        **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) generated = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *name;

  dir = g_dir_open (programs_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (paths, g_build_filename (programs_dir, name, NULL));
  if (paths->len == 0)
    {
      g_set_error (error, PD_SANDBOX_SEED_ERROR, PD_SANDBOX_SEED_ERROR_NO_PROGRAMS,
                   "demo seed: no program files (*.json) in %s; set PARTNERDESK_PROGRAMS_DIR"
                   " to the project's data/programs", programs_dir);
      return FALSE;
    }
  g_ptr_array_sort (paths, compare_paths);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(PdProgram) program = pd_program_new_from_file (g_ptr_array_index (paths, i), error);
      g_autoptr(JsonObject) data = NULL;
      const char *id;
      const char *json;
      char **current_id = NULL;

      if (program == NULL)
        return FALSE;
      id = pd_program_get_id (program);
      if (g_str_equal (id, PD_SANDBOX_RECRUITMENT_TEMPLATE))
        current_id = &seed->recruitment_id;
      else if (g_str_equal (id, PD_SANDBOX_BENEFIT_TEMPLATE))
        current_id = &seed->benefit_id;
      if (current_id != NULL)
        {
          JsonObject *current = current_program (seed, program, current_id, error);

          if (current == NULL)
            return FALSE;
          g_ptr_array_add (generated, current);
          /* Seeded in Q1 2026: the file is the current quarter. */
          if (g_str_equal (id, *current_id))
            continue;
        }
      json = pd_program_get_json (program);
      data = pd_sandbox_json_parse_object (json, strlen (json), FALSE, error);
      if (data == NULL || !pd_sandbox_seed_put (seed, "program", id, data, error))
        return FALSE;
    }
  if (seed->recruitment_id == NULL || seed->benefit_id == NULL)
    {
      g_set_error (error, PD_SANDBOX_SEED_ERROR, PD_SANDBOX_SEED_ERROR_NO_PROGRAMS,
                   "demo seed: %s needs %s.json and %s.json (the templates of the current"
                   " quarter's programs)", programs_dir, PD_SANDBOX_RECRUITMENT_TEMPLATE,
                   PD_SANDBOX_BENEFIT_TEMPLATE);
      return FALSE;
    }
  /* The current quarter's programs come after the files: the newest last. */
  for (guint i = 0; i < generated->len; i++)
    {
      JsonObject *data = g_ptr_array_index (generated, i);

      if (!pd_sandbox_seed_put (seed, "program", json_object_get_string_member (data, "id"), data, error))
        return FALSE;
    }
  return TRUE;
}

/* Seller requests, relative to now */

static const char * const company_sizes[] = { "1-10", "11-50", "51-200", "201-500", "500+", NULL };
static const char * const main_categories[] = {
  "Home & Living", "Beauty & Personal Care", "Consumer Electronics", "Womenswear", "Sports & Outdoor",
  "Toys & Hobbies", "Pet Supplies", "Kitchenware", NULL
};
static const char * const best_sellers[] = {
  "Foldable silicone kettle", "LED vanity mirror", "Wireless earbuds", "Yoga leggings",
  "Camping lantern", "Magnetic building blocks", "Self-cleaning pet brush", "Ceramic knife set", NULL
};
static const char * const locations[] = {
  "Shenzhen, Guangdong, CN", "Yiwu, Zhejiang, CN", "Guangzhou, Guangdong, CN", "Hong Kong, HK",
  "Xiamen, Fujian, CN", "Hangzhou, Zhejiang, CN", NULL
};
static const char * const request_category_ids[] = {
  "cat-store-ops", "cat-advertising", "cat-store-ops", "cat-kol", NULL
};

gboolean
pd_sandbox_seed_seller_requests (PdSandboxSeed  *seed,
                                 GError        **error)
{
  static const struct { const char *status; guint count; } plan[] = {
    { "partner_reviewing", 8 },
    { "partner_accepted", 5 },
    { "connected", 4 },
    { "rejected", 3 },
    { "closed", 5 },
  };
  guint n = 0;

  for (guint p = 0; p < G_N_ELEMENTS (plan); p++)
    for (guint k = 0; k < plan[p].count; k++, n++)
      {
        g_autoptr(JsonObject) request = json_object_new ();
        g_auto(PdSandboxMerchant) merchant = { 0 };
        g_autofree char *id = g_strdup_printf ("SR-%06u", 240100 + n);
        gint64 created = seed->now - (gint64) g_rand_int_range (seed->rand, 1, 41) * PD_SANDBOX_SEED_DAY -
                         g_rand_int_range (seed->rand, 0, PD_SANDBOX_SEED_DAY);
        gint64 updated = g_str_equal (plan[p].status, "partner_reviewing")
                         ? created : created + g_rand_int_range (seed->rand, 3600, PD_SANDBOX_SEED_DAY);
        g_autofree char *created_text = pd_sandbox_format_time (created);
        g_autofree char *updated_text = pd_sandbox_format_time (MIN (updated, seed->now));
        const char *currency = n % 3 == 0 ? "CNY" : n % 3 == 1 ? "USD" : "EUR";
        g_autofree char *tiktok_gmv = g_strdup_printf ("%d.00", g_rand_int_range (seed->rand, 5, 200) * 1000);
        g_autofree char *other_gmv = g_strdup_printf ("%d.00", g_rand_int_range (seed->rand, 10, 900) * 1000);
        g_autofree char *budget = g_strdup_printf ("%d.00", g_rand_int_range (seed->rand, 5, 60) * 100);

        pd_sandbox_merchant_generate (seed->rand, &merchant);
        json_object_set_string_member (request, "id", id);
        json_object_set_string_member (request, "status", plan[p].status);
        json_object_set_string_member (request, "request_type",
                                       n % 4 == 1 ? "platform_referral" : "select_partners");
        json_object_set_string_member (request, "category_id",
                                       pd_sandbox_names_pick (seed->rand, request_category_ids));
        json_object_set_string_member (request, "location", pd_sandbox_names_pick (seed->rand, locations));
        json_object_set_string_member (request, "company_size", pd_sandbox_names_pick (seed->rand, company_sizes));
        json_object_set_string_member (request, "currency", currency);
        json_object_set_string_member (request, "monthly_tiktok_shop_gmv", tiktok_gmv);
        json_object_set_string_member (request, "monthly_other_gmv", other_gmv);
        json_object_set_string_member (request, "monthly_budget", budget);
        json_object_set_string_member (request, "main_category",
                                       pd_sandbox_names_pick (seed->rand, main_categories));
        json_object_set_string_member (request, "best_selling_product",
                                       pd_sandbox_names_pick (seed->rand, best_sellers));
        json_object_set_string_member (request, "other_details",
                                       n % 2 == 0 ? "我们希望拓展欧洲市场，需要全托管运营。"
                                                  : "Looking for help with EU VAT and creator marketing.");
        json_object_set_string_member (request, "created_at", created_text);
        json_object_set_string_member (request, "updated_at", updated_text);
        if (!g_str_equal (plan[p].status, "closed"))
          {
            json_object_set_string_member (request, "contact_name", merchant.contact_name);
            json_object_set_string_member (request, "contact_email", merchant.contact_email);
          }
        if (!pd_sandbox_seed_put (seed, "seller_request", id, request, error))
          return FALSE;

        /* Sellers edit some open requests: the agency sees version 2. */
        if (g_str_equal (plan[p].status, "partner_reviewing") && k % 3 == 0)
          {
            g_autofree char *edited = pd_sandbox_format_time (MIN (created + 2 * 3600, seed->now));
            g_autofree char *more = g_strdup_printf ("%d.00", g_rand_int_range (seed->rand, 60, 120) * 100);

            json_object_set_string_member (request, "monthly_budget", more);
            json_object_set_string_member (request, "updated_at", edited);
            if (!pd_sandbox_seed_put (seed, "seller_request", id, request, error))
              return FALSE;
          }
      }
  return TRUE;
}

/* Authorizations (and the authorization links they came through) */

static gboolean
put_authorization_link (PdSandboxSeed *seed,
                        const char  *service_id,
                        const char  *seller_id,
                        const char  *market,
                        const char  *state,
                        gint64       created_at,
                        gint64       used_at,
                        gint64       duration_days,
                        GError     **error)
{
  g_autoptr(JsonObject) link = json_object_new ();
  g_autofree char *token = pd_sandbox_names_token (seed->rand);
  g_autofree char *url = pd_sandbox_authorization_url (service_id, token, g_str_equal (market, "US"));
  g_autofree char *created = pd_sandbox_format_time (created_at);
  g_autofree char *expires = pd_sandbox_format_time (created_at + 7 * PD_SANDBOX_SEED_DAY);

  json_object_set_string_member (link, "token", token);
  json_object_set_string_member (link, "kind", "authorization");
  json_object_set_string_member (link, "url", url);
  json_object_set_string_member (link, "state", state);
  json_object_set_string_member (link, "created_at", created);
  json_object_set_string_member (link, "expires_at", expires);
  json_object_set_string_member (link, "service_id", service_id);
  json_object_set_string_member (link, "seller_id", seller_id);
  json_object_set_string_member (link, "market", market);
  if (duration_days > 0)
    json_object_set_int_member (link, "duration_days", duration_days);
  if (used_at > 0)
    {
      g_autofree char *used = pd_sandbox_format_time (used_at);

      json_object_set_string_member (link, "used_at", used);
    }
  json_object_set_string_member (link, "staff", pd_sandbox_seed_staff (seed));
  return pd_sandbox_seed_put (seed, "link", token, link, error);
}

gboolean
pd_sandbox_seed_authorizations (PdSandboxSeed  *seed,
                                GError        **error)
{
  /* state, expiry relative to now in days (0: unlimited), duration. */
  static const struct { const char *state; int expires_in; int duration; } plan[] = {
    { "active", 3, 30 }, { "active", 6, 90 }, { "active", 10, 30 }, { "active", 14, 180 },
    { "active", 0, 0 },
    { "active", 25, 30 }, { "active", 48, 90 }, { "active", 75, 90 }, { "active", 120, 180 },
    { "active", 200, 365 }, { "active", 300, 365 },
    { "completed", -5, 30 }, { "completed", -20, 90 }, { "completed", -60, 30 }, { "completed", -120, 180 },
    { "canceled", 40, 90 }, { "canceled", 15, 30 }, { "canceled", 100, 180 },
    { "closed", 30, 90 }, { "closed", 60, 365 },
  };
  static const char * const authorizable[] = {
    "svc-eu-launch", "svc-jp-ops", "svc-ops-dedicated", "svc-ads-starter", "svc-ads-full-funnel", NULL
  };

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      /* The renewal (48 days left) is the same seller's as the one it renews. */
      guint ref_index = (plan[i].expires_in == 48 ? 11 * 7 : i * 7) % seed->stores->len;
      PdSandboxStoreRef *ref = g_ptr_array_index (seed->stores, ref_index);
      g_autoptr(JsonObject) authorization = json_object_new ();
      JsonArray *shops = json_array_new ();
      g_autofree char *id = g_strdup_printf ("AUTH-%06u", 880100 + i);
      const char *service_id = authorizable[i % 5];
      gint64 expires = seed->now + (gint64) plan[i].expires_in * PD_SANDBOX_SEED_DAY;
      gint64 starts = plan[i].duration > 0 ? expires - (gint64) plan[i].duration * PD_SANDBOX_SEED_DAY
                                           : seed->now - 200 * PD_SANDBOX_SEED_DAY;
      g_autofree char *starts_text = pd_sandbox_format_time (starts);

      json_object_set_string_member (authorization, "id", id);
      json_object_set_string_member (authorization, "state", plan[i].state);
      json_object_set_string_member (authorization, "seller_id", ref->seller_id);
      json_object_set_string_member (authorization, "service_id", service_id);
      json_array_add_string_element (shops, ref->store_id);
      json_object_set_array_member (authorization, "shop_ids", shops);
      json_object_set_string_member (authorization, "contact_name", ref->contact_name);
      json_object_set_string_member (authorization, "contact_email", ref->contact_email);
      json_object_set_string_member (authorization, "starts_at", starts_text);
      if (plan[i].duration > 0)
        {
          g_autofree char *expires_text = pd_sandbox_format_time (expires);

          json_object_set_string_member (authorization, "expires_at", expires_text);
          json_object_set_int_member (authorization, "duration_days", plan[i].duration);
        }
      /* The 48-day one renewed the authorization that completed 5 days ago. */
      if (plan[i].expires_in == 48)
        json_object_set_string_member (authorization, "renewal_of", "AUTH-880111");

      if (!put_authorization_link (seed, service_id, ref->seller_id, ref->market, "used",
                                   starts - PD_SANDBOX_SEED_DAY, starts, plan[i].duration, error) ||
          !pd_sandbox_seed_put (seed, "authorization", id, authorization, error))
        return FALSE;
    }

  /* Links sent for renewals and new services, not used yet, and one
   * that ran out. */
  for (guint i = 0; i < 4; i++)
    {
      PdSandboxStoreRef *ref = g_ptr_array_index (seed->stores, (i * 11 + 3) % seed->stores->len);
      gint64 created = i < 3 ? seed->now - (gint64) (i + 1) * PD_SANDBOX_SEED_DAY : seed->now - 20 * PD_SANDBOX_SEED_DAY;

      if (!put_authorization_link (seed, authorizable[i], ref->seller_id, ref->market,
                                   i < 3 ? "active" : "expired", created, 0, i == 1 ? 0 : 90, error))
        return FALSE;
    }
  return TRUE;
}
