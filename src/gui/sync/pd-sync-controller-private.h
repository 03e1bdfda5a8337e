/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-sync-controller.h"

G_BEGIN_DECLS

/* Test hooks. */

/* The endpoint and credentials of this session, as the PD_* variables
 * give them (NULL: the setting, the keyring). Before start(). */
void  pd_sync_controller_set_override    (PdSyncController    *self,
                                          const char          *endpoint,
                                          const PdCredentials *credentials);
/* Milliseconds in a "minute" of the interval (60000). */
void  pd_sync_controller_set_minute_ms   (PdSyncController    *self,
                                          guint                ms);
/* The client's backoff delays multiplied by @scale (1.0). */
void  pd_sync_controller_set_delay_scale (PdSyncController    *self,
                                          double               scale);
/* Runs handed to the client so far. */
guint pd_sync_controller_get_runs        (PdSyncController    *self);
/* The wait after a local change before the push (500). */
void  pd_sync_controller_set_push_delay_ms (PdSyncController  *self,
                                          guint                ms);
/* Pushes handed to the client so far. */
guint pd_sync_controller_get_pushes      (PdSyncController    *self);

G_END_DECLS
