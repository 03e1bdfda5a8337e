/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* GTK 4.8 exposes the button inside a GtkDropDown to screen readers as a
 * toggle button named after its class ("GtkToggleButton"). This names it
 * @label, the dropdown's own accessible label. Call once the dropdown is
 * built. */
void pd_a11y_label_drop_down (GtkDropDown *dropdown,
                              const char  *label);

/* GTK 4.8 names the rows of a GtkListView or GtkColumnView, and a column
 * view's inner list, after their classes ("GtkListItemWidget",
 * "GtkColumnListView"), which is what a screen reader then reads.
 *
 * pd_a11y_label_row() names the row that holds @widget (a cell or a
 * row's content, once bound) @label; call it from the bind or update that
 * shows an item, so a recycled row takes the new item's name.
 * pd_a11y_label_column_view() names a column view's inner list @label,
 * the column view's own name, and its row of titles "Column Titles". */
void pd_a11y_label_row         (GtkWidget     *widget,
                                const char    *label);
void pd_a11y_label_column_view (GtkColumnView *column_view,
                                const char    *label);

/* GTK 4.8 also names the list inside every AdwPreferencesGroup after its
 * class ("GtkListBox"). This names each such list under @root by the
 * group's title (or description, or the heading label just before the
 * group), else "List". The app's own list boxes are named in their .ui.
 * Call it once the widget's template is built, or its groups added. */
void pd_a11y_name_lists        (GtkWidget     *root);

/* AdwExpanderRow 1.2 leaves itself and the list of its rows unnamed:
 * names both @label, its title. */
void pd_a11y_label_expander_row (AdwExpanderRow *row,
                                 const char     *label);

G_END_DECLS
