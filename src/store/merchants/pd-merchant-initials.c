/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-bits.h"
#include "pd-merchant-initials.h"
#include "pd-merchant-writer.h"
#include "pd-store-private.h"

/* The CJK Unified Ideographs of Unicode 3.0, as pd-merchant-text.c:
 * letters without case, each a token character for unicode61. */
#define HAN_FIRST 0x4E00
#define HAN_LAST  0x9FA5

/* A list of ids becomes a bitmap once it takes as much memory. */
#define DENSE_AFTER 4096

/* What a byte of a doc is to a word: */
enum
{
  BYTE_OTHER,   /* not in a plain word */
  BYTE_ALNUM,   /* an ASCII letter or digit */
  BYTE_HIGH,    /* of a character beyond ASCII */
  BYTE_SPACE,   /* between words */
};

typedef struct
{
  guint32 *ids;    /* in the order noted, until dense */
  guint    n_ids;
  guint    size;    /* of ids */
  PdBits  *bits;    /* or NULL */
} Initial;

/* Characters below this one have a slot of their own: Latin, Han,
 * kana, Hangul. */
#define N_SLOTS 0x10000

struct _PdMerchantInitials
{
  PdStore        *store;
  Initial       **slots;       /* N_SLOTS, or NULL before the first */
  GHashTable     *others;      /* code point -> Initial, beyond them */
  guint64         max_id;      /* of the ids noted */
  guint64         expected;    /* ids a bitmap is made for at first */
  guint8          kind[256];   /* BYTE_*, per byte */
  guint64         id;          /* the row being tokenized */

  /* SQLite's own tokenizer, for words not plain ASCII or Han. */
  gboolean        tried;
  fts5_tokenizer  tokenizer;
  Fts5Tokenizer  *tok;
};

static void
initial_free (gpointer data)
{
  Initial *initial = data;

  if (initial == NULL)
    return;
  g_free (initial->ids);
  g_clear_pointer (&initial->bits, pd_bits_free);
  g_free (initial);
}

PdMerchantInitials *
pd_merchant_initials_new (PdStore *store)
{
  PdMerchantInitials *initials = g_new0 (PdMerchantInitials, 1);

  initials->store = store;
  initials->others = g_hash_table_new_full (NULL, NULL, NULL, initial_free);
  for (guint b = 0; b < 256; b++)
    initials->kind[b] = b == ' ' ? BYTE_SPACE : b >= 0x80 ? BYTE_HIGH : g_ascii_isalnum (b) ? BYTE_ALNUM : BYTE_OTHER;
  return initials;
}

static void
initials_reset (PdMerchantInitials *initials)
{
  if (initials->slots != NULL)
    for (guint c = 0; c < N_SLOTS; c++)
      g_clear_pointer (&initials->slots[c], initial_free);
  g_hash_table_remove_all (initials->others);
  initials->max_id = 0;
}

void
pd_merchant_initials_free (PdMerchantInitials *initials)
{
  if (initials == NULL)
    return;
  initials_reset (initials);
  g_hash_table_unref (initials->others);
  g_free (initials->slots);
  if (initials->tok != NULL)
    initials->tokenizer.xDelete (initials->tok);
  g_free (initials);
}

static void
initial_add (PdMerchantInitials *initials,
             Initial            *initial,
             guint64             id)
{
  if (initial->bits != NULL)
    {
      if (id >= initial->bits->n_bits)
        pd_bits_grow (&initial->bits, id + 1);
      pd_bits_set (initial->bits, id);
      return;
    }
  /* A row's words come together: one id once. */
  if (initial->n_ids > 0 && initial->ids[initial->n_ids - 1] == id)
    return;
  if (initial->n_ids == initial->size)
    {
      if (initial->n_ids >= DENSE_AFTER && (guint64) initial->n_ids * 32 >= initials->max_id)
        {
          pd_bits_grow (&initial->bits, MAX (initials->max_id, initials->expected) + 1);
          for (guint i = 0; i < initial->n_ids; i++)
            pd_bits_set (initial->bits, initial->ids[i]);
          pd_bits_set (initial->bits, id);
          g_clear_pointer (&initial->ids, g_free);
          initial->n_ids = initial->size = 0;
          return;
        }
      initial->size = MAX (initial->size * 2, 64);
      initial->ids = g_renew (guint32, initial->ids, initial->size);
    }
  initial->ids[initial->n_ids++] = (guint32) id;
}

