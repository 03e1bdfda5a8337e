/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include "pd-merchant-cell.h"

typedef struct
{
  PdMerchantItem *item;
  gulong          row_handler;
} PdMerchantCellPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PdMerchantCell, pd_merchant_cell, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (PdMerchantCell *self)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (self);

  if (priv->item != NULL)
    PD_MERCHANT_CELL_GET_CLASS (self)->update (self, pd_merchant_item_get_row (priv->item));
}

static void
pd_merchant_cell_dispose (GObject *object)
{
  pd_merchant_cell_set_item (PD_MERCHANT_CELL (object), NULL);

  G_OBJECT_CLASS (pd_merchant_cell_parent_class)->dispose (object);
}

static void
pd_merchant_cell_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (PD_MERCHANT_CELL (object));

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, priv->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_merchant_cell_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM:
      pd_merchant_cell_set_item (PD_MERCHANT_CELL (object), g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_merchant_cell_class_init (PdMerchantCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_merchant_cell_dispose;
  object_class->get_property = pd_merchant_cell_get_property;
  object_class->set_property = pd_merchant_cell_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, PD_TYPE_MERCHANT_ITEM,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_merchant_cell_init (PdMerchantCell *self)
{
}

PdMerchantItem *
pd_merchant_cell_get_item (PdMerchantCell *self)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (self);

  g_return_val_if_fail (PD_IS_MERCHANT_CELL (self), NULL);
  return priv->item;
}

void
pd_merchant_cell_set_item (PdMerchantCell *self,
                           PdMerchantItem *item)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (self);

  g_return_if_fail (PD_IS_MERCHANT_CELL (self));
  g_return_if_fail (item == NULL || PD_IS_MERCHANT_ITEM (item));

  if (priv->item == item)
    return;
  if (priv->item != NULL)
    g_clear_signal_handler (&priv->row_handler, priv->item);
  g_set_object (&priv->item, item);
  if (item != NULL)
    {
      priv->row_handler = g_signal_connect_object (item, "notify::row", G_CALLBACK (update), self,
                                                   G_CONNECT_SWAPPED);
      update (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

void
pd_merchant_cell_set_label (GtkLabel   *label,
                            const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}
