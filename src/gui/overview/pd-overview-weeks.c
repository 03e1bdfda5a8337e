/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-overview-chart.h"
#include "pd-overview-format.h"

#define LEGEND_HEIGHT 24
#define PLOT_HEIGHT 120
#define AXIS_HEIGHT 24

struct _PdOverviewWeeks
{
  GtkWidget  parent_instance;

  gboolean   has_data;
  PdFunnel   funnel;
  char      *text;
};

G_DEFINE_FINAL_TYPE (PdOverviewWeeks, pd_overview_weeks, GTK_TYPE_WIDGET)

static guint
n_columns (PdOverviewWeeks *self)
{
  return self->funnel.n_weeks + (self->funnel.not_onboarded_pending > 0 ? 1 : 0);
}

static void
column (PdOverviewWeeks *self,
        guint            i,
        gint64          *confirmed,
        gint64          *pending,
        gint64          *count)
{
  const PdFunnel *f = &self->funnel;

  if (i < f->n_weeks)
    {
      *confirmed = f->week_confirmed_amount[i].minor;
      *pending = f->week_pending_amount[i].minor;
      *count = f->week_confirmed[i] + f->week_pending[i];
    }
  else
    {
      *confirmed = 0;
      *pending = f->not_onboarded_amount.minor;
      *count = f->not_onboarded_pending;
    }
}

static void
update_text (PdOverviewWeeks *self,
             PdRules         *rules)
{
  const PdFunnel *f = &self->funnel;
  GString *text = g_string_new (NULL);
  guint shown = 0;

  for (guint w = 0; w < f->n_weeks; w++)
    {
      g_autofree char *date = NULL;
      g_autofree char *confirmed = NULL;
      g_autofree char *pending = NULL;
      g_autofree char *n_confirmed = NULL;
      g_autofree char *n_pending = NULL;

      if (f->week_confirmed[w] == 0 && f->week_pending[w] == 0)
        continue;
      n_confirmed = pd_overview_format_count (f->week_confirmed[w]);
      n_pending = pd_overview_format_count (f->week_pending[w]);
      date = pd_overview_format_time (rules, f->week_start[w], PD_OVERVIEW_TIME_DATE);
      confirmed = pd_money_format_display (&f->week_confirmed_amount[w]);
      pending = pd_money_format_display (&f->week_pending_amount[w]);
      if (text->len > 0)
        g_string_append (text, " ");
      /* Translators: one week of the payout chart for screen readers:
       * "Week 3 (from 2026-01-15): confirmed CNY 1,000.00 (1 merchants),
       * pending CNY 0.00 (0 merchants)." */
      g_string_append_printf (text, _("Week %u (from %s): confirmed %s (%s merchants), pending %s (%s merchants)."),
                              w + 1, date, confirmed, n_confirmed, pending, n_pending);
      shown++;
    }
  if (f->not_onboarded_pending > 0)
    {
      g_autofree char *pending = pd_money_format_display (&f->not_onboarded_amount);
      g_autofree char *count = pd_overview_format_count (f->not_onboarded_pending);

      if (text->len > 0)
        g_string_append (text, " ");
      g_string_append_printf (text, _("No store yet: pending %s (%s merchants)."), pending, count);
      shown++;
    }
  if (shown == 0)
    g_string_append (text, _("No merchant qualified or pending yet."));
  else
    {
      g_string_append (text, " ");
      g_string_append (text, _("Other weeks: none."));
    }
  g_free (self->text);
  self->text = g_string_free (text, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->text,
                                  -1);
}

static float
legend_entry (GtkWidget     *widget,
              GtkSnapshot   *snapshot,
              PangoLayout   *layout,
              float          x,
              const GdkRGBA *swatch,
              const char    *label,
              const GdkRGBA *fg)
{
  gtk_snapshot_append_color (snapshot, swatch, &GRAPHENE_RECT_INIT (x, 5, 12, 12));
  return x + 18 + pd_overview_chart_text (widget, snapshot, layout, label, x + 18, 0, fg) + 18;
}

