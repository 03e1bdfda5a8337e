/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-context.h"
#include "pd-sync-client.h"

#include "pd-credentials.h"

G_BEGIN_DECLS

typedef enum
{
  PD_SYNC_STATUS_NOT_CONFIGURED, /* no endpoint, or no credentials for it */
  PD_SYNC_STATUS_IDLE,
  PD_SYNC_STATUS_SYNCING,
  PD_SYNC_STATUS_ERROR,          /* the last run failed: see the message */
  PD_SYNC_STATUS_OFFLINE,        /* the last run could not reach the platform */
} PdSyncStatus;

#define PD_TYPE_SYNC_STATUS (pd_sync_status_get_type ())
GType pd_sync_status_get_type (void) G_GNUC_CONST;

#define PD_TYPE_SYNC_CONTROLLER (pd_sync_controller_get_type ())

#define PD_SYNC_CONTROLLER_PUSH_DELAY_MS 500

G_DECLARE_FINAL_TYPE (PdSyncController, pd_sync_controller, PD, SYNC_CONTROLLER, GObject)

/* The app's sync (issue 6): one PdSyncClient for the store of @context,
 * run at start, every `sync_interval_minutes` (0: never) and on demand,
 * one run at a time, cancelled by pd_sync_controller_shutdown().
 *
 * The endpoint is the `endpoint` setting, the credentials the keyring's
 * for it. For a demo or a test session, PD_ENDPOINT and the four
 * credential variables PD_APP_KEY, PD_APP_SECRET, PD_ACCESS_TOKEN and
 * PD_REFRESH_TOKEN (all four) override them for this session only:
 * nothing of them is written to the store or the keyring. Tokens a
 * refresh replaced go back to the keyring when they came from it.
 *
 * It follows the store's PdStore::changed for PD_ENTITY_SETTINGS (the interval, the
 * endpoint) and PD_ENTITY_CREDENTIALS, and emits it (PD_ENTITY_DATA,
 * PD_CHANGE_ORIGIN_SYNC) after a run that changed the store.
 *
 * A local change (PdStore::changed of another origin than a sync) is
 * pushed at once: PD_SYNC_CONTROLLER_PUSH_DELAY_MS after the last of a
 * burst, when the outbox holds pending entries, the outbox alone
 * (pd_sync_client_push_async()) is sent, as a job like a run: status
 * syncing (progress phase pushing), then idle, offline or error. A push
 * does not count as a sync (last-sync-at, the last summary).
 *
 * Properties (all read-only, notified on change): status, message (why
 * it is not configured, offline or failed; NULL when idle or syncing),
 * progress (the running or last run's PdSyncSummary), last-sync-at (the
 * end of the last successful run, unix seconds, 0: never), interval
 * (minutes), endpoint, from-environment, waiting (outbox entries still
 * pending), sent-at (the end of the last push that left nothing
 * pending, unix seconds, 0: none since the last sync).
 *
 * Signals: ::finished () after each run, once the properties are set;
 * ::outbox-changed () when the user's choices changed the outbox. */

PdSyncController    *pd_sync_controller_new              (PdContext         *context);

/* Reads the settings, syncs once and arms the timer (the first call
 * only). */
void                 pd_sync_controller_start            (PdSyncController  *self);
/* Cancels the run (waiting a moment for it to stop) and the timer; no
 * run starts after this. */
void                 pd_sync_controller_shutdown         (PdSyncController  *self);
/* Starts a run unless one is going on (then FALSE: nothing happens) or
 * the controller is shut down. */
gboolean             pd_sync_controller_sync_now         (PdSyncController  *self);

PdContext           *pd_sync_controller_get_context      (PdSyncController  *self);
PdSyncStatus         pd_sync_controller_get_status       (PdSyncController  *self);
gboolean             pd_sync_controller_is_running       (PdSyncController  *self);
const char          *pd_sync_controller_get_message      (PdSyncController  *self);
/* The last run's error (NULL after a success or before any run). */
const GError        *pd_sync_controller_get_error        (PdSyncController  *self);
const PdSyncSummary *pd_sync_controller_get_progress     (PdSyncController  *self);
/* The summary of the last finished run, or NULL. */
const PdSyncSummary *pd_sync_controller_get_last_summary (PdSyncController  *self);
/* Whether the run of the last summary succeeded (a push since does not
 * change it). */
gboolean             pd_sync_controller_get_last_summary_ok (PdSyncController *self);
gint64               pd_sync_controller_get_last_sync_at (PdSyncController  *self);
guint                pd_sync_controller_get_interval     (PdSyncController  *self);
const char          *pd_sync_controller_get_endpoint     (PdSyncController  *self);
gboolean             pd_sync_controller_get_from_environment (PdSyncController *self);
/* The Open API app's key and secret from the environment for this
 * session, or NULL (then the keyring's are used). */
const PdCredentials *pd_sync_controller_get_open_api_app (PdSyncController *self);
guint                pd_sync_controller_get_waiting      (PdSyncController  *self);
gint64               pd_sync_controller_get_sent_at      (PdSyncController  *self);

/* The user's choices about an outbox entry (pd-outbox.h). Refused while
 * a run is going on (it may be sending that entry). Retry and Keep Mine
 * start a run to send it. */
gboolean             pd_sync_controller_retry            (PdSyncController  *self,
                                                          gint64             id,
                                                          GError           **error);
gboolean             pd_sync_controller_discard          (PdSyncController  *self,
                                                          gint64             id,
                                                          GError           **error);
gboolean             pd_sync_controller_keep_mine        (PdSyncController  *self,
                                                          gint64             id,
                                                          GError           **error);
gboolean             pd_sync_controller_use_theirs       (PdSyncController  *self,
                                                          gint64             id,
                                                          GError           **error);

G_END_DECLS
