/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-open-api"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-country.h"
#include "pd-money.h"
#include "pd-open-api-codes.h"
#include "pd-open-api-private.h"
#include "pd-platform-answer.h"
#include "pd-safe-text.h"
#include "pd-store-open-api.h"
#include "pd-sync-error.h"

/* The Open API's answers, read as untrusted input: the envelope, typed
 * members, the shops, a store's GMV (shop performance, or its paid orders
 * page by page), the active warehouses' countries, the shop's status.
 * Every refusal names the endpoint and the field. */

char *
pd_open_api_describe_refusal (const PdPlatformResponse *response)
{
  if (response->error_code != NULL)
    return g_strdup_printf (_("the platform answered %u %s: %s"), response->status,
                            response->error_code,
                            response->error_message != NULL ? response->error_message : "");
  return g_strdup_printf (_("the platform answered %u"), response->status);
}

/* The envelope {code, message, data, request_id}: `data` when `code`
 * is 0, else an error naming the endpoint and the platform's code. */
const PdJsonValue *
pd_open_api_envelope_data (const char          *where,
               PdPlatformResponse  *response,
               GError             **error)
{
  const PdJsonValue *data = NULL;
  gint64 code = 0;

  if (response->status < 200 || response->status >= 300)
    {
      g_autofree char *answer = pd_open_api_describe_refusal (response);

      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED, "%s: %s", where, answer);
      return NULL;
    }
  if (!pd_json_get_integer (response->root, where, "code", TRUE, G_MININT64, G_MAXINT64,
                            NULL, &code, error))
    return NULL;
  if (code != 0)
    {
      g_autofree char *answer = NULL;
      int error_code = PD_SYNC_ERROR_REFUSED;

      pd_platform_read_open_api_error (response);
      answer = pd_open_api_describe_refusal (response);
      if (code == PD_OPEN_API_CODE_AUTH_CANCELLED)
        error_code = PD_SYNC_ERROR_AUTHORIZATION_CANCELLED;
      else if (code == PD_OPEN_API_CODE_AUTH_EXPIRED)
        error_code = PD_SYNC_ERROR_AUTHORIZATION_ENDED;
      g_set_error (error, PD_SYNC_ERROR, error_code, "%s: %s", where, answer);
      return NULL;
    }
  if (!pd_json_get_object (response->root, where, "data", TRUE, &data, error))
    return NULL;
  return data;
}

/* A string member, made safe to store and print, non-empty. */
char *
pd_open_api_get_text (const PdJsonValue  *object,
          const char         *where,
          const char         *member,
          gboolean            required,
          gsize               max_bytes,
          GError            **error)
{
  const char *text = NULL;

  if (!pd_json_get_string (object, where, member, required, max_bytes, &text, error))
    return NULL;
  if (text == NULL)
    return g_strdup ("");
  if (required && *text == '\0')
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.%s is empty; expected a value"), where, member);
      return NULL;
    }
  return pd_safe_text_dup (text, -1, max_bytes, PD_SAFE_TEXT_DEFAULT);
}

/* An id, a cipher, a token: visible ASCII without spaces. */
char *
pd_open_api_get_token_text (const PdJsonValue  *object,
                const char         *where,
                const char         *member,
                gsize               max_bytes,
                GError            **error)
{
  const char *text = NULL;

  if (!pd_json_get_string (object, where, member, TRUE, max_bytes, &text, error))
    return NULL;
  if (*text == '\0')
    goto bad;
  for (const char *p = text; *p != '\0'; p++)
    if (*p <= ' ' || *p >= 0x7f)
      goto bad;
  return g_strdup (text);

bad:
  g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
               _("%s.%s is empty or holds spaces, control or non-ASCII characters; expected an"
                 " identifier"), where, member);
  return NULL;
}

