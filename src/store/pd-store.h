/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-program.h"
#include "pd-store-change.h"

G_BEGIN_DECLS

#define PD_STORE_ERROR (pd_store_error_quark ())

typedef enum
{
  PD_STORE_ERROR_NOT_A_STORE,
  PD_STORE_ERROR_TOO_NEW,
  PD_STORE_ERROR_IO,
  PD_STORE_ERROR_SQL,
  PD_STORE_ERROR_INVALID,
  PD_STORE_ERROR_BUSY,
} PdStoreError;

/* Counts per entity, for `partnerdesk-cli status` and the Overview. */
typedef struct
{
  gint64 programs;
  gint64 target_merchants;
  gint64 links;
  gint64 stores;
  gint64 exchange_rates;
  gint64 service_categories;
  gint64 services;
  gint64 seller_requests;
  gint64 authorizations;
  gint64 payouts;
  gint64 outbox;
  gint64 last_sync_at;          /* 0 when never synced */
  char  *last_sync_result;      /* NULL when never synced */
} PdStoreCounts;

void pd_store_counts_clear (PdStoreCounts *counts);

#define PD_TYPE_STORE (pd_store_get_type ())

G_DECLARE_FINAL_TYPE (PdStore, pd_store, PD, STORE, GObject)

GQuark      pd_store_error_quark          (void);

char       *pd_store_dup_default_path     (void);
PdStore    *pd_store_open                 (const char     *path,
                                           GError        **error);
const char *pd_store_get_path             (PdStore        *self);
guint       pd_store_get_schema_version   (PdStore        *self);
guint       pd_store_get_latest_version   (void);

char       *pd_store_dup_setting          (PdStore        *self,
                                           const char     *key,
                                           GError        **error);
gboolean    pd_store_set_setting          (PdStore        *self,
                                           const char     *key,
                                           const char     *value,
                                           GError        **error);
GPtrArray  *pd_store_list_settings        (PdStore        *self,
                                           GError        **error);
/* Who the user is on links, notes and the audit: the staff_name setting,
 * or the login name while it is not set. */
char       *pd_store_dup_staff_name       (PdStore        *self);

gboolean    pd_store_get_counts           (PdStore        *self,
                                           PdStoreCounts  *counts,
                                           GError        **error);

gboolean    pd_store_save_program         (PdStore        *self,
                                           PdProgram      *program,
                                           const char     *source,
                                           GError        **error);
GPtrArray  *pd_store_list_programs        (PdStore        *self,
                                           GError        **error);

gboolean    pd_store_audit                (PdStore        *self,
                                           const char     *action,
                                           const char     *subject,
                                           const char     *details,
                                           GError        **error);

/* Emits PdStore::changed with a PdStoreChange of these values, in the
 * store's main context: at once when called there, else (from a worker
 * thread that wrote through its own connection) soon after. Whoever
 * wrote calls it; @ids: the sellers touched, NULL: any. */
void        pd_store_emit_change          (PdStore            *self,
                                           PdEntityKind        kinds,
                                           const char * const *ids,
                                           PdChangeOrigin      origin);
/* Every @interval_ms while the store's main context runs, looks whether
 * another process committed to the store (PRAGMA data_version on this
 * connection, a read of shared memory) and if so emits ::changed with
 * PD_CHANGE_ORIGIN_OTHER_PROCESS, no ids, and the kinds its audit_log
 * rows say (every data kind when it wrote none). Commits of this
 * process's own connections (worker threads) are not reported: their
 * writers announce them. 0 stops watching. See pd-store-watch.c. */
void        pd_store_watch_other_processes (PdStore           *self,
                                           guint               interval_ms);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdStoreCounts, pd_store_counts_clear)

G_END_DECLS
