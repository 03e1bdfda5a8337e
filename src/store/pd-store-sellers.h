/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* Finding a seller to address a link to: the sellers of the target
 * lists, once each (their newest listing), whatever program they are on. */

typedef struct
{
  char *seller_id;
  char *seller_name;
  char *brand;    /* or NULL */
  char *market;
} PdSellerMatch;

void pd_seller_match_free (PdSellerMatch *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSellerMatch, pd_seller_match_free)

/* At most @limit sellers whose id starts with @text or whose name or
 * brand contains it (case-insensitively for ASCII), by name then id, as
 * PdSellerMatch. @text NULL or blank: the first @limit sellers. */
GPtrArray *pd_store_search_sellers (PdStore     *store,
                                    const char  *text,
                                    guint        limit,
                                    GError     **error);

/* One seller by id, or NULL (no error) when no target list holds it. */
PdSellerMatch *pd_store_get_seller (PdStore     *store,
                                    const char  *seller_id,
                                    GError     **error);

G_END_DECLS
