/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include "pd-sandbox-db.h"
#include "pd-sandbox-json.h"

#define SCHEMA_VERSION 1
#define APPLICATION_ID 0x50445342 /* "PDSB" */

struct _PdSandboxDb
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements; /* SQL text -> sqlite3_stmt */
};

G_DEFINE_FINAL_TYPE (PdSandboxDb, pd_sandbox_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (pd-sandbox-db-error-quark, pd_sandbox_db_error)

static const char schema_sql[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE credentials ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  app_key TEXT NOT NULL, app_secret TEXT NOT NULL,"
  "  access_token TEXT NOT NULL, refresh_token TEXT NOT NULL,"
  "  issued_at INTEGER NOT NULL,"
  "  previous_access_token TEXT, previous_refresh_token TEXT,"
  "  previous_valid_until INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE objects ("
  "  type TEXT NOT NULL, id TEXT NOT NULL,"
  "  version INTEGER NOT NULL CHECK (version > 0),"
  "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
  "  data TEXT NOT NULL,"
  "  PRIMARY KEY (type, id)) WITHOUT ROWID;"
  "CREATE TABLE changes ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  type TEXT NOT NULL, id TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  version INTEGER NOT NULL,"
  "  data TEXT,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX changes_by_object ON changes (type, id, seq);"
  "CREATE TABLE idempotency ("
  "  key TEXT PRIMARY KEY, method TEXT NOT NULL, path TEXT NOT NULL,"
  "  body_hash TEXT NOT NULL, status INTEGER NOT NULL, response TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE applied ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  idempotency_key TEXT, method TEXT NOT NULL, path TEXT NOT NULL,"
  "  at INTEGER NOT NULL, request_id TEXT NOT NULL);"
  "CREATE INDEX applied_by_key ON applied (idempotency_key);";

void
pd_sandbox_credentials_clear (PdSandboxCredentials *credentials)
{
  g_clear_pointer (&credentials->app_key, g_free);
  g_clear_pointer (&credentials->app_secret, g_free);
  g_clear_pointer (&credentials->access_token, g_free);
  g_clear_pointer (&credentials->refresh_token, g_free);
  g_clear_pointer (&credentials->previous_access_token, g_free);
  g_clear_pointer (&credentials->previous_refresh_token, g_free);
  credentials->issued_at = 0;
  credentials->previous_valid_until = 0;
}

void
pd_sandbox_idempotency_record_free (PdSandboxIdempotencyRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->method);
  g_free (record->path);
  g_free (record->body_hash);
  g_free (record->response);
  g_free (record);
}

static gboolean
sql_error (PdSandboxDb  *self,
           GError      **error,
           const char   *what)
{
  g_set_error (error, PD_SANDBOX_DB_ERROR, PD_SANDBOX_DB_ERROR_SQL,
               "sandbox database %s: %s failed: %s",
               self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (PdSandboxDb  *self,
      const char   *sql,
      GError      **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (self, error, sql);
  return TRUE;
}

/* A cached, reset statement. */
static sqlite3_stmt *
statement (PdSandboxDb  *self,
           const char   *sql,
           GError      **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (self, error, "preparing a statement");
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
pd_sandbox_db_finalize (GObject *object)
{
  PdSandboxDb *self = PD_SANDBOX_DB (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (pd_sandbox_db_parent_class)->finalize (object);
}

static void
pd_sandbox_db_class_init (PdSandboxDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_sandbox_db_finalize;
}

static void
pd_sandbox_db_init (PdSandboxDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
}

static gint64
query_int (PdSandboxDb *self,
           const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The database holds the sandbox's app secret and tokens: readable by
 * its owner only, in a folder only its owner enters (--data is the
 * sandbox's own folder; a shared sticky one such as /tmp is left as it
 * is). SQLite gives the -wal and -shm files the database's mode; files
 * from before are tightened too. */
static void
tighten_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;
  int fd;

  if (g_stat (dir, &st) == 0 && S_ISDIR (st.st_mode) && (st.st_mode & S_ISVTX) == 0 &&
      st.st_uid == getuid () && (st.st_mode & 0077) != 0 &&
      g_strcmp0 (dir, g_get_home_dir ()) != 0 && g_chmod (dir, 0700) != 0)
    g_debug ("sandbox database: cannot make %s mode 0700: %s", dir, g_strerror (errno));

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    close (fd);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      if (g_stat (name, &st) == 0 && S_ISREG (st.st_mode) && (st.st_mode & 0077) != 0 &&
          g_chmod (name, 0600) != 0)
        g_debug ("sandbox database: cannot make %s mode 0600: %s", name, g_strerror (errno));
    }
}

PdSandboxDb *
pd_sandbox_db_open (const char  *path,
                    gboolean    *created_out,
                    GError     **error)
{
  g_autoptr(PdSandboxDb) self = g_object_new (PD_TYPE_SANDBOX_DB, NULL);
  gint64 application_id, user_version, tables;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  tighten_files (path);
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, PD_SANDBOX_DB_ERROR, PD_SANDBOX_DB_ERROR_SQL,
                   "sandbox database %s: cannot open: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  application_id = query_int (self, "PRAGMA application_id");
  user_version = query_int (self, "PRAGMA user_version");
  tables = query_int (self, "SELECT count(*) FROM sqlite_master");
  if (application_id < 0 || tables < 0)
    {
      g_set_error (error, PD_SANDBOX_DB_ERROR, PD_SANDBOX_DB_ERROR_NOT_A_SANDBOX,
                   "sandbox database %s: not an SQLite database: %s", path,
                   sqlite3_errmsg (self->db));
      return NULL;
    }

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (tables == 0)
    {
      g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                                  APPLICATION_ID, SCHEMA_VERSION);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return NULL;
      if (!exec (self, schema_sql, error) || !exec (self, pragmas, error) ||
          !exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
      *created_out = TRUE;
    }
  else if (application_id != APPLICATION_ID)
    {
      g_set_error (error, PD_SANDBOX_DB_ERROR, PD_SANDBOX_DB_ERROR_NOT_A_SANDBOX,
                   "sandbox database %s: not a sandbox file (application_id %" G_GINT64_FORMAT
                   ", expected %d); move it away or use another --data directory",
                   path, application_id, APPLICATION_ID);
      return NULL;
    }
  else if (user_version != SCHEMA_VERSION)
    {
      g_set_error (error, PD_SANDBOX_DB_ERROR, PD_SANDBOX_DB_ERROR_NOT_A_SANDBOX,
                   "sandbox database %s: schema version %" G_GINT64_FORMAT
                   ", this sandbox reads version %d; delete the file to seed it again",
                   path, user_version, SCHEMA_VERSION);
      return NULL;
    }
  else
    *created_out = FALSE;

  return g_steal_pointer (&self);
}

const char *
pd_sandbox_db_get_path (PdSandboxDb *self)
{
  g_return_val_if_fail (PD_IS_SANDBOX_DB (self), NULL);
  return self->path;
}

gboolean
pd_sandbox_db_begin (PdSandboxDb  *self,
                     GError      **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
pd_sandbox_db_commit (PdSandboxDb  *self,
                      GError      **error)
{
  if (!exec (self, "COMMIT", error))
    {
      pd_sandbox_db_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
pd_sandbox_db_rollback (PdSandboxDb *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

char *
pd_sandbox_db_dup_meta (PdSandboxDb *self,
                        const char  *key)
{
  sqlite3_stmt *stmt = statement (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  char *value;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  value = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

gboolean
pd_sandbox_db_set_meta (PdSandboxDb  *self,
                        const char   *key,
                        const char   *value,
                        GError      **error)
{
  sqlite3_stmt *stmt = statement (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                                  error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "writing a setting");
  return TRUE;
}

gboolean
pd_sandbox_db_get_credentials (PdSandboxDb           *self,
                               PdSandboxCredentials  *out,
                               GError               **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT app_key, app_secret, access_token, refresh_token, issued_at,"
                                  " previous_access_token, previous_refresh_token, previous_valid_until"
                                  " FROM credentials WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PD_SANDBOX_DB_ERROR, PD_SANDBOX_DB_ERROR_CORRUPT,
                   "sandbox database %s: no partner credentials; delete the file to seed it again",
                   self->path);
      return FALSE;
    }
  out->app_key = column_dup (stmt, 0);
  out->app_secret = column_dup (stmt, 1);
  out->access_token = column_dup (stmt, 2);
  out->refresh_token = column_dup (stmt, 3);
  out->issued_at = sqlite3_column_int64 (stmt, 4);
  out->previous_access_token = column_dup (stmt, 5);
  out->previous_refresh_token = column_dup (stmt, 6);
  out->previous_valid_until = sqlite3_column_int64 (stmt, 7);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
pd_sandbox_db_set_credentials (PdSandboxDb                 *self,
                               const PdSandboxCredentials  *credentials,
                               GError                     **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT OR REPLACE INTO credentials (id, app_key, app_secret,"
                                  " access_token, refresh_token, issued_at, previous_access_token,"
                                  " previous_refresh_token, previous_valid_until)"
                                  " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, credentials->app_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, credentials->app_secret, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, credentials->access_token, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, credentials->refresh_token, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, credentials->issued_at);
  sqlite3_bind_text (stmt, 6, credentials->previous_access_token, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, credentials->previous_refresh_token, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, credentials->previous_valid_until);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "writing the credentials");
  return TRUE;
}

JsonObject *
pd_sandbox_db_get_object (PdSandboxDb  *self,
                          const char   *type,
                          const char   *id,
                          gint64       *version_out,
                          GError      **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT version, data FROM objects"
                                  " WHERE type = ?1 AND id = ?2 AND deleted = 0", error);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *data;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (version_out != NULL)
    *version_out = sqlite3_column_int64 (stmt, 0);
  data = (const char *) sqlite3_column_text (stmt, 1);
  object = pd_sandbox_json_parse_object (data, strlen (data), FALSE, &local_error);
  sqlite3_reset (stmt);
  if (object == NULL)
    {
      g_set_error (error, PD_SANDBOX_DB_ERROR, PD_SANDBOX_DB_ERROR_CORRUPT,
                   "sandbox database %s: %s %s holds broken JSON: %s",
                   self->path, type, id, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&object);
}

static gboolean
write_object (PdSandboxDb  *self,
              const char   *type,
              const char   *id,
              const char   *data,
              gboolean      deleted,
              gint64       *version_out,
              GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 version = 1;
  g_autofree char *previous = NULL;

  stmt = statement (self, "SELECT version, data FROM objects WHERE type = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      version = sqlite3_column_int64 (stmt, 0) + 1;
      previous = column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);

  /* A delete keeps the last data in `objects`; the change carries none. */
  stmt = statement (self,
                    "INSERT INTO objects (type, id, version, deleted, data) VALUES (?1, ?2, ?3, ?4, ?5)"
                    " ON CONFLICT (type, id) DO UPDATE SET version = excluded.version,"
                    " deleted = excluded.deleted, data = excluded.data", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_bind_int (stmt, 4, deleted ? 1 : 0);
  sqlite3_bind_text (stmt, 5, deleted ? (previous != NULL ? previous : "{}") : data, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "writing an object");

  stmt = statement (self,
                    "INSERT INTO changes (type, id, op, version, data, at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, deleted ? "delete" : "upsert", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, version);
  if (deleted)
    sqlite3_bind_null (stmt, 5);
  else
    sqlite3_bind_text (stmt, 5, data, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "appending a change");

  if (version_out != NULL)
    *version_out = version;
  return TRUE;
}

gboolean
pd_sandbox_db_put_object (PdSandboxDb  *self,
                          const char   *type,
                          const char   *id,
                          JsonObject   *data,
                          gint64       *version_out,
                          GError      **error)
{
  g_autofree char *text = pd_sandbox_json_object_to_string (data);

  return write_object (self, type, id, text, FALSE, version_out, error);
}

gboolean
pd_sandbox_db_delete_object (PdSandboxDb  *self,
                             const char   *type,
                             const char   *id,
                             GError      **error)
{
  return write_object (self, type, id, NULL, TRUE, NULL, error);
}

GPtrArray *
pd_sandbox_db_list_ids (PdSandboxDb  *self,
                        const char   *type,
                        const char   *json_path,
                        const char   *value,
                        GError      **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (json_path != NULL)
    {
      stmt = statement (self,
                        "SELECT id FROM objects WHERE type = ?1 AND deleted = 0"
                        " AND json_extract (data, ?2) = ?3 ORDER BY id", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 2, json_path, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
    }
  else
    {
      stmt = statement (self, "SELECT id FROM objects WHERE type = ?1 AND deleted = 0 ORDER BY id",
                        error);
      if (stmt == NULL)
        return NULL;
    }
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      sql_error (self, error, "listing objects");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gint64
pd_sandbox_db_count_objects (PdSandboxDb *self,
                             const char  *type)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT count(*) FROM objects WHERE type = ?1 AND deleted = 0",
                                  NULL);
  gint64 count;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

gboolean
pd_sandbox_db_dump_objects (PdSandboxDb  *self,
                            const char   *type,
                            GString      *out,
                            GError      **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT type, id, version, data FROM objects"
                                  " WHERE deleted = 0 AND (?1 IS NULL OR type = ?1)"
                                  " ORDER BY type, id", error);
  gboolean first = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (type != NULL)
    sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  g_string_append_c (out, '[');
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append (out, "{\"type\":");
      pd_sandbox_json_append_string (out, (const char *) sqlite3_column_text (stmt, 0));
      g_string_append (out, ",\"id\":");
      pd_sandbox_json_append_string (out, (const char *) sqlite3_column_text (stmt, 1));
      g_string_append_printf (out, ",\"version\":%" G_GINT64_FORMAT ",\"data\":%s}",
                              (gint64) sqlite3_column_int64 (stmt, 2),
                              (const char *) sqlite3_column_text (stmt, 3));
    }
  g_string_append_c (out, ']');
  if (rc != SQLITE_DONE)
    return sql_error (self, error, "listing objects");
  return TRUE;
}

gboolean
pd_sandbox_db_read_changes (PdSandboxDb  *self,
                            gint64        after_seq,
                            guint         limit,
                            GString      *out,
                            gint64       *last_seq_out,
                            gboolean     *has_more_out,
                            GError      **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT seq, type, id, op, version, data FROM changes"
                                  " WHERE seq > ?1 ORDER BY seq LIMIT ?2", error);
  gint64 last_seq = after_seq;
  guint n = 0;
  int rc;

  *has_more_out = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_seq);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *data;

      if (n == limit)
        {
          *has_more_out = TRUE;
          break;
        }
      last_seq = sqlite3_column_int64 (stmt, 0);
      if (n > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT ",\"type\":", last_seq);
      pd_sandbox_json_append_string (out, (const char *) sqlite3_column_text (stmt, 1));
      g_string_append (out, ",\"id\":");
      pd_sandbox_json_append_string (out, (const char *) sqlite3_column_text (stmt, 2));
      g_string_append_printf (out, ",\"op\":\"%s\",\"version\":%" G_GINT64_FORMAT,
                              (const char *) sqlite3_column_text (stmt, 3),
                              (gint64) sqlite3_column_int64 (stmt, 4));
      /* The stored data is JSON this sandbox generated: spliced as is. */
      data = (const char *) sqlite3_column_text (stmt, 5);
      if (data != NULL)
        g_string_append_printf (out, ",\"data\":%s}", data);
      else
        g_string_append_c (out, '}');
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return sql_error (self, error, "reading the change feed");
  *last_seq_out = last_seq;
  return TRUE;
}

gint64
pd_sandbox_db_get_max_seq (PdSandboxDb *self)
{
  sqlite3_stmt *stmt = statement (self, "SELECT coalesce (max (seq), 0) FROM changes", NULL);
  gint64 seq;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

gint64
pd_sandbox_db_get_compacted_seq (PdSandboxDb *self)
{
  g_autofree char *value = pd_sandbox_db_dup_meta (self, "compacted_seq");

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gboolean
pd_sandbox_db_compact (PdSandboxDb  *self,
                       gint64       *removed_out,
                       GError      **error)
{
  g_autofree char *point = NULL;
  gint64 max_seq;

  if (!pd_sandbox_db_begin (self, error))
    return FALSE;
  max_seq = pd_sandbox_db_get_max_seq (self);
  if (!exec (self,
             "DELETE FROM changes WHERE seq < (SELECT max (c.seq) FROM changes c"
             " WHERE c.type = changes.type AND c.id = changes.id)", error))
    {
      pd_sandbox_db_rollback (self);
      return FALSE;
    }
  *removed_out = sqlite3_changes (self->db);
  point = g_strdup_printf ("%" G_GINT64_FORMAT, max_seq);
  if (!pd_sandbox_db_set_meta (self, "compacted_seq", point, error))
    {
      pd_sandbox_db_rollback (self);
      return FALSE;
    }
  return pd_sandbox_db_commit (self, error);
}

PdSandboxIdempotencyRecord *
pd_sandbox_db_lookup_idempotency (PdSandboxDb  *self,
                                  const char   *key,
                                  GError      **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT method, path, body_hash, status, response"
                                  " FROM idempotency WHERE key = ?1", error);
  PdSandboxIdempotencyRecord *record;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  record = g_new0 (PdSandboxIdempotencyRecord, 1);
  record->method = column_dup (stmt, 0);
  record->path = column_dup (stmt, 1);
  record->body_hash = column_dup (stmt, 2);
  record->status = (guint) sqlite3_column_int (stmt, 3);
  record->response = column_dup (stmt, 4);
  sqlite3_reset (stmt);
  return record;
}

gboolean
pd_sandbox_db_record_idempotency (PdSandboxDb  *self,
                                  const char   *key,
                                  const char   *method,
                                  const char   *path,
                                  const char   *body_hash,
                                  guint         status,
                                  const char   *response,
                                  GError      **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT INTO idempotency (key, method, path, body_hash, status,"
                                  " response, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, body_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, (int) status);
  sqlite3_bind_text (stmt, 6, response, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "recording an idempotency key");
  return TRUE;
}

gboolean
pd_sandbox_db_record_applied (PdSandboxDb  *self,
                              const char   *key,
                              const char   *method,
                              const char   *path,
                              const char   *request_id,
                              GError      **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT INTO applied (idempotency_key, method, path, at, request_id)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 5, request_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, error, "recording an applied mutation");
  return TRUE;
}

gboolean
pd_sandbox_db_dump_applied (PdSandboxDb  *self,
                            GString      *out,
                            GError      **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT id, idempotency_key, method, path, at, request_id"
                                  " FROM applied ORDER BY id", error);
  gboolean first = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_string_append_c (out, '[');
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 1);

      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"idempotency_key\":",
                              (gint64) sqlite3_column_int64 (stmt, 0));
      if (key != NULL)
        pd_sandbox_json_append_string (out, key);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"method\":");
      pd_sandbox_json_append_string (out, (const char *) sqlite3_column_text (stmt, 2));
      g_string_append (out, ",\"path\":");
      pd_sandbox_json_append_string (out, (const char *) sqlite3_column_text (stmt, 3));
      g_string_append_printf (out, ",\"at\":%" G_GINT64_FORMAT ",\"request_id\":",
                              (gint64) sqlite3_column_int64 (stmt, 4));
      pd_sandbox_json_append_string (out, (const char *) sqlite3_column_text (stmt, 5));
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  if (rc != SQLITE_DONE)
    return sql_error (self, error, "listing applied mutations");
  return TRUE;
}
