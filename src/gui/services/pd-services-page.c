/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-services"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-category-group.h"
#include "pd-service-dialog.h"
#include "pd-services-page.h"
#include "pd-store-services.h"
#include "pd-toast.h"

struct _PdServicesPage
{
  GtkWidget       parent_instance;

  PdContext      *context;
  GPtrArray      *categories;   /* PdServiceCategory, as shown */
  GPtrArray      *services;     /* PdService, as shown */

  GtkStack       *stack;
  GtkLabel       *summary_label;
  GtkBox         *groups_box;
};

G_DEFINE_FINAL_TYPE (PdServicesPage, pd_services_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const PdServiceCategory *
find_category (PdServicesPage *self,
               const char     *id)
{
  for (guint i = 0; self->categories != NULL && i < self->categories->len; i++)
    {
      const PdServiceCategory *c = g_ptr_array_index (self->categories, i);

      if (g_strcmp0 (c->id, id) == 0)
        return c;
    }
  return NULL;
}

static const PdService *
find_service (PdServicesPage *self,
              const char     *id)
{
  for (guint i = 0; self->services != NULL && i < self->services->len; i++)
    {
      const PdService *s = g_ptr_array_index (self->services, i);

      if (g_strcmp0 (s->id, id) == 0)
        return s;
    }
  return NULL;
}

static void
show_summary (PdServicesPage *self)
{
  guint n = self->categories->len, approved = 0, in_review = 0;
  g_autofree char *categories = NULL;
  g_autofree char *services = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      const PdServiceCategory *c = g_ptr_array_index (self->categories, i);

      approved += g_strcmp0 (c->state, "approved") == 0;
      in_review += g_strcmp0 (c->state, "in_review") == 0;
    }
  categories = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u service category: %u approved, %u in review",
                                             "%u service categories: %u approved, %u in review", n),
                                n, approved, in_review);
  services = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service", "%u services", self->services->len),
                              self->services->len);
  /* TRANSLATORS: "7 service categories: 2 approved, 1 in review; 8 services" */
  text = g_strdup_printf (C_("services summary", "%s; %s"), categories, services);
  gtk_label_set_text (self->summary_label, text);
}

static void
reload (PdServicesPage *self)
{
  PdStore *store;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  if (self->context == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  store = pd_context_get_store (self->context);
  categories = pd_store_list_service_categories (store, &error);
  if (categories != NULL)
    services = pd_store_list_services (store, NULL, &error);
  if (categories == NULL || services == NULL)
    {
      g_warning ("Cannot read the service categories: %s", error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->categories = g_steal_pointer (&categories);
  self->services = g_steal_pointer (&services);
  for (guint i = 0; i < self->categories->len; i++)
    gtk_box_append (self->groups_box,
                    pd_category_group_new (g_ptr_array_index (self->categories, i), self->services));
  show_summary (self);
  gtk_stack_set_visible_child_name (self->stack, self->categories->len > 0 ? "list" : "empty");
}

static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     PdServicesPage      *self)
{
  if (pd_store_change_has (change, PD_ENTITY_SYNCED))
    reload (self);
}

static void
move_category (PdServicesPage   *self,
               const char       *category_id,
               PdCategoryAction  action)
{
  PdStore *store = pd_context_get_store (self->context);
  const PdServiceCategory *c = find_category (self, category_id);
  g_autofree char *name = g_strdup (c != NULL && c->name != NULL ? c->name : category_id);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (!pd_store_category_move (store, category_id, action, NULL, &error))
    {
      pd_toast_show_text (GTK_WIDGET (self), error->message);
      return;
    }
  message = g_strdup_printf (action == PD_CATEGORY_ACTION_APPLY
                             ? _("Application for “%s” queued; the next sync sends it")
                             : _("Withdrawal of “%s” queued; the next sync sends it"),
                             name);
  pd_store_emit_change (store, PD_ENTITY_SYNCED, NULL, PD_CHANGE_ORIGIN_WINDOW);
  pd_toast_show_text (GTK_WIDGET (self), message);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PdServicesPage *self = PD_SERVICES_PAGE (widget);

  if (self->context != NULL)
    move_category (self, g_variant_get_string (parameter, NULL), PD_CATEGORY_ACTION_APPLY);
}

static void
on_withdraw_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         PdServicesPage   *self)
{
  const char *category_id = g_object_get_data (G_OBJECT (dialog), "category-id");

  if (g_str_equal (response, "withdraw") && self->context != NULL)
    move_category (self, category_id, PD_CATEGORY_ACTION_WITHDRAW);
}

static void
withdraw_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdServicesPage *self = PD_SERVICES_PAGE (widget);
  const char *category_id = g_variant_get_string (parameter, NULL);
  const PdServiceCategory *c = find_category (self, category_id);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (c == NULL)
    return;
  heading = g_strdup_printf (_("Withdraw “%s”?"), c->name != NULL ? c->name : c->id);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   g_strcmp0 (c->state, "approved") == 0
                                   ? _("Sellers no longer see this category in the Service Market."
                                       " Listing it again takes a new application and review.")
                                   : _("The platform stops reviewing your application. You can apply"
                                       " again later."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "withdraw", _("_Withdraw"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "withdraw",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "category-id", g_strdup (category_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_withdraw_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
present_service_dialog (PdServicesPage  *self,
                        const char      *category_id,
                        const PdService *service)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PdServiceDialog *dialog;

  if (self->context == NULL)
    return;
  dialog = pd_service_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context,
                                  category_id, service);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  present_service_dialog (PD_SERVICES_PAGE (widget), g_variant_get_string (parameter, NULL), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdServicesPage *self = PD_SERVICES_PAGE (widget);
  const PdService *service = find_service (self, g_variant_get_string (parameter, NULL));

  if (service != NULL)
    present_service_dialog (self, service->category_id, service);
}

static void
set_context (PdServicesPage *self,
             PdContext      *context)
{
  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (pd_context_get_store (self->context), self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (pd_context_get_store (context), "changed",
                             G_CALLBACK (on_store_changed_cb), self, 0);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
pd_services_page_dispose (GObject *object)
{
  PdServicesPage *self = PD_SERVICES_PAGE (object);

  set_context (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_SERVICES_PAGE);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_services_page_parent_class)->dispose (object);
}

static void
pd_services_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdServicesPage *self = PD_SERVICES_PAGE (object);

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
pd_services_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdServicesPage *self = PD_SERVICES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_services_page_class_init (PdServicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_services_page_dispose;
  object_class->get_property = pd_services_page_get_property;
  object_class->set_property = pd_services_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-services-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdServicesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdServicesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PdServicesPage, groups_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "services.apply", "s", apply_action);
  gtk_widget_class_install_action (widget_class, "services.withdraw", "s", withdraw_action);
  gtk_widget_class_install_action (widget_class, "services.new", "s", new_action);
  gtk_widget_class_install_action (widget_class, "services.edit", "s", edit_action);
}

static void
pd_services_page_init (PdServicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
pd_services_page_new (PdContext *context)
{
  return g_object_new (PD_TYPE_SERVICES_PAGE, "context", context, NULL);
}

PdContext *
pd_services_page_get_context (PdServicesPage *self)
{
  g_return_val_if_fail (PD_IS_SERVICES_PAGE (self), NULL);
  return self->context;
}

GtkWidget *
pd_services_page_get_group (PdServicesPage *self,
                            const char     *category_id)
{
  g_return_val_if_fail (PD_IS_SERVICES_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (pd_category_group_get_category (PD_CATEGORY_GROUP (child))->id, category_id) == 0)
      return child;
  return NULL;
}
