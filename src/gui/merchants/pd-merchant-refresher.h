/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-clock.h"
#include "pd-merchant-refresh.h"

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_REFRESHER (pd_merchant_refresher_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantRefresher, pd_merchant_refresher, PD, MERCHANT_REFRESHER, GObject)

/* Keeps the Merchants page's rows current: runs pd_merchant_refresh()
 * as of the clock's now on a worker thread, one run at a time (requests made while
 * one runs are merged into the next), and again by itself when a verdict
 * would change with time alone (merchant_state's valid_until). Emits
 * "refreshed" on the main thread after each run, with the error message
 * or NULL. A pinned clock that moves asks for a run. */
PdMerchantRefresher *pd_merchant_refresher_new          (const char             *store_path,
                                                         PdClock                *clock);
void                 pd_merchant_refresher_request      (PdMerchantRefresher    *self,
                                                         PdMerchantRefreshFlags  flags);
gboolean             pd_merchant_refresher_get_running  (PdMerchantRefresher    *self);
/* How much of the current (or last) run is done, 0 to 1, an estimate;
 * "notify::progress" a few times a second while it changes. */
double               pd_merchant_refresher_get_progress (PdMerchantRefresher    *self);
/* Stops: cancels a run in progress, no more timers. */
void                 pd_merchant_refresher_stop         (PdMerchantRefresher    *self);

G_END_DECLS
