/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-merchant-refresh-private.h"
#include "pd-merchant-text.h"
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
  w->grown = g_array_new (FALSE, FALSE, sizeof (PdMerchantGrown));
  w->grown_words = g_string_new (NULL);
  w->old_doc = g_string_new (NULL);
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
  if (w->updated + w->replaced > 0)
    g_debug ("Merchants: %" G_GUINT64_FORMAT " rows updated in place (%" G_GUINT64_FORMAT " given new words),"
             " the rows of %" G_GUINT64_FORMAT " sellers replaced", w->updated, w->grown_rows, w->replaced);
  w->updated = w->replaced = w->grown_rows = 0;
  g_clear_pointer (&w->existing, sqlite3_finalize);
  g_clear_pointer (&w->updates, g_hash_table_unref);
  g_clear_pointer (&w->columns, g_strfreev);
  g_clear_pointer (&w->insert_row, sqlite3_finalize);
  g_clear_pointer (&w->insert_doc, sqlite3_finalize);
  g_clear_pointer (&w->delete_row, sqlite3_finalize);
  g_clear_pointer (&w->dead, pd_bits_free);
  g_clear_pointer (&w->seen, pd_bits_free);
  g_clear_pointer (&w->grown, g_array_unref);
  if (w->grown_words != NULL)
    g_string_free (g_steal_pointer (&w->grown_words), TRUE);
  if (w->old_doc != NULL)
    g_string_free (g_steal_pointer (&w->old_doc), TRUE);
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

/* Besides the value columns (bits 0 .. N_VALUES - 1 of a mask), an
 * update in place may set these two. */
#define COLUMN_STORE_ID N_VALUES
#define COLUMN_DOC_HASH (N_VALUES + 1)
#define N_COLUMNS       (N_VALUES + 2)

/* The UPDATE of the columns in @mask (bit c: column c, as parameter
 * c + 2; the id is ?1). Only those: SQLite rewrites the index entries of
 * every column a statement sets, changed or not, and a link or a store
 * changes two or three of the row's nineteen. */
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
      w->columns = g_strsplit (VALUE_COLUMNS ", store_id, doc_hash", ",", -1);
      g_assert (g_strv_length (w->columns) == N_COLUMNS);
      for (int c = 0; c < N_COLUMNS; c++)
        g_strstrip (w->columns[c]);
    }
  sql = g_string_new ("UPDATE merchant_rows_");
  g_string_append_printf (sql, "%s SET ", w->set);
  for (int c = 0, n = 0; c < N_COLUMNS; c++)
    if (mask & (1u << c))
      g_string_append_printf (sql, "%s%s = ?%d", n++ > 0 ? ", " : "", w->columns[c], c + 2);
  g_string_append (sql, " WHERE id = ?1");
  stmt = pd_store_prepare (w->store, sql->str, error);
  if (stmt != NULL)
    g_hash_table_insert (w->updates, GUINT_TO_POINTER (mask), stmt);
  return stmt;
}

/* @what untranslated (N_()): translated only for an error, not for each
 * of a pass's hundreds of thousands of steps. */
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
      pd_store_set_sql_error (w->store, error, _(what));
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
    w->built_max = state.built_max;
    if (state.built_max == G_MAXUINT64)
      {
        w->built_max = (guint64) w->next_id - 1;
        if (!pd_merchant_state_set (w->store, "built_max", w->next_id - 1, error))
          return FALSE;
      }
  }
  g_array_set_size (w->grown, 0);
  g_string_truncate (w->grown_words, 0);
  return TRUE;
}

