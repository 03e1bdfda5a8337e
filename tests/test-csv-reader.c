/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-csv-reader"

#include <string.h>
#include <sys/resource.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pd-csv-header.h"
#include "pd-csv-reader.h"
#include "pd-csv-reader-private.h"

/*
 * Every input is read with many chunk sizes, so that each record, quote,
 * line end and multi-byte character also straddles a chunk boundary; the
 * records must come out the same every time.
 */

#define BINARY_MESSAGE "NUL byte, this is not a text file; expected CSV or tab-separated text (save spreadsheets as CSV)"
#define ANY_ENCODING_MESSAGE "invalid byte sequence; expected UTF-8, UTF-16 with a BOM, or GB18030 text"
#define UNCLOSED_MESSAGE "quoted field not closed; expected a closing quote (\") before the end of the file"

typedef struct
{
  const char *name;
  char *data;
  gsize len;
  char *expected;        /* records as dump_records() writes them */
  const char *encoding;  /* after the last record */
  char delimiter;
  int error_code;        /* -1: none */
  char *error_message;
  gboolean big;          /* only a few chunk sizes */
} Case;

static GPtrArray *cases;

static void
case_free (gpointer data)
{
  Case *c = data;

  g_free (c->data);
  g_free (c->expected);
  g_free (c->error_message);
  g_free (c);
}

static Case *
add_case_len (const char *name,
              const char *data,
              gsize       len,
              const char *expected,
              const char *encoding,
              char        delimiter,
              int         error_code,
              const char *error_message)
{
  Case *c = g_new0 (Case, 1);

  c->name = name;
  c->data = g_memdup2 (data, len);
  c->len = len;
  c->expected = g_strdup (expected);
  c->encoding = encoding;
  c->delimiter = delimiter;
  c->error_code = error_code;
  c->error_message = g_strdup (error_message);
  g_ptr_array_add (cases, c);

  return c;
}

static Case *
add_case (const char *name,
          const char *data,
          const char *expected,
          char        delimiter)
{
  return add_case_len (name, data, strlen (data), expected, "UTF-8", delimiter, -1, NULL);
}

static Case *
add_error_case (const char *name,
                const char *data,
                gsize       len,
                const char *expected,
                const char *encoding,
                int         error_code,
                const char *error_message)
{
  return add_case_len (name, data, len, expected, encoding, ',', error_code, error_message);
}

static char *
convert (const char *utf8,
         const char *to)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  char *out = g_convert (utf8, -1, to, "UTF-8", NULL, &len, &error);

  g_assert_no_error (error);
  return out;
}

static gsize
converted_len (const char *utf8,
               const char *to)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *out = g_convert (utf8, -1, to, "UTF-8", NULL, &len, &error);

  g_assert_no_error (error);
  return len;
}

static PdCsvReader *
reader_for_bytes (const char *data,
                  gsize       len,
                  gsize       chunk_size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, len, NULL);
  PdCsvReader *reader = pd_csv_reader_new_for_stream (stream, "t.csv");

  if (chunk_size > 0)
    pd_csv_reader_set_chunk_size (reader, chunk_size);
  return reader;
}

/* "LINE:[field][field]...\n" per record. */
static char *
dump_records (PdCsvReader  *reader,
              GError      **error)
{
  GString *out = g_string_new (NULL);
  GPtrArray *fields;

  while (pd_csv_reader_next (reader, &fields, error))
    {
      guint i;

      g_string_append_printf (out, "%" G_GUINT64_FORMAT ":", pd_csv_reader_get_record_line (reader));
      for (i = 0; i < fields->len; i++)
        g_string_append_printf (out, "[%s]", (const char *) g_ptr_array_index (fields, i));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static void
check_case (const Case *c,
            gsize       chunk_size)
{
  g_autoptr(PdCsvReader) reader = reader_for_bytes (c->data, c->len, chunk_size);
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  GPtrArray *fields = NULL;

  g_test_message ("%s, chunk size %" G_GSIZE_FORMAT, c->name, chunk_size);

  got = dump_records (reader, &error);
  g_assert_cmpstr (got, ==, c->expected);
  if (c->error_code < 0)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (pd_csv_reader_get_bytes_read (reader), ==, c->len);
      /* At the end it stays at the end. */
      g_assert_false (pd_csv_reader_next (reader, &fields, &error));
      g_assert_no_error (error);
      g_assert_null (fields);
    }
  else
    {
      g_autofree char *message = g_strdup_printf ("t.csv:%s", c->error_message);

      g_assert_error (error, PD_CSV_ERROR, c->error_code);
      g_assert_cmpstr (error->message, ==, message);
      g_clear_error (&error);
      /* After an error it stays failed. */
      g_assert_false (pd_csv_reader_next (reader, &fields, &error));
      g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_IO);
      g_assert_cmpstr (error->message, ==, "t.csv: reading stopped at an earlier error; expected a new reader");
    }
  g_assert_cmpstr (pd_csv_reader_get_encoding (reader), ==, c->encoding);
  g_assert_cmpint (pd_csv_reader_get_delimiter (reader), ==, c->delimiter);
  g_assert_cmpstr (pd_csv_reader_get_display_name (reader), ==, "t.csv");
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  static const gsize small_sizes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 16, 17, 31, 64, 4096 };
  static const gsize big_sizes[] = { 1, 7, 4096, 65537 };
  gsize i;

  check_case (c, 0);
  if (c->big)
    for (i = 0; i < G_N_ELEMENTS (big_sizes); i++)
      check_case (c, big_sizes[i]);
  else
    for (i = 0; i < G_N_ELEMENTS (small_sizes); i++)
      check_case (c, small_sizes[i]);
}

