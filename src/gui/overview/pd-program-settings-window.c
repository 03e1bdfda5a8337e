/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-program-settings"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pd-a11y.h"
#include "pd-program-settings-window.h"
#include "pd-stage-rates-group.h"
#include "pd-store-change.h"
#include "pd-store-overrides.h"
#include "pd-store-rules.h"

/* Spin buttons save a moment after the last change, as in Preferences. */
#define SAVE_DELAY_MS 600

struct _PdProgramSettingsWindow
{
  AdwPreferencesWindow  parent_instance;

  PdContext            *context;
  char                 *program_id;
  gboolean              loading;
  guint                 fraction_save_id;
  guint                 min_save_id;

  AdwPreferencesGroup  *program_group;
  AdwPreferencesGroup  *governance_group;
  AdwActionRow         *fraction_row;
  GtkSpinButton        *fraction_spin;
  GtkWidget            *fraction_reset;
  AdwPreferencesGroup  *inventory_group;
  AdwEntryRow          *countries_row;
  GtkWidget            *countries_reset;
  AdwActionRow         *min_row;
  GtkSpinButton        *min_spin;
  GtkWidget            *min_reset;
  PdStageRatesGroup    *stage_rates_group;
};

G_DEFINE_FINAL_TYPE (PdProgramSettingsWindow, pd_program_settings_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PROGRAM_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static PdStore *
get_store (PdProgramSettingsWindow *self)
{
  return pd_context_get_store (self->context);
}

static void
add_toast (PdProgramSettingsWindow *self,
           const char              *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static const PdProgramOverride *
find_override (GPtrArray     *overrides,
               PdOverrideKey  key)
{
  for (guint i = 0; overrides != NULL && i < overrides->len; i++)
    {
      const PdProgramOverride *o = g_ptr_array_index (overrides, i);

      if (o->key == key)
        return o;
    }
  return NULL;
}

/* "Program file: 0.5" or "Overridden by Li Wei on 2026-03-02 10:00 ·
 * program file: 0.5". */
static char *
describe_source (const PdProgramOverride *o,
                 const char              *file_value)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *when = NULL;

  if (o == NULL)
    /* Translators: the value is the program file's own, "Program file: 0.5". */
    return g_strdup_printf (_("As in the program file: %s"), file_value);
  if (o->set_at > 0 && (dt = g_date_time_new_from_unix_local (o->set_at)) != NULL)
    when = g_date_time_format (dt, "%Y-%m-%d %H:%M");
  if (when != NULL && o->set_by != NULL)
    /* Translators: "Overridden by Li Wei on 2026-03-02 10:00 · program file: 0.5". */
    return g_strdup_printf (_("Overridden by %s on %s · program file: %s"), o->set_by, when, file_value);
  return g_strdup_printf (_("Overridden · program file: %s"), file_value);
}

/* Shows the values in force, what the program file says, and who
 * overrode what. */
static void
load (PdProgramSettingsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdRules) file_rules = NULL;
  g_autoptr(PdRules) rules = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *file_value = NULL;
  g_autofree char *countries = NULL;
  const PdProgramOverride *o;
  gboolean inventory;

  if (self->context == NULL || self->program_id == NULL)
    return;
  file_rules = pd_store_load_file_rules (get_store (self), self->program_id, &error);
  if (file_rules != NULL)
    rules = pd_store_load_rules (get_store (self), self->program_id, &error);
  if (rules != NULL)
    overrides = pd_store_list_overrides (get_store (self), self->program_id, &error);
  if (overrides == NULL)
    {
      add_toast (self, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->governance_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->inventory_group), FALSE);
      return;
    }

  self->loading = TRUE;
  {
    /* The group's title is markup. */
    g_autofree char *title = g_markup_escape_text (rules->program_name, -1);

    adw_preferences_group_set_title (self->program_group, title);
  }

  /* The fraction, kept to the hundredth on screen. */
  o = find_override (overrides, PD_OVERRIDE_PAID_FRACTION);
  file_value = pd_rules_dup_override_value (file_rules, PD_OVERRIDE_PAID_FRACTION);
  gtk_spin_button_set_value (self->fraction_spin, (double) rules->high_risk_paid_fraction.numerator /
                                                  (double) rules->high_risk_paid_fraction.denominator);
  subtitle = describe_source (o, file_value);
  adw_action_row_set_subtitle (self->fraction_row, subtitle);
  gtk_widget_set_visible (self->fraction_reset, o != NULL);
  g_clear_pointer (&subtitle, g_free);
  g_clear_pointer (&file_value, g_free);

  inventory = pd_rules_can_override (file_rules, PD_OVERRIDE_INVENTORY_COUNTRIES);
  gtk_widget_set_visible (GTK_WIDGET (self->inventory_group), inventory);
  if (inventory)
    {
      guint n = g_strv_length (rules->inventory_countries);

      countries = pd_rules_dup_override_value (rules, PD_OVERRIDE_INVENTORY_COUNTRIES);
      gtk_editable_set_text (GTK_EDITABLE (self->countries_row), countries);
      gtk_widget_remove_css_class (GTK_WIDGET (self->countries_row), "error");
      o = find_override (overrides, PD_OVERRIDE_INVENTORY_COUNTRIES);
      gtk_widget_set_visible (self->countries_reset, o != NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->countries_row), NULL);
      if (o != NULL)
        {
          file_value = pd_rules_dup_override_value (file_rules, PD_OVERRIDE_INVENTORY_COUNTRIES);
          subtitle = describe_source (o, file_value);
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->countries_row), subtitle);
          g_clear_pointer (&subtitle, g_free);
          g_clear_pointer (&file_value, g_free);
        }

      gtk_spin_button_set_range (self->min_spin, 1, MAX (n, 1));
      gtk_spin_button_set_value (self->min_spin, rules->inventory_min_countries);
      o = find_override (overrides, PD_OVERRIDE_INVENTORY_MIN);
      file_value = pd_rules_dup_override_value (file_rules, PD_OVERRIDE_INVENTORY_MIN);
      subtitle = describe_source (o, file_value);
      adw_action_row_set_subtitle (self->min_row, subtitle);
      gtk_widget_set_visible (self->min_reset, o != NULL);
    }
  self->loading = FALSE;
}

