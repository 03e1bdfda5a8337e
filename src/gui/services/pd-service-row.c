/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-services"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-service-row.h"
#include "pd-services-format.h"

struct _PdServiceRow
{
  AdwActionRow  parent_instance;

  PdService    *service;

  GtkLabel     *type_label;
  GtkLabel     *price_label;
  GtkButton    *edit_button;
  GtkButton    *link_button;
};

G_DEFINE_FINAL_TYPE (PdServiceRow, pd_service_row, ADW_TYPE_ACTION_ROW)

static void
pd_service_row_finalize (GObject *object)
{
  PdServiceRow *self = PD_SERVICE_ROW (object);

  g_clear_pointer (&self->service, pd_service_free);

  G_OBJECT_CLASS (pd_service_row_parent_class)->finalize (object);
}

static void
pd_service_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_SERVICE_ROW);

  G_OBJECT_CLASS (pd_service_row_parent_class)->dispose (object);
}

static void
pd_service_row_class_init (PdServiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_service_row_dispose;
  object_class->finalize = pd_service_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-service-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PdServiceRow, type_label);
  gtk_widget_class_bind_template_child (widget_class, PdServiceRow, price_label);
  gtk_widget_class_bind_template_child (widget_class, PdServiceRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PdServiceRow, link_button);
}

static void
pd_service_row_init (PdServiceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static PdService *
copy_service (const PdService *service)
{
  PdService *copy = g_new0 (PdService, 1);

  copy->id = g_strdup (service->id);
  copy->category_id = g_strdup (service->category_id);
  copy->name = g_strdup (service->name);
  copy->type = g_strdup (service->type);
  copy->description = g_strdup (service->description);
  copy->price = g_strdup (service->price);
  copy->currency = g_strdup (service->currency);
  return copy;
}

GtkWidget *
pd_service_row_new (const PdService *service)
{
  PdServiceRow *self;
  g_autofree char *price = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (service != NULL, NULL);

  self = g_object_new (PD_TYPE_SERVICE_ROW, NULL);
  self->service = copy_service (service);

  /* Titles are Pango markup in libadwaita 1.2. */
  title = g_markup_escape_text (service->name != NULL ? service->name : service->id, -1);
  subtitle = g_markup_escape_text (service->description != NULL ? service->description : "", -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  gtk_label_set_text (self->type_label, pd_services_format_type (service->type));
  gtk_widget_add_css_class (GTK_WIDGET (self->type_label),
                            g_strcmp0 (service->type, "custom") == 0 ? "accent" : "neutral");
  price = pd_services_format_price (service);
  gtk_label_set_text (self->price_label, price);

  {
    const char *name = service->name != NULL ? service->name : service->id;
    g_autofree char *edit_label = g_strdup_printf (_("Edit %s"), name);
    g_autofree char *link_label = g_strdup_printf (_("Create Authorization Link for %s"), name);

    /* Named after the service: a screen reader lists many rows' buttons. */
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->link_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, link_label, -1);
  }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), "services.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s", service->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->link_button), "win.authorization-link");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->link_button), "(sss)",
                                    service->category_id != NULL ? service->category_id : "",
                                    service->id, "");
  return GTK_WIDGET (self);
}

const PdService *
pd_service_row_get_service (PdServiceRow *self)
{
  g_return_val_if_fail (PD_IS_SERVICE_ROW (self), NULL);
  return self->service;
}