static void
add_literal_cases (void)
{
  add_case ("simple", "a,b,c\n1,2,3\n", "1:[a][b][c]\n2:[1][2][3]\n", ',');
  add_case ("no-final-newline", "a,b\n1,2", "1:[a][b]\n2:[1][2]\n", ',');
  add_case ("crlf", "a,b\r\n1,2\r\n", "1:[a][b]\n2:[1][2]\n", ',');
  add_case ("cr-only", "a,b\r1,2\r3,4", "1:[a][b]\n2:[1][2]\n3:[3][4]\n", ',');
  add_case ("mixed-line-ends", "a\r\nb\nc\rd\n\re", "1:[a]\n2:[b]\n3:[c]\n4:[d]\n6:[e]\n", ',');
  add_case ("blank-lines", "\n\na,b\n\n\r\n1,2\n\n", "3:[a][b]\n6:[1][2]\n", ',');
  add_case ("blank-lines-cr", "\r\ra,b\r\r1,2\r", "3:[a][b]\n5:[1][2]\n", ',');
  add_case ("quotes", "name,note\n\"Smith, J\",\"say \"\"hi\"\"\"\n",
            "1:[name][note]\n2:[Smith, J][say \"hi\"]\n", ',');
  add_case ("multi-line-quoted",
            "id,note\n1,\"line one\nline two\r\nline three\"\n2,after\n\"x\ny\",\"\"\r\n3,z",
            "1:[id][note]\n2:[1][line one\nline two\r\nline three]\n5:[2][after]\n6:[x\ny][]\n8:[3][z]\n",
            ',');
  add_case ("quoted-cr-only", "a,\"x\ry\"\rb,c\r", "1:[a][x\ry]\n3:[b][c]\n", ',');
  add_case ("quoted-blank-lines", "\"\n\n\"\n\nz\n", "1:[\n\n]\n5:[z]\n", ',');
  add_case ("empty-quoted", "\"\",\"\"\n", "1:[][]\n", ',');
  add_case ("only-quotes", "\"\"\"\"\n", "1:[\"]\n", ',');
  add_case ("trailing-delimiter", "a,b,\n1,2,\n", "1:[a][b][]\n2:[1][2][]\n", ',');
  add_case ("trailing-delimiter-eof", "a,", "1:[a][]\n", ',');
  add_case ("empty-fields", ",\n,,\n", "1:[][]\n2:[][][]\n", ',');
  add_case ("quote-mid-field", "a,b\nab\"c,d\"\"e\n", "1:[a][b]\n2:[ab\"c][d\"\"e]\n", ',');
  add_case ("text-after-closing-quote", "\"ab\"cd,e\n", "1:[abcd][e]\n", ',');
  add_case ("spaces-kept", " a , \"b\" \n", "1:[ a ][ \"b\" ]\n", ',');
  add_case ("whitespace-line", " \n", "1:[ ]\n", ',');
  add_case ("utf8-bom", "\xEF\xBB\xBF商家ID,商家名称\n1,店\n", "1:[商家ID][商家名称]\n2:[1][店]\n", ',');
  add_case ("utf8-bom-only", "\xEF\xBB\xBF", "", ',');
  add_case ("utf8-4-byte", "a,\xF0\x9F\x98\x80\n", "1:[a][\xF0\x9F\x98\x80]\n", ',');
  add_case ("tab-separated", "a\tb\tc\n1\t2,5\t\"3\t4\"\n", "1:[a][b][c]\n2:[1][2,5][3\t4]\n", '\t');
  add_case ("tab-after-blank-lines", "\n\r\na\tb\n", "3:[a][b]\n", '\t');
  add_case ("tab-and-comma-header", "a\tb,c\n", "1:[a\tb][c]\n", ',');
  add_case ("header-only", "seller_id,market\n", "1:[seller_id][market]\n", ',');
  add_case ("empty", "", "", ',');
  add_case ("only-line-ends", "\r\n\r\n\n", "", ',');

  add_error_case ("unterminated-quote", "a,b\n1,\"open\nmore\n", 17,
                  "1:[a][b]\n", "UTF-8", PD_CSV_ERROR_SYNTAX, "2:2: " UNCLOSED_MESSAGE);
  add_error_case ("unterminated-lone-quote", "\"", 1, "", "UTF-8", PD_CSV_ERROR_SYNTAX, "1:1: " UNCLOSED_MESSAGE);
  /* Binary: reported before any record, at the NUL. */
  add_error_case ("nul", "a,b\n1,\0x\n", 9, "", "UTF-8", PD_CSV_ERROR_BINARY, "2:2: " BINARY_MESSAGE);
  add_error_case ("nul-first", "\0\0\0\0", 4, "", "UTF-8", PD_CSV_ERROR_BINARY, "1:1: " BINARY_MESSAGE);
  add_error_case ("nul-after-bom", "\xEF\xBB\xBFx\0", 5, "", "UTF-8", PD_CSV_ERROR_BINARY, "1:1: " BINARY_MESSAGE);
  /* Neither UTF-8 nor GB18030: reported before any record. */
  add_error_case ("not-text", "a,b\n\xFF\xFF,x\n", 9, "", "GB18030", PD_CSV_ERROR_ENCODING,
                  "2:1: " ANY_ENCODING_MESSAGE);
  add_error_case ("not-text-second-field", "a,b\nx,\"\xFF\xFF\"\n", 11, "", "GB18030", PD_CSV_ERROR_ENCODING,
                  "2:2: " ANY_ENCODING_MESSAGE);
  add_error_case ("truncated-gb18030", "a,b\n1,\xC9", 7, "", "GB18030", PD_CSV_ERROR_ENCODING,
                  "2:2: " ANY_ENCODING_MESSAGE);
  add_error_case ("utf8-bom-invalid", "\xEF\xBB\xBF" "a,b\n1,\xFF\n", 11, "", "UTF-8", PD_CSV_ERROR_ENCODING,
                  "2:2: invalid UTF-8 byte sequence; expected UTF-8 text throughout the file");
  add_error_case ("utf8-bom-truncated", "\xEF\xBB\xBF" "a\n\xE5\x95", 7, "", "UTF-8", PD_CSV_ERROR_ENCODING,
                  "2:1: invalid UTF-8 byte sequence; expected UTF-8 text throughout the file");
  add_error_case ("utf8-bom-overlong", "\xEF\xBB\xBF" "a\n\xC0\xAF", 7, "", "UTF-8", PD_CSV_ERROR_ENCODING,
                  "2:1: invalid UTF-8 byte sequence; expected UTF-8 text throughout the file");
  add_error_case ("utf8-bom-surrogate", "\xEF\xBB\xBF" "a\n\xED\xA0\x80", 8, "", "UTF-8", PD_CSV_ERROR_ENCODING,
                  "2:1: invalid UTF-8 byte sequence; expected UTF-8 text throughout the file");
}

