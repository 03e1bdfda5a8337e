/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorizations"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-authorization-format.h"
#include "pd-connect-shop-dialog.h"
#include "pd-connected-shop-item.h"
#include "pd-connected-shops-window.h"
#include "pd-merchant-format.h"
#include "pd-open-api-client.h"
#include "pd-sync-controller.h"
#include "pd-toast.h"

struct _PdConnectedShopsWindow
{
  AdwWindow     parent_instance;

  PdContext    *context;
  GListStore   *items;       /* PdConnectedShopItem */
  GCancellable *cancellable;
  guint         busy;        /* reads and disconnections under way */

  GtkStack     *stack;
  GtkListBox   *list_box;
  GtkLabel     *count_label;
};

G_DEFINE_FINAL_TYPE (PdConnectedShopsWindow, pd_connected_shops_window, ADW_TYPE_WINDOW)

/* The state's display name and chip class. */
static const char *
state_display (const char *state,
               const char **css_class)
{
  if (g_strcmp0 (state, "cancelled") == 0)
    {
      *css_class = "error";
      return C_("shop", "Cancelled");
    }
  if (g_strcmp0 (state, "expired") == 0)
    {
      *css_class = "warning";
      return C_("shop", "Expired");
    }
  *css_class = "success";
  return C_("shop", "Active");
}

static char *
format_title (const PdOpenApiShop *shop)
{
  /* Translators: a connected shop's name and region, "Lumen Home EU (DE)". */
  return g_strdup_printf (_("%s (%s)"), shop->name, shop->region);
}

static char *
format_seller (const PdOpenApiShop *shop)
{
  const char *name = shop->seller_name != NULL && *shop->seller_name != '\0' ? shop->seller_name : NULL;

  if (shop->seller_id != NULL)
    return pd_authorization_format_seller (shop->seller_id, name);
  return g_strdup (name != NULL ? name : shop->open_id);
}

static char *
format_subtitle (const PdOpenApiShop    *shop,
                 const PdOpenApiReading *reading,
                 gint64                  now,
                 GTimeZone              *zone)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *seller = format_seller (shop);
  g_autofree char *ends = pd_authorization_format_date (shop->refresh_expires_at, zone);
  g_autofree char *read = shop->last_read_at > 0 ? pd_merchant_format_ago (shop->last_read_at, now)
                                                 : g_strdup (_("never"));
  g_autofree char *figures = pd_merchant_format_reading (reading, now);
  gboolean ended = g_strcmp0 (shop->state, "connected") != 0;

  g_string_append_printf (text, "%s\n", seller);
  /* Translators: when a connected shop's authorization ends and when it
   * was last read: "Authorization ends 2027-01-06 · last read 2 hours ago". */
  g_string_append_printf (text, ended ? _("Authorization ended %s · last read %s")
                                      : _("Authorization ends %s · last read %s"),
                          ends, read);
  if (figures != NULL && *figures != '\0')
    g_string_append_printf (text, "\n%s", figures);
  if (g_strcmp0 (shop->state, "cancelled") == 0)
    g_string_append_printf (text, "\n%s", _("The seller cancelled the authorization: its figures are"
                                           " kept, no more are read. Connect again through a new"
                                           " authorization link."));
  else if (ended)
    g_string_append_printf (text, "\n%s", _("The authorization ended: its figures are kept, no more"
                                           " are read. Send the seller a renewal link."));
  else if (shop->last_error != NULL)
    /* Translators: the error of a shop's last read. */
    g_string_append_printf (text, "\n%s", shop->last_error);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  PdConnectedShopsWindow *self = user_data;
  const PdOpenApiShop *shop = pd_connected_shop_item_get_shop (item);
  const PdOpenApiReading *reading = pd_connected_shop_item_get_reading (item);
  PdStore *store = pd_context_get_store (self->context);
  gint64 now = pd_clock_get_now (pd_context_get_clock (self->context));
  g_autoptr(GTimeZone) zone = pd_store_dup_user_zone (store, NULL);
  g_autofree char *title = format_title (shop);
  g_autofree char *subtitle = NULL;
  g_autofree char *seller = format_seller (shop);
  g_autofree char *accessible = NULL;
  g_autofree char *read_label = NULL;
  g_autofree char *disconnect_label = NULL;
  const char *css_class = NULL;
  const char *state = state_display (shop->state, &css_class);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *chip = gtk_label_new (state);
  GtkWidget *read_button = gtk_button_new_with_mnemonic (_("_Read Now"));
  GtkWidget *disconnect_button = gtk_button_new_with_mnemonic (_("_Disconnect"));

  if (zone == NULL)
    zone = g_time_zone_new_local ();
  subtitle = format_subtitle (shop, reading, now, zone);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (chip, "pd-chip");
  gtk_widget_add_css_class (chip, css_class);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), chip);

  /* Which shop each button acts on, for screen readers. */
  /* Translators: a button's accessible name, "Read Now: Lumen Home EU (DE)". */
  read_label = g_strdup_printf (_("Read Now: %s"), title);
  /* Translators: a button's accessible name, "Disconnect: Lumen Home EU (DE)". */
  disconnect_label = g_strdup_printf (_("Disconnect: %s"), title);
  gtk_widget_set_valign (read_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (read_button, _("Read this shop’s GMV, warehouses and status from the platform now"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (read_button), "shops.read");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (read_button), "s", shop->shop_id);
  gtk_widget_set_sensitive (read_button, g_strcmp0 (shop->state, "connected") == 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (read_button), GTK_ACCESSIBLE_PROPERTY_LABEL, read_label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), read_button);

  gtk_widget_set_valign (disconnect_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (disconnect_button, _("Forget this seller’s authorization and its tokens;"
                                                    " the figures read are kept"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (disconnect_button), "shops.disconnect");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (disconnect_button), "s", shop->open_id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (disconnect_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  disconnect_label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), disconnect_button);

  /* Translators: a connected shop's row for screen readers: "Lumen Home EU (DE), Lumen Home (7001), Active". */
  accessible = g_strdup_printf (_("%s, %s, %s"), title, seller, state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static void
reload (PdConnectedShopsWindow *self)
{
  g_autoptr(GListStore) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (self->context == NULL)
    return;
  fresh = pd_connected_shop_items_load (pd_context_get_store (self->context), &error);
  if (fresh == NULL)
    {
      pd_toast_show_text (GTK_WIDGET (self->stack), error->message);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (fresh));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (fresh), i));
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, n);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u connected shop", "%u connected shops", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
on_store_changed_cb (PdStore                *store,
                     const PdStoreChange    *change,
                     PdConnectedShopsWindow *self)
{
  if (self->busy == 0 && pd_store_change_has (change, PD_ENTITY_STORES | PD_ENTITY_SYNCED))
    reload (self);
}