GPtrArray *
pd_open_api_parse_shops (const char          *where,
             const PdJsonValue   *data,
             gboolean             with_status,
             GPtrArray          **statuses_out,
             GError             **error)
{
  g_autoptr(GPtrArray) shops = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_open_api_shop_free);
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  const PdJsonValue *array = NULL;
  guint i = 0;

  if (!pd_json_get_array (data, where, "shops", TRUE, &array, error))
    return NULL;
  if (pd_json_value_get_length (array) > MAX_SHOPS)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.shops has %u shops; expected at most %d"), where,
                   pd_json_value_get_length (array), MAX_SHOPS);
      return NULL;
    }
  for (const PdJsonValue *item = pd_json_value_get_first (array); item != NULL;
       item = pd_json_value_get_next (array, item), i++)
    {
      g_autoptr(PdOpenApiShop) shop = g_new0 (PdOpenApiShop, 1);
      g_autofree char *item_where = g_strdup_printf ("%s.shops[%u]", where, i);

      if (pd_json_value_get_kind (item) != PD_JSON_OBJECT)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s is %s; expected an object"), item_where, pd_json_value_describe (item));
          return NULL;
        }
      if ((shop->shop_id = pd_open_api_get_token_text (item, item_where, "id", 64, error)) == NULL ||
          (shop->name = pd_open_api_get_text (item, item_where, "name", TRUE, 400, error)) == NULL ||
          (shop->region = pd_open_api_get_token_text (item, item_where, "region", 16, error)) == NULL ||
          (shop->cipher = pd_open_api_get_token_text (item, item_where, "cipher", 512, error)) == NULL ||
          (shop->seller_type = pd_open_api_get_text (item, item_where, "seller_type", FALSE, 64, error)) == NULL ||
          (shop->shop_code = pd_open_api_get_text (item, item_where, "code", FALSE, 64, error)) == NULL)
        return NULL;
      if (with_status)
        {
          char *status = pd_open_api_get_text (item, item_where, "status", FALSE, 64, error);

          if (status == NULL)
            return NULL;
          g_ptr_array_add (statuses, status);
        }
      g_ptr_array_add (shops, g_steal_pointer (&shop));
    }
  if (statuses_out != NULL)
    *statuses_out = g_steal_pointer (&statuses);
  return g_steal_pointer (&shops);
}

const PdJsonValue *
pd_open_api_call (PdPlatformConnection  *connection,
          const char            *method,
          const char            *path,
          const char * const    *query,
          const char            *body,
          PdPlatformResponse   **response_out,
          GCancellable          *cancellable,
          GError               **error)
{
  g_autofree char *where = g_strconcat (method, " ", path, NULL);
  PdPlatformResponse *response;
  const PdJsonValue *data;

  response = pd_platform_connection_send (connection, method, path, query, body, NULL, NULL,
                                          cancellable, error);
  if (response == NULL)
    return NULL;
  data = pd_open_api_envelope_data (where, response, error);
  if (data == NULL)
    {
      pd_platform_response_free (response);
      return NULL;
    }
  *response_out = response;
  return data;
}

const PdJsonValue *
pd_open_api_get (PdPlatformConnection  *connection,
         const char            *path,
         const char * const    *query,
         PdPlatformResponse   **response_out,
         GCancellable          *cancellable,
         GError               **error)
{
  return pd_open_api_call (connection, "GET", path, query, NULL, response_out, cancellable, error);
}

gboolean
pd_open_api_read_gmv (PdPlatformConnection  *api,
          const char            *cipher,
          const char            *start,
          const char            *end,
          PdMoney               *gmv_out,
          GCancellable          *cancellable,
          GError               **error)
{
  g_autoptr(PdPlatformResponse) response = NULL;
  const char *where = "GET " PERFORMANCE_PATH ": data";
  const char *query[] = { "shop_cipher", cipher, "start_date_ge", start, "end_date_lt", end, NULL };
  const PdJsonValue *data, *performance = NULL, *intervals = NULL;
  guint i = 0;

  data = pd_open_api_get (api, PERFORMANCE_PATH, query, &response, cancellable, error);
  if (data == NULL ||
      !pd_json_get_object (data, where, "performance", TRUE, &performance, error) ||
      !pd_json_get_array (performance, "GET " PERFORMANCE_PATH ": data.performance", "intervals",
                          TRUE, &intervals, error))
    return FALSE;
  if (pd_json_value_get_length (intervals) > MAX_INTERVALS)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.performance.intervals has %u intervals; expected at most %d"), where,
                   pd_json_value_get_length (intervals), MAX_INTERVALS);
      return FALSE;
    }
  gmv_out->minor = 0;
  gmv_out->currency[0] = '\0';
  for (const PdJsonValue *item = pd_json_value_get_first (intervals); item != NULL;
       item = pd_json_value_get_next (intervals, item), i++)
    {
      g_autofree char *item_where = g_strdup_printf ("%s.performance.intervals[%u]", where, i);
      g_autofree char *gmv_where = g_strdup_printf ("%s.gmv", item_where);
      const PdJsonValue *gmv = NULL;
      const char *amount = NULL, *currency = NULL;
      g_autoptr(GError) money_error = NULL;
      PdMoney value, sum;

      if (pd_json_value_get_kind (item) != PD_JSON_OBJECT)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s is %s; expected an object"), item_where, pd_json_value_describe (item));
          return FALSE;
        }
      if (!pd_json_get_object (item, item_where, "gmv", TRUE, &gmv, error) ||
          !pd_json_get_string (gmv, gmv_where, "amount", TRUE, 32, &amount, error) ||
          !pd_json_get_string (gmv, gmv_where, "currency", TRUE, 8, &currency, error))
        return FALSE;
      if (!pd_money_parse (amount, currency, PD_MONEY_PARSE_NO_GROUPING, &value, &money_error))
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s: %s; expected a decimal amount and a currency code"), gmv_where,
                       money_error->message);
          return FALSE;
        }
      if (gmv_out->currency[0] == '\0')
        *gmv_out = value;
      else if (strcmp (gmv_out->currency, value.currency) != 0)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s.currency is %s, another interval’s %s; expected every interval in"
                         " one currency"), gmv_where, value.currency, gmv_out->currency);
          return FALSE;
        }
      else if (!pd_money_add (gmv_out, &value, &sum, &money_error))
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s: %s; expected every interval in one currency"), gmv_where,
                       money_error->message);
          return FALSE;
        }
      else
        *gmv_out = sum;
    }
  if (gmv_out->currency[0] == '\0')
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.performance.intervals is empty; expected the GMV of the window"), where);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_open_api_is_gmv_status (const char *status)
{
  /* Orders not paid, or cancelled, sold nothing. */
  return !g_str_equal (status, "UNPAID") && !g_str_equal (status, "CANCELLED");
}

