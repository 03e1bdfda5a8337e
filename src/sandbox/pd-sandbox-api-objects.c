/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-api"

#include "config.h"

#include <string.h>

#include "pd-currency.h"
#include "pd-enums.h"
#include "pd-money.h"
#include "pd-sandbox-api-private.h"
#include "pd-sandbox-error.h"
#include "pd-sandbox-json.h"
#include "pd-sandbox-util.h"
#include "pd-timestamp.h"

/* The mutating endpoints of src/sync/README.md. Each runs inside the
 * request's write transaction (pd-sandbox-api.c), so an error reply
 * leaves nothing behind. */

/* ASSUMPTION: the platform does not publish how long an authorization
 * link stays valid; 7 days. */
#define AUTHORIZATION_LINK_DAYS 7
/* ASSUMPTION: a service priced without a currency is priced in USD. */
#define DEFAULT_SERVICE_CURRENCY "USD"

static JsonObject *
parse_body (const PdSandboxRequest  *request,
            gboolean                 empty_ok,
            GError                 **error)
{
  return pd_sandbox_json_parse_object (request->body != NULL ? request->body : "",
                                       request->body_length, empty_ok, error);
}

static JsonObject *
load_partner (PdSandboxApi  *self,
              GError       **error)
{
  g_autofree char *partner = pd_sandbox_db_dup_meta (self->db, "partner");

  if (partner == NULL)
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INTERNAL,
                           "the sandbox has no partner");
      return NULL;
    }
  return pd_sandbox_json_parse_object (partner, strlen (partner), FALSE, error);
}

static PdSandboxReply *
not_found (const PdSandboxRequest *request,
           const char             *what,
           const char             *id)
{
  return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_NOT_FOUND, "no %s %s", what, id);
}

/* A missing referenced object is an error; a database error too. */
static JsonObject *
require_object (PdSandboxApi            *self,
                const PdSandboxRequest  *request,
                const char              *type,
                const char              *id,
                const char              *member,
                gint64                  *version_out,
                GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = pd_sandbox_db_get_object (self->db, type, id, version_out, &local_error);

  if (object != NULL)
    return object;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_VALIDATION_FAILED,
                 "request body: \"%s\": no %s %s", member, type, id);
  return NULL;
}

static void
set_optional_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

static JsonArray *
string_array (GPtrArray *items)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (items, i));
  return array;
}

/* POST /v1/links */

