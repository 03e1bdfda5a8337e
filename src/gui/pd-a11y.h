/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 exposes the button inside a GtkDropDown to screen readers as a
 * toggle button named after its class ("GtkToggleButton"). This names it
 * @label, the dropdown's own accessible label. Call once the dropdown is
 * built. */
void pd_a11y_label_drop_down (GtkDropDown *dropdown,
                              const char  *label);

G_END_DECLS
