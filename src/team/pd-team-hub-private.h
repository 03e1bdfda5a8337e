/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "pd-team-hub.h"

G_BEGIN_DECLS

/* A connection to the hub at @url (NULL: the one this store joined)
 * with this hub's password (pd_team_hub_set_password(), else
 * PD_TEAM_PASSWORD or the keyring), for src/team's other parts. */
PGconn *pd_team_hub_connect (PdTeamHub   *self,
                             const char  *url,
                             GError     **error);

G_END_DECLS
