/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import-links"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "pd-change-applier.h"
#include "pd-csv-id.h"
#include "pd-importer.h"
#include "pd-link-validate.h"
#include "pd-store-links.h"
#include "pd-store-private.h"
#include "pd-value-error.h"

/* import links (and the seller ids of every importer): what a file may
 * change of the links the store has, what a token and a URL must look
 * like, and ids that went through a spreadsheet. */

#define TOKEN_A "NAbO5gPMcSPpQMVYJMwgew"
#define TOKEN_B "Gjbz8Dr3E0zuFNnnFk0Qkw"
#define TOKEN_C "N1zyQLwreYYf6KuEwrK0dA"
#define BASE_EU "https://seller.tiktokshop.com/account/register?partner_code=TSP7F3K2EU&region=eu"
#define LINKS_HEADER "token,kind,seller_id,market,program_id,service_id,url,created_at,revoked_at,staff\n"

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

  f->dir = g_dir_make_tmp ("pd-test-import-links-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
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

/* Every row of every table: what "the store is unchanged" means. */
static char *
dump_store (PdStore *store)
{
  sqlite3 *db = pd_store_get_db (store);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
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
import_ok (Fixture      *f,
           PdImportKind  kind,
           const char   *path)
{
  g_autoptr(GError) error = NULL;
  PdImporter *importer = pd_importer_new (kind, path);

  pd_importer_set_program_id (importer, "eu-jp-pop-partner-2026q1");
  pd_importer_run (importer, f->store, NULL, &error);
  g_assert_no_error (error);
  return importer;
}

static void
assert_counts (PdImporter *importer,
               guint64     inserted,
               guint64     updated,
               guint64     unchanged)
{
  const PdImportCounts *counts = pd_importer_get_counts (importer);

  g_assert_cmpuint (counts->inserted, ==, inserted);
  g_assert_cmpuint (counts->updated, ==, updated);
  g_assert_cmpuint (counts->unchanged, ==, unchanged);
}

/* Imports a file that must be refused, checks that the store did not
 * change at all, and returns the problems, one a line. */
static char *
import_refused (Fixture      *f,
                PdImportKind  kind,
                const char   *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImporter) importer = pd_importer_new (kind, path);
  g_autofree char *before = dump_store (f->store);
  g_autofree char *after = NULL;
  GPtrArray *problems;
  GString *text = g_string_new (NULL);

  pd_importer_set_program_id (importer, "eu-jp-pop-partner-2026q1");
  g_assert_false (pd_importer_run (importer, f->store, NULL, &error));
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
  after = dump_store (f->store);
  g_assert_cmpstr (before, ==, after);

  problems = pd_importer_get_problems (importer);
  for (guint i = 0; i < problems->len; i++)
    {
      g_string_append (text, g_ptr_array_index (problems, i));
      g_string_append_c (text, '\n');
    }
  g_test_message ("%s", text->str);
  return g_string_free (text, FALSE);
}

/* Whether @problems has a line starting PATH:LINE:COLUMN: and holding
 * @words. */
static void
assert_problem (const char *problems,
                const char *path,
                guint       line,
                const char *column,
                const char *words)
{
  g_autofree char *where = g_strdup_printf ("%s:%u:%s: ", path, line, column);
  g_auto(GStrv) lines = g_strsplit (problems, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], where) && strstr (lines[i], words) != NULL)
      return;
  g_error ("no problem “%s…%s” in:\n%s", where, words, problems);
}

/* A link as sync brings it (platform-api.md `link`), through the same
 * applier the sync client uses. */
