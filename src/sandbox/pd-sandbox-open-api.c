/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-open-api"

#include "config.h"

#include <string.h>

#include "pd-money.h"
#include "pd-open-api-codes.h"
#include "pd-sandbox-api-private.h"
#include "pd-sandbox-error.h"
#include "pd-sandbox-json.h"
#include "pd-sandbox-open-api.h"
#include "pd-sandbox-util.h"
#include "pd-sign.h"
#include "pd-timestamp.h"

#define STATE_META_KEY  "open_api_state"
#define KEY_META_KEY    "open_api_app_key"
#define SECRET_META_KEY "open_api_app_secret"
#define ACCESS_TTL      (7 * 86400)
/* ASSUMPTION: an authorization link without a duration (unlimited) gets
 * a refresh token that lasts a year; the platform renews it then. */
#define UNLIMITED_TTL   (365 * 86400)
#define REDIRECT_URL    "https://partnerdesk.example/open-api/callback"
#define MAX_OVERRIDES   16
#define MAX_PAGE_SIZE   100

struct _PdSandboxOpenApi
{
  GObject      parent_instance;

  PdSandboxDb *db;
  char        *app_key;
  char        *app_secret;
  JsonObject  *state;      /* {"codes": {code: {...}}, "grants": {open_id: {...}}} */
  GPtrArray   *overrides;  /* JsonObject: {path_prefix, status, body, times} */
  gint64       orders_page_max;  /* 0: page_size as asked */
};

G_DEFINE_FINAL_TYPE (PdSandboxOpenApi, pd_sandbox_open_api, G_TYPE_OBJECT)

static void
pd_sandbox_open_api_finalize (GObject *object)
{
  PdSandboxOpenApi *self = PD_SANDBOX_OPEN_API (object);

  g_clear_object (&self->db);
  g_free (self->app_key);
  g_free (self->app_secret);
  g_clear_pointer (&self->state, json_object_unref);
  g_clear_pointer (&self->overrides, g_ptr_array_unref);
  G_OBJECT_CLASS (pd_sandbox_open_api_parent_class)->finalize (object);
}

static void
pd_sandbox_open_api_class_init (PdSandboxOpenApiClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_sandbox_open_api_finalize;
}

static void
pd_sandbox_open_api_init (PdSandboxOpenApi *self)
{
  self->overrides = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  if (!json_object_has_member (object, name) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, name)))
    json_object_set_object_member (object, name, json_object_new ());
  return json_object_get_object_member (object, name);
}

static gboolean
save_state (PdSandboxOpenApi  *self,
            GError           **error)
{
  g_autofree char *text = pd_sandbox_json_object_to_string (self->state);

  return pd_sandbox_db_set_meta (self->db, STATE_META_KEY, text, error);
}

PdSandboxOpenApi *
pd_sandbox_open_api_new (PdSandboxDb  *db,
                         GError      **error)
{
  g_autoptr(PdSandboxOpenApi) self = g_object_new (PD_TYPE_SANDBOX_OPEN_API, NULL);
  g_autofree char *state = NULL;

  self->db = g_object_ref (db);
  self->app_key = pd_sandbox_db_dup_meta (db, KEY_META_KEY);
  self->app_secret = pd_sandbox_db_dup_meta (db, SECRET_META_KEY);
  if (self->app_key == NULL || self->app_secret == NULL)
    {
      g_autofree char *hex = pd_sandbox_random_hex (6);

      g_free (self->app_key);
      g_free (self->app_secret);
      self->app_key = g_strconcat ("oa", hex, NULL);
      self->app_secret = pd_sandbox_random_hex (20);
      if (!pd_sandbox_db_set_meta (db, KEY_META_KEY, self->app_key, error) ||
          !pd_sandbox_db_set_meta (db, SECRET_META_KEY, self->app_secret, error))
        return NULL;
    }
  state = pd_sandbox_db_dup_meta (db, STATE_META_KEY);
  if (state != NULL)
    self->state = pd_sandbox_json_parse_object (state, strlen (state), FALSE, NULL);
  if (self->state == NULL)
    self->state = json_object_new ();
  member_object (self->state, "codes");
  member_object (self->state, "grants");
  return g_steal_pointer (&self);
}

const char *
pd_sandbox_open_api_get_app_key (PdSandboxOpenApi *self)
{
  return self->app_key;
}

const char *
pd_sandbox_open_api_get_app_secret (PdSandboxOpenApi *self)
{
  return self->app_secret;
}

static const char * const api_paths[] = {
  "/authorization/202309/shops",
  "/analytics/202405/shop/performance",
  "/logistics/202309/warehouses",
  "/seller/202309/shops",
  "/order/202309/orders/search",
  NULL
};

gboolean
pd_sandbox_open_api_owns_path (const char *path)
{
  return g_str_has_prefix (path, "/api/v2/token/") || g_strv_contains (api_paths, path);
}

/* Replies in the Open API's envelope */

