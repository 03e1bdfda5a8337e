/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorization-list-row"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-authorization-format.h"
#include "pd-authorization-list-row.h"

#include "pd-a11y.h"
#include "pd-authorization-monitor.h"

struct _PdAuthorizationListRow
{
  GtkWidget            parent_instance;

  PdAuthorizationItem *item;

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
  g_autofree char *row_name = NULL;
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
  /* TRANSLATORS: what a screen reader reads for an authorization's row:
   * the seller, then the authorization's state */
  row_name = g_strdup_printf (_("%s, %s"), seller, pd_authorization_format_state (row->state));
  pd_a11y_label_row (GTK_WIDGET (self), row_name);
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
  GtkWidget *child;

  pd_authorization_list_row_set_item (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pd_authorization_list_row_parent_class)->dispose (object);
}

static void
pd_authorization_list_row_class_init (PdAuthorizationListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_authorization_list_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
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

static GtkInscription *
new_line (GtkWidget   *box,
          const char **styles)
{
  GtkWidget *line = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (line), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (line), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_css_classes (line, styles);
  gtk_box_append (GTK_BOX (box), line);
  return GTK_INSCRIPTION (line);
}

static GtkButton *
add_button (GtkWidget  *box,
            GtkWidget  *button,
            const char *tooltip)
{
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_box_append (GTK_BOX (box), button);
  return GTK_BUTTON (button);
}

/* Built in code, not from a template: the list view builds ~200 rows,
 * and GtkBuilder's parse of a row's XML cost more than the widgets it
 * made. The row is itself the outer box (a box layout with the box's
 * margins and spacing): the widgets and their style classes are the
 * template's, less that box.
 *
 *   [(state) seller]                     [days left]  [Create Renewal Link]
 *   [service · shops]                                 or [copy] [QR Code]
 *   [start to end] */
static void
build (PdAuthorizationListRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 12);
  gtk_widget_set_margin_top (widget, 8);
  gtk_widget_set_margin_bottom (widget, 8);
  gtk_widget_set_margin_start (widget, 12);
  gtk_widget_set_margin_end (widget, 12);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (text, widget);
  gtk_box_append (GTK_BOX (text), heading);
  self->state_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->state_label), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "pd-chip");
  gtk_box_append (GTK_BOX (heading), GTK_WIDGET (self->state_label));
  self->seller_label = new_line (heading, (const char *[]) { "pd-line", "heading", NULL });
  gtk_widget_set_hexpand (GTK_WIDGET (self->seller_label), TRUE);
  self->service_label = new_line (text, (const char *[]) { "pd-line", NULL });
  self->dates_label = new_line (text, (const char *[]) { "dim-label", "numeric", "caption", NULL });

  self->days_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->days_label), GTK_ALIGN_CENTER);
  gtk_label_set_xalign (self->days_label, 1);
  gtk_label_set_width_chars (self->days_label, 12);
  gtk_widget_set_css_classes (GTK_WIDGET (self->days_label),
                              (const char *[]) { "pd-days-left", "numeric", NULL });
  gtk_widget_set_parent (GTK_WIDGET (self->days_label), widget);

  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (buttons, widget);
  self->renew_button = add_button (buttons, gtk_button_new_with_label (_("Create Renewal Link")),
                                   _("Create an authorization link for the same seller, service and shops, and copy it"));
  self->copy_button = add_button (buttons, gtk_button_new_from_icon_name ("edit-copy-symbolic"),
                                  _("Copy the renewal link"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Renewal Link"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), FALSE);
  self->qr_button = add_button (buttons, gtk_button_new_with_label (_("QR Code")),
                                _("Show the renewal link as a QR code"));
  gtk_widget_set_visible (GTK_WIDGET (self->qr_button), FALSE);
}

static void
pd_authorization_list_row_init (PdAuthorizationListRow *self)
{
  build (self);
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
