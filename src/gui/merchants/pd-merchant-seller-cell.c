/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include "pd-merchant-seller-cell.h"

#include "pd-a11y.h"

struct _PdMerchantSellerCell
{
  PdMerchantCell  parent_instance;

  GtkLabel       *name_label;
  GtkLabel       *id_label;
};

G_DEFINE_FINAL_TYPE (PdMerchantSellerCell, pd_merchant_seller_cell, PD_TYPE_MERCHANT_CELL)

static void
pd_merchant_seller_cell_update (PdMerchantCell      *cell,
                                const PdMerchantRow *row)
{
  PdMerchantSellerCell *self = PD_MERCHANT_SELLER_CELL (cell);
  g_autofree char *ids = NULL;
  g_autofree char *row_name = NULL;

  pd_merchant_cell_set_label (self->name_label, row->seller_name != NULL ? row->seller_name : row->seller_id);
  if (row->store_id != NULL)
    ids = g_strdup_printf ("%s · %s", row->seller_id, row->store_id);
  pd_merchant_cell_set_label (self->id_label, ids != NULL ? ids : row->seller_id);
  /* The seller's column names the row for screen readers. */
  row_name = g_strdup_printf ("%s · %s", row->seller_name != NULL ? row->seller_name : row->seller_id,
                              ids != NULL ? ids : row->seller_id);
  pd_a11y_label_row (GTK_WIDGET (self), row_name);
}

static void
pd_merchant_seller_cell_class_init (PdMerchantSellerCellClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  PD_MERCHANT_CELL_CLASS (klass)->update = pd_merchant_seller_cell_update;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-merchant-seller-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, PdMerchantSellerCell, name_label);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantSellerCell, id_label);
}

static void
pd_merchant_seller_cell_init (PdMerchantSellerCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pd_merchant_seller_cell_new (void)
{
  return g_object_new (PD_TYPE_MERCHANT_SELLER_CELL, NULL);
}
