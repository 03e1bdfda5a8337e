/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-engine.h"
#include "pd-projection.h"
#include "pd-rules.h"
#include "pd-store.h"
#include "pd-store-entries.h"

G_BEGIN_DECLS

/* What a projection of one program as of one instant needs from the
 * store, shared by `partnerdesk-cli project`, the payout review
 * (pd-payout-review.h) and the Overview page: the program's rules and,
 * for a recruitment program, the expected-value model as of that instant
 * (pd-projection.h). Made in two steps because the CLI reads its --as-of
 * text in the program's time zone, which only the rules know. */
typedef struct
{
  PdRules         *rules;
  gint64           as_of;
  PdExpectedModel  model;  /* kind recruitment only */
} PdProjectionSetup;

/* The program's rules; an unknown id is PD_STORE_ERROR_INVALID naming
 * the programs there are. */
gboolean      pd_projection_setup_load_rules  (PdProjectionSetup  *setup,
                                               PdStore            *store,
                                               const char         *program_id,
                                               GError            **error);
/* Sets the instant and, for a recruitment program, loads the model. */
gboolean      pd_projection_setup_set_as_of   (PdProjectionSetup  *setup,
                                               PdStore            *store,
                                               gint64              as_of,
                                               GError            **error);
/* Both of the above. */
gboolean      pd_projection_setup_load        (PdProjectionSetup  *setup,
                                               PdStore            *store,
                                               const char         *program_id,
                                               gint64              as_of,
                                               GError            **error);
void          pd_projection_setup_clear       (PdProjectionSetup  *setup);

/* Evaluates every entry of the (recruitment) program into a finished
 * projection, without keeping the entries. @store must be used by the
 * calling thread only (a worker opens its own). Cancelling stops the
 * scan with G_IO_ERROR_CANCELLED. */
PdProjection *pd_projection_setup_run         (PdProjectionSetup  *setup,
                                               PdStore            *store,
                                               GCancellable       *cancellable,
                                               GError            **error);

/* Called with each entry right after it was added to @projection; the
 * seller and its strings are valid during the call only. */
typedef void (*PdProjectionEntryFunc) (PdProjection         *projection,
                                       const PdEntryVerdict *verdict,
                                       gpointer              user_data);

/* pd_projection_setup_run() with the store's @flags (names, for
 * instance) and @func called for every entry. */
PdProjection *pd_projection_setup_run_full    (PdProjectionSetup     *setup,
                                               PdStore               *store,
                                               PdStoreEntriesFlags    flags,
                                               PdProjectionEntryFunc  func,
                                               gpointer               user_data,
                                               GCancellable          *cancellable,
                                               GError               **error);

/* "Settled GMV: GMV CNY 780.00 of 1,000.00, 14 days left; Target list: ...": the
 * unmet conditions of a pending entry, the failed ones of a lost entry,
 * nothing for a qualified one, appended to @out. */
void          pd_projection_append_missing    (PdRules              *rules,
                                               gint64                as_of,
                                               const PdEntryVerdict *verdict,
                                               GString              *out);

/* A probability in billionths as a short decimal: "0.5", "1",
 * "0.123456789". */
char         *pd_projection_format_ppb        (gint64                ppb);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdProjectionSetup, pd_projection_setup_clear)

G_END_DECLS
