/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-open-api"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-country.h"
#include "pd-credentials.h"
#include "pd-money.h"
#include "pd-open-api-client.h"
#include "pd-open-api-codes.h"
#include "pd-open-api-private.h"
#include "pd-platform-answer.h"
#include "pd-platform-connection.h"
#include "pd-safe-text.h"
#include "pd-store-open-api.h"
#include "pd-sync-error.h"
#include "pd-timestamp.h"

/* Refresh when the access token has less than this left. */
#define REFRESH_MARGIN_S   86400
#define DAY_S              86400

struct _PdOpenApiClient
{
  GObject        parent_instance;

  PdStore       *store;
  char          *auth_endpoint;
  char          *api_endpoint;
  PdCredentials *app;          /* app_key and app_secret only */
  double         delay_scale;
};

G_DEFINE_FINAL_TYPE (PdOpenApiClient, pd_open_api_client, G_TYPE_OBJECT)

static void
pd_open_api_client_finalize (GObject *object)
{
  PdOpenApiClient *self = PD_OPEN_API_CLIENT (object);

  g_clear_object (&self->store);
  g_free (self->auth_endpoint);
  g_free (self->api_endpoint);
  g_clear_pointer (&self->app, pd_credentials_free);
  G_OBJECT_CLASS (pd_open_api_client_parent_class)->finalize (object);
}

static void
pd_open_api_client_class_init (PdOpenApiClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_open_api_client_finalize;
}

static void
pd_open_api_client_init (PdOpenApiClient *self)
{
  self->delay_scale = 1.0;
}

PdOpenApiClient *
pd_open_api_client_new_for_app (PdStore              *store,
                                const PdCredentials  *app,
                                GCancellable         *cancellable,
                                GError              **error)
{
  g_autoptr(PdOpenApiClient) self = g_object_new (PD_TYPE_OPEN_API_CLIENT, NULL);

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->auth_endpoint = pd_store_dup_setting (store, "open_api.auth_endpoint", error);
  if (self->auth_endpoint == NULL)
    return NULL;
  self->api_endpoint = pd_store_dup_setting (store, "open_api.endpoint", error);
  if (self->api_endpoint == NULL)
    return NULL;

  if (app != NULL && app->app_key != NULL && app->app_secret != NULL)
    {
      self->app = pd_credentials_new ();
      self->app->app_key = g_strdup (app->app_key);
      self->app->app_secret = g_strdup (app->app_secret);
    }
  else
    {
      g_autoptr(PdCredentials) stored = NULL;
      g_autoptr(GError) local_error = NULL;

      stored = pd_credentials_load_sync (PD_OPEN_API_KEYRING_APP, cancellable, &local_error);
      if (stored == NULL || stored->app_key == NULL || stored->app_secret == NULL)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_NO_CREDENTIALS,
                       _("No Open API app key and secret: save the app’s key and secret (Partner"
                         " Center, your service’s app) in Preferences, or set PD_OPEN_APP_KEY and"
                         " PD_OPEN_APP_SECRET%s%s"),
                       local_error != NULL ? _("; the keyring could not be read: ") : "",
                       local_error != NULL ? local_error->message : "");
          return NULL;
        }
      self->app = pd_credentials_new ();
      self->app->app_key = g_strdup (stored->app_key);
      self->app->app_secret = g_strdup (stored->app_secret);
    }
  return g_steal_pointer (&self);
}

PdOpenApiClient *
pd_open_api_client_new (PdStore       *store,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(PdCredentials) app = pd_open_api_app_take_environment ();

  return pd_open_api_client_new_for_app (store, app, cancellable, error);
}

void
pd_open_api_client_set_delay_scale (PdOpenApiClient *self,
                                    double           scale)
{
  g_return_if_fail (PD_IS_OPEN_API_CLIENT (self));

  self->delay_scale = scale;
}

/* Connections */

