/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-toast"

#include "config.h"

#include "pd-toast.h"

void
pd_toast_show (GtkWidget *widget,
               AdwToast  *toast)
{
  GtkWidget *overlay;
  GtkWidget *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  /* The nearest overlay around the widget: a dialog's own, else the
   * window's. A window itself: the overlay that is its content
   * (PdWindow), or a preferences window's own. */
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  root = GTK_WIDGET (gtk_widget_get_root (widget));
  if (overlay == NULL && ADW_IS_APPLICATION_WINDOW (root))
    overlay = adw_application_window_get_content (ADW_APPLICATION_WINDOW (root));
  if (overlay != NULL && ADW_IS_TOAST_OVERLAY (overlay))
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      return;
    }
  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
      return;
    }
  g_debug ("No toast overlay for “%s”", adw_toast_get_title (toast));
  g_object_unref (toast);
}

void
pd_toast_show_text (GtkWidget  *widget,
                    const char *message)
{
  g_return_if_fail (message != NULL);
  pd_toast_show (widget, adw_toast_new (message));
}
