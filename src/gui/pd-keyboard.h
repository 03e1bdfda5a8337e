/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Keyboard behaviour shared by the pages.
 *
 * pd_keyboard_add_page_shortcut: keyval+modifiers activate @action_name on
 * @page wherever the focus is in the window, while @page is shown (mapped)
 * and the action is enabled. The shortcut lives in a managed controller
 * (the window's shortcut manager), not in the page's local bindings.
 *
 * pd_keyboard_tab_leaves_list: Tab and Shift+Tab inside @list (a
 * GtkListView or GtkColumnView) move to the widget after (before) the
 * list, in one step, instead of row by row (GTK 4.8 list views move the
 * focus to the next row on Tab).
 *
 * pd_keyboard_down_to_list: Down in @entry moves the focus into @list (the
 * row that had the focus last, else the first). */
void     pd_keyboard_add_page_shortcut (GtkWidget       *page,
                                        guint            keyval,
                                        GdkModifierType  modifiers,
                                        const char      *action_name);
void     pd_keyboard_tab_leaves_list   (GtkWidget       *list);
void     pd_keyboard_down_to_list      (GtkWidget       *entry,
                                        GtkWidget       *list);
/* What Tab (forward) or Shift+Tab does inside a list after
 * pd_keyboard_tab_leaves_list(): TRUE when the focus moved out. */
gboolean pd_keyboard_leave_list        (GtkWidget       *list,
                                        GtkDirectionType direction);

G_END_DECLS
