/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string.h>

#include "pd-config.h"
#include "pd-store-migrations.h"
#include "pd-store-private.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pd-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "store.db", NULL);
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
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
count_rows (PdStore    *store,
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

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->path, &error);
  static const char * const tables[] = {
    "settings", "programs", "target_merchants", "links", "stores", "exchange_rates",
    "service_categories", "services", "seller_requests", "authorizations", "payouts",
    "outbox", "sync_state", "tombstones", "audit_log", "merchant_notes", "stage_rates",
    "authorization_notices", "team_outbox", "team_fields", "team_conflicts",
    "team_invitations",
  };

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpuint (pd_store_get_schema_version (store), ==, pd_store_get_latest_version ());
  g_assert_cmpuint (pd_store_get_latest_version (), ==, 20);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '%s'", tables[i]);
      g_test_message ("table %s", tables[i]);
      g_assert_cmpint (count_rows (store, sql), ==, 1);
    }

  g_assert_cmpint (count_rows (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (count_rows (store, "PRAGMA application_id"), ==, 0x5044736b);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM stage_rates"), ==, 4);

  /* The two bundled program files are loaded into a new store. */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM programs WHERE source = 'bundled'"), ==, 2);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM programs WHERE id = 'eu-jp-pop-partner-2026q1' AND kind = 'recruitment' AND markets = 'EU;JP'"), ==, 1);
}

static void
test_wal_and_mode (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->path, &error);
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;

  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (pd_store_get_db (store), "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* The write-ahead log holds the same data: same mode. */
  g_assert_true (pd_store_set_setting (store, "partner_id", "PD01", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* A new store's pages are 16 KiB; a file made with another page size
 * (by an earlier Partner Desk) keeps it and opens as before. */
static void
test_page_size (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->path, &error);
  g_autofree char *old_path = g_build_filename (f->dir, "old.db", NULL);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "PRAGMA page_size"), ==, 16384);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (old_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA page_size = 4096; CREATE TABLE t (x); DROP TABLE t;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = pd_store_open (old_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "PRAGMA page_size"), ==, 4096);
  g_assert_true (pd_store_set_setting (store, "partner_id", "PD01", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM programs"), ==, 2);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->path, &error);
  g_autofree char *value = NULL;

  g_assert_no_error (error);
  g_assert_true (pd_store_set_setting (store, "endpoint", "https://partner.example.com/", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
  value = pd_store_dup_setting (store, "endpoint", &error);
  g_assert_no_error (error);
  /* Normalised without the trailing slash. */
  g_assert_cmpstr (value, ==, "https://partner.example.com");
  /* Programs are loaded once, not again on every open. */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM programs"), ==, 2);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM audit_log WHERE action = 'config.set' AND subject = 'endpoint'"), ==, 1);
}

/* The migration after @version (the numbers may skip one that another
 * change holds). */
static guint
next_version (guint version)
{
  guint n = 0;
  const PdStoreMigration *migrations = pd_store_migrations_get (&n);

  for (guint i = 0; i < n; i++)
    if (migrations[i].version > version)
      return migrations[i].version;
  return version + 1;
}

/* Each enumeration of the imported tables takes its listed values and
 * refuses another. */
static void
assert_enumerations_checked (PdStore *store)
{
  static const struct { const char *good; const char *bad; } inserts[] = {
    { "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, review_status, listed_at)"
      " SELECT id, 'E1', 'A', 'EU', 'rejected', 0 FROM programs LIMIT 1",
      "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, review_status, listed_at)"
      " SELECT id, 'E2', 'A', 'EU', 'approve', 0 FROM programs LIMIT 1" },
    { "INSERT INTO links (token, kind, created_at) VALUES ('E1', 'authorization', 0)",
      "INSERT INTO links (token, kind, created_at) VALUES ('E2', 'onboard', 0)" },
    { "INSERT INTO links (token, kind, state, created_at) VALUES ('E3', 'onboarding', 'revoked', 0)",
      "INSERT INTO links (token, kind, state, created_at) VALUES ('E4', 'onboarding', 'Active', 0)" },
    { "INSERT INTO stores (store_id, seller_id, store_status) VALUES ('E1', '1', 'closed')",
      "INSERT INTO stores (store_id, seller_id, store_status) VALUES ('E2', '1', 'open')" },
    { "INSERT INTO stores (store_id, seller_id, governance) VALUES ('E3', '1', 'high_risk')",
      "INSERT INTO stores (store_id, seller_id, governance) VALUES ('E4', '1', 'none ')" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inserts); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (pd_store_exec (store, inserts[i].good, &error));
      g_assert_no_error (error);
      g_assert_false (pd_store_exec (store, inserts[i].bad, &error));
      g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SQL);
      g_assert_nonnull (strstr (error->message, "CHECK"));
    }
}

/* Every earlier schema version, with data in it, migrates to the latest
 * one and keeps its data. */
static void
test_migrate_from_each_version (Fixture       *f,
                                gconstpointer  data)
{
  for (guint from = 1; from < pd_store_get_latest_version (); from = next_version (from))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdStore) old = NULL;
      g_autoptr(PdStore) store = NULL;
      g_autofree char *path = g_strdup_printf ("%s.v%u", f->path, from);

      old = pd_store_open_at_version (path, from, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (pd_store_get_schema_version (old), ==, from);
      g_assert_true (pd_store_exec (old,
                                    "INSERT INTO stores (store_id, seller_id, market, onboarded_at,"
                                    " settled_gmv_30d, gmv_currency, inventory_countries)"
                                    " VALUES ('S-1', '7000', 'EU', 1767225600, 150000, 'CNY', 'DE;FR');"
                                    "INSERT INTO settings (key, value) VALUES ('partner_id', 'PD01');",
                                    &error));
      g_assert_no_error (error);
      g_clear_object (&old);

      store = pd_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (pd_store_get_schema_version (store), ==, pd_store_get_latest_version ());
      g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, pd_store_get_latest_version ());
      g_assert_cmpint (count_rows (store, "SELECT settled_gmv_30d FROM stores WHERE store_id = 'S-1'"), ==, 150000);
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM settings WHERE value = 'PD01'"), ==, 1);
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM stage_rates"), ==, 4);
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM programs"), ==, 2);
      assert_enumerations_checked (store);
      /* No list left for SQLite to build a B-tree of for each row. */
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_schema"
                                          " WHERE name IN ('target_merchants', 'links', 'stores')"
                                          " AND sql LIKE '%IN (''%'"), ==, 0);
      /* The search indexes keep two-character lists only (version 20). */
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_schema"
                                          " WHERE name IN ('merchant_search_0', 'merchant_search_1')"
                                          " AND sql LIKE '%prefix=''2'')'"), ==, 2);
    }
}

