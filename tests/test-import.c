/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "pd-export.h"
#include "pd-import-guess.h"
#include "pd-importer.h"
#include "pd-store-private.h"

#define EU_PROGRAM "eu-jp-pop-partner-2026q1"
#define TARGETS_HEADER "seller_id,seller_name,brand,market,country,contact_name,contact_email,contact_phone,review_status,program_id\n"

typedef struct
{
  char    *dir;
  char    *path;
  PdStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pd-test-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
fixture_path (const char *name)
{
  const char *dir = g_getenv ("PARTNERDESK_FIXTURES_DIR");

  if (dir == NULL || *dir == '\0')
    return g_test_build_filename (G_TEST_DIST, "fixtures", "q1-example", name, NULL);
  return g_build_filename (dir, "q1-example", name, NULL);
}

static char *
program_path (const char *name)
{
  const char *dir = g_getenv ("PARTNERDESK_PROGRAMS_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
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

static gint64
query_int (PdStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (pd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
query_text (PdStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (pd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Every row of every table, with the schema and the column types: what
 * "the store's content is unchanged" means. */
static char *dump_store_except (PdStore    *store,
                                const char *skipped);

static char *
dump_store (PdStore *store)
{
  return dump_store_except (store, NULL);
}

/* @skipped: a table (and sqlite_sequence) left out. */
static char *
dump_store_except (PdStore    *store,
                   const char *skipped)
{
  sqlite3 *db = pd_store_get_db (store);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_schema ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      g_string_append_printf (out, "schema %s: %s\n", name, (const char *) sqlite3_column_text (stmt, 1));
      if (sqlite3_column_text (stmt, 1) != NULL &&
          g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 1), "CREATE TABLE") &&
          (skipped == NULL || (!g_str_equal (name, skipped) && !g_str_equal (name, "sqlite_sequence"))))
        g_ptr_array_add (tables, g_strdup (name));
    }
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (const char *) g_ptr_array_index (tables, t));

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_string_append_printf (out, "%s:", (const char *) g_ptr_array_index (tables, t));
          for (int i = 0; i < sqlite3_column_count (stmt); i++)
            g_string_append_printf (out, " %d|%s", sqlite3_column_type (stmt, i),
                                    sqlite3_column_type (stmt, i) == SQLITE_NULL ? "" : (const char *) sqlite3_column_text (stmt, i));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static PdImporter *
run_import (Fixture       *f,
            PdImportKind   kind,
            const char    *path,
            const char    *program_id,
            gboolean       replace,
            GError       **error)
{
  g_autoptr(PdImporter) importer = pd_importer_new (kind, path);

  pd_importer_set_program_id (importer, program_id);
  pd_importer_set_replace (importer, replace);
  pd_importer_run (importer, f->store, NULL, error);
  return g_steal_pointer (&importer);
}

static void
assert_counts (PdImporter *importer,
               guint64     inserted,
               guint64     updated,
               guint64     unchanged,
               guint64     left)
{
  const PdImportCounts *counts = pd_importer_get_counts (importer);

  g_assert_cmpuint (counts->inserted, ==, inserted);
  g_assert_cmpuint (counts->updated, ==, updated);
  g_assert_cmpuint (counts->unchanged, ==, unchanged);
  g_assert_cmpuint (counts->left, ==, left);
}

static PdImporter *
import_ok (Fixture      *f,
           PdImportKind  kind,
           const char   *path,
           const char   *program_id,
           gboolean      replace)
{
  g_autoptr(GError) error = NULL;
  PdImporter *importer = run_import (f, kind, path, program_id, replace, &error);

  g_assert_no_error (error);
  return importer;
}

/* Imports a file that must be refused, checks that nothing changed, and
 * returns the problems joined by newlines. */
static char *
import_refused (Fixture      *f,
                PdImportKind  kind,
                const char   *path,
                const char   *program_id,
                gboolean      replace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImporter) importer = NULL;
  g_autofree char *before = dump_store (f->store);
  g_autofree char *after = NULL;
  GPtrArray *problems;
  GString *text = g_string_new (NULL);

  importer = run_import (f, kind, path, program_id, replace, &error);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
  after = dump_store (f->store);
  g_assert_cmpstr (before, ==, after);

  problems = pd_importer_get_problems (importer);
  g_assert_cmpuint (problems->len, >, 0);
  g_assert_cmpuint (pd_importer_get_n_problems (importer), >=, problems->len);
  for (guint i = 0; i < problems->len; i++)
    {
      g_string_append (text, g_ptr_array_index (problems, i));
      g_string_append_c (text, '\n');
      g_assert_nonnull (strstr (error->message, g_ptr_array_index (problems, i)));
    }
  assert_counts (importer, 0, 0, 0, 0);
  return g_string_free (text, FALSE);
}

static void
import_q1_example (Fixture *f)
{
  static const struct { PdImportKind kind; const char *name; guint64 inserted; } files[] = {
    { PD_IMPORT_KIND_RATES, "rates.csv", 4 },
    { PD_IMPORT_KIND_TARGETS, "targets.csv", 11 },
    { PD_IMPORT_KIND_LINKS, "links.csv", 10 },
    { PD_IMPORT_KIND_STORES, "stores.csv", 11 },
  };
  g_autofree char *program = program_path (EU_PROGRAM ".json");
  g_autoptr(PdImporter) importer = import_ok (f, PD_IMPORT_KIND_PROGRAM, program, NULL, FALSE);

  /* The bundled program file is already in a new store. */
  assert_counts (importer, 0, 0, 1, 0);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = fixture_path (files[i].name);
      g_autoptr(PdImporter) csv = import_ok (f, files[i].kind, path, NULL, FALSE);

      g_test_message ("%s", files[i].name);
      assert_counts (csv, files[i].inserted, 0, 0, 0);
      g_assert_cmpuint (pd_importer_get_warnings (csv)->len, ==, 0);
      g_assert_cmpstr (pd_importer_get_encoding (csv), ==, "UTF-8");
    }
}

static void
test_q1_example (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { PdImportKind kind; const char *name; guint64 n; } files[] = {
    { PD_IMPORT_KIND_RATES, "rates.csv", 4 },
    { PD_IMPORT_KIND_TARGETS, "targets.csv", 11 },
    { PD_IMPORT_KIND_LINKS, "links.csv", 10 },
    { PD_IMPORT_KIND_STORES, "stores.csv", 11 },
  };
  g_autofree char *targets = fixture_path ("targets.csv");
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *details = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  JsonObject *object;

  import_q1_example (f);

  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit_log WHERE action LIKE 'import.%'"), ==, 5);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants WHERE program_id = '" EU_PROGRAM "' AND left_at IS NULL"), ==, 11);

  /* Values as the rules read them. */
  text = query_text (f->store, "SELECT seller_name FROM target_merchants WHERE seller_id = '7000000000000004'");
  g_assert_cmpstr (text, ==, "Aurora \"Home\" Trading");
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT review_status FROM target_merchants WHERE seller_id = '7000000000000004'");
  g_assert_cmpstr (text, ==, "pending");
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT via_token FROM stores WHERE store_id = 'S-01'");
  g_assert_cmpstr (text, ==, "NAbO5gPMcSPpQMVYJMwgew");
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT via_link FROM stores WHERE store_id = 'S-01'");
  g_assert_cmpstr (text, ==, "https://partner-links.example/eu/cb?partner=PD01&pd_ref=NAbO5gPMcSPpQMVYJMwgew");
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT via_token FROM stores WHERE store_id = 'S-02'");
  g_assert_cmpstr (text, ==, "Gjbz8Dr3E0zuFNnnFk0Qkw");
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT inventory_countries FROM stores WHERE store_id = 'S-04'");
  g_assert_cmpstr (text, ==, "DE;FR;IT;ES;IE");
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT store_status || ' ' || governance || ' ' || governance_reason FROM stores WHERE store_id = 'S-11'");
  g_assert_cmpstr (text, ==, "closed high_risk counterfeit goods");
  g_assert_cmpint (query_int (f->store, "SELECT settled_gmv_30d FROM stores WHERE store_id = 'S-02' AND gmv_currency = 'EUR'"), ==, 10000);
  g_assert_cmpint (query_int (f->store, "SELECT settled_gmv_30d FROM stores WHERE store_id = 'S-03' AND gmv_currency = 'JPY'"), ==, 25000);
  /* 2025-12-31T17:30:00+01:00 */
  g_assert_cmpint (query_int (f->store, "SELECT onboarded_at FROM stores WHERE store_id = 'S-08'"), ==, 1767198600);
  g_assert_cmpint (query_int (f->store, "SELECT cny_per_unit_micros FROM exchange_rates WHERE currency = 'JPY'"), ==, 48000);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM links WHERE state = 'active' AND kind = 'onboarding'"), ==, 10);
  g_assert_cmpint (query_int (f->store, "SELECT created_at FROM links WHERE token = 'NAbO5gPMcSPpQMVYJMwgew'"), ==, 1767578400);

  /* The audit row names the file and its SHA-256. */
  g_file_get_contents (targets, &contents, &length, &error);
  g_assert_no_error (error);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  details = query_text (f->store, "SELECT details FROM audit_log WHERE action = 'import.targets'");
  json_parser_load_from_data (parser, details, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, "targets.csv");
  g_assert_cmpstr (json_object_get_string_member (object, "sha256"), ==, sha256);
  g_assert_cmpint (json_object_get_int_member (object, "inserted"), ==, 11);
  g_assert_cmpstr (json_object_get_string_member (object, "encoding"), ==, "UTF-8");
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT subject || ' ' || user FROM audit_log WHERE action = 'import.targets'");
  g_assert_true (g_str_has_prefix (text, "targets.csv "));

  /* Everything again: nothing changes. */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = fixture_path (files[i].name);
      g_autofree char *before = dump_store_except (f->store, "audit_log");
      g_autofree char *after = NULL;
      g_autoptr(PdImporter) importer = import_ok (f, files[i].kind, path, NULL, FALSE);

      assert_counts (importer, 0, 0, files[i].n, 0);
      /* Only a new audit row. */
      after = dump_store_except (f->store, "audit_log");
      g_assert_cmpstr (before, ==, after);
    }
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit_log WHERE action LIKE 'import.%'"), ==, 9);
  g_assert_cmpint (query_int (f->store, "SELECT max(updated_at) FROM exchange_rates"), >, 0);
}

