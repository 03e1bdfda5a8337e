/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include "pd-merchant-format.h"
#include "pd-merchant-gmv-cell.h"

struct _PdMerchantGmvCell
{
  PdMerchantCell  parent_instance;

  GtkLevelBar    *bar;
  GtkLabel       *label;
};

G_DEFINE_FINAL_TYPE (PdMerchantGmvCell, pd_merchant_gmv_cell, PD_TYPE_MERCHANT_CELL)

static void
pd_merchant_gmv_cell_update (PdMerchantCell      *cell,
                             const PdMerchantRow *row)
{
  PdMerchantGmvCell *self = PD_MERCHANT_GMV_CELL (cell);
  g_autofree char *text = pd_merchant_format_gmv (row);
  double fraction = pd_merchant_gmv_fraction (row);

  gtk_widget_set_visible (GTK_WIDGET (self->bar), fraction >= 0);
  gtk_level_bar_set_value (self->bar, MAX (fraction, 0));
  pd_merchant_cell_set_label (self->label, text);
}

static void
pd_merchant_gmv_cell_class_init (PdMerchantGmvCellClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  PD_MERCHANT_CELL_CLASS (klass)->update = pd_merchant_gmv_cell_update;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-merchant-gmv-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, PdMerchantGmvCell, bar);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantGmvCell, label);
}

static void
pd_merchant_gmv_cell_init (PdMerchantGmvCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A progress, not a level: one colour whatever the value (the offsets
   * a GtkLevelBar starts with cannot be removed in a template). */
  gtk_level_bar_remove_offset_value (self->bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->bar, GTK_LEVEL_BAR_OFFSET_FULL);
}

GtkWidget *
pd_merchant_gmv_cell_new (void)
{
  return g_object_new (PD_TYPE_MERCHANT_GMV_CELL, NULL);
}
