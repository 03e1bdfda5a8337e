/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pd-outbox.h"
#include "pd-merchant-rows.h"
#include "pd-store-changes.h"
#include "pd-store-private.h"
#include "pd-sync-state.h"

G_DEFINE_QUARK (pd-store-changes-error-quark, pd_store_changes_error)

void
pd_change_value_clear (PdChangeValue *value)
{
  g_clear_pointer (&value->owned, g_free);
  value->text = NULL;
  value->kind = PD_CHANGE_VALUE_NULL;
}

void
pd_change_value_set_text (PdChangeValue *value,
                          const char    *text)
{
  pd_change_value_clear (value);
  value->kind = PD_CHANGE_VALUE_TEXT;
  value->text = text;
}

void
pd_change_value_take_text (PdChangeValue *value,
                           char          *text)
{
  pd_change_value_clear (value);
  value->kind = PD_CHANGE_VALUE_TEXT;
  value->text = value->owned = text;
}

void
pd_change_value_set_int (PdChangeValue *value,
                         gint64         number)
{
  pd_change_value_clear (value);
  value->kind = PD_CHANGE_VALUE_INT;
  value->number = number;
}

typedef struct
{
  sqlite3_stmt *upsert;
  sqlite3_stmt *select_version;
  sqlite3_stmt *remove;
} TableStatements;

struct _PdStoreChanges
{
  GObject          parent_instance;

  PdStore         *store;
  /* by table, created on first use */
  GHashTable      *statements;
  sqlite3_stmt    *tombstone_get;
  sqlite3_stmt    *tombstone_put;
  sqlite3_stmt    *tombstone_remove;
  sqlite3_stmt    *program_version;
  gint             has_tombstones;  /* -1: unknown, look each one up */
};

G_DEFINE_FINAL_TYPE (PdStoreChanges, pd_store_changes, G_TYPE_OBJECT)

static void
table_statements_free (TableStatements *statements)
{
  g_clear_pointer (&statements->upsert, sqlite3_finalize);
  g_clear_pointer (&statements->select_version, sqlite3_finalize);
  g_clear_pointer (&statements->remove, sqlite3_finalize);
  g_free (statements);
}

static void
pd_store_changes_finalize (GObject *object)
{
  PdStoreChanges *self = PD_STORE_CHANGES (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->tombstone_get, sqlite3_finalize);
  g_clear_pointer (&self->tombstone_put, sqlite3_finalize);
  g_clear_pointer (&self->tombstone_remove, sqlite3_finalize);
  g_clear_pointer (&self->program_version, sqlite3_finalize);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_store_changes_parent_class)->finalize (object);
}

static void
pd_store_changes_class_init (PdStoreChangesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_store_changes_finalize;
}

static void
pd_store_changes_init (PdStoreChanges *self)
{
  self->has_tombstones = -1;
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) table_statements_free);
}

PdStoreChanges *
pd_store_changes_new (PdStore *store)
{
  PdStoreChanges *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_STORE_CHANGES, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* Inside the caller's write transaction nobody else adds tombstones: when
 * there are none, the lookup before each upsert can be skipped. */
gboolean
pd_store_changes_begin (PdStoreChanges  *self,
                        GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE_CHANGES (self), FALSE);

  self->has_tombstones = -1;
  stmt = pd_store_prepare (self->store, "SELECT EXISTS (SELECT 1 FROM tombstones)", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (self->store, error, _("reading the tombstones"));
      return FALSE;
    }
  self->has_tombstones = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static char *
key_condition (const PdStoreTable *table,
               guint               first_parameter)
{
  GString *where = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < table->n_columns; i++)
    if (table->columns[i].flags & PD_TABLE_COLUMN_KEY)
      {
        g_string_append_printf (where, "%s%s = ?%u", n > 0 ? " AND " : "",
                                table->columns[i].name, first_parameter + n);
        n++;
      }
  return g_string_free (where, FALSE);
}

/* INSERT ... ON CONFLICT DO UPDATE ... WHERE newer: the version rule in
 * one statement, so that sqlite3_changes() says whether it applied. */
