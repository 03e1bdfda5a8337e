/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-bits.h"
#include "pd-merchant-refresh-private.h"
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

static gboolean
keys_store (Keys        *k,
            const char  *key,
            gsize        length,
            PdBits      *bits,
            guint64      count,
            GError     **error)
{
  g_autoptr(GBytes) blob = pd_bits_serialize (bits);
  gsize size;
  gconstpointer data = g_bytes_get_data (blob, &size);

  if (!k->batch->begin (k->batch->data, error))
    return FALSE;
  sqlite3_reset (k->insert);
  sqlite3_bind_text (k->insert, 1, key, (int) length, SQLITE_STATIC);
  sqlite3_bind_int64 (k->insert, 2, (gint64) count);
  sqlite3_bind_blob (k->insert, 3, data, (int) size, SQLITE_STATIC);
  if (sqlite3_step (k->insert) != SQLITE_DONE)
    {
      pd_store_set_sql_error (k->writer, error, _("writing the search keys"));
      return FALSE;
    }
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