static void
add_encoded_cases (void)
{
  const char *text = "商家ID,商家名称\n1001,\"深圳市某某科技有限公司, 分部\"\n1002,店\n";
  const char *expected = "1:[商家ID][商家名称]\n2:[1001][深圳市某某科技有限公司, 分部]\n3:[1002][店]\n";
  const char *tab_text = "商家ID\t站点\r\n1\t\"a\tb\"\r\n2\tUS\r\n";
  const char *tab_expected = "1:[商家ID][站点]\n2:[1][a\tb]\n3:[2][US]\n";
  g_autofree char *gbk = convert (text, "GBK");
  g_autofree char *le = convert (tab_text, "UTF-16LE");
  g_autofree char *be = convert (tab_text, "UTF-16BE");
  gsize le_len = converted_len (tab_text, "UTF-16LE");
  g_autofree char *le_bom = g_malloc (le_len + 3);
  g_autofree char *be_bom = g_malloc (le_len + 2);

  add_case_len ("gbk", gbk, strlen (gbk), expected, "GB18030", ',', -1, NULL);
  g_assert_cmpmem (gbk, 8, "\xC9\xCC\xBC\xD2ID,\xC9\xCC", 8);

  memcpy (le_bom, "\xFF\xFE", 2);
  memcpy (le_bom + 2, le, le_len);
  add_case_len ("utf16le", le_bom, le_len + 2, tab_expected, "UTF-16LE", '\t', -1, NULL);

  memcpy (be_bom, "\xFE\xFF", 2);
  memcpy (be_bom + 2, be, le_len);
  add_case_len ("utf16be", be_bom, le_len + 2, tab_expected, "UTF-16BE", '\t', -1, NULL);

  /* An odd byte at the end: half a character, found while detecting, so
   * reported before any record. */
  le_bom[le_len + 2] = 'x';
  add_case_len ("utf16le-odd-end", le_bom, le_len + 3, "", "UTF-16LE", '\t',
                PD_CSV_ERROR_ENCODING,
                "4:1: invalid UTF-16LE byte sequence; expected UTF-16LE text throughout the file");

  add_case_len ("utf16le-lone-surrogate", "\xFF\xFE" "a\0\t\0\x00\xD8" "b\0", 10, "", "UTF-16LE", '\t',
                PD_CSV_ERROR_ENCODING,
                "1:2: invalid UTF-16LE byte sequence; expected UTF-16LE text throughout the file");
  add_case_len ("utf16le-nul", "\xFF\xFE" "a\0\n\0\0\0", 8, "", "UTF-16LE", '\t',
                PD_CSV_ERROR_BINARY, "2:1: " BINARY_MESSAGE);
  add_case_len ("utf16le-empty", "\xFF\xFE", 2, "", "UTF-16LE", '\t', -1, NULL);
}

