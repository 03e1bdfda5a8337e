/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-merchant-refresh.h"
#include "pd-merchant-rows.h"

G_BEGIN_DECLS

/* How a refresh shares the store's write lock with other writers (an
 * import, a new link, the CLI): it writes in transactions of at most
 * @rows rows that hold the lock at most @hold_ms, and waits @pause_ms
 * after each so that a waiting writer gets in (PdStore's busy handler
 * tries again every few milliseconds). @reader_cache_kib and
 * @writer_cache_kib, when not 0, are the page caches of its connection
 * that reads the sellers and of the one that writes the rows (else
 * SQLite's 2 MB). */
typedef struct
{
  guint rows;
  guint hold_ms;
  guint pause_ms;
  guint reader_cache_kib;
  guint writer_cache_kib;
} PdMerchantRefreshLimits;

/* The limits pd_merchant_refresh() uses. */
extern const PdMerchantRefreshLimits pd_merchant_refresh_default_limits;

/* The caches @limits gives a refresh's two connections. */
gboolean pd_merchant_limits_set_caches (const PdMerchantRefreshLimits  *limits,
                                        PdStore                        *reader,
                                        PdStore                        *writer,
                                        GError                        **error);

/* pd_merchant_refresh() with other limits (tests: small batches on a
 * small store). */
gboolean pd_merchant_refresh_with_limits (const char                     *path,
                                          gint64                          as_of,
                                          PdMerchantRefreshFlags          flags,
                                          GCancellable                   *cancellable,
                                          gint                           *progress,
                                          PdMerchantRefreshStats         *stats,
                                          const PdMerchantRefreshLimits  *limits,
                                          GError                        **error);

/* pd_merchant_refresh_with_limits() whose in-place pass reads again only
 * the sellers @only may hold (when not NULL): the rows of the others are
 * current. A rebuild reads every seller. */
gboolean pd_merchant_refresh_some (const char                     *path,
                                   gint64                          as_of,
                                   PdMerchantRefreshFlags          flags,
                                   const PdMerchantTouched        *only,
                                   GCancellable                   *cancellable,
                                   gint                           *progress,
                                   PdMerchantRefreshStats         *stats,
                                   const PdMerchantRefreshLimits  *limits,
                                   GError                        **error);

/* Empties the set @set ("0" or "1": its rows, search index and keys,
 * and with @drop_indexes its row indexes) in transactions within
 * @limits: the old set of a rebuild holds as many rows as the new. */
gboolean pd_merchant_set_empty (PdStore                        *writer,
                                const char                     *set,
                                gboolean                        drop_indexes,
                                const PdMerchantRefreshLimits  *limits,
                                GError                        **error);

/* In the caller's transaction: claims the right to rebuild (nobody else
 * is, or they went silent), marking merchant_state "building". */
gboolean   pd_merchant_claim_build                (PdStore      *writer,
                                                   GError      **error);

/* merchant_state's @key set to @value, in the caller's transaction. */
gboolean   pd_merchant_state_set                  (PdStore      *store,
                                                   const char   *key,
                                                   gint64        value,
                                                   GError      **error);

/* Deletes merchant_state's @key, in the caller's transaction. */
gboolean   pd_merchant_state_delete               (PdStore      *store,
                                                   const char   *key,
                                                   GError      **error);

/* The ids of the recruitment programs, whose sellers have rows. */
GPtrArray *pd_merchant_list_recruitment_programs  (PdStore      *store,
                                                   GError      **error);

/* Writing in batches (pd-merchant-refresh.c's): begin one unless one is
 * open, whether the open one is due to be committed, commit it. */
typedef struct
{
  gboolean (*begin)  (gpointer data, GError **error);
  gboolean (*full)   (gpointer data);
  gboolean (*commit) (gpointer data, GError **error);
  gpointer   data;
} PdMerchantWriteBatch;

/* How many of @n_rows rows a word beginning needs for a search key. */
guint64    pd_merchant_key_min_rows               (guint64                      n_rows);

/* Stores the frequent word beginnings of set @set's search index, whose
 * row ids are below @n_ids, reading on @reader (a new snapshot) and
 * writing on @writer in @batch (pd-merchant-keys.c); with
 * @initials_kept, only those of two characters or more. */
gboolean   pd_merchant_build_keys                 (PdStore                     *reader,
                                                   PdStore                     *writer,
                                                   const char                  *set,
                                                   guint64                      n_ids,
                                                   guint64                      n_rows,
                                                   gboolean                     initials_kept,
                                                   GCancellable                *cancellable,
                                                   const PdMerchantWriteBatch  *batch,
                                                   guint64                     *n_keys_out,
                                                   GError                     **error);

/* pd_merchant_update_sellers() in the caller's transaction, on rows
 * that were built (pd-merchant-update.c). */
gboolean   pd_merchant_update_sellers_in_transaction (PdStore             *store,
                                                      const char * const  *seller_ids,
                                                      gint64               as_of,
                                                      GError             **error);

G_END_DECLS