static PdPlatformConnection *
new_connection (PdOpenApiClient *self,
                const char      *endpoint,
                const char      *access_token,
                const char      *refresh_token)
{
  g_autoptr(PdCredentials) credentials = pd_credentials_copy (self->app);
  PdPlatformConnection *connection;

  credentials->access_token = g_strdup (access_token != NULL ? access_token : "");
  credentials->refresh_token = g_strdup (refresh_token != NULL ? refresh_token : "");
  connection = pd_platform_connection_new (endpoint, credentials);
  pd_platform_connection_set_delay_scale (connection, self->delay_scale);
  pd_platform_connection_begin_run (connection);
  return connection;
}

/* Tokens */

typedef struct
{
  char   *access_token;
  char   *refresh_token;
  gint64  access_expires_at;
  gint64  refresh_expires_at;
  char   *open_id;
  char   *seller_name;
  char   *seller_region;
} Tokens;

static void
tokens_free (Tokens *tokens)
{
  if (tokens == NULL)
    return;
  if (tokens->access_token != NULL)
    explicit_bzero (tokens->access_token, strlen (tokens->access_token));
  if (tokens->refresh_token != NULL)
    explicit_bzero (tokens->refresh_token, strlen (tokens->refresh_token));
  g_free (tokens->access_token);
  g_free (tokens->refresh_token);
  g_free (tokens->open_id);
  g_free (tokens->seller_name);
  g_free (tokens->seller_region);
  g_free (tokens);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tokens, tokens_free)

/* Unix times about now to a few years ahead (a millisecond time would
 * be 1000 times too far: refused). */
#define MIN_EXPIRY 1500000000
#define MAX_EXPIRY 4102444800   /* 2100-01-01 */

static Tokens *
parse_tokens (const char         *where,
              PdPlatformResponse *response,
              GError            **error)
{
  g_autoptr(Tokens) tokens = g_new0 (Tokens, 1);
  const PdJsonValue *data = pd_open_api_envelope_data (where, response, error);
  g_autofree char *data_where = g_strdup_printf ("%s: data", where);

  if (data == NULL ||
      (tokens->access_token = pd_open_api_get_token_text (data, data_where, "access_token", MAX_TOKEN_BYTES, error)) == NULL ||
      (tokens->refresh_token = pd_open_api_get_token_text (data, data_where, "refresh_token", MAX_TOKEN_BYTES, error)) == NULL ||
      !pd_json_get_integer (data, data_where, "access_token_expire_in", TRUE, MIN_EXPIRY, MAX_EXPIRY,
                            NULL, &tokens->access_expires_at, error) ||
      !pd_json_get_integer (data, data_where, "refresh_token_expire_in", TRUE, MIN_EXPIRY, MAX_EXPIRY,
                            NULL, &tokens->refresh_expires_at, error) ||
      (tokens->open_id = pd_open_api_get_token_text (data, data_where, "open_id", 128, error)) == NULL ||
      (tokens->seller_name = pd_open_api_get_text (data, data_where, "seller_name", FALSE, 400, error)) == NULL ||
      (tokens->seller_region = pd_open_api_get_text (data, data_where, "seller_base_region", FALSE, 16, error)) == NULL)
    return NULL;
  return g_steal_pointer (&tokens);
}

static char *
keyring_name (const char *open_id)
{
  return g_strconcat (PD_OPEN_API_KEYRING_APP ":", open_id, NULL);
}

static gboolean
save_tokens (const char    *open_id,
             const char    *access_token,
             const char    *refresh_token,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(PdCredentials) credentials = pd_credentials_new ();
  g_autofree char *name = keyring_name (open_id);

  credentials->access_token = g_strdup (access_token);
  credentials->refresh_token = g_strdup (refresh_token);
  return pd_credentials_save_sync (credentials, name, cancellable, error);
}

static PdCredentials *
load_tokens (const char    *open_id,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *name = keyring_name (open_id);

  return pd_credentials_load_sync (name, cancellable, error);
}

gboolean
pd_open_api_disconnect (PdStore       *store,
                        const char    *open_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (open_id != NULL, FALSE);

  return save_tokens (open_id, NULL, NULL, cancellable, error) &&
         pd_store_open_api_forget_grant (store, open_id, error);
}