/* Cases past the 64 KiB that decide the encoding. */
static void
add_big_cases (void)
{
  g_autoptr(GString) data = g_string_new ("id,name\n");
  g_autoptr(GString) expected = g_string_new ("1:[id][name]\n");
  g_autofree char *gbk_name = convert ("张三", "GBK");
  g_autofree char *gbk_header = convert ("商家ID,商家名称\n", "GBK");
  guint line;
  guint i;
  gsize mark_len;
  gsize mark_expected;
  Case *c;

  for (line = 2; data->len < 70 * 1024; line++)
    {
      g_string_append_printf (data, "%u,seller %u\n", line, line);
      g_string_append_printf (expected, "%u:[%u][seller %u]\n", line, line, line);
    }
  mark_len = data->len;
  mark_expected = expected->len;

  /* All ASCII, then GBK: read as GB18030 from there. */
  g_string_append_printf (data, "%u,%s\n", line, gbk_name);
  g_string_append_printf (expected, "%u:[%u][张三]\n", line, line);
  c = add_case_len ("ascii-then-gbk", data->str, data->len, expected->str, "GB18030", ',', -1, NULL);
  c->big = TRUE;

  /* All ASCII, then bytes that are not GB18030 either. */
  g_string_truncate (data, mark_len);
  g_string_truncate (expected, mark_expected);
  g_string_append_printf (data, "%u,ok,\"\xFF\"\n", line);
  c = add_case_len ("ascii-then-garbage", data->str, data->len, expected->str, "GB18030", ',',
                    PD_CSV_ERROR_ENCODING, NULL);
  c->error_message = g_strdup_printf ("%u:3: " ANY_ENCODING_MESSAGE, line);
  c->big = TRUE;

  /* NUL past the first 64 KiB: the records before it come out. */
  g_string_truncate (data, mark_len);
  g_string_append_printf (data, "%u,a", line);
  g_string_append_len (data, "\0b\n", 3);
  c = add_case_len ("late-nul", data->str, data->len, expected->str, "UTF-8", ',', PD_CSV_ERROR_BINARY, NULL);
  c->error_message = g_strdup_printf ("%u:2: " BINARY_MESSAGE, line);
  c->big = TRUE;

  /* UTF-8 with non-ASCII text, then invalid bytes after a multi-line field. */
  g_string_truncate (data, mark_len);
  g_string_truncate (expected, mark_expected);
  g_string_append_printf (data, "%u,\"张\n三\"\n", line);
  g_string_append_printf (expected, "%u:[%u][张\n三]\n", line, line);
  g_string_append_printf (data, "%u,\xE5\x95x\n", line + 2);
  g_string_prepend (data, "é,");
  g_string_erase (data, 2, 3);  /* "id," -> "é,name" */
  g_string_erase (expected, 0, strlen ("1:[id]"));
  g_string_prepend (expected, "1:[é]");
  c = add_case_len ("utf8-then-invalid", data->str, data->len, expected->str, "UTF-8", ',',
                    PD_CSV_ERROR_ENCODING, NULL);
  c->error_message = g_strdup_printf ("%u:2: invalid UTF-8 byte sequence; expected UTF-8 text throughout the file",
                                      line + 2);
  c->big = TRUE;

  /* GBK from the start, then bytes that are not GB18030. */
  g_string_truncate (data, 0);
  g_string_truncate (expected, 0);
  g_string_append (data, gbk_header);
  g_string_append (expected, "1:[商家ID][商家名称]\n");
  for (line = 2; data->len < 70 * 1024; line++)
    {
      g_string_append_printf (data, "%u,%s\n", line, gbk_name);
      g_string_append_printf (expected, "%u:[%u][张三]\n", line, line);
    }
  g_string_append_printf (data, "%u,\x80\n", line);
  c = add_case_len ("gbk-then-invalid", data->str, data->len, expected->str, "GB18030", ',',
                    PD_CSV_ERROR_ENCODING, NULL);
  c->error_message = g_strdup_printf ("%u:2: " ANY_ENCODING_MESSAGE, line);
  c->big = TRUE;

  /* A field of nearly PD_CSV_MAX_FIELD_SIZE, quoted with commas, quotes
   * and line ends inside, and an unquoted one as big; then the line count
   * goes on right. */
  g_string_truncate (data, 0);
  g_string_truncate (expected, 0);
  g_string_append (data, "a,b\n\"");
  g_string_append (expected, "1:[a][b]\n2:[");
  for (line = 0; line < 64; line++)
    {
      g_string_append (data, "x,\"\"y\"\"\n");
      g_string_append (expected, "x,\"y\"\n");
      g_string_append_c (data, 'z');
      g_string_append_c (expected, 'z');
      for (i = 0; i < 1015; i++)
        g_string_append_c (data, "0123456789abcdef"[i % 16]);
      g_string_append_len (expected, data->str + data->len - 1015, 1015);
    }
  g_string_append (data, "\",");
  g_string_append (expected, "][");
  for (line = 0; line < 63 * 1024; line++)
    {
      g_string_append_c (data, 'a' + line % 26);
      g_string_append_c (expected, 'a' + line % 26);
    }
  g_string_append (data, "\nend,1\n");
  g_string_append (expected, "]\n67:[end][1]\n");
  c = add_case_len ("big-fields", data->str, data->len, expected->str, "UTF-8", ',', -1, NULL);
  c->big = TRUE;
}

