/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-credentials.h"
#include "pd-store.h"
#include "pd-sync-error.h"

G_BEGIN_DECLS

typedef enum
{
  PD_SYNC_PHASE_STARTING,  /* GET /v1/partner */
  PD_SYNC_PHASE_PUSHING,   /* the outbox */
  PD_SYNC_PHASE_PULLING,   /* the change feed */
  PD_SYNC_PHASE_DONE,
} PdSyncPhase;

/* What a run did, so far (progress) or in the end. */
typedef struct
{
  PdSyncPhase phase;
  guint       pages;                 /* pages of the feed applied */
  guint64     changes_applied;
  guint64     changes_ignored;       /* not newer than the local copy, or of an unknown type */
  guint       outbox_sent;
  guint       outbox_failed;         /* refused for good: kept as failed, with the error */
  guint       outbox_conflicts;      /* 409: kept with the platform's version */
  guint       outbox_remaining;      /* still pending when the run ended */
  guint       retries;               /* transient failures retried */
  gboolean    feed_restarted;        /* 410: pulled again from the start */
  gboolean    credentials_refreshed;
} PdSyncSummary;

#define PD_TYPE_SYNC_SUMMARY (pd_sync_summary_get_type ())
GType          pd_sync_summary_get_type (void) G_GNUC_CONST;
PdSyncSummary *pd_sync_summary_copy     (const PdSyncSummary *summary);
void           pd_sync_summary_free     (PdSyncSummary       *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSyncSummary, pd_sync_summary_free)

/* The platform client (src/sync/README.md): one run sends the outbox in
 * order, then pulls the change feed page by page, each page applied with
 * its cursor in one transaction, and records sync_state last_sync_at and
 * last_sync_result ("ok" or a short error). An outbox entry that keeps
 * failing stays pending with its error and holds back only the later
 * entries of its subject: the rest is sent and the feed pulled, then the
 * run fails saying so (pd-sync-push.h).
 *
 * Threading: a run happens on a worker thread (g_task_run_in_thread)
 * with its own connection to the store file (SQLite in WAL mode: the UI
 * keeps reading its own connection meanwhile) and libsoup's blocking
 * calls on the client's one SoupSession (libsoup >= 3.2 allows sending
 * from any thread). While a page is applied, a second thread fetches and
 * checks the next one. Nothing runs on the caller's thread but the
 * signals, which are emitted on the thread-default main context of the
 * caller of pd_sync_client_run_async().
 *
 * Signals:
 *   ::progress (const PdSyncSummary *)   after each page and outbox entry
 *   ::credentials-changed (const PdCredentials *)   a refresh replaced the
 *       tokens: the app saves them in the keyring (the client keeps them
 *       in memory for its later runs). */
#define PD_TYPE_SYNC_CLIENT (pd_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (PdSyncClient, pd_sync_client, PD, SYNC_CLIENT, GObject)

/* @endpoint: as the `endpoint` setting holds it. Settings the platform
 * provides (partner_id, onboarding_base_url.<MARKET> from GET
 * /v1/partner) fill empty settings only: a value the user set wins. */
PdSyncClient  *pd_sync_client_new              (PdStore             *store,
                                                const char          *endpoint,
                                                const PdCredentials *credentials);
const char    *pd_sync_client_get_endpoint     (PdSyncClient        *self);
PdCredentials *pd_sync_client_dup_credentials  (PdSyncClient        *self);
gboolean       pd_sync_client_is_running       (PdSyncClient        *self);

void           pd_sync_client_run_async        (PdSyncClient        *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* The outbox alone, right after a local change: no GET /v1/partner, no
 * feed, and the last sync (sync_state) left as it is. An entry that
 * stays queued (network, server) fails the push with that error, its
 * code unchanged. Finished with pd_sync_client_run_finish(). */
void           pd_sync_client_push_async       (PdSyncClient        *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* @summary_out (may be NULL) is filled on failure too: what was done
 * before it. */
gboolean       pd_sync_client_run_finish       (PdSyncClient        *self,
                                                GAsyncResult        *result,
                                                PdSyncSummary       *summary_out,
                                                GError             **error);

G_END_DECLS
