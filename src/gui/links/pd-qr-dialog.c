/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-qr-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-link-actions.h"
#include "pd-qr-code.h"
#include "pd-qr-dialog.h"
#include "pd-toast.h"

struct _PdQrDialog
{
  AdwWindow        parent_instance;

  char            *url;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  PdQrCode        *qr_code;
  GtkLabel        *url_label;
};

G_DEFINE_FINAL_TYPE (PdQrDialog, pd_qr_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdQrDialog *self = PD_QR_DIALOG (widget);

  if (self->url != NULL)
    pd_link_copy_to_clipboard (GTK_WIDGET (self->qr_code), self->url);
}

static void
on_save_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     PdQrDialog      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        pd_toast_show_text (GTK_WIDGET (self->qr_code), _("Only files on this computer can be written"));
      else if (!pd_qr_code_save_png (self->qr_code, path, PD_QR_DIALOG_PNG_SIZE, &error))
        pd_toast_show_text (GTK_WIDGET (self->qr_code), error->message);
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Saved %s"), name);

          pd_toast_show_text (GTK_WIDGET (self->qr_code), message);
        }
    }
  g_object_unref (chooser);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdQrDialog *self = PD_QR_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save QR Code"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_pattern (filter, "*.png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("link-qr-code.png"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
pd_qr_dialog_finalize (GObject *object)
{
  PdQrDialog *self = PD_QR_DIALOG (object);

  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (pd_qr_dialog_parent_class)->finalize (object);
}

static void
pd_qr_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_QR_DIALOG);

  G_OBJECT_CLASS (pd_qr_dialog_parent_class)->dispose (object);
}

static void
set_url (PdQrDialog *self,
         const char *url)
{
  if (g_strcmp0 (self->url, url) == 0)
    return;
  g_free (self->url);
  self->url = g_strdup (url);
  pd_qr_code_set_text (self->qr_code, url);
  gtk_label_set_text (self->url_label, url != NULL ? url : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

static void
pd_qr_dialog_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PdQrDialog *self = PD_QR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_qr_dialog_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PdQrDialog *self = PD_QR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_URL:
      set_url (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_qr_dialog_class_init (PdQrDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_qr_dialog_dispose;
  object_class->finalize = pd_qr_dialog_finalize;
  object_class->get_property = pd_qr_dialog_get_property;
  object_class->set_property = pd_qr_dialog_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_QR_CODE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-qr-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdQrDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdQrDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdQrDialog, qr_code);
  gtk_widget_class_bind_template_child (widget_class, PdQrDialog, url_label);

  gtk_widget_class_install_action (widget_class, "qr.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "qr.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "qr.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "qr.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_qr_dialog_init (PdQrDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PdQrDialog *
pd_qr_dialog_new (GtkWindow  *parent,
                  const char *url,
                  const char *title)
{
  PdQrDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (PD_TYPE_QR_DIALOG,
                       "transient-for", parent,
                       "url", url,
                       NULL);
  if (title != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_window_title_set_title (self->window_title, title);
    }
  return self;
}

const char *
pd_qr_dialog_get_url (PdQrDialog *self)
{
  g_return_val_if_fail (PD_IS_QR_DIALOG (self), NULL);
  return self->url;
}
