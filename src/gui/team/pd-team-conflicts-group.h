/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_TEAM_CONFLICTS_GROUP (pd_team_conflicts_group_get_type ())

G_DECLARE_FINAL_TYPE (PdTeamConflictsGroup, pd_team_conflicts_group, PD, TEAM_CONFLICTS_GROUP,
                      AdwPreferencesGroup)

/* On a merchant's detail: its notes, tags or assignee that another
 * desktop changed on the team hub after this desktop did, each with
 * both versions side by side (as the platform's 409s are shown) and
 * "Keep Mine" / "Use Theirs". Hidden without conflicts. ::resolved
 * once a choice is recorded (the merchant's fields changed). */
GtkWidget *pd_team_conflicts_group_new  (void);
/* Shows the conflicts of @seller_id in @store (NULL: none). */
void       pd_team_conflicts_group_load (PdTeamConflictsGroup *self,
                                         PdStore              *store,
                                         const char           *seller_id);

G_END_DECLS
