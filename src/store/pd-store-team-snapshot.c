/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-store-private.h"
#include "pd-store-team-private.h"
#include "pd-store-team.h"

/* A new desktop's first pull (or one far behind): the hub's current
 * state, a million merchants' fields and more, copied in large batches.
 *
 * With no edit waiting in the team outbox (a new desktop's case) the
 * rows take a short way: a team_fields row each, as any pull records
 * them, and one merchant_notes row per merchant for all its fields
 * together instead of one upsert per field, with the statements
 * prepared once a batch and nothing translated or timed per row. The
 * hub sends the rows in the store's key order (pd-team-sync.c), so each
 * insert lands on the B-trees' last pages, which stay in the page cache;
 * in a random order a batch would touch (and the WAL receive) most pages
 * of tables larger than the cache. With an edit waiting, every row is a
 * pull's, field by field (the edit's field keeps its local value). */

/* A first sync's merchant rows are all new to team_fields and
 * merchant_notes: they come in the tables' key order, after every row
 * they have (merchants_append), so they are written with plain inserts,
 * INSERT_ROWS a statement, with no conflict to look for and no newer
 * version to keep. OR FAIL: a statement that fails fails the batch (its
 * transaction rolled back), so SQLite keeps no statement journal to undo
 * the statement's own earlier rows (a copy of each page it changes, for
 * every statement: a tenth of the client’s CPU at 1M merchants). */
#define INSERT_ROWS 64

typedef void (*RowBind) (sqlite3_stmt *stmt, int first, gconstpointer row);

typedef struct
{
  const char    *insert;   /* "INSERT INTO t (columns) VALUES " */
  const char    *values;   /* "(?, ?, …)": a row's */
  int            n_columns;
  RowBind        bind;
  const char    *what;     /* N_(): translated only when it fails */
  sqlite3_stmt  *many;     /* INSERT_ROWS rows */
  sqlite3_stmt  *one;
  gconstpointer  rows[INSERT_ROWS];
  int            n_rows;
} Inserts;

static sqlite3_stmt *
inserts_prepare (PdStore  *store,
                 Inserts  *inserts,
                 int       n_rows,
                 GError  **error)
{
  g_autoptr(GString) sql = g_string_new (inserts->insert);

  for (int i = 0; i < n_rows; i++)
    g_string_append_printf (sql, "%s%s", i == 0 ? "" : ",", inserts->values);
  return pd_store_prepare (store, sql->str, error);
}

/* Writes the rows @inserts holds. */
static gboolean
inserts_flush (PdStore  *store,
               Inserts  *inserts,
               GError  **error)
{
  for (int done = 0; done < inserts->n_rows;)
    {
      gboolean many = inserts->n_rows - done == INSERT_ROWS;
      sqlite3_stmt **slot = many ? &inserts->many : &inserts->one;
      int n = many ? INSERT_ROWS : 1;

      if (*slot == NULL && (*slot = inserts_prepare (store, inserts, n, error)) == NULL)
        return FALSE;
      sqlite3_reset (*slot);
      for (int i = 0; i < n; i++)
        inserts->bind (*slot, i * inserts->n_columns, inserts->rows[done + i]);
      if (sqlite3_step (*slot) != SQLITE_DONE)
        {
          pd_store_set_sql_error (store, error, _(inserts->what));
          return FALSE;
        }
      done += n;
    }
  inserts->n_rows = 0;
  return TRUE;
}

/* Adds @row (borrowed until the flush) to @inserts. */
static gboolean
inserts_add (PdStore        *store,
             Inserts        *inserts,
             gconstpointer   row,
             GError        **error)
{
  inserts->rows[inserts->n_rows++] = row;
  return inserts->n_rows < INSERT_ROWS || inserts_flush (store, inserts, error);
}

static void
inserts_clear (Inserts *inserts)
{
  g_clear_pointer (&inserts->many, sqlite3_finalize);
  g_clear_pointer (&inserts->one, sqlite3_finalize);
}

/* The merchant_notes columns a snapshot sets, by field. */
enum
{
  FIELD_NOTES,
  FIELD_TAGS,
  FIELD_ASSIGNEE,
  N_FIELDS
};

static const char * const merchant_fields[N_FIELDS] = { "notes", "tags", "assignee" };

/* A new merchant_notes row. */
typedef struct
{
  const char *object;
  const char *values[N_FIELDS];
  gint64      now;
} NoteRow;

typedef struct
{
  PdStore      *store;
  sqlite3_stmt *merchant;
  gint64        now;
  /* The merchant whose fields were read but not yet written, and those
   * fields (borrowed from the batch's rows). */
  const char   *object;
  const char   *values[N_FIELDS];
  gboolean      set[N_FIELDS];
  /* With merchants_append: the rows for @notes, not yet written. */
  gboolean      append;
  const char   *upsert;   /* but this merchant's, whose row was there */
  Inserts       notes;
  NoteRow       note_rows[INSERT_ROWS];
} MerchantRow;

