/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-team-error.h"
#include "pd-team-hub.h"

G_BEGIN_DECLS

/* What the app needs of the team hub beyond pd-team-hub.h: joining and
 * reading the status off the main thread (each in a worker thread, on a
 * store connection of its own opened on @store's file, with a PdTeamHub
 * of its own, as pd_team_hub_sync_async() does), leaving, and an error
 * of the hub in words for the app. The password comes from the keyring
 * or PD_TEAM_PASSWORD, as for pd_team_hub_new(). */

/* Joins as pd_team_hub_join_sync() does with @password (NULL: the
 * keyring's or PD_TEAM_PASSWORD), then saves a non-empty @password in
 * the keyring for the hub's address. Joined but without a keyring that
 * saves it: TRUE, and *@warning_out says so (else NULL). */
void       pd_team_app_join_async    (PdStore             *store,
                                      const char          *url,
                                      const char          *staff,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean   pd_team_app_join_finish   (PdStore             *store,
                                      GAsyncResult        *result,
                                      char               **warning_out,
                                      GError             **error);

/* pd_team_hub_status_sync() in a worker thread; the status is the
 * caller's to clear. */
void       pd_team_app_status_async  (PdStore             *store,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean   pd_team_app_status_finish (PdStore             *store,
                                      GAsyncResult        *result,
                                      PdTeamStatus        *out,
                                      GError             **error);

/* Forgets the hub (pd_store_team_leave()) and its saved password (a
 * keyring that does not answer is logged, not an error). */
gboolean   pd_team_app_leave         (PdStore             *store,
                                      GError             **error);
/* The same for the app: the store forgets the hub at once (a local
 * write, ::changed), the keyring's item goes in a worker thread, so
 * that a keyring slow to answer never blocks the window; @callback runs
 * when both are done. */
void       pd_team_app_leave_async   (PdStore             *store,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean   pd_team_app_leave_finish  (PdStore             *store,
                                      GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