static PdSandboxReply *
envelope (const PdSandboxRequest *request,
          guint                   status,
          PdOpenApiCode           code,
          const char             *message,
          const char             *data_json)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "{\"code\":%d,\"message\":", (int) code);
  pd_sandbox_json_append_string (out, message);
  if (data_json != NULL)
    g_string_append_printf (out, ",\"data\":%s", data_json);
  g_string_append (out, ",\"request_id\":");
  pd_sandbox_json_append_string (out, request->request_id);
  g_string_append_c (out, '}');
  return pd_sandbox_reply_new_json (status, g_string_free (out, FALSE));
}

static PdSandboxReply *
refuse (const PdSandboxRequest *request,
        guint                   status,
        PdOpenApiCode           code,
        const char             *message)
{
  return envelope (request, status, code, message, NULL);
}

static const char *
query_get (const PdSandboxRequest *request,
           const char             *name)
{
  return request->query != NULL ? g_hash_table_lookup (request->query, name) : NULL;
}

/* Shops: the feed's stores */

static char *
shop_cipher (const char *shop_id)
{
  g_autofree char *input = g_strconcat ("sandbox-cipher:", shop_id, NULL);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, input, -1);

  sum[24] = '\0';
  return g_strconcat ("ROW_", sum, NULL);
}

static JsonObject *
get_store (PdSandboxOpenApi *self,
           const char       *shop_id)
{
  return pd_sandbox_db_get_object (self->db, "store", shop_id, NULL, NULL);
}

static const char *
store_string (JsonObject *store,
              const char *member,
              const char *fallback)
{
  JsonNode *node = json_object_get_member (store, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

/* A shop's region: its market, or the first inventory country for the
 * multi-country markets (EU), as a real shop has a country. */
static const char *
store_region (JsonObject *store)
{
  const char *market = store_string (store, "market", "GB");

  if (g_str_equal (market, "EU") && json_object_has_member (store, "inventory_countries") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (store, "inventory_countries")))
    {
      JsonArray *countries = json_object_get_array_member (store, "inventory_countries");

      if (json_array_get_length (countries) > 0)
        return json_array_get_string_element (countries, 0);
    }
  return market;
}

static void
append_shop (GString    *out,
             const char *shop_id,
             JsonObject *store,
             gboolean    with_status)
{
  g_autofree char *cipher = shop_cipher (shop_id);
  g_autofree char *name = g_strdup_printf ("Sandbox shop %s", shop_id);
  const char *status = store_string (store, "store_status", "normal");

  g_string_append (out, "{\"id\":");
  pd_sandbox_json_append_string (out, shop_id);
  g_string_append (out, ",\"name\":");
  pd_sandbox_json_append_string (out, name);
  g_string_append (out, ",\"region\":");
  pd_sandbox_json_append_string (out, store_region (store));
  g_string_append (out, ",\"seller_type\":\"CROSS_BORDER\",\"cipher\":");
  pd_sandbox_json_append_string (out, cipher);
  g_string_append (out, ",\"code\":");
  pd_sandbox_json_append_string (out, shop_id + (strlen (shop_id) > 6 ? strlen (shop_id) - 6 : 0));
  /* ASSUMPTION: Get Seller Shops carries the shop's status; the
   * reference names region and type only. */
  if (with_status)
    {
      g_string_append (out, ",\"status\":");
      pd_sandbox_json_append_string (out, g_str_equal (status, "closed") ? "CLOSED"
                                          : g_str_equal (status, "closing") ? "CLOSING" : "ACTIVE");
    }
  g_string_append_c (out, '}');
}

/* Authorization: the admin's approval, codes, tokens */

static JsonObject *
find_link (PdSandboxOpenApi  *self,
           const char        *state,
           GError           **error)
{
  g_autoptr(JsonObject) link = pd_sandbox_db_get_object (self->db, "link", state, NULL, error);

  if (link == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_NOT_FOUND,
                     "no authorization link has the state %s", state);
      return NULL;
    }
  if (!g_str_equal (store_string (link, "kind", ""), "authorization"))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_VALIDATION_FAILED,
                   "link %s is not an authorization link", state);
      return NULL;
    }
  return g_steal_pointer (&link);
}

/* What the platform records when a seller approves: an `authorization`
 * in the partner's feed (its end the one the tokens carry) and the link
 * `used`, in one transaction. */
