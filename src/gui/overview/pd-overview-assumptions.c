/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-overview-assumptions.h"
#include "pd-overview-format.h"
#include "pd-program-settings-window.h"
#include "pd-store-overrides.h"

struct _PdOverviewAssumptions
{
  GtkWidget             parent_instance;

  PdContext            *context;
  char                 *program_id;

  AdwPreferencesGroup  *group;
  GtkListBox           *values_list;
  GtkWidget            *sentences_heading;
  GtkListBox           *sentences_list;
  GtkWidget            *settings_button;
};

G_DEFINE_FINAL_TYPE (PdOverviewAssumptions, pd_overview_assumptions, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static const PdProgramOverride *
find_override (GPtrArray     *overrides,
               PdOverrideKey  key,
               PdStage        stage)
{
  for (guint i = 0; overrides != NULL && i < overrides->len; i++)
    {
      const PdProgramOverride *o = g_ptr_array_index (overrides, i);

      if (o->key == key && (key < PD_N_OVERRIDES || o->stage == stage))
        return o;
    }
  return NULL;
}

static char *
format_when (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = unix_seconds > 0 ? g_date_time_new_from_unix_local (unix_seconds) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : NULL;
}

/* "Overridden by Li Wei on 2026-03-02 10:00 · program file: 0.5". */
static char *
describe_override (const PdProgramOverride *o,
                   const char              *file_value)
{
  g_autofree char *when = format_when (o->set_at);

  if (when != NULL && o->set_by != NULL)
    /* Translators: "Overridden by Li Wei on 2026-03-02 10:00 · program file: 0.5". */
    return g_strdup_printf (_("Overridden by %s on %s · program file: %s"), o->set_by, when, file_value);
  return g_strdup_printf (_("Overridden · program file: %s"), file_value);
}

static GtkWidget *
add_value_row (PdOverviewAssumptions *self,
               const char            *title,
               const char            *subtitle,
               const char            *value,
               gboolean               overridden)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      /* On one line up to some 24 characters, wrapped beyond. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (label), (int) MIN (g_utf8_strlen (value, -1), 24));
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
      gtk_widget_add_css_class (label, overridden ? "accent" : "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else if (overridden)
    {
      /* A row without a value of its own says it was changed. */
      GtkWidget *label = gtk_label_new (_("Changed"));

      gtk_widget_add_css_class (label, "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (self->values_list, row);
  return row;
}

static void
show_values (PdOverviewAssumptions *self,
             PdOverviewSnapshot    *snapshot)
{
  PdRules *rules = snapshot->rules;
  const PdExpectedModel *model = pd_projection_get_model (snapshot->projection);
  GPtrArray *overrides = snapshot->overrides;
  const PdProgramOverride *o;
  g_autoptr(GString) rates = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);
  gboolean any_rate = FALSE;

  clear_list (self->values_list);

  /* The governance paid fraction. */
  {
    g_autofree char *fraction = pd_fraction_format (&rules->high_risk_paid_fraction);
    /* Translators: the governance factor, "× 0.5". */
    g_autofree char *value = g_strdup_printf (_("× %s"), fraction);
    g_autofree char *subtitle = NULL;

    o = find_override (overrides, PD_OVERRIDE_PAID_FRACTION, 0);
    subtitle = o != NULL ? describe_override (o, o->file_value) :
               g_strdup (_("Paid share of the quarter when a store introduced in the period is high-risk · as in the program file"));
    add_value_row (self, _("Governance Paid Fraction"), subtitle, value, o != NULL);
  }

  if (pd_rules_can_override (rules, PD_OVERRIDE_INVENTORY_COUNTRIES))
    {
      g_autofree char *countries = g_strjoinv (", ", rules->inventory_countries);
      g_autofree char *min = g_strdup_printf ("%u", rules->inventory_min_countries);
      g_autofree char *markets = g_strjoinv (", ", rules->inventory_markets);
      g_autofree char *subtitle = NULL;

      o = find_override (overrides, PD_OVERRIDE_INVENTORY_COUNTRIES, 0);
      if (o != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (o->file_value, ";", -1);
          g_autofree char *file_value = g_strjoinv (", ", parts);

          subtitle = describe_override (o, file_value);
        }
      else
        /* Translators: "Held in stock during the period, EU stores only · as in
         * the program file". */
        subtitle = g_strdup_printf (_("Countries with inventory during the period, %s stores only · as in the program file"),
                                    markets);
      add_value_row (self, _("Inventory Countries"), subtitle, countries, o != NULL);
      g_clear_pointer (&subtitle, g_free);

      o = find_override (overrides, PD_OVERRIDE_INVENTORY_MIN, 0);
      subtitle = o != NULL ? describe_override (o, o->file_value) :
                 g_strdup (_("Of the countries above · as in the program file"));
      add_value_row (self, _("Minimum Inventory Countries"), subtitle, min, o != NULL);
    }

  /* The stage rates as the projection used them. */
  for (guint s = 0; s < PD_N_STAGES; s++)
    {
      g_autofree char *percent = pd_overview_format_percent (model->ppb[s]);

      if (s > 0)
        g_string_append (rates, " · ");
      if (model->source[s] == PD_RATE_SOURCE_HISTORY)
        /* Translators: a stage and its chance from the agency's history,
         * "First Sale 62% (your history)". */
        g_string_append_printf (rates, _("%s %s (your history)"), pd_stage_to_display (s), percent);
      else
        /* Translators: a stage and its chance, "First Sale 50%". */
        g_string_append_printf (rates, _("%s %s"), pd_stage_to_display (s), percent);

      o = find_override (overrides, PD_N_OVERRIDES, s);
      if (o != NULL)
        {
          g_autofree char *who = NULL;
          guint bp = pd_stage_rate_default_bp (s);
          g_autofree char *built_in = pd_overview_format_percent ((gint64) bp * 100000);

          any_rate = TRUE;
          if (changed->len > 0)
            g_string_append (changed, "; ");
          /* Translators: "First Sale from 50%". */
          g_string_append_printf (changed, _("%s from %s"), pd_stage_to_display (s), built_in);
          if (o->set_by != NULL)
            {
              g_autofree char *when = format_when (o->set_at);

              /* Translators: " by Li Wei on 2026-03-02 10:00", after "First Sale from 50%". */
              who = g_strdup_printf (_(" by %s on %s"), o->set_by, when != NULL ? when : "—");
              g_string_append (changed, who);
            }
        }
    }
  {
    g_autofree char *subtitle = NULL;

    if (any_rate)
      /* Translators: "Invited 10% · ... \n Changed: First Sale from 50% by Li Wei on ...". */
      subtitle = g_strdup_printf (_("%s\nChanged: %s"), rates->str, changed->str);
    else
      /* Translators: the rates, then where they come from. */
      subtitle = g_strdup_printf (_("%s\nBuilt-in rates, until your history replaces them"), rates->str);
    add_value_row (self, _("Default Stage Rates"), subtitle, NULL, any_rate);
  }
}