static void
apply_synced_link (Fixture    *f,
                   const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(PdChangeApplier) applier = pd_change_applier_new (f->store);
  g_autoptr(PdDecodedChange) change = NULL;
  PdJsonDoc *doc;
  gboolean applied = FALSE;

  doc = pd_json_doc_parse ("test", body, &error);
  g_assert_no_error (error);
  change = pd_decoded_change_new_from_object (doc, "link", pd_json_doc_get_root (doc), "test", &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_begin (f->store, &error));
  g_assert_true (pd_change_applier_begin (applier, &error));
  g_assert_true (pd_change_applier_apply (applier, change, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
  g_assert_true (pd_store_commit (f->store, &error));
  pd_json_doc_unref (doc);
}

/* ------------------------------------------------------------------ */

static void
test_synced_link (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *moved = write_file (f, "moved.csv", LINKS_HEADER
                                       TOKEN_A ",onboarding,7000000000000007,EU,eu-jp-pop-partner-2026q1,,"
                                       "https://evil.example/register?pd_ref=" TOKEN_A ",2026-01-05T10:00:00+08:00,,Lin\n");
  g_autofree char *reseller = write_file (f, "reseller.csv", LINKS_HEADER
                                          TOKEN_A ",onboarding,7000000000000010,EU,eu-jp-pop-partner-2026q1,,,"
                                          "2026-01-05T10:00:00+08:00,,Lin\n");
  g_autofree char *revoke = write_file (f, "revoke.csv",
                                        "token,kind,created_at,revoked_at\n"
                                        TOKEN_A ",onboarding,2026-01-05T10:00:00+08:00,2026-01-06T10:00:00+08:00\n");
  g_autofree char *staff = write_file (f, "staff.csv", LINKS_HEADER
                                       TOKEN_A ",onboarding,7000000000000007,eu,eu-jp-pop-partner-2026q1,,"
                                       BASE_EU "&pd_ref=" TOKEN_A ",2026-01-05T02:00:00Z,,Wang\n");
  g_autofree char *staff_only = write_file (f, "staff-only.csv",
                                            "token,kind,created_at,staff\n"
                                            TOKEN_A ",onboarding,2026-01-05T10:00:00+08:00,Zhao\n");
  g_autofree char *problems = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PdImporter) importer = NULL;

  apply_synced_link (f, "{\"token\": \"" TOKEN_A "\", \"kind\": \"onboarding\","
                        " \"url\": \"" BASE_EU "&pd_ref=" TOKEN_A "\", \"state\": \"active\","
                        " \"created_at\": \"2026-01-05T10:00:00+08:00\", \"seller_id\": \"7000000000000007\","
                        " \"market\": \"EU\", \"program_id\": \"eu-jp-pop-partner-2026q1\", \"staff\": \"Lin\","
                        " \"version\": 3}");

  /* Another host: refused, the URL stays the platform's. */
  problems = import_refused (f, PD_IMPORT_KIND_LINKS, moved);
  assert_problem (problems, moved, 2, "url", "belongs to the platform");
  assert_problem (problems, moved, 2, "url", "https://evil.example/register?pd_ref=" TOKEN_A);
  g_clear_pointer (&problems, g_free);

  /* Another seller (the spreadsheet's rounding): refused. */
  problems = import_refused (f, PD_IMPORT_KIND_LINKS, reseller);
  assert_problem (problems, reseller, 2, "seller_id", "“7000000000000007” there but “7000000000000010”");
  /* An empty url cell would clear it: refused too. */
  assert_problem (problems, reseller, 2, "url", "belongs to the platform");
  g_clear_pointer (&problems, g_free);

  /* A revocation the platform would never hear of: refused. */
  problems = import_refused (f, PD_IMPORT_KIND_LINKS, revoke);
  assert_problem (problems, revoke, 2, "revoked_at", "link revoke " TOKEN_A);
  g_clear_pointer (&problems, g_free);

  /* The agency's own field goes in, the same values (another spelling)
   * change nothing. */
  importer = import_ok (f, PD_IMPORT_KIND_LINKS, staff);
  assert_counts (importer, 0, 1, 0);
  g_clear_object (&importer);
  importer = import_ok (f, PD_IMPORT_KIND_LINKS, staff_only);
  assert_counts (importer, 0, 1, 0);
  g_clear_object (&importer);
  text = query_text (f->store, "SELECT url || ' ' || seller_id || ' ' || state || ' ' || staff || ' ' || version"
                               " FROM links WHERE token = '" TOKEN_A "'");
  g_assert_cmpstr (text, ==, BASE_EU "&pd_ref=" TOKEN_A " 7000000000000007 active Zhao 3");
}

/* A link made here and still waiting in the outbox is the platform's
 * too: the outbox will send what the store holds. */
static void
test_outbox_link (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *problems = NULL;

  g_assert_true (pd_store_link_authorization (f->store, "svc-1", NULL, 30, "Lin", &link, &error));
  g_assert_no_error (error);
  contents = g_strdup_printf (LINKS_HEADER "%s,authorization,,,,svc-2,"
                              "https://services.tiktokshop.com/open/authorize?service_id=svc-2&state=%s,"
                              "2026-01-05T10:00:00+08:00,,Lin\n", link->token, link->token);
  path = write_file (f, "outbox.csv", contents);
  problems = import_refused (f, PD_IMPORT_KIND_LINKS, path);
  assert_problem (problems, path, 2, "service_id", "belongs to the platform");
  assert_problem (problems, path, 2, "url", "belongs to the platform");
  assert_problem (problems, path, 2, "created_at", "belongs to the platform");
}

static void
test_local_link (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first = write_file (f, "first.csv", LINKS_HEADER
                                       TOKEN_A ",onboarding,7000000000000007,EU,,,,2026-01-05T10:00:00+08:00,,Lin\n"
                                       TOKEN_B ",onboarding,7000000000000002,EU,,,,2026-01-05T10:00:00+08:00,,Lin\n"
                                       TOKEN_C ",onboarding,,EU,,,,2026-01-05T10:00:00+08:00,2026-01-07T10:00:00+08:00,Lin\n");
  g_autofree char *url = write_file (f, "url.csv", LINKS_HEADER
                                     TOKEN_A ",onboarding,7000000000000007,EU,,,"
                                     BASE_EU "&pd_ref=" TOKEN_A ",2026-01-05T10:00:00+08:00,,Lin\n"
                                     TOKEN_C ",onboarding,7000000000000003,EU,,,,2026-01-05T10:00:00+08:00,,Lin\n");
  g_autofree char *moved = write_file (f, "moved.csv", LINKS_HEADER
                                       TOKEN_A ",onboarding,7000000000000010,EU,,,,2026-01-05T10:00:00+08:00,,Lin\n"
                                       TOKEN_B ",onboarding,7000000000000007,EU,,,,2026-01-05T10:00:00+08:00,,Lin\n"
                                       TOKEN_C ",authorization,7000000000000003,EU,,,,2026-01-05T10:00:00+08:00,,Lin\n");
  g_autofree char *cleared = write_file (f, "cleared.csv", LINKS_HEADER
                                         TOKEN_A ",onboarding,,EU,,,,2026-01-05T10:00:00+08:00,,Lin\n"
                                         TOKEN_C ",onboarding,7000000000000003,EU,,,,2026-01-08T10:00:00+08:00,,Lin\n");
  g_autofree char *twice = write_file (f, "twice.csv", LINKS_HEADER
                                       TOKEN_A ",onboarding,7000000000000007,EU,,,,2026-01-05T10:00:00+08:00,,Lin\n"
                                       TOKEN_A ",onboarding,7000000000000002,EU,,,,2026-01-05T10:00:00+08:00,,Lin\n");
  g_autofree char *problems = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PdImporter) importer = NULL;

  importer = import_ok (f, PD_IMPORT_KIND_LINKS, first);
  assert_counts (importer, 3, 0, 0);
  g_clear_object (&importer);

  /* A local link takes the file's URL, and a seller when it had none. */
  importer = import_ok (f, PD_IMPORT_KIND_LINKS, url);
  assert_counts (importer, 0, 2, 0);
  g_clear_object (&importer);
  text = query_text (f->store, "SELECT url FROM links WHERE token = '" TOKEN_A "'");
  g_assert_cmpstr (text, ==, BASE_EU "&pd_ref=" TOKEN_A);

  /* But it is made for one seller, and keeps its kind. */
  problems = import_refused (f, PD_IMPORT_KIND_LINKS, moved);
  assert_problem (problems, moved, 2, "seller_id", "from seller 7000000000000007 to seller 7000000000000010, whom this store does not know");
  assert_problem (problems, moved, 2, "seller_id", "format the id columns as Text");
  assert_problem (problems, moved, 3, "seller_id", "from seller 7000000000000002 to seller 7000000000000007; expected 7000000000000002");
  assert_problem (problems, moved, 4, "kind", "a link’s kind never changes");
  g_clear_pointer (&problems, g_free);

  /* Nor can it lose its seller, or be created after its revocation. */
  problems = import_refused (f, PD_IMPORT_KIND_LINKS, cleared);
  assert_problem (problems, cleared, 2, "seller_id", "away from seller 7000000000000007");
  assert_problem (problems, cleared, 3, "created_at", "expected a creation time no later than its revocation");
  g_clear_pointer (&problems, g_free);

  /* A token twice in a file is that problem alone. */
  problems = import_refused (f, PD_IMPORT_KIND_LINKS, twice);
  assert_problem (problems, twice, 3, "token", "appears again, first on line 2");
  g_assert_null (strstr (problems, "moves link"));
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *bad = write_file (f, "bad.csv", LINKS_HEADER
                                     "abc,onboarding,1,EU,,,,2026-01-05T10:00:00+08:00,,\n"
                                     TOKEN_A ",onboarding,1,EU,,,javascript:alert(document.cookie)//?pd_ref=" TOKEN_A ",2026-01-05T10:00:00+08:00,,\n"
                                     TOKEN_B ",onboarding,2,EU,,,http://seller.example/r?pd_ref=" TOKEN_B ",2026-01-05T10:00:00+08:00,,\n"
                                     TOKEN_C ",onboarding,3,EU,,,https://seller.example/r,2026-01-05T10:00:00+08:00,2026-01-04T10:00:00+08:00,\n"
                                     "x2Zc8Dr3E0zuFNnnFk0Qkw,authorization,4,,,svc-1,https://services.tiktokshop.com.evil.example/open/authorize?service_id=svc-1&state=x2Zc8Dr3E0zuFNnnFk0Qkw,2026-01-05T10:00:00+08:00,,\n"
                                     "x3Zc8Dr3E0zuFNnnFk0Qkw,authorization,5,,,svc-1,https://services.tiktokshop.com/open/authorize?service_id=svc-9&state=x3Zc8Dr3E0zuFNnnFk0Qkw,2026-01-05T10:00:00+08:00,,\n"
                                     "x4Zc8Dr3E0zuFNnnFk0Qkw,onboarding,6,EU,,,https://user@seller.example/r?pd_ref=x4Zc8Dr3E0zuFNnnFk0Qkw,2026-01-05T10:00:00+08:00,,\n"
                                     "x5Zc8Dr3E0zuFNnnFk0Qkw,onboarding,7,EU,,,https://seller.example/r?pd_ref=x5Zc8Dr3E0zuFNnnFk0Qkw&pd_ref=other,2026-01-05T10:00:00+08:00,,\n"
                                     "tok+en/with=padding==,onboarding,8,EU,,,,2026-01-05T10:00:00+08:00,,\n");
  g_autofree char *good = write_file (f, "good.csv", LINKS_HEADER
                                      TOKEN_A ",onboarding,1,EU,,,http://127.0.0.1:8080/r?pd_ref=" TOKEN_A ",2026-01-05T10:00:00+08:00,2026-01-05T10:00:00+08:00,\n"
                                      TOKEN_B ",authorization,2,US,,svc-1,https://services.tiktokshops.us/open/authorize?service_id=svc-1&state=" TOKEN_B ",2026-01-05T10:00:00+08:00,,\n"
                                      "Mu9Bk5Pf1Lr0Xn4Vq2Zt8Yh6Jd3Sc7Wa0Eg1Ri5Ko9Up2_-,authorization,3,,,svc%2F1,https://SERVICES.tiktokshop.com/open/authorize?state=Mu9Bk5Pf1Lr0Xn4Vq2Zt8Yh6Jd3Sc7Wa0Eg1Ri5Ko9Up2_-&service_id=svc%252F1#x,2026-01-05T10:00:00+08:00,,\n");
  g_autofree char *stores = write_file (f, "stores.csv",
                                        "store_id,seller_id,via_link\n"
                                        "S-1,1,abc\n"
                                        "S-2,2,javascript://x/?pd_ref=" TOKEN_A "\n"
                                        "S-3,3,https://seller.example/r?pd_ref=abc\n"
                                        "S-4,4," TOKEN_A "\n");
  g_autofree char *problems = NULL;
  g_autoptr(PdImporter) importer = NULL;

  problems = import_refused (f, PD_IMPORT_KIND_LINKS, bad);
  assert_problem (problems, bad, 2, "token", "“abc” is not a link token: it has 3 characters; expected 22 to 128");
  assert_problem (problems, bad, 3, "url", "not an https link");
  assert_problem (problems, bad, 4, "url", "not an https link");
  assert_problem (problems, bad, 5, "url", "has no pd_ref parameter; expected the link with pd_ref=" TOKEN_C);
  assert_problem (problems, bad, 5, "revoked_at", "before it was created");
  assert_problem (problems, bad, 6, "url", "not the platform’s authorization link");
  assert_problem (problems, bad, 7, "url", "the link’s service_id is “svc-9” but it should be “svc-1”");
  assert_problem (problems, bad, 8, "url", "user name");
  assert_problem (problems, bad, 9, "url", "gives pd_ref 2 times");
  assert_problem (problems, bad, 10, "token", "other characters than letters");

  importer = import_ok (f, PD_IMPORT_KIND_LINKS, good);
  assert_counts (importer, 3, 0, 0);
  g_clear_pointer (&problems, g_free);

  /* The via_link of a store report: the same tokens, web links only. */
  problems = import_refused (f, PD_IMPORT_KIND_STORES, stores);
  assert_problem (problems, stores, 2, "via_link", "“abc” is neither a link nor a token");
  assert_problem (problems, stores, 3, "via_link", "is not a web link");
  assert_problem (problems, stores, 4, "via_link", "pd_ref parameter is empty, badly encoded or too short");
}