static void
test_big_fields_sizes (void)
{
  const Case *c = NULL;
  g_autoptr(PdCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fields;
  guint i;

  for (i = 0; i < cases->len; i++)
    if (g_str_equal (((Case *) g_ptr_array_index (cases, i))->name, "big-fields"))
      c = g_ptr_array_index (cases, i);
  g_assert_nonnull (c);

  reader = reader_for_bytes (c->data, c->len, 0);
  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, 2);
  g_assert_cmpuint (strlen (g_ptr_array_index (fields, 0)), ==, 64 * (6 + 1 + 1015));
  g_assert_cmpuint (strlen (g_ptr_array_index (fields, 1)), ==, 63 * 1024);
  g_assert_cmpuint (pd_csv_reader_get_record_line (reader), ==, 2);
  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_cmpuint (pd_csv_reader_get_record_line (reader), ==, 67);
  g_assert_false (pd_csv_reader_next (reader, &fields, &error));
  g_assert_no_error (error);
}

static void
check_too_large (const char *head,
                 const char *fill,
                 gsize       total,
                 int         code,
                 const char *message,
                 const char *records)
{
  g_autoptr(GString) data = g_string_new (head);
  g_autoptr(PdCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  gsize fill_len = strlen (fill);

  while (data->len < total)
    g_string_append_len (data, fill, fill_len);
  reader = reader_for_bytes (data->str, data->len, 0);
  got = dump_records (reader, &error);
  g_assert_cmpstr (got, ==, records);
  g_assert_error (error, PD_CSV_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_too_large (void)
{
  /* A 17 MiB field: the record stops at 1 MiB, not at the end. */
  check_too_large ("a\n", "0123456789abcdef", 17 * 1024 * 1024, PD_CSV_ERROR_TOO_LARGE,
                   "t.csv:2:1: record larger than 1 MiB; expected a CSV file with shorter rows (is a closing quote missing?)",
                   "1:[a]\n");
  /* A quote never closed in a big file: stops at 1 MiB, not at the end. */
  check_too_large ("a,b\n1,\"", "abc,def\n", 17 * 1024 * 1024, PD_CSV_ERROR_TOO_LARGE,
                   "t.csv:2:2: record larger than 1 MiB; expected a CSV file with shorter rows (is a closing quote missing?)",
                   "1:[a][b]\n");
  /* Issue 13: a 10 MB field (the record cap stops it) and one of 80 KiB
   * (the field cap does), named by line and field. */
  check_too_large ("a,b\n1,", "0123456789abcdef", 10 * 1000 * 1000, PD_CSV_ERROR_TOO_LARGE,
                   "t.csv:2:2: record larger than 1 MiB; expected a CSV file with shorter rows (is a closing quote missing?)",
                   "1:[a][b]\n");
  check_too_large ("a,b\n1,", "0123456789abcdef", 80 * 1024 + 6, PD_CSV_ERROR_TOO_LARGE,
                   "t.csv:2:2: field of 81920 bytes; expected at most 64 KiB in one field",
                   "1:[a][b]\n");
  /* Too many fields. */
  check_too_large ("a\n", ",,,,,,,,,,,,,,,,", PD_CSV_MAX_FIELDS + 16, PD_CSV_ERROR_TOO_LARGE,
                   "t.csv:2:1001: record with more than 1000 fields; expected a CSV file",
                   "1:[a]\n");
}

static void
test_exactly_max_fields (void)
{
  g_autofree char *data = g_malloc (PD_CSV_MAX_FIELDS);
  g_autoptr(PdCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fields;

  memset (data, ',', PD_CSV_MAX_FIELDS - 1);
  data[PD_CSV_MAX_FIELDS - 1] = '\n';
  reader = reader_for_bytes (data, PD_CSV_MAX_FIELDS, 0);
  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, PD_CSV_MAX_FIELDS);
  g_assert_cmpstr (g_ptr_array_index (fields, PD_CSV_MAX_FIELDS - 1), ==, "");
}

static void
test_getters_before_start (void)
{
  g_autoptr(PdCsvReader) reader = reader_for_bytes ("a\tb\n", 4, 0);
  g_autoptr(GError) error = NULL;
  GPtrArray *fields;

  g_assert_null (pd_csv_reader_get_encoding (reader));
  g_assert_cmpint (pd_csv_reader_get_delimiter (reader), ==, '\0');
  g_assert_cmpuint (pd_csv_reader_get_bytes_read (reader), ==, 0);
  g_assert_cmpuint (pd_csv_reader_get_record_line (reader), ==, 0);
  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_cmpstr (pd_csv_reader_get_encoding (reader), ==, "UTF-8");
  g_assert_cmpint (pd_csv_reader_get_delimiter (reader), ==, '\t');
  g_assert_cmpuint (pd_csv_reader_get_bytes_read (reader), ==, 4);
  g_assert_cmpuint (pd_csv_reader_get_record_line (reader), ==, 1);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *data,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-csv-XXXXXX", &error);
  g_autofree char *gbk = convert ("商家ID,商家名称\n1,深圳\n", "GBK");
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *expected_message = NULL;
  g_autofree char *got = NULL;
  g_autoptr(PdCsvReader) reader = NULL;

  g_assert_no_error (error);

  path = write_file (dir, "商家.csv", gbk, strlen (gbk));
  reader = pd_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_csv_reader_get_display_name (reader), ==, path);
  got = dump_records (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, "1:[商家ID][商家名称]\n2:[1][深圳]\n");
  g_assert_cmpstr (pd_csv_reader_get_encoding (reader), ==, "GB18030");
  g_assert_cmpuint (pd_csv_reader_get_bytes_read (reader), ==, strlen (gbk));
  g_clear_object (&reader);

  missing = g_build_filename (dir, "missing.csv", NULL);
  reader = pd_csv_reader_new_for_path (missing, &error);
  g_assert_null (reader);
  g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_IO);
  expected_message = g_strdup_printf ("%s: cannot open the file: Error opening file %s: No such file or directory",
                                      missing, missing);
  g_assert_cmpstr (error->message, ==, expected_message);
  g_clear_error (&error);

  /* Zero bytes: no records at all; the header matcher then reports the
   * required columns as missing (see test_header_empty_file). */
  g_free (path);
  path = write_file (dir, "empty.csv", "", 0);
  reader = pd_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  g_free (got);
  got = dump_records (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, "");
  g_assert_cmpstr (pd_csv_reader_get_encoding (reader), ==, "UTF-8");
  g_assert_cmpuint (pd_csv_reader_get_bytes_read (reader), ==, 0);

  remove_dir (dir);
}

/* Header matching */

enum
{
  COL_SELLER_ID,
  COL_SELLER_NAME,
  COL_MARKET,
  COL_BRAND,
  COL_PROGRAM_ID,
};

static const PdCsvColumn target_columns[] = {
  { "seller_id", "商家ID", TRUE },
  { "seller_name", "商家名称", TRUE },
  { "market", "站点", TRUE },
  { "brand", "品牌", FALSE },
  { "program_id", NULL, FALSE },
};

static GPtrArray *
strv_fields (const char * const *strv)
{
  GPtrArray *fields = g_ptr_array_new ();

  for (; *strv != NULL; strv++)
    g_ptr_array_add (fields, (gpointer) *strv);
  return fields;
}

static void
test_header_match (void)
{
  static const char * const header_line[] = {
    " Seller_ID ", "\xE3\x80\x80商家名称\xE3\x80\x80", "\xC2\xA0MARKET", "\xEF\xBB\xBF" "brand",
    "Foo", "", "bar\t", NULL
  };
  static const char * const row[] = { "  S1 ", "名\xE3\x80\x80", "US", "", "x", "", "", NULL };
  static const char * const short_row[] = { "S2", "n", NULL };
  g_autoptr(GPtrArray) header_fields = strv_fields (header_line);
  g_autoptr(GPtrArray) fields = strv_fields (row);
  g_autoptr(GPtrArray) short_fields = strv_fields (short_row);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCsvHeader) header = NULL;
  const char *value;

  header = pd_csv_header_new (target_columns, G_N_ELEMENTS (target_columns), header_fields,
                              "t.csv", &warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (header);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, "t.csv:1: unknown column(s) ignored: Foo, bar");

  g_assert_cmpint (pd_csv_header_index (header, COL_SELLER_ID), ==, 0);
  g_assert_cmpint (pd_csv_header_index (header, COL_SELLER_NAME), ==, 1);
  g_assert_cmpint (pd_csv_header_index (header, COL_MARKET), ==, 2);
  g_assert_cmpint (pd_csv_header_index (header, COL_BRAND), ==, 3);
  g_assert_cmpint (pd_csv_header_index (header, COL_PROGRAM_ID), ==, -1);
  g_assert_cmpuint (pd_csv_header_get_n_fields (header), ==, 7);

  g_assert_cmpstr (pd_csv_header_get (header, fields, COL_SELLER_ID), ==, "S1");
  value = pd_csv_header_get (header, fields, COL_SELLER_NAME);
  g_assert_cmpstr (value, ==, "名");
  g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "名\xE3\x80\x80");
  g_assert_cmpstr (pd_csv_header_get (header, fields, COL_MARKET), ==, "US");
  g_assert_cmpstr (pd_csv_header_get (header, fields, COL_BRAND), ==, "");
  g_assert_null (pd_csv_header_get (header, fields, COL_PROGRAM_ID));

  /* Issue 13: a row shorter than the header lost a delimiter or a quote;
   * its values would land in the wrong columns. pd_csv_header_get still
   * reads it safely. */
  g_assert_cmpstr (pd_csv_header_get (header, short_fields, COL_SELLER_ID), ==, "S2");
  g_assert_cmpstr (pd_csv_header_get (header, short_fields, COL_SELLER_NAME), ==, "n");
  g_assert_cmpstr (pd_csv_header_get (header, short_fields, COL_MARKET), ==, "");
  g_assert_cmpstr (pd_csv_header_get (header, short_fields, COL_BRAND), ==, "");
  g_assert_null (pd_csv_header_get (header, short_fields, COL_PROGRAM_ID));
  g_assert_false (pd_csv_header_check_record (header, short_fields, 3, &error));
  g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_MISSING_FIELD);
  g_assert_cmpstr (error->message, ==,
                   "t.csv:3:3: the row has 2 fields; expected 7, one per header column (is a delimiter or a quote missing?)");
}