static void
pd_overview_weeks_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  PdOverviewWeeks *self = PD_OVERVIEW_WEEKS (widget);
  int width = gtk_widget_get_width (widget);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) small = NULL;
  PangoAttrList *attrs;
  GdkRGBA fg, dim, accent, pending;
  guint n = n_columns (self);
  gint64 max = 1;
  float col_w, x;

  if (!self->has_data || width <= 0 || n == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  dim = fg;
  dim.alpha *= 0.2f;
  pd_overview_chart_color (widget, "accent_bg_color", &accent);
  pending = accent;
  pending.alpha *= 0.4f;
  layout = gtk_widget_create_pango_layout (widget, NULL);
  small = gtk_widget_create_pango_layout (widget, NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_layout_set_attributes (small, attrs);
  pango_attr_list_unref (attrs);

  x = legend_entry (widget, snapshot, layout, 0, &accent, _("Confirmed"), &fg);
  legend_entry (widget, snapshot, layout, x, &pending, _("Pending"), &fg);

  for (guint i = 0; i < n; i++)
    {
      gint64 confirmed, pend, count;

      column (self, i, &confirmed, &pend, &count);
      max = MAX (max, confirmed + pend);
    }

  col_w = (float) width / (float) n;
  gtk_snapshot_append_color (snapshot, &dim,
                             &GRAPHENE_RECT_INIT (0, LEGEND_HEIGHT + PLOT_HEIGHT, width, 1));
  for (guint i = 0; i < n; i++)
    {
      gint64 confirmed, pend, count;
      float bar_w = MAX (col_w * 0.6f, 2.0f);
      float left = col_w * (float) i + (col_w - bar_w) / 2;
      float base = LEGEND_HEIGHT + PLOT_HEIGHT;
      float h_confirmed, h_pending;
      g_autofree char *label = NULL;
      int label_w = 0;

      column (self, i, &confirmed, &pend, &count);
      h_confirmed = (float) (PLOT_HEIGHT - 16) * (float) confirmed / (float) max;
      h_pending = (float) (PLOT_HEIGHT - 16) * (float) pend / (float) max;
      if (h_confirmed > 0)
        gtk_snapshot_append_color (snapshot, &accent,
                                   &GRAPHENE_RECT_INIT (left, base - h_confirmed, bar_w, h_confirmed));
      if (h_pending > 0)
        {
          /* Outlined in the accent colour: pending reads as pending on
           * any background, dark and high contrast too. */
          const GdkRGBA edge[4] = { accent, accent, accent, accent };
          const float widths[4] = { 1, 1, 1, 1 };
          GskRoundedRect outline;

          gsk_rounded_rect_init_from_rect (&outline,
                                           &GRAPHENE_RECT_INIT (left, base - h_confirmed - h_pending, bar_w, h_pending),
                                           0);
          gtk_snapshot_append_color (snapshot, &pending, &outline.bounds);
          gtk_snapshot_append_border (snapshot, &outline, widths, edge);
        }
      if (count > 0)
        {
          g_autofree char *text = pd_overview_format_count (count);

          pango_layout_set_text (small, text, -1);
          pango_layout_get_pixel_size (small, &label_w, NULL);
          pd_overview_chart_text (widget, snapshot, small, text, left + (bar_w - label_w) / 2,
                                  base - h_confirmed - h_pending - 16, &fg);
        }

      /* Translators: a week of the quarter under a bar of the chart: "W1". */
      label = i < self->funnel.n_weeks ? g_strdup_printf (_("W%u"), i + 1) : g_strdup (_("No store"));
      pango_layout_set_text (small, label, -1);
      pango_layout_get_pixel_size (small, &label_w, NULL);
      /* Every other week when they would touch. */
      if (label_w + 4 > col_w && i % 2 == 1 && i < self->funnel.n_weeks)
        continue;
      pd_overview_chart_text (widget, snapshot, small, label,
                              MIN (col_w * (float) i + (col_w - (float) label_w) / 2, (float) (width - label_w)),
                              base + 4, &fg);
    }
}

static void
pd_overview_weeks_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 560;
    }
  else
    *minimum = *natural = LEGEND_HEIGHT + PLOT_HEIGHT + AXIS_HEIGHT;
}

static void
pd_overview_weeks_finalize (GObject *object)
{
  PdOverviewWeeks *self = PD_OVERVIEW_WEEKS (object);

  g_free (self->text);
  G_OBJECT_CLASS (pd_overview_weeks_parent_class)->finalize (object);
}

static void
pd_overview_weeks_class_init (PdOverviewWeeksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_overview_weeks_finalize;
  widget_class->snapshot = pd_overview_weeks_snapshot;
  widget_class->measure = pd_overview_weeks_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "overview-weeks");
}

static void
pd_overview_weeks_init (PdOverviewWeeks *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Payout by week of onboarding"),
                                  -1);
}

GtkWidget *
pd_overview_weeks_new (void)
{
  return g_object_new (PD_TYPE_OVERVIEW_WEEKS, NULL);
}

void
pd_overview_weeks_set_funnel (PdOverviewWeeks *self,
                              PdRules         *rules,
                              const PdFunnel  *funnel)
{
  g_return_if_fail (PD_IS_OVERVIEW_WEEKS (self));
  g_return_if_fail (rules != NULL && funnel != NULL);

  self->funnel = *funnel;
  self->has_data = TRUE;
  update_text (self, rules);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
pd_overview_weeks_get_text (PdOverviewWeeks *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_WEEKS (self), NULL);
  return self->text;
}