/* Read Now and Disconnect, in a worker thread on a store connection of
 * its own. */
typedef struct
{
  char          *store_path;
  char          *id;        /* shop id (read) or open_id (disconnect) */
  gboolean       disconnect;
  PdCredentials *app;
} WorkData;

static void
work_data_free (WorkData *data)
{
  g_free (data->store_path);
  g_free (data->id);
  g_clear_pointer (&data->app, pd_credentials_free);
  g_free (data);
}

static void
work_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  WorkData *data = task_data;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdOpenApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  guint n_read = 0, n_ended = 0;
  gboolean ok;

  store = pd_store_open (data->store_path, &error);
  if (store == NULL)
    ok = FALSE;
  else if (data->disconnect)
    ok = pd_open_api_disconnect (store, data->id, cancellable, &error);
  else
    ok = (client = pd_open_api_client_new_for_app (store, data->app, cancellable, &error)) != NULL &&
         pd_open_api_client_read (client, data->id, FALSE, &n_read, &n_ended, cancellable, &error);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n_ended);
}

static void
on_work_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PdConnectedShopsWindow *self = PD_CONNECTED_SHOPS_WINDOW (source);
  WorkData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gssize n_ended = g_task_propagate_int (G_TASK (result), &error);

  self->busy--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The worker wrote through a connection of its own: tell this process. */
  if (self->context != NULL)
    pd_store_emit_change (pd_context_get_store (self->context), PD_ENTITY_STORES, NULL,
                          PD_CHANGE_ORIGIN_WINDOW);
  reload (self);
  if (error != NULL)
    pd_toast_show_text (GTK_WIDGET (self->stack), error->message);
  else if (data->disconnect)
    pd_toast_show_text (GTK_WIDGET (self->stack), _("Disconnected; the figures read are kept"));
  else if (n_ended > 0)
    pd_toast_show_text (GTK_WIDGET (self->stack), _("The seller’s authorization has ended: the shop’s"
                                                    " figures are kept"));
  else
    pd_toast_show_text (GTK_WIDGET (self->stack), _("Shop read from the platform"));
}

static void
start_work (PdConnectedShopsWindow *self,
            const char             *id,
            gboolean                disconnect)
{
  PdSyncController *controller = pd_context_get_sync_controller (self->context);
  const PdCredentials *app = controller != NULL ? pd_sync_controller_get_open_api_app (controller) : NULL;
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_work_done_cb, NULL);
  WorkData *data = g_new0 (WorkData, 1);

  data->store_path = g_strdup (pd_store_get_path (pd_context_get_store (self->context)));
  data->id = g_strdup (id);
  data->disconnect = disconnect;
  data->app = app != NULL ? pd_credentials_copy (app) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) work_data_free);
  g_task_set_name (task, "[pd-authorizations] connected shop");
  self->busy++;
  g_task_run_in_thread (task, work_thread);
}

