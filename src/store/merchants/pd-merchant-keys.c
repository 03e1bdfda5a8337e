/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-bits.h"
#include "pd-merchant-refresh-private.h"
#include "pd-merchant-writer.h"
#include "pd-store-private.h"

/* Frequent word beginnings, a rebuild's last step: those that at least
 * PD_MERCHANT_KEY_MIN_ROWS rows hold are stored with their rows as a
 * bitmap (merchant_keys_N), so that a search for one reads one blob
 * instead of a long list of the full-text index. */

typedef struct
{
  gsize    length;   /* bytes of the prefix */
  GArray  *ids;      /* guint32, unordered, with repeats */
  PdBits  *bits;     /* instead, once there are many */
} Level;

typedef struct
{
  const PdMerchantWriteBatch *batch;
  PdStore      *writer;
  guint64       n_bits;
  guint64       dense_at;
  guint64       min_rows;
  gboolean      initials_kept;  /* the one-character keys are there */
  GArray       *levels;  /* Level */
  GString      *term;
  sqlite3_stmt *insert;
  guint64       stored;
  gsize         pending_bytes;
} Keys;

static void
level_densify (Keys  *k,
               Level *l)
{
  if (l->bits != NULL)
    return;
  l->bits = pd_bits_new (k->n_bits);
  for (guint i = 0; i < l->ids->len; i++)
    pd_bits_set (l->bits, g_array_index (l->ids, guint32, i));
  g_clear_pointer (&l->ids, g_array_unref);
}

static void
level_add (Keys    *k,
           Level   *l,
           guint32  id)
{
  if (l->bits != NULL)
    {
      pd_bits_set (l->bits, id);
      return;
    }
  g_array_append_val (l->ids, id);
  if (l->ids->len > k->dense_at)
    level_densify (k, l);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

gboolean
pd_merchant_keys_write (PdStore       *store,
                        sqlite3_stmt  *stmt,
                        const char    *key,
                        int            length,
                        const PdBits  *bits,
                        guint64        count,
                        gsize         *size_out,
                        GError       **error)
{
  g_autoptr(GBytes) blob = pd_bits_serialize (bits);
  gsize size;
  gconstpointer data = g_bytes_get_data (blob, &size);
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, key, length, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (gint64) count);
  sqlite3_bind_blob (stmt, 3, data, (int) size, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("writing the search keys"));
      return FALSE;
    }
  if (size_out != NULL)
    *size_out = size;
  return TRUE;
}

static gboolean
keys_store (Keys        *k,
            const char  *key,
            gsize        length,
            PdBits      *bits,
            guint64      count,
            GError     **error)
{
  gsize size;

  if (!k->batch->begin (k->batch->data, error) ||
      !pd_merchant_keys_write (k->writer, k->insert, key, (int) length, bits, count, &size, error))
    return FALSE;
  k->stored++;
  k->pending_bytes += size;
  if (k->pending_bytes > 8 * 1024 * 1024 || k->batch->full (k->batch->data))
    {
      k->pending_bytes = 0;
      if (!k->batch->commit (k->batch->data, error))
        return FALSE;
    }
  return TRUE;
}

/* Stores the top level when enough rows hold it, then hands its rows to
 * the level below (a shorter prefix holds every row a longer one does). */
static gboolean
keys_pop (Keys     *k,
          GError  **error)
{
  Level *l = &g_array_index (k->levels, Level, k->levels->len - 1);
  Level *parent = k->levels->len > 1 ? &g_array_index (k->levels, Level, k->levels->len - 2) : NULL;
  gboolean ok = TRUE;

  /* The bottom level is the first character's. */
  if (k->initials_kept && k->levels->len == 2)
    parent = NULL;
  if (k->initials_kept && k->levels->len == 1)
    {
      g_clear_pointer (&l->ids, g_array_unref);
      g_clear_pointer (&l->bits, pd_bits_free);
      g_array_set_size (k->levels, 0);
      return TRUE;
    }

  if (l->bits == NULL && l->ids->len >= k->min_rows)
    {
      guint n = 0;

      g_array_sort (l->ids, compare_ids);
      for (guint i = 0; i < l->ids->len; i++)
        if (n == 0 || g_array_index (l->ids, guint32, i) != g_array_index (l->ids, guint32, n - 1))
          g_array_index (l->ids, guint32, n++) = g_array_index (l->ids, guint32, i);
      g_array_set_size (l->ids, n);
      if (n >= k->min_rows)
        level_densify (k, l);
    }
  if (l->bits != NULL)
    {
      guint64 count = pd_bits_count (l->bits);

      if (count >= k->min_rows)
        ok = keys_store (k, k->term->str, l->length, l->bits, count, error);
    }

  if (ok && parent != NULL)
    {
      if (l->bits != NULL)
        {
          level_densify (k, parent);
          pd_bits_or (parent->bits, l->bits);
        }
      else
        for (guint i = 0; i < l->ids->len; i++)
          level_add (k, parent, g_array_index (l->ids, guint32, i));
    }

  g_clear_pointer (&l->ids, g_array_unref);
  g_clear_pointer (&l->bits, pd_bits_free);
  g_array_set_size (k->levels, k->levels->len - 1);
  return ok;
}