static char *
make_targets (guint        n,
              const char  *last_line)
{
  GString *text = g_string_new (TARGETS_HEADER);

  for (guint i = 0; i < n; i++)
    {
      if (i == n - 1 && last_line != NULL)
        g_string_append_printf (text, "%s\n", last_line);
      else
        g_string_append_printf (text, "71%014u,\"Seller %u, Ltd\",Brand %u,EU,CN,王伟,s%u@example.com,+86 138%08u,approved,\n",
                                i, i, i % 7, i, i);
    }
  return g_string_free (text, FALSE);
}

static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *contents = make_targets (1000, "7199999999999999,Last Seller,Brand,E U,CN,,,,approved,");
  g_autofree char *path = write_file (f, "targets-1000.csv", contents, -1);
  g_autofree char *problems = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *good = make_targets (1000, NULL);
  g_autofree char *good_path = write_file (f, "targets-good.csv", good, -1);
  g_autoptr(PdImporter) importer = NULL;

  import_q1_example (f);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit_log"), ==, 5);

  /* Line 1001 is the last row; import_refused() compares every table. */
  problems = import_refused (f, PD_IMPORT_KIND_TARGETS, path, NULL, FALSE);
  expected = g_strdup_printf ("%s:1001:market: “E U” is not a market code", path);
  g_assert_true (g_str_has_prefix (problems, expected));
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit_log"), ==, 5);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants"), ==, 11);

  /* The same rows without the bad one all go in. */
  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, good_path, NULL, FALSE);
  assert_counts (importer, 1000, 0, 0, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants"), ==, 1011);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit_log"), ==, 6);
}

