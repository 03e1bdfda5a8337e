/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-overview-chart.h"
#include "pd-overview-format.h"

#define BAR_HEIGHT 12

struct _PdOverviewFunnel
{
  GtkWidget  parent_instance;

  gboolean   has_data;
  PdFunnel   funnel;
  char      *program_id;
  char      *text;
  int        focus_step;
};

G_DEFINE_FINAL_TYPE (PdOverviewFunnel, pd_overview_funnel, GTK_TYPE_WIDGET)

void
pd_overview_chart_color (GtkWidget  *widget,
                         const char *name,
                         GdkRGBA    *out)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  /* libadwaita's named colours (accent_bg_color, error_color...) follow
   * the dark and high-contrast styles; the text colour is the fallback. */
  if (!gtk_style_context_lookup_color (context, name, out))
    gtk_style_context_get_color (context, out);
}

int
pd_overview_chart_text (GtkWidget     *widget,
                        GtkSnapshot   *snapshot,
                        PangoLayout   *layout,
                        const char    *text,
                        float          x,
                        float          y,
                        const GdkRGBA *color)
{
  int width = 0;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  return width;
}

/* A row: a line of text in the font of the moment (Chinese is taller),
 * the bar under it, a gap. Returns the row's height. */
static int
row_height (GtkWidget *widget,
            int       *bar_top)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Ag 商");
  int height = 0;

  pango_layout_get_pixel_size (layout, NULL, &height);
  if (bar_top != NULL)
    *bar_top = height + 4;
  return height + 4 + BAR_HEIGHT + 12;
}

/* "12 · CNY 5,000.00", and " · 2 lost (CNY 1,000.00)". */
static char *
step_figures (const PdFunnel *funnel,
              guint           step)
{
  g_autofree char *count = pd_overview_format_count (funnel->reached[step]);
  g_autofree char *reward = pd_money_format_display (&funnel->reward[step]);

  if (funnel->lost[step] > 0)
    {
      g_autofree char *lost = pd_overview_format_count (funnel->lost[step]);
      g_autofree char *lost_reward = pd_money_format_display (&funnel->lost_reward[step]);

      /* Translators: merchants at a step of the funnel and the reward they
       * carry, then those lost before the step: "10 · CNY 4,000.00 · 2 lost
       * (CNY 1,000.00)". */
      return g_strdup_printf (_("%s · %s · %s lost (%s)"), count, reward, lost, lost_reward);
    }
  /* Translators: merchants at a step of the funnel and the reward they carry. */
  return g_strdup_printf (_("%s · %s"), count, reward);
}

static void
update_text (PdOverviewFunnel *self)
{
  GString *text = g_string_new (NULL);

  for (guint s = 0; s < PD_N_FUNNEL_STEPS; s++)
    {
      const PdFunnel *f = &self->funnel;
      g_autofree char *count = pd_overview_format_count (f->reached[s]);
      g_autofree char *reward = pd_money_format_display (&f->reward[s]);
      g_autofree char *lost = pd_overview_format_count (f->lost[s]);
      g_autofree char *lost_reward = pd_money_format_display (&f->lost_reward[s]);

      if (text->len > 0)
        g_string_append (text, " ");
      /* Translators: one step of the funnel for screen readers: "First
       * Sale: 10 merchants, reward CNY 4,000.00; 0 lost at this step (CNY
       * 0.00)." */
      g_string_append_printf (text, _("%s: %s merchants, reward %s; %s lost at this step (%s)."),
                              pd_funnel_step_to_display (s), count, reward, lost, lost_reward);
    }
  g_free (self->text);
  self->text = g_string_free (text, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->text,
                                  -1);
}

