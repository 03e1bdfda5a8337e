/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorization-list-row"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-authorization-format.h"
#include "pd-authorization-list-row.h"
#include "pd-authorization-monitor.h"

struct _PdAuthorizationListRow
{
  GtkWidget            parent_instance;

  PdAuthorizationItem *item;

  GtkWidget           *box;
  GtkLabel            *state_label;
  /* Inscriptions, not labels: a label measures its text at every
   * width the list tries (reshaping it each time), which cost most of
   * a frame of the page; an inscription's size is set in characters. */
  GtkInscription      *seller_label;
  GtkInscription      *service_label;
  GtkInscription      *dates_label;
  GtkLabel            *days_label;
  GtkButton           *renew_button;
  GtkButton           *copy_button;
  GtkButton           *qr_button;
};

G_DEFINE_FINAL_TYPE (PdAuthorizationListRow, pd_authorization_list_row, GTK_TYPE_WIDGET)

static const char * const chip_classes[] = { "success", "dim", "warning", "error" };

static void
set_class (GtkWidget  *widget,
           const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (chip_classes); i++)
    gtk_widget_remove_css_class (widget, chip_classes[i]);
  if (name != NULL)
    gtk_widget_add_css_class (widget, name);
}

static char *
format_service (const PdAuthorizationRow *row)
{
  const char *service = row->service_name != NULL ? row->service_name : row->service_id;
  guint n_shops = row->shop_ids != NULL ? g_strv_length (row->shop_ids) : 0;
  g_autofree char *shops = NULL;

  if (n_shops == 0)
    return g_strdup (service != NULL ? service : "—");
  shops = g_strjoinv (", ", row->shop_ids);
  /* Translators: a service's name, then its shops' ids, comma-separated */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · shop %s", "%s · shops %s", n_shops),
                          service != NULL ? service : "—", shops);
}

/* The text, also as the accessible name (read by screen readers and the
 * end-to-end tests). */
static void
set_inscription (GtkInscription *inscription,
                 const char     *text)
{
  gtk_inscription_set_text (inscription, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (inscription), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
update (PdAuthorizationListRow *self)
{
  const PdAuthorizationRow *row = self->item != NULL ? pd_authorization_item_get_row (self->item) : NULL;
  const char *url = self->item != NULL ? pd_authorization_item_get_renewal_url (self->item) : NULL;
  g_autofree char *seller = NULL;
  g_autofree char *service = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *days = NULL;
  GTimeZone *zone;
  gboolean renewable;

  if (row == NULL || row->id == NULL || *row->id == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->renew_button), FALSE);
      return;
    }
  zone = pd_authorization_item_get_zone (self->item);
  gtk_label_set_text (self->state_label, pd_authorization_format_state (row->state));
  set_class (GTK_WIDGET (self->state_label), pd_authorization_state_to_class (row->state));

  seller = pd_authorization_format_seller (row->seller_id, row->seller_name);
  set_inscription (self->seller_label, seller);
  service = format_service (row);
  set_inscription (self->service_label, service);

  dates = pd_authorization_format_period (row, zone);
  set_inscription (self->dates_label, dates);

  if (row->renewed_by != NULL)
    {
      g_autofree char *tip = g_strdup_printf (_("Renewed by authorization %s"), row->renewed_by);

      gtk_label_set_text (self->days_label, C_("authorization", "Renewed"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->days_label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
      set_class (GTK_WIDGET (self->days_label), "success");
    }
  else
    {
      days = pd_authorization_format_days_left (row);
      gtk_label_set_text (self->days_label, days);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->days_label),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      if (pd_authorization_is_expiring (row, PD_AUTHORIZATION_NOTICE_LAST))
        set_class (GTK_WIDGET (self->days_label), "error");
      else if (pd_authorization_is_expiring (row, PD_AUTHORIZATION_EXPIRING_DAYS))
        set_class (GTK_WIDGET (self->days_label), "warning");
      else
        set_class (GTK_WIDGET (self->days_label), NULL);
    }

  /* A renewal is for an authorization the seller still holds or that
   * ran out; a cancelled or closed one is not renewed by the agency. */
  renewable = row->renewed_by == NULL &&
              (g_strcmp0 (row->state, "active") == 0 || g_strcmp0 (row->state, "completed") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->renew_button), renewable && url == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), url != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_button), url != NULL);
}

