/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-change-applier.h"
#include "pd-platform-connection.h"
#include "pd-store.h"
#include "pd-sync-client.h"

G_BEGIN_DECLS

/* The outbox half of a sync run (pd-sync-client.c): every pending entry
 * in order, each answer applied with the entry's removal in one
 * transaction. A refusal (4xx) keeps the entry as failed or conflict. An
 * entry that still fails after the connection's retries (5xx, a cut
 * response...) stays pending with its error, and the later entries of
 * the same subject wait behind it (their order is kept); the others are
 * still sent, and the run goes on to pull the feed: *@held_error is then
 * set to the first such failure, and TRUE returned. After three such
 * failures in a row the platform seems down rather than one endpoint:
 * the push stops there (the rest waits for the next run), the feed is
 * still pulled. FALSE (with @error)
 * only when the run cannot go on: cancelled, the credentials refused, or
 * the store failing. */
typedef void (*PdSyncPushProgress) (gpointer user_data);

gboolean  pd_sync_push_outbox         (PdPlatformConnection *connection,
                                       PdStore              *store,
                                       PdChangeApplier      *applier,
                                       PdSyncSummary        *summary,
                                       PdSyncPushProgress    progress,
                                       gpointer              user_data,
                                       GCancellable         *cancellable,
                                       GError              **held_error,
                                       GError              **error);
/* Entries still pending. */
gboolean  pd_sync_push_count_pending  (PdStore              *store,
                                       guint                *count_out,
                                       GError              **error);

G_END_DECLS
