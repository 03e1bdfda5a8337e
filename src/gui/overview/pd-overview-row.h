/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-overview-item.h"

G_BEGIN_DECLS

#define PD_TYPE_OVERVIEW_ROW (pd_overview_row_get_type ())

G_DECLARE_FINAL_TYPE (PdOverviewRow, pd_overview_row, PD, OVERVIEW_ROW, GtkWidget)

/* One row of the Overview's lists, showing a PdOverviewItem: its title
 * and badge, the subtitle under them, the detail below. A GtkListView
 * makes up to 200 of these at once, so they are cheap: built in code, no
 * bindings, the labels set when the item is. */

GtkWidget      *pd_overview_row_new      (void);
PdOverviewItem *pd_overview_row_get_item (PdOverviewRow  *self);
void            pd_overview_row_set_item (PdOverviewRow  *self,
                                          PdOverviewItem *item);

/* The factory of the Overview's lists: a PdOverviewRow per list item,
 * bound to its PdOverviewItem. */
GtkListItemFactory *pd_overview_row_new_factory (void);

G_END_DECLS
