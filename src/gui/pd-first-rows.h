/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The first rows of a big list first, the rest in the frames after.
 *
 * GTK 4.8's GtkListView keeps up to 200 rows alive around its scroll
 * position whatever its height (GTK_LIST_VIEW_MAX_LIST_ITEMS in
 * gtklistview.c), and builds, binds, measures and allocates all of them
 * before the first frame that shows the list: for the Requests page,
 * 200 rows where a window shows ten, most of the time to its first
 * rows.
 *
 * pd_first_rows_new: a model of @model's first items, as many as rows
 * of @min_row_height pixels fill @view's window (rows are never lower:
 * it is a few more than the window shows), that grows by twice as many
 * at each frame of @view after the one that paints them, until it holds
 * all of @model; from then on it follows @model as it is. Give it to
 * @view's selection model in place of @model: its positions are
 * @model's.
 *
 * pd_first_rows_show_all: the whole of @model at once, for a caller
 * that needs a position beyond the first rows (selecting a request
 * chosen elsewhere, say). */
GListModel *pd_first_rows_new      (GListModel *model,
                                    GtkWidget  *view,
                                    int         min_row_height);
void        pd_first_rows_show_all (GListModel *first_rows);

G_END_DECLS
