/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-merchant-assign-dialog.h"

struct _PdMerchantAssignDialog
{
  AdwMessageDialog  parent_instance;

  GtkDropDown      *choices;
  GtkEntry         *entry;
  GtkStringList    *names;
};

G_DEFINE_FINAL_TYPE (PdMerchantAssignDialog, pd_merchant_assign_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* A name chosen in the list is put in the entry, where it can be edited. */
static void
on_choice_cb (PdMerchantAssignDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->choices);

  if (i > 0 && i != GTK_INVALID_LIST_POSITION)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), gtk_string_list_get_string (self->names, i));
}

static void
pd_merchant_assign_dialog_class_init (PdMerchantAssignDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-merchant-assign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdMerchantAssignDialog, choices);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantAssignDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantAssignDialog, names);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_cb);
}

static void
pd_merchant_assign_dialog_init (PdMerchantAssignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pd_merchant_assign_dialog_new (GtkWindow *parent,
                               guint      n_merchants,
                               GPtrArray *staff)
{
  PdMerchantAssignDialog *self;
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Who follows up %u merchant? Leave the name empty for nobody.",
                                       "Who follows up %u merchants? Leave the name empty for nobody.",
                                       n_merchants),
                          n_merchants);
  self = g_object_new (PD_TYPE_MERCHANT_ASSIGN_DIALOG, "transient-for", parent, "body", body, NULL);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    gtk_string_list_append (self->names, g_ptr_array_index (staff, i));
  return GTK_WIDGET (self);
}

char *
pd_merchant_assign_dialog_dup_name (PdMerchantAssignDialog *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_ASSIGN_DIALOG (self), NULL);
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
}