static char *
record_authorization (PdSandboxOpenApi  *self,
                      JsonObject        *link,
                      const char        *state,
                      const char        *seller_id,
                      JsonArray         *shop_ids,
                      gint64             now,
                      gint64             seconds,
                      gboolean           limited,
                      GError           **error)
{
  g_autoptr(JsonObject) authorization = json_object_new ();
  g_autoptr(JsonObject) used = json_object_ref (link);
  g_autofree char *hex = pd_sandbox_random_hex (4);
  g_autofree char *id = g_strconcat ("AUTH-", hex, NULL);
  g_autofree char *starts = pd_sandbox_format_time (now);
  g_autofree char *ends = pd_sandbox_format_time (now + seconds);
  const char *renewal_of = store_string (link, "renewal_of", NULL);

  json_object_set_string_member (authorization, "id", id);
  json_object_set_string_member (authorization, "state", "active");
  json_object_set_string_member (authorization, "seller_id", seller_id);
  json_object_set_string_member (authorization, "service_id", store_string (link, "service_id", ""));
  json_object_set_array_member (authorization, "shop_ids", json_array_ref (shop_ids));
  json_object_set_string_member (authorization, "starts_at", starts);
  if (limited)
    {
      json_object_set_string_member (authorization, "expires_at", ends);
      json_object_set_int_member (authorization, "duration_days", seconds / 86400);
    }
  if (renewal_of != NULL)
    json_object_set_string_member (authorization, "renewal_of", renewal_of);
  json_object_set_string_member (used, "state", "used");
  json_object_set_string_member (used, "used_at", starts);

  if (!pd_sandbox_db_begin (self->db, error))
    return NULL;
  if (!pd_sandbox_db_put_object (self->db, "authorization", id, authorization, NULL, error) ||
      !pd_sandbox_db_put_object (self->db, "link", state, used, NULL, error) ||
      !pd_sandbox_db_commit (self->db, error))
    {
      pd_sandbox_db_rollback (self->db);
      return NULL;
    }
  return g_steal_pointer (&id);
}

/* POST /sandbox/open-api/approve {"state", "seller_id"?}: the seller
 * opens the authorization link and approves; answers the redirect URL
 * the browser ends on. */
char *
pd_sandbox_open_api_approve (PdSandboxOpenApi  *self,
                             JsonObject        *body,
                             gint64             now,
                             GError           **error)
{
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autoptr(JsonArray) shop_ids = json_array_new ();
  g_autofree char *code = NULL;
  g_autofree char *escaped_state = NULL;
  g_autofree char *authorization_id = NULL;
  const char *state = NULL;
  const char *seller_id = NULL;
  gint64 days = 0;

  if (!pd_sandbox_json_get_string (body, "state", TRUE, 200, &state, error) ||
      !pd_sandbox_json_get_string (body, "seller_id", FALSE, 64, &seller_id, error))
    return NULL;
  link = find_link (self, state, error);
  if (link == NULL)
    return NULL;
  if (!g_str_equal (store_string (link, "state", "active"), "active"))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_TRANSITION,
                   "authorization link %s is %s: the seller cannot approve it", state,
                   store_string (link, "state", "?"));
      return NULL;
    }
  if (seller_id == NULL)
    seller_id = store_string (link, "seller_id", NULL);
  if (seller_id == NULL)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_VALIDATION_FAILED,
                   "authorization link %s names no seller: give \"seller_id\"", state);
      return NULL;
    }
  if (json_object_has_member (link, "shop_ids") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (link, "shop_ids")))
    {
      JsonArray *ids = json_object_get_array_member (link, "shop_ids");

      for (guint i = 0; i < json_array_get_length (ids); i++)
        json_array_add_string_element (shop_ids, json_array_get_string_element (ids, i));
    }
  else
    {
      g_autoptr(GPtrArray) ids = pd_sandbox_db_list_ids (self->db, "store", "$.seller_id",
                                                         seller_id, error);

      if (ids == NULL)
        return NULL;
      for (guint i = 0; i < ids->len; i++)
        json_array_add_string_element (shop_ids, g_ptr_array_index (ids, i));
    }
  if (json_object_has_member (link, "duration_days"))
    days = json_object_get_int_member (link, "duration_days");

  authorization_id = record_authorization (self, link, state, seller_id, shop_ids, now,
                                           days > 0 ? days * 86400 : UNLIMITED_TTL, days > 0, error);
  if (authorization_id == NULL)
    return NULL;
  code = pd_sandbox_random_token (24);
  json_object_set_string_member (entry, "state", state);
  json_object_set_string_member (entry, "seller_id", seller_id);
  json_object_set_array_member (entry, "shop_ids", g_steal_pointer (&shop_ids));
  json_object_set_int_member (entry, "issued_at", now);
  json_object_set_int_member (entry, "authorization_seconds", days > 0 ? days * 86400 : UNLIMITED_TTL);
  json_object_set_boolean_member (entry, "used", FALSE);
  json_object_set_object_member (member_object (self->state, "codes"), code,
                                 g_steal_pointer (&entry));
  if (!save_state (self, error))
    return NULL;
  escaped_state = g_uri_escape_string (state, NULL, FALSE);
  return g_strdup_printf ("{\"code\":\"%s\",\"authorization_id\":\"%s\","
                          "\"redirect_url\":\"" REDIRECT_URL "?code=%s&state=%s\"}",
                          code, authorization_id, code, escaped_state);
}

/* POST /sandbox/open-api/cancel {"seller_id"} or {"open_id"}: the
 * seller cancels the authorization in Seller Center. */