static Initial *
initial_new (void)
{
  return g_new0 (Initial, 1);
}

/* Row initials->id holds a token that begins with @c (folded). */
static void
note_char (PdMerchantInitials *initials,
           gunichar            c)
{
  Initial *initial;

  if (c < N_SLOTS)
    {
      if (initials->slots == NULL)
        initials->slots = g_new0 (Initial *, N_SLOTS);
      if (initials->slots[c] == NULL)
        initials->slots[c] = initial_new ();
      initial = initials->slots[c];
    }
  else
    {
      initial = g_hash_table_lookup (initials->others, GUINT_TO_POINTER (c));
      if (initial == NULL)
        {
          initial = initial_new ();
          g_hash_table_insert (initials->others, GUINT_TO_POINTER (c), initial);
        }
    }
  initial_add (initials, initial, initials->id);
}

static int
on_token (void       *data,
          int         flags,
          const char *token,
          int         length,
          int         start,
          int         end)
{
  PdMerchantInitials *initials = data;
  gunichar c;

  if (length <= 0)
    return SQLITE_OK;
  c = g_utf8_get_char_validated (token, length);
  if (c != (gunichar) -1 && c != (gunichar) -2)
    note_char (initials, c);
  return SQLITE_OK;
}

/* The unicode61 tokenizer as the search index's (remove_diacritics 0). */
static gboolean
initials_tokenizer (PdMerchantInitials *initials)
{
  static const char *args[] = { "remove_diacritics", "0" };
  sqlite3 *db = pd_store_get_db (initials->store);
  sqlite3_stmt *stmt = NULL;
  fts5_api *api = NULL;
  void *user_data = NULL;

  if (initials->tried)
    return initials->tok != NULL;
  initials->tried = TRUE;
  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (api == NULL ||
      api->xFindTokenizer (api, "unicode61", &user_data, &initials->tokenizer) != SQLITE_OK ||
      initials->tokenizer.xCreate (user_data, args, G_N_ELEMENTS (args), &initials->tok) != SQLITE_OK)
    {
      initials->tok = NULL;
      g_warning ("Merchants: no unicode61 tokenizer for the search keys");
      return FALSE;
    }
  return TRUE;
}

/* A Han character's code point, or 0 for anything else (at least three
 * bytes from @p). */
