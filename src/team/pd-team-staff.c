/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-team-db.h"
#include "pd-team-hub-private.h"
#include "pd-team-schema.h"
#include "pd-team-staff.h"

void
pd_team_staff_member_free (PdTeamStaffMember *member)
{
  if (member == NULL)
    return;
  g_free (member->account);
  g_free (member->name);
  g_free (member);
}

gboolean
pd_team_staff_check_account (const char  *account,
                             GError     **error)
{
  gboolean ok = account != NULL && g_ascii_islower (account[0]) && strlen (account) <= 63 &&
                !g_str_has_prefix (account, "pg_") && !g_str_has_prefix (account, "team_");

  for (const char *p = account; ok && *p != '\0'; p++)
    ok = g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_';
  if (!ok)
    g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_INVALID_URL,
                 _("“%s” cannot name a staff account: expected 1 to 63 lowercase letters, digits"
                   " and _, starting with a letter and not with pg_ or team_, such as li_wei"),
                 account != NULL ? account : "");
  return ok;
}

/* A connection checked for the schema that has add_staff(). */
static PGconn *
connect_checked (PdTeamHub   *hub,
                 const char  *url,
                 GError     **error)
{
  PGconn *conn = pd_team_hub_connect (hub, url, error);

  if (conn != NULL && !pd_team_schema_check (conn, NULL, error))
    g_clear_pointer (&conn, PQfinish);
  return conn;
}

/* A refusal of add_staff() or remove_staff(): who may, in words. */
static void
explain_refusal (PGconn  *conn,
                 GError **error)
{
  /* Not the hub owner's own lack of CREATEROLE: that stays as it is. */
  if (error == NULL || !g_error_matches (*error, PD_TEAM_ERROR, PD_TEAM_ERROR_REFUSED) ||
      strstr ((*error)->message, "for function") == NULL)
    return;
  g_clear_error (error);
  g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_REFUSED,
               _("Only a team lead or the team hub’s owner may add or remove staff; the account %s"
                 " is neither (a lead is added with “team staff add NAME --lead”)"),
               PQuser (conn));
}

gboolean
pd_team_staff_add (PdTeamHub   *hub,
                   const char  *url,
                   const char  *account,
                   const char  *password,
                   gboolean     lead,
                   GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;
  char *verifier;

  g_return_val_if_fail (PD_IS_TEAM_HUB (hub), FALSE);

  if (!pd_team_staff_check_account (account, error))
    return FALSE;
  if (password == NULL || strlen (password) < 8)
    {
      g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_INVALID_URL,
                   _("The new account’s password must have at least 8 characters"));
      return FALSE;
    }
  conn = connect_checked (hub, url, error);
  if (conn == NULL)
    return FALSE;
  verifier = PQencryptPasswordConn (conn, password, account, "scram-sha-256");
  if (verifier == NULL)
    {
      g_autofree char *text = pd_team_db_dup_error_text (conn);

      g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_FAILED,
                   _("Cannot prepare the new account’s password: %s"), text);
      return FALSE;
    }
  {
    const char *params[] = { account, verifier, lead ? "true" : "false" };

    res = pd_team_db_query (conn, "SELECT partnerdesk.add_staff ($1, $2, $3::boolean)",
                            G_N_ELEMENTS (params), params, _("adding a staff account"), error);
  }
  explicit_bzero (verifier, strlen (verifier));
  PQfreemem (verifier);
  if (res == NULL)
    explain_refusal (conn, error);
  return res != NULL;
}

GPtrArray *
pd_team_staff_list (PdTeamHub   *hub,
                    const char  *url,
                    GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;
  GPtrArray *members;

  g_return_val_if_fail (PD_IS_TEAM_HUB (hub), NULL);

  conn = connect_checked (hub, url, error);
  if (conn == NULL)
    return NULL;
  res = pd_team_db_query (conn,
                          "SELECT r.rolname, pg_has_role (r.oid, 'team_lead', 'MEMBER'), s.name,"
                          "       coalesce (extract (epoch FROM s.joined_at)::bigint, 0)"
                          " FROM pg_roles r LEFT JOIN partnerdesk.staff s ON s.role = r.rolname"
                          " WHERE r.rolcanlogin AND NOT r.rolsuper"
                          "   AND pg_has_role (r.oid, 'team_staff', 'MEMBER')"
                          " ORDER BY r.rolname",
                          0, NULL, _("listing the team’s staff"), error);
  if (res == NULL)
    return NULL;
  members = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_team_staff_member_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      PdTeamStaffMember *m = g_new0 (PdTeamStaffMember, 1);

      m->account = g_strdup (PQgetvalue (res, i, 0));
      m->lead = g_str_equal (PQgetvalue (res, i, 1), "t");
      m->name = PQgetisnull (res, i, 2) ? NULL : g_strdup (PQgetvalue (res, i, 2));
      m->joined_at = g_ascii_strtoll (PQgetvalue (res, i, 3), NULL, 10);
      g_ptr_array_add (members, m);
    }
  return members;
}

gboolean
pd_team_staff_remove (PdTeamHub   *hub,
                      const char  *url,
                      const char  *account,
                      GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { account };

  g_return_val_if_fail (PD_IS_TEAM_HUB (hub), FALSE);

  if (!pd_team_staff_check_account (account, error))
    return FALSE;
  conn = connect_checked (hub, url, error);
  if (conn == NULL)
    return FALSE;
  res = pd_team_db_query (conn, "SELECT partnerdesk.remove_staff ($1)", 1, params,
                          _("removing a staff account"), error);
  if (res == NULL)
    explain_refusal (conn, error);
  return res != NULL;
}