static void
pd_overview_funnel_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  PdOverviewFunnel *self = PD_OVERVIEW_FUNNEL (widget);
  int width = gtk_widget_get_width (widget);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) bold = NULL;
  PangoAttrList *attrs;
  GdkRGBA fg, accent, lost, track;
  gint64 max = 1;
  int bar_top = 0;
  int row_h = row_height (widget, &bar_top);

  if (!self->has_data || width <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  pd_overview_chart_color (widget, "accent_bg_color", &accent);
  pd_overview_chart_color (widget, "error_color", &lost);
  track = fg;
  track.alpha *= 0.1f;
  layout = gtk_widget_create_pango_layout (widget, NULL);
  bold = gtk_widget_create_pango_layout (widget, NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (bold, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (bold, PANGO_ELLIPSIZE_END);

  for (guint s = 0; s < PD_N_FUNNEL_STEPS; s++)
    max = MAX (max, self->funnel.reached[s] + self->funnel.lost[s]);

  for (guint s = 0; s < PD_N_FUNNEL_STEPS; s++)
    {
      float y = (float) (s * row_h);
      g_autofree char *figures = step_figures (&self->funnel, s);
      int figures_width;
      float reached_w = (float) width * (float) self->funnel.reached[s] / (float) max;
      float lost_w = (float) width * (float) self->funnel.lost[s] / (float) max;

      if ((int) s == self->focus_step && gtk_widget_has_focus (widget))
        {
          GdkRGBA focus = accent;

          focus.alpha = 0.15f;
          gtk_snapshot_append_color (snapshot, &focus, &GRAPHENE_RECT_INIT (0, y, width, row_h - 4));
        }

      pango_layout_set_text (layout, figures, -1);
      pango_layout_get_pixel_size (layout, &figures_width, NULL);
      pd_overview_chart_text (widget, snapshot, layout, figures, (float) (width - figures_width), y + 2, &fg);
      pango_layout_set_width (bold, MAX (width - figures_width - 12, 40) * PANGO_SCALE);
      pd_overview_chart_text (widget, snapshot, bold, pd_funnel_step_to_display (s), 0, y + 2, &fg);

      gtk_snapshot_append_color (snapshot, &track, &GRAPHENE_RECT_INIT (0, y + bar_top, width, BAR_HEIGHT));
      if (reached_w > 0)
        gtk_snapshot_append_color (snapshot, &accent,
                                   &GRAPHENE_RECT_INIT (0, y + bar_top, MAX (reached_w, 2), BAR_HEIGHT));
      if (lost_w > 0)
        gtk_snapshot_append_color (snapshot, &lost,
                                   &GRAPHENE_RECT_INIT (reached_w, y + bar_top + 3, MAX (lost_w, 2), BAR_HEIGHT - 6));
    }
}

static void
pd_overview_funnel_measure (GtkWidget      *widget,
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
    *minimum = *natural = PD_N_FUNNEL_STEPS * row_height (widget, NULL);
}

GVariant *
pd_overview_funnel_step_target (PdOverviewFunnel *self,
                                PdFunnelStep      step)
{
  PdStage stage;
  int stage_filter = -1;
  int verdict_filter = -1;

  g_return_val_if_fail (PD_IS_OVERVIEW_FUNNEL (self), NULL);

  /* The Merchants page's Stage filter where the step is a stage; those
   * that met inventory are at the last stage; qualified is a verdict. */
  if (pd_funnel_step_to_stage (step, &stage))
    stage_filter = stage;
  else if (step == PD_FUNNEL_INVENTORY_MET)
    stage_filter = PD_STAGE_SALES_MET;
  else
    verdict_filter = PD_VERDICT_QUALIFIED;
  return g_variant_new ("(sii)", self->program_id != NULL ? self->program_id : "",
                        stage_filter, verdict_filter);
}

static void
activate_step (PdOverviewFunnel *self,
               int               step)
{
  if (!self->has_data || step < 0 || step >= PD_N_FUNNEL_STEPS)
    return;
  gtk_widget_activate_action_variant (GTK_WIDGET (self), "win.show-merchants",
                                      pd_overview_funnel_step_target (self, step));
}

static void
on_released_cb (GtkGestureClick  *gesture,
                int               n_press,
                double            x,
                double            y,
                PdOverviewFunnel *self)
{
  self->focus_step = (int) (y / row_height (GTK_WIDGET (self), NULL));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  activate_step (self, self->focus_step);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   PdOverviewFunnel      *self)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (self->focus_step <= 0)
        return FALSE;
      self->focus_step--;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (self->focus_step >= PD_N_FUNNEL_STEPS - 1)
        return FALSE;
      self->focus_step++;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      activate_step (self, self->focus_step);
      return TRUE;
    default:
      return FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
pd_overview_funnel_finalize (GObject *object)
{
  PdOverviewFunnel *self = PD_OVERVIEW_FUNNEL (object);

  g_free (self->program_id);
  g_free (self->text);
  G_OBJECT_CLASS (pd_overview_funnel_parent_class)->finalize (object);
}

static void
pd_overview_funnel_class_init (PdOverviewFunnelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_overview_funnel_finalize;
  widget_class->snapshot = pd_overview_funnel_snapshot;
  widget_class->measure = pd_overview_funnel_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "overview-funnel");
}

static void
pd_overview_funnel_init (PdOverviewFunnel *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect (click, "released", G_CALLBACK (on_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Click a step to see its merchants on the Merchants page"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Funnel of the quarter"),
                                  -1);
}

GtkWidget *
pd_overview_funnel_new (void)
{
  return g_object_new (PD_TYPE_OVERVIEW_FUNNEL, NULL);
}

void
pd_overview_funnel_set_funnel (PdOverviewFunnel *self,
                               PdRules          *rules,
                               const PdFunnel   *funnel)
{
  g_return_if_fail (PD_IS_OVERVIEW_FUNNEL (self));
  g_return_if_fail (rules != NULL && funnel != NULL);

  self->funnel = *funnel;
  self->has_data = TRUE;
  g_free (self->program_id);
  self->program_id = g_strdup (rules->program_id);
  update_text (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
pd_overview_funnel_get_text (PdOverviewFunnel *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_FUNNEL (self), NULL);
  return self->text;
}
