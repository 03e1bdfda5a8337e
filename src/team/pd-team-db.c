/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-team-db.h"

static gboolean
is_loopback_host (const char *host)
{
  if (host == NULL || *host == '\0' || host[0] == '/' || host[0] == '@')
    return TRUE;  /* a Unix socket */
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_prefix (host, "127.") ||
         g_str_equal (host, "::1") || g_str_equal (host, "[::1]");
}

/* Every host of a list ("a,b") on loopback. */
static gboolean
all_loopback (const char *hosts)
{
  g_auto(GStrv) list = NULL;

  if (hosts == NULL || *hosts == '\0')
    return TRUE;
  list = g_strsplit (hosts, ",", -1);
  for (guint i = 0; list[i] != NULL; i++)
    if (!is_loopback_host (g_strstrip (list[i])))
      return FALSE;
  return TRUE;
}

gboolean
pd_team_db_check_url (const char  *url,
                      char       **normalized_out,
                      char       **user_out,
                      GError     **error)
{
  PQconninfoOption *options;
  char *parse_error = NULL;
  const char *host = NULL, *hostaddr = NULL, *sslmode = NULL, *user = NULL;
  gboolean has_password = FALSE;
  gboolean is_uri;

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_INVALID_URL,
                   _("The team hub’s address is empty; expected postgresql://USER@HOST:PORT/DATABASE"));
      return FALSE;
    }
  is_uri = g_str_has_prefix (url, "postgresql://") || g_str_has_prefix (url, "postgres://");
  options = PQconninfoParse (url, &parse_error);
  if (options == NULL)
    {
      g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_INVALID_URL,
                   _("“%s” is not a PostgreSQL address (%s); expected"
                     " postgresql://USER@HOST:PORT/DATABASE"),
                   url, parse_error != NULL ? g_strstrip (parse_error) : _("unreadable"));
      PQfreemem (parse_error);
      return FALSE;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "hostaddr"))
        hostaddr = o->val;
      else if (g_str_equal (o->keyword, "sslmode"))
        sslmode = o->val;
      else if (g_str_equal (o->keyword, "user"))
        user = o->val;
      else if (g_str_equal (o->keyword, "password") && *o->val != '\0')
        has_password = TRUE;
    }

  /* Without a host in the address, libpq takes PGHOST or PGHOSTADDR. */
  if (host == NULL || *host == '\0')
    host = g_getenv ("PGHOST");
  if (hostaddr == NULL || *hostaddr == '\0')
    hostaddr = g_getenv ("PGHOSTADDR");
  if (has_password)
    {
      g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_INVALID_URL,
                   _("The team hub’s address carries a password; give the address without it and"
                     " the password through PD_TEAM_PASSWORD or the keyring (Preferences → Team)"));
      PQconninfoFree (options);
      return FALSE;
    }
  if (!(all_loopback (host) && all_loopback (hostaddr)) &&
      sslmode != NULL && !g_str_equal (sslmode, "verify-full"))
    {
      g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_INVALID_URL,
                   _("The team hub %s is not on this computer, so its connection must be encrypted"
                     " and its certificate checked: expected sslmode=verify-full, not sslmode=%s"),
                   host != NULL ? host : hostaddr, sslmode);
      PQconninfoFree (options);
      return FALSE;
    }
  if (normalized_out != NULL)
    {
      if (all_loopback (host) && all_loopback (hostaddr))
        *normalized_out = g_strdup (url);
      else if (sslmode != NULL)
        *normalized_out = g_strdup (url);
      else if (is_uri)
        *normalized_out = g_strconcat (url, strchr (url, '?') != NULL ? "&" : "?",
                                       "sslmode=verify-full", NULL);
      else
        *normalized_out = g_strconcat (url, " sslmode=verify-full", NULL);
    }
  if (user_out != NULL)
    *user_out = g_strdup (user);
  PQconninfoFree (options);
  return TRUE;
}

/* libpq prints the server's notices, and an error that arrives while no
 * query runs (the FATAL of a hub shutting down, on the watch's idle
 * connection), on standard error: here they go to the debug log, and
 * the connection's loss is told in words by whoever notices it. */
