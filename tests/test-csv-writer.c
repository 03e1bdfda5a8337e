/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-csv-writer"

#include <string.h>

#include <gio/gio.h>

#include "pd-csv-header.h"
#include "pd-csv-reader.h"
#include "pd-csv-writer.h"

/* The one CSV writer of every export (issue 13): numbers-as-text in the
 * form spreadsheets keep as text, formula starts neutralised, and
 * everything read back as it was by the importer's own cell access. */

static char *
write_cells (const char * const *cells,
             guint               n)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(PdCsvWriter) csv = pd_csv_writer_new (out, "test.csv", NULL);
  g_autoptr(GError) error = NULL;

  pd_csv_writer_text (csv, "value");
  pd_csv_writer_end_row (csv);
  for (guint i = 0; i < n; i++)
    {
      pd_csv_writer_text (csv, cells[i]);
      pd_csv_writer_end_row (csv);
    }
  g_assert_true (pd_csv_writer_finish (csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* Reads the single-column file back as the importer does. */
static GPtrArray *
read_cells (const char *text)
{
  static const PdCsvColumn columns[] = { { "value", NULL, TRUE } };
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);
  g_autoptr(PdCsvReader) reader = pd_csv_reader_new_for_stream (in, "test.csv");
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(PdCsvHeader) header = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (pd_csv_reader_next (reader, &fields, &error));
  header = pd_csv_header_new (columns, 1, fields, "test.csv", NULL, &error);
  g_assert_no_error (error);
  while (pd_csv_reader_next (reader, &fields, &error))
    g_ptr_array_add (values, g_strdup (pd_csv_header_get (header, fields, 0)));
  g_assert_no_error (error);
  return values;
}

static void
test_forms (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "7000000000000007", "\"=\"\"7000000000000007\"\"\"" },
    { "0012", "\"=\"\"0012\"\"\"" },
    { "-5", "\"=\"\"-5\"\"\"" },
    { "1e5", "\"=\"\"1e5\"\"\"" },
    { "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"" },
    { "+cmd", "'+cmd" },
    { "-token", "'-token" },
    { "@SUM(1)", "'@SUM(1)" },
    { "\t=1", "\"'\t=1\"" },
    { "'quoted", "''quoted" },
    { "S-01", "S-01" },
    { "a,b", "\"a,b\"" },
    { "2026-01-05T10:00:00+08:00", "2026-01-05T10:00:00+08:00" },
    { "1.2.3", "1.2.3" },
    { "深圳", "深圳" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      pd_csv_append_text (out, cases[i].in);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
}

static void
test_round_trip (void)
{
  const char * const cells[] = {
    "7000000000000007", "0012", "-5", "1e5", "=1+2", "+cmd|' /C calc'!A0", "-e21T3El8gV_jN_8xllFdA",
    "@x", "\t=1", "\r=1", "'", "''", "'=", "'abc", "=\"123\"", "'=\"123\"", "a \"quoted\" word",
    "line\nbreak", "S-01", "EU", "深圳市北极星科技有限公司", "=", "-", "+", "@",
  };
  g_autofree char *text = write_cells (cells, G_N_ELEMENTS (cells));
  g_autoptr(GPtrArray) back = read_cells (text);

  g_assert_cmpuint (back->len, ==, G_N_ELEMENTS (cells));
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    g_assert_cmpstr (g_ptr_array_index (back, i), ==, cells[i]);
}

static void
test_unwrap (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "=\"7000000000000007\"", "7000000000000007" },
    { "=\"\"", "" },
    { "'-x", "-x" },
    { "''x", "'x" },
    { "'x", "'x" },
    { "=\"a\"b\"", "=\"a\"b\"" },
    { "=1+2", "=1+2" },
    { "7000000000000007", "7000000000000007" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = strlen (cases[i].in);
      const char *start = pd_csv_unwrap (cases[i].in, &len);
      g_autofree char *got = g_strndup (start, len);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

/* No random text a writer writes comes back different, and no cell
 * begins with a formula start unless it is the ="..." form. */
static void
test_random (void)
{
  static const char alphabet[] = "=+-@'\t\r\n\",. 0123456789eEaZ";
  GRand *rand = g_rand_new_with_seed (13);

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) back = NULL;

      for (guint i = 0; i < 20; i++)
        {
          guint len = g_rand_int_range (rand, 1, 8);
          char *cell = g_malloc0 (len + 1);

          for (guint j = 0; j < len; j++)
            cell[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
          /* The importer trims surrounding spaces: none here. */
          g_strstrip (cell);
          if (*cell == '\0' || cell[strlen (cell) - 1] == '\r' || cell[strlen (cell) - 1] == '\n')
            {
              g_free (cell);
              cell = g_strdup ("x");
            }
          g_ptr_array_add (cells, cell);
        }
      text = write_cells ((const char * const *) cells->pdata, cells->len);
      back = read_cells (text);
      g_assert_cmpuint (back->len, ==, cells->len);
      for (guint i = 0; i < cells->len; i++)
        g_assert_cmpstr (g_ptr_array_index (back, i), ==, g_ptr_array_index (cells, i));
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv-writer/forms", test_forms);
  g_test_add_func ("/csv-writer/round-trip", test_round_trip);
  g_test_add_func ("/csv-writer/unwrap", test_unwrap);
  g_test_add_func ("/csv-writer/random", test_random);
  return g_test_run ();
}
