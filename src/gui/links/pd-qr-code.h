/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_QR_CODE (pd_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (PdQrCode, pd_qr_code, PD, QR_CODE, GtkWidget)

/* A QR code of a text (libqrencode, error correction M), drawn as crisp
 * squares at whatever size the widget gets: each module is a whole
 * number of pixels, dark on white, with a quiet zone of
 * PD_QR_CODE_QUIET_ZONE modules around it. */
#define PD_QR_CODE_QUIET_ZONE 4

GtkWidget  *pd_qr_code_new            (const char  *text);
const char *pd_qr_code_get_text       (PdQrCode    *self);
void        pd_qr_code_set_text       (PdQrCode    *self,
                                       const char  *text);
/* Modules per side without the quiet zone (qrencode's width), 0 when
 * there is no text or it cannot be encoded. */
guint       pd_qr_code_get_modules    (PdQrCode    *self);
/* Whether module (@x, @y) is dark; FALSE outside the symbol. */
gboolean    pd_qr_code_get_module     (PdQrCode    *self,
                                       guint        x,
                                       guint        y);

/* The code as a PNG of @size x @size pixels (quiet zone included,
 * modules rounded to whole pixels and centred). */
gboolean    pd_qr_code_save_png       (PdQrCode    *self,
                                       const char  *path,
                                       int          size,
                                       GError     **error);

G_END_DECLS
