/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-clock.h"
#include "pd-merchant-index.h"

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_DETAIL (pd_merchant_detail_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantDetail, pd_merchant_detail, PD, MERCHANT_DETAIL, GtkBox)

/* The Merchants page's detail pane for one row: the seller and its
 * contact, the eligibility checklist exactly as the engine says it now,
 * the seller's links with their evidence, its stores, the agency's notes,
 * tags and assignee (saved on "Save Notes", which emits "notes-saved"
 * with the seller id), and its audit history. Its buttons use the page's
 * "merchants." actions. */
GtkWidget           *pd_merchant_detail_new        (void);
/* CLOCK: the instant the checklist is evaluated at (the context's). */
void                 pd_merchant_detail_set_index  (PdMerchantDetail    *self,
                                                    PdMerchantIndex     *index,
                                                    PdClock             *clock);
/* Shows @row (copied), reading the rest from the store now. */
void                 pd_merchant_detail_show_row   (PdMerchantDetail    *self,
                                                    const PdMerchantRow *row);
/* The row shown, or NULL. */
const PdMerchantRow *pd_merchant_detail_get_row    (PdMerchantDetail    *self);
/* Reads the shown row again (after the store changed). */
void                 pd_merchant_detail_reload     (PdMerchantDetail    *self);

G_END_DECLS
