/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-clock.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_CONTEXT (pd_context_get_type ())

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