static Tokens *
request_tokens (PdOpenApiClient  *self,
                const char       *path,
                const char       *param,
                const char       *value,
                const char       *grant_type,
                GCancellable     *cancellable,
                GError          **error)
{
  g_autoptr(PdPlatformConnection) auth = new_connection (self, self->auth_endpoint, NULL, NULL);
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autofree char *where = g_strconcat ("GET ", path, NULL);
  const char *query[] = {
    "app_secret", self->app->app_secret,
    param, value,
    "grant_type", grant_type,
    NULL
  };

  response = pd_platform_connection_send (auth, "GET", path, query, NULL, NULL, NULL,
                                          cancellable, error);
  if (response == NULL)
    return NULL;
  return parse_tokens (where, response, error);
}

typedef struct
{
  PdOpenApiClient *self;
  char            *open_id;
} RefreshData;

/* The connection's refresh (a 401 token_expired): the auth host's
 * refresh, the new tokens to the keyring, their expiries to the store. */
static PdCredentials *
refresh_cb (const PdCredentials  *current,
            GCancellable         *cancellable,
            gpointer              user_data,
            GError              **error)
{
  RefreshData *data = user_data;
  g_autoptr(Tokens) tokens = NULL;
  PdCredentials *fresh;

  tokens = request_tokens (data->self, TOKEN_REFRESH_PATH, "refresh_token", current->refresh_token,
                           "refresh_token", cancellable, error);
  if (tokens == NULL)
    return NULL;
  if (!save_tokens (data->open_id, tokens->access_token, tokens->refresh_token, cancellable, error) ||
      !pd_store_open_api_set_expiries (data->self->store, data->open_id, tokens->access_expires_at,
                                       tokens->refresh_expires_at, error))
    return NULL;
  fresh = pd_credentials_copy (current);
  g_free (fresh->access_token);
  g_free (fresh->refresh_token);
  fresh->access_token = g_strdup (tokens->access_token);
  fresh->refresh_token = g_strdup (tokens->refresh_token);
  return fresh;
}

/* Shops */

/* "https://…/callback?code=C&state=S", or a bare code. */
gboolean
pd_open_api_parse_redirect (const char  *url_or_code,
                char       **code_out,
                char       **state_out,
                GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (url_or_code));
  g_autoptr(GHashTable) params = NULL;
  const char *query;

  if (strchr (text, '?') == NULL && strchr (text, '=') == NULL)
    {
      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != '~')
          goto bad;
      if (*text == '\0' || strlen (text) > 1024)
        goto bad;
      *code_out = g_steal_pointer (&text);
      *state_out = NULL;
      return TRUE;
    }
  query = strchr (text, '?') != NULL ? strchr (text, '?') + 1 : text;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL || g_hash_table_lookup (params, "code") == NULL ||
      *(const char *) g_hash_table_lookup (params, "code") == '\0')
    goto bad;
  *code_out = g_strdup (g_hash_table_lookup (params, "code"));
  *state_out = g_strdup (g_hash_table_lookup (params, "state"));
  return TRUE;

bad:
  g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED,
               _("This is neither the address a seller’s authorization ended on (…?code=…&state=…)"
                 " nor an authorization code"));
  return FALSE;
}

