/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-team-error.h"

G_DEFINE_QUARK (pd-team-error-quark, pd_team_error)

static gboolean
contains_any (const char         *text,
              const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (text, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

char *
pd_team_message_to_text (const char *message)
{
  static const char * const password[] = { "password authentication failed", "no password supplied",
                                           "asks for a password", NULL };
  static const char * const unreachable[] = { "Connection refused", "could not translate host name",
                                              "timeout expired", "No route to host",
                                              "Network is unreachable", "No such file or directory",
                                              "connection to the team hub was lost", NULL };
  static const char * const newer[] = { "newer than this Partner Desk", NULL };
  static const char * const refused[] = { "The team hub refused", "permission denied",
                                          "row-level security", NULL };

  if (message == NULL || *message == '\0')
    return NULL;
  if (contains_any (message, password))
    return g_strdup (_("The team hub did not accept the password. Type the password of your staff"
                       " account again and join once more."));
  if (contains_any (message, unreachable))
    return g_strdup (_("The team hub cannot be reached: check its address and that this computer is"
                       " online. Your edits wait here and are sent when it answers."));
  if (contains_any (message, newer))
    return g_strdup (_("The team hub was upgraded by a newer Partner Desk. Update Partner Desk on this"
                       " computer to work with your team again."));
  if (contains_any (message, refused))
    return g_strdup (_("The team hub refused an edit: staff may change the notes, tags and assignee of"
                       " merchants assigned to them or to nobody; only team leads may change other"
                       " merchants, program overrides and stage rates. The refused edit was put back."));
  return g_strdup (message);
}

char *
pd_team_error_to_text (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, PD_TEAM_ERROR, PD_TEAM_ERROR_SCHEMA_TOO_NEW))
    return pd_team_message_to_text ("newer than this Partner Desk");
  if (g_error_matches (error, PD_TEAM_ERROR, PD_TEAM_ERROR_REFUSED) &&
      strstr (error->message, "Another account") == NULL)
    return pd_team_message_to_text ("The team hub refused");
  return pd_team_message_to_text (error->message);
}
