/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sign-in"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-config.h"
#include "pd-credentials.h"
#include "pd-platform-sign-in.h"
#include "pd-sign-in-dialog.h"
#include "pd-sync-controller.h"
#include "pd-sync-text.h"

struct _PdSignInDialog
{
  AdwWindow     parent_instance;

  PdContext    *context;
  GCancellable *cancellable;
  char         *endpoint;       /* the one being signed in to */

  GtkButton    *sign_in_button;
  AdwEntryRow  *endpoint_row;
  AdwEntryRow  *app_key_row;
  AdwEntryRow  *app_secret_row;
  GtkSpinner   *spinner;
  GtkLabel     *status_label;
};

G_DEFINE_FINAL_TYPE (PdSignInDialog, pd_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (PdSignInDialog *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  /* Not insensitive: a focused entry made insensitive loses its focus
   * without being told (GTK 4.8 warns); read-only is enough. */
  gtk_editable_set_editable (GTK_EDITABLE (self->endpoint_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->app_key_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->app_secret_row), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
say (PdSignInDialog *self,
     const char     *text,
     gboolean        error)
{
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  /* A screen reader hears the outcome without moving there. */
  if (text != NULL && *text != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->sign_in_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* In this dialog the key and the secret are right here to check. */
static char *
describe_failure (PdSignInDialog *self,
                  const GError   *error)
{
  if (g_error_matches (error, PD_SYNC_ERROR, PD_SYNC_ERROR_SECRET_REFUSED))
    return g_strdup (_("The platform refused the app secret: check it and try again."));
  if (g_error_matches (error, PD_SYNC_ERROR, PD_SYNC_ERROR_APP_KEY_REFUSED))
    return g_strdup (_("The platform does not know this app key: check it and try again."));
  return pd_sync_error_to_text (error, self->endpoint);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_credentials_save_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_cancellable_is_cancelled (self->cancellable))
        return;
      set_busy (self, FALSE);
      /* Translators: %s says why the keyring refused */
      text = g_strdup_printf (_("The platform accepted the sign-in, but the keyring could not keep it: %s"),
                              error->message);
      say (self, text, TRUE);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* The sync tries them (the keyring is not the store, but what the
   * store syncs with them changes: this window wrote, this window tells). */
  pd_store_emit_change (pd_context_get_store (self->context), PD_ENTITY_CREDENTIALS, NULL,
                        PD_CHANGE_ORIGIN_WINDOW);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, self->endpoint);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCredentials) credentials = pd_platform_sign_in_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (credentials == NULL)
    {
      g_autofree char *text = describe_failure (self, error);

      g_debug ("Sign-in at %s failed: %s", self->endpoint, error->message);
      set_busy (self, FALSE);
      say (self, text, TRUE);
      return;
    }

  /* The address the tokens belong to becomes the endpoint. */
  if (!pd_store_set_setting (pd_context_get_store (self->context), "endpoint", self->endpoint, &error))
    {
      set_busy (self, FALSE);
      say (self, error->message, TRUE);
      return;
    }
  say (self, _("Saving to the keyring…"), FALSE);
  pd_credentials_save_async (credentials, self->endpoint, self->cancellable, on_saved_cb,
                             g_object_ref (self));
}

static void
sign_in (PdSignInDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *app_key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->app_key_row))));
  const char *app_secret = gtk_editable_get_text (GTK_EDITABLE (self->app_secret_row));

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->sign_in_button)))
    return;
  if (!pd_config_validate ("endpoint", gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row)),
                           &endpoint, &error))
    {
      say (self, error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->endpoint_row));
      return;
    }
  if (*endpoint == '\0')
    {
      say (self, _("Enter the platform’s address, such as https://partner.example.com."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->endpoint_row));
      return;
    }
  if (*app_key == '\0' || *app_secret == '\0')
    {
      say (self, _("Enter the app key and the app secret of your partner account."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (*app_key == '\0' ? self->app_key_row : self->app_secret_row));
      return;
    }

  g_free (self->endpoint);
  self->endpoint = g_steal_pointer (&endpoint);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), self->endpoint);
  set_busy (self, TRUE);
  /* Translators: %s is the platform's address, a URL */
  {
    g_autofree char *text = g_strdup_printf (_("Signing in at %s…"), self->endpoint);

    say (self, text, FALSE);
  }
  pd_platform_sign_in_async (self->endpoint, app_key, app_secret, self->cancellable,
                             on_signed_in_cb, g_object_ref (self));
}

static void
on_sign_in_clicked_cb (GtkButton      *button,
                       PdSignInDialog *self)
{
  sign_in (self);
}

static void
on_entry_activated_cb (AdwEntryRow    *row,
                       PdSignInDialog *self)
{
  sign_in (self);
}

/* The address to start from: the saved endpoint, else the session's. */
static void
prefill (PdSignInDialog *self)
{
  g_autofree char *endpoint = pd_store_dup_setting (pd_context_get_store (self->context), "endpoint", NULL);
  PdSyncController *controller = pd_context_get_sync_controller (self->context);

  if ((endpoint == NULL || *endpoint == '\0') && controller != NULL)
    {
      g_free (endpoint);
      endpoint = g_strdup (pd_sync_controller_get_endpoint (controller));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint != NULL ? endpoint : "");
}

static void
pd_sign_in_dialog_constructed (GObject *object)
{
  PdSignInDialog *self = PD_SIGN_IN_DIALOG (object);

  G_OBJECT_CLASS (pd_sign_in_dialog_parent_class)->constructed (object);

  g_return_if_fail (PD_IS_CONTEXT (self->context));
  prefill (self);
  /* The first empty field gets the focus when the window shows. */
  gtk_window_set_focus (GTK_WINDOW (self),
                        GTK_WIDGET (*gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row)) != '\0'
                                    ? self->app_key_row : self->endpoint_row));
}

static void
pd_sign_in_dialog_dispose (GObject *object)
{
  PdSignInDialog *self = PD_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_SIGN_IN_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_sign_in_dialog_parent_class)->dispose (object);
}

static void
pd_sign_in_dialog_finalize (GObject *object)
{
  PdSignInDialog *self = PD_SIGN_IN_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->endpoint);

  G_OBJECT_CLASS (pd_sign_in_dialog_parent_class)->finalize (object);
}

static void
pd_sign_in_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdSignInDialog *self = PD_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sign_in_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PdSignInDialog *self = PD_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sign_in_dialog_class_init (PdSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pd_sign_in_dialog_constructed;
  object_class->dispose = pd_sign_in_dialog_dispose;
  object_class->finalize = pd_sign_in_dialog_finalize;
  object_class->get_property = pd_sign_in_dialog_get_property;
  object_class->set_property = pd_sign_in_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, PdSignInDialog, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, PdSignInDialog, app_key_row);
  gtk_widget_class_bind_template_child (widget_class, PdSignInDialog, app_secret_row);
  gtk_widget_class_bind_template_child (widget_class, PdSignInDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdSignInDialog, status_label);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_sign_in_dialog_init (PdSignInDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
  g_signal_connect_object (self->sign_in_button, "clicked", G_CALLBACK (on_sign_in_clicked_cb), self, 0);
  g_signal_connect_object (self->endpoint_row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self, 0);
  g_signal_connect_object (self->app_key_row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self, 0);
  g_signal_connect_object (self->app_secret_row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self, 0);
}

GtkWidget *
pd_sign_in_dialog_new (GtkWindow *parent,
                       PdContext *context)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);

  return g_object_new (PD_TYPE_SIGN_IN_DIALOG, "transient-for", parent, "context", context, NULL);
}
