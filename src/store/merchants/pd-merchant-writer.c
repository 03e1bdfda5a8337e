/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-merchant-refresh-private.h"
#include "pd-merchant-writer.h"
#include "pd-store-private.h"

static sqlite3_stmt *
prepare_set (PdStore     *store,
             const char  *set,
             GError     **error,
             const char  *format)
{
  g_autoptr(GString) sql = g_string_new (format);

  g_string_replace (sql, "%s", set, 0);
  return pd_store_prepare (store, sql->str, error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

gboolean
pd_merchant_row_writer_init (PdMerchantRowWriter  *w,
                             PdStore              *store,
                             const char           *set,
                             GError              **error)
{
  memset (w, 0, sizeof *w);
  w->store = store;
  w->set[0] = set[0];
  w->existing = prepare_set (store, set, error,
                             "SELECT id, store_id, doc_hash, " VALUE_COLUMNS " FROM merchant_rows_%s"
                             " WHERE seller_id = ?1 AND program_id = ?2 ORDER BY id");
  if (w->existing == NULL)
    return FALSE;
  w->updates = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  w->insert_row = prepare_set (store, set, error,
                               "INSERT INTO merchant_rows_%s (id, program_id, seller_id, store_id, doc_hash, "
                               VALUE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                               " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)");
  if (w->insert_row == NULL)
    return FALSE;
  w->insert_doc = prepare_set (store, set, error, "INSERT INTO merchant_search_%s (rowid, doc) VALUES (?1, ?2)");
  if (w->insert_doc == NULL)
    return FALSE;
  w->delete_row = prepare_set (store, set, error, "DELETE FROM merchant_rows_%s WHERE id = ?1");
  w->initials = pd_merchant_initials_new (store);
  return w->delete_row != NULL;
}

void
pd_merchant_row_writer_clear (PdMerchantRowWriter *w)
{
  g_clear_pointer (&w->existing, sqlite3_finalize);
  g_clear_pointer (&w->updates, g_hash_table_unref);
  g_clear_pointer (&w->columns, g_strfreev);
  g_clear_pointer (&w->insert_row, sqlite3_finalize);
  g_clear_pointer (&w->insert_doc, sqlite3_finalize);
  g_clear_pointer (&w->delete_row, sqlite3_finalize);
  g_clear_pointer (&w->dead, pd_bits_free);
  g_clear_pointer (&w->seen, pd_bits_free);
  g_clear_pointer (&w->initials, pd_merchant_initials_free);
}

PdBits *
pd_merchant_dead_ids_read (PdStore     *store,
                           const char  *set,
                           guint64      n_bits,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_set (store, set, error,
                                              "SELECT bits FROM merchant_keys_%s WHERE key = ''");
  PdBits *bits = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    bits = pd_bits_deserialize (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0), n_bits);
  else if (rc == SQLITE_DONE)
    bits = pd_bits_new (n_bits);
  if (bits == NULL)
    pd_store_set_sql_error (store, error, _("reading the merchants"));
  return bits;
}

/* The UPDATE of the value columns in @mask (bit c: column c, as
 * parameter c + 2; the id is ?1). Only those: SQLite rewrites the index
 * entries of every column a statement sets, changed or not, and a link
 * or a store changes two or three of the row's nineteen. */
static sqlite3_stmt *
update_statement (PdMerchantRowWriter  *w,
                  guint32               mask,
                  GError              **error)
{
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt = g_hash_table_lookup (w->updates, GUINT_TO_POINTER (mask));

  if (stmt != NULL)
    return stmt;
  if (w->columns == NULL)
    {
      w->columns = g_strsplit (VALUE_COLUMNS, ",", -1);
      g_assert (g_strv_length (w->columns) == N_VALUES);
      for (int c = 0; c < N_VALUES; c++)
        g_strstrip (w->columns[c]);
    }
  sql = g_string_new ("UPDATE merchant_rows_");
  g_string_append_printf (sql, "%s SET ", w->set);
  for (int c = 0, n = 0; c < N_VALUES; c++)
    if (mask & (1u << c))
      g_string_append_printf (sql, "%s%s = ?%d", n++ > 0 ? ", " : "", w->columns[c], c + 2);
  g_string_append (sql, " WHERE id = ?1");
  stmt = pd_store_prepare (w->store, sql->str, error);
  if (stmt != NULL)
    g_hash_table_insert (w->updates, GUINT_TO_POINTER (mask), stmt);
  return stmt;
}

static gboolean
step_done (PdMerchantRowWriter  *w,
           sqlite3_stmt         *stmt,
           const char           *what,
           GError              **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (w->store, error, what);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_merchant_row_writer_begin (PdMerchantRowWriter  *w,
                              GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_set (w->store, w->set, error,
                                              "SELECT ifnull (max (id), 0) FROM merchant_rows_%s");

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (w->store, error, _("reading the merchants"));
      return FALSE;
    }
  w->next_id = sqlite3_column_int64 (stmt, 0) + 1;
  /* The last rows may have been deleted: ids go on after them. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = pd_store_prepare (w->store, "SELECT value FROM merchant_state WHERE key = 'next_id'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    w->next_id = MAX (w->next_id, g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10));
  g_clear_pointer (&w->dead, pd_bits_free);
  w->dead = pd_merchant_dead_ids_read (w->store, w->set, (guint64) w->next_id + 1024, error);
  if (w->dead == NULL)
    return FALSE;
  w->dead_changed = FALSE;
  {
    guint64 mark;
    gboolean found;

    /* The rows appended from now on extend them only if they hold every
     * row before (a version without them may have written since). */
    if (!pd_merchant_initials_mark (w->store, w->set, &mark, &found, error))
      return FALSE;
    w->initials_complete = found && mark + 1 >= (guint64) w->next_id;
  }
  w->begun = TRUE;

  /* Rows built before "built_max" was kept: the keys hold them all, and
   * the rows appended from now on are after them. */
  {
    PdMerchantState state;

    if (!pd_merchant_state_read (w->store, &state, error))
      return FALSE;
    if (state.built_max == G_MAXUINT64 &&
        !pd_merchant_state_set (w->store, "built_max", w->next_id - 1, error))
      return FALSE;
  }
  return TRUE;
}