/* The store's first 30 days from the instant it opened: its paid orders
 * created in [@ge, @lt), page by page. */
gboolean
pd_open_api_read_gmv_orders (PdPlatformConnection  *api,
                 const char            *cipher,
                 gint64                 ge,
                 gint64                 lt,
                 PdMoney               *gmv_out,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autofree char *body = g_strdup_printf ("{\"create_time_ge\":%" G_GINT64_FORMAT
                                           ",\"create_time_lt\":%" G_GINT64_FORMAT "}", ge, lt);
  g_autofree char *page_token = NULL;
  const char *page_size = G_STRINGIFY (ORDERS_PAGE_SIZE);

  gmv_out->minor = 0;
  gmv_out->currency[0] = '\0';
  for (guint page = 0; ; page++)
    {
      g_autoptr(PdPlatformResponse) response = NULL;
      g_autofree char *where = g_strdup_printf ("POST " ORDERS_PATH ": page %u: data", page + 1);
      const char *query[] = { "shop_cipher", cipher, "page_size", page_size,
                              page_token != NULL ? "page_token" : NULL, page_token, NULL };
      const PdJsonValue *data, *orders = NULL;
      const char *next = NULL;
      guint i = 0;

      if (page >= MAX_ORDER_PAGES)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s: more than %d pages of orders; expected the pages to end"), where,
                       MAX_ORDER_PAGES);
          return FALSE;
        }
      data = pd_open_api_call (api, "POST", ORDERS_PATH, query, body, &response, cancellable, error);
      if (data == NULL ||
          !pd_json_get_array (data, where, "orders", TRUE, &orders, error) ||
          !pd_json_get_string (data, where, "next_page_token", FALSE, 512, &next, error))
        return FALSE;
      if (pd_json_value_get_length (orders) > ORDERS_PAGE_SIZE)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s.orders has %u orders; expected at most %d"), where,
                       pd_json_value_get_length (orders), ORDERS_PAGE_SIZE);
          return FALSE;
        }
      for (const PdJsonValue *item = pd_json_value_get_first (orders); item != NULL;
           item = pd_json_value_get_next (orders, item), i++)
        {
          g_autofree char *item_where = g_strdup_printf ("%s.orders[%u]", where, i);
          g_autofree char *payment_where = g_strdup_printf ("%s.payment", item_where);
          g_autoptr(GError) money_error = NULL;
          const PdJsonValue *payment = NULL;
          const char *status = NULL, *amount = NULL, *currency = NULL;
          gint64 created = 0;
          PdMoney value, sum;

          if (pd_json_value_get_kind (item) != PD_JSON_OBJECT)
            {
              g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                           _("%s is %s; expected an object"), item_where, pd_json_value_describe (item));
              return FALSE;
            }
          if (!pd_json_get_string (item, item_where, "status", TRUE, 32, &status, error) ||
              !pd_json_get_integer (item, item_where, "create_time", TRUE, ge, lt - 1, NULL, &created, error) ||
              !pd_json_get_object (item, item_where, "payment", TRUE, &payment, error) ||
              !pd_json_get_string (payment, payment_where, "total_amount", TRUE, 32, &amount, error) ||
              !pd_json_get_string (payment, payment_where, "currency", TRUE, 8, &currency, error))
            return FALSE;
          if (!pd_open_api_is_gmv_status (status))
            continue;
          if (!pd_money_parse (amount, currency, PD_MONEY_PARSE_NO_GROUPING, &value, &money_error))
            {
              g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                           _("%s: %s; expected a decimal amount and a currency code"), payment_where,
                           money_error->message);
              return FALSE;
            }
          if (gmv_out->currency[0] == '\0')
            g_strlcpy (gmv_out->currency, value.currency, sizeof gmv_out->currency);
          if (strcmp (gmv_out->currency, value.currency) != 0)
            {
              g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                           _("%s.currency is %s, another order’s %s; expected every order in one"
                             " currency"), payment_where, value.currency, gmv_out->currency);
              return FALSE;
            }
          if (!pd_money_add (gmv_out, &value, &sum, &money_error))
            {
              g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                           "%s: %s", payment_where, money_error->message);
              return FALSE;
            }
          *gmv_out = sum;
        }
      if (next == NULL || *next == '\0')
        break;
      if (g_strcmp0 (next, page_token) == 0)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s.next_page_token repeats the page just read; expected the next page"),
                       where);
          return FALSE;
        }
      g_free (page_token);
      page_token = g_strdup (next);
    }
  return TRUE;
}

