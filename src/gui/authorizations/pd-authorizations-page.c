/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorizations-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-authorization-list-row.h"
#include "pd-authorization-monitor.h"
#include "pd-first-rows.h"
#include "pd-keyboard.h"
#include "pd-authorizations-model.h"
#include "pd-authorizations-page.h"
#include "pd-connect-shop-dialog.h"
#include "pd-connected-shops-window.h"
#include "pd-link-actions.h"
#include "pd-store-authorizations.h"
#include "pd-toast.h"

/* A row shows three lines of text between its margins: never lower than
 * this, in any language (pd-first-rows.h). */
#define MIN_ROW_HEIGHT 48

struct _PdAuthorizationsPage
{
  GtkWidget              parent_instance;

  PdContext             *context;
  gboolean               load_pending;
  PdAuthorizationsModel *model;
  GtkSingleSelection    *selection;

  GtkStack              *stack;
  GtkStack              *list_stack;
  GtkToggleButton       *expiring_toggle;
  GtkLabel              *count_label;
  GtkListView           *list_view;
  GtkSignalListItemFactory *factory;
};

G_DEFINE_FINAL_TYPE (PdAuthorizationsPage, pd_authorizations_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_count (PdAuthorizationsPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  gboolean expiring = gtk_toggle_button_get_active (self->expiring_toggle);
  g_autofree char *text = NULL;
  guint total = n;

  if (expiring)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u authorization expiring",
                                         "%u authorizations expiring", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u authorization", "%u authorizations",
                                         n), n);
  gtk_label_set_text (self->count_label, text);

  /* The empty state is for a store without any authorization, not for an
   * empty filter. */
  if (self->context != NULL && expiring)
    {
      g_autoptr(GError) error = NULL;

      if (!pd_store_count_authorizations (pd_context_get_store (self->context), 0, -1, &total, &error))
        g_warning ("Cannot count the authorizations: %s", error->message);
    }
  gtk_stack_set_visible_child_name (self->stack, total > 0 || self->model == NULL ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 || !expiring ? "rows" : "none-expiring");
}

static void
reload (PdAuthorizationsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->model == NULL)
    return;
  if (!pd_authorizations_model_reload (self->model, &error))
    pd_toast_show_text (GTK_WIDGET (self), error->message);
  update_count (self);
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, pd_authorization_list_row_new ());
  /* Its buttons do the work; activating a row does nothing. */
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  pd_authorization_list_row_set_item (PD_AUTHORIZATION_LIST_ROW (gtk_list_item_get_child (list_item)),
                                      gtk_list_item_get_item (list_item));
}

static void
on_unbind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  pd_authorization_list_row_set_item (PD_AUTHORIZATION_LIST_ROW (gtk_list_item_get_child (list_item)),
                                      NULL);
}

static void
on_expiring_toggled_cb (PdAuthorizationsPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean expiring = gtk_toggle_button_get_active (self->expiring_toggle);

  if (self->model != NULL &&
      !pd_authorizations_model_set_expiring_days (self->model,
                                                  expiring ? PD_AUTHORIZATION_EXPIRING_DAYS : -1,
                                                  &error))
    pd_toast_show_text (GTK_WIDGET (self), error->message);
  update_count (self);
}

/* The link is made with the authorization's seller, service and shops;
 * the seller picks the duration when authorizing. */
char *
pd_authorizations_page_renew (PdAuthorizationsPage *self,
                              const char           *id)
{
  PdAuthorizationLinkRequest request = { .renewal_of = id, .duration_days = 0 };
  g_autoptr(PdLink) link = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (self->context == NULL)
    return NULL;
  if (!pd_store_authorization_link (pd_context_get_store (self->context), &request, &link, &error))
    {
      pd_toast_show_text (GTK_WIDGET (self), error->message);
      return NULL;
    }
  if (link->url == NULL)
    {
      pd_toast_show_text (GTK_WIDGET (self), _("The renewal link was made without a URL; it gets one"
                                               " from the platform at the next sync"));
      return NULL;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), link->url);
  pd_toast_show_text (GTK_WIDGET (self), _("Renewal link copied"));
  if (self->model != NULL)
    pd_authorizations_model_set_renewal_url (self->model, id, link->url);
  return g_strdup (link->url);
}

static void
renew_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_free (pd_authorizations_page_renew (PD_AUTHORIZATIONS_PAGE (widget),
                                        g_variant_get_string (parameter, NULL)));
}

static const char *
renewal_url (PdAuthorizationsPage *self,
             GVariant             *parameter)
{
  if (self->model == NULL)
    return NULL;
  return pd_authorizations_model_get_renewal_url (self->model, g_variant_get_string (parameter, NULL));
}

static void
copy_renewal_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *url = renewal_url (PD_AUTHORIZATIONS_PAGE (widget), parameter);

  if (url != NULL)
    pd_link_copy_to_clipboard (widget, url);
}

static void
show_renewal_qr_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  const char *url = renewal_url (PD_AUTHORIZATIONS_PAGE (widget), parameter);

  if (url != NULL)
    pd_link_show_qr_code (widget, url);
}

