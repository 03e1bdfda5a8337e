/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-paths.h"
#include "pd-config.h"
#include "pd-store-files.h"
#include "pd-store-migrations.h"
#include "pd-store-private.h"

/* 'PDsk': marks the file as ours, so that another program's SQLite
 * database is refused instead of being migrated into a Partner Desk store. */
#define PD_STORE_APPLICATION_ID 0x5044736b

#define SQLITE_HEADER "SQLite format 3"

/* How long a connection waits for another's write lock. */
#define PD_STORE_BUSY_TIMEOUT_MS 5000

struct _PdStore
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  guint         schema_version;
  gint64        busy_since;   /* monotonic µs: when the current wait began */

  GMainContext *context;      /* where ::changed is emitted: the opening thread's */
  GThread      *thread;       /* the opening thread */
  PdStoreWatch  watch;        /* pd-store-watch.c */
};

G_DEFINE_TYPE (PdStore, pd_store, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


G_DEFINE_QUARK (pd-store-error-quark, pd_store_error)

static void
pd_store_finalize (GObject *object)
{
  PdStore *self = PD_STORE (object);

  pd_store_watch_clear (self);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (pd_store_parent_class)->finalize (object);
}

static void
pd_store_class_init (PdStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_store_finalize;

  /**
   * PdStore::changed:
   * @change: (type PdStoreChange): what was written, which merchants, by whom
   *
   * Something wrote to the store: emitted by the code that wrote (the
   * store's write APIs, an import's or a sync's completion), and for
   * other processes' writes by pd_store_watch_other_processes(). Always
   * in the main context of the thread that opened the store, whichever
   * thread wrote.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE,
                  1, PD_TYPE_STORE_CHANGE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
pd_store_init (PdStore *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_self ();
}

GMainContext *
pd_store_get_context (PdStore *self)
{
  return self->context;
}

GThread *
pd_store_get_thread (PdStore *self)
{
  return self->thread;
}

PdStoreWatch *
pd_store_get_watch (PdStore *self)
{
  return &self->watch;
}

void
pd_store_counts_clear (PdStoreCounts *counts)
{
  g_clear_pointer (&counts->last_sync_result, g_free);
}

char *
pd_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "partnerdesk", "store.db", NULL);
}

void
pd_store_set_sql_error (PdStore     *self,
                        GError     **error,
                        const char  *what)
{
  int code = sqlite3_extended_errcode (self->db);
  int primary = code & 0xff;

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE,
                 _("%s is not a Partner Desk store or is damaged (%s); expected a store written by Partner Desk"),
                 self->path, sqlite3_errmsg (self->db));
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_BUSY,
                 _("%s is busy (%s): another program is writing to it"),
                 self->path, sqlite3_errmsg (self->db));
  else if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ||
           primary == SQLITE_FULL || primary == SQLITE_READONLY ||
           primary == SQLITE_PERM)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                 _("%s: %s failed: %s"), self->path, what, sqlite3_errmsg (self->db));
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SQL,
                 _("%s: %s failed: %s"), self->path, what, sqlite3_errmsg (self->db));
}

gboolean
pd_store_step_done (PdStore       *self,
                    sqlite3_stmt  *stmt,
                    const char    *what,
                    GError       **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  pd_store_set_sql_error (self, error, what);
  return FALSE;
}

sqlite3 *
pd_store_get_db (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  return self->db;
}

/* What an error message says was being run: the statement that failed
 * (or the first), cut to its first words. A migration or rebuild runs
 * kilobytes of SQL, which say nothing to a user when quoted whole. */
static char *
describe_sql (const char *sql,
              const char *failed_at)
{
  const char *start = failed_at != NULL && failed_at > sql ? failed_at : sql;
  GString *what = g_string_new (NULL);

  /* Never cut inside a UTF-8 character: the message must stay text. */
  for (const char *p = start;
       *p != '\0' && *p != ';' && (what->len < 60 || ((guchar) *p & 0xC0) == 0x80);
       p++)
    {
      gboolean space = g_ascii_isspace (*p);

      if (!space || (what->len > 0 && what->str[what->len - 1] != ' '))
        g_string_append_c (what, space ? ' ' : *p);
    }
  if (what->len > 0 && what->str[what->len - 1] == ' ')
    g_string_truncate (what, what->len - 1);
  if (what->len >= 60)
    g_string_append (what, "…");
  return g_string_free (what, FALSE);
}

gboolean
pd_store_exec (PdStore     *self,
               const char  *sql,
               GError     **error)
{
  const char *rest = sql;

  /* Statement by statement (as sqlite3_exec does) to know which failed. */
  while (rest != NULL && *rest != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *tail = NULL;
      const char *at = rest;
      int rc;

      while (g_ascii_isspace (*at))
        at++;
      rc = sqlite3_prepare_v2 (self->db, rest, -1, &stmt, &tail);
      if (rc == SQLITE_OK && stmt != NULL)
        {
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            ;
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      if (rc != SQLITE_OK)
        {
          g_autofree char *what = describe_sql (sql, at);

          /* The error stays readable until the next call on this
           * connection: report it before finalizing. */
          pd_store_set_sql_error (self, error, what);
          sqlite3_finalize (stmt);
          return FALSE;
        }
      sqlite3_finalize (stmt);
      rest = tail;
    }
  return TRUE;
}

sqlite3_stmt *
pd_store_prepare (PdStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      pd_store_set_sql_error (self, error, _("preparing a query"));
      return NULL;
    }
  return stmt;
}

gboolean
pd_store_begin (PdStore  *self,
                GError  **error)
{
  pd_store_watch_forget_audit (self);
  return pd_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
pd_store_commit (PdStore  *self,
                 GError  **error)
{
  /* Told to the watch before the rows can be seen, taken back if the
   * commit fails. */
  pd_store_watch_own_audit (self, TRUE);
  if (!pd_store_exec (self, "COMMIT", error))
    {
      pd_store_watch_own_audit (self, FALSE);
      pd_store_rollback (self);
      return FALSE;
    }
  pd_store_watch_forget_audit (self);
  return TRUE;
}

void
pd_store_rollback (PdStore *self)
{
  pd_store_watch_forget_audit (self);
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gint64
query_int (PdStore     *self,
           const char  *sql,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (self, error, sql);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Refuse anything that is not an SQLite file before SQLite touches it:
 * SQLite opens any file lazily and we must never write into a stranger's. */
static gboolean
check_file_header (const char  *path,
                   gboolean    *exists_out,
                   GError     **error)
{
  char header[16] = { 0 };
  GStatBuf st;
  sqlite3 *db = NULL;
  sqlite3_file *file = NULL;
  ssize_t n;

  *exists_out = FALSE;

  if (g_stat (path, &st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot read %s: %s"), path, g_strerror (errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE,
                   _("%s is not a regular file; expected a Partner Desk store file"), path);
      return FALSE;
    }

  *exists_out = TRUE;
  if (st.st_size == 0)
    return TRUE;

  /* Read through SQLite, not open()/close(): closing any descriptor of
   * the file drops every POSIX lock this process holds on it, those of
   * the connections already open included (a worker opening its own
   * store while the app has one); another process would then take the
   * WAL for unused, checkpoint and delete it under them. SQLite defers
   * that close while its other connections hold locks. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      sqlite3_file_control (db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
      file == NULL || file->pMethods == NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot open %s: %s"), path, db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return FALSE;
    }
  n = file->pMethods->xRead (file, header, sizeof header, 0) == SQLITE_OK ? (ssize_t) sizeof header : 0;
  sqlite3_close (db);

  if (n != (ssize_t) sizeof header || memcmp (header, SQLITE_HEADER, sizeof SQLITE_HEADER) != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE,
                   _("%s is not a Partner Desk store (it is not an SQLite database); it was left untouched"),
                   path);
      return FALSE;
    }
  return TRUE;
}

/* A new store is created 0600 in a 0700 folder: it holds the agency's
 * merchant contacts. SQLite gives its -wal and -shm files the same mode. */
static gboolean
create_empty_file (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO,
                   _("Cannot create %s: %s"), path, g_strerror (errno));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);
  return TRUE;
}

/* g_ptr_array_sort passes pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A new store starts with the programs shipped in data/programs/. */
static gboolean
load_bundled_programs (PdStore  *self,
                       GError  **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *dirname = pd_paths_programs_dir ();
  const char *name;

  dir = g_dir_open (dirname, 0, NULL);
  if (dir == NULL)
    {
      g_message ("No bundled programs in %s", dirname);
      return TRUE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_build_filename (dirname, name, NULL));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(PdProgram) program = pd_program_new_from_file (g_ptr_array_index (names, i), error);

      if (program == NULL || !pd_store_save_program (self, program, "bundled", error))
        return FALSE;
    }
  return TRUE;
}

/* Waits up to PD_STORE_BUSY_TIMEOUT_MS for another connection's lock,
 * trying again every few milliseconds. SQLite's own busy timeout sleeps
 * 100 ms between tries once it has waited a little: a long job that
 * commits in batches (pd-merchant-refresh.c) takes the lock again before
 * such a waiter wakes, and the waiter fails after 5 s. The batches pause
 * a few milliseconds between them; trying this often gets in then. */
static int
on_busy (void *data,
         int   count)
{
  PdStore *self = data;
  gint64 now = g_get_monotonic_time ();

  if (count == 0)
    self->busy_since = now;
  if (now - self->busy_since >= (gint64) PD_STORE_BUSY_TIMEOUT_MS * 1000)
    return 0;
  g_usleep (count < 8 ? 500 : 2000);
  return 1;
}

/* Switching a file to WAL takes an exclusive lock and SQLite answers
 * SQLITE_BUSY at once, without its busy handler, while another process
 * reads it (as when several open a new store at once): wait here as
 * the busy timeout would. The mode is kept in the file, so this only
 * waits the first time. */
static gboolean
enable_wal (PdStore  *self,
            GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + PD_STORE_BUSY_TIMEOUT_MS * 1000;

  for (;;)
    {
      g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (self, "PRAGMA journal_mode = WAL", error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        return TRUE;
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () > deadline)
        {
          pd_store_set_sql_error (self, error, "PRAGMA journal_mode = WAL");
          return FALSE;
        }
      g_usleep (5000 + g_random_int_range (0, 10000));
    }
}

static gboolean
migrate (PdStore  *self,
         guint     max_version,
         GError  **error)
{
  const PdStoreMigration *migrations;
  guint n_migrations;
  guint from = self->schema_version;

  migrations = pd_store_migrations_get (&n_migrations);

  for (guint i = 0; i < n_migrations && migrations[i].version <= max_version; i++)
    {
      g_autofree char *pragma = NULL;
      gint64 current;

      if (migrations[i].version <= self->schema_version)
        continue;

      if (!pd_store_begin (self, error))
        return FALSE;

      /* Read the version again now that this connection holds the write
       * lock: another process may have created or updated the store
       * since it was first read (the CLI and the app, or many CLIs
       * started at once, opening a new store). */
      current = query_int (self, "PRAGMA user_version", error);
      if (current < 0)
        {
          pd_store_rollback (self);
          return FALSE;
        }
      if (current > (gint64) pd_store_get_latest_version ())
        {
          pd_store_rollback (self);
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_TOO_NEW,
                       _("%s was written by a newer version of Partner Desk (store version %" PRId64 ", this version reads up to %u); update Partner Desk to open it"),
                       self->path, current, pd_store_get_latest_version ());
          return FALSE;
        }
      if (current >= migrations[i].version)
        {
          pd_store_rollback (self);
          self->schema_version = (guint) current;
          continue;
        }

      pragma = g_strdup_printf ("PRAGMA user_version = %u; PRAGMA application_id = %d;",
                                migrations[i].version, PD_STORE_APPLICATION_ID);
      if (!pd_store_exec (self, migrations[i].sql, error) ||
          !pd_store_exec (self, pragma, error) ||
          (migrations[i].version == 1 && !load_bundled_programs (self, error)) ||
          !pd_store_commit (self, error))
        {
          pd_store_rollback (self);
          g_prefix_error (error, _("Updating the store to version %u: "), migrations[i].version);
          return FALSE;
        }
      self->schema_version = migrations[i].version;
    }

  if (from != self->schema_version && from != 0)
    g_message ("Store %s updated from version %u to %u", self->path, from, self->schema_version);
  return TRUE;
}

guint
pd_store_get_latest_version (void)
{
  guint n_migrations;
  const PdStoreMigration *migrations = pd_store_migrations_get (&n_migrations);

  return migrations[n_migrations - 1].version;
}

PdStore *
pd_store_open_at_version (const char  *path,
                          guint        max_version,
                          GError     **error)
{
  g_autoptr(PdStore) self = NULL;
  gboolean exists = FALSE;
  gint64 user_version, application_id, n_objects;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_file_header (path, &exists, error))
    return NULL;
  if (!exists && !create_empty_file (path, error))
    return NULL;

  self = g_object_new (PD_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      if (self->db != NULL)
        pd_store_set_sql_error (self, error, _("opening"));
      else
        g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_IO, _("Cannot open %s"), path);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_handler (self->db, on_busy, self);
  pd_store_watch_install_hooks (self->db);

  /* Read-only checks first: nothing is written to a file we refuse.
   * One read transaction, so that the three values are of one state of
   * the file even while another process is creating the store. */
  if (!pd_store_exec (self, "BEGIN", error))
    return NULL;
  if ((user_version = query_int (self, "PRAGMA user_version", error)) < 0 ||
      (application_id = query_int (self, "PRAGMA application_id", error)) < 0 ||
      (n_objects = query_int (self, "SELECT count(*) FROM sqlite_schema", error)) < 0)
    {
      pd_store_rollback (self);
      return NULL;
    }
  pd_store_rollback (self);

  if (application_id != PD_STORE_APPLICATION_ID && (n_objects > 0 || user_version != 0))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE,
                   _("%s is an SQLite database of another program, not a Partner Desk store; it was left untouched"),
                   path);
      return NULL;
    }

  if (user_version > (gint64) pd_store_get_latest_version ())
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Partner Desk (store version %" PRId64 ", this version reads up to %u); update Partner Desk to open it"),
                   path, user_version, pd_store_get_latest_version ());
      return NULL;
    }
  self->schema_version = (guint) user_version;

  /* Ours: readable by its owner only, whatever mode it came with. */
  pd_store_tighten_files (path);

  /* A new file's pages are 16 KiB (SQLite's default is 4 KiB): a bulk
   * write (an import's rows, a first team sync) makes, logs and copies a
   * quarter as many pages, for about a fifth less CPU, half of it the
   * kernel's; scattered row updates cost up to a sixth more (tests/bench/README.md,
   * "Page size"). Set before the first write makes the file; an existing
   * file keeps its own. */
  if (!pd_store_exec (self, "PRAGMA page_size = 16384", error) ||
      !enable_wal (self, error) ||
      !pd_store_exec (self,
                      "PRAGMA synchronous = NORMAL;"
                      "PRAGMA foreign_keys = ON;"
                      "PRAGMA temp_store = MEMORY;",
                      error))
    return NULL;

  if (!migrate (self, max_version, error))
    return NULL;

  return g_steal_pointer (&self);
}

