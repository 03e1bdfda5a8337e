/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorizations"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "pd-connected-shop-item.h"

struct _PdConnectedShopItem
{
  GObject           parent_instance;

  PdOpenApiShop    *shop;
  PdOpenApiReading  reading;
};

G_DEFINE_FINAL_TYPE (PdConnectedShopItem, pd_connected_shop_item, G_TYPE_OBJECT)

static void
pd_connected_shop_item_finalize (GObject *object)
{
  PdConnectedShopItem *self = PD_CONNECTED_SHOP_ITEM (object);

  g_clear_pointer (&self->shop, pd_open_api_shop_free);
  pd_open_api_reading_clear (&self->reading);

  G_OBJECT_CLASS (pd_connected_shop_item_parent_class)->finalize (object);
}

static void
pd_connected_shop_item_class_init (PdConnectedShopItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_connected_shop_item_finalize;
}

static void
pd_connected_shop_item_init (PdConnectedShopItem *self)
{
}

/* Takes @shop and the contents of @reading (which it clears). */
PdConnectedShopItem *
pd_connected_shop_item_new (PdOpenApiShop    *shop,
                            PdOpenApiReading *reading)
{
  PdConnectedShopItem *self;

  g_return_val_if_fail (shop != NULL, NULL);

  self = g_object_new (PD_TYPE_CONNECTED_SHOP_ITEM, NULL);
  self->shop = shop;
  if (reading != NULL)
    {
      self->reading = *reading;
      memset (reading, 0, sizeof *reading);
    }
  return self;
}

const PdOpenApiShop *
pd_connected_shop_item_get_shop (PdConnectedShopItem *self)
{
  g_return_val_if_fail (PD_IS_CONNECTED_SHOP_ITEM (self), NULL);
  return self->shop;
}

const PdOpenApiReading *
pd_connected_shop_item_get_reading (PdConnectedShopItem *self)
{
  g_return_val_if_fail (PD_IS_CONNECTED_SHOP_ITEM (self), NULL);
  return &self->reading;
}

GListStore *
pd_connected_shop_items_load (PdStore  *store,
                              GError  **error)
{
  g_autoptr(GListStore) items = g_list_store_new (PD_TYPE_CONNECTED_SHOP_ITEM);
  g_autoptr(GPtrArray) shops = pd_store_open_api_list_shops (store, NULL, error);

  if (shops == NULL)
    return NULL;
  for (guint i = 0; i < shops->len; i++)
    {
      PdOpenApiShop *shop = g_ptr_array_index (shops, i);
      g_auto(PdOpenApiReading) reading = { 0 };
      g_autoptr(GError) local_error = NULL;
      g_autoptr(PdConnectedShopItem) item = NULL;

      if (!pd_store_open_api_get_reading (store, shop->shop_id, &reading, &local_error) &&
          local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      shops->pdata[i] = NULL;
      item = pd_connected_shop_item_new (shop, &reading);
      g_list_store_append (items, item);
    }
  return g_steal_pointer (&items);
}
