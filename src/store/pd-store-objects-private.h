/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-column-readers.h"
#include "pd-store-private.h"

G_BEGIN_DECLS

/* Helpers shared by pd-store-services.c, pd-store-requests.c and
 * pd-store-authorizations.c. */

/* An amount column in minor units as canonical decimal text ("99.00")
 * in the currency of @currency_column, or NULL when NULL. */
char     *pd_store_objects_dup_money  (sqlite3_stmt *stmt,
                                       int           column,
                                       int           currency_column);
/* @text given by the user for @what: valid UTF-8, not empty after
 * trimming (unless @allow_empty), at most @max_chars characters. */
gboolean  pd_store_objects_check_text (const char   *what,
                                       const char   *text,
                                       gboolean      allow_empty,
                                       glong         max_chars,
                                       GError      **error);
/* Commits, or rolls back and returns FALSE when @ok is FALSE. */
gboolean  pd_store_objects_finish     (PdStore      *store,
                                       gboolean      ok,
                                       GError      **error);

/* Refuses (PD_STORE_ERROR_INVALID) when an outbox entry of the object
 * is still there: a change made on a version the platform has not seen
 * yet would be judged against a state the store does not show. */
gboolean  pd_store_objects_check_nothing_queued (PdStore     *store,
                                                 const char  *subject_type,
                                                 const char  *subject_id,
                                                 GError     **error);

G_END_DECLS
