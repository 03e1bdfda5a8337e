/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include "pd-platform-connection.h"
#include "pd-platform-sign-in.h"
#include "pd-safe-text.h"

/* A person waits in front of a dialog: shorter than a sync's limits. */
#define SIGN_IN_REQUEST_MS (30 * 1000)
#define SIGN_IN_TOTAL_MS   (60 * 1000)

typedef struct
{
  char          *endpoint;
  PdCredentials *credentials;   /* the key and secret; tokens empty */
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_free (sign_in->endpoint);
  pd_credentials_free (sign_in->credentials);
  g_free (sign_in);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignIn *sign_in = task_data;
  g_autoptr(PdPlatformConnection) connection = NULL;
  GError *error = NULL;

  connection = pd_platform_connection_new (sign_in->endpoint, sign_in->credentials);
  pd_platform_connection_set_deadlines (connection, SIGN_IN_REQUEST_MS, SIGN_IN_TOTAL_MS);
  pd_platform_connection_begin_run (connection);
  if (!pd_platform_connection_sign_in (connection, cancellable, &error))
    {
      /* It may quote the platform: printable wherever it goes. */
      pd_safe_text_fix_error (error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, pd_platform_connection_dup_credentials (connection),
                         (GDestroyNotify) pd_credentials_free);
}

void
pd_platform_sign_in_async (const char          *endpoint,
                           const char          *app_key,
                           const char          *app_secret,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignIn *sign_in;

  g_return_if_fail (endpoint != NULL && app_key != NULL && app_secret != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_platform_sign_in_async);
  sign_in = g_new0 (SignIn, 1);
  sign_in->endpoint = g_strdup (endpoint);
  sign_in->credentials = pd_credentials_new ();
  sign_in->credentials->app_key = g_strdup (app_key);
  sign_in->credentials->app_secret = g_strdup (app_secret);
  sign_in->credentials->access_token = g_strdup ("");
  sign_in->credentials->refresh_token = g_strdup ("");
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

PdCredentials *
pd_platform_sign_in_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