/* pd_csv_id_parse(): the forms an id takes after a spreadsheet. */
static void
test_id_forms (void)
{
  static const struct { const char *text; const char *id; } good[] = {
    { "7000000000000007", "7000000000000007" },
    { "  7000000000000007\t", "7000000000000007" },
    { "\t7000000000000007", "7000000000000007" },
    { "=\"7000000000000007\"", "7000000000000007" },
    { " =\" 7000000000000007 \" ", "7000000000000007" },
    { "=\"\"", "" },
    { "", "" },
    { "S-1", "S-1" },
    { "7000000000000010", "7000000000000010" },
  };
  static const char * const bad[] = {
    "7.00E+15", "7E+15", "7e15", "7,00E+15", "7.000000000000007E15", "-7E+15",
    "7000000000000010.0", "7000000000000010,00", "7,000,000,000,000,010", "7 000 000 000 000 010",
    "=7000000000000007", "=\"7000000000000007", "=\"70\"00\"", "=\"7.00E+15\"",
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (pd_csv_id_parse (good[i].text, "seller id", out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out->str, ==, good[i].id);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (pd_csv_id_parse (bad[i], "seller id", out, &error));
      g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "seller id"));
    }
}

/* The real thing: an export, and what LibreOffice Calc saved of it. */
static void
test_libreoffice (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *exported = g_test_build_filename (G_TEST_DIST, "spreadsheet", "links-export.csv", NULL);
  g_autofree char *saved = g_test_build_filename (G_TEST_DIST, "spreadsheet", "links-libreoffice.csv", NULL);
  g_autofree char *problems = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PdImporter) importer = NULL;

  importer = import_ok (f, PD_IMPORT_KIND_LINKS, exported);
  assert_counts (importer, 3, 0, 0);
  g_clear_object (&importer);
  text = query_text (f->store, "SELECT group_concat(seller_id, ' ') FROM (SELECT seller_id FROM links ORDER BY seller_id)");
  g_assert_cmpstr (text, ==, "7000000000000002 7000000000000003 7000000000000007");

  problems = import_refused (f, PD_IMPORT_KIND_LINKS, saved);
  assert_problem (problems, saved, 2, "seller_id", "from seller 7000000000000007 to seller 7000000000000010, whom this store does not know");
  assert_problem (problems, saved, 4, "seller_id", "from seller 7000000000000003 to seller 7000000000000000");
  g_assert_null (strstr (problems, ":3:"));
}

