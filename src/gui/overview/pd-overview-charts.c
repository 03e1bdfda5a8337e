/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-overview-chart.h"
#include "pd-overview-format.h"
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
  pd_a11y_name_lists (group);
  gtk_box_append (self->charts_box, group);
  return chart;
}

/* "+CNY 1,000.00", "−CNY 500.00", "CNY 0.00". */
static char *
signed_amount (const PdMoney *before,
               const PdMoney *after)
{
  PdMoney delta = *after;
  g_autofree char *text = NULL;

  delta.minor = after->minor - before->minor;
  if (delta.minor == 0)
    return pd_money_format_display (&delta);
  if (delta.minor < 0)
    delta.minor = -delta.minor;
  text = pd_money_format_display (&delta);
  return g_strdup_printf ("%s%s", after->minor > before->minor ? "+" : "−", text);
}

/* What the latest import or sync moved, from the points before and after
 * it; NULL before there are two. */
static char *
latest_change (PdOverviewSnapshot *snapshot)
{
  GArray *points = snapshot->history;
  const PdProjectionPoint *before, *after;
  g_autofree char *when = NULL;
  g_autofree char *confirmed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *upper = NULL;

  if (points == NULL || points->len < 2)
    return NULL;
  before = &g_array_index (points, PdProjectionPoint, points->len - 2);
  after = &g_array_index (points, PdProjectionPoint, points->len - 1);
  if (g_strcmp0 (before->confirmed.currency, after->confirmed.currency) != 0)
    return NULL;
  when = pd_overview_format_time (snapshot->rules, after->event_at, PD_OVERVIEW_TIME_MINUTES);
  confirmed = signed_amount (&before->confirmed, &after->confirmed);
  expected = signed_amount (&before->expected, &after->expected);
  upper = signed_amount (&before->upper, &after->upper);
  return g_strdup_printf (after->source == PD_HISTORY_SOURCE_SYNC
                          /* Translators: what the latest sync moved: "The sync of 2026-03-16
                           * 10:00 moved confirmed +CNY 1,000.00, expected +CNY 1,200.00,
                           * upper bound CNY 0.00." */
                          ? _("The sync of %s moved confirmed %s, expected %s, upper bound %s.")
                          : _("The import of %s moved confirmed %s, expected %s, upper bound %s."),
                          when, confirmed, expected, upper);
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
  {
    g_autofree char *change = latest_change (snapshot);
    g_autofree char *text = NULL;
    GtkWidget *group = gtk_widget_get_ancestor (self->trend_chart, ADW_TYPE_PREFERENCES_GROUP);

    text = g_strjoin (" ", _("Confirmed, expected and upper bound as they stood after each import and sync."),
                      change, NULL);
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), text);
  }
}
