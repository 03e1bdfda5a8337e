/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-store-team-app.h"
#include "pd-team-app-api.h"
#include "pd-team-db.h"
#include "pd-team-password.h"

typedef struct
{
  char *path;
  char *url;
  char *staff;
  char *password;
} JoinData;

static void
join_data_free (JoinData *data)
{
  g_free (data->path);
  g_free (data->url);
  g_free (data->staff);
  pd_team_password_free (data->password);
  g_free (data);
}

/* A hub on a store connection of the worker thread's own. */
static PdTeamHub *
open_worker (const char  *path,
             const char  *password,
             GError     **error)
{
  g_autoptr(PdStore) store = pd_store_open (path, error);
  PdTeamHub *hub;

  if (store == NULL)
    return NULL;
  hub = pd_team_hub_new (store);
  if (password != NULL && *password != '\0')
    pd_team_hub_set_password (hub, password);
  return hub;
}

static void
join_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  JoinData *data = task_data;
  g_autoptr(PdTeamHub) hub = NULL;
  GError *error = NULL;

  hub = open_worker (data->path, data->password, &error);
  if (hub == NULL || !pd_team_hub_join_sync (hub, data->url, data->staff, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Joined: a keyring that cannot keep the password is a warning. */
  if (data->password != NULL && *data->password != '\0' && !pd_team_hub_save_password (hub, &error))
    {
      g_task_return_pointer (task, g_strdup (error->message), g_free);
      g_error_free (error);
      return;
    }
  g_task_return_pointer (task, g_strdup (""), g_free);
}

void
pd_team_app_join_async (PdStore             *store,
                        const char          *url,
                        const char          *staff,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JoinData *data;

  g_return_if_fail (PD_IS_STORE (store));

  data = g_new0 (JoinData, 1);
  data->path = g_strdup (pd_store_get_path (store));
  data->url = g_strdup (url);
  data->staff = g_strdup (staff);
  data->password = g_strdup (password);
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_team_app_join_async);
  g_task_set_task_data (task, data, (GDestroyNotify) join_data_free);
  g_task_run_in_thread (task, join_thread);
}

gboolean
pd_team_app_join_finish (PdStore       *store,
                         GAsyncResult  *result,
                         char         **warning_out,
                         GError       **error)
{
  g_autofree char *warning = NULL;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  warning = g_task_propagate_pointer (G_TASK (result), error);
  if (warning == NULL)
    return FALSE;
  if (warning_out != NULL)
    *warning_out = *warning != '\0' ? g_steal_pointer (&warning) : NULL;
  return TRUE;
}

static void
status_free (PdTeamStatus *status)
{
  pd_team_status_clear (status);
  g_free (status);
}

static void
status_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(PdTeamHub) hub = NULL;
  PdTeamStatus *status = g_new0 (PdTeamStatus, 1);
  GError *error = NULL;

  hub = open_worker (task_data, NULL, &error);
  if (hub == NULL || !pd_team_hub_status_sync (hub, status, &error))
    {
      g_free (status);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, status, (GDestroyNotify) status_free);
}

void
pd_team_app_status_async (PdStore             *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_team_app_status_async);
  g_task_set_task_data (task, g_strdup (pd_store_get_path (store)), g_free);
  g_task_run_in_thread (task, status_thread);
}

gboolean
pd_team_app_status_finish (PdStore       *store,
                           GAsyncResult  *result,
                           PdTeamStatus  *out,
                           GError       **error)
{
  g_autofree PdTeamStatus *status = NULL;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  status = g_task_propagate_pointer (G_TASK (result), error);
  if (status == NULL)
    return FALSE;
  *out = *status;
  return TRUE;
}

/* The hub's saved password removed; a keyring that does not answer is
 * logged. */
static void
forget_password (const char *url)
{
  g_autoptr(GError) keyring_error = NULL;

  /* A desktop that left keeps no key to the hub. */
  if (!pd_team_password_store (url, NULL, &keyring_error))
    g_message ("%s", keyring_error->message);
}

/* The store forgets the hub; *@url_out the hub it had joined, or NULL. */
static gboolean
leave_store (PdStore  *store,
             char    **url_out,
             GError  **error)
{
  g_auto(PdTeamState) state = { 0 };

  if (!pd_store_team_get_state (store, &state, error) || !pd_store_team_leave (store, error))
    return FALSE;
  *url_out = g_steal_pointer (&state.url);
  return TRUE;
}

gboolean
pd_team_app_leave (PdStore  *store,
                   GError  **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (!leave_store (store, &url, error))
    return FALSE;
  if (url != NULL)
    forget_password (url);
  return TRUE;
}

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  forget_password (task_data);
  g_task_return_boolean (task, TRUE);
}

void
pd_team_app_leave_async (PdStore             *store,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (PD_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_team_app_leave_async);
  if (!leave_store (store, &url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (url == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_set_task_data (task, g_steal_pointer (&url), g_free);
  g_task_run_in_thread (task, forget_thread);
}

gboolean
pd_team_app_leave_finish (PdStore       *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
