/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-xlsx-private.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *sheet_names;   /* char *, in the workbook's order */
  GPtrArray *sheet_parts;   /* char *, or NULL when the sheet has no part */
  char *strings_part;
  char *styles_part;
  gboolean date1904;
} PdXlsxWorkbook;

gboolean pd_xlsx_workbook_read  (PdXlsxWorkbook  *book,
                                 PdXlsxZip       *zip,
                                 GError         **error);
void     pd_xlsx_workbook_clear (PdXlsxWorkbook  *book);

G_END_DECLS
