/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-request-row"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-request-format.h"
#include "pd-request-row.h"

#include "pd-a11y.h"

struct _PdRequestRow
{
  GtkWidget      parent_instance;

  PdRequestItem *item;
  gulong         notify_id;

  GtkLabel      *status_label;
  /* Inscriptions, not labels: an ellipsized label measures its text at
   * every width the list tries (reshaping it each time); an
   * inscription's size is set in characters. */
  GtkInscription *contact_label;
  GtkInscription *email_label;
  GtkInscription *facts_label;
  GtkLabel      *gmv_label;
  GtkLabel      *budget_label;
  GtkLabel      *created_label;
};

G_DEFINE_FINAL_TYPE (PdRequestRow, pd_request_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The text, also as the accessible name (read by screen readers and the
 * end-to-end tests). */
static void
set_inscription (GtkInscription *inscription,
                 const char     *text)
{
  gtk_inscription_set_text (inscription, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (inscription), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/* The contact's name is followed by the state chip: its inscription asks
 * for the name's width (in average characters, a wide one counting two)
 * so the chip stays next to the name, yet is ellipsized when the row is
 * narrow. */
static void
set_contact (PdRequestRow *self,
             const char   *text)
{
  guint chars = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    chars += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  gtk_inscription_set_nat_chars (self->contact_label, chars);
  set_inscription (self->contact_label, text);
}

static void
update (PdRequestRow *self)
{
  const PdSellerRequest *r = self->item != NULL ? pd_request_item_get_request (self->item) : NULL;
  g_autofree char *gmv = NULL, *budget = NULL, *gmv_text = NULL, *budget_text = NULL;
  g_autofree char *facts = NULL, *created = NULL, *row_name = NULL;

  if (r == NULL || r->id == NULL)
    {
      set_contact (self, "");
      gtk_label_set_text (self->status_label, "");
      set_inscription (self->email_label, "");
      set_inscription (self->facts_label, "");
      gtk_label_set_text (self->gmv_label, "");
      gtk_label_set_text (self->budget_label, "");
      gtk_label_set_text (self->created_label, "");
      return;
    }

  /* Closed: the platform no longer shows the contact, nor do we. */
  set_contact (self, r->contact_name != NULL ? r->contact_name : _("Contact hidden"));
  set_inscription (self->email_label,
                   r->contact_email != NULL ? r->contact_email
                                            : _("The seller closed the request"));
  gtk_label_set_text (self->status_label, pd_request_status_display (r->status));
  /* TRANSLATORS: what a screen reader reads for a request's row: the
   * contact's name, then the request's state */
  row_name = g_strdup_printf (_("%s, %s"), r->contact_name != NULL ? r->contact_name : _("Contact hidden"),
                              pd_request_status_display (r->status));
  pd_a11y_label_row (GTK_WIDGET (self), row_name);
  pd_request_style_status_chip (GTK_WIDGET (self->status_label), r->status);

  /* TRANSLATORS: company size · main product category · request type */
  facts = g_strdup_printf (_("%s employees · %s · %s"), pd_request_or_dash (r->company_size),
                           pd_request_or_dash (r->main_category), pd_request_type_display (r->request_type));
  set_inscription (self->facts_label, facts);

  gmv = pd_request_format_money (r->monthly_tiktok_shop_gmv, r->currency);
  budget = pd_request_format_money (r->monthly_budget, r->currency);
  /* TRANSLATORS: the seller's monthly TikTok Shop GMV, "USD 12,000.00" */
  gmv_text = g_strdup_printf (_("GMV %s/mo"), gmv);
  /* TRANSLATORS: the seller's monthly budget for the partner */
  budget_text = g_strdup_printf (_("Budget %s/mo"), budget);
  gtk_label_set_text (self->gmv_label, gmv_text);
  gtk_label_set_text (self->budget_label, budget_text);
  created = pd_request_format_time (r->created_at);
  gtk_label_set_text (self->created_label, created);
}

static void
pd_request_row_dispose (GObject *object)
{
  PdRequestRow *self = PD_REQUEST_ROW (object);
  GtkWidget *child;

  pd_request_row_set_item (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pd_request_row_parent_class)->dispose (object);
}

static void
pd_request_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdRequestRow *self = PD_REQUEST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_request_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PdRequestRow *self = PD_REQUEST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      pd_request_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_request_row_class_init (PdRequestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_request_row_dispose;
  object_class->get_property = pd_request_row_get_property;
  object_class->set_property = pd_request_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, PD_TYPE_REQUEST_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static GtkInscription *
new_line (GtkWidget  *box,
          const char *style)
{
  GtkWidget *line = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (line), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (line), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (line, "pd-line");
  gtk_widget_add_css_class (line, style);
  gtk_box_append (GTK_BOX (box), line);
  return GTK_INSCRIPTION (line);
}

static GtkLabel *
new_figure (GtkWidget *box)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

/* Built in code, not from a template: the list view builds ~200 rows,
 * and GtkBuilder's parse of the row's XML was most of each (0.9 M of
 * ~1 M instructions under callgrind). The row is itself the outer box
 * (a box layout with the box's margins and spacing): the widgets and
 * their style classes are the template's, less that box.
 *
 *   [contact  (state chip)]              [GMV]
 *   [email]                              [budget]
 *   [size · category · type]             [created] */
static void
pd_request_row_init (PdRequestRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 12);
  gtk_widget_set_margin_top (widget, 8);
  gtk_widget_set_margin_bottom (widget, 8);
  gtk_widget_set_margin_start (widget, 12);
  gtk_widget_set_margin_end (widget, 12);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_parent (text, widget);
  gtk_box_append (GTK_BOX (text), heading);
  self->contact_label = new_line (heading, "heading");
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->status_label), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (heading), GTK_WIDGET (self->status_label));
  self->email_label = new_line (text, "dim-label");
  self->facts_label = new_line (text, "caption");

  gtk_widget_set_valign (figures, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (figures, widget);
  self->gmv_label = new_figure (figures);
  self->budget_label = new_figure (figures);
  self->created_label = new_figure (figures);
  gtk_widget_add_css_class (GTK_WIDGET (self->created_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->created_label), "dim-label");
}

GtkWidget *
pd_request_row_new (void)
{
  return g_object_new (PD_TYPE_REQUEST_ROW, NULL);
}

PdRequestItem *
pd_request_row_get_item (PdRequestRow *self)
{
  g_return_val_if_fail (PD_IS_REQUEST_ROW (self), NULL);
  return self->item;
}

void
pd_request_row_set_item (PdRequestRow  *self,
                         PdRequestItem *item)
{
  g_return_if_fail (PD_IS_REQUEST_ROW (self));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_clear_signal_handler (&self->notify_id, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->notify_id = g_signal_connect_object (item, "notify::request", G_CALLBACK (update),
                                               self, G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