static void
test_problems (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (TARGETS_HEADER);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImporter) importer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  GPtrArray *problems;

  /* 30 bad rows among good ones: line 2 good, lines 3..32 each with one
   * bad review status. */
  g_string_append (text, "6999,A,,EU,,,,,approved,\n");
  for (guint i = 0; i < 30; i++)
    g_string_append_printf (text, "70%02u,B,,EU,,,,,maybe,\n", i);
  path = write_file (f, "problems.csv", text->str, -1);

  importer = run_import (f, PD_IMPORT_KIND_TARGETS, path, NULL, FALSE, &error);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
  problems = pd_importer_get_problems (importer);
  g_assert_cmpuint (problems->len, ==, PD_IMPORT_MAX_PROBLEMS);
  g_assert_cmpuint (pd_importer_get_n_problems (importer), ==, 30);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s:%u:review_status: ", path, i + 3);

      g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, i), prefix));
      g_assert_nonnull (strstr (g_ptr_array_index (problems, i), "maybe"));
      g_assert_nonnull (strstr (g_ptr_array_index (problems, i), "approved"));
    }
  g_assert_nonnull (strstr (error->message, "30 problems"));
  g_assert_nonnull (strstr (error->message, "... and 10 more problems"));
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit_log"), ==, 0);

  /* Several problems in one row; columns named as the file names them. */
  g_clear_error (&error);
  g_clear_object (&importer);
  g_free (path);
  path = write_file (f, "chinese.csv",
                     "商家ID,商家名称,站点,国家,审核状态\n"
                     "8001,甲,EU,CN,通过\n"
                     ",乙,EU,XX,审核中\n", -1);
  importer = run_import (f, PD_IMPORT_KIND_TARGETS, path, NULL, FALSE, &error);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
  problems = pd_importer_get_problems (importer);
  g_assert_cmpuint (problems->len, ==, 2);
  g_free (expected);
  expected = g_strdup_printf ("%s:3:商家ID: the value is empty; expected", path);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:3:国家: “XX” is not a country code", path);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 1), expected));

  /* A missing required column. */
  g_clear_error (&error);
  g_clear_object (&importer);
  g_free (path);
  path = write_file (f, "no-market.csv", "seller_id,seller_name\n1,A\n", -1);
  importer = run_import (f, PD_IMPORT_KIND_TARGETS, path, NULL, FALSE, &error);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (g_ptr_array_index (pd_importer_get_problems (importer), 0), "market"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (pd_importer_get_problems (importer), 0), path));

  /* A file that cannot be read is not bad input. */
  g_clear_error (&error);
  g_clear_object (&importer);
  g_free (path);
  path = g_build_filename (f->dir, "missing.csv", NULL);
  importer = run_import (f, PD_IMPORT_KIND_TARGETS, path, NULL, FALSE, &error);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO);
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = write_file (f, "dup.csv",
                                      "seller_id,seller_name,market,program_id\n"
                                      "9001,A,EU,\n"
                                      "9002,B,EU,\n"
                                      "9001,A again,EU,\n"
                                      "9001,A on the other list,US,us-top-2026q1\n"
                                      "9001,A third time,EU," EU_PROGRAM "\n", -1);
  g_autofree char *ok_path = write_file (f, "two-programs.csv",
                                         "seller_id,seller_name,market,program_id\n"
                                         "9001,A,EU," EU_PROGRAM "\n"
                                         "9001,A,US,us-top-2026q1\n", -1);
  g_autofree char *stores = write_file (f, "dup-stores.csv",
                                        "store_id,seller_id\nS-1,1\nS-2,1\nS-1,2\n", -1);
  g_autofree char *problems = import_refused (f, PD_IMPORT_KIND_TARGETS, path, NULL, FALSE);
  g_autofree char *expected = g_strdup_printf ("%s:4:seller_id: “9001” appears again, first on line 2; expected each seller per program once in a file\n"
                                               "%s:6:seller_id: “9001” appears again, first on line 2;",
                                               path, path);
  g_autoptr(PdImporter) importer = NULL;

  g_assert_true (g_str_has_prefix (problems, expected));
  g_free (problems);

  /* A seller may be on several programs' lists. */
  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, ok_path, NULL, FALSE);
  assert_counts (importer, 2, 0, 0, 0);

  problems = import_refused (f, PD_IMPORT_KIND_STORES, stores, NULL, FALSE);
  g_free (expected);
  expected = g_strdup_printf ("%s:4:store_id: “S-1” appears again, first on line 2", stores);
  g_assert_true (g_str_has_prefix (problems, expected));
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *full = fixture_path ("targets.csv");
  g_autofree char *contents = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *empty = write_file (f, "empty.csv", TARGETS_HEADER, -1);
  g_autofree char *problems = NULL;
  g_autoptr(PdImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, full, NULL, FALSE);
  assert_counts (importer, 11, 0, 0, 0);
  g_clear_object (&importer);

  /* The header and the first 8 sellers, the 8th renamed: 3 have left. */
  g_file_get_contents (full, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; i <= 8; i++)
    {
      if (i == 8)
        g_string_append (text, "7000000000000008,Petsy Home Ltd,Petsy,EU,CN,黄勇,bd@petsy.example,+86 13800000008,approved," EU_PROGRAM "\n");
      else
        g_string_append_printf (text, "%s\n", lines[i]);
    }
  partial = write_file (f, "partial.csv", text->str, -1);

  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, partial, NULL, TRUE);
  assert_counts (importer, 0, 1, 7, 3);
  g_clear_object (&importer);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants WHERE left_at IS NOT NULL"), ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants WHERE left_at IS NOT NULL AND seller_id IN ('7000000000000009', '7000000000000010', '7000000000000011') AND left_at > 0"), ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants WHERE left_at < 0"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT json_extract(details, '$.left') FROM audit_log ORDER BY id DESC LIMIT 1"), ==, 3);

  /* The same list again: the sellers who left are not counted twice. */
  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, partial, NULL, TRUE);
  assert_counts (importer, 0, 0, 8, 0);
  g_clear_object (&importer);

  /* An empty list with --replace is refused. */
  problems = import_refused (f, PD_IMPORT_KIND_TARGETS, empty, NULL, TRUE);
  g_assert_nonnull (strstr (problems, "no rows"));

  /* Without --replace nobody leaves, and the sellers who had left are
   * back on the list. */
  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, full, NULL, FALSE);
  assert_counts (importer, 0, 4, 7, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants WHERE left_at IS NOT NULL"), ==, 0);

  /* --replace is for target lists only. */
  g_clear_object (&importer);
  importer = run_import (f, PD_IMPORT_KIND_STORES, full, NULL, TRUE, &error);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
}