gboolean
pd_merchant_row_writer_delete (PdMerchantRowWriter  *w,
                               gint64                id,
                               GError              **error)
{
  sqlite3_bind_int64 (w->delete_row, 1, id);
  if (!step_done (w, w->delete_row, N_("updating a merchant row"), error))
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
  if (!step_done (w, w->insert_doc, N_("indexing a merchant row for search"), error))
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

/* Whether @doc (words each followed by a space) holds @word. */
static gboolean
doc_has_word (const char *doc,
              gsize       length,
              const char *word,
              gsize       word_length)
{
  const char *end = doc + length;

  for (const char *p = doc; p < end;)
    {
      const char *space = memchr (p, ' ', (gsize) (end - p));
      gsize n = space != NULL ? (gsize) (space - p) : (gsize) (end - p);

      if (n == word_length && memcmp (p, word, n) == 0)
        return TRUE;
      p += n + 1;
    }
  return FALSE;
}

/* A row's words that only grow (a store opened: its id is a new word)
 * need not cost a new row: the row keeps its id, its columns are
 * updated, and the full-text index gets a second entry for the same
 * rowid holding only the new words. Checked with SQLite 3.40.1 and this
 * table's FTS5 options (contentless, detail=none, prefix='2', column
 * sizes kept) by tests/bench/fts5-rowid-twice.py: 3,000 rows of random
 * Latin and CJK words in six transactions, then four rounds of new words
 * for a quarter of the rows in id order, and for fifty rows out of order
 * and twice in a row. FTS5 takes the second INSERT of a rowid (no
 * content row to conflict with; s_docsize keeps one row per rowid), and
 * every MATCH of each term and of each beginning of 1 to 5 characters
 * (the two-character lists included), the fts5vocab 'instance' table
 * the search keys are made from, and a scan of the table gave the expected rows,
 * each rowid once, before and after automerges, a 'merge' and an
 * 'optimize'; 'integrity-check' passes. (A two-character list
 * may hold a rowid in two segments, for an old word and a new one of the
 * same beginning; a segment's entry replaces an older one's for the same
 * rowid, as for any update of a row.) Rowids must come in ascending
 * order, though: FTS5 writes its pending terms out as a new segment
 * whenever a rowid is not above the last one, and 20,000 new words at
 * random rows of 200,000 took 1.08 s of CPU against 0.08 s in id order.
 * So the new words wait for the flush, sorted.
 *
 * The old words: @doc's words before the store's (doc_store bytes) and
 * those of the row's old store @old_store, when that doc has the row's
 * @old_hash (otherwise other details changed too, and the old words are
 * not known). Then each of its words the new doc lacks is a word lost
 * (the row is replaced), and each new word it lacks is appended to
 * grown_words. */
static gboolean
words_grow (PdMerchantRowWriter  *w,
            const Values         *v,
            const char           *doc,
            gsize                 length,
            const char           *old_store,
            gint64                old_hash)
{
  GString *old = w->old_doc;
  gsize start = w->grown_words->len;

  /* The same store: that doc is the new one, whose hash differs. */
  if (g_strcmp0 (old_store, v->store_id) == 0)
    return FALSE;
  g_string_truncate (old, 0);
  g_string_append_len (old, doc, (gssize) v->doc_store);
  pd_merchant_text_append_words (old, old_store);
  if ((gint64) pd_merchant_text_hash (old->str, old->len) != old_hash)
    return FALSE;
  for (const char *p = old->str + v->doc_store; p < old->str + old->len;)
    {
      gsize n = (gsize) (strchr (p, ' ') - p);

      if (!doc_has_word (doc, length, p, n))
        return FALSE;
      p += n + 1;
    }
  for (const char *p = doc + v->doc_store; p < doc + length;)
    {
      gsize n = (gsize) ((const char *) memchr (p, ' ', (gsize) (doc + length - p)) - p);

      if (!doc_has_word (old->str, old->len, p, n) &&
          !doc_has_word (w->grown_words->str + start, w->grown_words->len - start, p, n))
        g_string_append_len (g_string_append_len (w->grown_words, p, (gssize) n), " ", 1);
      p += n + 1;
    }
  return TRUE;
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
  guint grown_mark = w->grown->len;
  gsize words_mark = w->grown_words->len;
  gboolean same_shape = TRUE;
  int rc;

  g_return_val_if_fail (w->begun, FALSE);

  sqlite3_reset (w->existing);
  sqlite3_bind_text (w->existing, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (w->existing, 2, program_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (w->existing)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (w->existing, 0);
      gint64 old_hash = sqlite3_column_int64 (w->existing, 2);
      guint i = ids->len;
      guint32 d = 0;

      g_array_append_val (ids, id);
      if (!same_shape || i >= n)
        {
          same_shape = FALSE;
          continue;
        }
      if (old_hash != values[i].doc_hash)
        {
          gsize offset = w->grown_words->len;

          if (!words_grow (w, &values[i], docs[i], doc_lengths[i],
                           (const char *) sqlite3_column_text (w->existing, 1), old_hash))
            {
              same_shape = FALSE;
              continue;
            }
          d |= 1u << COLUMN_DOC_HASH;
          if (w->grown_words->len > offset)
            {
              PdMerchantGrown g = { id, offset, w->grown_words->len - offset };

              g_array_append_val (w->grown, g);
            }
        }
      if (!pd_merchant_text_equals_column (values[i].store_id, w->existing, 1))
        d |= 1u << COLUMN_STORE_ID;
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
      w->grown_rows += w->grown->len - grown_mark;
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
          if (mask & (1u << COLUMN_STORE_ID))
            {
              if (values[i].store_id != NULL)
                sqlite3_bind_text (update, 2 + COLUMN_STORE_ID, values[i].store_id, -1, SQLITE_STATIC);
              else
                sqlite3_bind_null (update, 2 + COLUMN_STORE_ID);
            }
          if (mask & (1u << COLUMN_DOC_HASH))
            sqlite3_bind_int64 (update, 2 + COLUMN_DOC_HASH, values[i].doc_hash);
          if (!step_done (w, update, N_("updating a merchant row"), error))
            return FALSE;
          w->updated++;
          w->changed = TRUE;
        }
      return TRUE;
    }

  /* Words lost, or another number of rows: new rows. */
  g_array_set_size (w->grown, grown_mark);
  g_string_truncate (w->grown_words, words_mark);
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
      if (!step_done (w, w->insert_row, N_("writing a merchant row"), error))
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

static int
compare_grown (gconstpointer a,
               gconstpointer b)
{
  gint64 x = ((const PdMerchantGrown *) a)->id;
  gint64 y = ((const PdMerchantGrown *) b)->id;

  return x < y ? -1 : x > y;
}

/* The words rows gained in place, under their ids in ascending order
 * (see words_grow ()), and the search keys that now hold those rows. */
static gboolean
index_grown (PdMerchantRowWriter  *w,
             PdMerchantState      *state,
             GError              **error)
{
  if (w->grown->len == 0)
    return TRUE;
  g_array_sort (w->grown, compare_grown);
  for (guint i = 0; i < w->grown->len; i++)
    {
      const PdMerchantGrown *g = &g_array_index (w->grown, PdMerchantGrown, i);

      /* The new words' first characters join the one-character keys at
       * the flush, like a new row's. */
      if (!index_doc (w, g->id, w->grown_words->str + g->offset, g->length, error))
        return FALSE;
    }
  /* "grown" tells a making of the keys that started before this that
   * rows it read may have gained words since. */
  if (!pd_merchant_keys_add_grown (w->store, w->set, w->built_max, (const PdMerchantGrown *) (void *) w->grown->data,
                                   w->grown->len, w->grown_words->str, error) ||
      !pd_merchant_state_set (w->store, "grown", state->grown + 1, error))
    return FALSE;
  g_array_set_size (w->grown, 0);
  g_string_truncate (w->grown_words, 0);
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
          !index_grown (w, &state, error) ||
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
  if (!step_done (w, stmt, N_("writing a merchant row"), error))
    return FALSE;
  w->dead_changed = FALSE;
  return TRUE;
}
