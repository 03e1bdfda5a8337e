/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-overview-snapshot.h"

G_BEGIN_DECLS

#define PD_TYPE_OVERVIEW_CHANGES (pd_overview_changes_get_type ())

G_DECLARE_FINAL_TYPE (PdOverviewChanges, pd_overview_changes, PD, OVERVIEW_CHANGES, GtkWidget)

/* The Overview's "What Changed" list (issue 14 item 3): merchant by
 * merchant, what the latest import or sync changed against the previous
 * one (the snapshot's changes, pd-entry-diff.h), each with the amount it
 * moved the expected payout by and a button to its checklist. Built by
 * the page with its first snapshot, never with the window. */

GtkWidget *pd_overview_changes_new          (void);
void       pd_overview_changes_set_snapshot (PdOverviewChanges  *self,
                                             PdOverviewSnapshot *snapshot);

/* "+CNY 500.00", "−CNY 1,000.00", "CNY 0.00": a move of @minor units of
 * @currency. */
char      *pd_overview_changes_format_move  (gint64              minor,
                                             const char         *currency);

G_END_DECLS
