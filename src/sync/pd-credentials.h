/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The partner's platform credentials. They live in the desktop keyring
 * (libsecret), one item per endpoint and field, or come from the
 * PD_APP_KEY, PD_APP_SECRET, PD_ACCESS_TOKEN and PD_REFRESH_TOKEN
 * environment variables for automation. Never in the store file, logs,
 * GSettings or command lines. */
typedef struct
{
  char *app_key;
  char *app_secret;
  char *access_token;
  char *refresh_token;
} PdCredentials;

#define PD_TYPE_CREDENTIALS (pd_credentials_get_type ())

GType          pd_credentials_get_type          (void) G_GNUC_CONST;
PdCredentials *pd_credentials_new               (void);
PdCredentials *pd_credentials_copy              (const PdCredentials *self);
void           pd_credentials_free              (PdCredentials       *self);
gboolean       pd_credentials_is_complete       (const PdCredentials *self);
/* PD_APP_KEY, PD_APP_SECRET, PD_ACCESS_TOKEN and PD_REFRESH_TOKEN, read
 * and then removed from this process's environment (see below). */
PdCredentials *pd_credentials_new_from_environment (void);
/* Removes the four PD_* credential variables from the environment, so
 * that no process started later (a browser, a helper) inherits them.
 * Main thread, before other threads read the environment. */
void           pd_credentials_clear_environment   (void);
/* The Open API app's PD_OPEN_APP_KEY and PD_OPEN_APP_SECRET, taken out
 * of the environment (main thread), or NULL when they are not both set. */
PdCredentials *pd_open_api_app_take_environment   (void);

void           pd_credentials_load_async        (const char          *endpoint,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
PdCredentials *pd_credentials_load_finish       (GAsyncResult        *result,
                                                 GError             **error);
PdCredentials *pd_credentials_load_sync         (const char          *endpoint,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void           pd_credentials_save_async        (const PdCredentials *self,
                                                 const char          *endpoint,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       pd_credentials_save_finish       (GAsyncResult        *result,
                                                 GError             **error);
gboolean       pd_credentials_save_sync         (const PdCredentials *self,
                                                 const char          *endpoint,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCredentials, pd_credentials_free)

G_END_DECLS