static void
keys_push (Keys  *k,
           gsize  length)
{
  Level l = { length, g_array_new (FALSE, FALSE, sizeof (guint32)), NULL };

  g_array_append_val (k->levels, l);
}

guint64
pd_merchant_key_min_rows (guint64 n_rows)
{
  return MAX (PD_MERCHANT_KEY_MIN_ROWS, n_rows / 256);
}

/* One pass over every (word, row) of the new set's full-text index, in
 * word order: the prefixes of the current word are a stack. */
gboolean
pd_merchant_build_keys (PdStore                     *reader,
                        PdStore                     *writer,
                        const char                  *set,
                        guint64                      n_ids,
                        guint64                      n_rows,
                        gboolean                     initials_kept,
                        GCancellable                *cancellable,
                        const PdMerchantWriteBatch  *batch,
                        guint64                     *n_keys_out,
                        GError                     **error)
{
  guint64 terms = 0;
  g_autofree char *create = NULL;
  g_autofree char *insert = NULL;
  g_autoptr(sqlite3_stmt) vocab = NULL;
  g_autoptr(GString) term = g_string_new (NULL);
  Keys k = { 0 };
  gboolean ok = FALSE;
  int rc;

  *n_keys_out = 0;
  if (n_rows == 0)
    return TRUE;

  /* A new snapshot that sees the set just written. */
  pd_store_rollback (reader);
  create = g_strdup_printf ("DROP TABLE IF EXISTS temp.merchant_vocab;"
                            "CREATE VIRTUAL TABLE temp.merchant_vocab USING fts5vocab"
                            " (main, 'merchant_search_%s', 'instance');", set);
  if (!pd_store_exec (reader, create, error))
    return FALSE;
  vocab = pd_store_prepare (reader, "SELECT term, doc FROM temp.merchant_vocab", error);
  insert = g_strdup_printf ("INSERT OR REPLACE INTO merchant_keys_%s (key, n, bits) VALUES (?1, ?2, ?3)", set);
  k.insert = pd_store_prepare (writer, insert, error);
  if (vocab == NULL || k.insert == NULL)
    goto out;

  k.batch = batch;
  k.writer = writer;
  k.n_bits = n_ids;
  k.dense_at = MAX (k.n_bits / 32, 64);
  k.min_rows = pd_merchant_key_min_rows (n_rows);
  k.initials_kept = initials_kept;
  k.levels = g_array_new (FALSE, TRUE, sizeof (Level));
  k.term = term;

  while ((rc = sqlite3_step (vocab)) == SQLITE_ROW)
    {
      const char *t = (const char *) sqlite3_column_text (vocab, 0);
      gsize length = (gsize) sqlite3_column_bytes (vocab, 0);
      gint64 id = sqlite3_column_int64 (vocab, 1);

      if (t == NULL || length == 0)
        continue;
      if (length != term->len || memcmp (t, term->str, length) != 0)
        {
          gsize common = 0;

          /* The common prefix, on a character boundary. */
          while (common < length && common < term->len && t[common] == term->str[common])
            common++;
          while (common > 0 && (t[common] & 0xc0) == 0x80)
            common--;
          while (k.levels->len > 0 &&
                 g_array_index (k.levels, Level, k.levels->len - 1).length > common)
            if (!keys_pop (&k, error))
              goto out;

          g_string_truncate (term, 0);
          g_string_append_len (term, t, (gssize) length);
          for (const char *p = g_utf8_next_char (term->str + common);
               p <= term->str + term->len;
               p = g_utf8_next_char (p))
            {
              keys_push (&k, (gsize) (p - term->str));
              if (p == term->str + term->len)
                break;
            }
          if ((++terms & 4095) == 0 &&
              g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (batch->full (batch->data))
            {
              k.pending_bytes = 0;
              if (!batch->commit (batch->data, error))
                goto out;
            }
        }
      if (k.levels->len > 0 && id > 0 && (guint64) id < k.n_bits)
        level_add (&k, &g_array_index (k.levels, Level, k.levels->len - 1), (guint32) id);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (reader, error, _("reading the search index"));
      goto out;
    }
  while (k.levels->len > 0)
    if (!keys_pop (&k, error))
      goto out;
  ok = batch->commit (batch->data, error);

out:
  g_clear_pointer (&k.insert, sqlite3_finalize);
  if (k.levels != NULL)
    {
      for (guint i = 0; i < k.levels->len; i++)
        {
          Level *l = &g_array_index (k.levels, Level, i);

          g_clear_pointer (&l->ids, g_array_unref);
          g_clear_pointer (&l->bits, pd_bits_free);
        }
      g_array_unref (k.levels);
    }
  g_clear_pointer (&vocab, sqlite3_finalize);
  pd_store_exec (reader, "DROP TABLE IF EXISTS temp.merchant_vocab", NULL);
  if (ok)
    g_debug ("Merchants: %" G_GUINT64_FORMAT " search keys of at least %" G_GUINT64_FORMAT " rows",
             k.stored, k.min_rows);
  *n_keys_out = k.stored;
  return ok;
}

/* After the keys were made ----------------------------------------------------- */

static void
free_ids (gpointer ids)
{
  if (ids != NULL)
    g_array_unref (ids);
}

/* A row that gains a word keeps its id (pd-merchant-writer.c): every
 * key that begins one of its new words must hold it, when the keys hold
 * its id. Other beginnings have no key: a search asks the full-text
 * index, which has the new words. The keys are a few hundred, so they
 * are read once and each beginning of a new word looked up among them. */
gboolean
pd_merchant_keys_add_grown (PdStore                *store,
                            const char             *set,
                            guint64                 built_max,
                            const PdMerchantGrown  *grown,
                            guint                   n,
                            const char             *words,
                            GError                **error)
{
  g_autoptr(GHashTable) keys = NULL;   /* key -> GArray of gint64 ids, or NULL */
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *sql = NULL;
  char prefix[64 + 8];   /* a word is at most 64 bytes (pd-merchant-text.c) */
  GHashTableIter iter;
  gpointer key, value;
  gboolean any = FALSE;
  int rc;

  for (guint i = 0; i < n && !any; i++)
    any = (guint64) grown[i].id <= built_max;
  if (!any)
    return TRUE;

  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_ids);
  sql = g_strdup_printf ("SELECT key FROM merchant_keys_%s WHERE key <> ''", set);
  stmt = pd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), NULL);
  if (rc != SQLITE_DONE)
    goto fail;
  if (g_hash_table_size (keys) == 0)
    return TRUE;

  for (guint i = 0; i < n; i++)
    {
      const char *p = words + grown[i].offset;
      const char *end = p + grown[i].length;

      if ((guint64) grown[i].id > built_max)
        continue;
      while (p < end)
        {
          gsize length = (gsize) ((const char *) memchr (p, ' ', (gsize) (end - p)) - p);

          /* Each beginning, on a character boundary, the word itself too. */
          for (const char *q = g_utf8_next_char (p); q <= p + length && q - p <= 64; q = g_utf8_next_char (q))
            {
              GArray *ids;

              memcpy (prefix, p, (gsize) (q - p));
              prefix[q - p] = '\0';
              if (!g_hash_table_lookup_extended (keys, prefix, &key, &value))
                continue;
              ids = value;
              if (ids == NULL)
                {
                  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
                  g_hash_table_insert (keys, g_strdup (prefix), ids);
                }
              g_array_append_val (ids, grown[i].id);
              if (q == p + length)
                break;
            }
          p += length + 1;
        }
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  g_free (sql);
  sql = g_strdup_printf ("SELECT bits FROM merchant_keys_%s WHERE key = ?1", set);
  stmt = pd_store_prepare (store, sql, error);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE merchant_keys_%s SET n = ?2, bits = ?3 WHERE key = ?1", set);
  update = pd_store_prepare (store, sql, error);
  if (stmt == NULL || update == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *ids = value;
      g_autoptr(PdBits) bits = NULL;

      if (ids == NULL)
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        goto fail;
      bits = pd_bits_deserialize (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0),
                                  built_max + 1);
      if (bits == NULL)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE,
                       _("%s: the search key “%s” is damaged; expected a row set (refresh the Merchants page)"),
                       pd_store_get_path (store), (const char *) key);
          return FALSE;
        }
      for (guint i = 0; i < ids->len; i++)
        pd_bits_set (bits, (guint64) g_array_index (ids, gint64, i));
      if (!pd_merchant_keys_write (store, update, key, -1, bits, pd_bits_count (bits), NULL, error))
        return FALSE;
    }
  return TRUE;

fail:
  pd_store_set_sql_error (store, error, _("writing the search keys"));
  return FALSE;
}
