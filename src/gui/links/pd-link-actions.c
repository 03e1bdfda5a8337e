/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-link-actions"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-link-actions.h"
#include "pd-qr-dialog.h"
#include "pd-store-links.h"
#include "pd-window.h"
#include "pd-toast.h"

void
pd_link_copy_to_clipboard (GtkWidget  *widget,
                           const char *url)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (url != NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), url);
  pd_toast_show_text (widget, _("Link copied"));
}

void
pd_link_show_qr_code (GtkWidget  *widget,
                      const char *url)
{
  GtkRoot *root;
  PdQrDialog *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (url != NULL);

  root = gtk_widget_get_root (widget);
  dialog = pd_qr_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkWidget *widget;
  PdContext *context;
  char      *token;
} RevokeData;

static void
revoke_data_free (RevokeData *data)
{
  g_clear_object (&data->widget);
  g_clear_object (&data->context);
  g_free (data->token);
  g_free (data);
}

static void
revoke_data_notify (gpointer  data,
                    GClosure *closure)
{
  revoke_data_free (data);
}

static void
on_revoke_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       RevokeData       *data)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "revoke"))
    return;

  if (!pd_store_link_revoke (pd_context_get_store (data->context), data->token, &error))
    {
      pd_toast_show_text (data->widget, error->message);
      return;
    }
  pd_toast_show_text (data->widget, _("Link revoked"));
}

void
pd_link_revoke_with_confirmation (GtkWidget  *widget,
                                  PdContext  *context,
                                  const char *token)
{
  g_autoptr(PdLink) link = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkRoot *root;
  RevokeData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (PD_IS_CONTEXT (context));
  g_return_if_fail (token != NULL);

  link = pd_store_link_get (pd_context_get_store (context), token, &error);
  if (link == NULL)
    {
      pd_toast_show_text (widget, error->message);
      return;
    }
  if (link->seller_id != NULL)
    body = g_strdup_printf (_("The link for merchant %s stops working: whoever opens it can no longer"
                              " register or authorize through it. This cannot be undone."),
                            link->seller_id);
  else
    body = g_strdup (_("The link stops working: whoever opens it can no longer register or"
                       " authorize through it. This cannot be undone."));

  root = gtk_widget_get_root (widget);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Revoke Link?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (RevokeData, 1);
  data->widget = g_object_ref (widget);
  data->context = g_object_ref (context);
  data->token = g_strdup (token);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_revoke_response_cb), data,
                         revoke_data_notify, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
