/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* Keeping the Merchants page's materialized rows (pd-merchant-schema.h)
 * up to date with the store and the clock. */

typedef enum
{
  /* Stream every program's sellers through the engine; when the rows
   * are the same rows with the same words, update their columns in
   * place, else rebuild. */
  PD_MERCHANT_REFRESH_DEFAULT = 0,
  /* Rebuild from scratch (a migration, a repair). */
  PD_MERCHANT_REFRESH_REBUILD = 1 << 0,
  /* Leave the search keys (pd-merchant-schema.h) to a later refresh:
   * searches read the full-text index meanwhile. The default refresh
   * makes them when they hold less than half the rows. */
  PD_MERCHANT_REFRESH_NO_KEYS = 1 << 1,
  /* For the page's refresher (pd_merchant_refresh() ignores it): run
   * only when the rows are not current as of now
   * (pd_merchant_rows_is_current_as_of()): a page opening on rows an
   * import just made, the hourly look. */
  PD_MERCHANT_REFRESH_IF_STALE = 1 << 2,
  /* Rows known current: only the search keys, when they hold less than
   * half the rows (an import leaves them to the page). */
  PD_MERCHANT_REFRESH_KEYS_ONLY = 1 << 3,
} PdMerchantRefreshFlags;

typedef struct
{
  guint64  rows;         /* rows now */
  guint64  updated;      /* rows updated in place */
  gboolean rebuilt;      /* a new set was built */
  guint64  keys;         /* frequent word beginnings stored (rebuild) */
  gint64   as_of;
  gint64   valid_until;  /* 0: no verdict changes with time alone */
  double   seconds;
} PdMerchantRefreshStats;

/* What merchant_state says. */
typedef struct
{
  guint    current;      /* the set the page reads: 0 or 1 */
  guint64  generation;   /* bumped by every change of the rows */
  gint64   as_of;        /* 0: never refreshed */
  gint64   valid_until;  /* 0: nothing changes with time alone */
  guint64  rows;         /* rows now (not counting dead ids) */
  gint64   collation;    /* pd_merchant_collation_id() of the name keys; 0: unknown */
  guint64  built_max;    /* the search keys hold rows up to this id */
  gint64   stale;        /* 0, or when a write marked the rows stale */
  guint64  grown;        /* bumped by every write that gave rows words in place */
} PdMerchantState;

/* A word beginning held by at least this many rows (and by one row in
 * 256) has its rows stored as a bitmap at rebuild time. */
#define PD_MERCHANT_KEY_MIN_ROWS 512

/* pd_merchant_refresh()'s progress when the run is done. */
#define PD_MERCHANT_REFRESH_PROGRESS_DONE 1000

/* Refreshes the rows as of @as_of, on connections of its own to the
 * store at @path (call it from a worker thread). Writes in short
 * transactions: imports and link changes can go on meanwhile, and
 * whatever they change is for the next refresh. Fails with
 * PD_STORE_ERROR_BUSY when another process is rebuilding, and with
 * G_IO_ERROR_CANCELLED (nothing switched) when cancelled. @progress (or
 * NULL) receives, with g_atomic_int_set(), how much of the run is done in
 * thousandths, for another thread to show: an estimate, never going
 * back, PD_MERCHANT_REFRESH_PROGRESS_DONE at the end. */
gboolean pd_merchant_refresh          (const char              *path,
                                       gint64                   as_of,
                                       PdMerchantRefreshFlags   flags,
                                       GCancellable            *cancellable,
                                       gint                    *progress,
                                       PdMerchantRefreshStats  *stats,
                                       GError                 **error);

/* Re-evaluates the rows of @seller_ids (NULL-terminated) on @store's
 * connection, in one transaction: in place, or replaced when they
 * changed shape (pd-merchant-writer.h). *@rebuild_needed is set (and
 * nothing written) when the rows were never built: then call
 * pd_merchant_refresh(). */
gboolean pd_merchant_update_sellers   (PdStore                 *store,
                                       const char * const      *seller_ids,
                                       gint64                   as_of,
                                       gboolean                *rebuild_needed,
                                       GError                 **error);

gboolean pd_merchant_state_read       (PdStore                 *store,
                                       PdMerchantState         *state,
                                       GError                 **error);

/* Whether the store knows any merchant at all: a seller on a target
 * list, a store, or a link made for a seller (the page's empty state). */
gboolean pd_merchant_store_has_merchants (PdStore              *store,
                                          gboolean             *has_out,
                                          GError              **error);

G_END_DECLS