static char *
build_upsert (const PdStoreTable *table)
{
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autoptr(GString) updates = g_string_new (NULL);

  for (guint i = 0; i < table->n_columns; i++)
    {
      const PdTableColumn *column = &table->columns[i];

      g_string_append_printf (columns, "%s, ", column->name);
      g_string_append_printf (values, "?%u, ", i + 1);
      if (column->flags & PD_TABLE_COLUMN_KEY)
        g_string_append_printf (keys, "%s%s", keys->len > 0 ? ", " : "", column->name);
      else if (column->flags & PD_TABLE_COLUMN_KEEP_LOCAL)
        g_string_append_printf (updates, "%s = coalesce (%s.%s, excluded.%s), ",
                                column->name, table->table, column->name, column->name);
      else if (!(column->flags & PD_TABLE_COLUMN_INSERT_ONLY))
        g_string_append_printf (updates, "%s = excluded.%s, ", column->name, column->name);
    }
  return g_strdup_printf ("INSERT INTO %s (%sversion) VALUES (%s?%u)"
                          " ON CONFLICT (%s) DO UPDATE SET %sversion = excluded.version"
                          " WHERE excluded.version > %s.version",
                          table->table, columns->str, values->str, table->n_columns + 1,
                          keys->str, updates->str, table->table);
}

static gboolean
is_program (const PdStoreTable *table)
{
  return g_str_equal (table->type, "program");
}

static TableStatements *
get_statements (PdStoreChanges      *self,
                const PdStoreTable  *table,
                GError             **error)
{
  TableStatements *statements = g_hash_table_lookup (self->statements, table);
  g_autofree char *condition = NULL;
  g_autofree char *sql = NULL;

  if (statements != NULL)
    return statements;

  statements = g_new0 (TableStatements, 1);
  g_hash_table_insert (self->statements, (gpointer) table, statements);
  condition = key_condition (table, 1);

  sql = g_strdup_printf ("SELECT version FROM %s WHERE %s", table->table, condition);
  statements->select_version = pd_store_prepare (self->store, sql, error);

  g_free (sql);
  if (table->keeps_row_on_delete)
    sql = g_strdup_printf ("UPDATE %s SET left_at = coalesce (left_at, ?%u), version = ?%u WHERE %s",
                           table->table, table->n_keys + 1, table->n_keys + 2, condition);
  else
    sql = g_strdup_printf ("DELETE FROM %s WHERE %s", table->table, condition);
  if (statements->select_version != NULL)
    statements->remove = pd_store_prepare (self->store, sql, error);

  if (!is_program (table) && statements->remove != NULL)
    {
      g_free (sql);
      sql = build_upsert (table);
      statements->upsert = pd_store_prepare (self->store, sql, error);
    }

  if (statements->select_version == NULL || statements->remove == NULL ||
      (!is_program (table) && statements->upsert == NULL))
    {
      g_hash_table_remove (self->statements, table);
      return NULL;
    }
  return statements;
}

