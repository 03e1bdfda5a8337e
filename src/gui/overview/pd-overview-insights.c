/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include "pd-overview-assumptions.h"
#include "pd-overview-changes.h"
#include "pd-overview-page-private.h"

/* What changed since the previous import or sync (kind recruitment), and
 * the assumptions the projection rests on (both kinds): built with the first snapshot shown, never
 * with the window (its first frame stays the empty shell's), then fed
 * each snapshot, like the charts (pd-overview-charts.c). */

void
pd_overview_page_show_insights (PdOverviewPage     *self,
                                PdOverviewSnapshot *snapshot)
{
  if (self->changes == NULL)
    {
      self->changes = pd_overview_changes_new ();
      self->assumptions = pd_overview_assumptions_new (self->context);
      gtk_box_append (self->insights_box, self->changes);
      gtk_box_append (self->insights_box, self->assumptions);
    }
  /* A seller-benefit program pays nothing: no payout to change. */
  gtk_widget_set_visible (self->changes, snapshot->projection != NULL);
  pd_overview_changes_set_snapshot (PD_OVERVIEW_CHANGES (self->changes), snapshot);
  pd_overview_assumptions_set_snapshot (PD_OVERVIEW_ASSUMPTIONS (self->assumptions), snapshot);
}
