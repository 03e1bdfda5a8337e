/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include "pd-merchant-format.h"
#include "pd-merchant-label-cell.h"

struct _PdMerchantLabelCell
{
  PdMerchantCell    parent_instance;

  PdMerchantColumn  column;
  PdMerchantIndex  *index;
  PdClock          *clock;
  GtkLabel         *label;
  char             *link_url;  /* the link column's tooltip */
};

G_DEFINE_FINAL_TYPE (PdMerchantLabelCell, pd_merchant_label_cell, PD_TYPE_MERCHANT_CELL)

static const char * const verdict_styles[] = { "success", "warning", "error", "dim-label" };

static void
pd_merchant_label_cell_update (PdMerchantCell      *cell,
                               const PdMerchantRow *row)
{
  PdMerchantLabelCell *self = PD_MERCHANT_LABEL_CELL (cell);
  g_autofree char *text = NULL;

  switch (self->column)
    {
    case PD_MERCHANT_COLUMN_MARKET:
      pd_merchant_cell_set_label (self->label, row->market != NULL ? row->market : "—");
      return;

    case PD_MERCHANT_COLUMN_STAGE:
      pd_merchant_cell_set_label (self->label, pd_stage_to_display (row->stage));
      return;

    case PD_MERCHANT_COLUMN_VERDICT:
      for (guint i = 0; i < G_N_ELEMENTS (verdict_styles); i++)
        gtk_widget_remove_css_class (GTK_WIDGET (self->label), verdict_styles[i]);
      gtk_widget_add_css_class (GTK_WIDGET (self->label), pd_merchant_verdict_style (row->verdict));
      pd_merchant_cell_set_label (self->label, pd_merchant_verdict_to_display (row->verdict));
      return;

    case PD_MERCHANT_COLUMN_DEADLINE:
      text = pd_merchant_format_deadline_cell (self->index != NULL ?
                                          pd_merchant_index_get_rules (self->index, row->program_id) : NULL,
                                          row->has_deadline, row->deadline,
                                          pd_clock_get_now (self->clock));
      pd_merchant_cell_set_label (self->label, text);
      return;

    case PD_MERCHANT_COLUMN_INVENTORY:
      text = pd_merchant_format_countries (row);
      pd_merchant_cell_set_label (self->label, text);
      return;

    case PD_MERCHANT_COLUMN_STAFF:
      pd_merchant_cell_set_label (self->label, row->staff != NULL ? row->staff : "—");
      return;

    case PD_MERCHANT_COLUMN_LINK:
      text = pd_merchant_format_link (row);
      pd_merchant_cell_set_label (self->label, text);
      /* The URL is the tooltip, asked for when the pointer rests on the
       * cell (on_query_tooltip_cb): gtk_widget_set_tooltip_text() asks
       * the display where the pointer is, a round trip to the X server
       * for each of the couple of hundred rows a keystroke updates. */
      if (g_strcmp0 (self->link_url, row->link_url) != 0)
        {
          g_free (self->link_url);
          self->link_url = g_strdup (row->link_url);
          if (self->link_url != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (self->label),
                                            GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->link_url, -1);
          else
            gtk_accessible_reset_property (GTK_ACCESSIBLE (self->label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
        }
      return;

    case PD_MERCHANT_COLUMN_SELLER:
    case PD_MERCHANT_COLUMN_GMV:
    case PD_MERCHANT_N_COLUMNS:
    default:
      g_return_if_reached ();
    }
}

static void
pd_merchant_label_cell_dispose (GObject *object)
{
  PdMerchantLabelCell *self = PD_MERCHANT_LABEL_CELL (object);

  g_clear_object (&self->index);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->link_url, g_free);

  G_OBJECT_CLASS (pd_merchant_label_cell_parent_class)->dispose (object);
}

static gboolean
on_query_tooltip_cb (GtkWidget  *label,
                     int         x,
                     int         y,
                     gboolean    keyboard_mode,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  PdMerchantLabelCell *self = user_data;

  if (self->link_url == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->link_url);
  return TRUE;
}

static void
pd_merchant_label_cell_class_init (PdMerchantLabelCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_merchant_label_cell_dispose;
  PD_MERCHANT_CELL_CLASS (klass)->update = pd_merchant_label_cell_update;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-merchant-label-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, PdMerchantLabelCell, label);
}

static void
pd_merchant_label_cell_init (PdMerchantLabelCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pd_merchant_label_cell_new (PdMerchantColumn  column,
                            PdMerchantIndex  *index,
                            PdClock          *clock)
{
  PdMerchantLabelCell *self;

  g_return_val_if_fail (PD_IS_CLOCK (clock), NULL);

  self = g_object_new (PD_TYPE_MERCHANT_LABEL_CELL, NULL);
  self->column = column;
  self->index = index != NULL ? g_object_ref (index) : NULL;
  self->clock = g_object_ref (clock);
  if (column == PD_MERCHANT_COLUMN_LINK)
    {
      gtk_widget_set_has_tooltip (GTK_WIDGET (self->label), TRUE);
      g_signal_connect_object (self->label, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self, 0);
    }
  return GTK_WIDGET (self);
}