void
pd_authorization_list_row_set_item (PdAuthorizationListRow *self,
                                    PdAuthorizationItem    *item)
{
  g_return_if_fail (PD_IS_AUTHORIZATION_LIST_ROW (self));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, update, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    g_signal_connect_swapped (item, "notify::row", G_CALLBACK (update), self);
  update (self);
}

PdAuthorizationItem *
pd_authorization_list_row_get_item (PdAuthorizationListRow *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATION_LIST_ROW (self), NULL);
  return self->item;
}

static void
pd_authorization_list_row_dispose (GObject *object)
{
  PdAuthorizationListRow *self = PD_AUTHORIZATION_LIST_ROW (object);

  pd_authorization_list_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_AUTHORIZATION_LIST_ROW);

  G_OBJECT_CLASS (pd_authorization_list_row_parent_class)->dispose (object);
}

static void
pd_authorization_list_row_class_init (PdAuthorizationListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_authorization_list_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-authorization-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationListRow, box);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationListRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationListRow, seller_label);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationListRow, service_label);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationListRow, dates_label);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationListRow, days_label);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationListRow, renew_button);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationListRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationListRow, qr_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* Tooltips are asked for when shown, not set at every bind: setting
 * three on each of the ~200 rows a reload rebinds was 46% of a filter
 * toggle's instructions under callgrind. The seller's and the service's
 * show their whole text (ellipsized in the row); the days left of a
 * renewed one, which authorization renewed it. */
static gboolean
on_query_tooltip_cb (GtkWidget              *widget,
                     int                     x,
                     int                     y,
                     gboolean                keyboard,
                     GtkTooltip             *tooltip,
                     PdAuthorizationListRow *self)
{
  const PdAuthorizationRow *row = self->item != NULL ? pd_authorization_item_get_row (self->item) : NULL;
  g_autofree char *text = NULL;

  if (row == NULL || row->id == NULL || *row->id == '\0')
    return FALSE;
  if (GTK_IS_INSCRIPTION (widget))
    text = g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  else if (row->renewed_by != NULL)
    text = g_strdup_printf (_("Renewed by authorization %s"), row->renewed_by);
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The buttons activate the page's actions with the row's id when
 * clicked: an action target set on each of the ~200 rows the list view
 * binds made GTK look the action up again for every button (a fifth of
 * the page's first frame). */
static void
activate_for_row (PdAuthorizationListRow *self,
                  const char             *action_name)
{
  const PdAuthorizationRow *row = self->item != NULL ? pd_authorization_item_get_row (self->item) : NULL;

  if (row != NULL && row->id != NULL && *row->id != '\0')
    gtk_widget_activate_action (GTK_WIDGET (self), action_name, "s", row->id);
}

static void
on_renew_clicked_cb (PdAuthorizationListRow *self)
{
  activate_for_row (self, "authorizations.renew");
}

static void
on_copy_clicked_cb (PdAuthorizationListRow *self)
{
  activate_for_row (self, "authorizations.copy-renewal");
}

static void
on_qr_clicked_cb (PdAuthorizationListRow *self)
{
  activate_for_row (self, "authorizations.show-renewal-qr");
}

static void
pd_authorization_list_row_init (PdAuthorizationListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->seller_label), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->service_label), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->days_label), TRUE);
  g_signal_connect (self->seller_label, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
  g_signal_connect (self->service_label, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
  g_signal_connect (self->days_label, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
  g_signal_connect_swapped (self->renew_button, "clicked", G_CALLBACK (on_renew_clicked_cb), self);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (on_copy_clicked_cb), self);
  g_signal_connect_swapped (self->qr_button, "clicked", G_CALLBACK (on_qr_clicked_cb), self);
}

GtkWidget *
pd_authorization_list_row_new (void)
{
  return g_object_new (PD_TYPE_AUTHORIZATION_LIST_ROW, NULL);
}