static void
notice_processor (void       *arg,
                  const char *message)
{
  g_debug ("Team hub: %s", message);
}

/* libpq's @message as one line, without the server's severities. */
static char *
one_line (const char *message)
{
  static const char * const severities[] = { "FATAL:", "ERROR:", "PANIC:", "WARNING:", NULL };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  lines = g_strsplit (message != NULL ? message : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      for (guint j = 0; severities[j] != NULL; j++)
        if (g_str_has_prefix (line, severities[j]))
          line = g_strstrip (line + strlen (severities[j]));
      if (*line == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, line);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
pd_team_db_dup_error_text (PGconn *conn)
{
  return one_line (conn != NULL ? PQerrorMessage (conn) : "out of memory");
}

PGconn *
pd_team_db_connect (const char  *url,
                    const char  *password,
                    GError     **error)
{
  g_autofree char *checked = NULL;
  /* The password last: without one, the list ends before it. */
  const char *keywords[] = { "dbname", "application_name", "connect_timeout", "password", NULL };
  const char *values[] = { NULL, "partnerdesk", "15", password, NULL };
  PGconn *conn;

  if (!pd_team_db_check_url (url, &checked, NULL, error))
    return NULL;
  values[0] = checked;
  if (password == NULL || *password == '\0')
    keywords[3] = NULL;
  conn = PQconnectdbParams (keywords, values, 1);
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *text = pd_team_db_dup_error_text (conn);

      if (strstr (text, "no password supplied") != NULL)
        g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_CONNECT,
                     _("The team hub asks for a password: set PD_TEAM_PASSWORD, or save it in"
                       " Preferences → Team"));
      else
        g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_CONNECT,
                     _("Cannot connect to the team hub: %s"), text);
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, notice_processor, NULL);
  return conn;
}

void
pd_team_db_set_error (PGconn         *conn,
                      const PGresult *res,
                      const char     *what,
                      GError        **error)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  /* The primary message: the SQL context PostgreSQL adds is not for users. */
  const char *primary = res != NULL ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *message = primary != NULL ? primary : res != NULL ? PQresultErrorMessage (res) : PQerrorMessage (conn);
  g_autofree char *text = one_line (message != NULL && *message != '\0' ? message : PQerrorMessage (conn));

  if (error == NULL)
    return;
  if (PQstatus (conn) != CONNECTION_OK)
    g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_CONNECT,
                 _("The connection to the team hub was lost while %s: %s"), what, text);
  else if (g_strcmp0 (state, "42501") == 0)
    g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_REFUSED,
                 _("The team hub refused %s: %s. Staff may change the notes, tags and assignee of"
                   " merchants assigned to them or to nobody, and assign merchants only to"
                   " themselves; team leads may change any merchant, the program overrides and the"
                   " stage rates"),
                 what, text);
  else if (state != NULL && (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "40") ||
                             g_str_has_prefix (state, "53") || g_str_has_prefix (state, "57")))
    /* Connection, rollback (deadlock, serialization), resources, operator
     * intervention (a shutdown): nothing wrong with the request. */
    g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_BUSY,
                 _("The team hub could not finish %s for now: %s"), what, text);
  else
    g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_FAILED,
                 _("The team hub failed while %s: %s"), what, text);
}

PGresult *
pd_team_db_query (PGconn              *conn,
                  const char          *sql,
                  int                  n_params,
                  const char * const  *params,
                  const char          *what,
                  GError             **error)
{
  PGresult *res = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
    return res;
  pd_team_db_set_error (conn, res, what, error);
  PQclear (res);
  return NULL;
}

gboolean
pd_team_db_exec (PGconn      *conn,
                 const char  *sql,
                 const char  *what,
                 GError     **error)
{
  g_autoptr(PGresult) res = PQexec (conn, sql);
  ExecStatusType status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
    return TRUE;
  pd_team_db_set_error (conn, res, what != NULL ? what : "", error);
  return FALSE;
}