static void
test_header_aliases (void)
{
  static const char * const header_line[] = { "站点", "商家名称", "商家id", "PROGRAM_ID", NULL };
  g_autoptr(GPtrArray) header_fields = strv_fields (header_line);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCsvHeader) header = NULL;

  header = pd_csv_header_new (target_columns, G_N_ELEMENTS (target_columns), header_fields,
                              "t.csv", &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpint (pd_csv_header_index (header, COL_SELLER_ID), ==, 2);
  g_assert_cmpint (pd_csv_header_index (header, COL_SELLER_NAME), ==, 1);
  g_assert_cmpint (pd_csv_header_index (header, COL_MARKET), ==, 0);
  g_assert_cmpint (pd_csv_header_index (header, COL_BRAND), ==, -1);
  g_assert_cmpint (pd_csv_header_index (header, COL_PROGRAM_ID), ==, 3);
  g_assert_cmpuint (pd_csv_header_get_n_fields (header), ==, 4);
}

static void
test_header_missing (void)
{
  static const char * const header_line[] = { "brand", "商家名称", "extra", NULL };
  g_autoptr(GPtrArray) header_fields = strv_fields (header_line);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCsvHeader) header = NULL;

  header = pd_csv_header_new (target_columns, G_N_ELEMENTS (target_columns), header_fields,
                              "t.csv", &warnings, &error);
  g_assert_null (header);
  g_assert_null (warnings);
  g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_MISSING_COLUMN);
  g_assert_cmpstr (error->message, ==, "t.csv:1: missing required column(s) seller_id, market");
}

