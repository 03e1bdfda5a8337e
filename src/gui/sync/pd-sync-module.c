/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync-module"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-config.h"
#include "pd-country.h"
#include "pd-currency.h"
#include "pd-enums.h"
#include "pd-module.h"
#include "pd-money.h"
#include "pd-outbox.h"
#include "pd-program.h"
#include "pd-safe-text.h"
#include "pd-sign.h"
#include "pd-store-changes.h"
#include "pd-store-open-api.h"
#include "pd-store-tables.h"
#include "pd-sync-state.h"
#include "pd-timestamp.h"
#include "pd-open-api-client.h"
#include "pd-platform-sign-in.h"
#include "pd-sync-client-private.h"
#include "pd-sync-module.h"

/* The app's side of the sync module (pd-sync-module.h): its entry
 * points, resolved once, on first use, from any thread. */

typedef struct
{
  GType            (*client_get_type)        (void);
  PdSyncClient    *(*client_new)             (PdStore *, const char *, const PdCredentials *);
  void             (*client_set_delay_scale) (PdSyncClient *, double);
  void             (*client_run_async)       (PdSyncClient *, GCancellable *, GAsyncReadyCallback, gpointer);
  void             (*client_push_async)      (PdSyncClient *, GCancellable *, GAsyncReadyCallback, gpointer);
  gboolean         (*client_run_finish)      (PdSyncClient *, GAsyncResult *, PdSyncSummary *, GError **);
  void             (*sign_in_async)          (const char *, const char *, const char *, GCancellable *,
                                              GAsyncReadyCallback, gpointer);
  PdCredentials   *(*sign_in_finish)         (GAsyncResult *, GError **);
  PdOpenApiClient *(*open_api_new_for_app)   (PdStore *, const PdCredentials *, GCancellable *, GError **);
  GPtrArray       *(*open_api_connect)       (PdOpenApiClient *, const char *, GCancellable *, GError **);
  gboolean         (*open_api_read)          (PdOpenApiClient *, const char *, gboolean, guint *, guint *,
                                              GCancellable *, GError **);
  void             (*open_api_read_all_async)  (const char *, const PdCredentials *, GCancellable *,
                                                GAsyncReadyCallback, gpointer);
  gboolean         (*open_api_read_all_finish) (GAsyncResult *, guint *, guint *, GError **);
  gboolean         (*open_api_disconnect)    (PdStore *, const char *, GCancellable *, GError **);
  gboolean         (*open_api_parse_redirect) (const char *, char **, char **, GError **);
} Sync;

#define ENTRY(field, symbol) PD_MODULE_ENTRY (Sync, field, symbol)

static const PdModuleEntry entries[] = {
  ENTRY (client_get_type, pd_sync_client_get_type),
  ENTRY (client_new, pd_sync_client_new),
  ENTRY (client_set_delay_scale, pd_sync_client_set_delay_scale),
  ENTRY (client_run_async, pd_sync_client_run_async),
  ENTRY (client_push_async, pd_sync_client_push_async),
  ENTRY (client_run_finish, pd_sync_client_run_finish),
  ENTRY (sign_in_async, pd_platform_sign_in_async),
  ENTRY (sign_in_finish, pd_platform_sign_in_finish),
  ENTRY (open_api_new_for_app, pd_open_api_client_new_for_app),
  ENTRY (open_api_connect, pd_open_api_client_connect),
  ENTRY (open_api_read, pd_open_api_client_read),
  ENTRY (open_api_read_all_async, pd_open_api_client_read_all_async),
  ENTRY (open_api_read_all_finish, pd_open_api_client_read_all_finish),
  ENTRY (open_api_disconnect, pd_open_api_disconnect),
  ENTRY (open_api_parse_redirect, pd_open_api_parse_redirect),
};

/* What the module calls back (pd-sync-module.dynamic-list): linked into
 * every program that can load it, whatever else that program uses. */
static gpointer const callbacks[] G_GNUC_UNUSED __attribute__ ((used)) = {
  pd_authorization_state_parse, pd_authorization_state_to_string, pd_category_state_parse,
  pd_category_state_to_string, pd_change_value_clear, pd_change_value_set_int,
  pd_change_value_set_text, pd_change_value_take_text, pd_config_validate, pd_country_parse,
  pd_credentials_copy, pd_credentials_free, pd_credentials_get_type, pd_credentials_load_sync,
  pd_credentials_new, pd_credentials_save_sync, pd_currency_parse, pd_governance_parse,
  pd_governance_to_string, pd_link_kind_parse, pd_link_kind_to_string, pd_link_state_parse,
  pd_link_state_to_string, pd_money_add, pd_money_parse, pd_open_api_app_take_environment,
  pd_open_api_shop_free, pd_outbox_count_pending, pd_outbox_item_free, pd_outbox_next_pending,
  pd_outbox_record_failure_alone, pd_payout_status_parse, pd_payout_status_to_string,
  pd_program_get_id, pd_program_new_from_platform, pd_rate_parse, pd_request_type_parse,
  pd_request_type_to_string, pd_review_status_parse, pd_review_status_to_string, pd_safe_text_dup,
  pd_safe_text_fix_error, pd_safe_text_is_safe, pd_seller_request_status_parse,
  pd_seller_request_status_to_string, pd_service_type_parse, pd_service_type_to_string,
  pd_sign_request, pd_store_changes_apply, pd_store_changes_apply_page,
  pd_store_changes_apply_sent, pd_store_changes_begin, pd_store_changes_error_quark,
  pd_store_changes_new, pd_store_dup_setting, pd_store_get_path, pd_store_get_type, pd_store_open,
  pd_store_open_api_check_link, pd_store_open_api_dup_store_currency, pd_store_open_api_end_grant,
  pd_store_open_api_error_quark, pd_store_open_api_forget_grant,
  pd_store_open_api_get_store_opened, pd_store_open_api_list_shops, pd_store_open_api_note_error,
  pd_store_open_api_save_connection, pd_store_open_api_set_expiries,
  pd_store_open_api_write_figures, pd_store_set_setting, pd_store_status_parse,
  pd_store_status_to_string, pd_store_table_lookup, pd_sync_error_is_auth, pd_sync_error_quark,
  pd_sync_state_dup, pd_sync_state_record_result, pd_sync_summary_copy, pd_sync_summary_free,
  pd_sync_summary_get_type, pd_timestamp_format, pd_timestamp_parse,
};

