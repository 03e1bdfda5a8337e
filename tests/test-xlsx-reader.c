/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-xlsx-reader"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pd-xlsx-private.h"
#include "pd-xlsx-reader.h"

/*
 * Workbooks built part by part (libarchive writes the zip), so that each
 * case of the format and each hostile file is exactly what the test says.
 * Files written by real spreadsheet programs are in tests/cli
 * (test-cli-xlsx.py: LibreOffice and openpyxl).
 */

static char *tmpdir;

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELS_NS "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""
#define T_DOC "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
#define T_SHEET "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
#define T_SST "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
#define T_STYLES "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

static const char root_rels[] =
  "<?xml version=\"1.0\"?><Relationships " RELS_NS ">"
  "<Relationship Id=\"rId1\" Type=\"" T_DOC "\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char book_rels[] =
  "<?xml version=\"1.0\"?><Relationships " RELS_NS ">"
  "<Relationship Id=\"rId1\" Type=\"" T_SHEET "\" Target=\"worksheets/sheet1.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"" T_SHEET "\" Target=\"/xl/worksheets/sheet2.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"" T_SST "\" Target=\"sharedStrings.xml\"/>"
  "<Relationship Id=\"rId4\" Type=\"" T_STYLES "\" Target=\"styles.xml\"/></Relationships>";
static const char styles[] =
  "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"1\">"
  "<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\\ hh:mm\"/>"
  "<numFmt numFmtId=\"165\" formatCode=\"&quot;days&quot;\\ 0.00\"/></numFmts>"
  "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
  "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
  "<xf numFmtId=\"165\"/></cellXfs></styleSheet>";
static const char strings[] =
  "<?xml version=\"1.0\"?><sst " NS " count=\"3\" uniqueCount=\"3\">"
  "<si><t>seller_id</t></si><si><r><t>商家</t></r><r><t xml:space=\"preserve\">名称 </t></r>"
  "<rPh sb=\"0\" eb=\"1\"><t>しょう</t></rPh></si><si><t/></si></sst>";

static char *
workbook (const char *sheets,
          gboolean    date1904)
{
  return g_strdup_printf ("<?xml version=\"1.0\"?><workbook " NS "><workbookPr%s/>"
                          "<sheets>%s</sheets></workbook>",
                          date1904 ? " date1904=\"1\"" : "", sheets);
}

static char *
sheet (const char *rows)
{
  return g_strdup_printf ("<?xml version=\"1.0\"?><worksheet " NS "><dimension ref=\"A1\"/>"
                          "<sheetData>%s</sheetData></worksheet>", rows);
}

/* Writes a zip of (name, content) pairs, NULL-terminated. */
static char *
write_zip (const char *file,
           ...)
{
  char *path = g_build_filename (tmpdir, file, NULL);
  struct archive *a = archive_write_new ();
  const char *name;
  va_list args;

  archive_write_set_format_zip (a);
  archive_write_zip_set_compression_deflate (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  va_start (args, file);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *content = va_arg (args, const char *);
      struct archive_entry *entry = archive_entry_new ();

      archive_entry_set_pathname (entry, name);
      archive_entry_set_size (entry, strlen (content));
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, content, strlen (content)), ==, (la_ssize_t) strlen (content));
      archive_entry_free (entry);
    }
  va_end (args);
  archive_write_free (a);
  return path;
}

static char *
simple_book (const char *file,
             const char *rows,
             gboolean    date1904)
{
  g_autofree char *book = workbook ("<sheet name=\"Targets\" sheetId=\"1\" r:id=\"rId1\"/>"
                                    "<sheet name=\"Q1 list\" sheetId=\"2\" r:id=\"rId2\"/>", date1904);
  g_autofree char *s1 = sheet (rows);
  g_autofree char *s2 = sheet ("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>second</t></is></c></row>");

  return write_zip (file, "[Content_Types].xml", "<Types/>", "_rels/.rels", root_rels,
                    "xl/workbook.xml", book, "xl/_rels/workbook.xml.rels", book_rels,
                    "xl/styles.xml", styles, "xl/sharedStrings.xml", strings,
                    "xl/worksheets/sheet1.xml", s1, "xl/worksheets/sheet2.xml", s2, NULL);
}