static void
test_header_empty_file (void)
{
  g_autoptr(PdCsvReader) reader = reader_for_bytes ("", 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCsvHeader) header = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  GPtrArray *fields = NULL;

  g_assert_false (pd_csv_reader_next (reader, &fields, &error));
  g_assert_no_error (error);
  g_assert_null (fields);

  header = pd_csv_header_new (target_columns, G_N_ELEMENTS (target_columns), fields,
                              "t.csv", NULL, &error);
  g_assert_null (header);
  g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_MISSING_COLUMN);
  g_assert_cmpstr (error->message, ==, "t.csv:1: missing required column(s) seller_id, seller_name, market");
  g_clear_error (&error);

  header = pd_csv_header_new (target_columns, G_N_ELEMENTS (target_columns), empty,
                              "t.csv", NULL, &error);
  g_assert_null (header);
  g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_MISSING_COLUMN);
  g_assert_cmpstr (error->message, ==, "t.csv:1: missing required column(s) seller_id, seller_name, market");
}

static void
test_header_duplicate (void)
{
  static const char * const header_line[] = { "seller_id", "market", "seller_name", " 商家ID", NULL };
  static const char * const twice[] = { "MARKET", "seller_id", "seller_name", "Market", NULL };
  g_autoptr(GPtrArray) header_fields = strv_fields (header_line);
  g_autoptr(GPtrArray) twice_fields = strv_fields (twice);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCsvHeader) header = NULL;

  header = pd_csv_header_new (target_columns, G_N_ELEMENTS (target_columns), header_fields,
                              "t.csv", NULL, &error);
  g_assert_null (header);
  g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_DUPLICATE_COLUMN);
  g_assert_cmpstr (error->message, ==, "t.csv:1: column seller_id given twice, in fields 1 and 4; expected each column once");
  g_clear_error (&error);

  header = pd_csv_header_new (target_columns, G_N_ELEMENTS (target_columns), twice_fields,
                              "t.csv", NULL, &error);
  g_assert_null (header);
  g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_DUPLICATE_COLUMN);
  g_assert_cmpstr (error->message, ==, "t.csv:1: column market given twice, in fields 1 and 4; expected each column once");
}

/* A whole file through reader and header: ragged rows from Excel. */
static void
test_header_ragged (void)
{
  const char *text = "seller_id,seller_name,market,\n"
                     "S1,One,US,\n"
                     "S2,Two\n"
                     "S5,Five,PL\n"
                     "S3,Three,GB,,,\n"
                     "\"S4\",\"Four\nlines\",DE,, x\n";
  g_autoptr(PdCsvReader) reader = reader_for_bytes (text, strlen (text), 0);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCsvHeader) header = NULL;
  GPtrArray *fields;

  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  header = pd_csv_header_new (target_columns, G_N_ELEMENTS (target_columns), fields,
                              pd_csv_reader_get_display_name (reader), &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpuint (pd_csv_header_get_n_fields (header), ==, 4);

  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_true (pd_csv_header_check_record (header, fields, pd_csv_reader_get_record_line (reader), &error));
  g_assert_cmpstr (pd_csv_header_get (header, fields, COL_MARKET), ==, "US");

  /* Short of a named column: refused. Short of the unnamed last one (the
   * header's trailing comma): fine, as in the first row. */
  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_false (pd_csv_header_check_record (header, fields, pd_csv_reader_get_record_line (reader), &error));
  g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_MISSING_FIELD);
  g_assert_cmpstr (error->message, ==,
                   "t.csv:3:3: the row has 2 fields; expected 3, one per header column (is a delimiter or a quote missing?)");
  g_clear_error (&error);
  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_true (pd_csv_header_check_record (header, fields, pd_csv_reader_get_record_line (reader), &error));
  g_assert_cmpstr (pd_csv_header_get (header, fields, COL_MARKET), ==, "PL");

  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_true (pd_csv_header_check_record (header, fields, pd_csv_reader_get_record_line (reader), &error));
  g_assert_cmpstr (pd_csv_header_get (header, fields, COL_MARKET), ==, "GB");

  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pd_csv_reader_get_record_line (reader), ==, 6);
  g_assert_cmpstr (pd_csv_header_get (header, fields, COL_SELLER_NAME), ==, "Four\nlines");
  g_assert_false (pd_csv_header_check_record (header, fields, pd_csv_reader_get_record_line (reader), &error));
  g_assert_error (error, PD_CSV_ERROR, PD_CSV_ERROR_EXTRA_FIELD);
  g_assert_cmpstr (error->message, ==,
                   "t.csv:6:5: value beyond the header's 4 columns; expected at most 4 fields, or empty ones");
}

