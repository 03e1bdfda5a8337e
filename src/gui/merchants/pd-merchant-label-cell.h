/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-clock.h"
#include "pd-merchant-cell.h"
#include "pd-merchant-index.h"

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_LABEL_CELL (pd_merchant_label_cell_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantLabelCell, pd_merchant_label_cell, PD, MERCHANT_LABEL_CELL, PdMerchantCell)

/* A one-line column of the Merchants page: Market, Stage, Verdict (with
 * its colour), Deadline (in the program's zone, days left as of the
 * clock: @index gives the program's rules), Inventory, Staff, Link (the
 * URL as its tooltip). */
GtkWidget *pd_merchant_label_cell_new (PdMerchantColumn  column,
                                       PdMerchantIndex  *index,
                                       PdClock          *clock);

G_END_DECLS
