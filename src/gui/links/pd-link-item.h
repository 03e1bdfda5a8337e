/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-link.h"

G_BEGIN_DECLS

#define PD_TYPE_LINK_ITEM (pd_link_item_get_type ())

G_DECLARE_FINAL_TYPE (PdLinkItem, pd_link_item, PD, LINK_ITEM, GObject)

/* One row of the Links page's model: a link as read from the store. */
PdLinkItem   *pd_link_item_new      (PdLink     *link);   /* takes @link */
const PdLink *pd_link_item_get_link (PdLinkItem *self);

G_END_DECLS