/* Every row as "a|b|c" lines. */
static char *
dump (PdXlsxReader  *reader,
      GError       **error)
{
  GString *out = g_string_new (NULL);
  GPtrArray *fields;

  while (pd_xlsx_reader_next (reader, &fields, error))
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT ":", pd_xlsx_reader_get_record_line (reader));
      for (guint i = 0; i < fields->len; i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", (char *) g_ptr_array_index (fields, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
test_cells (void)
{
  g_autofree char *path = simple_book ("cells.xlsx",
    /* A title, a blank row, then the header. */
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Q1 targets</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" s=\"1\"/></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>0</v></c><c r=\"B4\" t=\"s\"><v>1</v></c>"
    "<c r=\"C4\" t=\"inlineStr\"><is><t>when</t></is></c><c r=\"D4\" s=\"3\"/></row>"
    /* Numbers, a date, a formula's cached value, a boolean, an error. */
    "<row r=\"5\"><c r=\"A5\"><v>123456789012</v></c><c r=\"B5\"><f>1+1</f><v>0.30000000000000004</v></c>"
    "<c r=\"C5\" s=\"1\"><v>46023</v></c><c r=\"E5\" t=\"b\"><v>1</v></c></row>"
    "<row r=\"6\"><c t=\"str\"><f>A1</f><v>text</v></c><c t=\"e\"><v>#N/A</v></c>"
    "<c s=\"2\"><v>46023.5208333333</v></c><c s=\"3\"><v>2.5</v></c></row>"
    "<row r=\"7\"><c r=\"B7\" t=\"s\"><v>2</v></c><c r=\"F7\" s=\"1\"/></row>"
    "<row r=\"9\"><c r=\"A9\"><v>999999999999999</v></c></row>", FALSE);
  g_autoptr(PdXlsxReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;

  reader = pd_xlsx_reader_new_for_path (path, NULL, "cells.xlsx", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_xlsx_reader_get_sheet_name (reader), ==, "Targets");
  rows = dump (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rows, ==,
                   "1:Q1 targets\n"
                   "4:seller_id|商家名称 |when\n"
                   "5:123456789012|0.3|2026-01-01||TRUE\n"
                   "6:text|#N/A|2026-01-01 12:30:00|2.5|\n"
                   "9:999999999999999||||\n");
}

static void
test_date1904 (void)
{
  g_autofree char *path = simple_book ("d1904.xlsx",
    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44561</v></c><c r=\"B1\" s=\"2\"><v>0.25</v></c></row>", TRUE);
  g_autoptr(PdXlsxReader) reader = pd_xlsx_reader_new_for_path (path, NULL, "d1904.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;

  g_assert_nonnull (reader);
  g_assert_true (pd_xlsx_reader_get_date1904 (reader));
  rows = dump (reader, &error);
  g_assert_no_error (error);
  /* 44561 days after 1904-01-01 (2026-01-01 in the 1900 system is 46023). */
  g_assert_cmpstr (rows, ==, "1:2026-01-01|1904-01-01 06:00:00\n");
  g_free (rows);
  rows = pd_xlsx_serial_to_text (46023.75, FALSE);
  g_assert_cmpstr (rows, ==, "2026-01-01 18:00:00");
}

static void
test_sheets (void)
{
  g_autofree char *path = simple_book ("sheets.xlsx", "", FALSE);
  g_auto(GStrv) names = pd_xlsx_list_sheets (path, NULL);
  g_autoptr(PdXlsxReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *where = NULL;

  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[1], ==, "Q1 list");

  reader = pd_xlsx_reader_new_for_path (path, "Q1 list", "sheets.xlsx", &error);
  g_assert_no_error (error);
  rows = dump (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rows, ==, "1:second\n");
  where = pd_xlsx_reader_location (reader, 14, 2);
  g_assert_cmpstr (where, ==, "sheets.xlsx:'Q1 list'!C14");
  g_clear_object (&reader);

  reader = pd_xlsx_reader_new_for_path (path, "Nope", "sheets.xlsx", &error);
  g_assert_null (reader);
  g_assert_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_NO_SHEET);
  g_assert_nonnull (strstr (error->message, "Targets, Q1 list"));
}

static void
test_columns (void)
{
  char letters[4];

  pd_xlsx_column_letters (0, letters);
  g_assert_cmpstr (letters, ==, "A");
  pd_xlsx_column_letters (27, letters);
  g_assert_cmpstr (letters, ==, "AB");
  pd_xlsx_column_letters (16383, letters);
  g_assert_cmpstr (letters, ==, "XFD");
  g_assert_true (pd_xlsx_format_is_date (0, "yyyy/m/d"));
  g_assert_true (pd_xlsx_format_is_date (0, "[$-409]h:mm AM/PM"));
  g_assert_true (pd_xlsx_format_is_date (0, "[h]:mm"));
  g_assert_false (pd_xlsx_format_is_date (0, "#,##0.00 \"days\""));
  g_assert_false (pd_xlsx_format_is_date (0, "[Red]0.00"));
  g_assert_false (pd_xlsx_format_is_date (0, "General"));
  g_assert_true (pd_xlsx_format_is_date (0, "yyyy\"年\"m\"月\""));
  g_assert_true (pd_xlsx_format_is_date (31, NULL));
}

/* Opening and reading every row fails with @code, and the message names
 * @where. */
static void
assert_refused (const char *path,
                int         code,
                const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdXlsxReader) reader = pd_xlsx_reader_new_for_path (path, NULL, "bad.xlsx", &error);

  if (reader != NULL)
    {
      g_autofree char *rows = dump (reader, &error);
    }
  g_assert_error (error, PD_XLSX_ERROR, code);
  if (where != NULL && strstr (error->message, where) == NULL)
    g_error ("“%s” does not name %s", error->message, where);
}

static void
test_hostile (void)
{
  g_autofree char *text = g_build_filename (tmpdir, "text.xlsx", NULL);
  g_autofree char *ole = g_build_filename (tmpdir, "ole.xlsx", NULL);
  g_autofree char *cut = g_build_filename (tmpdir, "cut.xlsx", NULL);
  g_autofree char *good = simple_book ("good.xlsx", "<row r=\"1\"><c><v>1</v></c></row>", FALSE);
  g_autofree char *far = simple_book ("far.xlsx", "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", FALSE);
  g_autofree char *bad_index = simple_book ("index.xlsx", "<row r=\"3\"><c r=\"C3\" t=\"s\"><v>99</v></c></row>", FALSE);
  g_autofree char *bad_xml = simple_book ("xml.xlsx", "<row r=\"1\"><c><v>1</c></row>", FALSE);
  g_autofree char *rounded = simple_book ("rounded.xlsx", "<row r=\"2\"><c r=\"B2\"><v>7.00000000000000E+15</v></c></row>", FALSE);
  g_autofree char *dtd = NULL;
  g_autofree char *wide = NULL;
  g_autofree char *bomb = NULL;
  g_autofree char *data = NULL;
  GString *many = g_string_new ("<row r=\"1\">");
  GString *spaces;
  gsize len;

  g_assert_true (g_file_set_contents (text, "seller_id,name\n1,x\n", -1, NULL));
  assert_refused (text, PD_XLSX_ERROR_NOT_XLSX, "not a zip");
  g_assert_true (g_file_set_contents (ole, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and more", -1, NULL));
  assert_refused (ole, PD_XLSX_ERROR_ENCRYPTED, "password protected");

  g_assert_true (g_file_get_contents (good, &data, &len, NULL));
  g_assert_true (g_file_set_contents (cut, data, len / 2, NULL));
  assert_refused (cut, PD_XLSX_ERROR_CORRUPT, "bad.xlsx");

  assert_refused (far, PD_XLSX_ERROR_TOO_LARGE, "XFE1");
  assert_refused (bad_index, PD_XLSX_ERROR_CORRUPT, "bad.xlsx:Targets!C3: shared string");
  assert_refused (bad_xml, PD_XLSX_ERROR_CORRUPT, "not well-formed");
  assert_refused (rounded, PD_XLSX_ERROR_ROUNDED, "bad.xlsx:Targets!B2: the number 7.00000000000000E+15");

  /* Entities: refused at the declaration, never expanded. */
  dtd = write_zip ("dtd.xlsx", "_rels/.rels", root_rels, "xl/workbook.xml",
                   "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\">"
                   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                   "<workbook " NS "><sheets><sheet name=\"&c;\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                   NULL);
  assert_refused (dtd, PD_XLSX_ERROR_UNSAFE, "document type");

  /* A million cells in a row, without references. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append (many, "<c/>");
  g_string_append (many, "</row>");
  wide = simple_book ("wide.xlsx", many->str, FALSE);
  g_string_free (many, TRUE);
  assert_refused (wide, PD_XLSX_ERROR_TOO_LARGE, "XFD");

  /* 64 MiB of blanks that deflate to some 64 KiB. */
  spaces = g_string_new ("<row r=\"1\"><c><v>1</v></c></row>");
  g_string_set_size (spaces, 64 * 1024 * 1024);
  memset (spaces->str + 32, ' ', spaces->len - 32);
  bomb = simple_book ("bomb.xlsx", spaces->str, FALSE);
  g_string_free (spaces, TRUE);
  assert_refused (bomb, PD_XLSX_ERROR_TOO_LARGE, "zip bomb");
}

static void
test_sniff (void)
{
  g_assert_cmpint (pd_file_kind_sniff ((const guchar *) "PK\3\4xx", 6), ==, PD_FILE_KIND_ZIP);
  g_assert_cmpint (pd_file_kind_sniff ((const guchar *) "\xD0\xCF\x11\xE0", 4), ==, PD_FILE_KIND_OLE);
  g_assert_cmpint (pd_file_kind_sniff ((const guchar *) "PK", 2), ==, PD_FILE_KIND_TEXT);
  g_assert_cmpint (pd_file_kind_sniff ((const guchar *) "a,b\n", 4), ==, PD_FILE_KIND_TEXT);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("test-xlsx-XXXXXX", NULL);

  g_test_add_func ("/xlsx/cells", test_cells);
  g_test_add_func ("/xlsx/date1904", test_date1904);
  g_test_add_func ("/xlsx/sheets", test_sheets);
  g_test_add_func ("/xlsx/columns", test_columns);
  g_test_add_func ("/xlsx/hostile", test_hostile);
  g_test_add_func ("/xlsx/sniff", test_sniff);
  status = g_test_run ();

  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", tmpdir);

    if (system (rm) != 0)
      g_warning ("could not remove %s", tmpdir);
  }
  g_free (tmpdir);
  return status;
}
