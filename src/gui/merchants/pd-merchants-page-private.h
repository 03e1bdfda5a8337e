/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the Merchants page's files share (pd-merchants-page.c: the list,
 * its query, filters and state; pd-merchants-page-actions.c: the
 * "merchants." actions and their dialogs), as gnome-text-editor splits
 * its window into editor-window.c and editor-window-actions.c. */

#include "pd-merchant-detail.h"
#include "pd-merchant-item.h"
#include "pd-merchant-list-model.h"
#include "pd-merchant-refresher.h"
#include "pd-merchants-page.h"

G_BEGIN_DECLS

struct _PdMerchantsPage
{
  AdwBin               parent_instance;

  PdContext           *context;
  PdMerchantIndex     *index;
  PdMerchantListModel *model;
  GtkMultiSelection   *selection;
  PdMerchantRefresher *refresher;
  PdMerchantQuery      query;
  PdMerchantState      state;

  GPtrArray           *program_ids;  /* [0] NULL: every program */
  GPtrArray           *markets;
  GPtrArray           *staff;
  gboolean             updating_filters;
  char                *filter_program;  /* asked for by another page */
  char                *reveal_seller;   /* to show once the rows are there */

  GtkColumnViewColumn *columns[PD_MERCHANT_N_COLUMNS];
  PdMerchantItem      *probe[2];

  GtkStack            *stack;
  AdwFlap             *flap;
  GtkSearchEntry      *search_entry;
  GtkToggleButton     *details_button;
  GtkDropDown         *program_dropdown;
  GtkDropDown         *verdict_dropdown;
  GtkDropDown         *stage_dropdown;
  GtkDropDown         *market_dropdown;
  GtkDropDown         *staff_dropdown;
  GtkLabel            *count_label;
  GtkSpinner          *spinner;
  GtkProgressBar      *preparing_progress;
  GtkColumnView       *column_view;
  PdMerchantDetail    *detail;
};

/* pd-merchants-page.c */
void           pd_merchants_page_toast             (PdMerchantsPage     *self,
                                                    const char          *message);
/* A copy of the selected row (the first of several), or NULL. */
PdMerchantRow *pd_merchants_page_current_row       (PdMerchantsPage     *self);
void           pd_merchants_page_show_details      (PdMerchantsPage     *self);
/* Reads the search and filters into the query. */
void           pd_merchants_page_requery           (PdMerchantsPage     *self);

/* pd-merchants-page-reveal.c */
void           pd_merchants_page_reveal_pending    (PdMerchantsPage     *self);

/* pd-merchants-page-actions.c */
void           pd_merchants_page_class_init_actions (GtkWidgetClass    *widget_class);
void           pd_merchants_page_init_shortcuts     (PdMerchantsPage   *self);

/* pd-merchants-page-export.c: "merchants.export", the list as filtered. */
void           pd_merchants_page_class_init_export  (GtkWidgetClass    *widget_class);

G_END_DECLS
