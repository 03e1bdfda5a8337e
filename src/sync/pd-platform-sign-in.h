/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-credentials.h"

G_BEGIN_DECLS

/* The guided sign-in: the app key and secret the partner account came
 * with get the access and refresh tokens from the platform (POST
 * /v1/auth/token, src/sync/README.md), so nobody pastes tokens. On a
 * worker thread; the result is complete credentials (the key and secret
 * given, the tokens answered), for pd_credentials_save_async(). Errors
 * are PD_SYNC_ERROR's: NETWORK, APP_KEY_REFUSED, SECRET_REFUSED... */
void           pd_platform_sign_in_async  (const char          *endpoint,
                                           const char          *app_key,
                                           const char          *app_secret,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
PdCredentials *pd_platform_sign_in_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
