/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <string.h>

#include "pd-merchant-index.h"

/* PdMerchantQuery: what the Merchants page (and partnerdesk-cli
 * merchants) asks PdMerchantIndex. */

void
pd_merchant_query_init (PdMerchantQuery *query)
{
  memset (query, 0, sizeof *query);
  query->verdict = -1;
  query->stage = -1;
  query->sort = PD_MERCHANT_COLUMN_SELLER;
}

void
pd_merchant_query_clear (PdMerchantQuery *query)
{
  g_clear_pointer (&query->program_id, g_free);
  g_clear_pointer (&query->market, g_free);
  g_clear_pointer (&query->staff, g_free);
  g_clear_pointer (&query->search, g_free);
}

void
pd_merchant_query_copy (const PdMerchantQuery *query,
                        PdMerchantQuery       *out)
{
  *out = *query;
  out->program_id = g_strdup (query->program_id);
  out->market = g_strdup (query->market);
  out->staff = g_strdup (query->staff);
  out->search = g_strdup (query->search);
}

gboolean
pd_merchant_query_equal (const PdMerchantQuery *a,
                         const PdMerchantQuery *b)
{
  return g_strcmp0 (a->program_id, b->program_id) == 0 &&
         a->verdict == b->verdict &&
         a->stage == b->stage &&
         g_strcmp0 (a->market, b->market) == 0 &&
         g_strcmp0 (a->staff, b->staff) == 0 &&
         g_strcmp0 (a->search != NULL ? a->search : "", b->search != NULL ? b->search : "") == 0 &&
         a->sort == b->sort &&
         a->descending == b->descending;
}