/* Version 9: the Merchants rows' stage codes of version 8 (4 qualified,
 * 5 lost) are no stages; they are brought into range and the rows are
 * marked for a full rebuild (no as_of), which recomputes every stage. */
static void
test_migrate_merchant_stages (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) old = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *path = g_strdup_printf ("%s.v8", f->path);

  old = pd_store_open_at_version (path, 8, &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_exec (old,
                                "INSERT INTO merchant_rows_0 (id, program_id, seller_id, doc_hash, name_key,"
                                " stage, verdict) VALUES (1, 'P', '7001', 0, 'a', 3, 1), (2, 'P', '7002', 0, 'b', 4, 0),"
                                " (3, 'P', '7003', 0, 'c', 5, 2), (4, 'P', '7004', 0, 'd', 0, 3);"
                                "INSERT INTO merchant_state (key, value) VALUES ('as_of', '1767225600'),"
                                " ('valid_until', '1767229200');",
                                &error));
  g_assert_no_error (error);
  g_clear_object (&old);

  store = pd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM merchant_rows_0 WHERE stage > 4"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT stage FROM merchant_rows_0 WHERE id = 1"), ==, 3);
  g_assert_cmpint (count_rows (store, "SELECT stage FROM merchant_rows_0 WHERE id = 4"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM merchant_state WHERE key = 'as_of'"), ==, 0);
}

/* Opens PATH from N_OPENERS processes at once (each waits at a pipe
 * until all are forked). Returns how many failed; the first error
 * message seen is stored in *first_error. */
static guint
open_concurrently (const char  *path,
                   guint        n_openers,
                   char       **first_error)
{
  int start[2], errs[2];
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  g_autoptr(GString) messages = g_string_new (NULL);
  guint failed = 0;
  char buf[4096];
  ssize_t n;

  g_assert_cmpint (pipe (start), ==, 0);
  g_assert_cmpint (pipe (errs), ==, 0);
  for (guint i = 0; i < n_openers; i++)
    {
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PdStore) store = NULL;
          char c;

          close (start[1]);
          close (errs[0]);
          while (read (start[0], &c, 1) > 0)
            ;
          store = pd_store_open (path, &error);
          if (store == NULL || pd_store_get_schema_version (store) != pd_store_get_latest_version ())
            {
              g_autofree char *line = g_strdup_printf ("%s\n", error != NULL ? error->message : "wrong version");
              ssize_t ignored G_GNUC_UNUSED = write (errs[1], line, strlen (line));
              _exit (1);
            }
          _exit (0);
        }
      g_array_append_val (pids, pid);
    }
  close (start[0]);
  close (errs[1]);
  close (start[1]);   /* every opener starts now */

  while ((n = read (errs[0], buf, sizeof buf)) > 0)
    g_string_append_len (messages, buf, n);
  close (errs[0]);

  for (guint i = 0; i < pids->len; i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (g_array_index (pids, pid_t, i), &status, 0), >, 0);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        failed++;
    }
  *first_error = messages->len > 0 ? g_strndup (messages->str, strcspn (messages->str, "\n")) : NULL;
  return failed;
}

