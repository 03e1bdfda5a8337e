/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_CONNECTED_SHOPS_WINDOW (pd_connected_shops_window_get_type ())

G_DECLARE_FINAL_TYPE (PdConnectedShopsWindow, pd_connected_shops_window, PD, CONNECTED_SHOPS_WINDOW, AdwWindow)

/* The shops connected through the TikTok Shop Open API (issue 17), from
 * the Authorizations page: each with its seller, name and region, its
 * state (active, cancelled, expired: a cancelled or expired one keeps its
 * figures), the authorization's real end, its last read and the figures
 * read; "Read Now" and "Disconnect". Follows the store's changes. */
PdConnectedShopsWindow *pd_connected_shops_window_new       (GtkWindow              *parent,
                                                             PdContext              *context);
/* The GListModel of PdConnectedShopItem shown (tests). */
GListModel             *pd_connected_shops_window_get_model (PdConnectedShopsWindow *self);

G_END_DECLS
