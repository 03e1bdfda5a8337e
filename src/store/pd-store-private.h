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
/* Steps @stmt once, expecting no row (a write); otherwise the error of
 * pd_store_set_sql_error() for @what. */
gboolean  pd_store_step_done       (PdStore      *self,
                                    sqlite3_stmt *stmt,
                                    const char   *what,
                                    GError      **error);

/* pd-store-watch.c: PdStore::changed, and the watch for other processes. */
typedef struct
{
  GSource *source;        /* pd_store_watch_other_processes() */
  gint64   data_version;  /* the last PRAGMA data_version read */
  gint64   audit_id;      /* the last audit_log row read */
  guint    started;       /* this process's commit counts when last read */
  guint    written;
  GArray  *pending;       /* audit_log ids this connection wrote, uncommitted */
} PdStoreWatch;

GMainContext *pd_store_get_context (PdStore     *self);
GThread      *pd_store_get_thread  (PdStore     *self);
PdStoreWatch *pd_store_get_watch   (PdStore     *self);

void      pd_store_watch_install_hooks (sqlite3  *db);
void      pd_store_watch_clear        (PdStore  *self);
/* An audit_log row this connection just inserted. */
void      pd_store_watch_note_audit   (PdStore  *self,
                                       gint64    id);
/* Before COMMIT (@own TRUE): this connection's rows are this process's;
 * after a failed COMMIT (FALSE): they are not. */
void      pd_store_watch_own_audit    (PdStore  *self,
                                       gboolean  own);
void      pd_store_watch_forget_audit (PdStore  *self);

/* The WHERE clause, for "... FROM links", of the links in an effective
 * state (NULL: all) with the current time as ?1; NULL for a state that
 * does not exist (pd-store-links.c). */
const char *pd_store_links_state_condition (const char *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
