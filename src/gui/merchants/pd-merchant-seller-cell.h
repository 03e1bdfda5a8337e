/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-merchant-cell.h"

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_SELLER_CELL (pd_merchant_seller_cell_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantSellerCell, pd_merchant_seller_cell, PD, MERCHANT_SELLER_CELL, PdMerchantCell)

/* The Seller column: the seller's name over "seller id · store id". */
GtkWidget *pd_merchant_seller_cell_new (void);

G_END_DECLS
