/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-clock.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_AUTHORIZATION_MONITOR (pd_authorization_monitor_get_type ())

G_DECLARE_FINAL_TYPE (PdAuthorizationMonitor, pd_authorization_monitor, PD, AUTHORIZATION_MONITOR,
                      GObject)

/* The days of the "expiring" window: the page's filter, the badge, the
 * first notification. */
#define PD_AUTHORIZATION_EXPIRING_DAYS 15

/* Knows when the authorizations' expiry may have changed, and how many
 * expire within PD_AUTHORIZATION_EXPIRING_DAYS: after a write to the
 * store that may touch them (a sync, another process, the user's zone),
 * and when the day changes in the user's zone (a timer to its next
 * midnight, checked at least hourly so that a suspended machine catches
 * up; a pinned clock instead when it moves). Each check emits ::checked
 * (the page reloads, the notifier sends what is due) and sets
 * "expiring-count" (the view switcher's badge). One per PdContext. */
PdAuthorizationMonitor *pd_authorization_monitor_new         (PdStore                *store,
                                                              PdClock                *clock);
guint                   pd_authorization_monitor_get_expiring_count (PdAuthorizationMonitor *self);
/* Checks now (the next check at the day's change is rescheduled). */
void                    pd_authorization_monitor_check       (PdAuthorizationMonitor *self);
/* Shows the count on @page: its badge number, and needs-attention while
 * it is not 0. */
void                    pd_authorization_monitor_bind_badge  (PdAuthorizationMonitor *self,
                                                              AdwViewStackPage       *page);
/* Stops listening and timing (the context's dispose). */
void                    pd_authorization_monitor_stop        (PdAuthorizationMonitor *self);

G_END_DECLS
