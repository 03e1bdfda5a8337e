/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"
#include "pd-overview-snapshot.h"

G_BEGIN_DECLS

#define PD_TYPE_OVERVIEW_ASSUMPTIONS (pd_overview_assumptions_get_type ())

G_DECLARE_FINAL_TYPE (PdOverviewAssumptions, pd_overview_assumptions, PD, OVERVIEW_ASSUMPTIONS, GtkWidget)

/* The Overview's "Assumptions" (issue 14 item 5): what the projection
 * takes for granted where the program's terms say nothing. First the
 * values the agency may override, as they are in force (overridden ones
 * say by whom and what the program file says), with Program Settings…
 * to edit them (pd-program-settings-window.h); then the program file's
 * assumptions and how the engine reads the rules. Built by the page
 * with its first snapshot, never with the window. */

GtkWidget *pd_overview_assumptions_new          (PdContext             *context);
void       pd_overview_assumptions_set_snapshot (PdOverviewAssumptions *self,
                                                 PdOverviewSnapshot    *snapshot);

G_END_DECLS