GPtrArray *
pd_open_api_client_connect (PdOpenApiClient  *self,
                            const char       *url_or_code,
                            GCancellable     *cancellable,
                            GError          **error)
{
  g_autofree char *code = NULL;
  g_autofree char *state = NULL;
  g_autofree char *seller_id = NULL;
  g_autoptr(Tokens) tokens = NULL;
  g_autoptr(PdPlatformConnection) api = NULL;
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autoptr(GPtrArray) shops = NULL;
  g_auto(GStrv) replaced = NULL;
  const PdJsonValue *data;
  PdOpenApiGrant grant = { 0 };

  g_return_val_if_fail (PD_IS_OPEN_API_CLIENT (self), NULL);
  g_return_val_if_fail (url_or_code != NULL, NULL);

  if (!pd_open_api_parse_redirect (url_or_code, &code, &state, error))
    return NULL;
  /* The state names the link the seller authorized through: which
   * seller this is, and that the authorization is one we asked for. */
  if (state != NULL && !pd_store_open_api_check_link (self->store, state, &seller_id, error))
    return NULL;

  tokens = request_tokens (self, TOKEN_GET_PATH, "auth_code", code, "authorized_code",
                           cancellable, error);
  explicit_bzero (code, strlen (code));
  if (tokens == NULL)
    return NULL;
  if (!save_tokens (tokens->open_id, tokens->access_token, tokens->refresh_token, cancellable, error))
    return NULL;

  api = new_connection (self, self->api_endpoint, tokens->access_token, tokens->refresh_token);
  data = pd_open_api_get (api, SHOPS_PATH, NULL, &response, cancellable, error);
  if (data == NULL)
    return NULL;
  shops = pd_open_api_parse_shops ("GET " SHOPS_PATH ": data", data, FALSE, NULL, error);
  if (shops == NULL)
    return NULL;

  grant.open_id = tokens->open_id;
  grant.link_token = state;
  grant.seller_id = seller_id;
  grant.seller_name = tokens->seller_name;
  grant.seller_region = tokens->seller_region;
  grant.access_expires_at = tokens->access_expires_at;
  grant.refresh_expires_at = tokens->refresh_expires_at;
  if (!pd_store_open_api_save_connection (self->store, &grant, shops,
                                          g_get_real_time () / G_USEC_PER_SEC, &replaced, error))
    return NULL;
  /* A seller who authorized again under another open_id: the old grant's
   * tokens go. */
  for (guint i = 0; replaced[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!save_tokens (replaced[i], NULL, NULL, cancellable, &local_error))
        g_warning ("%s", local_error->message);
    }
  g_clear_pointer (&shops, g_ptr_array_unref);
  shops = pd_store_open_api_list_shops (self->store, NULL, error);
  if (shops == NULL)
    return NULL;
  for (guint i = shops->len; i > 0; i--)
    if (!g_str_equal (((PdOpenApiShop *) g_ptr_array_index (shops, i - 1))->open_id, tokens->open_id))
      g_ptr_array_remove_index (shops, i - 1);
  return g_steal_pointer (&shops);
}

/* Reading */

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%d");
}

/* When we do not know when the store opened: the last 30 days, as the
 * performance endpoint takes them (UTC days: the shop's time zone is not
 * in the shop list). */
static void
gmv_window (PdOpenApiClient *self,
            const char      *shop_id,
            gint64           now,
            char           **start_out,
            char           **end_out)
{
  gint64 start, end;
  gint64 tomorrow = (now / DAY_S + 1) * DAY_S;

  start = tomorrow - 30 * DAY_S;
  end = MIN (start + 30 * DAY_S, tomorrow);
  if (end <= start)
    end = start + DAY_S;
  *start_out = format_date (start);
  *end_out = format_date (end);
}

static void
drop_grant (PdOpenApiClient *self,
            const char      *open_id,
            const GError    *why,
            GCancellable    *cancellable)
{
  g_autoptr(GError) local_error = NULL;
  const char *state = g_error_matches (why, PD_SYNC_ERROR, PD_SYNC_ERROR_AUTHORIZATION_CANCELLED)
    ? "cancelled" : "expired";

  if (!pd_store_open_api_end_grant (self->store, open_id, state, why != NULL ? why->message : NULL,
                                    &local_error))
    g_warning ("%s", local_error->message);
  g_clear_error (&local_error);
  if (!save_tokens (open_id, NULL, NULL, cancellable, &local_error))
    g_warning ("%s", local_error->message);
}

static gboolean
is_ended (const GError *error)
{
  return g_error_matches (error, PD_SYNC_ERROR, PD_SYNC_ERROR_AUTHORIZATION_CANCELLED) ||
         g_error_matches (error, PD_SYNC_ERROR, PD_SYNC_ERROR_AUTHORIZATION_ENDED);
}

