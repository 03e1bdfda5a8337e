/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-requests"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-request-reject-dialog.h"

struct _PdRequestRejectDialog
{
  AdwMessageDialog  parent_instance;

  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (PdRequestRejectDialog, pd_request_reject_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_entry_changed_cb (PdRequestRejectDialog *self)
{
  g_autofree char *reason = pd_request_reject_dialog_dup_reason (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "reject", *reason != '\0');
}

static void
pd_request_reject_dialog_class_init (PdRequestRejectDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-request-reject-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdRequestRejectDialog, entry);
}

static void
pd_request_reject_dialog_init (PdRequestRejectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (on_entry_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
pd_request_reject_dialog_new (GtkWindow  *parent,
                              const char *contact)
{
  g_autofree char *body = NULL;

  if (contact != NULL)
    body = g_strdup_printf (_("%s is told that your agency declined the request, with your reason."
                              " A rejected request cannot be reopened."), contact);
  else
    body = g_strdup (_("The seller is told that your agency declined the request, with your reason."
                       " A rejected request cannot be reopened."));
  return g_object_new (PD_TYPE_REQUEST_REJECT_DIALOG, "transient-for", parent, "body", body, NULL);
}

char *
pd_request_reject_dialog_dup_reason (PdRequestRejectDialog *self)
{
  g_return_val_if_fail (PD_IS_REQUEST_REJECT_DIALOG (self), NULL);
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
}
