/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import-rows"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pd-importer.h"
#include "pd-store-private.h"

/* Issue 13, item 14: rows the CSV reader and the importer refuse, each
 * named by FILE:LINE(:COLUMN), and the store unchanged after: ragged
 * rows, UTF-8 rows in a GB18030 file, invalid UTF-8, oversized fields and
 * names. And what stays accepted: Excel's trailing commas, a long but
 * reasonable name, a big GBK file (no false alarm). */

#define HEADER "seller_id,seller_name,market,review_status\n"

typedef struct
{
  char    *dir;
  PdStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("pd-test-import-rows-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* The text in the first column of @sql's first row. */
static char *
query_text (PdStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Everything an import could change, as text. */
static char *
dump (PdStore *store)
{
  return query_text (store,
                     "SELECT (SELECT group_concat (seller_id || '|' || seller_name || '|' || market, ';')"
                     "        FROM target_merchants)"
                     " || '#' || (SELECT count(*) FROM audit_log)");
}

static void
import_ok (Fixture    *f,
           const char *path,
           guint64     inserted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImporter) importer = pd_importer_new (PD_IMPORT_KIND_TARGETS, path);

  pd_importer_run (importer, f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_importer_get_counts (importer)->inserted, ==, inserted);
}

/* Imports a file that must be refused; the store must not change, and
 * the first problem must hold @expected. */
static void
import_refused (Fixture    *f,
                const char *path,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImporter) importer = pd_importer_new (PD_IMPORT_KIND_TARGETS, path);
  g_autofree char *before = dump (f->store);
  g_autofree char *after = NULL;
  GPtrArray *problems;

  pd_importer_run (importer, f->store, NULL, &error);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
  after = dump (f->store);
  g_assert_cmpstr (before, ==, after);
  problems = pd_importer_get_problems (importer);
  g_assert_cmpuint (problems->len, >=, 1);
  g_test_message ("%s", (const char *) g_ptr_array_index (problems, 0));
  if (strstr (g_ptr_array_index (problems, 0), expected) == NULL)
    g_error ("expected “%s” in “%s”", expected, (const char *) g_ptr_array_index (problems, 0));
  /* A message a person reads, not a dump of the row. */
  g_assert_cmpuint (strlen (error->message), <, 2000);
}

static void
test_ragged (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *short_row = write_file (f, "short.csv",
                                           HEADER "6001,One Co,EU,approved\n6002,Two Co EU,approved\n6003,Three,EU,approved\n",
                                           -1);
  g_autofree char *long_row = write_file (f, "long.csv",
                                          HEADER "6001,One Co,EU,approved\n6002,Two, Co,EU,approved\n", -1);
  g_autofree char *commas = write_file (f, "commas.csv",
                                        "seller_id,seller_name,market,review_status,,\n"
                                        "6001,One Co,EU,approved,,\n6002,Two Co,EU,approved,\n"
                                        "6003,Three Co,EU,approved\n", -1);

  /* A lost comma: "Two Co EU" would be the name and "approved" the market. */
  import_refused (f, short_row, "short.csv:3:4: the row has 3 fields; expected 4");
  import_refused (f, long_row, "long.csv:3:5: value beyond the header's 4 columns");
  /* Excel ends rows with empty fields (and its header with empty names). */
  import_ok (f, commas, 3);
}

static void
test_mixed_encodings (Fixture       *f,
                      gconstpointer  data)
{
  const char *gbk_text = HEADER "6001,深圳市北极星科技有限公司,EU,通过\n6002,杭州晨光电子商务有限公司,JP,审核中\n";
  const char *utf8_row = "6003,广州美妆贸易有限公司,EU,approved\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *gbk = NULL;
  g_autofree char *gbk_path = NULL;
  g_autofree char *invalid_path = NULL;
  g_autoptr(GString) mixed = NULL;
  gsize gbk_len;

  gbk = g_convert (gbk_text, -1, "GB18030", "UTF-8", NULL, &gbk_len, &error);
  g_assert_no_error (error);
  mixed = g_string_new_len (gbk, (gssize) gbk_len);
  g_string_append (mixed, utf8_row);
  gbk_path = write_file (f, "mixed.csv", mixed->str, (gssize) mixed->len);
  import_refused (f, gbk_path, "mixed.csv:4:2: this row is UTF-8 text but other rows are GB18030 (GBK)");

  /* A UTF-8 row, then GBK ones: within the first 64 KiB the file reads
   * as GB18030, and the UTF-8 row is the odd one. */
  g_string_assign (mixed, HEADER);
  g_string_append (mixed, utf8_row);
  g_string_append_len (mixed, gbk + strlen (HEADER), (gssize) (gbk_len - strlen (HEADER)));
  invalid_path = write_file (f, "invalid.csv", mixed->str, (gssize) mixed->len);
  import_refused (f, invalid_path, "invalid.csv:2:2: this row is UTF-8 text but other rows are GB18030 (GBK)");

  /* 3,000 UTF-8 rows, then GBK ones: bytes that are not UTF-8. */
  g_string_assign (mixed, HEADER);
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (mixed, "%u,广州美妆贸易有限公司,EU,通过\n", 10000 + i);
  g_string_append_len (mixed, gbk + strlen (HEADER), (gssize) (gbk_len - strlen (HEADER)));
  g_free (invalid_path);
  invalid_path = write_file (f, "invalid.csv", mixed->str, (gssize) mixed->len);
  import_refused (f, invalid_path, "invalid.csv:3002:2: invalid UTF-8 byte sequence; expected UTF-8 text throughout the file");

  /* The GBK rows alone import. */
  g_free (gbk_path);
  gbk_path = write_file (f, "gbk.csv", gbk, (gssize) gbk_len);
  import_ok (f, gbk_path, 2);
}

/* 20,000 GBK rows of Chinese company names and statuses: none is taken
 * for UTF-8. */
static void
test_big_gbk (Fixture       *f,
              gconstpointer  data)
{
  static const char * const cities[] = { "深圳市", "广州", "杭州", "义乌", "东莞", "厦门", "佛山", "宁波", "苏州", "上海" };
  static const char * const words[] = { "北极星", "晨光", "美妆", "户外", "宠物", "家居", "母婴", "电子", "服饰", "灯饰",
                                        "玩具", "厨具", "运动", "箱包", "数码", "汽配", "园艺", "礼品", "文具", "饰品" };
  static const char * const kinds[] = { "科技有限公司", "贸易有限公司", "电子商务有限公司", "用品有限公司", "实业有限公司" };
  static const char * const statuses[] = { "通过", "审核中", "拒绝", "approved" };
  g_autoptr(GString) text = g_string_new (HEADER);
  g_autoptr(GError) error = NULL;
  g_autofree char *gbk = NULL;
  g_autofree char *path = NULL;
  gsize gbk_len;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "%u,%s%s%s%s,EU,%s\n", 700000 + i,
                            cities[i % G_N_ELEMENTS (cities)], words[(i / 10) % G_N_ELEMENTS (words)],
                            words[(i / 200) % G_N_ELEMENTS (words)], kinds[(i / 7) % G_N_ELEMENTS (kinds)],
                            statuses[(i / 3) % G_N_ELEMENTS (statuses)]);
  gbk = g_convert (text->str, (gssize) text->len, "GB18030", "UTF-8", NULL, &gbk_len, &error);
  g_assert_no_error (error);
  path = write_file (f, "big-gbk.csv", gbk, (gssize) gbk_len);
  import_ok (f, path, 20000);
}