PdStore *
pd_store_open (const char  *path,
               GError     **error)
{
  return pd_store_open_at_version (path, G_MAXUINT, error);
}

const char *
pd_store_get_path (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), NULL);
  return self->path;
}

guint
pd_store_get_schema_version (PdStore *self)
{
  g_return_val_if_fail (PD_IS_STORE (self), 0);
  return self->schema_version;
}

char *
pd_store_dup_setting (PdStore     *self,
                      const char  *key,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *def;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  def = pd_config_get_default (key);
  if (def == NULL)
    {
      g_autofree char *ignored = NULL;

      /* Let the validator word the unknown-key error. */
      pd_config_validate (key, "", &ignored, error);
      return NULL;
    }

  stmt = pd_store_prepare (self, "SELECT value FROM settings WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (self, error, _("reading a setting"));
      return NULL;
    }
  return g_strdup (def);
}

gboolean
pd_store_set_setting (PdStore     *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  if (!pd_config_validate (key, value, &normalized, error))
    return FALSE;

  if (!pd_store_begin (self, error))
    return FALSE;

  stmt = pd_store_prepare (self,
                           "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, normalized, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (self, error, _("saving a setting"));
      goto fail;
    }

  if (!pd_store_audit (self, "config.set", key, normalized, error) ||
      !pd_store_commit (self, error))
    goto fail;

  pd_store_emit_change (self, PD_ENTITY_SETTINGS, NULL, PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;

fail:
  pd_store_rollback (self);
  return FALSE;
}

/* Every setting with a value or a default, sorted by key: the fixed keys
 * and each market's onboarding base link that has been set. */
GPtrArray *
pd_store_list_settings (PdStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char * const *fixed = pd_config_get_fixed_keys ();
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  for (guint i = 0; fixed[i]; i++)
    g_ptr_array_add (keys, g_strdup (fixed[i]));

  stmt = pd_store_prepare (self, "SELECT key FROM settings ORDER BY key", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_strv_contains (fixed, key))
        g_ptr_array_add (keys, g_strdup (key));
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (self, error, _("listing settings"));
      return NULL;
    }

  g_ptr_array_sort (keys, compare_strings);
  return g_steal_pointer (&keys);
}