static void
test_programs_of_targets (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = write_file (f, "no-program.csv", "seller_id,seller_name,market\n1,A,EU\n2,B,eu\n", -1);
  g_autofree char *unknown = write_file (f, "unknown.csv", "seller_id,seller_name,market,program_id\n1,A,EU,nope\n", -1);
  g_autofree char *second = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *text = NULL;
  g_autofree char *eu = program_path (EU_PROGRAM ".json");
  g_autofree char *json = NULL;
  g_autoptr(PdImporter) importer = NULL;
  g_autoptr(GError) error = NULL;

  /* The store's only recruitment program. */
  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, path, NULL, FALSE);
  assert_counts (importer, 2, 0, 0, 0);
  g_clear_object (&importer);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants WHERE program_id = '" EU_PROGRAM "' AND market = 'EU'"), ==, 2);

  /* --program. */
  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, path, "us-top-2026q1", FALSE);
  assert_counts (importer, 2, 0, 0, 0);
  g_clear_object (&importer);

  problems = import_refused (f, PD_IMPORT_KIND_TARGETS, path, "nope", FALSE);
  g_assert_nonnull (strstr (problems, "no program “nope”"));
  g_clear_pointer (&problems, g_free);
  problems = import_refused (f, PD_IMPORT_KIND_TARGETS, unknown, NULL, FALSE);
  text = g_strdup_printf ("%s:2:program_id: no program “nope” in the store", unknown);
  g_assert_true (g_str_has_prefix (problems, text));
  g_clear_pointer (&problems, g_free);

  /* With two recruitment programs, a row must say which. */
  g_file_get_contents (eu, &json, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GString) other = g_string_new (json);

    g_string_replace (other, EU_PROGRAM, "uk-pop-partner-2026q2", 0);
    second = write_file (f, "uk.json", other->str, -1);
  }
  importer = import_ok (f, PD_IMPORT_KIND_PROGRAM, second, NULL, FALSE);
  assert_counts (importer, 1, 0, 0, 0);
  g_clear_object (&importer);
  problems = import_refused (f, PD_IMPORT_KIND_TARGETS, path, NULL, FALSE);
  g_assert_nonnull (strstr (problems, "several recruitment programs"));
}

