/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "pd-credentials.h"

G_DEFINE_BOXED_TYPE (PdCredentials, pd_credentials, pd_credentials_copy, pd_credentials_free)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".Credentials", SECRET_SCHEMA_NONE,
    {
      { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "field", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, 0, 0, 0, 0, 0, 0, 0
  };
  return &schema;
}

typedef struct
{
  const char *field;
  gsize       offset;
  const char *env;
  const char *label;
} Field;

static const Field fields[] = {
  { "app_key", G_STRUCT_OFFSET (PdCredentials, app_key), "PD_APP_KEY", N_("Partner Desk app key") },
  { "app_secret", G_STRUCT_OFFSET (PdCredentials, app_secret), "PD_APP_SECRET", N_("Partner Desk app secret") },
  { "access_token", G_STRUCT_OFFSET (PdCredentials, access_token), "PD_ACCESS_TOKEN", N_("Partner Desk access token") },
  { "refresh_token", G_STRUCT_OFFSET (PdCredentials, refresh_token), "PD_REFRESH_TOKEN", N_("Partner Desk refresh token") },
};

#define FIELD_PTR(creds, f) ((char **) G_STRUCT_MEMBER_P ((creds), (f)->offset))

PdCredentials *
pd_credentials_new (void)
{
  return g_new0 (PdCredentials, 1);
}

PdCredentials *
pd_credentials_copy (const PdCredentials *self)
{
  PdCredentials *copy = pd_credentials_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *FIELD_PTR (copy, &fields[i]) = g_strdup (*FIELD_PTR ((gpointer) self, &fields[i]));
  return copy;
}

/* Overwrite secrets before freeing them so they do not linger in freed
 * heap memory. */
static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

void
pd_credentials_free (PdCredentials *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    clear_secret (FIELD_PTR (self, &fields[i]));
  g_free (self);
}

gboolean
pd_credentials_is_complete (const PdCredentials *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *v = *FIELD_PTR ((gpointer) self, &fields[i]);

      if (v == NULL || *v == '\0')
        return FALSE;
    }
  return TRUE;
}

PdCredentials *
pd_credentials_new_from_environment (void)
{
  PdCredentials *self = pd_credentials_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *FIELD_PTR (self, &fields[i]) = g_strdup (g_getenv (fields[i].env));
  pd_credentials_clear_environment ();
  return self;
}

void
pd_credentials_clear_environment (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_unsetenv (fields[i].env);
}

static char *
take_env (const char *name)
{
  const char *value = g_getenv (name);
  char *copy = value != NULL && *value != '\0' ? g_strdup (value) : NULL;

  /* No process started later inherits it. */
  g_unsetenv (name);
  return copy;
}

PdCredentials *
pd_open_api_app_take_environment (void)
{
  g_autoptr(PdCredentials) app = pd_credentials_new ();

  app->app_key = take_env ("PD_OPEN_APP_KEY");
  app->app_secret = take_env ("PD_OPEN_APP_SECRET");
  if (app->app_key == NULL || app->app_secret == NULL)
    return NULL;
  return g_steal_pointer (&app);
}

PdCredentials *
pd_credentials_load_sync (const char    *endpoint,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(PdCredentials) self = pd_credentials_new ();

  g_return_val_if_fail (endpoint != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GError) local_error = NULL;
      char *value = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                                 "endpoint", endpoint,
                                                 "field", fields[i].field,
                                                 NULL);
      if (local_error != NULL)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Cannot read the credentials from the keyring: %s"),
                       local_error->message);
          return NULL;
        }
      *FIELD_PTR (self, &fields[i]) = value != NULL ? g_strdup (value) : NULL;
      if (value != NULL)
        secret_password_free (value);
    }
  return g_steal_pointer (&self);
}

gboolean
pd_credentials_save_sync (const PdCredentials  *self,
                          const char           *endpoint,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (endpoint != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = *FIELD_PTR ((gpointer) self, &fields[i]);
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (value == NULL || *value == '\0')
        ok = secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                         "endpoint", endpoint, "field", fields[i].field,
                                         NULL) || local_error == NULL;
      else
        ok = secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT,
                                         _(fields[i].label), value, cancellable, &local_error,
                                         "endpoint", endpoint, "field", fields[i].field,
                                         NULL);
      if (!ok)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Cannot save the credentials in the keyring: %s"),
                       local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* libsecret's own async calls would need one round trip per field and a
 * join; the keyring is local, so a worker thread running the sync calls
 * is simpler and keeps the UI thread free. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  PdCredentials *creds = pd_credentials_load_sync (task_data, cancellable, &error);

  if (creds == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, creds, (GDestroyNotify) pd_credentials_free);
}

void
pd_credentials_load_async (const char          *endpoint,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_credentials_load_async);
  g_task_set_task_data (task, g_strdup (endpoint), g_free);
  g_task_run_in_thread (task, load_thread);
}

PdCredentials *
pd_credentials_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  PdCredentials *credentials;
  char          *endpoint;
} SaveData;

static void
save_data_free (SaveData *data)
{
  pd_credentials_free (data->credentials);
  g_free (data->endpoint);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (!pd_credentials_save_sync (data->credentials, data->endpoint, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pd_credentials_save_async (const PdCredentials *self,
                           const char          *endpoint,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SaveData *data = g_new0 (SaveData, 1);

  data->credentials = pd_credentials_copy (self);
  data->endpoint = g_strdup (endpoint);
  g_task_set_source_tag (task, pd_credentials_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
pd_credentials_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