/* Targets, stores and links all refuse a mangled id and take the text
 * form. */
static void
test_ids_every_importer (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *targets_bad = write_file (f, "targets-bad.csv",
                                             "seller_id,seller_name,market\n"
                                             "7.00E+15,Seven,EU\n"
                                             "7000000000000010.0,Ten,EU\n"
                                             "\"7,000,000,000,000,010\",Ten,EU\n");
  g_autofree char *stores_bad = write_file (f, "stores-bad.csv",
                                            "store_id,seller_id\n"
                                            "7.3E+15,7000000000000007\n"
                                            "S-2,7E+15\n");
  g_autofree char *links_bad = write_file (f, "links-bad.csv", LINKS_HEADER
                                           TOKEN_A ",onboarding,7.00E+15,EU,,,,2026-01-05T10:00:00+08:00,,\n");
  g_autofree char *targets = write_file (f, "targets.csv",
                                         "seller_id,seller_name,market\n"
                                         "\"=\"\"7000000000000007\"\"\",Seven,EU\n"
                                         "\t7000000000000002,Two,EU\n");
  g_autofree char *stores = write_file (f, "stores.csv",
                                        "store_id,seller_id\n"
                                        "\"=\"\"7300000000000001\"\"\",\"=\"\"7000000000000007\"\"\"\n");
  g_autofree char *again = write_file (f, "again.csv",
                                       "store_id,seller_id\n"
                                       "7300000000000001,7000000000000007\n"
                                       "\"=\"\"7300000000000001\"\"\",7000000000000007\n");
  g_autofree char *problems = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PdImporter) importer = NULL;

  problems = import_refused (f, PD_IMPORT_KIND_TARGETS, targets_bad);
  assert_problem (problems, targets_bad, 2, "seller_id", "“7.00E+15” is a seller id in scientific notation");
  assert_problem (problems, targets_bad, 3, "seller_id", "format the column as Text");
  assert_problem (problems, targets_bad, 4, "seller_id", "digit groups");
  g_clear_pointer (&problems, g_free);

  problems = import_refused (f, PD_IMPORT_KIND_STORES, stores_bad);
  assert_problem (problems, stores_bad, 2, "store_id", "“7.3E+15” is a store id in scientific notation");
  assert_problem (problems, stores_bad, 3, "seller_id", "“7E+15” is a seller id in scientific notation");
  g_clear_pointer (&problems, g_free);

  problems = import_refused (f, PD_IMPORT_KIND_LINKS, links_bad);
  assert_problem (problems, links_bad, 2, "seller_id", "scientific notation");
  g_clear_pointer (&problems, g_free);

  importer = import_ok (f, PD_IMPORT_KIND_STORES, stores);
  assert_counts (importer, 1, 0, 0);
  g_clear_object (&importer);
  text = query_text (f->store, "SELECT store_id || ' ' || seller_id FROM stores");
  g_assert_cmpstr (text, ==, "7300000000000001 7000000000000007");

  /* Both forms are the same store: a repeated key. */
  problems = import_refused (f, PD_IMPORT_KIND_STORES, again);
  assert_problem (problems, again, 3, "store_id", "first on line 2");
  g_clear_pointer (&problems, g_free);

  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, targets);
  assert_counts (importer, 2, 0, 0);
  g_clear_object (&importer);
  g_clear_pointer (&text, g_free);
  text = query_text (f->store, "SELECT group_concat(seller_id, ' ') FROM (SELECT seller_id FROM target_merchants ORDER BY seller_id)");
  g_assert_cmpstr (text, ==, "7000000000000002 7000000000000007");
}