static void
note_bind (sqlite3_stmt  *stmt,
           int            first,
           gconstpointer  data)
{
  const NoteRow *row = data;

  sqlite3_bind_text (stmt, first + 1, row->object, -1, SQLITE_STATIC);
  for (int i = 0; i < N_FIELDS; i++)
    sqlite3_bind_text (stmt, first + 2 + i, row->values[i], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 5, row->now);
}

static int
merchant_field (const char *field)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (strcmp (field, merchant_fields[i]) == 0)
      return i;
  return -1;  /* a field of a newer Partner Desk: kept in team_fields only */
}

/* The merchant_notes row of the merchant read last, its fields from the
 * hub and the others as they were (a new row: empty), as the pull's
 * upsert of each field one by one leaves it. */
static gboolean
merchant_flush (MerchantRow  *row,
                GError      **error)
{
  sqlite3_stmt *stmt = row->merchant;

  if (row->object == NULL)
    return TRUE;
  if (row->append && (row->upsert == NULL || strcmp (row->object, row->upsert) != 0))
    {
      NoteRow *note = &row->note_rows[row->notes.n_rows];

      note->object = row->object;
      memcpy (note->values, row->values, sizeof note->values);
      note->now = row->now;
      row->object = NULL;
      memset (row->values, 0, sizeof row->values);
      memset (row->set, 0, sizeof row->set);
      return inserts_add (row->store, &row->notes, note, error);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_bind_text (stmt, 1, row->object, -1, SQLITE_STATIC);
  for (int i = 0; i < N_FIELDS; i++)
    {
      if (row->values[i] != NULL)
        sqlite3_bind_text (stmt, 2 + i, row->values[i], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5 + i, row->set[i]);
    }
  sqlite3_bind_int64 (stmt, 8, row->now);
  row->object = NULL;
  memset (row->values, 0, sizeof row->values);
  memset (row->set, 0, sizeof row->set);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (row->store, error, _("applying a team edit to a merchant"));
      return FALSE;
    }
  return TRUE;
}

/* A newer version of a merchant's field, for its merchant_notes row. */
static gboolean
merchant_add (MerchantRow         *row,
              const PdTeamChange  *change,
              GError             **error)
{
  int i = merchant_field (change->field);

  if (i < 0)
    return TRUE;
  if (row->object != NULL && strcmp (row->object, change->object) != 0 && !merchant_flush (row, error))
    return FALSE;
  row->object = change->object;
  row->values[i] = change->value;
  row->set[i] = TRUE;
  return TRUE;
}

static void
field_bind (sqlite3_stmt  *stmt,
            int            first,
            gconstpointer  row)
{
  const PdTeamChange *change = row;

  sqlite3_bind_text (stmt, first + 1, change->entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 2, change->object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 3, change->field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 4, change->seq);
  sqlite3_bind_text (stmt, first + 5, change->value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 6, change->author != NULL ? change->author : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 7, change->desktop, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 8, change->at);
}

/* team_fields' key order (BINARY collation: strcmp). */
static int
field_key_compare (const PdTeamChange *a,
                   const PdTeamChange *b)
{
  int cmp = strcmp (a->object, b->object);

  return cmp != 0 ? cmp : strcmp (a->field, b->field);
}

/* Whether the batch's merchant rows are all new to team_fields and
 * merchant_notes: in strictly ascending key order, after every merchant
 * row the tables have (a first sync's; a snapshot taken again after one
 * was cut short, or rows in another order, take the upserts). The first
 * merchant's fields may have begun in the batch before: *@first_out
 * names it when merchant_notes has its row (it keeps the upsert). */
static gboolean
merchants_append (PdStore             *store,
                  const PdTeamChange  *rows,
                  gsize                n_rows,
                  gboolean            *append,
                  const char         **first_out,
                  GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const PdTeamChange *first = NULL;
  const PdTeamChange *prev = NULL;

  *append = FALSE;
  *first_out = NULL;
  for (gsize i = 0; i < n_rows; i++)
    {
      if (strcmp (rows[i].entity, "merchant") != 0)
        continue;
      if (prev != NULL && field_key_compare (prev, &rows[i]) >= 0)
        return TRUE;
      if (first == NULL)
        first = &rows[i];
      prev = &rows[i];
    }
  if (first == NULL)
    return TRUE;
  stmt = pd_store_prepare (store,
                           "SELECT EXISTS (SELECT 1 FROM team_fields WHERE entity = 'merchant'"
                           "                AND (object, field) >= (?1, ?2))"
                           " OR EXISTS (SELECT 1 FROM merchant_notes WHERE seller_id > ?1),"
                           " EXISTS (SELECT 1 FROM merchant_notes WHERE seller_id = ?1)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first->object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, first->field, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("recording a team field"));
      return FALSE;
    }
  *append = sqlite3_column_int (stmt, 0) == 0;
  *first_out = sqlite3_column_int (stmt, 1) ? first->object : NULL;
  return TRUE;
}