PdSandboxReply *
pd_sandbox_api_create_link (PdSandboxApi           *self,
                            const PdSandboxRequest *request,
                            char                  **params)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) partner = NULL;
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *expires_text = NULL;
  const char *kind, *token, *market, *seller_id, *program_id, *expires_at, *staff;
  JsonObject *base_urls;
  const char *base_url = NULL;
  gint64 version;

  body = parse_body (request, FALSE, &error);
  if (body == NULL ||
      !pd_sandbox_json_get_string (body, "kind", TRUE, 32, &kind, &error) ||
      !pd_sandbox_json_get_string (body, "token", TRUE, 128, &token, &error) ||
      !pd_sandbox_json_get_string (body, "market", TRUE, 8, &market, &error) ||
      !pd_sandbox_json_get_string (body, "seller_id", FALSE, 64, &seller_id, &error) ||
      !pd_sandbox_json_get_string (body, "program_id", FALSE, 128, &program_id, &error) ||
      !pd_sandbox_json_get_string (body, "expires_at", FALSE, 64, &expires_at, &error) ||
      !pd_sandbox_json_get_string (body, "staff", FALSE, 200, &staff, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  if (!g_str_equal (kind, "onboarding"))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_BODY,
                                        "request body: \"kind\" is \"%s\"; expected \"onboarding\""
                                        " (authorization links: POST /v1/authorization-links)", kind);
  if (!pd_sandbox_json_is_token (token, 22, 128))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_BODY,
                                        "request body: \"token\": expected 22 to 128 URL-safe"
                                        " characters (A-Z a-z 0-9 - _), at least 128 random bits");

  partner = load_partner (self, &error);
  if (partner == NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  base_urls = json_object_get_object_member (partner, "onboarding_base_urls");
  if (base_urls != NULL && json_object_has_member (base_urls, market))
    base_url = json_object_get_string_member (base_urls, market);
  if (base_url == NULL)
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_VALIDATION_FAILED,
                                        "request body: \"market\": the partner has no onboarding"
                                        " link for market %s", market);

  if (program_id != NULL)
    {
      g_autoptr(JsonObject) program = require_object (self, request, "program", program_id,
                                                      "program_id", NULL, &error);

      if (program == NULL)
        return pd_sandbox_api_error (request, g_steal_pointer (&error));
    }
  if (expires_at != NULL)
    {
      gint64 when;

      if (!pd_timestamp_parse (expires_at, NULL, &when, &error))
        return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_BODY,
                                            "request body: \"expires_at\": %s", error->message);
      if (when <= request->now)
        return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_VALIDATION_FAILED,
                                            "request body: \"expires_at\" %s is not in the future",
                                            expires_at);
      expires_text = pd_sandbox_format_time (when);
    }

  existing = pd_sandbox_db_get_object (self->db, "link", token, NULL, &error);
  if (error != NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  if (existing != NULL)
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_ALREADY_EXISTS,
                                        "a link with token %s exists already; generate a new token",
                                        token);

  url = pd_sandbox_onboarding_url (base_url, token);
  created_at = pd_sandbox_format_time (request->now);
  link = json_object_new ();
  json_object_set_string_member (link, "token", token);
  json_object_set_string_member (link, "kind", "onboarding");
  json_object_set_string_member (link, "url", url);
  json_object_set_string_member (link, "state", pd_link_state_to_string (PD_LINK_STATE_ACTIVE));
  json_object_set_string_member (link, "created_at", created_at);
  set_optional_string (link, "seller_id", seller_id);
  json_object_set_string_member (link, "market", market);
  set_optional_string (link, "program_id", program_id);
  set_optional_string (link, "expires_at", expires_text);
  set_optional_string (link, "staff", staff);

  if (!pd_sandbox_db_put_object (self->db, "link", token, link, &version, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  return pd_sandbox_reply_new_object (201, "link", link, version);
}

/* POST /v1/links/{token}/revoke */

PdSandboxReply *
pd_sandbox_api_revoke_link (PdSandboxApi           *self,
                            const PdSandboxRequest *request,
                            char                  **params)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;
  const char *state;
  gint64 version;

  body = parse_body (request, TRUE, &error);
  if (body == NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  link = pd_sandbox_db_get_object (self->db, "link", params[0], &version, &error);
  if (error != NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  if (link == NULL)
    return not_found (request, "link", params[0]);

  state = json_object_get_string_member_with_default (link, "state", "");
  if (g_str_equal (state, "revoked"))
    return pd_sandbox_reply_new_object (200, "link", link, version);
  if (!g_str_equal (state, "active"))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_TRANSITION,
                                        "link %s is %s; only an active link can be revoked",
                                        params[0], state);

  now = pd_sandbox_format_time (request->now);
  json_object_set_string_member (link, "state", pd_link_state_to_string (PD_LINK_STATE_REVOKED));
  json_object_set_string_member (link, "revoked_at", now);
  if (!pd_sandbox_db_put_object (self->db, "link", params[0], link, &version, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  return pd_sandbox_reply_new_object (200, "link", link, version);
}

/* POST /v1/authorization-links */

/* US sellers authorize on services.tiktokshops.us: the body's market if
 * given, else the market of the seller's stores. */
static gboolean
seller_is_us (PdSandboxApi  *self,
              const char    *market,
              const char    *seller_id,
              GError       **error)
{
  g_autoptr(GPtrArray) stores = NULL;

  if (market != NULL)
    return g_ascii_strcasecmp (market, "US") == 0;
  if (seller_id == NULL)
    return FALSE;
  stores = pd_sandbox_db_list_ids (self->db, "store", "$.seller_id", seller_id, error);
  if (stores == NULL)
    return FALSE;
  for (guint i = 0; i < stores->len; i++)
    {
      g_autoptr(JsonObject) store = pd_sandbox_db_get_object (self->db, "store",
                                                              g_ptr_array_index (stores, i),
                                                              NULL, error);

      if (store != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (store, "market", ""), "US") == 0)
        return TRUE;
    }
  return FALSE;
}

PdSandboxReply *
pd_sandbox_api_create_authorization_link (PdSandboxApi           *self,
                                          const PdSandboxRequest *request,
                                          char                  **params)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) service = NULL;
  g_autoptr(JsonObject) category = NULL;
  g_autoptr(JsonObject) renewed = NULL;
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(GPtrArray) shop_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *expires_at = NULL;
  const char *service_id, *seller_id, *renewal_of, *market, *category_id, *state;
  gint64 duration = 0, version;
  gboolean has_duration = FALSE, us;

  body = parse_body (request, FALSE, &error);
  if (body == NULL ||
      !pd_sandbox_json_get_string (body, "service_id", TRUE, 128, &service_id, &error) ||
      !pd_sandbox_json_get_string (body, "seller_id", FALSE, 64, &seller_id, &error) ||
      !pd_sandbox_json_get_string_array (body, "shop_ids", 50, 64, &shop_ids, &error) ||
      !pd_sandbox_json_get_string (body, "renewal_of", FALSE, 128, &renewal_of, &error) ||
      !pd_sandbox_json_get_string (body, "market", FALSE, 8, &market, &error) ||
      !pd_sandbox_json_get_string (body, "state", FALSE, 128, &state, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  /* The client's own `state` token becomes the link's token, so that a
   * link made offline and already given to a seller is the one the
   * platform knows. Without one the platform makes its own. */
  if (state != NULL && !pd_sandbox_json_is_token (state, 22, 128))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_BODY,
                                        "request body: \"state\": expected 22 to 128 URL-safe"
                                        " characters (A-Z a-z 0-9 - _), at least 128 random bits");

  /* duration_days is required; null means unlimited. */
  if (!json_object_has_member (body, "duration_days"))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_BODY,
                                        "request body: \"duration_days\" is missing; expected"
                                        " days (1 to 3650), or null for unlimited");
  if (!pd_sandbox_json_get_int (body, "duration_days", FALSE, 1, 3650, &has_duration, &duration, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  service = require_object (self, request, "service", service_id, "service_id", NULL, &error);
  if (service == NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  category_id = json_object_get_string_member_with_default (service, "category_id", "");
  category = pd_sandbox_db_get_object (self->db, "service_category", category_id, NULL, &error);
  if (error != NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  if (category == NULL ||
      !g_str_equal (json_object_get_string_member_with_default (category, "state", ""), "approved"))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_VALIDATION_FAILED,
                                        "service %s: its category %s is not approved; sellers"
                                        " cannot authorize it yet", service_id, category_id);

  if (renewal_of != NULL)
    {
      const char *renewed_seller;

      renewed = require_object (self, request, "authorization", renewal_of, "renewal_of", NULL, &error);
      if (renewed == NULL)
        return pd_sandbox_api_error (request, g_steal_pointer (&error));
      if (g_strcmp0 (json_object_get_string_member_with_default (renewed, "service_id", ""),
                     service_id) != 0)
        return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_VALIDATION_FAILED,
                                            "request body: \"renewal_of\": authorization %s is for"
                                            " another service", renewal_of);
      renewed_seller = json_object_get_string_member_with_default (renewed, "seller_id", NULL);
      if (seller_id != NULL && g_strcmp0 (seller_id, renewed_seller) != 0)
        return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_VALIDATION_FAILED,
                                            "request body: \"renewal_of\": authorization %s belongs"
                                            " to another seller", renewal_of);
      if (seller_id == NULL)
        seller_id = renewed_seller;
    }

  us = seller_is_us (self, market, seller_id, &error);
  if (error != NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  if (state != NULL)
    {
      existing = pd_sandbox_db_get_object (self->db, "link", state, NULL, &error);
      if (error != NULL)
        return pd_sandbox_api_error (request, g_steal_pointer (&error));
      if (existing != NULL)
        return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_ALREADY_EXISTS,
                                            "a link with token %s exists already; generate a new"
                                            " state token", state);
      token = g_strdup (state);
    }
  else
    token = pd_sandbox_random_token (32);
  url = pd_sandbox_authorization_url (service_id, token, us);
  created_at = pd_sandbox_format_time (request->now);
  expires_at = pd_sandbox_format_time (request->now + AUTHORIZATION_LINK_DAYS * 86400);

  link = json_object_new ();
  json_object_set_string_member (link, "token", token);
  json_object_set_string_member (link, "kind", "authorization");
  json_object_set_string_member (link, "url", url);
  json_object_set_string_member (link, "state", pd_link_state_to_string (PD_LINK_STATE_ACTIVE));
  json_object_set_string_member (link, "created_at", created_at);
  json_object_set_string_member (link, "expires_at", expires_at);
  json_object_set_string_member (link, "service_id", service_id);
  set_optional_string (link, "seller_id", seller_id);
  set_optional_string (link, "market", market != NULL ? market : (us ? "US" : NULL));
  if (has_duration)
    json_object_set_int_member (link, "duration_days", duration);
  if (shop_ids != NULL)
    json_object_set_array_member (link, "shop_ids", string_array (shop_ids));
  else if (renewed != NULL && json_object_has_member (renewed, "shop_ids"))
    json_object_set_member (link, "shop_ids",
                            json_node_copy (json_object_get_member (renewed, "shop_ids")));
  set_optional_string (link, "renewal_of", renewal_of);

  if (!pd_sandbox_db_put_object (self->db, "link", token, link, &version, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  return pd_sandbox_reply_new_object (201, "link", link, version);
}

/* PATCH /v1/seller-requests/{id} */

/* If-Match: "7", W/"7" or 7. */
static gboolean
parse_if_match (const char *text,
                gint64     *version_out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *p = copy;
  gsize n;

  if (g_str_has_prefix (p, "W/"))
    p += 2;
  n = strlen (p);
  if (n >= 2 && p[0] == '"' && p[n - 1] == '"')
    {
      p[n - 1] = '\0';
      p++;
    }
  return g_ascii_string_to_signed (p, 10, 1, G_MAXINT64, version_out, NULL);
}

/* src/core/README.md: partner_reviewing -> partner_accepted | rejected;
 * partner_accepted -> connected (the seller's authorization, never a
 * PATCH) | closed; any open state -> closed. */
static gboolean
is_allowed_transition (const char *from,
                       const char *to)
{
  if (g_str_equal (from, "partner_reviewing"))
    return g_str_equal (to, "partner_accepted") || g_str_equal (to, "rejected") ||
           g_str_equal (to, "closed");
  if (g_str_equal (from, "partner_accepted"))
    return g_str_equal (to, "closed");
  return FALSE;
}

PdSandboxReply *
pd_sandbox_api_update_seller_request (PdSandboxApi           *self,
                                      const PdSandboxRequest *request,
                                      char                  **params)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) seller_request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;
  const char *status, *note, *current;
  gint64 expected, version;

  body = parse_body (request, FALSE, &error);
  if (body == NULL ||
      !pd_sandbox_json_get_string (body, "status", TRUE, 32, &status, &error) ||
      !pd_sandbox_json_get_string (body, "note", FALSE, 2000, &note, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  if (!g_str_equal (status, "partner_accepted") && !g_str_equal (status, "rejected") &&
      !g_str_equal (status, "closed"))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_BODY,
                                        "request body: \"status\" is \"%s\"; expected"
                                        " partner_accepted, rejected or closed", status);

  if (request->if_match == NULL)
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_PRECONDITION_REQUIRED,
                                        "header If-Match is required: the version the change"
                                        " was made on, e.g. If-Match: \"3\"");
  if (!parse_if_match (request->if_match, &expected))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_PARAMETER,
                                        "header If-Match: expected a version such as \"3\"");

  seller_request = pd_sandbox_db_get_object (self->db, "seller_request", params[0], &version, &error);
  if (error != NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  if (seller_request == NULL)
    return not_found (request, "seller request", params[0]);

  if (expected != version)
    {
      g_autofree char *current_json = NULL;
      g_autoptr(GError) conflict = NULL;

      json_object_set_int_member (seller_request, "version", version);
      current_json = pd_sandbox_json_object_to_string (seller_request);
      conflict = g_error_new (PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_VERSION_CONFLICT,
                              "seller request %s is at version %" G_GINT64_FORMAT ", the change"
                              " was made on version %" G_GINT64_FORMAT,
                              params[0], version, expected);
      return pd_sandbox_reply_new_error (conflict, request->request_id, current_json);
    }

  current = json_object_get_string_member_with_default (seller_request, "status", "");
  if (!is_allowed_transition (current, status))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_TRANSITION,
                                        "seller request %s is %s; it cannot become %s",
                                        params[0], current, status);

  now = pd_sandbox_format_time (request->now);
  json_object_set_string_member (seller_request, "status", status);
  json_object_set_string_member (seller_request, "updated_at", now);
  if (note != NULL)
    json_object_set_string_member (seller_request, "note", note);
  /* Once closed the agency no longer sees the seller's contact. */
  if (g_str_equal (status, "closed"))
    {
      json_object_remove_member (seller_request, "contact_name");
      json_object_remove_member (seller_request, "contact_email");
    }
  if (!pd_sandbox_db_put_object (self->db, "seller_request", params[0], seller_request, &version, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  return pd_sandbox_reply_new_object (200, NULL, seller_request, version);
}

/* PUT /v1/services/{id} */

PdSandboxReply *
pd_sandbox_api_put_service (PdSandboxApi           *self,
                            const PdSandboxRequest *request,
                            char                  **params)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) category = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *price_text = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  const char *category_id, *name, *type, *description, *price, *currency;
  PdServiceType service_type;
  PdMoney money;
  gint64 version = 0;

  if (!pd_sandbox_json_is_token (params[0], 1, 64))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_PARAMETER,
                                        "service id: expected 1 to 64 characters A-Z a-z 0-9 - _");

  body = parse_body (request, FALSE, &error);
  if (body == NULL ||
      !pd_sandbox_json_get_string (body, "category_id", TRUE, 128, &category_id, &error) ||
      !pd_sandbox_json_get_string (body, "name", TRUE, 200, &name, &error) ||
      !pd_sandbox_json_get_string (body, "type", TRUE, 16, &type, &error) ||
      !pd_sandbox_json_get_string (body, "description", FALSE, 5000, &description, &error) ||
      !pd_sandbox_json_get_string (body, "price", TRUE, 32, &price, &error) ||
      !pd_sandbox_json_get_string (body, "currency", FALSE, 3, &currency, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  if (!g_str_equal (type, "public") && !g_str_equal (type, "custom"))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_BODY,
                                        "request body: \"type\" is \"%s\"; expected public or custom",
                                        type);
  service_type = g_str_equal (type, "public") ? PD_SERVICE_TYPE_PUBLIC : PD_SERVICE_TYPE_CUSTOM;

  category = require_object (self, request, "service_category", category_id, "category_id", NULL, &error);
  if (category == NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  existing = pd_sandbox_db_get_object (self->db, "service", params[0], &version, &error);
  if (error != NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  if (currency == NULL)
    currency = existing != NULL
      ? json_object_get_string_member_with_default (existing, "currency", DEFAULT_SERVICE_CURRENCY)
      : DEFAULT_SERVICE_CURRENCY;
  if (!pd_money_parse (price, currency, PD_MONEY_PARSE_NO_GROUPING, &money, &error))
    return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_BODY,
                                        "request body: \"price\" %s: %s", price, error->message);
  price_text = pd_money_format_amount (&money);

  service = json_object_new ();
  json_object_set_string_member (service, "id", params[0]);
  json_object_set_string_member (service, "category_id", category_id);
  json_object_set_string_member (service, "name", name);
  json_object_set_string_member (service, "type", pd_service_type_to_string (service_type));
  json_object_set_string_member (service, "description", description != NULL ? description : "");
  json_object_set_string_member (service, "price", price_text);
  json_object_set_string_member (service, "currency", money.currency);

  /* The same content again changes nothing (no new version). */
  if (existing != NULL)
    {
      old_text = pd_sandbox_json_object_to_string (existing);
      new_text = pd_sandbox_json_object_to_string (service);
      if (g_str_equal (old_text, new_text))
        return pd_sandbox_reply_new_object (200, NULL, service, version);
    }
  if (!pd_sandbox_db_put_object (self->db, "service", params[0], service, &version, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  return pd_sandbox_reply_new_object (existing != NULL ? 200 : 201, NULL, service, version);
}

/* POST /v1/service-categories/{id}/apply and .../withdraw */

static PdSandboxReply *
move_category (PdSandboxApi           *self,
               const PdSandboxRequest *request,
               const char             *id,
               const char * const     *from,
               PdCategoryState         to,
               const char             *action)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) category = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;
  const char *state;
  gint64 version;

  body = parse_body (request, TRUE, &error);
  if (body == NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));

  category = pd_sandbox_db_get_object (self->db, "service_category", id, &version, &error);
  if (error != NULL)
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  if (category == NULL)
    return not_found (request, "service category", id);

  state = json_object_get_string_member_with_default (category, "state", "");
  if (!g_strv_contains (from, state))
    {
      g_autofree char *accepted = g_strjoinv (", ", (char **) from);

      return pd_sandbox_api_error_printf (request, PD_SANDBOX_ERROR_INVALID_TRANSITION,
                                          "service category %s is %s; it can %s only when %s",
                                          id, state, action, accepted);
    }

  now = pd_sandbox_format_time (request->now);
  json_object_set_string_member (category, "state", pd_category_state_to_string (to));
  json_object_set_string_member (category, "state_changed_at", now);
  if (!pd_sandbox_db_put_object (self->db, "service_category", id, category, &version, &error))
    return pd_sandbox_api_error (request, g_steal_pointer (&error));
  return pd_sandbox_reply_new_object (200, NULL, category, version);
}

PdSandboxReply *
pd_sandbox_api_apply_category (PdSandboxApi           *self,
                               const PdSandboxRequest *request,
                               char                  **params)
{
  static const char * const from[] = { "not_listed", "rejected", NULL };

  return move_category (self, request, params[0], from, PD_CATEGORY_STATE_IN_REVIEW, "apply");
}

PdSandboxReply *
pd_sandbox_api_withdraw_category (PdSandboxApi           *self,
                                  const PdSandboxRequest *request,
                                  char                  **params)
{
  static const char * const from[] = { "in_review", "approved", NULL };

  return move_category (self, request, params[0], from, PD_CATEGORY_STATE_NOT_LISTED, "withdraw");
}
