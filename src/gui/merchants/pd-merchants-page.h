/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_MERCHANTS_PAGE (pd_merchants_page_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantsPage, pd_merchants_page, PD, MERCHANTS_PAGE, AdwBin)

/* The Merchants page: every entry of every recruitment program (target
 * merchants, invited sellers, their stores) in a GtkColumnView over a
 * PdMerchantListModel, sorted by any column (the headers set the query's
 * sort), filtered by program, verdict, market and staff, searched as the
 * user types; a detail pane; link, note and staff actions. Its rows are
 * refreshed in the background whenever the context says the store
 * changed, and when a verdict would change with time alone.
 *
 * The context may be set after construction (the window binds its own);
 * until then the page shows its empty state. */
GtkWidget *pd_merchants_page_new         (PdContext       *context);
PdContext *pd_merchants_page_get_context (PdMerchantsPage *self);
void       pd_merchants_page_set_context (PdMerchantsPage *self,
                                          PdContext       *context);

/* Shows the merchants of @program_id (NULL: every program) at @stage
 * (a PdStage, -1: any) with @verdict (a PdMerchantVerdict, -1: any),
 * clearing the search and the other filters. */
void       pd_merchants_page_set_filters   (PdMerchantsPage *self,
                                            const char      *program_id,
                                            int              stage,
                                            int              verdict);
/* Finds @seller_id in @program_id and opens its checklist (now, or as
 * soon as the page has read its rows). */
void       pd_merchants_page_show_merchant (PdMerchantsPage *self,
                                            const char      *program_id,
                                            const char      *seller_id);

/* For tests: the column view, the model, and whether a background
 * refresh is running. */
GtkColumnView *pd_merchants_page_get_column_view (PdMerchantsPage *self);
GListModel    *pd_merchants_page_get_model       (PdMerchantsPage *self);
gboolean       pd_merchants_page_get_refreshing  (PdMerchantsPage *self);

G_END_DECLS
