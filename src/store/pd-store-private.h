/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* For src/store and tests only. */
PdStore  *pd_store_open_at_version (const char  *path,
                                    guint        max_version,
                                    GError     **error);
sqlite3  *pd_store_get_db          (PdStore     *self);
gboolean  pd_store_exec            (PdStore     *self,
                                    const char  *sql,
                                    GError     **error);
gboolean  pd_store_begin           (PdStore     *self,
                                    GError     **error);
gboolean  pd_store_commit          (PdStore     *self,
                                    GError     **error);
void      pd_store_rollback        (PdStore     *self);
sqlite3_stmt *pd_store_prepare     (PdStore     *self,
                                    const char  *sql,
                                    GError     **error);
void      pd_store_set_sql_error   (PdStore     *self,
                                    GError     **error,
                                    const char  *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
