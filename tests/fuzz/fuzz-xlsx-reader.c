/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-xlsx-reader"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pd-xlsx-reader.h"

/*
 * libFuzzer target for the .xlsx reader. The first input byte says what the
 * rest is: 0 the whole file; 1 a sheet's XML, 2 the shared strings' XML, 3
 * the styles' XML, each put into an otherwise valid workbook (so that the
 * fuzzer works on the XML rather than on deflated bytes). Besides the
 * sanitizers, the harness checks that every cell is valid UTF-8, rows come
 * in increasing order, and errors are PdXlsxErrors with a UTF-8 message.
 */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        g_printerr ("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELS "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""
#define T "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char *default_parts[][2] = {
  { "_rels/.rels", "<Relationships " RELS "><Relationship Id=\"rId1\" Type=\"" T "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>" },
  { "xl/workbook.xml", "<workbook " NS "><workbookPr date1904=\"0\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" },
  { "xl/_rels/workbook.xml.rels", "<Relationships " RELS "><Relationship Id=\"rId1\" Type=\"" T "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" T "sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" T "styles\" Target=\"styles.xml\"/></Relationships>" },
  { "xl/worksheets/sheet1.xml", "<worksheet " NS "><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c><c s=\"1\"><v>46023.5</v></c></row></sheetData></worksheet>" },
  { "xl/sharedStrings.xml", "<sst " NS "><si><t>seller_id</t></si></sst>" },
  { "xl/styles.xml", "<styleSheet " NS "><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>" },
};

static void
write_workbook (const char    *path,
                guint          replaced,
                const uint8_t *data,
                size_t         size)
{
  struct archive *a = archive_write_new ();

  archive_write_set_format_zip (a);
  archive_write_zip_set_compression_store (a);
  FUZZ_CHECK (archive_write_open_filename (a, path) == ARCHIVE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (default_parts); i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      gboolean fuzzed = i == replaced;
      const void *bytes = fuzzed ? (const void *) data : default_parts[i][1];
      size_t len = fuzzed ? size : strlen (default_parts[i][1]);

      archive_entry_set_pathname (entry, default_parts[i][0]);
      archive_entry_set_size (entry, len);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_write_header (a, entry);
      archive_write_data (a, bytes, len);
      archive_entry_free (entry);
    }
  archive_write_free (a);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *path;
  g_autoptr(PdXlsxReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fields;
  guint64 last = 0;

  if (size < 1)
    return 0;
  if (path == NULL)
    {
      int fd = g_file_open_tmp ("fuzz-xlsx-XXXXXX.xlsx", &path, NULL);

      FUZZ_CHECK (fd >= 0);
      close (fd);
    }
  switch (data[0] % 4)
    {
    case 0:
      FUZZ_CHECK (g_file_set_contents (path, (const char *) data + 1, size - 1, NULL));
      break;
    case 1:
      write_workbook (path, 3, data + 1, size - 1);
      break;
    case 2:
      write_workbook (path, 4, data + 1, size - 1);
      break;
    default:
      write_workbook (path, 5, data + 1, size - 1);
      break;
    }

  reader = pd_xlsx_reader_new_for_path (path, NULL, "fuzz.xlsx", &error);
  if (reader != NULL)
    while (pd_xlsx_reader_next (reader, &fields, &error))
      {
        guint64 line = pd_xlsx_reader_get_record_line (reader);

        FUZZ_CHECK (line > last);
        last = line;
        for (guint i = 0; i < fields->len; i++)
          FUZZ_CHECK (g_utf8_validate (g_ptr_array_index (fields, i), -1, NULL));
      }
  if (error != NULL)
    {
      FUZZ_CHECK (error->domain == PD_XLSX_ERROR);
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
    }
  return 0;
}
