/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-engine.h"
#include "pd-projection.h"
#include "pd-rules.h"
#include "pd-store.h"

#include "pd-store-rules.h"

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

/* One seller's inputs for @program_id, read as pd_store_foreach_seller()
 * reads them (the same queries filtered to the seller, the same rules),
 * on @store's own connection: the Merchants detail and the in-place
 * updates of merchant rows see the caller's uncommitted writes. */
typedef struct _PdSellerRead PdSellerRead;

PdSellerRead *pd_store_read_seller         (PdStore              *store,
                                            const char           *program_id,
                                            const char           *seller_id,
                                            GError              **error);
const PdSellerInput *pd_seller_read_get_input (PdSellerRead      *read);
void         pd_seller_read_free           (PdSellerRead         *read);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSellerRead, pd_seller_read_free)

G_END_DECLS
