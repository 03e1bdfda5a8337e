/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-staff-name"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-staff-name-dialog.h"

struct _PdStaffNameDialog
{
  AdwMessageDialog  parent_instance;

  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (PdStaffNameDialog, pd_staff_name_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_entry_changed_cb (GtkEditable       *editable,
                     PdStaffNameDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", *name != '\0');
}

static void
pd_staff_name_dialog_class_init (PdStaffNameDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-staff-name-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdStaffNameDialog, entry);
}

static void
pd_staff_name_dialog_init (PdStaffNameDialog *self)
{
  const char *real = g_get_real_name ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (on_entry_changed_cb), self, 0);
  /* GLib says "Unknown" when the account has no real name. */
  gtk_editable_set_text (GTK_EDITABLE (self->entry),
                         real != NULL && g_strcmp0 (real, "Unknown") != 0 ? real : g_get_user_name ());
  on_entry_changed_cb (GTK_EDITABLE (self->entry), self);
}

GtkWidget *
pd_staff_name_dialog_new (GtkWindow *parent)
{
  return g_object_new (PD_TYPE_STAFF_NAME_DIALOG, "transient-for", parent, NULL);
}

const char *
pd_staff_name_dialog_get_name (PdStaffNameDialog *self)
{
  g_return_val_if_fail (PD_IS_STAFF_NAME_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

gboolean
pd_staff_name_is_set (PdContext *context)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (PD_IS_CONTEXT (context), FALSE);

  name = pd_store_dup_setting (pd_context_get_store (context), "staff_name", NULL);
  return name != NULL && *name != '\0';
}

typedef struct
{
  GtkWidget *widget;
  PdContext *context;
  char      *action_name;
} Ask;

static void
ask_free (gpointer data,
          GClosure *closure)
{
  Ask *ask = data;

  g_object_unref (ask->widget);
  g_object_unref (ask->context);
  g_free (ask->action_name);
  g_free (ask);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                Ask              *ask)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root;
  GtkWidget *refusal;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (pd_store_set_setting (pd_context_get_store (ask->context), "staff_name",
                            pd_staff_name_dialog_get_name (PD_STAFF_NAME_DIALOG (dialog)), &error))
    {
      gtk_widget_activate_action (ask->widget, ask->action_name, NULL);
      return;
    }
  root = gtk_widget_get_root (ask->widget);
  refusal = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    _("Cannot Save Your Name"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (refusal), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (refusal));
}

void
pd_staff_name_ask_then (GtkWidget  *widget,
                        PdContext  *context,
                        const char *action_name)
{
  GtkRoot *root;
  GtkWidget *dialog;
  Ask *ask;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (PD_IS_CONTEXT (context));
  g_return_if_fail (action_name != NULL);

  root = gtk_widget_get_root (widget);
  dialog = pd_staff_name_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  ask = g_new0 (Ask, 1);
  ask->widget = g_object_ref (widget);
  ask->context = g_object_ref (context);
  ask->action_name = g_strdup (action_name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response_cb), ask, ask_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
