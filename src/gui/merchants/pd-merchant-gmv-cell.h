/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-merchant-cell.h"

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_GMV_CELL (pd_merchant_gmv_cell_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantGmvCell, pd_merchant_gmv_cell, PD, MERCHANT_GMV_CELL, PdMerchantCell)

/* The GMV Progress column: a level bar toward the sales threshold beside
 * "CNY 780.00 of 1,000.00" (the bar hidden when there is no progress). */
GtkWidget *pd_merchant_gmv_cell_new (void);

G_END_DECLS