static gboolean
read_one_shop (PdOpenApiClient       *self,
               PdPlatformConnection  *api,
               const PdOpenApiShop   *shop,
               gboolean               overwrite_settled,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *countries = NULL;
  g_autofree char *status = NULL;
  PdOpenApiFigures figures = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  PdMoney gmv = { 0 };
  gint64 opened = 0;
  const char *gmv_endpoint;

  if (pd_store_open_api_get_store_opened (self->store, shop->shop_id, &opened, NULL))
    {
      /* The store's first 30 days start at the instant it opened. */
      if (!pd_open_api_read_gmv_orders (api, shop->cipher, opened, opened + 30 * DAY_S, &gmv, cancellable, error))
        return FALSE;
      gmv_endpoint = ORDERS_PATH;
      if (gmv.currency[0] == '\0')
        {
          /* No paid order: nothing sold, in the currency the store
           * reports in; without one, no GMV is recorded. */
          g_autofree char *currency = pd_store_open_api_dup_store_currency (self->store, shop->shop_id);

          if (currency != NULL)
            g_strlcpy (gmv.currency, currency, sizeof gmv.currency);
          else
            gmv_endpoint = NULL;
        }
      start = pd_timestamp_format (opened, NULL);
      end = pd_timestamp_format (opened + 30 * DAY_S, NULL);
    }
  else
    {
      gmv_window (self, shop->shop_id, now, &start, &end);
      if (!pd_open_api_read_gmv (api, shop->cipher, start, end, &gmv, cancellable, error))
        return FALSE;
      gmv_endpoint = PERFORMANCE_PATH;
    }
  countries = pd_open_api_read_warehouse_countries (api, shop->cipher, cancellable, error);
  if (countries == NULL)
    return FALSE;
  status = pd_open_api_read_status (api, shop->shop_id, cancellable, error);
  if (status == NULL)
    return FALSE;

  /* Everything read before anything is written: one transaction. */
  figures.read_at = now;
  figures.gmv_endpoint = gmv_endpoint;
  figures.gmv_amount = gmv.minor;
  figures.gmv_currency = gmv.currency;
  figures.gmv_window_start = start;
  figures.gmv_window_end = end;
  figures.warehouses_endpoint = WAREHOUSES_PATH;
  figures.warehouse_countries = countries;
  figures.status_endpoint = SELLER_SHOPS_PATH;
  figures.shop_status = status;
  return pd_store_open_api_write_figures (self->store, shop->shop_id, &figures, overwrite_settled,
                                          NULL, error);
}