/* Saves one override (NULL: back to the program file) and shows the
 * result; the Overview hears of it through PdStore::changed. */
static gboolean
save_override (PdProgramSettingsWindow *self,
               PdOverrideKey            key,
               const char              *value)
{
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  if (!pd_store_set_override (get_store (self), self->program_id, key, value, &changed, &error))
    {
      add_toast (self, error->message);
      return FALSE;
    }
  /* The inventory rule changes verdicts (the Merchants page rebuilds
   * its rows); the paid fraction only the amounts, which the Overview
   * projects again on any change. */
  if (changed)
    pd_store_emit_change (get_store (self),
                          key == PD_OVERRIDE_PAID_FRACTION ? PD_ENTITY_SETTINGS : PD_ENTITY_PROGRAMS,
                          NULL, PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;
}

static void
save_fraction (PdProgramSettingsWindow *self)
{
  double value = gtk_spin_button_get_value (self->fraction_spin);
  guint bp = (guint) CLAMP ((gint64) floor (value * 10000.0 + 0.5), 0, 10000);
  g_autofree char *text = pd_stage_rate_format (bp);
  g_autoptr(PdRules) rules = pd_store_load_rules (get_store (self), self->program_id, NULL);
  g_autofree char *current = rules != NULL ? pd_rules_dup_override_value (rules, PD_OVERRIDE_PAID_FRACTION) : NULL;

  /* The spin shows hundredths: a value in force with more decimals is
   * kept unless the user changed it. */
  if (current != NULL && pd_override_values_equal (PD_OVERRIDE_PAID_FRACTION, current, text))
    return;
  save_override (self, PD_OVERRIDE_PAID_FRACTION, text);
  load (self);
}

static void
save_min (PdProgramSettingsWindow *self)
{
  g_autofree char *text = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->min_spin));

  save_override (self, PD_OVERRIDE_INVENTORY_MIN, text);
  load (self);
}

static void
flush (PdProgramSettingsWindow *self)
{
  if (self->fraction_save_id != 0)
    {
      g_clear_handle_id (&self->fraction_save_id, g_source_remove);
      save_fraction (self);
    }
  if (self->min_save_id != 0)
    {
      g_clear_handle_id (&self->min_save_id, g_source_remove);
      save_min (self);
    }
}

static gboolean
on_fraction_timeout_cb (gpointer user_data)
{
  PdProgramSettingsWindow *self = user_data;

  self->fraction_save_id = 0;
  save_fraction (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_min_timeout_cb (gpointer user_data)
{
  PdProgramSettingsWindow *self = user_data;

  self->min_save_id = 0;
  save_min (self);
  return G_SOURCE_REMOVE;
}

static void
on_fraction_changed_cb (PdProgramSettingsWindow *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->fraction_save_id, g_source_remove);
  self->fraction_save_id = g_timeout_add (SAVE_DELAY_MS, on_fraction_timeout_cb, self);
}

static void
on_min_changed_cb (PdProgramSettingsWindow *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->min_save_id, g_source_remove);
  self->min_save_id = g_timeout_add (SAVE_DELAY_MS, on_min_timeout_cb, self);
}