static void
test_trim (void)
{
  gsize len;
  const char *text;

  text = pd_csv_trim (" \t\xC2\xA0\xE3\x80\x80\xEF\xBB\xBF审核中 x\xE3\x80\x80\r\n", &len);
  g_assert_cmpuint (len, ==, strlen ("审核中 x"));
  g_assert_cmpmem (text, len, "审核中 x", strlen ("审核中 x"));
  text = pd_csv_trim ("\xE3\x80\x80", &len);
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpstr (text, ==, "");
  text = pd_csv_trim ("a", &len);
  g_assert_cmpuint (len, ==, 1);
  g_assert_cmpstr (text, ==, "a");
  /* Not a space: U+3001 IDEOGRAPHIC COMMA. */
  text = pd_csv_trim ("\xE3\x80\x81", &len);
  g_assert_cmpuint (len, ==, 3);
}

/* Throughput, with `-m perf`. */
static void
test_perf (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-csv-perf-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GString) data = g_string_sized_new (101 * 1024 * 1024);
  g_autoptr(PdCsvReader) reader = NULL;
  GPtrArray *fields;
  guint64 records = 0;
  guint64 n_fields = 0;
  gsize size;
  guint i;
  double seconds;
  struct rusage before, after;

  g_assert_no_error (error);
  for (i = 0; data->len < 100 * 1000 * 1000; i++)
    g_string_append_printf (data, "%u,Seller %u Trading Co.,US,brand-%u,\"Note, with comma\",2026-01-15T09:30:00+08:00,%u.%02u\n",
                            7000000 + i, i, i % 97, i % 100000, i % 100);
  size = data->len;
  path = write_file (dir, "big.csv", data->str, data->len);
  g_string_free (g_steal_pointer (&data), TRUE);

  getrusage (RUSAGE_SELF, &before);
  g_test_timer_start ();
  reader = pd_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  while (pd_csv_reader_next (reader, &fields, &error))
    {
      records++;
      n_fields += fields->len;
    }
  seconds = g_test_timer_elapsed ();
  getrusage (RUSAGE_SELF, &after);
  g_assert_no_error (error);
  g_assert_cmpuint (records, ==, i);
  g_assert_cmpuint (n_fields, ==, (guint64) i * 7);

  g_test_message ("%.1f MB, %" G_GUINT64_FORMAT " records in %.3f s: %.0f MB/s; max RSS %ld KiB (was %ld KiB)",
                  size / 1e6, records, seconds, size / 1e6 / seconds, after.ru_maxrss, before.ru_maxrss);
  g_test_maximized_result (size / 1e6 / seconds, "%.0f MB/s", size / 1e6 / seconds);
  g_clear_object (&reader);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  guint i;
  int ret;

  g_test_init (&argc, &argv, NULL);

  cases = g_ptr_array_new_with_free_func (case_free);
  add_literal_cases ();
  add_encoded_cases ();
  add_big_cases ();
  for (i = 0; i < cases->len; i++)
    {
      Case *c = g_ptr_array_index (cases, i);
      g_autofree char *path = g_strdup_printf ("/csv-reader/corpus/%s", c->name);

      g_test_add_data_func (path, c, test_case);
    }

  g_test_add_func ("/csv-reader/1mib-fields", test_big_fields_sizes);
  g_test_add_func ("/csv-reader/too-large", test_too_large);
  g_test_add_func ("/csv-reader/max-fields", test_exactly_max_fields);
  g_test_add_func ("/csv-reader/getters", test_getters_before_start);
  g_test_add_func ("/csv-reader/path", test_path);
  g_test_add_func ("/csv-header/match", test_header_match);
  g_test_add_func ("/csv-header/aliases", test_header_aliases);
  g_test_add_func ("/csv-header/missing", test_header_missing);
  g_test_add_func ("/csv-header/empty-file", test_header_empty_file);
  g_test_add_func ("/csv-header/duplicate", test_header_duplicate);
  g_test_add_func ("/csv-header/ragged", test_header_ragged);
  g_test_add_func ("/csv-header/trim", test_trim);
  if (g_test_perf ())
    g_test_add_func ("/csv-reader/perf", test_perf);

  ret = g_test_run ();
  g_ptr_array_unref (cases);

  return ret;
}
