/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-engine.h"
#include "pd-projection.h"

G_BEGIN_DECLS

/* What changed, merchant by merchant, between two projections of one
 * program: the entries as they stood after the previous import or sync
 * (kept in the store, pd-store-entry-marks.h) and as they stand now.
 *
 * An entry is marked by its key (seller, store), its verdict and stage,
 * two flags and its contribution to the expected payout: the reward x
 * its probability (1 qualified, 0 lost, the stage's rate pending) x the
 * governance factor, rounded to the minor unit for the entry alone. The
 * amount a change moved is the difference of the two contributions, so
 * that a merchant who qualified moves the expected payout by what was
 * still uncertain of it, and a lost one by what it was expected to
 * bring. The moves of every entry add up to the change of the expected
 * total up to that per-entry rounding. */

typedef enum
{
  PD_ENTRY_MARK_AT_RISK   = 1 << 0,  /* pending, a deadline within PD_AT_RISK_DAYS */
  PD_ENTRY_MARK_SALES_MET = 1 << 1,  /* the sales condition met */
} PdEntryMarkFlags;

typedef struct
{
  const char *seller_id;
  const char *store_id;      /* NULL: invited, no store */
  PdVerdict   verdict;
  PdStage     stage;
  guint       flags;         /* PdEntryMarkFlags */
  gint64      contribution;  /* minor units of the reward's currency */
} PdEntryMark;

typedef enum
{
  PD_ENTRY_CHANGE_QUALIFIED = 1 << 0,  /* qualified now, not before */
  PD_ENTRY_CHANGE_LOST      = 1 << 1,  /* lost now, qualified or pending before (or new and lost) */
  PD_ENTRY_CHANGE_AT_RISK   = 1 << 2,  /* newly at risk */
  PD_ENTRY_CHANGE_SALES_MET = 1 << 3,  /* its GMV crossed the threshold */
  PD_ENTRY_CHANGE_NEW_STORE = 1 << 4,  /* a store that was not there before */
} PdEntryChangeKind;

typedef struct
{
  const char *seller_id;     /* the after mark's strings */
  const char *store_id;
  guint       kinds;         /* PdEntryChangeKind */
  gboolean    was_known;     /* the entry had a mark before */
  PdVerdict   before;        /* valid when was_known */
  PdVerdict   after;
  gint64      moved;         /* after's contribution - before's, minor units */
} PdEntryChange;

/* Seller, then store (no store first): the order marks are kept in. */
int      pd_entry_mark_compare   (const PdEntryMark     *a,
                                  const PdEntryMark     *b);

/* @verdict's mark as of @as_of (strings borrowed from it), without its
 * contribution, which needs the governance factor: pd_entry_mark_price()
 * once the projection is finished. */
void     pd_entry_mark_init      (PdEntryMark           *mark,
                                  PdRules               *rules,
                                  gint64                 as_of,
                                  const PdEntryVerdict  *verdict);
/* Sets @mark's contribution: @reward x p x @factor, p from @model. */
gboolean pd_entry_mark_price     (PdEntryMark           *mark,
                                  const PdExpectedModel *model,
                                  const PdMoney         *reward,
                                  const PdFraction      *factor,
                                  GError               **error);

/* The changes from @before to @after (both sorted by
 * pd_entry_mark_compare()), largest move first (by its size), then by
 * seller and store. An entry that did not change in any of the ways
 * above is not listed; one that left (a store deleted) neither. */
GArray  *pd_entry_diff           (const PdEntryMark     *before,
                                  guint                  n_before,
                                  const PdEntryMark     *after,
                                  guint                  n_after);

G_END_DECLS