char *
pd_sandbox_open_api_cancel (PdSandboxOpenApi  *self,
                            JsonObject        *body,
                            GError           **error)
{
  JsonObject *grants = member_object (self->state, "grants");
  g_autoptr(GList) names = json_object_get_members (grants);
  const char *seller_id = NULL;
  const char *open_id = NULL;
  guint cancelled = 0;

  if (!pd_sandbox_json_get_string (body, "seller_id", FALSE, 64, &seller_id, error) ||
      !pd_sandbox_json_get_string (body, "open_id", FALSE, 200, &open_id, error))
    return NULL;
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *grant = json_object_get_object_member (grants, l->data);

      if ((open_id != NULL && g_str_equal (open_id, l->data)) ||
          (seller_id != NULL && g_str_equal (store_string (grant, "seller_id", ""), seller_id)))
        {
          json_object_set_boolean_member (grant, "cancelled", TRUE);
          cancelled++;
        }
    }
  if (!save_state (self, error))
    return NULL;
  return g_strdup_printf ("{\"cancelled\":%u}", cancelled);
}

/* POST /sandbox/open-api/override {"path_prefix", "status", "body",
 * "times"}: the next matching Open API requests are answered with that
 * raw body, whatever it is (hostile bodies for the client's tests).
 * {"clear": true} drops them. */
char *
pd_sandbox_open_api_override (PdSandboxOpenApi  *self,
                              JsonObject        *body,
                              GError           **error)
{
  g_autoptr(JsonObject) rule = json_object_new ();
  const char *prefix = NULL;
  const char *text = NULL;
  gboolean present;
  gint64 status = 200, times = 1;

  if (json_object_has_member (body, "orders_page_max"))
    {
      if (!pd_sandbox_json_get_int (body, "orders_page_max", TRUE, 0, MAX_PAGE_SIZE, &present,
                                    &self->orders_page_max, error))
        return NULL;
      return g_strdup_printf ("{\"orders_page_max\":%" G_GINT64_FORMAT "}", self->orders_page_max);
    }
  if (json_object_has_member (body, "clear"))
    {
      g_ptr_array_set_size (self->overrides, 0);
      return g_strdup ("{\"overrides\":0}");
    }
  if (!pd_sandbox_json_get_string (body, "path_prefix", TRUE, 200, &prefix, error) ||
      !pd_sandbox_json_get_string (body, "body", FALSE, 4 * 1024 * 1024, &text, error) ||
      !pd_sandbox_json_get_int (body, "status", FALSE, 100, 599, &present, &status, error) ||
      !pd_sandbox_json_get_int (body, "times", FALSE, 1, 1000, &present, &times, error))
    return NULL;
  if (self->overrides->len >= MAX_OVERRIDES)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_VALIDATION_FAILED,
                   "at most %d overrides; clear them first", MAX_OVERRIDES);
      return NULL;
    }
  json_object_set_string_member (rule, "path_prefix", prefix);
  json_object_set_string_member (rule, "body", text != NULL ? text : "");
  json_object_set_int_member (rule, "status", status);
  json_object_set_int_member (rule, "times", times);
  g_ptr_array_add (self->overrides, g_steal_pointer (&rule));
  return g_strdup_printf ("{\"overrides\":%u}", self->overrides->len);
}

static PdSandboxReply *
take_override (PdSandboxOpenApi       *self,
               const PdSandboxRequest *request)
{
  for (guint i = 0; i < self->overrides->len; i++)
    {
      JsonObject *rule = g_ptr_array_index (self->overrides, i);
      PdSandboxReply *reply;
      gint64 times;

      if (!g_str_has_prefix (request->path, json_object_get_string_member (rule, "path_prefix")))
        continue;
      reply = pd_sandbox_reply_new_json ((guint) json_object_get_int_member (rule, "status"),
                                         g_strdup (json_object_get_string_member (rule, "body")));
      times = json_object_get_int_member (rule, "times") - 1;
      if (times <= 0)
        g_ptr_array_remove_index (self->overrides, i);
      else
        json_object_set_int_member (rule, "times", times);
      return reply;
    }
  return NULL;
}

static char *
token_data (const char *open_id,
            JsonObject *grant)
{
  GString *out = g_string_new ("{\"access_token\":");

  pd_sandbox_json_append_string (out, json_object_get_string_member (grant, "access_token"));
  g_string_append_printf (out, ",\"access_token_expire_in\":%" G_GINT64_FORMAT ",\"refresh_token\":",
                          json_object_get_int_member (grant, "access_expires_at"));
  pd_sandbox_json_append_string (out, json_object_get_string_member (grant, "refresh_token"));
  g_string_append_printf (out, ",\"refresh_token_expire_in\":%" G_GINT64_FORMAT ",\"open_id\":",
                          json_object_get_int_member (grant, "refresh_expires_at"));
  pd_sandbox_json_append_string (out, open_id);
  g_string_append (out, ",\"seller_name\":");
  pd_sandbox_json_append_string (out, json_object_get_string_member (grant, "seller_name"));
  g_string_append (out, ",\"seller_base_region\":");
  pd_sandbox_json_append_string (out, json_object_get_string_member (grant, "seller_base_region"));
  g_string_append (out, ",\"user_type\":0,\"granted_scopes\":[\"seller.shop.info\",\"data.shop_analytics.public.read\",\"seller.logistics\"]}");
  return g_string_free (out, FALSE);
}

