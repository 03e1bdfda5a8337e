/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* The Merchants page's rows kept current by the writes that change them
 * (pd-merchant-rows.c).
 *
 * A write that changes what some sellers' rows show (an import, a sync
 * page, a link created or revoked, an assignment) collects their ids in
 * a PdMerchantTouched and hands it to pd_merchant_rows_update() in its
 * own transaction, before committing: their rows are re-evaluated and
 * updated in place, or replaced when they changed shape (a new store, a
 * seller new on a list, other words to search). A write that touches too
 * many sellers for that (a large import) or every row (rates, a program)
 * marks the rows stale instead; pd_merchant_rows_ensure_current() after
 * its commit then refreshes them in one pass. The full rebuild is for a
 * store whose rows were never built (migrations, repairs). */

typedef struct _PdMerchantTouched PdMerchantTouched;

/* At most this many sellers are updated one by one (and fewer than a
 * 16th of the rows); more, and the rows are refreshed in one pass after
 * the commit instead, which skips the sellers not touched when the rows
 * were current before. */
#define PD_MERCHANT_TOUCHED_MAX 20000
/* Up to this many (repeats counted) the pass reads exactly the touched
 * sellers; beyond, those a filter of their ids' hashes holds. */
#define PD_MERCHANT_TOUCHED_LIST_MAX (1u << 18)

PdMerchantTouched *pd_merchant_touched_new      (void);
void               pd_merchant_touched_free     (PdMerchantTouched  *touched);
void               pd_merchant_touched_add      (PdMerchantTouched  *touched,
                                                 const char         *seller_id);
/* Every row may have changed (exchange rates, a program's rules). */
void               pd_merchant_touched_add_all  (PdMerchantTouched  *touched);
gboolean           pd_merchant_touched_is_empty (PdMerchantTouched  *touched);
/* In the writes' transaction, before them: when the rows were never
 * built (they will be built from scratch whatever the writes touch),
 * @touched takes every seller at once, and noting each written seller
 * costs nothing (5% of a first import's pass). */
gboolean           pd_merchant_touched_prepare  (PdMerchantTouched  *touched,
                                                 PdStore            *store,
                                                 GError            **error);
/* The touched ids sorted and each once, for walks in seller order
 * (after the writes). */
void               pd_merchant_touched_seal     (PdMerchantTouched  *touched);

/* A pass over sellers in ascending byte order of their ids, asking for
 * each whether it may be one of the touched (beyond
 * PD_MERCHANT_TOUCHED_LIST_MAX a few others may pass too; an unsealed
 * list passes everyone). */
typedef struct
{
  const PdMerchantTouched *touched;
  guint                    next;
} PdMerchantTouchedWalk;

void               pd_merchant_touched_walk_init (PdMerchantTouchedWalk   *walk,
                                                  const PdMerchantTouched *touched);
gboolean           pd_merchant_touched_walk_has  (PdMerchantTouchedWalk   *walk,
                                                  const char              *seller_id);

/* In @store's open transaction: updates the rows of the touched sellers
 * as of @as_of, or marks the rows stale (too many, every row, or rows
 * never built). */
gboolean pd_merchant_rows_update          (PdStore             *store,
                                           PdMerchantTouched   *touched,
                                           gint64               as_of,
                                           GError             **error);

/* pd_merchant_rows_update() for @seller_ids (NULL-terminated), as of now. */
gboolean pd_merchant_rows_touch           (PdStore             *store,
                                           const char * const  *seller_ids,
                                           GError             **error);

/* Outside a transaction: when the rows were never built, were marked
 * stale, or a verdict has changed with the clock since (valid_until),
 * refreshes them as of @now in one pass (rebuilding them when never
 * built), without pausing for other writers. */
gboolean pd_merchant_rows_ensure_current  (PdStore             *store,
                                           gint64               now,
                                           GError             **error);

/* pd_merchant_rows_ensure_current() after a write that handed @touched
 * to pd_merchant_rows_update(): when the rows were current but for that
 * write's sellers, the pass reads only theirs again. */
gboolean pd_merchant_rows_ensure_current_for (PdStore            *store,
                                              gint64              now,
                                              PdMerchantTouched  *touched,
                                              GError            **error);

/* Whether pd_merchant_rows_ensure_current() has anything to do. */
gboolean pd_merchant_rows_is_stale        (PdStore             *store,
                                           gint64               now,
                                           gboolean            *stale_out,
                                           GError             **error);

/* Whether the rows of the store at @path are already those a refresh as
 * of @as_of would write (*@current_out): built, not marked stale, no
 * verdict changed by time since they were made and @as_of not before
 * them, name keys of this collation. The page's background refresh
 * then has nothing to do (after an import that brought them up to date
 * itself, say). *@valid_until_out: when that ends by time alone (0:
 * never). */
gboolean pd_merchant_rows_is_current_as_of (const char          *path,
                                            gint64               as_of,
                                            gboolean            *current_out,
                                            gint64              *valid_until_out,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMerchantTouched, pd_merchant_touched_free)

G_END_DECLS