static void
test_program_file (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *from; const char *to; const char *problem; } cases[] = {
    { "\"kind\": \"recruitment\",", "\"kind\": \"recruitment\", \"bonus\": 1,", "bonus: unknown field" },
    { "\"link\": { \"required\": true },", "\"link\": { \"required\": true }, \"fast\": {},", "conditions.fast: unknown field" },
    { "\"window_days\": 30,", "\"window_days\": 30, \"days\": 30,", "conditions.sales.days: unknown field" },
    { "\"period\": { \"start\": \"2026-01-01\", \"end\": \"2026-03-31\" },", "", "period: required field is missing" },
    { "\"amount\": \"2000.00\"", "\"amount\": 2000.00", "reward.amount: not a non-empty string" },
    { "\"amount\": \"2000.00\"", "\"amount\": \"2000.001\"", "reward: " },
    { "\"high_risk_paid_fraction\": \"0.5\"", "\"high_risk_paid_fraction\": \"1.5\"", "governance.high_risk_paid_fraction: " },
    { "\"timezone\": \"Asia/Shanghai\"", "\"timezone\": \"Asia/Nowhere\"", "timezone: “Asia/Nowhere” is not a time zone" },
    { "\"min_countries\": 4", "\"min_countries\": 7", "conditions.inventory.min_countries: 7 is more than the 6 countries" },
    { "{", "[", "not a program file" },
  };
  g_autofree char *eu = program_path (EU_PROGRAM ".json");
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (eu, &json, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new (json);
      g_autofree char *path = NULL;
      g_autofree char *problems = NULL;
      g_autofree char *expected = NULL;

      g_test_message ("case %u: %s", i, cases[i].problem);
      g_assert_cmpuint (g_string_replace (text, cases[i].from, cases[i].to, 1), ==, 1);
      path = write_file (f, "program.json", text->str, -1);
      problems = import_refused (f, PD_IMPORT_KIND_PROGRAM, path, NULL, FALSE);
      expected = g_strdup_printf ("%s: %s", path, cases[i].problem);
      g_assert_nonnull (strstr (problems, expected));
    }

  /* Several problems are all reported. */
  {
    g_autoptr(GString) text = g_string_new (json);
    g_autofree char *path = NULL;
    g_autofree char *problems = NULL;

    g_string_replace (text, "\"kind\": \"recruitment\",", "\"kinds\": \"recruitment\",", 1);
    path = write_file (f, "program.json", text->str, -1);
    problems = import_refused (f, PD_IMPORT_KIND_PROGRAM, path, NULL, FALSE);
    g_assert_nonnull (strstr (problems, "kinds: unknown field"));
    g_assert_nonnull (strstr (problems, "kind: required field is missing"));
  }

  /* A changed program replaces the stored one. */
  {
    g_autoptr(GString) text = g_string_new (json);
    g_autofree char *path = NULL;
    g_autofree char *name = NULL;
    g_autoptr(PdImporter) importer = NULL;

    g_string_replace (text, "Q1 2026\"", "Q1 2026 (revised)\"", 1);
    path = write_file (f, "program.json", text->str, -1);
    importer = import_ok (f, PD_IMPORT_KIND_PROGRAM, path, NULL, FALSE);
    assert_counts (importer, 0, 1, 0, 0);
    name = query_text (f->store, "SELECT name || ' ' || source FROM programs WHERE id = '" EU_PROGRAM "'");
    g_assert_true (g_str_has_suffix (name, "(revised) import"));
  }

  /* The seller-benefit program validates too. */
  {
    g_autofree char *us = program_path ("us-top-2026q1.json");
    g_autoptr(PdImporter) importer = import_ok (f, PD_IMPORT_KIND_PROGRAM, us, NULL, FALSE);

    assert_counts (importer, 0, 0, 1, 0);
  }
}

static void
test_encodings (Fixture       *f,
                gconstpointer  data)
{
  const char *utf8 = "商家ID,商家名称,站点,审核状态,备注\r\n"
                     "6001,深圳市北极星科技有限公司,EU,通过,x\r\n"
                     "6002,\"杭州晨光, 电子\",JP,审核中,y\r\n";
  const char *tsv = "seller_id\tseller_name\tmarket\n6003\t广州美妆贸易有限公司\tEU\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *gbk = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *gbk_path = NULL;
  g_autofree char *utf16_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PdImporter) importer = NULL;
  gsize gbk_len, utf16_len;
  GPtrArray *warnings;
  gboolean found = FALSE;
  GString *with_bom;

  gbk = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &gbk_len, &error);
  g_assert_no_error (error);
  gbk_path = write_file (f, "gbk.csv", gbk, gbk_len);

  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, gbk_path, NULL, FALSE);
  assert_counts (importer, 2, 0, 0, 0);
  g_assert_cmpstr (pd_importer_get_encoding (importer), ==, "GB18030");
  warnings = pd_importer_get_warnings (importer);
  for (guint i = 0; i < warnings->len; i++)
    {
      g_test_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
      if (strstr (g_ptr_array_index (warnings, i), "GB18030") != NULL)
        found = TRUE;
    }
  g_assert_true (found);
  /* The unknown column 备注 is named. */
  g_assert_cmpuint (warnings->len, ==, 2);
  text = query_text (f->store, "SELECT seller_name || '|' || review_status FROM target_merchants WHERE seller_id = '6002'");
  g_assert_cmpstr (text, ==, "杭州晨光, 电子|pending");
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT json_extract(details, '$.encoding') FROM audit_log ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (text, ==, "GB18030");
  g_clear_pointer (&text, g_free);

  /* Excel's "Unicode text": UTF-16LE with a BOM, tab-separated. */
  utf16 = g_convert (tsv, -1, "UTF-16LE", "UTF-8", NULL, &utf16_len, &error);
  g_assert_no_error (error);
  with_bom = g_string_new_len ("\xff\xfe", 2);
  g_string_append_len (with_bom, utf16, utf16_len);
  utf16_path = write_file (f, "unicode.txt", with_bom->str, with_bom->len);
  g_string_free (with_bom, TRUE);
  g_clear_object (&importer);
  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, utf16_path, NULL, FALSE);
  assert_counts (importer, 1, 0, 0, 0);
  g_assert_cmpstr (pd_importer_get_encoding (importer), ==, "UTF-16LE");
  text = query_text (f->store, "SELECT seller_name FROM target_merchants WHERE seller_id = '6003'");
  g_assert_cmpstr (text, ==, "广州美妆贸易有限公司");
}