static JsonObject *
find_grant (PdSandboxOpenApi *self,
            const char       *member,
            const char       *value,
            const char      **open_id_out)
{
  JsonObject *grants = member_object (self->state, "grants");
  g_autoptr(GList) names = json_object_get_members (grants);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *grant = json_object_get_object_member (grants, l->data);

      if (pd_sign_equal (store_string (grant, member, ""), value))
        {
          if (open_id_out != NULL)
            *open_id_out = l->data;
          return grant;
        }
    }
  return NULL;
}

static PdSandboxReply *
handle_token (PdSandboxOpenApi       *self,
              const PdSandboxRequest *request)
{
  const char *app_key = query_get (request, "app_key");
  const char *app_secret = query_get (request, "app_secret");
  const char *grant_type = query_get (request, "grant_type");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *grant;
  const char *open_id = NULL;

  if (!g_str_equal (request->method, "GET"))
    return refuse (request, 405, PD_OPEN_API_CODE_INVALID_PARAMETER, "expected GET");
  if (app_key == NULL || !g_str_equal (app_key, self->app_key))
    return refuse (request, 401, PD_OPEN_API_CODE_INVALID_CREDENTIALS, PD_OPEN_API_MESSAGE_INVALID_APP_KEY);
  if (app_secret == NULL || !pd_sign_equal (app_secret, self->app_secret))
    return refuse (request, 401, PD_OPEN_API_CODE_BAD_APP_SECRET,
                   "app_secret does not match the app_key");

  if (g_str_equal (request->path, "/api/v2/token/get"))
    {
      const char *code = query_get (request, "auth_code");
      JsonObject *codes = member_object (self->state, "codes");
      JsonObject *entry;
      g_autoptr(JsonObject) new_grant = json_object_new ();
      g_autofree char *new_open_id = NULL;
      g_autofree char *access_token = pd_sandbox_new_access_token ();
      g_autofree char *refresh_token = pd_sandbox_new_refresh_token ();
      g_autofree char *hex = pd_sandbox_random_hex (8);
      const char *seller_id;

      if (grant_type == NULL || !g_str_equal (grant_type, "authorized_code"))
        return refuse (request, 400, PD_OPEN_API_CODE_INVALID_PARAMETER,
                       "grant_type must be authorized_code");
      entry = code != NULL && json_object_has_member (codes, code)
        ? json_object_get_object_member (codes, code) : NULL;
      if (entry == NULL || json_object_get_boolean_member (entry, "used") ||
          request->now - json_object_get_int_member (entry, "issued_at") > PD_OPEN_API_AUTH_CODE_TTL)
        return refuse (request, 400, PD_OPEN_API_CODE_INVALID_AUTH_CODE,
                       "auth_code is invalid, used or older than 30 minutes");
      json_object_set_boolean_member (entry, "used", TRUE);
      seller_id = json_object_get_string_member (entry, "seller_id");
      grant = find_grant (self, "seller_id", seller_id, &open_id);
      new_open_id = open_id != NULL ? g_strdup (open_id) : g_strconcat ("OID", hex, NULL);
      json_object_set_string_member (new_grant, "seller_id", seller_id);
      json_object_set_string_member (new_grant, "seller_name", store_string (grant != NULL ? grant : entry, "seller_name", "Sandbox seller"));
      json_object_set_string_member (new_grant, "seller_base_region", "CN");
      json_object_set_member (new_grant, "shop_ids",
                              json_node_copy (json_object_get_member (entry, "shop_ids")));
      json_object_set_string_member (new_grant, "access_token", access_token);
      json_object_set_string_member (new_grant, "refresh_token", refresh_token);
      json_object_set_int_member (new_grant, "access_expires_at", request->now + ACCESS_TTL);
      json_object_set_int_member (new_grant, "refresh_expires_at",
                                  request->now + json_object_get_int_member (entry, "authorization_seconds"));
      json_object_set_boolean_member (new_grant, "cancelled", FALSE);
      json_object_set_object_member (member_object (self->state, "grants"), new_open_id,
                                     g_steal_pointer (&new_grant));
      grant = json_object_get_object_member (member_object (self->state, "grants"), new_open_id);
      if (!save_state (self, &error))
        return refuse (request, 500, PD_OPEN_API_CODE_INTERNAL, "the sandbox could not save the grant");
      data = token_data (new_open_id, grant);
      return envelope (request, 200, PD_OPEN_API_CODE_OK, "success", data);
    }
  if (g_str_equal (request->path, "/api/v2/token/refresh"))
    {
      const char *refresh_token = query_get (request, "refresh_token");
      g_autofree char *access_token = pd_sandbox_new_access_token ();

      if (grant_type == NULL || !g_str_equal (grant_type, "refresh_token"))
        return refuse (request, 400, PD_OPEN_API_CODE_INVALID_PARAMETER,
                       "grant_type must be refresh_token");
      grant = refresh_token != NULL ? find_grant (self, "refresh_token", refresh_token, &open_id) : NULL;
      if (grant == NULL)
        return refuse (request, 401, PD_OPEN_API_CODE_INVALID_REFRESH, "refresh_token is not valid");
      if (json_object_get_boolean_member (grant, "cancelled"))
        return refuse (request, 401, PD_OPEN_API_CODE_AUTH_CANCELLED,
                       "the seller cancelled this authorization");
      if (request->now >= json_object_get_int_member (grant, "refresh_expires_at"))
        return refuse (request, 401, PD_OPEN_API_CODE_AUTH_EXPIRED, "the authorization has ended");
      /* The old access token stops working: it answers "expired". */
      json_object_set_string_member (grant, "previous_access_token",
                                     json_object_get_string_member (grant, "access_token"));
      json_object_set_string_member (grant, "access_token", access_token);
      json_object_set_int_member (grant, "access_expires_at", request->now + ACCESS_TTL);
      if (!save_state (self, &error))
        return refuse (request, 500, PD_OPEN_API_CODE_INTERNAL, "the sandbox could not save the grant");
      data = token_data (open_id, grant);
      return envelope (request, 200, PD_OPEN_API_CODE_OK, "success", data);
    }
  return refuse (request, 404, PD_OPEN_API_CODE_NOT_FOUND, "no such auth endpoint");
}

