/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_QR_DIALOG (pd_qr_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdQrDialog, pd_qr_dialog, PD, QR_DIALOG, AdwWindow)

/* PNG files saved by "Save as PNG…" are this many pixels square. */
#define PD_QR_DIALOG_PNG_SIZE 1024

/* A modal window with the QR code of @url, the URL below it, and Copy
 * and "Save as PNG…" buttons. @parent may be NULL. @title NULL: "Link
 * QR Code". Present it with gtk_window_present(). */
PdQrDialog *pd_qr_dialog_new       (GtkWindow   *parent,
                                    const char  *url,
                                    const char  *title);
const char *pd_qr_dialog_get_url   (PdQrDialog  *self);

G_END_DECLS
