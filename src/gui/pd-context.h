/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-authorization-monitor.h"
#include "pd-clock.h"
#include "pd-merchant-refresher.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_CONTEXT (pd_context_get_type ())

/* pd-sync-controller.h includes this header. */
typedef struct _PdSyncController PdSyncController;

G_DECLARE_FINAL_TYPE (PdContext, pd_context, PD, CONTEXT, GObject)

/* What every window and page of the app shares: the open store and the
 * app's GSettings. Handed to windows as a construct-only property.
 * Pages learn that data changed from the store's PdStore::changed (a
 * PdStoreChange: which kinds, which sellers, who wrote), emitted by
 * whoever wrote, including this page; the context makes the store watch
 * for other processes' writes (partnerdesk-cli) while it lives. */
PdContext *pd_context_new          (PdStore   *store);
/* CLOCK: the instant the window evaluates at (pd-clock.h); NULL: now. */
PdContext *pd_context_new_with_clock (PdStore *store,
                                      PdClock *clock);
PdStore   *pd_context_get_store    (PdContext *self);
PdClock   *pd_context_get_clock    (PdContext *self);

/* The services pages use, as GNOME Calendar's context holds its clock and
 * manager: no widget climbs to the application to find one.
 *
 * The sync controller is the application's (it syncs the store): set once
 * it exists, NULL in a window without one (tests); "notify::sync-controller"
 * says when it changes. It holds the context, so the application sets it
 * back to NULL when it quits. */
PdSyncController    *pd_context_get_sync_controller    (PdContext        *self);
void                 pd_context_set_sync_controller    (PdContext        *self,
                                                        PdSyncController *controller);
/* The one refresher of the merchant rows (pd-merchant-refresher.h),
 * made on first use with the context's store and clock, stopped with the
 * context. */
PdMerchantRefresher *pd_context_get_merchant_refresher (PdContext        *self);
/* The one live sync with the team hub (pd-team-controller.h), made and
 * started on first use, stopped with the context. */
typedef struct _PdTeamController PdTeamController;
PdTeamController    *pd_context_get_team_controller    (PdContext        *self);
/* The one watch of the authorizations' expiry (pd-authorization-monitor.h),
 * made on first use, stopped with the context. */
PdAuthorizationMonitor *pd_context_get_authorization_monitor (PdContext   *self);
GSettings *pd_context_get_settings (PdContext *self);

/* Start-up: the app calls begin_start() before it builds its first
 * window, and the window calls end_start() once it painted its first
 * frame. Background work that is not needed for that frame (the
 * projection, the merchant rows' refresh) waits for ::started, so that on
 * two cores it does not compete with the first frame. A context that
 * never began a start (tests) is started. */
void       pd_context_begin_start  (PdContext  *self);
void       pd_context_end_start    (PdContext  *self);
gboolean   pd_context_is_started   (PdContext  *self);

G_END_DECLS
