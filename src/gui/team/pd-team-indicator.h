/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-team-controller.h"

G_BEGIN_DECLS

#define PD_TYPE_TEAM_INDICATOR (pd_team_indicator_get_type ())

G_DECLARE_FINAL_TYPE (PdTeamIndicator, pd_team_indicator, PD, TEAM_INDICATOR, GtkWidget)

/* The header bar's team hub state, beside the platform's sync indicator
 * and in its style: "Team: up to date", "Team: 3 edits waiting", "Team:
 * offline", "Team: conflict"; its popover says why, with "Sync Now" and
 * the Team preferences. Hidden while the store has joined no hub. */
GtkWidget *pd_team_indicator_new            (void);
void       pd_team_indicator_set_controller (PdTeamIndicator  *self,
                                             PdTeamController *controller);
/* The button's label now (for tests). */
const char *pd_team_indicator_get_label     (PdTeamIndicator  *self);

G_END_DECLS
