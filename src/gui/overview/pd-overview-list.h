/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-overview-item.h"

G_BEGIN_DECLS

#define PD_TYPE_OVERVIEW_LIST (pd_overview_list_get_type ())

G_DECLARE_FINAL_TYPE (PdOverviewList, pd_overview_list, PD, OVERVIEW_LIST, GObject)

/* A GListModel of PdOverviewItem over rows kept elsewhere (a snapshot's
 * arrays): an item is made only when a view asks for its position, so a
 * list of hundreds of thousands of rows costs what its visible rows
 * cost. Items are not cached: a view keeps the ones it shows. The first
 * 200 rows come a few at a time, one step per main loop turn, so that a
 * view makes their widgets over several frames (pd-overview-list.c). */

typedef PdOverviewItem *(*PdOverviewItemFunc) (gpointer user_data,
                                               guint    position);

PdOverviewList *pd_overview_list_new       (void);
/* Replaces the rows (items-changed over the whole list). */
void            pd_overview_list_set_rows  (PdOverviewList     *self,
                                            guint               n_items,
                                            PdOverviewItemFunc  func,
                                            gpointer            user_data,
                                            GDestroyNotify      destroy);

/* Every row, revealed or not yet. */
guint           pd_overview_list_get_n_rows (PdOverviewList *self);

G_END_DECLS
