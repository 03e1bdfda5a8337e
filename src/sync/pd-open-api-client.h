/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-credentials.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* The TikTok Shop Open API client (issue 17; the README
 * says what it reads and the sandbox serves the same):
 * exchanges an authorization code for a seller's tokens, lists the shops
 * they cover, and reads each shop's GMV for its store's first 30 days,
 * its active warehouses' countries and its status into the store.
 *
 * Requests go through PdPlatformConnection (signing, retries with
 * backoff and jitter on 429/5xx, the platform's clock on a refused
 * timestamp, body limits, no redirects). The app key and secret come
 * from PD_OPEN_APP_KEY/PD_OPEN_APP_SECRET or the keyring; each grant's
 * tokens live in the keyring only (pd-credentials.h, under
 * "open-api:OPEN_ID"). The calls block: run them on a worker thread (or
 * in the CLI). */

#define PD_OPEN_API_KEYRING_APP "open-api"

#define PD_TYPE_OPEN_API_CLIENT (pd_open_api_client_get_type ())

G_DECLARE_FINAL_TYPE (PdOpenApiClient, pd_open_api_client, PD, OPEN_API_CLIENT, GObject)

/* NULL with PD_SYNC_ERROR_NO_CREDENTIALS when no app key and secret are
 * found (environment, then keyring). The endpoints come from the store's
 * settings (open_api.auth_endpoint, open_api.endpoint). */
PdOpenApiClient *pd_open_api_client_new        (PdStore          *store,
                                                GCancellable     *cancellable,
                                                GError          **error);
/* With the app's key and secret given (NULL: from the keyring). */
PdOpenApiClient *pd_open_api_client_new_for_app (PdStore           *store,
                                                 const PdCredentials *app,
                                                 GCancellable      *cancellable,
                                                 GError           **error);
/* Test hook: every backoff delay multiplied by @scale. */
void             pd_open_api_client_set_delay_scale (PdOpenApiClient *self,
                                                double            scale);
/* Splits the redirect URL a seller's authorization ended on into its
 * code and state (NULL for a bare code); refuses anything else. */
gboolean         pd_open_api_parse_redirect    (const char       *url_or_code,
                                                char            **code_out,
                                                char            **state_out,
                                                GError          **error);
/* The redirect URL a seller's authorization ended on, or its code:
 * matches `state` to a recorded authorization link, exchanges the code,
 * saves the tokens and lists the shops. Returns the shops connected
 * (PdOpenApiShop, pd-store-open-api.h). */
GPtrArray       *pd_open_api_client_connect    (PdOpenApiClient  *self,
                                                const char       *url_or_code,
                                                GCancellable     *cancellable,
                                                GError          **error);
/* Reads @shop_id (NULL: every connected shop). A shop whose
 * authorization was cancelled or ended is marked so (data kept, tokens
 * dropped) and counted in @n_ended_out; a shop that fails otherwise
 * keeps its error (pd_store_open_api_list_shops) and the first such
 * error is returned after the others were read. */
gboolean         pd_open_api_client_read       (PdOpenApiClient  *self,
                                                const char       *shop_id,
                                                gboolean          overwrite_settled,
                                                guint            *n_read_out,
                                                guint            *n_ended_out,
                                                GCancellable     *cancellable,
                                                GError          **error);

/* Disconnects the seller's authorization @open_id: its tokens leave the
 * keyring, then the store forgets the grant and its shops (the figures
 * read stay, with their source). Nothing changes when the keyring
 * cannot be written. Needs no app key. Blocking. */
gboolean         pd_open_api_disconnect        (PdStore          *store,
                                                const char       *open_id,
                                                GCancellable     *cancellable,
                                                GError          **error);

/* For the app's sync: reads every connected shop in a worker thread, on
 * a store connection of its own (@store_path). Nothing is asked of the
 * keyring when no shop is connected. @app: NULL for the keyring. */
void             pd_open_api_client_read_all_async  (const char          *store_path,
                                                     const PdCredentials *app,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* How many shops were read and authorizations found ended. */
gboolean         pd_open_api_client_read_all_finish (GAsyncResult        *result,
                                                     guint               *n_read_out,
                                                     guint               *n_ended_out,
                                                     GError             **error);

G_END_DECLS