gboolean
pd_merchant_row_writer_delete (PdMerchantRowWriter  *w,
                               gint64                id,
                               GError              **error)
{
  sqlite3_bind_int64 (w->delete_row, 1, id);
  if (!step_done (w, w->delete_row, _("updating a merchant row"), error))
    return FALSE;
  pd_bits_grow (&w->dead, (guint64) id + 1);
  pd_bits_set (w->dead, (guint64) id);
  w->dead_changed = TRUE;
  w->changed = TRUE;
  w->rows_delta--;
  return TRUE;
}

/* Row @id's words into the full-text index and the one-character keys:
 * every doc written goes through here. */
static gboolean
index_doc (PdMerchantRowWriter  *w,
           gint64                id,
           const char           *doc,
           gsize                 length,
           GError              **error)
{
  sqlite3_bind_int64 (w->insert_doc, 1, id);
  sqlite3_bind_text (w->insert_doc, 2, doc, (int) length, SQLITE_STATIC);
  if (!step_done (w, w->insert_doc, _("indexing a merchant row for search"), error))
    return FALSE;
  pd_merchant_initials_add_doc (w->initials, (guint64) id, doc, length);
  return TRUE;
}

static void
mark_seen (PdMerchantRowWriter *w,
           gint64               id)
{
  if (w->seen == NULL)
    return;
  pd_bits_grow (&w->seen, (guint64) id + 1);
  pd_bits_set (w->seen, (guint64) id);
}

