/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The one way the app shows a toast: in the nearest AdwToastOverlay
 * around @widget (a dialog's own, else the main window's), or for a
 * window itself the overlay that is its content, or a preferences
 * window's own. Takes
 * @toast; without an overlay (a widget not in a window yet) it is
 * logged at debug level and dropped. */
void pd_toast_show      (GtkWidget  *widget,
                         AdwToast   *toast);
/* A toast of @message. */
void pd_toast_show_text (GtkWidget  *widget,
                         const char *message);

G_END_DECLS