static void
add_sentence_row (GtkWidget  *parent,
                  const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "overview-assumption");
  if (ADW_IS_EXPANDER_ROW (parent))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (parent), row);
  else
    gtk_list_box_append (GTK_LIST_BOX (parent), row);
}

static void
show_sentences (PdOverviewAssumptions *self,
                PdOverviewSnapshot    *snapshot)
{
  g_autoptr(GPtrArray) engine = pd_engine_dup_assumptions ();
  GtkWidget *expander;
  g_autofree char *count = NULL;

  clear_list (self->sentences_list);
  for (guint i = 0; snapshot->rules->assumptions[i] != NULL; i++)
    add_sentence_row (GTK_WIDGET (self->sentences_list), pd_assumption_to_display (snapshot->rules->assumptions[i]));
  /* The engine's choices are about the verdicts of a recruitment program. */
  gtk_widget_set_visible (GTK_WIDGET (self->sentences_list),
                          snapshot->projection != NULL || snapshot->rules->assumptions[0] != NULL);
  if (snapshot->projection == NULL)
    return;

  expander = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("How the Rules Are Read"));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u choice where the terms are silent",
                                        "%u choices where the terms are silent", engine->len),
                           engine->len);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), count);
  for (guint i = 0; i < engine->len; i++)
    add_sentence_row (expander, g_ptr_array_index (engine, i));
  pd_a11y_label_expander_row (ADW_EXPANDER_ROW (expander), _("How the Rules Are Read"));
  gtk_list_box_append (self->sentences_list, expander);
}

