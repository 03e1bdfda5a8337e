/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-store-open-api.h"

G_BEGIN_DECLS

#define PD_TYPE_CONNECTED_SHOP_ITEM (pd_connected_shop_item_get_type ())

G_DECLARE_FINAL_TYPE (PdConnectedShopItem, pd_connected_shop_item, PD, CONNECTED_SHOP_ITEM, GObject)

/* One shop connected through the TikTok Shop Open API (issue 17), as the
 * Connected Shops window lists it: the shop and its grant as the store
 * has them, and the figures last read from it (has_gmv FALSE and NULL
 * texts when never read). */
PdConnectedShopItem    *pd_connected_shop_item_new         (PdOpenApiShop       *shop,
                                                            PdOpenApiReading    *reading);
const PdOpenApiShop    *pd_connected_shop_item_get_shop    (PdConnectedShopItem *self);
const PdOpenApiReading *pd_connected_shop_item_get_reading (PdConnectedShopItem *self);

/* Every connected shop of @store, by shop id, in a new GListStore of
 * PdConnectedShopItem. */
GListStore             *pd_connected_shop_items_load       (PdStore             *store,
                                                            GError             **error);

G_END_DECLS
