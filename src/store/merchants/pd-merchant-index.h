/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-merchant-refresh.h"
#include "pd-merchant-row.h"
#include "pd-rules.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* The Merchants page's queries over the materialized rows: for a sort,
 * filters and a search, how many rows match and the rows of a window
 * [offset, offset + n). Built for a million rows on the calling thread:
 *
 * - a search term is the set of rows holding a word starting with it:
 *   a stored bitmap for frequent beginnings, the full-text index for
 *   rare ones (at most a few thousand rows to read);
 * - a filter is the set of rows with that value, read once from its
 *   index; program filters are id ranges;
 * - the sets are intersected and counted as bitmaps;
 * - a sort is the ids in that column's order, read once from its index
 *   (descending walks it backwards); a window walks it skipping
 *   non-matching rows, in blocks whose match counts are known.
 *
 * Everything cached belongs to one generation of the rows: a refresh
 * that changes them bumps merchant_state's generation and the next query
 * starts afresh. Use an index from one thread. */

typedef struct
{
  char              *program_id;   /* NULL: every program */
  int                verdict;      /* -1: any, else a PdMerchantVerdict */
  int                stage;        /* -1: any, else a PdStage */
  char              *market;       /* NULL: any */
  char              *staff;        /* NULL: any */
  char              *search;       /* NULL or "": no search */
  PdMerchantColumn   sort;
  gboolean           descending;
} PdMerchantQuery;

void     pd_merchant_query_init   (PdMerchantQuery       *query);
void     pd_merchant_query_clear  (PdMerchantQuery       *query);
void     pd_merchant_query_copy   (const PdMerchantQuery *query,
                                   PdMerchantQuery       *out);
gboolean pd_merchant_query_equal  (const PdMerchantQuery *a,
                                   const PdMerchantQuery *b);

#define PD_TYPE_MERCHANT_INDEX (pd_merchant_index_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantIndex, pd_merchant_index, PD, MERCHANT_INDEX, GObject)

PdMerchantIndex *pd_merchant_index_new          (PdStore                *store);
PdStore         *pd_merchant_index_get_store    (PdMerchantIndex        *self);

/* The number of rows @query matches in *@total_out and, when @rows_out
 * is given, those at positions [@offset, @offset + @n) in its order
 * (PdMerchantRow; fewer at the end). */
gboolean         pd_merchant_index_query        (PdMerchantIndex        *self,
                                                 const PdMerchantQuery  *query,
                                                 guint                   offset,
                                                 guint                   n,
                                                 guint                  *total_out,
                                                 GPtrArray             **rows_out,
                                                 GError                **error);

/* A hash of which rows the last query matched (and of the rows'
 * generation): equal hashes, equal counts and the same sort mean the
 * same rows in the same order. */
guint64          pd_merchant_index_get_result_hash (PdMerchantIndex     *self);

/* Re-reads merchant_state: *@changed when the rows changed since the
 * last query (the caches are dropped then). */
gboolean         pd_merchant_index_check        (PdMerchantIndex        *self,
                                                 gboolean               *changed,
                                                 PdMerchantState        *state_out,
                                                 GError                **error);

/* The values a filter can take, sorted: PD_MERCHANT_COLUMN_MARKET,
 * PD_MERCHANT_COLUMN_STAFF, or (for programs) PD_MERCHANT_COLUMN_SELLER:
 * the programs that have rows. */
GPtrArray       *pd_merchant_index_list_values  (PdMerchantIndex        *self,
                                                 PdMerchantColumn        column,
                                                 GError                **error);

/* One row by seller and store (NULL: the row without a store) in
 * @program_id, or NULL (no error) when there is none. */
PdMerchantRow   *pd_merchant_index_get_row      (PdMerchantIndex        *self,
                                                 const char             *program_id,
                                                 const char             *seller_id,
                                                 const char             *store_id,
                                                 GError                **error);

/* @program_id's rules (cached; owned by the index), or NULL. */
PdRules         *pd_merchant_index_get_rules    (PdMerchantIndex        *self,
                                                 const char             *program_id);

/* Calendar days from @now to @deadline in @program_id's time zone
 * (pd_engine_days_left()); G_MININT64 when the program is unknown. */
gint64           pd_merchant_index_days_left    (PdMerchantIndex        *self,
                                                 const char             *program_id,
                                                 gint64                  now,
                                                 gint64                  deadline);

G_END_DECLS
