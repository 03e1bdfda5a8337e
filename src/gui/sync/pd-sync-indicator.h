/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-sync-controller.h"

G_BEGIN_DECLS

#define PD_TYPE_SYNC_INDICATOR (pd_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (PdSyncIndicator, pd_sync_indicator, PD, SYNC_INDICATOR, GtkWidget)

/* The header bar's sync indicator: where the sync stands (synced some
 * time ago, syncing with its progress, failed with the reason, offline,
 * not set up) and, in its popover, "Sync Now", the last result and the
 * outbox with Retry, Discard and, for conflicts, Resolve.
 *
 * Its controller is the application's (PdApplication) once the widget is
 * in a window of it, or the one given to pd_sync_indicator_set_controller(). */
GtkWidget        *pd_sync_indicator_new            (void);
PdSyncController *pd_sync_indicator_get_controller (PdSyncIndicator  *self);
void              pd_sync_indicator_set_controller (PdSyncIndicator  *self,
                                                    PdSyncController *controller);
/* Opens the popover (with its outbox reloaded). */
void              pd_sync_indicator_popup          (PdSyncIndicator  *self);
/* For the tests: the popover's object @name (its id in pd-sync-popover.ui),
 * the popover built if it has not opened yet. */
GObject          *pd_sync_indicator_get_popover_child (PdSyncIndicator *self,
                                                       const char      *name);

G_END_DECLS
