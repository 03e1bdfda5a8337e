/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The file-format module, libpdformats.so: the .xlsx reader and writer
 * (src/core/pd-xlsx-*.c) and QR codes, with the libraries they are made
 * of (libarchive, libxml2 and ICU, libxlsxwriter and OpenSSL's libcrypto,
 * libqrencode). Linked into the app, those libraries were loaded and
 * relocated before main() and made every later dlopen() (the GL driver
 * first) search them: about 27 M instructions of a first frame of some
 * 1,300 M. The app loads the module the first time it reads or writes a
 * workbook or draws a QR code: pd-formats.c defines the functions of
 * pd-xlsx-reader.h and pd-xlsx-writer.h that the rest of the app calls
 * as calls into it. It is installed in LIBDIR/partnerdesk and found in
 * the build tree by a program run from there (pd-paths.h). The command
 * line and the tests link the reader and writer instead. */

/* The modules of @text's QR code, row by row, 1 dark and 0 light,
 * @modules_out to a side; NULL if it cannot be made (errno says why) or
 * the module cannot be loaded (a warning says why). */
guchar *pd_formats_qr_encode        (const char *text,
                                     guint      *modules_out);

/* In the module: what pd_formats_qr_encode() calls. */
guchar *pd_formats_module_qr_encode (const char *text,
                                     guint      *modules_out);

G_END_DECLS
