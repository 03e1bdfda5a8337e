/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-context.h"

G_BEGIN_DECLS

/* Link actions shared by the Links and Merchants pages. */

/* Copies @url to the clipboard of @widget's display and shows the toast
 * "Link copied" in @widget's PdWindow (or in the nearest
 * AdwToastOverlay above @widget). */
void pd_link_copy_to_clipboard  (GtkWidget   *widget,
                                 const char  *url);

/* Presents a PdQrDialog for @url, transient for @widget's window. */
void pd_link_show_qr_code       (GtkWidget   *widget,
                                 const char  *url);

/* Asks for confirmation (AdwMessageDialog), then revokes the link
 * @token through pd_store_link_revoke() (which tells the pages through
 * PdStore::changed) and shows a toast; an error goes to a toast
 * too. */
void pd_link_revoke_with_confirmation (GtkWidget   *widget,
                                       PdContext   *context,
                                       const char  *token);


G_END_DECLS