gboolean
pd_merchant_row_writer_put (PdMerchantRowWriter  *w,
                            const char           *program_id,
                            const char           *seller_id,
                            const Values         *values,
                            const char * const   *docs,
                            const gsize          *doc_lengths,
                            guint                 n,
                            GError              **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) differs = g_array_new (FALSE, TRUE, sizeof (guint32));
  gboolean same_shape = TRUE;
  int rc;

  g_return_val_if_fail (w->begun, FALSE);

  sqlite3_reset (w->existing);
  sqlite3_bind_text (w->existing, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->existing, 2, program_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (w->existing)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (w->existing, 0);
      guint i = ids->len;
      guint32 d = 0;

      g_array_append_val (ids, id);
      if (!same_shape || i >= n ||
          !pd_merchant_text_equals_column (values[i].store_id, w->existing, 1) ||
          sqlite3_column_int64 (w->existing, 2) != values[i].doc_hash)
        {
          same_shape = FALSE;
          continue;
        }
      for (int c = 0; c < N_VALUES; c++)
        if (!pd_merchant_cell_equals_column (&values[i].v[c], w->existing, 3 + c))
          d |= 1u << c;
      g_array_append_val (differs, d);
    }
  sqlite3_reset (w->existing);
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (w->store, error, _("reading a merchant"));
      return FALSE;
    }
  if (ids->len != n)
    same_shape = FALSE;

  if (same_shape)
    {
      for (guint i = 0; i < n; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          guint32 mask = g_array_index (differs, guint32, i);
          sqlite3_stmt *update;

          mark_seen (w, id);
          if (mask == 0)
            continue;
          update = update_statement (w, mask, error);
          if (update == NULL)
            return FALSE;
          sqlite3_bind_int64 (update, 1, id);
          for (int c = 0; c < N_VALUES; c++)
            if (mask & (1u << c))
              pd_merchant_bind_cell (update, 2 + c, &values[i].v[c]);
          if (!step_done (w, update, _("updating a merchant row"), error))
            return FALSE;
          w->updated++;
          w->changed = TRUE;
        }
      return TRUE;
    }

  for (guint i = 0; i < ids->len; i++)
    if (!pd_merchant_row_writer_delete (w, g_array_index (ids, gint64, i), error))
      return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const Values *v = &values[i];
      gint64 id = w->next_id++;

      sqlite3_bind_int64 (w->insert_row, 1, id);
      sqlite3_bind_text (w->insert_row, 2, v->program_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->insert_row, 3, v->seller_id, -1, SQLITE_STATIC);
      if (v->store_id != NULL)
        sqlite3_bind_text (w->insert_row, 4, v->store_id, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (w->insert_row, 4);
      sqlite3_bind_int64 (w->insert_row, 5, v->doc_hash);
      for (int c = 0; c < N_VALUES; c++)
        pd_merchant_bind_cell (w->insert_row, 6 + c, &v->v[c]);
      if (!step_done (w, w->insert_row, _("writing a merchant row"), error))
        return FALSE;
      if (!index_doc (w, id, docs[i], doc_lengths[i], error))
        return FALSE;
      mark_seen (w, id);
      w->rows_delta++;
      w->changed = TRUE;
    }
  w->replaced++;
  return TRUE;
}

gboolean
pd_merchant_row_writer_flush (PdMerchantRowWriter  *w,
                              GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) blob = NULL;
  PdMerchantState state;
  gconstpointer data;
  gsize size;

  if (!w->begun)
    return TRUE;
  w->begun = FALSE;
  if (w->changed)
    {
      if (!pd_merchant_state_read (w->store, &state, error) ||
          !pd_merchant_state_set (w->store, "rows", MAX ((gint64) state.rows + w->rows_delta, 0), error) ||
          !pd_merchant_state_set (w->store, "generation", (gint64) state.generation + 1, error))
        return FALSE;
      w->rows_delta = 0;
      w->changed = FALSE;
    }
  if (!pd_merchant_initials_merge (w->initials, w->set, (guint64) w->next_id, w->initials_complete, error))
    return FALSE;
  if (!w->dead_changed)
    return TRUE;
  if (!pd_merchant_state_set (w->store, "next_id", w->next_id, error))
    return FALSE;
  stmt = prepare_set (w->store, w->set, error,
                      "INSERT OR REPLACE INTO merchant_keys_%s (key, n, bits) VALUES ('', ?1, ?2)");
  if (stmt == NULL)
    return FALSE;
  blob = pd_bits_serialize (w->dead);
  data = g_bytes_get_data (blob, &size);
  sqlite3_bind_int64 (stmt, 1, (gint64) pd_bits_count (w->dead));
  sqlite3_bind_blob (stmt, 2, data, (int) size, SQLITE_STATIC);
  if (!step_done (w, stmt, _("writing a merchant row"), error))
    return FALSE;
  w->dead_changed = FALSE;
  return TRUE;
}
