/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-request-detail.h"
#include "pd-requests-model.h"
#include "pd-requests-page.h"

G_BEGIN_DECLS

/* Shared by pd-requests-page.c (the list) and pd-requests-page-actions.c
 * (what the buttons do). */
struct _PdRequestsPage
{
  GtkWidget            parent_instance;

  PdContext           *context;
  gulong               store_changed_id;
  gboolean             load_pending;
  PdRequestsModel     *model;
  GtkSingleSelection  *selection;
  PdSellerRequest     *current;          /* the request the detail shows, or NULL */
  GHashTable          *moved_ids;        /* requests moved here, until sync settles them */
  GHashTable          *conflicts_shown;  /* outbox ids whose conflict dialog was opened */
  GPtrArray           *category_ids;     /* in the order of the category dropdown; [0] NULL */

  GtkStack            *stack;
  GtkStack            *list_stack;
  AdwFlap             *flap;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *type_dropdown;
  GtkDropDown         *category_dropdown;
  GtkDropDown         *sort_dropdown;
  GtkMenuButton       *amounts_button;
  GtkEntry            *budget_min_entry;
  GtkEntry            *budget_max_entry;
  GtkEntry            *gmv_min_entry;
  GtkEntry            *gmv_max_entry;
  GtkLabel            *count_label;
  GtkToggleButton     *details_button;
  GtkListView         *list_view;
  PdRequestDetail     *detail;
};

/* Reads the current request again and sets the buttons and detail. */
void pd_requests_page_update_current   (PdRequestsPage  *self);
/* After a sync: opens the conflict dialog for a request moved here that
 * the platform answered with 409, once. */
void pd_requests_page_check_conflicts  (PdRequestsPage  *self);
void pd_requests_page_install_actions  (GtkWidgetClass  *widget_class);

G_END_DECLS