gboolean
pd_store_get_counts (PdStore        *self,
                     PdStoreCounts  *counts,
                     GError        **error)
{
  static const char sql[] =
    "SELECT"
    " (SELECT count(*) FROM programs),"
    " (SELECT count(DISTINCT seller_id) FROM target_merchants),"
    " (SELECT count(*) FROM links),"
    " (SELECT count(*) FROM stores),"
    " (SELECT count(*) FROM exchange_rates),"
    " (SELECT count(*) FROM service_categories),"
    " (SELECT count(*) FROM services),"
    " (SELECT count(*) FROM seller_requests),"
    " (SELECT count(*) FROM authorizations),"
    " (SELECT count(*) FROM payouts),"
    " (SELECT count(*) FROM outbox),"
    " (SELECT value FROM sync_state WHERE key = 'last_sync_at'),"
    " (SELECT value FROM sync_state WHERE key = 'last_sync_result')";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 *fields[] = {
    &counts->programs, &counts->target_merchants, &counts->links, &counts->stores,
    &counts->exchange_rates, &counts->service_categories, &counts->services,
    &counts->seller_requests, &counts->authorizations, &counts->payouts, &counts->outbox,
  };

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);

  memset (counts, 0, sizeof *counts);

  stmt = pd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (self, error, _("counting"));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = sqlite3_column_int64 (stmt, i);
  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
    {
      counts->last_sync_at = sqlite3_column_int64 (stmt, 11);
      counts->last_sync_result = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
    }
  return TRUE;
}

