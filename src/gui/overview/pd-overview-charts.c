/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-overview-chart.h"
#include "pd-overview-page-private.h"

/* The Overview's charts: built with the first snapshot shown, never with
 * the window (its first frame stays the empty shell's), then fed each
 * snapshot. */

static GtkWidget *
add_group (PdOverviewPage *self,
           const char     *title,
           const char     *description,
           GtkWidget      *chart)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_add_css_class (frame, "overview-chart");
  gtk_box_append (GTK_BOX (frame), chart);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  gtk_box_append (self->charts_box, group);
  return chart;
}

void
pd_overview_page_show_charts (PdOverviewPage     *self,
                              PdOverviewSnapshot *snapshot)
{
  gboolean recruitment = snapshot->rules->kind == PD_PROGRAM_KIND_RECRUITMENT;
  const PdFunnel *funnel;

  gtk_widget_set_visible (GTK_WIDGET (self->charts_box), recruitment);
  if (!recruitment)
    return;

  if (self->funnel_chart == NULL)
    {
      self->funnel_chart =
        add_group (self, _("Funnel of the Quarter"),
                   _("How far the merchants got, the reward each step still carries, and "
                     "those lost before it. Click a step to see its merchants."),
                   pd_overview_funnel_new ());
      self->weeks_chart =
        add_group (self, _("Payout by Week of Onboarding"),
                   _("The reward of the merchants who opened their store each week: confirmed, "
                     "and pending if they qualify."),
                   pd_overview_weeks_new ());
      self->trend_chart =
        add_group (self, _("Trend of the Projection"),
                   _("Confirmed, expected and upper bound as they stood after each import and sync."),
                   pd_overview_trend_new ());
    }

  funnel = pd_projection_get_funnel (snapshot->projection);
  pd_overview_funnel_set_funnel (PD_OVERVIEW_FUNNEL (self->funnel_chart), snapshot->rules, funnel);
  pd_overview_weeks_set_funnel (PD_OVERVIEW_WEEKS (self->weeks_chart), snapshot->rules, funnel);
  pd_overview_trend_set_points (PD_OVERVIEW_TREND (self->trend_chart), snapshot->rules, snapshot->history);
}
