/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-services"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-category-group.h"
#include "pd-service-row.h"
#include "pd-services-format.h"

struct _PdCategoryGroup
{
  GtkWidget          parent_instance;

  PdServiceCategory *category;

  GtkWidget         *box;
  GtkLabel          *title_label;
  GtkLabel          *state_label;
  GtkLabel          *progress_label;
  GtkLevelBar       *level_bar;
  GtkLabel          *qualification_label;
  GtkLabel          *reason_label;
  GtkButton         *apply_button;
  GtkButton         *withdraw_button;
  GtkListBox        *services_list;
  GtkButton         *add_button;
};

G_DEFINE_FINAL_TYPE (PdCategoryGroup, pd_category_group, GTK_TYPE_WIDGET)

static void
pd_category_group_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_CATEGORY_GROUP);

  G_OBJECT_CLASS (pd_category_group_parent_class)->dispose (object);
}

static void
pd_category_group_finalize (GObject *object)
{
  PdCategoryGroup *self = PD_CATEGORY_GROUP (object);

  g_clear_pointer (&self->category, pd_service_category_free);

  G_OBJECT_CLASS (pd_category_group_parent_class)->finalize (object);
}

static void
pd_category_group_class_init (PdCategoryGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_category_group_dispose;
  object_class->finalize = pd_category_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-category-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, box);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, state_label);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, level_bar);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, qualification_label);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, reason_label);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, apply_button);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, services_list);
  gtk_widget_class_bind_template_child (widget_class, PdCategoryGroup, add_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pd_category_group_init (PdCategoryGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static PdServiceCategory *
copy_category (const PdServiceCategory *c)
{
  PdServiceCategory *copy = g_new0 (PdServiceCategory, 1);

  copy->id = g_strdup (c->id);
  copy->name = g_strdup (c->name);
  copy->state = g_strdup (c->state);
  copy->requirement_metric = g_strdup (c->requirement_metric);
  copy->requirement_amount = g_strdup (c->requirement_amount);
  copy->requirement_currency = g_strdup (c->requirement_currency);
  copy->operation_qualification = g_strdup (c->operation_qualification);
  copy->current_amount = g_strdup (c->current_amount);
  copy->current_currency = g_strdup (c->current_currency);
  return copy;
}

/* An allowed action gets the page's action; a refused one none, and
 * says why in its tooltip. */
static void
set_up_action_button (GtkButton        *button,
                      const char       *action_name,
                      const char       *category_id,
                      const char       *refusal)
{
  if (refusal == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", category_id);
      gtk_widget_set_tooltip_text (GTK_WIDGET (button), NULL);
    }
  else
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (button), refusal);
    }
}

static void
show_actions (PdCategoryGroup *self)
{
  const PdServiceCategory *c = self->category;
  const char *no_apply = pd_services_refusal (PD_CATEGORY_ACTION_APPLY, c->state);
  const char *no_withdraw = pd_services_refusal (PD_CATEGORY_ACTION_WITHDRAW, c->state);
  const char *reason = NULL;

  set_up_action_button (self->apply_button, "services.apply", c->id, no_apply);
  set_up_action_button (self->withdraw_button, "services.withdraw", c->id, no_withdraw);

  /* One sentence: why the state refuses what it refuses, or what an
   * application now would meet. */
  if (no_apply != NULL)
    reason = no_apply;
  else if (!pd_services_requirement_met (c))
    reason = _("Your figure is below the requirement: the platform may reject an application until it is met.");
  else
    reason = no_withdraw;
  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
}

static void
show_category (PdCategoryGroup *self)
{
  const PdServiceCategory *c = self->category;
  g_autofree char *progress = NULL;
  double fraction = -1;

  gtk_label_set_text (self->title_label, c->name != NULL ? c->name : c->id);
  gtk_label_set_text (self->state_label, pd_services_format_state (c->state));
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), pd_services_state_class (c->state));

  progress = pd_services_format_progress (c, &fraction);
  gtk_label_set_text (self->progress_label, progress);
  gtk_widget_set_visible (GTK_WIDGET (self->level_bar), fraction >= 0);
  gtk_level_bar_set_value (self->level_bar, MAX (fraction, 0));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, progress, -1);

  if (c->operation_qualification != NULL && *c->operation_qualification != '\0')
    {
      g_autofree char *text = g_strdup_printf (_("Operation qualification: %s"), c->operation_qualification);

      gtk_label_set_text (self->qualification_label, text);
    }
  else
    gtk_label_set_text (self->qualification_label, _("No operation qualification published"));

  show_actions (self);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->add_button), "s", c->id);
}

static void
show_services (PdCategoryGroup *self,
               GPtrArray       *services)
{
  guint n = 0;

  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      const PdService *service = g_ptr_array_index (services, i);

      if (g_strcmp0 (service->category_id, self->category->id) != 0)
        continue;
      gtk_list_box_append (self->services_list, pd_service_row_new (service));
      n++;
    }
  if (n == 0)
    {
      GtkWidget *placeholder = gtk_label_new (_("No services in this category yet"));

      gtk_widget_add_css_class (placeholder, "dim-label");
      gtk_widget_set_margin_top (placeholder, 12);
      gtk_widget_set_margin_bottom (placeholder, 12);
      gtk_list_box_set_placeholder (self->services_list, placeholder);
    }
}

GtkWidget *
pd_category_group_new (const PdServiceCategory *category,
                       GPtrArray               *services)
{
  PdCategoryGroup *self;

  g_return_val_if_fail (category != NULL, NULL);

  self = g_object_new (PD_TYPE_CATEGORY_GROUP, NULL);
  self->category = copy_category (category);
  show_category (self);
  show_services (self, services);
  return GTK_WIDGET (self);
}

const PdServiceCategory *
pd_category_group_get_category (PdCategoryGroup *self)
{
  g_return_val_if_fail (PD_IS_CATEGORY_GROUP (self), NULL);
  return self->category;
}