/* A store belongs to its seller: a report may not hand it to a seller
 * the store has never heard of, the mark of a rounded id. */
static void
test_store_seller (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *targets = write_file (f, "targets.csv",
                                         "seller_id,seller_name,market\n"
                                         "7000000000000007,Seven,EU\n"
                                         "7000000000000002,Two,EU\n");
  g_autofree char *stores = write_file (f, "stores.csv",
                                        "store_id,seller_id\n"
                                        "7300000000000001,7000000000000007\n");
  g_autofree char *rounded = write_file (f, "rounded.csv",
                                         "store_id,seller_id\n"
                                         "7300000000000009,7000000000000010\n"
                                         "7300000000000001,7000000000000010\n");
  g_autofree char *moved = write_file (f, "moved.csv",
                                       "store_id,seller_id\n"
                                       "7300000000000001,7000000000000002\n");
  g_autofree char *problems = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PdImporter) importer = NULL;

  importer = import_ok (f, PD_IMPORT_KIND_TARGETS, targets);
  g_clear_object (&importer);
  importer = import_ok (f, PD_IMPORT_KIND_STORES, stores);
  g_clear_object (&importer);

  /* Even after an earlier row made a store for the rounded id. */
  problems = import_refused (f, PD_IMPORT_KIND_STORES, rounded);
  assert_problem (problems, rounded, 3, "seller_id",
                  "moves store 7300000000000001 from seller 7000000000000007 to seller 7000000000000010, whom this store does not know");
  g_assert_null (strstr (problems, ":2:"));

  /* A seller on a target list may take the store over. */
  importer = import_ok (f, PD_IMPORT_KIND_STORES, moved);
  assert_counts (importer, 0, 1, 0);
  text = query_text (f->store, "SELECT seller_id FROM stores WHERE store_id = '7300000000000001'");
  g_assert_cmpstr (text, ==, "7000000000000002");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import-links/synced", test_synced_link);
  ADD ("/import-links/outbox", test_outbox_link);
  ADD ("/import-links/local", test_local_link);
  ADD ("/import-links/validation", test_validation);
  ADD ("/import-links/libreoffice", test_libreoffice);
  ADD ("/import-links/ids-every-importer", test_ids_every_importer);
  ADD ("/import-links/store-seller", test_store_seller);
  g_test_add_func ("/import-links/id-forms", test_id_forms);
#undef ADD

  return g_test_run ();
}