gboolean
pd_open_api_client_read (PdOpenApiClient  *self,
                         const char       *shop_id,
                         gboolean          overwrite_settled,
                         guint            *n_read_out,
                         guint            *n_ended_out,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(GPtrArray) shops = NULL;
  g_autoptr(GHashTable) ended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) first_error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n_read = 0;

  g_return_val_if_fail (PD_IS_OPEN_API_CLIENT (self), FALSE);

  shops = pd_store_open_api_list_shops (self->store, shop_id, error);
  if (shops == NULL)
    return FALSE;
  if (shop_id != NULL && shops->len == 0)
    {
      g_set_error (error, PD_STORE_OPEN_API_ERROR, PD_STORE_OPEN_API_ERROR_UNKNOWN_SHOP,
                   _("No connected shop has the id %s; see partnerdesk-cli shops"), shop_id);
      return FALSE;
    }

  for (guint i = 0; i < shops->len; i++)
    {
      const PdOpenApiShop *shop = g_ptr_array_index (shops, i);
      g_autoptr(PdCredentials) tokens = NULL;
      g_autoptr(PdPlatformConnection) api = NULL;
      g_autoptr(GError) local_error = NULL;
      RefreshData refresh = { self, shop->open_id };

      if (!g_str_equal (shop->state, "connected") || g_hash_table_contains (ended, shop->open_id))
        continue;
      if (shop->refresh_expires_at <= now)
        {
          g_set_error (&local_error, PD_SYNC_ERROR, PD_SYNC_ERROR_AUTHORIZATION_ENDED,
                       _("The seller’s authorization ended; the seller must authorize again"));
          drop_grant (self, shop->open_id, local_error, cancellable);
          g_hash_table_add (ended, g_strdup (shop->open_id));
          continue;
        }
      tokens = load_tokens (shop->open_id, cancellable, &local_error);
      if (tokens == NULL || tokens->access_token == NULL || tokens->refresh_token == NULL)
        {
          if (local_error == NULL)
            g_set_error (&local_error, PD_SYNC_ERROR, PD_SYNC_ERROR_NO_CREDENTIALS,
                         _("Shop %s: its tokens are not in the keyring; connect the seller again"
                           " (partnerdesk-cli shop connect)"), shop->shop_id);
        }
      else
        {
          api = new_connection (self, self->api_endpoint, tokens->access_token, tokens->refresh_token);
          pd_platform_connection_set_refresh_func (api, refresh_cb, &refresh);
          /* Refresh ahead of the expiry rather than wait to be refused. */
          if (shop->access_expires_at - now < REFRESH_MARGIN_S)
            {
              g_autoptr(PdCredentials) fresh = refresh_cb (tokens, cancellable, &refresh, &local_error);

              if (fresh != NULL)
                {
                  g_clear_object (&api);
                  api = new_connection (self, self->api_endpoint, fresh->access_token, fresh->refresh_token);
                  pd_platform_connection_set_refresh_func (api, refresh_cb, &refresh);
                }
            }
          if (local_error == NULL &&
              read_one_shop (self, api, shop, overwrite_settled, cancellable, &local_error))
            n_read++;
        }
      if (local_error == NULL)
        continue;
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (is_ended (local_error))
        {
          drop_grant (self, shop->open_id, local_error, cancellable);
          g_hash_table_add (ended, g_strdup (shop->open_id));
          continue;
        }
      pd_store_open_api_note_error (self->store, shop->shop_id, local_error->message, NULL);
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  if (n_read_out != NULL)
    *n_read_out = n_read;
  if (n_ended_out != NULL)
    *n_ended_out = g_hash_table_size (ended);
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

/* The app's sync */

typedef struct
{
  char          *store_path;
  PdCredentials *app;
  guint          n_read;
  guint          n_ended;
} ReadAll;

static void
read_all_free (ReadAll *data)
{
  g_free (data->store_path);
  g_clear_pointer (&data->app, pd_credentials_free);
  g_free (data);
}

static void
read_all_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ReadAll *data = task_data;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOpenApiClient) client = NULL;
  g_autoptr(GPtrArray) shops = NULL;
  g_autoptr(GError) error = NULL;
  gboolean any = FALSE;

  store = pd_store_open (data->store_path, &error);
  if (store != NULL)
    shops = pd_store_open_api_list_shops (store, NULL, &error);
  if (shops == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < shops->len; i++)
    any |= g_str_equal (((PdOpenApiShop *) g_ptr_array_index (shops, i))->state, "connected");
  if (!any)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  client = pd_open_api_client_new_for_app (store, data->app, cancellable, &error);
  if (client == NULL ||
      !pd_open_api_client_read (client, NULL, FALSE, &data->n_read, &data->n_ended, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
pd_open_api_client_read_all_async (const char          *store_path,
                                   const PdCredentials *app,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ReadAll *data = g_new0 (ReadAll, 1);

  data->store_path = g_strdup (store_path);
  data->app = app != NULL ? pd_credentials_copy (app) : NULL;
  g_task_set_source_tag (task, pd_open_api_client_read_all_async);
  g_task_set_task_data (task, data, (GDestroyNotify) read_all_free);
  g_task_run_in_thread (task, read_all_thread);
}

gboolean
pd_open_api_client_read_all_finish (GAsyncResult  *result,
                                    guint         *n_read_out,
                                    guint         *n_ended_out,
                                    GError       **error)
{
  ReadAll *data = g_task_get_task_data (G_TASK (result));

  if (n_read_out != NULL)
    *n_read_out = data->n_read;
  if (n_ended_out != NULL)
    *n_ended_out = data->n_ended;
  return g_task_propagate_boolean (G_TASK (result), error);
}