static void
test_sizes (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (HEADER "6001,");
  g_autofree char *path = NULL;

  /* A 10 MB name. */
  for (guint i = 0; i < 10 * 1000 * 1000 / 10; i++)
    g_string_append (text, "Kite Co Lt");
  g_string_append (text, ",EU,approved\n");
  path = write_file (f, "huge.csv", text->str, (gssize) text->len);
  import_refused (f, path, "huge.csv:2:2: record larger than 1 MiB");

  /* A 70 KiB one: over the field cap. */
  g_string_assign (text, HEADER "6001,");
  for (guint i = 0; i < 7 * 1024; i++)
    g_string_append (text, "Kite Co Lt");
  g_string_append (text, ",EU,approved\n");
  g_free (path);
  path = write_file (f, "big.csv", text->str, (gssize) text->len);
  import_refused (f, path, "big.csv:2:2: field of 71680 bytes; expected at most 64 KiB in one field");

  /* A name of 301 characters: over the names' cap. */
  g_string_assign (text, HEADER "6001,");
  for (guint i = 0; i < 301; i++)
    g_string_append (text, "名");
  g_string_append (text, ",EU,approved\n");
  g_free (path);
  path = write_file (f, "long-name.csv", text->str, (gssize) text->len);
  import_refused (f, path, "long-name.csv:2:2: seller_name of 301 characters; expected at most 300");

  /* 1,001 columns. */
  g_string_assign (text, HEADER "6001,One Co,EU,approved");
  for (guint i = 4; i < 1001; i++)
    g_string_append_c (text, ',');
  g_string_append_c (text, '\n');
  g_free (path);
  path = write_file (f, "wide.csv", text->str, (gssize) text->len);
  import_refused (f, path, "wide.csv:2:1001: record with more than 1000 fields");

  /* 300 characters are fine. */
  g_string_assign (text, HEADER "6001,");
  for (guint i = 0; i < 300; i++)
    g_string_append (text, "名");
  g_string_append (text, ",EU,approved\n");
  g_free (path);
  path = write_file (f, "name.csv", text->str, (gssize) text->len);
  import_ok (f, path, 1);
}

/* Issue 16, item 3: a list imported again in key order is compared with
 * the stored rows in one pass beside the file (pd-import-scan.c); every
 * count and every row must be what look-ups a row give: new ids before,
 * between and after the stored ones, changed and unchanged rows, rows
 * far apart (the pass seeks instead of stepping), a row out of order (the
 * rest by look-ups), and --replace. */

