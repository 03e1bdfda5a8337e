/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-qr-code"

#include "config.h"

#include <qrencode.h>

#include "pd-formats.h"

/* In the file-format module (pd-formats.h): PdQrCode's encoding through
 * libqrencode. Level M (15 % of the code may be unreadable); 8-bit mode:
 * a URL is bytes, and case-sensitive tokens rule out the alphanumeric
 * mode. */
guchar *
pd_formats_module_qr_encode (const char *text,
                             guint      *modules_out)
{
  QRcode *code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, TRUE);
  guchar *dark;
  guint modules;

  *modules_out = 0;
  if (code == NULL)
    return NULL;
  modules = (guint) code->width;
  dark = g_malloc ((gsize) modules * modules);
  for (guint i = 0; i < modules * modules; i++)
    dark[i] = code->data[i] & 1;
  QRcode_free (code);
  *modules_out = modules;
  return dark;
}
