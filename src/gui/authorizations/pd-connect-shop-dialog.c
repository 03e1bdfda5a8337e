/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorizations"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-connect-shop-dialog.h"
#include "pd-open-api-client.h"
#include "pd-store-open-api.h"
#include "pd-sync-controller.h"
#include "pd-toast.h"

#define RESPONSE_CONNECT "connect"

typedef struct
{
  char          *store_path;
  char          *address;
  PdCredentials *app;
  PdContext     *context;
  GtkWidget     *parent;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_clear_object (&data->context);
  g_clear_object (&data->parent);
  g_free (data->store_path);
  g_free (data->address);
  g_clear_pointer (&data->app, pd_credentials_free);
  g_free (data);
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConnectData *data = task_data;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOpenApiClient) client = NULL;
  g_autoptr(GPtrArray) shops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *state = NULL;

  /* Which link it answers first: that needs no credentials. */
  store = pd_store_open (data->store_path, &error);
  if (store != NULL && pd_open_api_parse_redirect (data->address, &code, &state, &error) &&
      (state == NULL || pd_store_open_api_check_link (store, state, NULL, &error)))
    client = pd_open_api_client_new_for_app (store, data->app, cancellable, &error);
  if (client != NULL)
    shops = pd_open_api_client_connect (client, data->address, cancellable, &error);
  if (shops == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&shops), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ConnectData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) shops = NULL;
  g_autoptr(GError) error = NULL;
  PdSyncController *controller;
  g_autofree char *text = NULL;

  shops = g_task_propagate_pointer (G_TASK (result), &error);
  if (shops == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (data->parent);
      GtkWidget *refusal = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                   _("Cannot Connect the Shop"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (refusal), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (refusal));
      return;
    }
  if (shops->len == 1)
    /* Translators: a shop's name. */
    text = g_strdup_printf (_("Shop connected: %s"), ((PdOpenApiShop *) shops->pdata[0])->name);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u shop connected", "%u shops connected",
                                         shops->len), shops->len);
  /* The worker wrote on a connection of its own: tell this process. */
  pd_store_emit_change (pd_context_get_store (data->context), PD_ENTITY_STORES, NULL,
                        PD_CHANGE_ORIGIN_WINDOW);
  pd_toast_show_text (data->parent, text);
  /* Their figures, now. */
  controller = pd_context_get_sync_controller (data->context);
  if (controller != NULL)
    pd_sync_controller_sync_now (controller);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                GtkEntry         *entry)
{
  PdContext *context = g_object_get_data (G_OBJECT (dialog), "context");
  GtkWidget *parent = g_object_get_data (G_OBJECT (dialog), "parent");
  PdSyncController *controller = pd_context_get_sync_controller (context);
  const PdCredentials *app = controller != NULL ? pd_sync_controller_get_open_api_app (controller) : NULL;
  g_autoptr(GTask) task = NULL;
  ConnectData *data;

  if (!g_str_equal (response, RESPONSE_CONNECT))
    return;
  data = g_new0 (ConnectData, 1);
  data->store_path = g_strdup (pd_store_get_path (pd_context_get_store (context)));
  data->address = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  data->app = app != NULL ? pd_credentials_copy (app) : NULL;
  data->context = g_object_ref (context);
  data->parent = g_object_ref (parent);
  task = g_task_new (NULL, NULL, on_connected_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);
  g_task_run_in_thread (task, connect_thread);
}

static void
on_entry_changed_cb (GtkEditable      *entry,
                     AdwMessageDialog *dialog)
{
  const char *text = gtk_editable_get_text (entry);

  adw_message_dialog_set_response_enabled (dialog, RESPONSE_CONNECT, text != NULL && *text != '\0');
}

AdwMessageDialog *
pd_connect_shop_dialog_present (GtkWidget *parent,
                                PdContext *context)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;

  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Connect a Shop"),
                                                       _("When a seller has approved one of your"
                                                         " authorization links, their browser ends on"
                                                         " your service’s address with ?code=…&state=…"
                                                         " Paste that address (or the code) here to read"
                                                         " the seller’s shops from the platform.")));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "https://…?code=…&state=…");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Authorization address"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), RESPONSE_CONNECT, _("_Connect"), NULL);
  adw_message_dialog_set_response_appearance (dialog, RESPONSE_CONNECT, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, RESPONSE_CONNECT);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, RESPONSE_CONNECT, FALSE);
  g_object_set_data_full (G_OBJECT (dialog), "context", g_object_ref (context), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "parent", parent);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), entry);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
