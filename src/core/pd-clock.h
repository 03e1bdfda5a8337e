/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_TYPE_CLOCK (pd_clock_get_type ())

G_DECLARE_FINAL_TYPE (PdClock, pd_clock, PD, CLOCK, GObject)

/* The instant the app evaluates the pipeline at: the real time, or an
 * instant pinned for a demo, a training session, a screenshot or a test
 * (`partnerdesk --as-of 2026-03-25T12:00:00+08:00`). Everything that asks
 * "as of when?" (verdicts, deadlines, days left, the Overview's as-of)
 * reads it here, never g_get_real_time () or the environment, so that one
 * pinned clock moves the whole window. Times of events that really
 * happened now (a sync, an audit entry) keep the real time.
 *
 * ::changed is emitted when a pinned clock is moved (tests move it instead
 * of sleeping). A live clock never emits it: readers that show "now" keep
 * their own refresh timers. */
PdClock  *pd_clock_new          (void);
PdClock  *pd_clock_new_pinned   (gint64   unix_seconds);

/* Unix seconds. */
gint64    pd_clock_get_now      (PdClock *self);
gboolean  pd_clock_is_pinned    (PdClock *self);

/* Pins the clock at UNIX_SECONDS (a live clock becomes pinned). */
void      pd_clock_pin          (PdClock *self,
                                 gint64   unix_seconds);
/* Moves a pinned clock by SECONDS (may be negative). */
void      pd_clock_advance      (PdClock *self,
                                 gint64   seconds);

G_END_DECLS