static void
test_stores (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *good = write_file (f, "stores.csv",
                                      "店铺ID,商家ID,站点,入驻时间,邀约链接,30天结算GMV,币种,备货国家,店铺状态,治理风险\n"
                                      "S-1,1,eu,2026-01-10 10:00,https://x.example/cb?a=1&pd_ref=Tok%2DEN_1aaaaaaaaaaaaaaa#frag,\"1,000.00\",eur,de|uk|fr;,正常,高风险\n"
                                      "S-2,2,JP,2026-01-10,tok2bbbbbbbbbbbbbbbbbbb,25000,JPY,,关店中,无\n", -1);
  g_autofree char *bad = write_file (f, "bad-stores.csv",
                                     "store_id,seller_id,settled_gmv_30d,gmv_currency,via_link,onboarded_at,store_status\n"
                                     "S-3,3,100.00,,,,\n"
                                     "S-4,4,12.345,EUR,not a token!,,\n"
                                     "S-5,5,,XYZ,,2026-02-30,open\n", -1);
  g_autofree char *problems = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PdImporter) importer = NULL;
  g_autoptr(GError) error = NULL;

  pd_store_set_setting (f->store, "import_timezone", "Europe/Berlin", &error);
  g_assert_no_error (error);

  importer = import_ok (f, PD_IMPORT_KIND_STORES, good, NULL, FALSE);
  assert_counts (importer, 2, 0, 0, 0);
  text = query_text (f->store, "SELECT market || ' ' || via_token || ' ' || settled_gmv_30d || ' ' || gmv_currency || ' ' || inventory_countries || ' ' || store_status || ' ' || governance FROM stores WHERE store_id = 'S-1'");
  g_assert_cmpstr (text, ==, "EU Tok-EN_1aaaaaaaaaaaaaaa 100000 EUR DE;GB;FR normal high_risk");
  /* 2026-01-10 10:00 in Berlin (UTC+1). */
  g_assert_cmpint (query_int (f->store, "SELECT onboarded_at FROM stores WHERE store_id = 'S-1'"), ==, 1768035600);
  g_assert_cmpint (query_int (f->store, "SELECT onboarded_at FROM stores WHERE store_id = 'S-2'"), ==, 1767999600);
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT via_token || ' ' || store_status || ' ' || governance FROM stores WHERE store_id = 'S-2'");
  g_assert_cmpstr (text, ==, "tok2bbbbbbbbbbbbbbbbbbb closing none");

  problems = import_refused (f, PD_IMPORT_KIND_STORES, bad, NULL, FALSE);
  g_test_message ("%s", problems);
  expected = g_strdup_printf ("%s:2:settled_gmv_30d: the amount “100.00” has no currency", bad);
  g_assert_true (g_str_has_prefix (problems, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:3:via_link: “not a token!” is neither a link nor a token", bad);
  g_assert_nonnull (strstr (problems, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:3:settled_gmv_30d: ", bad);
  g_assert_nonnull (strstr (problems, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:4:gmv_currency: ", bad);
  g_assert_nonnull (strstr (problems, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:4:onboarded_at: ", bad);
  g_assert_nonnull (strstr (problems, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:4:store_status: ", bad);
  g_assert_nonnull (strstr (problems, expected));
}

static void
test_links_and_export (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *links = write_file (f, "links.csv",
                                       "token,kind,seller_id,market,service_id,url,created_at,revoked_at,staff\n"
                                       "tokAaaaaaaaaaaaaaaaaaa,入驻,1,EU,,https://p.example/cb?pd_ref=tokAaaaaaaaaaaaaaaaaaa,2026-01-05T10:00:00+08:00,,Lin\n"
                                       "tokBbbbbbbbbbbbbbbbbbb,授权,2,,svc-1,https://services.tiktokshop.com/open/authorize?service_id=svc-1&state=tokBbbbbbbbbbbbbbbbbbb,2026-01-06T10:00:00Z,2026-01-07T10:00:00Z,\"Wang, \"\"W\"\"\"\n", -1);
  g_autofree char *unrevoke = write_file (f, "unrevoke.csv",
                                          "token,kind,created_at,revoked_at\n"
                                          "tokBbbbbbbbbbbbbbbbbbb,authorization,2026-01-06T10:00:00Z,\n", -1);
  g_autofree char *mismatch = write_file (f, "mismatch.csv",
                                          "token,kind,url,created_at\n"
                                          "tokCcccccccccccccccccc,onboarding,https://p.example/cb?pd_ref=tokDdddddddddddddddddd,2026-01-05\n"
                                          "tokEeeeeeeeeeeeeeeeeee,onboarding,,\n", -1);
  g_autofree char *exported = g_build_filename (f->dir, "exported.csv", NULL);
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *problems = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fixture_links = fixture_path ("links.csv");
  g_autoptr(PdImporter) importer = NULL;
  g_autoptr(PdStore) other = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  importer = import_ok (f, PD_IMPORT_KIND_LINKS, links, NULL, FALSE);
  assert_counts (importer, 2, 0, 0, 0);
  g_clear_object (&importer);
  text = query_text (f->store, "SELECT kind || ' ' || state || ' ' || revoked_at || ' ' || staff FROM links WHERE token = 'tokBbbbbbbbbbbbbbbbbbb'");
  g_assert_cmpstr (text, ==, "authorization revoked 1767780000 Wang, \"W\"");

  /* An empty revoked_at does not bring a revoked link back. */
  importer = import_ok (f, PD_IMPORT_KIND_LINKS, unrevoke, NULL, FALSE);
  assert_counts (importer, 0, 0, 1, 0);
  g_clear_object (&importer);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM links WHERE token = 'tokBbbbbbbbbbbbbbbbbbb' AND state = 'revoked'"), ==, 1);

  problems = import_refused (f, PD_IMPORT_KIND_LINKS, mismatch, NULL, FALSE);
  expected = g_strdup_printf ("%s:2:url: the link’s pd_ref is “tokDdddddddddddddddddd” but it should be “tokCcccccccccccccccccc”", mismatch);
  g_assert_true (g_str_has_prefix (problems, expected));
  g_free (expected);
  expected = g_strdup_printf ("%s:3:created_at: ", mismatch);
  g_assert_nonnull (strstr (problems, expected));

  /* Export, then import into another store: the same links; and into this
   * one: all unchanged. */
  importer = import_ok (f, PD_IMPORT_KIND_LINKS, fixture_links, NULL, FALSE);
  g_clear_object (&importer);
  g_assert_true (pd_export_links (f->store, NULL, NULL, exported, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 12);

  importer = import_ok (f, PD_IMPORT_KIND_LINKS, exported, NULL, FALSE);
  assert_counts (importer, 0, 0, 12, 0);
  g_clear_object (&importer);

  /* The same file headed in Chinese, as a zh_CN export heads it: known as
   * links, and imported, whatever the language the test runs in. */
  {
    g_autofree char *exported_text = NULL;
    g_autofree char *zh = NULL;
    g_autofree char *zh_path = g_strconcat (exported, "-zh.csv", NULL);
    const char *body;
    PdImportKind kind = PD_IMPORT_KIND_TARGETS;

    g_assert_true (pd_import_guess_kind (exported, &kind, &error));
    g_assert_cmpint (kind, ==, PD_IMPORT_KIND_LINKS);
    g_assert_true (g_file_get_contents (exported, &exported_text, NULL, &error));
    body = strstr (exported_text, "\r\n");
    g_assert_nonnull (body);
    zh = g_strconcat ("令牌,类型,卖家 ID,市场,激励计划,服务 ID,URL,创建时间,撤销时间,负责人", body, NULL);
    g_assert_true (g_file_set_contents (zh_path, zh, -1, &error));
    kind = PD_IMPORT_KIND_TARGETS;
    g_assert_true (pd_import_guess_kind (zh_path, &kind, &error));
    g_assert_cmpint (kind, ==, PD_IMPORT_KIND_LINKS);
    importer = import_ok (f, PD_IMPORT_KIND_LINKS, zh_path, NULL, FALSE);
    assert_counts (importer, 0, 0, 12, 0);
    g_assert_cmpuint (pd_importer_get_warnings (importer)->len, ==, 0);
    g_clear_object (&importer);
    g_unlink (zh_path);
  }

  other = pd_store_open (other_path, &error);
  g_assert_no_error (error);
  importer = pd_importer_new (PD_IMPORT_KIND_LINKS, exported);
  g_assert_true (pd_importer_run (importer, other, NULL, &error));
  g_assert_no_error (error);
  assert_counts (importer, 12, 0, 0, 0);
  {
    const char *sql = "SELECT group_concat(token || kind || ifnull(url, '') || state || ifnull(seller_id, '') || ifnull(market, '')"
                      " || ifnull(program_id, '') || ifnull(service_id, '') || created_at || ifnull(revoked_at, '') || ifnull(staff, ''), ';')"
                      " FROM (SELECT * FROM links ORDER BY token)";
    g_autofree char *mine = query_text (f->store, sql);
    g_autofree char *theirs = query_text (other, sql);

    g_assert_cmpstr (mine, ==, theirs);
  }
}

static void
test_rates (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *rates = write_file (f, "rates.csv", "currency,cny_per_unit\neur,7.8123\nCNY,1\n", -1);
  g_autofree char *changed = write_file (f, "changed.csv", "currency,cny_per_unit\nEUR,7.9\n", -1);
  g_autofree char *bad = write_file (f, "bad.csv", "currency,cny_per_unit\nCNY,2\nEUR,\"7,8\"\nUSD,0\nXXX,1\nGBP,9.1234567\n", -1);
  g_autofree char *problems = NULL;
  g_autoptr(PdImporter) importer = NULL;

  importer = import_ok (f, PD_IMPORT_KIND_RATES, rates, NULL, FALSE);
  assert_counts (importer, 2, 0, 0, 0);
  g_clear_object (&importer);
  g_assert_cmpint (query_int (f->store, "SELECT cny_per_unit_micros FROM exchange_rates WHERE currency = 'EUR'"), ==, 7812300);

  importer = import_ok (f, PD_IMPORT_KIND_RATES, changed, NULL, FALSE);
  assert_counts (importer, 0, 1, 0, 0);
  g_assert_cmpint (query_int (f->store, "SELECT cny_per_unit_micros FROM exchange_rates WHERE currency = 'EUR'"), ==, 7900000);

  problems = import_refused (f, PD_IMPORT_KIND_RATES, bad, NULL, FALSE);
  g_test_message ("%s", problems);
  g_assert_nonnull (strstr (problems, ":2:cny_per_unit: CNY is the base currency"));
  g_assert_nonnull (strstr (problems, ":3:cny_per_unit: "));
  g_assert_nonnull (strstr (problems, ":4:cny_per_unit: "));
  g_assert_nonnull (strstr (problems, ":5:currency: "));
  g_assert_nonnull (strstr (problems, ":6:cny_per_unit: "));
}

static void
test_absent_columns (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *full = fixture_path ("targets.csv");
  g_autofree char *narrow = write_file (f, "narrow.csv",
                                        "seller_id,seller_name,market,comment\n"
                                        "7000000000000001,深圳市北极星科技有限公司,EU,hello\n"
                                        "7000000000000002,Kite Ltd,EU,\n", -1);
  g_autofree char *text = NULL;
  g_autoptr(PdImporter) importer = NULL;
  GPtrArray *warnings;

  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, full, NULL, FALSE);
  g_clear_object (&importer);

  /* Columns the file lacks are kept; the unknown one is a warning. */
  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, narrow, NULL, FALSE);
  assert_counts (importer, 0, 1, 1, 0);
  warnings = pd_importer_get_warnings (importer);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "comment"));
  text = query_text (f->store, "SELECT seller_name || '|' || brand || '|' || review_status || '|' || contact_email FROM target_merchants WHERE seller_id = '7000000000000002'");
  g_assert_cmpstr (text, ==, "Kite Ltd|Kite|approved|ops@kite.example");
}

static void
on_progress_cancel (guint64  bytes_read,
                    guint64  bytes_total,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *contents = make_targets (1000, NULL);
  g_autofree char *path = write_file (f, "targets.csv", contents, -1);
  g_autofree char *before = dump_store (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PdImporter) importer = pd_importer_new (PD_IMPORT_KIND_TARGETS, path);
  g_autoptr(GError) error = NULL;

  pd_importer_set_progress_func (importer, on_progress_cancel, cancellable, NULL);
  g_assert_false (pd_importer_run (importer, f->store, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = dump_store (f->store);
  g_assert_cmpstr (before, ==, after);
  assert_counts (importer, 0, 0, 0, 0);
}

typedef struct
{
  GMainLoop *loop;
  GThread   *main_thread;
  guint      n_progress;
  guint64    last_read;
  gboolean   ok;
  GError    *error;
} AsyncData;

static void
on_async_progress (guint64  bytes_read,
                   guint64  bytes_total,
                   gpointer user_data)
{
  AsyncData *data = user_data;

  g_assert_true (g_thread_self () == data->main_thread);
  g_assert_cmpuint (bytes_read, <=, bytes_total);
  g_assert_cmpuint (bytes_read, >=, data->last_read);
  data->last_read = bytes_read;
  data->n_progress++;
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncData *data = user_data;

  data->ok = pd_importer_run_finish (PD_IMPORTER (source), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *contents = make_targets (3000, NULL);
  g_autofree char *path = write_file (f, "targets.csv", contents, -1);
  g_autoptr(PdImporter) importer = pd_importer_new (PD_IMPORT_KIND_TARGETS, path);
  g_autofree char *sha256 = NULL;
  AsyncData async = { 0 };

  async.loop = g_main_loop_new (NULL, FALSE);
  async.main_thread = g_thread_self ();
  pd_importer_set_progress_func (importer, on_async_progress, &async, NULL);
  pd_importer_run_async (importer, f->path, NULL, on_async_done, &async);
  g_main_loop_run (async.loop);

  g_assert_no_error (async.error);
  g_assert_true (async.ok);
  assert_counts (importer, 3000, 0, 0, 0);
  g_assert_cmpuint (async.n_progress, >=, 2);
  g_assert_cmpuint (async.last_read, ==, strlen (contents));
  sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, contents, -1);
  g_assert_cmpstr (pd_importer_get_sha256 (importer), ==, sha256);
  /* The worker's own connection wrote it. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM target_merchants"), ==, 3000);
  g_main_loop_unref (async.loop);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import/q1-example", test_q1_example);
  ADD ("/import/atomic", test_atomic);
  ADD ("/import/problems", test_problems);
  ADD ("/import/duplicates", test_duplicates);
  ADD ("/import/targets/replace", test_replace);
  ADD ("/import/targets/programs", test_programs_of_targets);
  ADD ("/import/targets/absent-columns", test_absent_columns);
  ADD ("/import/program", test_program_file);
  ADD ("/import/encodings", test_encodings);
  ADD ("/import/stores", test_stores);
  ADD ("/import/links", test_links_and_export);
  ADD ("/import/rates", test_rates);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/async", test_async);
#undef ADD

  return g_test_run ();
}
