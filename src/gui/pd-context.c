/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-context"

#include "config.h"

#include "pd-context.h"
#include "pd-sync-controller.h"
#include "pd-team-controller.h"

struct _PdContext
{
  GObject    parent_instance;

  PdStore   *store;
  PdClock   *clock;
  PdSyncController    *sync_controller;
  PdMerchantRefresher *refresher;
  PdAuthorizationMonitor *authorization_monitor;
  PdTeamController       *team_controller;
  GSettings *settings;
  gboolean   starting;
};

G_DEFINE_TYPE (PdContext, pd_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLOCK,
  PROP_SYNC_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How often the store looks whether another process wrote to it. */
#define PD_CONTEXT_WATCH_INTERVAL_MS 500

enum {
  STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pd_context_dispose (GObject *object)
{
  PdContext *self = PD_CONTEXT (object);

  if (self->refresher != NULL)
    pd_merchant_refresher_stop (self->refresher);
  g_clear_object (&self->refresher);
  if (self->authorization_monitor != NULL)
    pd_authorization_monitor_stop (self->authorization_monitor);
  g_clear_object (&self->authorization_monitor);
  if (self->team_controller != NULL)
    pd_team_controller_stop (self->team_controller);
  g_clear_object (&self->team_controller);
  g_clear_object (&self->sync_controller);
  if (self->store != NULL)
    pd_store_watch_other_processes (self->store, 0);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pd_context_parent_class)->dispose (object);
}

static void
pd_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PdContext *self = PD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_SYNC_CONTROLLER:
      g_value_set_object (value, self->sync_controller);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PdContext *self = PD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      if (self->store != NULL)
        pd_store_watch_other_processes (self->store, PD_CONTEXT_WATCH_INTERVAL_MS);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      if (self->clock == NULL)
        self->clock = pd_clock_new ();
      break;

    case PROP_SYNC_CONTROLLER:
      pd_context_set_sync_controller (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_context_class_init (PdContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_context_dispose;
  object_class->get_property = pd_context_get_property;
  object_class->set_property = pd_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, PD_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SYNC_CONTROLLER] =
    g_param_spec_object ("sync-controller", NULL, NULL, PD_TYPE_SYNC_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_context_init (PdContext *self)
{
  self->settings = g_settings_new (APP_ID);
}

PdContext *
pd_context_new (PdStore *store)
{
  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  return g_object_new (PD_TYPE_CONTEXT, "store", store, NULL);
}

PdContext *
pd_context_new_with_clock (PdStore *store,
                           PdClock *clock)
{
  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (clock == NULL || PD_IS_CLOCK (clock), NULL);
  return g_object_new (PD_TYPE_CONTEXT, "store", store, "clock", clock, NULL);
}

PdClock *
pd_context_get_clock (PdContext *self)
{
  g_return_val_if_fail (PD_IS_CONTEXT (self), NULL);
  return self->clock;
}

PdSyncController *
pd_context_get_sync_controller (PdContext *self)
{
  g_return_val_if_fail (PD_IS_CONTEXT (self), NULL);
  return self->sync_controller;
}

void
pd_context_set_sync_controller (PdContext        *self,
                                PdSyncController *controller)
{
  g_return_if_fail (PD_IS_CONTEXT (self));
  g_return_if_fail (controller == NULL || PD_IS_SYNC_CONTROLLER (controller));

  if (g_set_object (&self->sync_controller, controller))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_CONTROLLER]);
}

PdMerchantRefresher *
pd_context_get_merchant_refresher (PdContext *self)
{
  g_return_val_if_fail (PD_IS_CONTEXT (self), NULL);

  if (self->refresher == NULL)
    self->refresher = pd_merchant_refresher_new (pd_store_get_path (self->store), self->clock);
  return self->refresher;
}

PdTeamController *
pd_context_get_team_controller (PdContext *self)
{
  g_return_val_if_fail (PD_IS_CONTEXT (self), NULL);

  if (self->team_controller == NULL)
    {
      self->team_controller = pd_team_controller_new (self->store);
      pd_team_controller_start (self->team_controller);
    }
  return self->team_controller;
}

PdAuthorizationMonitor *
pd_context_get_authorization_monitor (PdContext *self)
{
  g_return_val_if_fail (PD_IS_CONTEXT (self), NULL);

  if (self->authorization_monitor == NULL)
    self->authorization_monitor = pd_authorization_monitor_new (self->store, self->clock);
  return self->authorization_monitor;
}

PdStore *
pd_context_get_store (PdContext *self)
{
  g_return_val_if_fail (PD_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
pd_context_get_settings (PdContext *self)
{
  g_return_val_if_fail (PD_IS_CONTEXT (self), NULL);
  return self->settings;
}

void
pd_context_begin_start (PdContext *self)
{
  g_return_if_fail (PD_IS_CONTEXT (self));
  self->starting = TRUE;
}

void
pd_context_end_start (PdContext *self)
{
  g_return_if_fail (PD_IS_CONTEXT (self));
  if (!self->starting)
    return;
  self->starting = FALSE;
  g_signal_emit (self, signals[STARTED], 0);
}

gboolean
pd_context_is_started (PdContext *self)
{
  g_return_val_if_fail (PD_IS_CONTEXT (self), TRUE);
  return !self->starting;
}
