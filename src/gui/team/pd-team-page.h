/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_TEAM_PAGE (pd_team_page_get_type ())

G_DECLARE_FINAL_TYPE (PdTeamPage, pd_team_page, PD, TEAM_PAGE, AdwPreferencesPage)

/* Preferences → Team: the team hub's address, the staff name and the
 * password (kept in the keyring, never in the store or the settings),
 * Join (in a worker thread), the hub's status (connected, schema
 * version, last pulled change, edits waiting, refused edits in words,
 * conflicts) and Leave. */
GtkWidget *pd_team_page_new     (PdContext  *context);
/* Reads the status again (in a worker thread). */
void       pd_team_page_refresh (PdTeamPage *self);

G_END_DECLS
