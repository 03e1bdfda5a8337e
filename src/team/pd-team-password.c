/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "pd-team-password.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".TeamHub", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, 0, 0, 0, 0, 0, 0, 0
  };
  return &schema;
}

/* PD_TEAM_PASSWORD, read once and removed from the environment. */
static const char *
environment_password (void)
{
  static char *password;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      password = g_strdup (g_getenv ("PD_TEAM_PASSWORD"));
      g_unsetenv ("PD_TEAM_PASSWORD");
      g_once_init_leave (&done, 1);
    }
  return password;
}

void
pd_team_password_free (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

static char *
keyring_lookup (const char *url)
{
  g_autoptr(GError) error = NULL;
  char *value;
  char *copy;

  value = secret_password_lookup_sync (get_schema (), NULL, &error, "url", url, NULL);
  if (value == NULL)
    {
      if (error != NULL)
        g_debug ("No team hub password from the keyring: %s", error->message);
      return NULL;
    }
  copy = g_strdup (value);
  secret_password_free (value);
  return copy;
}

static PdTeamPasswordLookupFunc lookup_func = keyring_lookup;

void
pd_team_password_set_lookup_func (PdTeamPasswordLookupFunc func)
{
  lookup_func = func != NULL ? func : keyring_lookup;
}

char *
pd_team_password_lookup (const char *url)
{
  const char *env = environment_password ();

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return lookup_func (url);
}

gboolean
pd_team_password_store (const char  *url,
                        const char  *password,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (password == NULL || *password == '\0')
    ok = secret_password_clear_sync (get_schema (), NULL, &local_error, "url", url, NULL) ||
         local_error == NULL;
  else
    ok = secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT,
                                     _("Partner Desk team hub password"), password, NULL,
                                     &local_error, "url", url, NULL);
  if (!ok)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot save the team hub’s password in the keyring: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}
