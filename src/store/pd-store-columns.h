/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include <string.h>

#include "pd-column-readers.h"
#include "pd-engine.h"

G_BEGIN_DECLS

/* Reading the engine's inputs from store columns: shared by the streamed
 * projection (pd-store-entries.c) and the Merchants rows
 * (pd-merchant-seller.c). */

/* The schema's CHECK constraints allow only the canonical tokens, so the
 * first letters tell them apart. */
static inline PdReviewStatus
review_status_from_column (const char *s)
{
  return s == NULL ? PD_REVIEW_STATUS_PENDING :
         s[0] == 'a' ? PD_REVIEW_STATUS_APPROVED :
         s[0] == 'r' ? PD_REVIEW_STATUS_REJECTED : PD_REVIEW_STATUS_PENDING;
}

static inline PdStoreStatus
store_status_from_column (const char *s)
{
  if (s == NULL || s[0] == 'n')
    return PD_STORE_STATUS_NORMAL;
  return strcmp (s, "closing") == 0 ? PD_STORE_STATUS_CLOSING : PD_STORE_STATUS_CLOSED;
}

static inline PdGovernance
governance_from_column (const char *s)
{
  return s == NULL || s[0] == 'n' ? PD_GOVERNANCE_NONE :
         s[0] == 'w' ? PD_GOVERNANCE_WARNING : PD_GOVERNANCE_HIGH_RISK;
}

static inline PdLinkKind
link_kind_from_column (const char *s)
{
  return s != NULL && s[0] == 'a' ? PD_LINK_KIND_AUTHORIZATION : PD_LINK_KIND_ONBOARDING;
}

G_END_DECLS