static void
load (PdAuthorizationsPage *self)
{
  PdAuthorizationMonitor *monitor = pd_context_get_authorization_monitor (self->context);
  g_autoptr(GError) error = NULL;

  self->load_pending = FALSE;
  self->model = pd_authorizations_model_new (pd_context_get_store (self->context),
                                             pd_context_get_clock (self->context));
  if (gtk_toggle_button_get_active (self->expiring_toggle) &&
      !pd_authorizations_model_set_expiring_days (self->model, PD_AUTHORIZATION_EXPIRING_DAYS, &error))
    g_warning ("Cannot filter the authorizations: %s", error->message);
  /* The first rows in the first frame, the rest in the next ones. */
  self->selection = gtk_single_selection_new (pd_first_rows_new (G_LIST_MODEL (self->model),
                                                                 GTK_WIDGET (self->list_view),
                                                                 MIN_ROW_HEIGHT));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (monitor, "checked", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  update_count (self);
}

static void
on_map_cb (PdAuthorizationsPage *self)
{
  if (self->load_pending)
    load (self);
}

gboolean
pd_authorizations_page_select (PdAuthorizationsPage *self,
                               const char           *id)
{
  g_autoptr(GError) error = NULL;
  guint position = 0;

  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->load_pending)
    load (self);
  if (self->model == NULL)
    return FALSE;
  if (!pd_authorizations_model_find (self->model, id, &position, &error))
    {
      if (error != NULL || !gtk_toggle_button_get_active (self->expiring_toggle))
        {
          if (error != NULL)
            g_warning ("Cannot find authorization %s: %s", id, error->message);
          return FALSE;
        }
      gtk_toggle_button_set_active (self->expiring_toggle, FALSE);
      if (!pd_authorizations_model_find (self->model, id, &position, &error))
        return FALSE;
    }
  pd_first_rows_show_all (gtk_single_selection_get_model (self->selection));
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

static void
pd_authorizations_page_dispose (GObject *object)
{
  PdAuthorizationsPage *self = PD_AUTHORIZATIONS_PAGE (object);

  pd_authorizations_page_set_context (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_AUTHORIZATIONS_PAGE);

  G_OBJECT_CLASS (pd_authorizations_page_parent_class)->dispose (object);
}

static void
pd_authorizations_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PdAuthorizationsPage *self = PD_AUTHORIZATIONS_PAGE (object);

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
pd_authorizations_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PdAuthorizationsPage *self = PD_AUTHORIZATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      pd_authorizations_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Issue 17: the redirect URL a seller's authorization ended on. */
static void
connect_shop_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdAuthorizationsPage *self = PD_AUTHORIZATIONS_PAGE (widget);

  if (self->context != NULL)
    pd_connect_shop_dialog_present (widget, self->context);
}

/* Issue 17: the shops read from the platform, their state and actions. */
static void
connected_shops_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PdAuthorizationsPage *self = PD_AUTHORIZATIONS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->context != NULL)
    gtk_window_present (GTK_WINDOW (pd_connected_shops_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                   self->context)));
}

static void
pd_authorizations_page_class_init (PdAuthorizationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_authorizations_page_dispose;
  object_class->get_property = pd_authorizations_page_get_property;
  object_class->set_property = pd_authorizations_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-authorizations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationsPage, expiring_toggle);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationsPage, factory);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "authorizations.connect-shop", NULL, connect_shop_action);
  gtk_widget_class_install_action (widget_class, "authorizations.connected-shops", NULL,
                                   connected_shops_action);
  gtk_widget_class_install_action (widget_class, "authorizations.renew", "s", renew_action);
  gtk_widget_class_install_action (widget_class, "authorizations.copy-renewal", "s",
                                   copy_renewal_action);
  gtk_widget_class_install_action (widget_class, "authorizations.show-renewal-qr", "s",
                                   show_renewal_qr_action);
}

static void
pd_authorizations_page_init (PdAuthorizationsPage *self)
{
  g_type_ensure (PD_TYPE_AUTHORIZATION_LIST_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_keyboard_tab_leaves_list (GTK_WIDGET (self->list_view));

  g_signal_connect (self->factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (self->factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  g_signal_connect (self->factory, "unbind", G_CALLBACK (on_unbind_cb), NULL);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  g_signal_connect_object (self->expiring_toggle, "toggled",
                           G_CALLBACK (on_expiring_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_count (self);
}

GtkWidget *
pd_authorizations_page_new (PdContext *context)
{
  return g_object_new (PD_TYPE_AUTHORIZATIONS_PAGE, "context", context, NULL);
}

PdContext *
pd_authorizations_page_get_context (PdAuthorizationsPage *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_PAGE (self), NULL);
  return self->context;
}

void
pd_authorizations_page_set_context (PdAuthorizationsPage *self,
                                    PdContext            *context)
{
  g_return_if_fail (PD_IS_AUTHORIZATIONS_PAGE (self));
  g_return_if_fail (context == NULL || PD_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (pd_context_get_authorization_monitor (self->context),
                                          reload, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_set_object (&self->context, context);

  /* Read when first shown, not with the window. */
  self->load_pending = context != NULL;
  if (context != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

GListModel *
pd_authorizations_page_get_model (PdAuthorizationsPage *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_PAGE (self), NULL);
  return G_LIST_MODEL (self->model);
}

GtkSelectionModel *
pd_authorizations_page_get_selection (PdAuthorizationsPage *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

void
pd_authorizations_page_set_expiring_only (PdAuthorizationsPage *self,
                                          gboolean              expiring_only)
{
  g_return_if_fail (PD_IS_AUTHORIZATIONS_PAGE (self));
  gtk_toggle_button_set_active (self->expiring_toggle, expiring_only);
}

gboolean
pd_authorizations_page_get_expiring_only (PdAuthorizationsPage *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_PAGE (self), FALSE);
  return gtk_toggle_button_get_active (self->expiring_toggle);
}