gboolean
pd_store_save_program (PdStore     *self,
                       PdProgram   *program,
                       const char  *source,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *markets = NULL;

  g_return_val_if_fail (PD_IS_STORE (self), FALSE);
  g_return_val_if_fail (PD_IS_PROGRAM (program), FALSE);

  stmt = pd_store_prepare (self,
                           "INSERT INTO programs (id, name, kind, timezone, period_start, period_end,"
                           "                      markets, json, source, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                           " ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
                           "  timezone = excluded.timezone, period_start = excluded.period_start,"
                           "  period_end = excluded.period_end, markets = excluded.markets,"
                           "  json = excluded.json, source = excluded.source,"
                           "  updated_at = excluded.updated_at",
                           error);
  if (stmt == NULL)
    return FALSE;

  markets = g_strjoinv (";", (char **) pd_program_get_markets (program));
  sqlite3_bind_text (stmt, 1, pd_program_get_id (program), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pd_program_get_name (program), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pd_program_get_kind_string (program), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, pd_program_get_timezone_id (program), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, pd_program_get_period_start (program), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, pd_program_get_period_end (program), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, markets, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, pd_program_get_json (program), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, source, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, g_get_real_time () / G_USEC_PER_SEC);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (self, error, _("saving a program"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
pd_store_list_programs (PdStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) programs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  stmt = pd_store_prepare (self, "SELECT id, json FROM programs ORDER BY period_start DESC, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdProgram *program = pd_program_new_from_data ((const char *) sqlite3_column_text (stmt, 1),
                                                     sqlite3_column_bytes (stmt, 1),
                                                     (const char *) sqlite3_column_text (stmt, 0),
                                                     error);
      if (program == NULL)
        return NULL;
      g_ptr_array_add (programs, program);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (self, error, _("listing programs"));
      return NULL;
    }
  return g_steal_pointer (&programs);
}

char *
pd_store_dup_staff_name (PdStore *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *user;

  g_return_val_if_fail (PD_IS_STORE (self), NULL);

  name = pd_store_dup_setting (self, "staff_name", &error);
  if (name == NULL)
    g_warning ("Cannot read staff_name from %s: %s; crediting the login name",
               self->path, error->message);
  else if (*name != '\0')
    return g_steal_pointer (&name);
  user = g_getenv ("USER");
  return g_strdup (user != NULL && *user != '\0' ? user : g_get_user_name ());
}

gboolean
pd_store_audit (PdStore     *self,
                const char  *action,
                const char  *subject,
                const char  *details,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *user = pd_store_dup_staff_name (self);

  stmt = pd_store_prepare (self,
                           "INSERT INTO audit_log (at, user, action, subject, details)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, details, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (self, error, _("writing the audit log"));
      return FALSE;
    }
  pd_store_watch_note_audit (self, sqlite3_last_insert_rowid (self->db));
  return TRUE;
}
