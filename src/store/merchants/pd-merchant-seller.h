/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-engine.h"
#include "pd-rules.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* One seller as the engine sees it in one program, read on its own:
 * the same PdSellerInput that pd_store_foreach_seller() streams (its
 * target row, whether our onboarding links of the program invited it,
 * its stores with the links their via_token names and the exchange
 * rates), for the detail pane and for refreshing a few sellers' rows
 * without streaming the whole store. tests/test-merchant-rows.c checks
 * both give the same verdicts. */

typedef struct _PdMerchantSeller PdMerchantSeller;

/* Never NULL without an error; a seller the store does not know has
 * no target row, no links and no stores. */
PdMerchantSeller    *pd_merchant_seller_load       (PdStore           *store,
                                                    const char        *program_id,
                                                    const char        *seller_id,
                                                    GError           **error);
void                 pd_merchant_seller_free       (PdMerchantSeller  *seller);
const PdSellerInput *pd_merchant_seller_get_input  (PdMerchantSeller  *seller);

/* The engine's entries for the seller as of @as_of (PdEntryVerdict,
 * pointing into @seller: valid while it is). */
GArray              *pd_merchant_seller_evaluate   (PdMerchantSeller  *seller,
                                                    PdRules           *rules,
                                                    gint64             as_of);

/* One line of the eligibility checklist, as the engine says it. */
typedef struct
{
  PdCondition       condition;
  PdConditionState  state;
  gboolean          has_deadline;
  gint64            deadline;
  char             *detail;
} PdMerchantCheck;

void                 pd_merchant_check_free        (PdMerchantCheck   *check);

/* The checklist of the seller's entry for @store_id (NULL: the entry
 * without a store) as of @as_of, in the program's condition order, and
 * that entry's verdict. FALSE when the seller has no such entry (a
 * target merchant not invited yet): @checks is then empty. @stage_out
 * (may be NULL) gets the entry's stage, the one the Stage column shows. */
gboolean             pd_merchant_seller_checklist  (PdMerchantSeller  *seller,
                                                    PdRules           *rules,
                                                    gint64             as_of,
                                                    const char        *store_id,
                                                    PdVerdict         *verdict_out,
                                                    PdStage           *stage_out,
                                                    GPtrArray        **checks_out);

/* The seller's row on @program_id's target list, for the detail pane. */
typedef struct
{
  gboolean        listed;
  char           *seller_name;
  char           *brand;
  char           *market;
  char           *country;
  char           *contact_name;
  char           *contact_email;
  char           *contact_phone;
  PdReviewStatus  review_status;
  gboolean        has_left_at;
  gint64          left_at;
} PdMerchantContact;

void                 pd_merchant_contact_clear     (PdMerchantContact *contact);
gboolean             pd_merchant_contact_get       (PdStore           *store,
                                                    const char        *program_id,
                                                    const char        *seller_id,
                                                    PdMerchantContact *out,
                                                    GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMerchantSeller, pd_merchant_seller_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdMerchantContact, pd_merchant_contact_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMerchantCheck, pd_merchant_check_free)

G_END_DECLS
