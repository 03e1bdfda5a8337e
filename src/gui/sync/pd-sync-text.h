/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-outbox.h"
#include "pd-sync-client.h"

G_BEGIN_DECLS

/* The words the sync widgets show: one place, so that the indicator,
 * its popover and the conflict dialog say the same thing the same way. */

/* "Synced just now", "Synced 5 minutes ago", ..., "Synced on 3 Apr";
 * "Not synced yet" when @then is 0. */
char *pd_sync_text_synced_ago   (gint64               then,
                                 gint64               now);
/* "10:32", or "3 Apr 10:32" when not today, in local time. */
char *pd_sync_text_time         (gint64               unix_seconds,
                                 gint64               now);
/* What a run is doing: "Connecting…", "Sending local changes (2 sent)…",
 * "Receiving changes (3 pages, 1,500 changes)…". */
char *pd_sync_text_progress     (const PdSyncSummary *progress);
/* The same, short enough for the header bar: "Connecting…",
 * "Sending…", "Syncing… 1,500 changes". */
char *pd_sync_text_progress_short (const PdSyncSummary *progress);
/* What a finished run did, in one line. */
char *pd_sync_text_summary      (const PdSyncSummary *summary);
/* The "Last sync" line of the indicator's popover: after a run that
 * @succeeded, what it did ("Last sync: Nothing new from the platform");
 * after a failed one, only what it did before it stopped ("Before it
 * stopped: 500 changes received"), NULL when that is nothing. */
char *pd_sync_text_result       (const PdSyncSummary *summary,
                                 gboolean             succeeded);
/* "Waiting: offline (2)": the header bar's label while local changes
 * cannot be sent. */
char *pd_sync_text_waiting      (guint                waiting);
/* What an outbox entry asks of the platform, for a person: "Accept
 * seller request SR-1001", "Revoke link 3kd9…". */
char *pd_sync_text_describe     (const PdOutboxItem  *item);
/* "Queued 10:32 · 2 attempts". */
char *pd_sync_text_item_status  (const PdOutboxItem  *item,
                                 gint64               now);
/* A platform field name for a person: "contact_email" -> "Contact
 * e-mail" (known fields are translated), others "Some field". */
char *pd_sync_text_field_label  (const char          *field);
/* A JSON value for a person: strings as they are (status-like tokens
 * as words), numbers, yes/no, "—" for null, arrays joined by commas,
 * objects as compact JSON. */
char *pd_sync_text_json_value   (const char          *field,
                                 JsonNode            *node);

G_END_DECLS