void
pd_overview_assumptions_set_snapshot (PdOverviewAssumptions *self,
                                      PdOverviewSnapshot    *snapshot)
{
  gboolean recruitment;

  g_return_if_fail (PD_IS_OVERVIEW_ASSUMPTIONS (self));

  if (snapshot == NULL || snapshot->rules == NULL)
    return;
  g_free (self->program_id);
  self->program_id = g_strdup (snapshot->program_id);
  /* A seller-benefit program has nothing to override: its assumptions only. */
  recruitment = snapshot->projection != NULL && snapshot->overrides != NULL;
  if (recruitment)
    show_values (self, snapshot);
  else
    clear_list (self->values_list);
  gtk_widget_set_visible (GTK_WIDGET (self->values_list), recruitment);
  gtk_widget_set_visible (self->sentences_heading, recruitment);
  gtk_widget_set_visible (self->settings_button, recruitment);
  adw_preferences_group_set_description (self->group, recruitment ?
                                         _("Where the program’s terms say nothing, the projection rests on these. The agency may override the first ones.") :
                                         _("Where the program’s terms say nothing, Partner Desk rests on these."));
  show_sentences (self, snapshot);
  /* Nothing to show for a program without assumptions of its own. */
  gtk_widget_set_visible (GTK_WIDGET (self), recruitment || snapshot->rules->assumptions[0] != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assumptions.settings", recruitment && self->context != NULL);
}

static void
settings_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdOverviewAssumptions *self = PD_OVERVIEW_ASSUMPTIONS (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *window;

  if (self->context == NULL || self->program_id == NULL)
    return;
  window = pd_program_settings_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           self->context, self->program_id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
pd_overview_assumptions_dispose (GObject *object)
{
  PdOverviewAssumptions *self = PD_OVERVIEW_ASSUMPTIONS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_OVERVIEW_ASSUMPTIONS);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_overview_assumptions_parent_class)->dispose (object);
}

static void
pd_overview_assumptions_finalize (GObject *object)
{
  PdOverviewAssumptions *self = PD_OVERVIEW_ASSUMPTIONS (object);

  g_free (self->program_id);

  G_OBJECT_CLASS (pd_overview_assumptions_parent_class)->finalize (object);
}

static void
pd_overview_assumptions_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  PdOverviewAssumptions *self = PD_OVERVIEW_ASSUMPTIONS (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_assumptions_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  PdOverviewAssumptions *self = PD_OVERVIEW_ASSUMPTIONS (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_assumptions_class_init (PdOverviewAssumptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_overview_assumptions_dispose;
  object_class->finalize = pd_overview_assumptions_finalize;
  object_class->get_property = pd_overview_assumptions_get_property;
  object_class->set_property = pd_overview_assumptions_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-overview-assumptions.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOverviewAssumptions, group);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewAssumptions, values_list);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewAssumptions, sentences_heading);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewAssumptions, sentences_list);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewAssumptions, settings_button);
  gtk_widget_class_install_action (widget_class, "assumptions.settings", NULL, settings_action);
}

static void
pd_overview_assumptions_init (PdOverviewAssumptions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assumptions.settings", FALSE);
}

GtkWidget *
pd_overview_assumptions_new (PdContext *context)
{
  return g_object_new (PD_TYPE_OVERVIEW_ASSUMPTIONS, "context", context, NULL);
}
