/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-clock"

#include "config.h"

#include "pd-clock.h"

struct _PdClock
{
  GObject   parent_instance;

  gboolean  pinned;
  gint64    pinned_at;
};

G_DEFINE_FINAL_TYPE (PdClock, pd_clock, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pd_clock_class_init (PdClockClass *klass)
{
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_clock_init (PdClock *self)
{
}

PdClock *
pd_clock_new (void)
{
  return g_object_new (PD_TYPE_CLOCK, NULL);
}

PdClock *
pd_clock_new_pinned (gint64 unix_seconds)
{
  PdClock *self = pd_clock_new ();

  self->pinned = TRUE;
  self->pinned_at = unix_seconds;
  return self;
}

gint64
pd_clock_get_now (PdClock *self)
{
  g_return_val_if_fail (PD_IS_CLOCK (self), 0);

  if (self->pinned)
    return self->pinned_at;
  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
pd_clock_is_pinned (PdClock *self)
{
  g_return_val_if_fail (PD_IS_CLOCK (self), FALSE);
  return self->pinned;
}

void
pd_clock_pin (PdClock *self,
              gint64   unix_seconds)
{
  g_return_if_fail (PD_IS_CLOCK (self));

  if (self->pinned && self->pinned_at == unix_seconds)
    return;
  self->pinned = TRUE;
  self->pinned_at = unix_seconds;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
pd_clock_advance (PdClock *self,
                  gint64   seconds)
{
  g_return_if_fail (PD_IS_CLOCK (self));
  g_return_if_fail (self->pinned);

  pd_clock_pin (self, self->pinned_at + seconds);
}
