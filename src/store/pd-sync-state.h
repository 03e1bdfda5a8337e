/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* What the sync client keeps between runs, in the sync_state table. */
#define PD_SYNC_STATE_CURSOR       "cursor"
#define PD_SYNC_STATE_LAST_AT      "last_sync_at"
#define PD_SYNC_STATE_LAST_RESULT  "last_sync_result"

/* @value NULL removes @key. Inside the caller's transaction, if any. */
gboolean  pd_sync_state_set           (PdStore      *store,
                                       const char   *key,
                                       const char   *value,
                                       GError      **error);
/* NULL without an error when @key is not set. */
char     *pd_sync_state_dup           (PdStore      *store,
                                       const char   *key,
                                       GError      **error);
/* The end of a run: its time (unix seconds) and @result, in one
 * transaction. */
gboolean  pd_sync_state_record_result (PdStore      *store,
                                       gint64        at,
                                       const char   *result,
                                       GError      **error);

G_END_DECLS