static void
read_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdConnectedShopsWindow *self = PD_CONNECTED_SHOPS_WINDOW (widget);

  if (self->context != NULL)
    start_work (self, g_variant_get_string (parameter, NULL), FALSE);
}

static void
on_disconnect_response_cb (AdwMessageDialog       *dialog,
                           const char             *response,
                           PdConnectedShopsWindow *self)
{
  if (g_str_equal (response, "disconnect") && self->context != NULL)
    start_work (self, g_object_get_data (G_OBJECT (dialog), "open-id"), TRUE);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PdConnectedShopsWindow *self = PD_CONNECTED_SHOPS_WINDOW (widget);
  const char *open_id = g_variant_get_string (parameter, NULL);
  g_autoptr(GString) shops = g_string_new (NULL);
  g_autofree char *body = NULL;
  guint n = 0;
  GtkWidget *dialog;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(PdConnectedShopItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      const PdOpenApiShop *shop = pd_connected_shop_item_get_shop (item);

      if (g_str_equal (shop->open_id, open_id))
        {
          g_autofree char *title = format_title (shop);

          g_string_append_printf (shops, "%s%s", n++ > 0 ? ", " : "", title);
        }
    }
  /* Translators: %s: the shops' names, comma-separated. */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Partner Desk forgets this seller’s authorization and its tokens,"
                                       " and stops reading %s. The figures already read are kept. To read"
                                       " the shop again, the seller authorizes through a new link.",
                                       "Partner Desk forgets this seller’s authorization and its tokens,"
                                       " and stops reading %s. The figures already read are kept. To read"
                                       " the shops again, the seller authorizes through a new link.", n),
                          shops->str);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Disconnect the Seller’s Shops?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "disconnect", _("_Disconnect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "disconnect",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "open-id", g_strdup (open_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_disconnect_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdConnectedShopsWindow *self = PD_CONNECTED_SHOPS_WINDOW (widget);

  /* Its toast in this window; the store's change reloads the list. */
  if (self->context != NULL)
    pd_connect_shop_dialog_present (GTK_WIDGET (self->stack), self->context);
}

static void
pd_connected_shops_window_dispose (GObject *object)
{
  PdConnectedShopsWindow *self = PD_CONNECTED_SHOPS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (pd_context_get_store (self->context), self);
  g_clear_object (&self->context);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (pd_connected_shops_window_parent_class)->dispose (object);
}

static void
pd_connected_shops_window_class_init (PdConnectedShopsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_connected_shops_window_dispose;
  gtk_widget_class_install_action (widget_class, "shops.read", "s", read_action);
  gtk_widget_class_install_action (widget_class, "shops.disconnect", "s", disconnect_action);
  gtk_widget_class_install_action (widget_class, "shops.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
build_list (PdConnectedShopsWindow *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->count_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Connected Shops"), -1);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->items), create_row_cb, self, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list_box));
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

static void
pd_connected_shops_window_init (PdConnectedShopsWindow *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *connect = gtk_button_new_with_mnemonic (_("Connect a _Shop…"));

  self->items = g_list_store_new (PD_TYPE_CONNECTED_SHOP_ITEM);
  self->cancellable = g_cancellable_new ();
  self->stack = GTK_STACK (gtk_stack_new ());

  gtk_window_set_title (GTK_WINDOW (self), _("Connected Shops"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 520);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (connect), "shops.connect");
  gtk_widget_set_tooltip_text (connect, _("Paste the address a seller reached after authorizing, to read"
                                          " their shops from the platform"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), connect);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "network-server-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Connected Shops"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("When a seller has authorized through one of your authorization links,"
                                     " connect the shop with Connect a Shop… Its GMV, warehouses and status"
                                     " are then read from the platform at every sync."));
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, build_list (self), "list");
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (self->stack));
  gtk_widget_set_vexpand (overlay, TRUE);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), overlay);
  adw_window_set_content (ADW_WINDOW (self), content);
}

PdConnectedShopsWindow *
pd_connected_shops_window_new (GtkWindow *parent,
                               PdContext *context)
{
  PdConnectedShopsWindow *self;

  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);

  self = g_object_new (PD_TYPE_CONNECTED_SHOPS_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  g_signal_connect (pd_context_get_store (context), "changed", G_CALLBACK (on_store_changed_cb), self);
  reload (self);
  return self;
}

GListModel *
pd_connected_shops_window_get_model (PdConnectedShopsWindow *self)
{
  g_return_val_if_fail (PD_IS_CONNECTED_SHOPS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->items);
}