/* Issue 13: many processes creating (or migrating) one store at once
 * all succeed; the schema version is read again under the write lock. */
static void
test_concurrent_create (Fixture       *f,
                        gconstpointer  data)
{
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdStore) store = NULL;
      g_autofree char *path = g_strdup_printf ("%s.%u", f->path, round);
      g_autofree char *first_error = NULL;
      guint failed = open_concurrently (path, 40, &first_error);

      g_assert_cmpstr (first_error, ==, NULL);
      g_assert_cmpuint (failed, ==, 0);
      store = pd_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM programs"), ==, 2);
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM stage_rates"), ==, 4);
    }
}

static void
test_concurrent_migrate (Fixture       *f,
                         gconstpointer  data)
{
  for (guint from = 1; from < pd_store_get_latest_version (); from = next_version (from))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdStore) old = NULL;
      g_autoptr(PdStore) store = NULL;
      g_autofree char *path = g_strdup_printf ("%s.v%u", f->path, from);
      g_autofree char *first_error = NULL;
      guint failed;

      old = pd_store_open_at_version (path, from, &error);
      g_assert_no_error (error);
      g_clear_object (&old);

      failed = open_concurrently (path, 20, &first_error);
      g_assert_cmpstr (first_error, ==, NULL);
      g_assert_cmpuint (failed, ==, 0);
      store = pd_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM stage_rates"), ==, 4);
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM programs"), ==, 2);
      assert_enumerations_checked (store);
      /* No list left for SQLite to build a B-tree of for each row. */
      g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_schema"
                                          " WHERE name IN ('target_merchants', 'links', 'stores')"
                                          " AND sql LIKE '%IN (''%'"), ==, 0);
    }
}

/* An SQL error names what was being done, not the whole SQL text. */
static void
test_sql_error_is_short (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->path, &error);
  g_autoptr(GString) sql = g_string_new ("CREATE TABLE settings (key TEXT);");

  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (sql, "CREATE TABLE t%u (a INTEGER, b TEXT, c TEXT);", i);
  g_assert_false (pd_store_exec (store, sql->str, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_assert_cmpuint (strlen (error->message), <, 300);
}

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->path, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  g_assert_no_error (error);
  g_assert_true (pd_store_exec (store, "PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  before = read_file (f->path, &before_len);
  store = pd_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_nonnull (strstr (error->message, "99"));

  after = read_file (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_garbage_file (Fixture       *f,
                   gconstpointer  data)
{
  static const char garbage[] = "seller_id,seller_name\n7000,Polaris\n";
  static const char bad_header[] = "SQLite format 3\0 this is not a database at all, just bytes......";
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *after = NULL;
  gsize after_len;

  g_mkdir_with_parents (dir, 0700);

  write_file (f->path, garbage, sizeof garbage - 1);
  store = pd_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE);
  g_assert_nonnull (strstr (error->message, f->path));
  after = read_file (f->path, &after_len);
  g_assert_cmpmem (garbage, sizeof garbage - 1, after, after_len);
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);

  /* A file that starts like SQLite but is damaged. */
  write_file (f->path, bad_header, sizeof bad_header - 1);
  store = pd_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE);
  after = read_file (f->path, &after_len);
  g_assert_cmpmem (bad_header, sizeof bad_header - 1, after, after_len);
  g_clear_error (&error);

  /* A directory is not a store either. */
  store = pd_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE);
}

