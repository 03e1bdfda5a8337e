/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-merchant-row.h"

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_ITEM (pd_merchant_item_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantItem, pd_merchant_item, PD, MERCHANT_ITEM, GObject)

/* One position of PdMerchantListModel: the row shown there. When the
 * query or the rows change, the items the view holds get their new row
 * (notify::row) instead of the view building every row widget again. */
PdMerchantItem      *pd_merchant_item_new      (PdMerchantRow  *row);
const PdMerchantRow *pd_merchant_item_get_row  (PdMerchantItem *self);
/* Takes @row; notifies "row". */
void                 pd_merchant_item_set_row  (PdMerchantItem *self,
                                                PdMerchantRow  *row);

G_END_DECLS
