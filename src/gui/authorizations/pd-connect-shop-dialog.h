/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-context.h"

G_BEGIN_DECLS

/* Connect a Shop (issue 17): the user pastes the address a seller's
 * browser ended on after authorizing through one of our authorization
 * links (or its code); the code is exchanged for the seller's tokens in
 * a worker thread, the shops are listed into the store, a toast says
 * which, and a sync is started so that their figures are read. An
 * address that matches no link, a revoked link, a refused code: a
 * dialog says why. */
AdwMessageDialog *pd_connect_shop_dialog_present (GtkWidget *parent,
                                                  PdContext *context);

G_END_DECLS
