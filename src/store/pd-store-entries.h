/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-engine.h"
#include "pd-projection.h"
#include "pd-rules.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* What the engine needs from the store, as plain structs. */

typedef enum
{
  PD_STORE_ENTRIES_DEFAULT = 0,
  PD_STORE_ENTRIES_NAMES   = 1 << 0,  /* fill seller_name (exports) */
} PdStoreEntriesFlags;

/* Called once per seller, in seller_id order (byte order). @seller and
 * everything it points to are valid during the call only. Return FALSE
 * (with @error set) to stop. */
typedef gboolean (*PdSellerFunc) (const PdSellerInput  *seller,
                                  gpointer              user_data,
                                  GError              **error);

/* Streams every seller that may have an entry in @program_id: sellers on
 * its target list, sellers with a link, sellers with a store. Each comes
 * with its row on the list, whether one of our onboarding links of the
 * program invited it, and all its stores, each with the link its
 * via_token names and the exchange rate of its GMV currency.
 *
 * Memory stays flat whatever the number of sellers: three sequential
 * scans in seller order (stores, target list, links; see migration 3)
 * are merged as they are read, two of them on their own threads with
 * their own read-only connections, in batches of a few thousand rows.
 * The readers start their read transactions together; a write committed
 * at that very moment may be seen by one and not another. */
gboolean     pd_store_foreach_seller       (PdStore              *store,
                                            const char           *program_id,
                                            PdStoreEntriesFlags   flags,
                                            PdSellerFunc          func,
                                            gpointer              user_data,
                                            GError              **error);

/* The program's rules, from the programs table; an unknown id is
 * PD_STORE_ERROR_INVALID naming the programs there are. */
PdRules     *pd_store_load_rules           (PdStore              *store,
                                            const char           *program_id,
                                            GError              **error);

/* The default per-stage rates (stage_rates, basis points). */
gboolean     pd_store_get_stage_rates      (PdStore              *store,
                                            guint                 rate_bp[PD_N_STAGES],
                                            GError              **error);
/* Sets one stage's default rate (0..10000 basis points), with an audit
 * entry; Preferences edits them. */
gboolean     pd_store_set_stage_rate       (PdStore              *store,
                                            PdStage               stage,
                                            guint                 rate_bp,
                                            GError              **error);

/* The expected-value model for @rules as of @as_of: the default rates,
 * with each stage's replaced by the agency's history once it is large
 * enough (pd-projection.h), the history being every entry of the
 * recruitment programs whose period ended before @rules' started,
 * evaluated as of @as_of. */
gboolean     pd_store_load_expected_model  (PdStore              *store,
                                            PdRules              *rules,
                                            gint64                as_of,
                                            PdExpectedModel      *model,
                                            GError              **error);

G_END_DECLS