/* The signed API */

static gboolean
is_date (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  iso = g_strconcat (text, "T00:00:00Z", NULL);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt != NULL;
}

static gboolean
grant_has_shop (JsonObject *grant,
                const char *cipher,
                char      **shop_id_out)
{
  JsonArray *ids = json_object_get_array_member (grant, "shop_ids");

  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      const char *id = json_array_get_string_element (ids, i);
      g_autofree char *c = shop_cipher (id);

      if (g_str_equal (c, cipher))
        {
          *shop_id_out = g_strdup (id);
          return TRUE;
        }
    }
  return FALSE;
}

static char *
shops_data (PdSandboxOpenApi *self,
            JsonObject       *grant,
            gboolean          with_status)
{
  JsonArray *ids = json_object_get_array_member (grant, "shop_ids");
  GString *out = g_string_new ("{\"shops\":[");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      const char *id = json_array_get_string_element (ids, i);
      g_autoptr(JsonObject) store = get_store (self, id);

      if (store == NULL)
        continue;
      if (n++ > 0)
        g_string_append_c (out, ',');
      append_shop (out, id, store, with_status);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static char *
performance_data (JsonObject *store,
                  const char *start,
                  const char *end)
{
  GString *out = g_string_new ("{\"performance\":{\"intervals\":[{\"start_date\":");
  const char *amount = store_string (store, "settled_gmv_30d", "0.00");

  pd_sandbox_json_append_string (out, start);
  g_string_append (out, ",\"end_date\":");
  pd_sandbox_json_append_string (out, end);
  g_string_append (out, ",\"gmv\":{\"amount\":");
  pd_sandbox_json_append_string (out, amount);
  g_string_append (out, ",\"currency\":");
  pd_sandbox_json_append_string (out, store_string (store, "gmv_currency", "USD"));
  g_string_append (out, "},\"sku_orders\":0,\"units_sold\":0}]}}");
  return g_string_free (out, FALSE);
}

/* Every inventory country is an enabled warehouse; one disabled
 * warehouse (a country the shop left) tests that clients keep to the
 * active ones. */
static char *
warehouses_data (const char *shop_id,
                 JsonObject *store)
{
  GString *out = g_string_new ("{\"warehouses\":[");
  JsonNode *node = json_object_get_member (store, "inventory_countries");

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *countries = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (countries); i++)
        {
          const char *cc = json_array_get_string_element (countries, i);

          g_string_append_printf (out, "{\"id\":\"WH%s%s\",\"name\":\"Warehouse %s\","
                                  "\"type\":\"SALES_WAREHOUSE\",\"effect_status\":\"ENABLED\","
                                  "\"is_default\":%s,\"address\":{\"region_code\":\"%s\"}},",
                                  shop_id, cc, cc, i == 0 ? "true" : "false", cc);
        }
    }
  g_string_append_printf (out, "{\"id\":\"WH%sOLD\",\"name\":\"Former warehouse\","
                          "\"type\":\"SALES_WAREHOUSE\",\"effect_status\":\"DISABLED\","
                          "\"is_default\":false,\"address\":{\"region_code\":\"MX\"}}]}", shop_id);
  return g_string_free (out, FALSE);
}

/* Orders: made up from the store, so that its paid orders in its first
 * 30 days add up to its settled_gmv_30d: 3 to 10 paid orders spread over
 * the window, plus a cancelled and an unpaid one (not GMV) and a paid one
 * after the window. */
typedef struct
{
  gint64      create_time;
  gint64      amount;
  const char *status;
} Order;

