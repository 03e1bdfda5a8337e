/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-import-guess"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-csv-header.h"
#include "pd-csv-reader.h"
#include "pd-import-guess.h"

typedef struct
{
  const char   *name;
  const char   *alias;
  PdImportKind  kind;
} KeyColumn;

/* Most specific first: a links file and a store report also have a
 * seller_id column. */
static const KeyColumn key_columns[] = {
  /* "令牌": the links export's header in Chinese (pd-import-links.c). */
  { "token", "令牌", PD_IMPORT_KIND_LINKS },
  { "store_id", "店铺ID", PD_IMPORT_KIND_STORES },
  { "cny_per_unit", NULL, PD_IMPORT_KIND_RATES },
  { "seller_id", "商家ID", PD_IMPORT_KIND_TARGETS },
};

static gboolean
header_has (GPtrArray  *header,
            const char *name)
{
  for (guint i = 0; i < header->len; i++)
    {
      gsize len;
      const char *text = pd_csv_trim (g_ptr_array_index (header, i), &len);

      if (len == strlen (name) && g_ascii_strncasecmp (text, name, len) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
pd_import_guess_kind (const char    *path,
                      PdImportKind  *kind_out,
                      GError       **error)
{
  return pd_import_guess_kind_in_sheet (path, NULL, kind_out, error);
}

/* The same for the sheet @sheet of a workbook (NULL: the first). */
gboolean
pd_import_guess_kind_in_sheet (const char    *path,
                               const char    *sheet,
                               PdImportKind  *kind_out,
                               GError       **error)
{
  g_autoptr(PdRowSource) reader = NULL;
  g_autofree char *display = NULL;
  GPtrArray *header = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (kind_out != NULL, FALSE);

  if (g_str_has_suffix (path, ".json") || g_str_has_suffix (path, ".JSON"))
    {
      *kind_out = PD_IMPORT_KIND_PROGRAM;
      return TRUE;
    }

  /* A workbook's first sheet, whose header may come after a title. */
  display = g_filename_display_name (path);
  reader = pd_row_source_open (path, sheet, NULL, display, error);
  if (reader == NULL)
    return FALSE;
  for (guint row = 0; row < (pd_row_source_names_cells (reader) ? 20 : 1); row++)
    {
      if (!pd_row_source_next (reader, &header, error) || header == NULL)
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (key_columns); i++)
        if (header_has (header, key_columns[i].name) ||
            (key_columns[i].alias != NULL && header_has (header, key_columns[i].alias)))
          {
            *kind_out = key_columns[i].kind;
            return TRUE;
          }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s: the header names none of token, store_id, cny_per_unit or seller_id"), path);
  return FALSE;
}