/* The rows of a batch, with nothing waiting in the outbox. */
static gboolean
apply_rows (PdStore             *store,
            PdTeamCache         *cache,
            const PdTeamChange  *rows,
            gsize                n_rows,
            GError             **error)
{
  g_autoptr(sqlite3_stmt) merchant = NULL;
  MerchantRow row = { store, NULL, g_get_real_time () / G_USEC_PER_SEC, NULL, { NULL }, { FALSE } };
  Inserts fields = { "INSERT OR FAIL INTO team_fields (entity, object, field, seq, value, author, desktop, at) VALUES ",
                     "(?,?,?,?,?,?,?,?)", 8, field_bind, N_("recording a team field") };
  gboolean ok = FALSE;

  row.notes = (Inserts) { "INSERT OR FAIL INTO merchant_notes (seller_id, notes, tags, assignee, updated_at) VALUES ",
                          "(?, coalesce (?, ''), coalesce (?, ''), nullif (?, ''), ?)", 5, note_bind,
                          N_("applying a team edit to a merchant") };
  merchant = pd_store_prepare (store,
                               "INSERT INTO merchant_notes (seller_id, notes, tags, assignee, updated_at)"
                               " VALUES (?1, coalesce (?2, ''), coalesce (?3, ''), nullif (?4, ''), ?8)"
                               " ON CONFLICT (seller_id) DO UPDATE SET"
                               " notes = CASE WHEN ?5 THEN excluded.notes ELSE notes END,"
                               " tags = CASE WHEN ?6 THEN excluded.tags ELSE tags END,"
                               " assignee = CASE WHEN ?7 THEN excluded.assignee ELSE assignee END,"
                               " updated_at = excluded.updated_at",
                               error);
  if (merchant == NULL || !merchants_append (store, rows, n_rows, &row.append, &row.upsert, error))
    return FALSE;
  row.merchant = merchant;
  for (gsize i = 0; i < n_rows; i++)
    {
      const PdTeamChange *change = &rows[i];
      gboolean is_merchant = strcmp (change->entity, "merchant") == 0;
      gboolean newer = FALSE;

      if (row.append && is_merchant)
        {
          if (!inserts_add (store, &fields, change, error) || !merchant_add (&row, change, error))
            goto fail;
          continue;
        }
      if (!pd_store_team_record_field (store, cache, change, &newer, error))
        goto fail;
      if (!newer)
        continue;  /* known already: a snapshot cut short, taken again */
      if (is_merchant)
        {
          if (!merchant_add (&row, change, error))
            goto fail;
        }
      else if (!pd_store_team_apply_field (store, cache, change, PD_TEAM_APPLY_SNAPSHOT_UNCHECKED, error))
        goto fail;
    }
  ok = inserts_flush (store, &fields, error) && merchant_flush (&row, error) &&
       inserts_flush (store, &row.notes, error);

fail:
  inserts_clear (&fields);
  inserts_clear (&row.notes);
  return ok;
}

gboolean
pd_store_team_apply_snapshot (PdStore             *store,
                              const PdTeamChange  *rows,
                              gsize                n_rows,
                              gint64               snapshot_seq,
                              GError             **error)
{
  g_autoptr(PdTeamCache) cache = NULL;
  gboolean waiting = FALSE;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (n_rows == 0 && snapshot_seq == 0)
    return TRUE;
  /* A batch touches more pages than the default cache holds: kept in
   * memory (64 MiB) instead of spilled and read again. The WAL is copied
   * into the database every 4096 pages (64 MiB with 16 KiB pages), every
   * few batches, so that the WAL file's pages are written again while the
   * system still holds them: a WAL as large as the snapshot (the
   * checkpoint only when it ends) cost the client more CPU (new pages for
   * the file, freed again when it is truncated) and its end more time. */
  sqlite3_exec (pd_store_get_db (store), "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 4096",
                NULL, NULL, NULL);
  if (!pd_store_begin (store, error))
    return FALSE;
  cache = pd_team_cache_new ();
  if (!pd_store_team_field_waits (store, NULL, NULL, NULL, &waiting, error))
    goto fail;
  if (!waiting)
    {
      if (!apply_rows (store, cache, rows, n_rows, error))
        goto fail;
    }
  else
    {
      for (gsize i = 0; i < n_rows; i++)
        if (!pd_store_team_apply_one (store, cache, &rows[i], PD_TEAM_APPLY_SNAPSHOT, error))
          goto fail;
    }
  g_clear_pointer (&cache, pd_team_cache_free);  /* every statement done before COMMIT */
  return pd_store_team_end_batch (store, snapshot_seq, error);

fail:
  pd_store_rollback (store);
  return FALSE;
}

void
pd_store_team_snapshot_done (PdStore *store)
{
  g_return_if_fail (PD_IS_STORE (store));

  sqlite3_exec (pd_store_get_db (store),
                "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000; PRAGMA wal_checkpoint (TRUNCATE)",
                NULL, NULL, NULL);
}