static void
test_foreign_sqlite (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  sqlite3 *db = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pd_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE);
  g_assert_nonnull (strstr (error->message, "another program"));

  /* Untouched: still version 0, no tables of ours. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->path, &error);
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *tz = NULL;
  g_autofree char *interval = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *eu = NULL;

  g_assert_no_error (error);

  tz = pd_store_dup_setting (store, "import_timezone", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tz, ==, "Asia/Shanghai");

  g_assert_true (pd_store_set_setting (store, "sync_interval_minutes", " 30 ", &error));
  g_assert_no_error (error);
  interval = pd_store_dup_setting (store, "sync_interval_minutes", &error);
  g_assert_cmpstr (interval, ==, "30");

  g_assert_false (pd_store_set_setting (store, "sync_interval_minutes", "often", &error));
  g_assert_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  unknown = pd_store_dup_setting (store, "colour", &error);
  g_assert_null (unknown);
  g_assert_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);

  g_assert_true (pd_store_set_setting (store, "onboarding_base_url.EU",
                                       "https://partner-links.example/eu/cb?partner=PD01", &error));
  g_assert_no_error (error);
  eu = pd_store_dup_setting (store, "onboarding_base_url.EU", &error);
  g_assert_cmpstr (eu, ==, "https://partner-links.example/eu/cb?partner=PD01");

  keys = pd_store_list_settings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 9);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "endpoint");
  g_assert_cmpstr (g_ptr_array_index (keys, 1), ==, "import_timezone");
  g_assert_cmpstr (g_ptr_array_index (keys, 2), ==, "onboarding_base_url.EU");
  g_assert_cmpstr (g_ptr_array_index (keys, 3), ==, "open_api.auth_endpoint");
  g_assert_cmpstr (g_ptr_array_index (keys, 4), ==, "open_api.endpoint");
  g_assert_cmpstr (g_ptr_array_index (keys, 5), ==, "open_api.service_id");
  g_assert_cmpstr (g_ptr_array_index (keys, 6), ==, "partner_id");
  g_assert_cmpstr (g_ptr_array_index (keys, 7), ==, "staff_name");
  g_assert_cmpstr (g_ptr_array_index (keys, 8), ==, "sync_interval_minutes");

  /* Failed sets left no trace in the audit log. */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM audit_log"), ==, 2);
}

static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->path, &error);
  g_auto(PdStoreCounts) counts = { 0 };

  g_assert_no_error (error);
  g_assert_true (pd_store_get_counts (store, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.programs, ==, 2);
  g_assert_cmpint (counts.target_merchants, ==, 0);
  g_assert_cmpint (counts.stores, ==, 0);
  g_assert_null (counts.last_sync_result);

  /* A seller on two programs' lists counts once. */
  g_assert_true (pd_store_exec (store,
                                "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, listed_at)"
                                " VALUES ('eu-jp-pop-partner-2026q1', '7001', 'A', 'EU', 0),"
                                "        ('us-top-2026q1', '7001', 'A', 'US', 0),"
                                "        ('us-top-2026q1', '7002', 'B', 'US', 0);"
                                "INSERT INTO exchange_rates (currency, cny_per_unit_micros, updated_at) VALUES ('EUR', 7800000, 0);"
                                "INSERT INTO sync_state (key, value) VALUES ('last_sync_at', '1767225600'), ('last_sync_result', 'ok');",
                                &error));
  g_assert_no_error (error);
  pd_store_counts_clear (&counts);
  g_assert_true (pd_store_get_counts (store, &counts, &error));
  g_assert_cmpint (counts.target_merchants, ==, 2);
  g_assert_cmpint (counts.exchange_rates, ==, 1);
  g_assert_cmpint (counts.last_sync_at, ==, 1767225600);
  g_assert_cmpstr (counts.last_sync_result, ==, "ok");
}

static void
test_constraints (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStore) store = pd_store_open (f->path, &error);

  g_assert_no_error (error);
  /* Foreign keys are enforced: a target row needs its program. */
  g_assert_false (pd_store_exec (store,
                                 "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, listed_at)"
                                 " VALUES ('no-such-program', '7001', 'A', 'EU', 0)", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SQL);
  g_clear_error (&error);
  /* Enumerations are checked (version 19 writes the imported tables'
   * checks as comparisons: each still refuses what is not listed). */
  assert_enumerations_checked (store);
  /* Money needs its currency. */
  g_assert_false (pd_store_exec (store,
                                 "INSERT INTO stores (store_id, seller_id, settled_gmv_30d) VALUES ('S', '1', 100)", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SQL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("create", test_create);
  ADD ("wal-and-mode", test_wal_and_mode);
  ADD ("page-size", test_page_size);
  ADD ("reopen", test_reopen);
  ADD ("migrate-from-each-version", test_migrate_from_each_version);
  ADD ("migrate-merchant-stages", test_migrate_merchant_stages);
  ADD ("concurrent-create", test_concurrent_create);
  ADD ("concurrent-migrate", test_concurrent_migrate);
  ADD ("sql-error-is-short", test_sql_error_is_short);
  ADD ("newer-version", test_newer_version);
  ADD ("garbage-file", test_garbage_file);
  ADD ("foreign-sqlite", test_foreign_sqlite);
  ADD ("settings", test_settings);
  ADD ("counts", test_counts);
  ADD ("constraints", test_constraints);
#undef ADD

  return g_test_run ();
}
