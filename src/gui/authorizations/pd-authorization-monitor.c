/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorization-monitor"

#include "config.h"

#include "pd-authorization-monitor.h"
#include "pd-store-authorizations.h"
#include "pd-store-change.h"

/* The longest wait between two looks at the day: a monotonic timeout
 * does not run while the machine sleeps. */
#define MAX_WAIT_SECONDS 3600

struct _PdAuthorizationMonitor
{
  GObject   parent_instance;

  PdStore  *store;
  PdClock  *clock;
  guint     expiring_count;
  gint64    day;             /* the user's day (days since an epoch) of the last check */
  guint     timer_id;
  guint     idle_id;
};

G_DEFINE_FINAL_TYPE (PdAuthorizationMonitor, pd_authorization_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EXPIRING_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_timer (PdAuthorizationMonitor *self);

/* The day of @now in the user's zone (as the instant the next one
 * begins), and how many seconds until then. */
static gint64
user_day (PdAuthorizationMonitor *self,
          gint64                  now,
          gint64                 *seconds_to_next)
{
  g_autoptr(GTimeZone) zone = pd_store_dup_user_zone (self->store, NULL);
  gint64 next;

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  /* The start of tomorrow names today uniquely. */
  next = pd_authorization_window_end (now, 0, zone);
  if (seconds_to_next != NULL)
    *seconds_to_next = MAX (next - now, 1);
  return next;
}

void
pd_authorization_monitor_check (PdAuthorizationMonitor *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now;
  guint n = 0;

  g_return_if_fail (PD_IS_AUTHORIZATION_MONITOR (self));

  if (self->store == NULL)
    return;
  now = pd_clock_get_now (self->clock);
  self->day = user_day (self, now, NULL);
  if (!pd_store_count_authorizations (self->store, now, PD_AUTHORIZATION_EXPIRING_DAYS, &n, &error))
    g_warning ("Cannot count the expiring authorizations: %s", error->message);
  else if (n != self->expiring_count)
    {
      self->expiring_count = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRING_COUNT]);
    }
  g_signal_emit (self, signals[CHECKED], 0);
  schedule_timer (self);
}

static gboolean
on_timer_cb (gpointer data)
{
  PdAuthorizationMonitor *self = data;

  self->timer_id = 0;
  if (user_day (self, pd_clock_get_now (self->clock), NULL) != self->day)
    pd_authorization_monitor_check (self);
  else
    schedule_timer (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_timer (PdAuthorizationMonitor *self)
{
  gint64 wait = 0;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->store == NULL || pd_clock_is_pinned (self->clock))
    return;
  user_day (self, pd_clock_get_now (self->clock), &wait);
  /* A second past midnight, so that the new day has begun. */
  self->timer_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, (guint) MIN (wait + 1, MAX_WAIT_SECONDS),
                                               on_timer_cb, self, NULL);
}

static gboolean
on_idle_check_cb (gpointer data)
{
  PdAuthorizationMonitor *self = data;

  self->idle_id = 0;
  pd_authorization_monitor_check (self);
  return G_SOURCE_REMOVE;
}

/* Writes come in bursts (a sync applies pages): one check after them. */
static void
schedule_check (PdAuthorizationMonitor *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, on_idle_check_cb, self, NULL);
}

static void
on_store_changed_cb (PdStore                *store,
                     const PdStoreChange    *change,
                     PdAuthorizationMonitor *self)
{
  /* Authorizations arrive by sync (or another process); the zone is a
   * setting. */
  if (pd_store_change_has (change, PD_ENTITY_SYNCED | PD_ENTITY_SETTINGS | PD_ENTITY_TARGETS))
    schedule_check (self);
}

void
pd_authorization_monitor_stop (PdAuthorizationMonitor *self)
{
  g_return_if_fail (PD_IS_AUTHORIZATION_MONITOR (self));

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_clear_object (&self->store);
}

static void
pd_authorization_monitor_dispose (GObject *object)
{
  PdAuthorizationMonitor *self = PD_AUTHORIZATION_MONITOR (object);

  pd_authorization_monitor_stop (self);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (pd_authorization_monitor_parent_class)->dispose (object);
}

static void
pd_authorization_monitor_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PdAuthorizationMonitor *self = PD_AUTHORIZATION_MONITOR (object);

  switch (prop_id)
    {
    case PROP_EXPIRING_COUNT:
      g_value_set_uint (value, self->expiring_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_authorization_monitor_class_init (PdAuthorizationMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_authorization_monitor_dispose;
  object_class->get_property = pd_authorization_monitor_get_property;

  properties[PROP_EXPIRING_COUNT] =
    g_param_spec_uint ("expiring-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_authorization_monitor_init (PdAuthorizationMonitor *self)
{
}

PdAuthorizationMonitor *
pd_authorization_monitor_new (PdStore *store,
                              PdClock *clock)
{
  PdAuthorizationMonitor *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (PD_IS_CLOCK (clock), NULL);

  self = g_object_new (PD_TYPE_AUTHORIZATION_MONITOR, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);
  /* A pinned clock (tests, --as-of) says when it moves. */
  g_signal_connect_swapped (clock, "changed", G_CALLBACK (schedule_check), self);
  pd_authorization_monitor_check (self);
  return self;
}

guint
pd_authorization_monitor_get_expiring_count (PdAuthorizationMonitor *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATION_MONITOR (self), 0);
  return self->expiring_count;
}

static gboolean
count_to_attention (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_uint (from) > 0);
  return TRUE;
}

void
pd_authorization_monitor_bind_badge (PdAuthorizationMonitor *self,
                                     AdwViewStackPage       *page)
{
  g_return_if_fail (PD_IS_AUTHORIZATION_MONITOR (self));
  g_return_if_fail (ADW_IS_VIEW_STACK_PAGE (page));

  g_object_bind_property (self, "expiring-count", page, "badge-number", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self, "expiring-count", page, "needs-attention", G_BINDING_SYNC_CREATE,
                              count_to_attention, NULL, NULL, NULL);
}