static void
bind_value (sqlite3_stmt        *stmt,
            int                  index,
            const PdChangeValue *value)
{
  switch (value->kind)
    {
    case PD_CHANGE_VALUE_INT:
      sqlite3_bind_int64 (stmt, index, value->number);
      break;
    case PD_CHANGE_VALUE_TEXT:
      sqlite3_bind_text (stmt, index, value->text, -1, SQLITE_STATIC);
      break;
    case PD_CHANGE_VALUE_NULL:
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}

static void
bind_keys (sqlite3_stmt        *stmt,
           const PdFeedChange *change)
{
  for (guint i = 0; i < change->n_keys; i++)
    bind_value (stmt, (int) i + 1, &change->keys[i]);
}

/* Runs @stmt to its end; a statement is always reset, even on error. */
static gboolean
step_done (PdStoreChanges       *self,
           sqlite3_stmt         *stmt,
           const PdFeedChange  *change,
           GError              **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  if (sqlite3_extended_errcode (pd_store_get_db (self->store)) == SQLITE_CONSTRAINT_FOREIGNKEY)
    g_set_error (error, PD_STORE_CHANGES_ERROR, PD_STORE_CHANGES_ERROR_UNKNOWN_PROGRAM,
                 _("change %" PRId64 " (%s %s) names a program this store does not have;"
                   " expected the program’s own change before it"),
                 change->seq, change->type, change->id);
  else
    {
      g_autofree char *what = g_strdup_printf (_("applying change %" PRId64 " (%s %s)"),
                                               change->seq, change->type, change->id);

      pd_store_set_sql_error (self->store, error, what);
    }
  return FALSE;
}

/* The version of a row or tombstone, -1 when there is none. */
static gboolean
query_version (PdStoreChanges  *self,
               sqlite3_stmt    *stmt,
               gint64          *version_out,
               GError         **error)
{
  int rc = sqlite3_step (stmt);

  *version_out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  pd_store_set_sql_error (self->store, error, _("reading a version"));
  return FALSE;
}

static gboolean
prepare_tombstones (PdStoreChanges  *self,
                    GError         **error)
{
  if (self->program_version != NULL)
    return TRUE;
  if ((self->tombstone_get == NULL &&
       (self->tombstone_get = pd_store_prepare (self->store,
                                                "SELECT version FROM tombstones"
                                                " WHERE type = ?1 AND id = ?2", error)) == NULL) ||
      (self->tombstone_put == NULL &&
       (self->tombstone_put = pd_store_prepare (self->store,
                                                "INSERT INTO tombstones (type, id, version)"
                                                " VALUES (?1, ?2, ?3) ON CONFLICT (type, id)"
                                                " DO UPDATE SET version = max (version, excluded.version)",
                                                error)) == NULL) ||
      (self->tombstone_remove == NULL &&
       (self->tombstone_remove = pd_store_prepare (self->store,
                                                   "DELETE FROM tombstones WHERE type = ?1 AND id = ?2",
                                                   error)) == NULL) ||
      (self->program_version = pd_store_prepare (self->store,
                                                 "UPDATE programs SET version = ?2 WHERE id = ?1",
                                                 error)) == NULL)
    return FALSE;
  return TRUE;
}

static gboolean
apply_program (PdStoreChanges       *self,
               const PdFeedChange  *change,
               TableStatements      *statements,
               gboolean             *applied_out,
               GError              **error)
{
  gint64 local;

  bind_keys (statements->select_version, change);
  if (!query_version (self, statements->select_version, &local, error))
    return FALSE;
  if (change->version <= local)
    return TRUE;

  if (!pd_store_save_program (self->store, change->program, "sync", error))
    return FALSE;
  sqlite3_bind_text (self->program_version, 1, change->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (self->program_version, 2, change->version);
  if (!step_done (self, self->program_version, change, error))
    return FALSE;
  *applied_out = TRUE;
  return TRUE;
}

static gboolean
apply_upsert (PdStoreChanges       *self,
              const PdFeedChange  *change,
              TableStatements      *statements,
              gint64                tombstone,
              gboolean             *applied_out,
              GError              **error)
{
  const PdStoreTable *table = change->table;

  if (is_program (table))
    {
      if (!apply_program (self, change, statements, applied_out, error))
        return FALSE;
    }
  else
    {
      for (guint i = 0; i < table->n_columns; i++)
        bind_value (statements->upsert, (int) i + 1, &change->values[i]);
      sqlite3_bind_int64 (statements->upsert, (int) table->n_columns + 1, change->version);
      if (!step_done (self, statements->upsert, change, error))
        return FALSE;
      *applied_out = sqlite3_changes (pd_store_get_db (self->store)) > 0;
    }

  if (*applied_out && tombstone >= 0)
    {
      sqlite3_bind_text (self->tombstone_remove, 1, change->type, -1, SQLITE_STATIC);
      sqlite3_bind_text (self->tombstone_remove, 2, change->id, -1, SQLITE_STATIC);
      if (!step_done (self, self->tombstone_remove, change, error))
        return FALSE;
    }
  return TRUE;
}

/* A delete: ignored when the local copy is as new or newer. */
static gboolean
apply_delete (PdStoreChanges       *self,
              const PdFeedChange  *change,
              TableStatements      *statements,
              gboolean             *applied_out,
              GError              **error)
{
  gint64 local;

  bind_keys (statements->select_version, change);
  if (!query_version (self, statements->select_version, &local, error))
    return FALSE;
  if (change->version <= local)
    return TRUE;

  if (local >= 0)
    {
      bind_keys (statements->remove, change);
      if (change->table->keeps_row_on_delete)
        {
          sqlite3_bind_int64 (statements->remove, (int) change->n_keys + 1,
                              g_get_real_time () / G_USEC_PER_SEC);
          sqlite3_bind_int64 (statements->remove, (int) change->n_keys + 2, change->version);
        }
      if (!step_done (self, statements->remove, change, error))
        return FALSE;
    }

  sqlite3_bind_text (self->tombstone_put, 1, change->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->tombstone_put, 2, change->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (self->tombstone_put, 3, change->version);
  if (!step_done (self, self->tombstone_put, change, error))
    return FALSE;
  if (self->has_tombstones == 0)
    self->has_tombstones = 1;
  *applied_out = TRUE;
  return TRUE;
}

gboolean
pd_store_changes_apply (PdStoreChanges       *self,
                        const PdFeedChange  *change,
                        gboolean             *applied_out,
                        GError              **error)
{
  TableStatements *statements;
  gint64 tombstone;

  g_return_val_if_fail (PD_IS_STORE_CHANGES (self), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);
  g_return_val_if_fail (applied_out != NULL, FALSE);

  *applied_out = FALSE;
  if (change->table == NULL)
    return TRUE;
  g_return_val_if_fail (change->n_keys == change->table->n_keys, FALSE);
  g_return_val_if_fail (change->op == PD_CHANGE_OP_DELETE ||
                        (is_program (change->table) ? change->program != NULL : change->values != NULL),
                        FALSE);

  if (!prepare_tombstones (self, error) ||
      (statements = get_statements (self, change->table, error)) == NULL)
    return FALSE;

  tombstone = -1;
  if (self->has_tombstones != 0)
    {
      sqlite3_bind_text (self->tombstone_get, 1, change->type, -1, SQLITE_STATIC);
      sqlite3_bind_text (self->tombstone_get, 2, change->id, -1, SQLITE_STATIC);
      if (!query_version (self, self->tombstone_get, &tombstone, error))
        return FALSE;
    }
  if (change->version <= tombstone)
    return TRUE;

  if (change->op == PD_CHANGE_OP_UPSERT)
    return apply_upsert (self, change, statements, tombstone, applied_out, error);
  return apply_delete (self, change, statements, applied_out, error);
}

/* Whose Merchants page rows @change changes: the seller it names, or
 * every row (rates, programs, a store or link deleted by key only). */
static void
touch_change (PdMerchantTouched   *touched,
              const PdFeedChange  *change)
{
  const PdStoreTable *table = change->table;
  gboolean sellers = g_str_equal (table->table, "target_merchants") || g_str_equal (table->table, "stores") ||
                     g_str_equal (table->table, "links");

  if (g_str_equal (table->table, "exchange_rates") || is_program (table))
    pd_merchant_touched_add_all (touched);
  else if (sellers && change->op == PD_CHANGE_OP_DELETE)
    {
      if (g_str_equal (table->table, "target_merchants") && change->n_keys == 2 &&
          change->keys[1].kind == PD_CHANGE_VALUE_TEXT)
        pd_merchant_touched_add (touched, change->keys[1].text);
      else
        pd_merchant_touched_add_all (touched);
    }
  else if (sellers && change->values != NULL)
    for (guint i = 0; i < table->n_columns; i++)
      if (g_str_equal (table->columns[i].name, "seller_id") && change->values[i].kind == PD_CHANGE_VALUE_TEXT)
        pd_merchant_touched_add (touched, change->values[i].text);
}

gboolean
pd_store_changes_apply_page (PdStoreChanges        *self,
                             const PdFeedChange  **changes,
                             guint                  n_changes,
                             const char            *next_cursor,
                             const char            *where,
                             guint64               *applied_out,
                             guint64               *ignored_out,
                             GError               **error)
{
  g_autoptr(PdMerchantTouched) touched = pd_merchant_touched_new ();
  guint64 applied = 0, ignored = 0;

  g_return_val_if_fail (PD_IS_STORE_CHANGES (self), FALSE);
  g_return_val_if_fail (changes != NULL || n_changes == 0, FALSE);
  g_return_val_if_fail (next_cursor != NULL && where != NULL, FALSE);

  if (!pd_store_begin (self->store, error))
    return FALSE;
  if (!pd_store_changes_begin (self, error))
    goto fail;
  for (guint i = 0; i < n_changes; i++)
    {
      gboolean changed;

      if (!pd_store_changes_apply (self, changes[i], &changed, error))
        {
          g_prefix_error (error, "%s: ", where);
          goto fail;
        }
      if (changed)
        {
          applied++;
          if (changes[i]->table != NULL)
            touch_change (touched, changes[i]);
        }
      else
        ignored++;
    }
  /* The rows of the sellers the page changed, in its transaction (or
   * marked stale, for one pass later). */
  if (!pd_merchant_rows_update (self->store, touched, g_get_real_time () / G_USEC_PER_SEC, error) ||
      !pd_sync_state_set (self->store, PD_SYNC_STATE_CURSOR, next_cursor, error) ||
      !pd_store_commit (self->store, error))
    goto fail;
  *applied_out = applied;
  *ignored_out = ignored;
  return TRUE;

fail:
  pd_store_rollback (self->store);
  return FALSE;
}

gboolean
pd_store_changes_apply_sent (PdStoreChanges       *self,
                             gint64                outbox_id,
                             const PdFeedChange  *answer,
                             const char           *where,
                             GError              **error)
{
  g_return_val_if_fail (PD_IS_STORE_CHANGES (self), FALSE);
  g_return_val_if_fail (where != NULL, FALSE);

  if (!pd_store_begin (self->store, error))
    return FALSE;
  if (!pd_store_changes_begin (self, error))
    goto fail;
  if (answer != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean applied;

      if (!pd_store_changes_apply (self, answer, &applied, &local_error))
        g_debug ("%s: the answer is left to the feed: %s", where, local_error->message);
    }
  if (!pd_outbox_remove_sent (self->store, outbox_id, error) ||
      !pd_store_commit (self->store, error))
    goto fail;
  return TRUE;

fail:
  pd_store_rollback (self->store);
  return FALSE;
}