char *
pd_open_api_read_warehouse_countries (PdPlatformConnection  *api,
                          const char            *cipher,
                          GCancellable          *cancellable,
                          GError               **error)
{
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autoptr(GPtrArray) countries = g_ptr_array_new_with_free_func (g_free);
  const char *where = "GET " WAREHOUSES_PATH ": data";
  const char *query[] = { "shop_cipher", cipher, NULL };
  const PdJsonValue *data, *warehouses = NULL;
  guint i = 0;

  data = pd_open_api_get (api, WAREHOUSES_PATH, query, &response, cancellable, error);
  if (data == NULL || !pd_json_get_array (data, where, "warehouses", TRUE, &warehouses, error))
    return NULL;
  if (pd_json_value_get_length (warehouses) > MAX_WAREHOUSES)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.warehouses has %u warehouses; expected at most %d"), where,
                   pd_json_value_get_length (warehouses), MAX_WAREHOUSES);
      return NULL;
    }
  for (const PdJsonValue *item = pd_json_value_get_first (warehouses); item != NULL;
       item = pd_json_value_get_next (warehouses, item), i++)
    {
      g_autofree char *item_where = g_strdup_printf ("%s.warehouses[%u]", where, i);
      g_autofree char *address_where = g_strdup_printf ("%s.address", item_where);
      const PdJsonValue *address = NULL;
      const char *status = NULL, *region = NULL;
      char country[3];

      if (pd_json_value_get_kind (item) != PD_JSON_OBJECT)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s is %s; expected an object"), item_where, pd_json_value_describe (item));
          return NULL;
        }
      if (!pd_json_get_string (item, item_where, "effect_status", TRUE, 32, &status, error) ||
          !pd_json_get_object (item, item_where, "address", TRUE, &address, error) ||
          !pd_json_get_string (address, address_where, "region_code", TRUE, 8, &region, error))
        return NULL;
      if (!g_str_equal (status, "ENABLED"))
        continue;
      if (!pd_country_parse (region, country, NULL))
        {
          g_autofree char *safe = pd_safe_text_dup (region, -1, 16, PD_SAFE_TEXT_DEFAULT);

          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s.region_code is “%s”; expected a two-letter country code"),
                       address_where, safe);
          return NULL;
        }
      if (!g_ptr_array_find_with_equal_func (countries, country, g_str_equal, NULL))
        g_ptr_array_add (countries, g_strdup (country));
    }
  g_ptr_array_add (countries, NULL);
  return g_strjoinv (";", (char **) countries->pdata);
}

char *
pd_open_api_read_status (PdPlatformConnection  *api,
             const char            *shop_id,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autoptr(GPtrArray) shops = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  const PdJsonValue *data;

  data = pd_open_api_get (api, SELLER_SHOPS_PATH, NULL, &response, cancellable, error);
  if (data == NULL)
    return NULL;
  shops = pd_open_api_parse_shops ("GET " SELLER_SHOPS_PATH ": data", data, TRUE, &statuses, error);
  if (shops == NULL)
    return NULL;
  for (guint i = 0; i < shops->len; i++)
    {
      const PdOpenApiShop *shop = g_ptr_array_index (shops, i);
      const char *status = g_ptr_array_index (statuses, i);

      if (g_str_equal (shop->shop_id, shop_id))
        return g_strdup (*status != '\0' ? status : "ACTIVE");
    }
  /* The seller's shops no longer include it. */
  return g_strdup ("CLOSED");
}