static GArray *
store_orders (const char *shop_id,
              JsonObject *store,
              char        currency_out[4])
{
  GArray *orders = g_array_new (FALSE, TRUE, sizeof (Order));
  gint64 opened = 0;
  PdMoney gmv = { 0 };
  guint n;

  if (!pd_timestamp_parse (store_string (store, "onboarded_at", ""), NULL, &opened, NULL) ||
      !pd_money_parse (store_string (store, "settled_gmv_30d", "0"),
                       store_string (store, "gmv_currency", "USD"), PD_MONEY_PARSE_NO_GROUPING, &gmv, NULL))
    return orders;
  g_strlcpy (currency_out, gmv.currency, 4);
  n = 3 + g_str_hash (shop_id) % 8;
  {
    Order cancelled = { opened + 3600, 12345, "CANCELLED" };
    Order unpaid = { opened + 7200, 6789, "UNPAID" };
    Order late = { opened + 31 * 86400, 50000, "COMPLETED" };

    g_array_append_val (orders, cancelled);
    g_array_append_val (orders, unpaid);
    for (guint i = 0; gmv.minor > 0 && i < n; i++)
      {
        Order order = {
          opened + (gint64) (i + 1) * (30 * 86400 / (n + 1)),
          i + 1 < n ? gmv.minor / n : gmv.minor - (gmv.minor / n) * (n - 1),
          i % 2 == 0 ? "COMPLETED" : "DELIVERED",
        };
        g_array_append_val (orders, order);
      }
    g_array_append_val (orders, late);
  }
  return orders;
}

static gint
compare_orders (gconstpointer a,
                gconstpointer b)
{
  const Order *x = a, *y = b;

  return x->create_time < y->create_time ? -1 : x->create_time > y->create_time;
}

static PdSandboxReply *
search_orders (PdSandboxOpenApi       *self,
               const PdSandboxRequest *request,
               const char             *shop_id,
               JsonObject             *store)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) orders = NULL;
  g_autoptr(GArray) matched = g_array_new (FALSE, TRUE, sizeof (Order));
  g_autoptr(GString) out = g_string_new ("{\"orders\":[");
  const char *page_token = query_get (request, "page_token");
  const char *status = NULL;
  char currency[4] = "USD";
  gint64 ge = 0, lt = G_MAXINT64, page_size = 0, offset = 0;
  gboolean present;

  if (!g_ascii_string_to_signed (query_get (request, "page_size") != NULL ? query_get (request, "page_size") : "",
                                 10, 1, MAX_PAGE_SIZE, &page_size, NULL))
    return refuse (request, 400, PD_OPEN_API_CODE_INVALID_PARAMETER, "page_size must be 1 to 100");
  /* A platform may answer fewer than asked: clients follow the token. */
  if (self->orders_page_max > 0)
    page_size = MIN (page_size, self->orders_page_max);
  if (page_token != NULL && *page_token != '\0' &&
      (!g_str_has_prefix (page_token, "pt") ||
       !g_ascii_string_to_signed (page_token + 2, 10, 1, G_MAXINT32, &offset, NULL)))
    return refuse (request, 400, PD_OPEN_API_CODE_INVALID_PARAMETER, "page_token is not one this API gave");
  body = pd_sandbox_json_parse_object (request->body != NULL ? request->body : "", request->body_length,
                                       TRUE, &error);
  if (body == NULL ||
      !pd_sandbox_json_get_int (body, "create_time_ge", FALSE, 0, G_MAXINT64, &present, &ge, &error) ||
      !pd_sandbox_json_get_int (body, "create_time_lt", FALSE, 0, G_MAXINT64, &present, &lt, &error) ||
      !pd_sandbox_json_get_string (body, "order_status", FALSE, 32, &status, &error))
    return refuse (request, 400, PD_OPEN_API_CODE_INVALID_PARAMETER, error->message);
  if (!present)
    lt = G_MAXINT64;

  orders = store_orders (shop_id, store, currency);
  g_array_sort (orders, compare_orders);
  for (guint i = 0; i < orders->len; i++)
    {
      const Order *o = &g_array_index (orders, Order, i);

      if (o->create_time >= ge && o->create_time < lt && (status == NULL || g_str_equal (status, o->status)))
        g_array_append_vals (matched, o, 1);
    }
  for (gint64 i = offset; i < (gint64) matched->len && i < offset + page_size; i++)
    {
      const Order *o = &g_array_index (matched, Order, i);
      PdMoney money = { .minor = o->amount };
      g_autofree char *amount = NULL;

      g_strlcpy (money.currency, currency, sizeof money.currency);
      amount = pd_money_format_amount (&money);
      g_string_append_printf (out, "%s{\"id\":\"57%s%02" G_GINT64_FORMAT "\",\"status\":\"%s\","
                              "\"create_time\":%" G_GINT64_FORMAT ",\"payment\":{\"total_amount\":\"%s\","
                              "\"currency\":\"%s\"}}",
                              i > offset ? "," : "", shop_id, i, o->status, o->create_time, amount, currency);
    }
  if (offset + page_size < (gint64) matched->len)
    g_string_append_printf (out, "],\"next_page_token\":\"pt%" G_GINT64_FORMAT "\"", offset + page_size);
  else
    g_string_append (out, "],\"next_page_token\":\"\"");
  g_string_append_printf (out, ",\"total_count\":%u}", matched->len);
  return envelope (request, 200, PD_OPEN_API_CODE_OK, "Success", out->str);
}

