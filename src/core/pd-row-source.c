/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-row-source"

#include "config.h"

#include "pd-csv-reader.h"
#include "pd-row-source.h"
#include "pd-xlsx-reader.h"

G_DEFINE_INTERFACE (PdRowSource, pd_row_source, G_TYPE_OBJECT)

static void
pd_row_source_default_init (PdRowSourceInterface *iface)
{
}

PdRowSource *
pd_row_source_open (const char    *path,
                    const char    *sheet,
                    GInputStream  *stream,
                    const char    *display_name,
                    GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (pd_file_kind_of_path (path) != PD_FILE_KIND_TEXT)
    return PD_ROW_SOURCE (pd_xlsx_reader_new_for_path (path, sheet, display_name, error));
  if (stream != NULL)
    return PD_ROW_SOURCE (pd_csv_reader_new_for_stream (stream, display_name));
  return PD_ROW_SOURCE (pd_csv_reader_new_for_path (path, error));
}

gboolean
pd_row_source_next (PdRowSource  *self,
                    GPtrArray   **fields_out,
                    GError      **error)
{
  return PD_ROW_SOURCE_GET_IFACE (self)->next (self, fields_out, error);
}

guint64
pd_row_source_get_record_line (PdRowSource *self)
{
  return PD_ROW_SOURCE_GET_IFACE (self)->get_record_line (self);
}

guint64
pd_row_source_get_bytes_read (PdRowSource *self)
{
  return PD_ROW_SOURCE_GET_IFACE (self)->get_bytes_read (self);
}

const char *
pd_row_source_get_encoding (PdRowSource *self)
{
  return PD_ROW_SOURCE_GET_IFACE (self)->get_encoding (self);
}

char *
pd_row_source_location (PdRowSource *self,
                        guint64      line,
                        guint        field)
{
  return PD_ROW_SOURCE_GET_IFACE (self)->location (self, line, field);
}

gboolean
pd_row_source_names_cells (PdRowSource *self)
{
  return PD_IS_XLSX_READER (self);
}
