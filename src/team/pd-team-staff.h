/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-team-hub.h"

G_BEGIN_DECLS

/* The team's staff accounts (PostgreSQL login roles in team_staff, leads
 * in team_lead), managed by a team lead or the hub's owner through the
 * hub's add_staff() and remove_staff() (schema version 2): no raw SQL.
 * @url NULL: the hub the store joined, as whoever joined it (a lead);
 * else the hub at @url, e.g. as its owner with PD_TEAM_PASSWORD. The new
 * account's password reaches the hub only as a SCRAM verifier. */

typedef struct
{
  char     *account;     /* the role, e.g. "li" */
  char     *name;        /* the staff name it joined as, or NULL */
  gboolean  lead;
  gint64    joined_at;   /* Unix seconds, 0: not joined yet */
} PdTeamStaffMember;

void       pd_team_staff_member_free (PdTeamStaffMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTeamStaffMember, pd_team_staff_member_free)

/* Checks an account name as the hub does: 1 to 63 of a-z, 0-9 and _,
 * starting with a letter, not pg_… nor team_…; PD_TEAM_ERROR_INVALID_URL
 * (bad input) otherwise. */
gboolean   pd_team_staff_check_account (const char  *account,
                                        GError     **error);
gboolean   pd_team_staff_add           (PdTeamHub   *hub,
                                        const char  *url,
                                        const char  *account,
                                        const char  *password,
                                        gboolean     lead,
                                        GError     **error);
/* PdTeamStaffMember by account. */
GPtrArray *pd_team_staff_list          (PdTeamHub   *hub,
                                        const char  *url,
                                        GError     **error);
gboolean   pd_team_staff_remove        (PdTeamHub   *hub,
                                        const char  *url,
                                        const char  *account,
                                        GError     **error);

G_END_DECLS
