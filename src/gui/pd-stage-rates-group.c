/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-stage-rates-group"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-stage-rates-group.h"
#include "pd-store-change.h"
#include "pd-store-rules.h"

#define SAVE_DELAY_MS 600

struct _PdStageRatesGroup
{
  AdwPreferencesGroup  parent_instance;

  PdStore             *store;
  guint                save_id;
  /* As stored, and their spin buttons (borrowed: the group owns the rows). */
  guint                rate_bp[PD_N_STAGES];
  GtkSpinButton       *spins[PD_N_STAGES];
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (PdStageRatesGroup, pd_stage_rates_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
report (PdStageRatesGroup *self,
        const char        *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  g_warning ("Stage rates: %s", message);
  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (message));
}

/* Writes the rates that changed, and only those (each is audited). */
static void
save (PdStageRatesGroup *self)
{
  gboolean changed = FALSE;

  if (self->store == NULL)
    return;
  for (guint stage = 0; stage < PD_N_STAGES; stage++)
    {
      g_autoptr(GError) error = NULL;
      GtkSpinButton *spin = self->spins[stage];
      double percent = gtk_spin_button_get_value (spin);
      guint bp = (guint) CLAMP ((gint64) (percent * 100.0 + 0.5), 0, 10000);

      if (bp == self->rate_bp[stage])
        continue;
      if (!pd_store_set_stage_rate (self->store, stage, bp, &error))
        {
          gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
          report (self, error->message);
          continue;
        }
      gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
      self->rate_bp[stage] = bp;
      changed = TRUE;
    }
  /* This process's own writes are not seen by the store's watch. */
  if (changed)
    pd_store_emit_change (self->store, PD_ENTITY_SETTINGS, NULL, PD_CHANGE_ORIGIN_WINDOW);
}

void
pd_stage_rates_group_flush (PdStageRatesGroup *self)
{
  g_return_if_fail (PD_IS_STAGE_RATES_GROUP (self));

  if (self->save_id == 0)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  save (self);
}

static gboolean
on_save_timeout_cb (gpointer user_data)
{
  PdStageRatesGroup *self = user_data;

  self->save_id = 0;
  save (self);
  return G_SOURCE_REMOVE;
}

static void
on_value_changed_cb (GtkSpinButton     *spin,
                     PdStageRatesGroup *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, on_save_timeout_cb, self);
}

static void
load (PdStageRatesGroup *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!pd_store_get_stage_rates (self->store, self->rate_bp, &error))
    report (self, error->message);
  self->loading = TRUE;
  for (guint stage = 0; stage < PD_N_STAGES; stage++)
    gtk_spin_button_set_value (self->spins[stage], self->rate_bp[stage] / 100.0);
  self->loading = FALSE;
}

PdStore *
pd_stage_rates_group_get_store (PdStageRatesGroup *self)
{
  g_return_val_if_fail (PD_IS_STAGE_RATES_GROUP (self), NULL);
  return self->store;
}

void
pd_stage_rates_group_set_store (PdStageRatesGroup *self,
                                PdStore           *store)
{
  g_return_if_fail (PD_IS_STAGE_RATES_GROUP (self));
  g_return_if_fail (store == NULL || PD_IS_STORE (store));

  if (self->store == store)
    return;
  pd_stage_rates_group_flush (self);
  g_set_object (&self->store, store);
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
pd_stage_rates_group_dispose (GObject *object)
{
  PdStageRatesGroup *self = PD_STAGE_RATES_GROUP (object);

  /* A pending change is saved, not lost. */
  if (self->spins[0] != NULL)
    pd_stage_rates_group_flush (self);
  for (guint stage = 0; stage < PD_N_STAGES; stage++)
    self->spins[stage] = NULL;
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_stage_rates_group_parent_class)->dispose (object);
}

static void
pd_stage_rates_group_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PdStageRatesGroup *self = PD_STAGE_RATES_GROUP (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_stage_rates_group_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PdStageRatesGroup *self = PD_STAGE_RATES_GROUP (object);

  switch (prop_id)
    {
    case PROP_STORE:
      pd_stage_rates_group_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_stage_rates_group_class_init (PdStageRatesGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_stage_rates_group_dispose;
  object_class->get_property = pd_stage_rates_group_get_property;
  object_class->set_property = pd_stage_rates_group_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_stage_rates_group_init (PdStageRatesGroup *self)
{
  for (guint stage = 0; stage < PD_N_STAGES; stage++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0.0, 100.0, 1.0);

      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
      /* Room for "100.00": the default width cut "10.00" to "10.0". */
      gtk_editable_set_width_chars (GTK_EDITABLE (spin), 6);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pd_stage_to_display (stage));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pd_stage_describe (stage));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, pd_stage_to_display (stage),
                                      -1);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      self->spins[stage] = GTK_SPIN_BUTTON (spin);
      self->rate_bp[stage] = 0;
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_value_changed_cb), self, 0);
    }
}

GtkWidget *
pd_stage_rates_group_new (PdStore *store)
{
  return g_object_new (PD_TYPE_STAGE_RATES_GROUP, "store", store, NULL);
}
