/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-merchant-item.h"

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_CELL (pd_merchant_cell_get_type ())

G_DECLARE_DERIVABLE_TYPE (PdMerchantCell, pd_merchant_cell, PD, MERCHANT_CELL, AdwBin)

/* A cell of the Merchants page's column view, as Nautilus 43's
 * NautilusViewCell: each kind of cell is a small widget class with its
 * template (pd-merchant-seller-cell, -gmv-cell, -label-cell). The page's
 * factory gives a cell the item of its list position; the cell shows the
 * item's row and follows it (an item gets a new row when the query or the
 * rows change, instead of the view building new widgets; a cell out of
 * sight shows it a moment later). The template's
 * widgets are the bin's child, which AdwBin disposes: the subclasses do
 * not call gtk_widget_dispose_template(), which would unparent it first. */
struct _PdMerchantCellClass
{
  AdwBinClass parent_class;

  /* Shows @row; called on every new item and notify::row. */
  void (*update) (PdMerchantCell      *self,
                  const PdMerchantRow *row);
};

PdMerchantItem *pd_merchant_cell_get_item  (PdMerchantCell *self);
void            pd_merchant_cell_set_item  (PdMerchantCell *self,
                                            PdMerchantItem *item);

/* Shows the rows that cells out of sight have not shown yet (they wait
 * while the rows keep changing): at once, or before the next frame (when
 * the list scrolls). */
void            pd_merchant_cell_flush_pending      (void);
void            pd_merchant_cell_flush_pending_soon (void);

/* Sets @label's text only when it changes: a keystroke in the search
 * updates a couple of hundred cells, most showing the same words. */
void            pd_merchant_cell_set_label (GtkLabel       *label,
                                            const char     *text);

G_END_DECLS
