/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-overview-chart.h"
#include "pd-overview-format.h"

#define LEGEND_HEIGHT 24
#define PLOT_HEIGHT 130
#define AXIS_HEIGHT 22
/* The description reads the latest points; the chart draws them all. */
#define MAX_SPOKEN 12

struct _PdOverviewTrend
{
  GtkWidget  parent_instance;

  GArray    *points;   /* PdProjectionPoint */
  gint64     start;    /* the x axis */
  gint64     end;
  char      *start_text;
  char      *end_text;
  char      *text;
};

G_DEFINE_FINAL_TYPE (PdOverviewTrend, pd_overview_trend, GTK_TYPE_WIDGET)

static void
update_text (PdOverviewTrend *self,
             PdRules         *rules)
{
  GString *text = g_string_new (NULL);
  guint n = self->points->len;

  if (n == 0)
    g_string_append (text, _("No import or sync recorded yet."));
  for (guint i = n > MAX_SPOKEN ? n - MAX_SPOKEN : 0; i < n; i++)
    {
      const PdProjectionPoint *p = &g_array_index (self->points, PdProjectionPoint, i);
      g_autofree char *when = pd_overview_format_time (rules, p->event_at, PD_OVERVIEW_TIME_MINUTES);
      g_autofree char *confirmed = pd_money_format_display (&p->confirmed);
      g_autofree char *expected = pd_money_format_display (&p->expected);
      g_autofree char *upper = pd_money_format_display (&p->upper);

      if (text->len > 0)
        g_string_append (text, " ");
      g_string_append_printf (text,
                              p->source == PD_HISTORY_SOURCE_SYNC
                              /* Translators: one point of the trend chart for screen readers. */
                              ? _("After the sync of %s: confirmed %s, expected %s, upper bound %s.")
                              : _("After the import of %s: confirmed %s, expected %s, upper bound %s."),
                              when, confirmed, expected, upper);
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
  gtk_snapshot_append_color (snapshot, swatch, &GRAPHENE_RECT_INIT (x, 9, 14, 3));
  return x + 20 + pd_overview_chart_text (widget, snapshot, layout, label, x + 20, 0, fg) + 18;
}

static gint64
value_of (const PdProjectionPoint *p,
          guint                    series)
{
  return series == 0 ? p->confirmed.minor : series == 1 ? p->expected.minor : p->upper.minor;
}

static void
pd_overview_trend_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  PdOverviewTrend *self = PD_OVERVIEW_TREND (widget);
  int width = gtk_widget_get_width (widget);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) small = NULL;
  PangoAttrList *attrs;
  GdkRGBA fg, dim, colors[3];
  const char *names[3];
  gint64 max = 1;
  float x = 0;
  int label_w = 0;
  cairo_t *cr;
  const float base = LEGEND_HEIGHT + PLOT_HEIGHT;

  if (self->points == NULL || width <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  dim = fg;
  dim.alpha *= 0.2f;
  pd_overview_chart_color (widget, "accent_bg_color", &colors[0]);
  pd_overview_chart_color (widget, "success_color", &colors[1]);
  colors[2] = fg;
  colors[2].alpha *= 0.55f;
  names[0] = _("Confirmed");
  names[1] = _("Expected");
  names[2] = _("Upper Bound");
  layout = gtk_widget_create_pango_layout (widget, NULL);
  small = gtk_widget_create_pango_layout (widget, NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_layout_set_attributes (small, attrs);
  pango_attr_list_unref (attrs);

  for (guint s = 0; s < 3; s++)
    x = legend_entry (widget, snapshot, layout, x, &colors[s], names[s], &fg);

  gtk_snapshot_append_color (snapshot, &dim, &GRAPHENE_RECT_INIT (0, base, width, 1));
  pd_overview_chart_text (widget, snapshot, small, self->start_text, 0, base + 4, &fg);
  pango_layout_set_text (small, self->end_text, -1);
  pango_layout_get_pixel_size (small, &label_w, NULL);
  pd_overview_chart_text (widget, snapshot, small, self->end_text, (float) (width - label_w), base + 4, &fg);

  for (guint i = 0; i < self->points->len; i++)
    max = MAX (max, g_array_index (self->points, PdProjectionPoint, i).upper.minor);

  /* Lines from point to point (GTK 4.8 has no paths of its own). */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, LEGEND_HEIGHT, width, PLOT_HEIGHT));
  for (guint s = 3; s-- > 0;)
    {
      gdk_cairo_set_source_rgba (cr, &colors[s]);
      cairo_set_line_width (cr, s == 2 ? 1.5 : 2.5);
      for (guint i = 0; i < self->points->len; i++)
        {
          const PdProjectionPoint *p = &g_array_index (self->points, PdProjectionPoint, i);
          double px = (double) width * (double) (MIN (MAX (p->event_at, self->start), self->end) - self->start) /
                      (double) MAX (self->end - self->start, 1);
          double py = base - 4 - (double) (PLOT_HEIGHT - 14) * (double) value_of (p, s) / (double) max;

          px = CLAMP (px, 3, width - 3);
          if (i == 0)
            cairo_move_to (cr, px, py);
          else
            cairo_line_to (cr, px, py);
          cairo_rectangle (cr, px - 3, py - 3, 6, 6);
          cairo_move_to (cr, px, py);
        }
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
pd_overview_trend_measure (GtkWidget      *widget,
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
pd_overview_trend_finalize (GObject *object)
{
  PdOverviewTrend *self = PD_OVERVIEW_TREND (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_free (self->start_text);
  g_free (self->end_text);
  g_free (self->text);
  G_OBJECT_CLASS (pd_overview_trend_parent_class)->finalize (object);
}

static void
pd_overview_trend_class_init (PdOverviewTrendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_overview_trend_finalize;
  widget_class->snapshot = pd_overview_trend_snapshot;
  widget_class->measure = pd_overview_trend_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "overview-trend");
}

static void
pd_overview_trend_init (PdOverviewTrend *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Trend of the projection"),
                                  -1);
}

GtkWidget *
pd_overview_trend_new (void)
{
  return g_object_new (PD_TYPE_OVERVIEW_TREND, NULL);
}

void
pd_overview_trend_set_points (PdOverviewTrend *self,
                              PdRules         *rules,
                              GArray          *points)
{
  g_return_if_fail (PD_IS_OVERVIEW_TREND (self));
  g_return_if_fail (rules != NULL && points != NULL);

  g_clear_pointer (&self->points, g_array_unref);
  self->points = g_array_ref (points);
  self->start = rules->period_start;
  self->end = rules->period_end;
  for (guint i = 0; i < points->len; i++)
    self->end = MAX (self->end, g_array_index (points, PdProjectionPoint, i).event_at);
  g_free (self->start_text);
  self->start_text = pd_overview_format_time (rules, self->start, PD_OVERVIEW_TIME_DATE);
  g_free (self->end_text);
  self->end_text = pd_overview_format_time (rules, self->end, PD_OVERVIEW_TIME_DATE);
  update_text (self, rules);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
pd_overview_trend_get_text (PdOverviewTrend *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_TREND (self), NULL);
  return self->text;
}