static PdSandboxReply *
handle_api (PdSandboxOpenApi       *self,
            const PdSandboxRequest *request)
{
  const char *app_key = query_get (request, "app_key");
  const char *sign = query_get (request, "sign");
  const char *timestamp = query_get (request, "timestamp");
  const char *token = request->access_token;
  g_autofree char *expected = NULL;
  g_autofree char *data = NULL;
  g_autofree char *shop_id = NULL;
  JsonObject *grant;
  gint64 ts;

  if (!g_str_equal (request->method,
                    g_str_equal (request->path, "/order/202309/orders/search") ? "POST" : "GET"))
    return refuse (request, 405, PD_OPEN_API_CODE_INVALID_PARAMETER, "wrong method for this path");
  if (app_key == NULL || !g_str_equal (app_key, self->app_key))
    return refuse (request, 401, PD_OPEN_API_CODE_INVALID_CREDENTIALS, PD_OPEN_API_MESSAGE_INVALID_APP_KEY);
  expected = pd_sign_request (self->app_secret, request->path, request->query,
                              (const guint8 *) request->body, request->body_length);
  if (sign == NULL || !pd_sign_equal (sign, expected))
    return refuse (request, 401, PD_OPEN_API_CODE_BAD_SIGNATURE,
                   "the signature does not match the request");
  if (timestamp == NULL || !g_ascii_string_to_signed (timestamp, 10, 0, G_MAXINT64, &ts, NULL) ||
      ABS (ts - request->now) > PD_OPEN_API_TIMESTAMP_WINDOW)
    return refuse (request, 401, PD_OPEN_API_CODE_INVALID_CREDENTIALS, PD_OPEN_API_MESSAGE_BAD_TIMESTAMP);
  if (token == NULL)
    token = query_get (request, "access_token");
  grant = token != NULL ? find_grant (self, "access_token", token, NULL) : NULL;
  if (grant == NULL)
    {
      if (token != NULL && find_grant (self, "previous_access_token", token, NULL) != NULL)
        return refuse (request, 401, PD_OPEN_API_CODE_TOKEN_EXPIRED, "the access token has expired");
      return refuse (request, 401, PD_OPEN_API_CODE_INVALID_CREDENTIALS, PD_OPEN_API_MESSAGE_INVALID_TOKEN);
    }
  if (json_object_get_boolean_member (grant, "cancelled"))
    return refuse (request, 401, PD_OPEN_API_CODE_AUTH_CANCELLED, "the seller cancelled this authorization");
  if (request->now >= json_object_get_int_member (grant, "refresh_expires_at"))
    return refuse (request, 401, PD_OPEN_API_CODE_AUTH_EXPIRED, "the authorization has ended");
  if (request->now >= json_object_get_int_member (grant, "access_expires_at"))
    return refuse (request, 401, PD_OPEN_API_CODE_TOKEN_EXPIRED, "the access token has expired");

  if (g_str_equal (request->path, "/authorization/202309/shops"))
    data = shops_data (self, grant, FALSE);
  else if (g_str_equal (request->path, "/seller/202309/shops"))
    data = shops_data (self, grant, TRUE);
  else
    {
      const char *cipher = query_get (request, "shop_cipher");
      g_autoptr(JsonObject) store = NULL;

      if (cipher == NULL || !grant_has_shop (grant, cipher, &shop_id))
        return refuse (request, 403, PD_OPEN_API_CODE_SHOP_NOT_AUTHORIZED,
                       "shop_cipher is missing or names a shop this token does not cover");
      store = get_store (self, shop_id);
      if (store == NULL)
        return refuse (request, 404, PD_OPEN_API_CODE_NOT_FOUND, "the shop no longer exists");
      if (g_str_equal (request->path, "/order/202309/orders/search"))
        return search_orders (self, request, shop_id, store);
      if (g_str_equal (request->path, "/analytics/202405/shop/performance"))
        {
          const char *start = query_get (request, "start_date_ge");
          const char *end = query_get (request, "end_date_lt");

          if (!is_date (start) || !is_date (end) || strcmp (start, end) >= 0)
            return refuse (request, 400, PD_OPEN_API_CODE_INVALID_PARAMETER,
                           "start_date_ge and end_date_lt must be dates (YYYY-MM-DD), the start first");
          /* ASSUMPTION: the sandbox keeps no daily sales; any window
           * answers the store's 30-day GMV as one interval. */
          data = performance_data (store, start, end);
        }
      else
        data = warehouses_data (shop_id, store);
    }
  return envelope (request, 200, PD_OPEN_API_CODE_OK, "Success", data);
}

PdSandboxReply *
pd_sandbox_open_api_handle (PdSandboxOpenApi       *self,
                            const PdSandboxRequest *request)
{
  PdSandboxReply *reply = take_override (self, request);

  if (reply != NULL)
    return reply;
  if (g_str_has_prefix (request->path, "/api/v2/token/"))
    return handle_token (self, request);
  return handle_api (self, request);
}