static char *
dump_lists (PdStore *store)
{
  return query_text (store,
                     "SELECT group_concat (seller_id || '|' || seller_name || '|' || market || '|' || review_status"
                     "                     || '|' || (left_at IS NULL), ';')"
                     " FROM (SELECT * FROM target_merchants ORDER BY program_id, seller_id)");
}

static void
import_counted (Fixture    *f,
                const char *name,
                const char *contents,
                gboolean    replace,
                guint64     inserted,
                guint64     updated,
                guint64     unchanged,
                guint64     left)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, name, contents, -1);
  g_autoptr(PdImporter) importer = pd_importer_new (PD_IMPORT_KIND_TARGETS, path);
  const PdImportCounts *counts;

  pd_importer_set_replace (importer, replace);
  pd_importer_run (importer, f->store, NULL, &error);
  g_assert_no_error (error);
  counts = pd_importer_get_counts (importer);
  g_assert_cmpuint (counts->inserted, ==, inserted);
  g_assert_cmpuint (counts->updated, ==, updated);
  g_assert_cmpuint (counts->unchanged, ==, unchanged);
  g_assert_cmpuint (counts->left, ==, left);
}

static void
test_key_order (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) first = g_string_new (HEADER);
  g_autoptr(GString) again = g_string_new (HEADER);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *after = NULL;

  /* 200 sellers 7000000000001000, ...1005, ... */
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (first, "70000000000%05u,Co %u,EU,approved\n", 1000 + 5 * i, i);
  import_counted (f, "first.csv", first->str, FALSE, 200, 0, 0, 0);

  /* New before all; the first unchanged; a new one between; the second
   * renamed; nothing until 150 (more than the pass steps over), whose
   * market changes; 151 unchanged; 152 pending now; then new after all. */
  g_string_append (again,
                   "7000000000000999,New A,EU,approved\n"
                   "7000000000001000,Co 0,EU,approved\n"
                   "7000000000001001,New B,JP,pending\n"
                   "7000000000001005,Co 1 Ltd,EU,approved\n"
                   "7000000000001750,Co 150,JP,approved\n"
                   "7000000000001755,Co 151,EU,approved\n"
                   "7000000000001760,Co 152,EU,pending\n"
                   "7000000000009000,New C,UK,approved\n");
  import_counted (f, "again.csv", again->str, FALSE, 3, 3, 2, 0);
  after = dump_lists (f->store);
  g_assert_nonnull (strstr (after, "7000000000000999|New A|EU|approved|1;7000000000001000|Co 0|EU|approved|1;"
                                   "7000000000001001|New B|JP|pending|1;7000000000001005|Co 1 Ltd|EU|approved|1;"
                                   "7000000000001010|Co 2|EU|approved|1;"));
  g_assert_nonnull (strstr (after, "7000000000001745|Co 149|EU|approved|1;7000000000001750|Co 150|JP|approved|1;"
                                   "7000000000001755|Co 151|EU|approved|1;7000000000001760|Co 152|EU|pending|1;"
                                   "7000000000001765|Co 153|EU|approved|1;"));
  g_assert_true (g_str_has_suffix (after, "7000000000001995|Co 199|EU|approved|1;7000000000009000|New C|UK|approved|1"));

  /* The same file as the whole list: every other seller leaves, the
   * listed ones are unchanged. */
  import_counted (f, "again.csv", again->str, TRUE, 0, 0, 8, 195);
  g_free (after);
  after = dump_lists (f->store);
  g_assert_nonnull (strstr (after, "7000000000001000|Co 0|EU|approved|1;7000000000001001|New B|JP|pending|1;"
                                   "7000000000001005|Co 1 Ltd|EU|approved|1;7000000000001010|Co 2|EU|approved|0;"));

  /* Out of order after the first row: look-ups for the rest, and a
   * seller who had left comes back (an update). */
  g_string_assign (again, HEADER
                   "7000000000001755,Co 151,EU,approved\n"
                   "7000000000001001,New B,JP,approved\n"
                   "7000000000001010,Co 2,EU,approved\n"
                   "7000000000000998,New D,EU,approved\n");
  import_counted (f, "order.csv", again->str, FALSE, 1, 2, 1, 0);
  g_free (after);
  after = dump_lists (f->store);
  g_string_assign (expected, "7000000000000998|New D|EU|approved|1;7000000000000999|New A|EU|approved|1;"
                             "7000000000001000|Co 0|EU|approved|1;7000000000001001|New B|JP|approved|1;"
                             "7000000000001005|Co 1 Ltd|EU|approved|1;7000000000001010|Co 2|EU|approved|1;");
  g_assert_true (g_str_has_prefix (after, expected->str));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/import-rows/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("ragged", test_ragged);
  ADD ("mixed-encodings", test_mixed_encodings);
  ADD ("big-gbk", test_big_gbk);
  ADD ("sizes", test_sizes);
  ADD ("key-order", test_key_order);
#undef ADD
  return g_test_run ();
}