static void
on_countries_apply_cb (PdProgramSettingsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->countries_row));

  flush (self);
  if (save_override (self, PD_OVERRIDE_INVENTORY_COUNTRIES, text))
    load (self);
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->countries_row), "error");
}

static void
on_reset_clicked_cb (GtkButton               *button,
                     PdProgramSettingsWindow *self)
{
  PdOverrideKey key = button == GTK_BUTTON (self->fraction_reset) ? PD_OVERRIDE_PAID_FRACTION :
                      button == GTK_BUTTON (self->countries_reset) ? PD_OVERRIDE_INVENTORY_COUNTRIES :
                      PD_OVERRIDE_INVENTORY_MIN;

  g_clear_handle_id (key == PD_OVERRIDE_PAID_FRACTION ? &self->fraction_save_id : &self->min_save_id,
                     g_source_remove);
  save_override (self, key, NULL);
  load (self);
}

const char *
pd_program_settings_window_get_program_id (PdProgramSettingsWindow *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM_SETTINGS_WINDOW (self), NULL);
  return self->program_id;
}

static void
pd_program_settings_window_constructed (GObject *object)
{
  PdProgramSettingsWindow *self = PD_PROGRAM_SETTINGS_WINDOW (object);

  G_OBJECT_CLASS (pd_program_settings_window_parent_class)->constructed (object);

  g_return_if_fail (PD_IS_CONTEXT (self->context));
  pd_stage_rates_group_set_store (self->stage_rates_group, get_store (self));
  load (self);
}

static void
pd_program_settings_window_dispose (GObject *object)
{
  PdProgramSettingsWindow *self = PD_PROGRAM_SETTINGS_WINDOW (object);

  /* A change still waiting is saved, not lost. */
  if (self->context != NULL && self->fraction_spin != NULL)
    flush (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_PROGRAM_SETTINGS_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_program_settings_window_parent_class)->dispose (object);
}

static void
pd_program_settings_window_finalize (GObject *object)
{
  PdProgramSettingsWindow *self = PD_PROGRAM_SETTINGS_WINDOW (object);

  g_free (self->program_id);

  G_OBJECT_CLASS (pd_program_settings_window_parent_class)->finalize (object);
}

static void
pd_program_settings_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  PdProgramSettingsWindow *self = PD_PROGRAM_SETTINGS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_PROGRAM_ID:
      g_value_set_string (value, self->program_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_program_settings_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  PdProgramSettingsWindow *self = PD_PROGRAM_SETTINGS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_PROGRAM_ID:
      self->program_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_program_settings_window_class_init (PdProgramSettingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pd_program_settings_window_constructed;
  object_class->dispose = pd_program_settings_window_dispose;
  object_class->finalize = pd_program_settings_window_finalize;
  object_class->get_property = pd_program_settings_window_get_property;
  object_class->set_property = pd_program_settings_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRAM_ID] =
    g_param_spec_string ("program-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_STAGE_RATES_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-program-settings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, program_group);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, governance_group);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, fraction_row);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, fraction_spin);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, fraction_reset);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, inventory_group);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, countries_row);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, countries_reset);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, min_row);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, min_spin);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, min_reset);
  gtk_widget_class_bind_template_child (widget_class, PdProgramSettingsWindow, stage_rates_group);
}

static void
pd_program_settings_window_init (PdProgramSettingsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
  g_signal_connect_object (self->fraction_spin, "value-changed", G_CALLBACK (on_fraction_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->min_spin, "value-changed", G_CALLBACK (on_min_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->countries_row, "apply", G_CALLBACK (on_countries_apply_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->fraction_reset, "clicked", G_CALLBACK (on_reset_clicked_cb), self, 0);
  g_signal_connect_object (self->countries_reset, "clicked", G_CALLBACK (on_reset_clicked_cb), self, 0);
  g_signal_connect_object (self->min_reset, "clicked", G_CALLBACK (on_reset_clicked_cb), self, 0);
}

GtkWidget *
pd_program_settings_window_new (GtkWindow  *parent,
                                PdContext  *context,
                                const char *program_id)
{
  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (program_id != NULL, NULL);

  return g_object_new (PD_TYPE_PROGRAM_SETTINGS_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       "program-id", program_id,
                       NULL);
}