static inline gunichar
han_at (const guchar *p)
{
  gunichar c;

  if ((p[0] & 0xF0) != 0xE0)
    return 0;
  c = ((gunichar) (p[0] & 0x0F) << 12) | ((gunichar) (p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  return c >= HAN_FIRST && c <= HAN_LAST ? c : 0;
}

/* The doc's words, in one pass: a word of ASCII letters and digits and
 * Han characters only is one token that begins with its first
 * character (lowered, when an ASCII letter); SQLite's tokenizer says
 * for anything else (a letter its tables do not know, case it folds
 * otherwise). */
static void
note_words (PdMerchantInitials *initials,
            const guchar       *p,
            const guchar       *end)
{
  const guint8 *kind = initials->kind;

  while (p < end)
    {
      const guchar *word = p;
      gboolean plain = TRUE;
      gunichar first;

      switch (kind[*p])
        {
        case BYTE_SPACE:
          p++;
          continue;
        case BYTE_ALNUM:
          first = *p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p;
          p++;
          break;
        default:
          first = end - p >= 3 ? han_at (p) : 0;
          plain = first != 0;
          p += plain ? 3 : 1;
          break;
        }
      while (p < end)
        {
          guint8 k = BYTE_SPACE;

          while (p < end && (k = kind[*p]) == BYTE_ALNUM)
            p++;
          if (p == end || k == BYTE_SPACE)
            break;
          if (k == BYTE_HIGH && end - p >= 3 && han_at (p) != 0)
            {
              p += 3;
              continue;
            }
          plain = FALSE;
          p++;
        }
      if (plain)
        note_char (initials, first);
      else if (initials_tokenizer (initials))
        initials->tokenizer.xTokenize (initials->tok, initials, FTS5_TOKENIZE_DOCUMENT, (const char *) word,
                                       (int) (p - word), on_token);
    }
}

void
pd_merchant_initials_expect (PdMerchantInitials *initials,
                             guint64             n_ids)
{
  initials->expected = n_ids;
}

void
pd_merchant_initials_add_doc (PdMerchantInitials *initials,
                              guint64             id,
                              const char         *doc,
                              gsize               length)
{
  initials->id = id;
  initials->max_id = MAX (initials->max_id, id);
  note_words (initials, (const guchar *) doc, (const guchar *) doc + length);
}

/* Each character noted, with its key's text. */
typedef gboolean (*InitialFunc) (PdMerchantInitials  *initials,
                                 const char          *key,
                                 Initial             *initial,
                                 gpointer             data,
                                 GError             **error);

static gboolean
foreach_initial (PdMerchantInitials  *initials,
                 InitialFunc          func,
                 gpointer             data,
                 GError             **error)
{
  GHashTableIter iter;
  gpointer c, initial;

  for (guint i = 0; initials->slots != NULL && i < N_SLOTS; i++)
    if (initials->slots[i] != NULL)
      {
        char key[8] = { 0 };

        g_unichar_to_utf8 (i, key);
        if (!func (initials, key, initials->slots[i], data, error))
          return FALSE;
      }
  g_hash_table_iter_init (&iter, initials->others);
  while (g_hash_table_iter_next (&iter, &c, &initial))
    {
      char key[8] = { 0 };

      g_unichar_to_utf8 (GPOINTER_TO_UINT (c), key);
      if (!func (initials, key, initial, data, error))
        return FALSE;
    }
  return TRUE;
}

/* Adds @initial's ids to @bits (which holds every id noted). */
static void
initial_or (const Initial *initial,
            PdBits        *bits)
{
  if (initial->bits != NULL)
    pd_bits_or (bits, initial->bits);
  else
    for (guint i = 0; i < initial->n_ids; i++)
      pd_bits_set (bits, initial->ids[i]);
}

typedef struct
{
  const char   *set;
  sqlite3_stmt *insert;
  sqlite3_stmt *select;
  guint64       min_rows;
  guint64       n_bits;
  guint64       stored;
} Write;

static gboolean
write_key (PdMerchantInitials  *initials,
           Write               *w,
           const char          *key,
           const PdBits        *bits,
           guint64              count,
           GError             **error)
{
  if (!pd_merchant_keys_write (initials->store, w->insert, key, -1, bits, count, NULL, error))
    return FALSE;
  w->stored++;
  return TRUE;
}

static gboolean
store_one (PdMerchantInitials  *initials,
           const char          *key,
           Initial             *initial,
           gpointer             data,
           GError             **error)
{
  Write *w = data;
  g_autoptr(PdBits) bits = NULL;
  guint64 count;

  /* A list holds each id once or more: too short is too few. */
  if (initial->bits == NULL && initial->n_ids < w->min_rows)
    return TRUE;
  bits = pd_bits_new (w->n_bits);
  initial_or (initial, bits);
  count = pd_bits_count (bits);
  return count < w->min_rows || write_key (initials, w, key, bits, count, error);
}

static sqlite3_stmt *
prepare_insert (PdMerchantInitials  *initials,
                const char          *set,
                GError             **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT OR REPLACE INTO merchant_keys_%s (key, n, bits)"
                                          " VALUES (?1, ?2, ?3)", set);

  return pd_store_prepare (initials->store, sql, error);
}

static gboolean
write_mark (PdMerchantInitials  *initials,
            Write               *w,
            guint64              mark,
            GError             **error)
{
  g_autoptr(PdBits) none = pd_bits_new (0);

  return write_key (initials, w, PD_MERCHANT_INITIALS_KEY, none, mark, error);
}

gboolean
pd_merchant_initials_store (PdMerchantInitials  *initials,
                            const char          *set,
                            guint64              min_rows,
                            guint64              max_id,
                            guint64             *n_keys_out,
                            GError             **error)
{
  Write w = { set, NULL, NULL, min_rows, MAX (max_id, initials->max_id) + 1, 0 };
  gboolean ok;

  if (!pd_store_begin (initials->store, error))
    return FALSE;
  w.insert = prepare_insert (initials, set, error);
  ok = w.insert != NULL &&
       foreach_initial (initials, store_one, &w, error) &&
       write_mark (initials, &w, max_id, error);
  g_clear_pointer (&w.insert, sqlite3_finalize);
  if (!ok || !pd_store_commit (initials->store, error))
    {
      pd_store_rollback (initials->store);
      ok = FALSE;
    }
  if (ok)
    g_debug ("Merchants: %" G_GUINT64_FORMAT " one-character search keys of at least %" G_GUINT64_FORMAT " rows",
             w.stored - 1, min_rows);
  *n_keys_out = ok ? w.stored - 1 : 0;
  initials_reset (initials);
  return ok;
}

static gboolean
merge_one (PdMerchantInitials  *initials,
           const char          *key,
           Initial             *initial,
           gpointer             data,
           GError             **error)
{
  Write *w = data;
  g_autoptr(PdBits) bits = NULL;
  int rc;

  sqlite3_reset (w->select);
  sqlite3_bind_text (w->select, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (w->select);
  if (rc == SQLITE_ROW)
    bits = pd_bits_deserialize (sqlite3_column_blob (w->select, 0), (gsize) sqlite3_column_bytes (w->select, 0),
                                w->n_bits);
  sqlite3_reset (w->select);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (initials->store, error, _("reading the search keys"));
      return FALSE;
    }
  /* Damaged: the full-text index answers for the character. */
  if (bits == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM merchant_keys_%s WHERE key = ?1", w->set);
      g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (initials->store, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          pd_store_set_sql_error (initials->store, error, _("writing the search keys"));
          return FALSE;
        }
      return TRUE;
    }
  initial_or (initial, bits);
  return write_key (initials, w, key, bits, pd_bits_count (bits), error);
}

gboolean
pd_merchant_initials_merge (PdMerchantInitials  *initials,
                            const char          *set,
                            guint64              n_ids,
                            gboolean             complete,
                            GError             **error)
{
  g_autofree char *select = NULL;
  Write w = { set, NULL, NULL, 0, MAX (initials->max_id + 1, n_ids), 0 };
  gboolean ok;

  /* Nothing written: the mark stays right. */
  if (initials->max_id == 0)
    return TRUE;
  select = g_strdup_printf ("SELECT bits FROM merchant_keys_%s WHERE key = ?1", set);
  w.select = pd_store_prepare (initials->store, select, error);
  w.insert = prepare_insert (initials, set, error);
  ok = w.select != NULL && w.insert != NULL &&
       foreach_initial (initials, merge_one, &w, error) &&
       (!complete || write_mark (initials, &w, n_ids - 1, error));
  g_clear_pointer (&w.select, sqlite3_finalize);
  g_clear_pointer (&w.insert, sqlite3_finalize);
  initials_reset (initials);
  return ok;
}

gboolean
pd_merchant_initials_set_mark (PdStore     *store,
                               const char  *set,
                               guint64      mark,
                               GError     **error)
{
  PdMerchantInitials initials = { .store = store };
  Write w = { set, NULL, NULL, 0, 0, 0 };
  gboolean ok;

  w.insert = prepare_insert (&initials, set, error);
  if (w.insert == NULL)
    return FALSE;
  ok = write_mark (&initials, &w, mark, error);
  sqlite3_finalize (w.insert);
  return ok;
}

gboolean
pd_merchant_initials_clear_keys (PdStore     *store,
                                 const char  *set,
                                 guint64      max_id,
                                 gboolean    *initials_kept,
                                 GError     **error)
{
  g_autofree char *clear = NULL;
  guint64 mark;
  gboolean found;

  if (!pd_merchant_initials_mark (store, set, &mark, &found, error))
    return FALSE;
  *initials_kept = found && mark >= max_id;
  clear = g_strdup_printf ("DELETE FROM merchant_keys_%s WHERE key <> ''%s", set,
                           *initials_kept ? " AND key <> '" PD_MERCHANT_INITIALS_KEY "' AND length (key) > 1" : "");
  return pd_store_exec (store, clear, error);
}

gboolean
pd_merchant_initials_mark (PdStore     *store,
                           const char  *set,
                           guint64     *mark_out,
                           gboolean    *found,
                           GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT n FROM merchant_keys_%s WHERE key = '" PD_MERCHANT_INITIALS_KEY "'",
                                          set);
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, error);
  int rc;

  *mark_out = 0;
  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *mark_out = (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);
      *found = TRUE;
    }
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the search keys"));
      return FALSE;
    }
  return TRUE;
}
