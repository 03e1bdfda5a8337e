/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include "pd-merchant-item.h"

struct _PdMerchantItem
{
  GObject        parent_instance;

  PdMerchantRow *row;
};

G_DEFINE_FINAL_TYPE (PdMerchantItem, pd_merchant_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_merchant_item_finalize (GObject *object)
{
  PdMerchantItem *self = PD_MERCHANT_ITEM (object);

  g_clear_pointer (&self->row, pd_merchant_row_free);

  G_OBJECT_CLASS (pd_merchant_item_parent_class)->finalize (object);
}

static void
pd_merchant_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdMerchantItem *self = PD_MERCHANT_ITEM (object);

  switch (prop_id)
    {
    case PROP_ROW:
      g_value_set_boxed (value, self->row);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_merchant_item_class_init (PdMerchantItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_merchant_item_finalize;
  object_class->get_property = pd_merchant_item_get_property;

  properties[PROP_ROW] =
    g_param_spec_boxed ("row", NULL, NULL, PD_TYPE_MERCHANT_ROW,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_merchant_item_init (PdMerchantItem *self)
{
}

/* Takes @row. */
PdMerchantItem *
pd_merchant_item_new (PdMerchantRow *row)
{
  PdMerchantItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (PD_TYPE_MERCHANT_ITEM, NULL);
  self->row = row;
  return self;
}

const PdMerchantRow *
pd_merchant_item_get_row (PdMerchantItem *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_ITEM (self), NULL);
  return self->row;
}

void
pd_merchant_item_set_row (PdMerchantItem *self,
                          PdMerchantRow  *row)
{
  g_return_if_fail (PD_IS_MERCHANT_ITEM (self));
  g_return_if_fail (row != NULL);

  g_clear_pointer (&self->row, pd_merchant_row_free);
  self->row = row;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW]);
}