static Sync funcs;
static PdModule module = PD_MODULE_INIT ("pdsyncclient", entries, funcs);

gboolean
pd_sync_module_load (GError **error)
{
  const char *why;

  if (pd_module_load (&module, &why))
    return TRUE;
  /* Translators: %s is the system's reason, such as a missing file. */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("The platform cannot be reached: the sync module of this installation cannot be loaded (%s)"),
               why);
  return FALSE;
}

gboolean
pd_sync_module_is_loaded (void)
{
  return pd_module_is_loaded (&module);
}

/* Without the module, the async calls report why (and their finish
 * functions return it). */
static gboolean
load_or_report (GAsyncReadyCallback callback,
                gpointer            user_data)
{
  GError *error = NULL;

  if (pd_sync_module_load (&error))
    return TRUE;
  pd_module_report (NULL, callback, user_data, error);
  return FALSE;
}

void
pd_sync_module_report (GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_return_if_fail (!pd_sync_module_is_loaded ());

  load_or_report (callback, user_data);
}

/* A client exists only once the module is loaded. */
GType
pd_sync_client_get_type (void)
{
  return pd_sync_module_is_loaded () ? funcs.client_get_type () : G_TYPE_INVALID;
}

PdSyncClient *
pd_sync_client_new (PdStore             *store,
                    const char          *endpoint,
                    const PdCredentials *credentials)
{
  return pd_sync_module_load (NULL) ? funcs.client_new (store, endpoint, credentials) : NULL;
}

void
pd_sync_client_set_delay_scale (PdSyncClient *self,
                                double        scale)
{
  funcs.client_set_delay_scale (self, scale);
}

void
pd_sync_client_run_async (PdSyncClient        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  funcs.client_run_async (self, cancellable, callback, user_data);
}

void
pd_sync_client_push_async (PdSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  funcs.client_push_async (self, cancellable, callback, user_data);
}

gboolean
pd_sync_client_run_finish (PdSyncClient   *self,
                           GAsyncResult   *result,
                           PdSyncSummary  *summary_out,
                           GError        **error)
{
  if (!pd_module_is_report (result))
    return funcs.client_run_finish (self, result, summary_out, error);
  if (summary_out != NULL)
    memset (summary_out, 0, sizeof *summary_out);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pd_platform_sign_in_async (const char          *endpoint,
                           const char          *app_key,
                           const char          *app_secret,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  if (load_or_report (callback, user_data))
    funcs.sign_in_async (endpoint, app_key, app_secret, cancellable, callback, user_data);
}

PdCredentials *
pd_platform_sign_in_finish (GAsyncResult  *result,
                            GError       **error)
{
  if (pd_module_is_report (result))
    return g_task_propagate_pointer (G_TASK (result), error);
  return funcs.sign_in_finish (result, error);
}

PdOpenApiClient *
pd_open_api_client_new_for_app (PdStore              *store,
                                const PdCredentials  *app,
                                GCancellable         *cancellable,
                                GError              **error)
{
  return pd_sync_module_load (error) ? funcs.open_api_new_for_app (store, app, cancellable, error) : NULL;
}

GPtrArray *
pd_open_api_client_connect (PdOpenApiClient  *self,
                            const char       *url_or_code,
                            GCancellable     *cancellable,
                            GError          **error)
{
  return funcs.open_api_connect (self, url_or_code, cancellable, error);
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
  return funcs.open_api_read (self, shop_id, overwrite_settled, n_read_out, n_ended_out, cancellable, error);
}

void
pd_open_api_client_read_all_async (const char          *store_path,
                                   const PdCredentials *app,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  if (load_or_report (callback, user_data))
    funcs.open_api_read_all_async (store_path, app, cancellable, callback, user_data);
}

gboolean
pd_open_api_client_read_all_finish (GAsyncResult  *result,
                                    guint         *n_read_out,
                                    guint         *n_ended_out,
                                    GError       **error)
{
  if (!pd_module_is_report (result))
    return funcs.open_api_read_all_finish (result, n_read_out, n_ended_out, error);
  if (n_read_out != NULL)
    *n_read_out = 0;
  if (n_ended_out != NULL)
    *n_ended_out = 0;
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
pd_open_api_disconnect (PdStore       *store,
                        const char    *open_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return pd_sync_module_load (error) && funcs.open_api_disconnect (store, open_id, cancellable, error);
}

gboolean
pd_open_api_parse_redirect (const char  *url_or_code,
                            char       **code_out,
                            char       **state_out,
                            GError     **error)
{
  return pd_sync_module_load (error) && funcs.open_api_parse_redirect (url_or_code, code_out, state_out, error);
}
