/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-xlsx"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pd-xlsx-reader.h"

/* What kind of file an import is given, and the xlsx reader's errors:
 * the part of pd-xlsx-reader.h that needs none of the libraries the
 * reader is made of, so that the app knows a workbook before it loads
 * them (pd-formats.h). */

G_DEFINE_QUARK (pd-xlsx-error-quark, pd_xlsx_error)

PdFileKind
pd_file_kind_sniff (const guchar *head,
                    gsize         len)
{
  static const guchar zip[] = { 'P', 'K', 3, 4 };
  static const guchar ole[] = { 0xD0, 0xCF, 0x11, 0xE0 };

  if (len >= 4 && memcmp (head, zip, 4) == 0)
    return PD_FILE_KIND_ZIP;
  if (len >= 4 && memcmp (head, ole, 4) == 0)
    return PD_FILE_KIND_OLE;
  return PD_FILE_KIND_TEXT;
}

PdFileKind
pd_file_kind_of_path (const char *path)
{
  guchar head[4];
  gsize n = 0;
  FILE *f = fopen (path, "rb");

  if (f == NULL)
    return PD_FILE_KIND_TEXT;
  n = fread (head, 1, sizeof head, f);
  fclose (f);
  return pd_file_kind_sniff (head, n);
}
