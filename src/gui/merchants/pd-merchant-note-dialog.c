/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-merchant-note-dialog.h"

struct _PdMerchantNoteDialog
{
  AdwMessageDialog  parent_instance;

  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (PdMerchantNoteDialog, pd_merchant_note_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
pd_merchant_note_dialog_class_init (PdMerchantNoteDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-merchant-note-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdMerchantNoteDialog, entry);
}

static void
pd_merchant_note_dialog_init (PdMerchantNoteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pd_merchant_note_dialog_new (GtkWindow *parent,
                             guint      n_merchants)
{
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The note is added, dated and signed, to %u merchant.",
                                       "The note is added, dated and signed, to %u merchants.", n_merchants),
                          n_merchants);
  return g_object_new (PD_TYPE_MERCHANT_NOTE_DIALOG, "transient-for", parent, "body", body, NULL);
}

const char *
pd_merchant_note_dialog_get_text (PdMerchantNoteDialog *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_NOTE_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}
