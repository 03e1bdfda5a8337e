/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-bits.h"
#include "pd-column-readers.h"
#include "pd-merchant-index.h"
#include "pd-merchant-initials.h"
#include "pd-merchant-text.h"
#include "pd-merchant-writer.h"
#include "pd-store-entries.h"
#include "pd-store-private.h"

/* Positions of a sort per block whose matching rows are counted. */
#define BLOCK 1024

/* Cached sets: the search terms typed lately and the filter values. */
#define MAX_CACHED_SETS 64

/* Sorts kept: switching back and forth between two columns is instant. */
#define MAX_CACHED_SORTS 2

typedef struct
{
  PdMerchantColumn  column;
  guint32          *ids;      /* ascending order */
  guint64           n;
  guint64           used;     /* for eviction */
} Sort;

struct _PdMerchantIndex
{
  GObject         parent_instance;

  PdStore        *store;

  /* What the caches belong to. */
  gboolean        loaded;
  guint64         generation;
  guint           current;
  char            set[2];
  guint64         n_rows;     /* ids are 1..n_rows */
  guint64         n_live;     /* rows, without the dead ids */
  guint64         built_max;  /* the keys hold the ids up to this one */
  guint64         initials_max; /* the one-character keys, up to this one */
  PdBits         *dead;       /* ids deleted since the rebuild, or NULL */

  GHashTable     *sets;       /* "t:term" or "f:kind:value" -> PdBits */
  Sort            sorts[MAX_CACHED_SORTS];
  guint64         clock;

  /* The last filter and search: their set (NULL: every row) and count. */
  char           *result_key;
  PdBits         *result;
  guint64         count;
  guint64         result_serial;
  guint64         result_hash;

  /* Matching rows per block of the last sort, for the last result. */
  guint32        *blocks;
  guint64         blocks_serial;
  PdMerchantColumn blocks_column;

  GHashTable     *rules;      /* program id -> PdRules */
};

G_DEFINE_FINAL_TYPE (PdMerchantIndex, pd_merchant_index, G_TYPE_OBJECT)

static void
drop_caches (PdMerchantIndex *self)
{
  g_hash_table_remove_all (self->sets);
  for (guint i = 0; i < MAX_CACHED_SORTS; i++)
    {
      g_clear_pointer (&self->sorts[i].ids, g_free);
      self->sorts[i].n = 0;
      self->sorts[i].used = 0;
    }
  g_clear_pointer (&self->result_key, g_free);
  g_clear_pointer (&self->result, pd_bits_free);
  g_clear_pointer (&self->blocks, g_free);
  g_clear_pointer (&self->dead, pd_bits_free);
  self->result_serial++;
}

static void
pd_merchant_index_finalize (GObject *object)
{
  PdMerchantIndex *self = PD_MERCHANT_INDEX (object);

  drop_caches (self);
  g_hash_table_unref (self->sets);
  g_hash_table_unref (self->rules);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_merchant_index_parent_class)->finalize (object);
}

static void
pd_merchant_index_class_init (PdMerchantIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_merchant_index_finalize;
}

static void
pd_merchant_index_init (PdMerchantIndex *self)
{
  self->sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pd_bits_free);
  self->rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pd_rules_unref);
  self->set[0] = '0';
}

PdMerchantIndex *
pd_merchant_index_new (PdStore *store)
{
  PdMerchantIndex *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_MERCHANT_INDEX, NULL);
  self->store = g_object_ref (store);
  return self;
}

PdStore *
pd_merchant_index_get_store (PdMerchantIndex *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_INDEX (self), NULL);
  return self->store;
}

static sqlite3_stmt *
prepare (PdMerchantIndex  *self,
         GError          **error,
         const char       *format,
         ...) G_GNUC_PRINTF (3, 4);

/* A statement on the current set: "%s" in @format is the set's suffix. */
static sqlite3_stmt *
prepare (PdMerchantIndex  *self,
         GError          **error,
         const char       *format,
         ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return pd_store_prepare (self->store, sql, error);
}

static gboolean
check_state (PdMerchantIndex  *self,
             gboolean         *changed,
             PdMerchantState  *state_out,
             GError          **error)
{
  PdMerchantState state;

  *changed = FALSE;
  if (!pd_merchant_state_read (self->store, &state, error))
    return FALSE;
  if (state_out != NULL)
    *state_out = state;
  if (self->loaded && state.generation == self->generation && state.current == self->current)
    return TRUE;

  drop_caches (self);
  *changed = self->loaded;
  self->loaded = TRUE;
  self->generation = state.generation;
  self->current = state.current;
  self->set[0] = state.current == 1 ? '1' : '0';

  {
    g_autoptr(sqlite3_stmt) stmt = prepare (self, error, "SELECT max(id) FROM merchant_rows_%s", self->set);

    if (stmt == NULL)
      return FALSE;
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        pd_store_set_sql_error (self->store, error, _("counting the merchants"));
        return FALSE;
      }
    self->n_rows = (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);
  }
  self->built_max = MIN (state.built_max, self->n_rows);
  {
    guint64 mark;
    gboolean found;

    if (!pd_merchant_initials_mark (self->store, self->set, &mark, &found, error))
      return FALSE;
    self->initials_max = found ? MIN (mark, self->n_rows) : self->built_max;
  }
  self->n_live = MIN (state.rows, self->n_rows);
  self->dead = pd_merchant_dead_ids_read (self->store, self->set, self->n_rows + 1, error);
  if (self->dead == NULL)
    return FALSE;
  if (pd_bits_count (self->dead) == 0)
    g_clear_pointer (&self->dead, pd_bits_free);
  return TRUE;
}

/* Adds the rows after @after that the full-text index has for @match. */
static gboolean
add_fts_rows (PdMerchantIndex  *self,
              PdBits           *bits,
              const char       *match,
              guint64           after,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, error, "SELECT rowid FROM merchant_search_%s WHERE merchant_search_%s MATCH ?1"
                  " AND rowid > ?2", self->set, self->set);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (gint64) after);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    pd_bits_set (bits, (guint64) sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (self->store, error, _("searching the merchants"));
      return FALSE;
    }
  return TRUE;
}

/* A read transaction around each call: the state and the rows agree. */
static gboolean
begin_read (PdMerchantIndex  *self,
            gboolean         *own,
            GError          **error)
{
  *own = FALSE;
  if (!sqlite3_get_autocommit (pd_store_get_db (self->store)))
    return TRUE;
  if (!pd_store_exec (self->store, "BEGIN", error))
    return FALSE;
  *own = TRUE;
  return TRUE;
}

static void
end_read (PdMerchantIndex *self,
          gboolean         own)
{
  if (own)
    pd_store_rollback (self->store);
}

gboolean
pd_merchant_index_check (PdMerchantIndex  *self,
                         gboolean         *changed,
                         PdMerchantState  *state_out,
                         GError          **error)
{
  gboolean own, ok;
  gboolean ignored;

  g_return_val_if_fail (PD_IS_MERCHANT_INDEX (self), FALSE);

  if (!begin_read (self, &own, error))
    return FALSE;
  ok = check_state (self, changed != NULL ? changed : &ignored, state_out, error);
  end_read (self, own);
  return ok;
}

static void
remember_set (PdMerchantIndex *self,
              char            *key,
              PdBits          *bits)
{
  if (g_hash_table_size (self->sets) >= MAX_CACHED_SETS)
    g_hash_table_remove_all (self->sets);
  g_hash_table_insert (self->sets, key, bits);
}

/* The rows holding a word that starts with @term. */
static const PdBits *
term_set (PdMerchantIndex  *self,
          const char       *term,
          GError          **error)
{
  g_autofree char *key = g_strconcat ("t:", term, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PdBits) bits = NULL;
  g_autofree char *match = NULL;
  PdBits *cached;
  guint64 keys_max;
  int rc;

  cached = g_hash_table_lookup (self->sets, key);
  if (cached != NULL)
    return cached;
  keys_max = g_utf8_strlen (term, -1) == 1 ? self->initials_max : self->built_max;

  /* Terms are letters and digits only, safe inside the quotes. */
  match = g_strdup_printf ("\"%s\" *", term);
  stmt = prepare (self, error, "SELECT bits FROM merchant_keys_%s WHERE key = ?1", self->set);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, term, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      bits = pd_bits_deserialize (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0),
                                  self->n_rows + 1);
      if (bits == NULL)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_NOT_A_STORE,
                       _("%s: the search key “%s” is damaged; expected a row set (refresh the Merchants page)"),
                       pd_store_get_path (self->store), term);
          return NULL;
        }
      /* The rows written since the keys were made. */
      if (self->n_rows > keys_max && !add_fts_rows (self, bits, match, keys_max, error))
        return NULL;
    }
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (self->store, error, _("searching the merchants"));
      return NULL;
    }
  else
    {
      /* A beginning few rows hold: the full-text index has them. */
      bits = pd_bits_new (self->n_rows + 1);
      if (!add_fts_rows (self, bits, match, 0, error))
        return NULL;
    }
  /* The index still has the words of deleted rows. */
  if (self->dead != NULL)
    pd_bits_and_not (bits, self->dead);

  cached = g_steal_pointer (&bits);
  remember_set (self, g_steal_pointer (&key), cached);
  return cached;
}

/* The rows whose @column is @value (verdict and stage as their numbers). */
static const PdBits *
filter_set (PdMerchantIndex  *self,
            const char       *column,
            const char       *value,
            GError          **error)
{
  g_autofree char *key = g_strdup_printf ("f:%s:%s", column, value);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PdBits) bits = NULL;
  PdBits *cached;
  int rc;

  cached = g_hash_table_lookup (self->sets, key);
  if (cached != NULL)
    return cached;

  bits = pd_bits_new (self->n_rows + 1);
  if (strcmp (column, "program_id") == 0)
    {
      /* Rows are in program order up to built_max: a range (less the
       * dead ids); the rows appended after it one by one. */
      stmt = prepare (self, error, "SELECT min(id), max(id) FROM merchant_rows_%s WHERE program_id = ?1"
                      " AND id <= ?2", self->set);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (gint64) self->built_max);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          pd_store_set_sql_error (self->store, error, _("filtering the merchants"));
          return NULL;
        }
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        for (gint64 id = sqlite3_column_int64 (stmt, 0); id <= sqlite3_column_int64 (stmt, 1); id++)
          pd_bits_set (bits, (guint64) id);
      if (self->dead != NULL)
        pd_bits_and_not (bits, self->dead);
      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = prepare (self, error, "SELECT id FROM merchant_rows_%s WHERE program_id = ?1 AND id > ?2",
                      self->set);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (gint64) self->built_max);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        pd_bits_set (bits, (guint64) sqlite3_column_int64 (stmt, 0));
      if (rc != SQLITE_DONE)
        {
          pd_store_set_sql_error (self->store, error, _("filtering the merchants"));
          return NULL;
        }
    }
  else
    {
      stmt = prepare (self, error, "SELECT id FROM merchant_rows_%s WHERE %s = ?1", self->set, column);
      if (stmt == NULL)
        return NULL;
      if (strcmp (column, "verdict") == 0 || strcmp (column, "stage") == 0)
        sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (value, NULL, 10));
      else
        sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        pd_bits_set (bits, (guint64) sqlite3_column_int64 (stmt, 0));
      if (rc != SQLITE_DONE)
        {
          pd_store_set_sql_error (self->store, error, _("filtering the merchants"));
          return NULL;
        }
    }

  cached = g_steal_pointer (&bits);
  remember_set (self, g_steal_pointer (&key), cached);
  return cached;
}

/* Intersects @set into the result (the first set is copied). */
static void
narrow (PdBits       **result,
        const PdBits  *set)
{
  if (*result == NULL)
    *result = pd_bits_copy (set);
  else
    pd_bits_and (*result, set);
}

/* Makes self->result and self->count those of @query's filters and search. */
static gboolean
evaluate (PdMerchantIndex        *self,
          const PdMerchantQuery  *query,
          GError                **error)
{
  g_auto(GStrv) terms = pd_merchant_text_query_terms (query->search);
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(PdBits) result = NULL;
  char verdict[16];

  g_string_append_printf (key, "%s\x1f%d\x1f%d\x1f%s\x1f%s",
                          query->program_id != NULL ? query->program_id : "",
                          query->verdict,
                          query->stage,
                          query->market != NULL ? query->market : "",
                          query->staff != NULL ? query->staff : "");
  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    g_string_append_printf (key, "\x1f%s", terms[i]);
  if (self->result_key != NULL && strcmp (self->result_key, key->str) == 0)
    return TRUE;

  /* Search terms first: the rarest set makes the others cheap to AND. */
  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    {
      const PdBits *set = term_set (self, terms[i], error);

      if (set == NULL)
        return FALSE;
      narrow (&result, set);
    }
  if (query->program_id != NULL)
    {
      const PdBits *set = filter_set (self, "program_id", query->program_id, error);

      if (set == NULL)
        return FALSE;
      narrow (&result, set);
    }
  if (query->verdict >= 0)
    {
      const PdBits *set;

      g_snprintf (verdict, sizeof verdict, "%d", query->verdict);
      set = filter_set (self, "verdict", verdict, error);
      if (set == NULL)
        return FALSE;
      narrow (&result, set);
    }
  if (query->stage >= 0 && query->stage < PD_N_STAGE_NAMES)
    {
      const PdBits *set;

      /* Stored as the stage's pipeline position. */
      g_snprintf (verdict, sizeof verdict, "%u", pd_stage_to_position ((PdStage) query->stage));
      set = filter_set (self, "stage", verdict, error);
      if (set == NULL)
        return FALSE;
      narrow (&result, set);
    }
  if (query->market != NULL)
    {
      const PdBits *set = filter_set (self, "market", query->market, error);

      if (set == NULL)
        return FALSE;
      narrow (&result, set);
    }
  if (query->staff != NULL)
    {
      const PdBits *set = filter_set (self, "staff", query->staff, error);

      if (set == NULL)
        return FALSE;
      narrow (&result, set);
    }

  g_clear_pointer (&self->result, pd_bits_free);
  g_free (self->result_key);
  self->result_key = g_string_free (g_steal_pointer (&key), FALSE);
  self->result = g_steal_pointer (&result);
  self->count = self->result != NULL ? pd_bits_count (self->result) : self->n_live;
  self->result_serial++;
  /* Which rows, in a word: a keystroke that leaves them as they were
   * (typing "Sel" then "Sell" over "Seller ..." names) changes nothing
   * on screen. */
  self->result_hash = self->n_rows * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ self->generation;
  if (self->result != NULL && self->count < self->n_live)
    for (guint64 i = 0; i < self->result->n_words; i++)
      self->result_hash = (self->result_hash ^ self->result->words[i]) * G_GUINT64_CONSTANT (1099511628211);
  return TRUE;
}

/* The ORDER BY of a column's sort (its index's order), and which rows go
 * last whatever the direction. */
static void
sort_clauses (PdMerchantColumn   column,
              const char       **order_by,
              const char       **last)
{
  *last = "0";
  switch (column)
    {
    case PD_MERCHANT_COLUMN_MARKET:
      *order_by = "market, id";
      break;
    case PD_MERCHANT_COLUMN_STAGE:
      *order_by = "stage, id";
      break;
    case PD_MERCHANT_COLUMN_VERDICT:
      *order_by = "verdict, id";
      break;
    case PD_MERCHANT_COLUMN_DEADLINE:
      /* Soonest first, rows without a deadline after every dated one. */
      *order_by = "deadline, id";
      *last = "deadline IS NULL";
      break;
    case PD_MERCHANT_COLUMN_GMV:
      *order_by = "gmv_permille, id";
      break;
    case PD_MERCHANT_COLUMN_INVENTORY:
      *order_by = "countries, id";
      break;
    case PD_MERCHANT_COLUMN_STAFF:
      *order_by = "staff, id";
      break;
    case PD_MERCHANT_COLUMN_LINK:
      *order_by = "link_rank, link_created_at, id";
      break;
    case PD_MERCHANT_COLUMN_SELLER:
    case PD_MERCHANT_N_COLUMNS:
    default:
      *order_by = "name_key, id";
      break;
    }
}

/* Every id in @column's ascending order, read from its index. */
static const Sort *
get_sort (PdMerchantIndex   *self,
          PdMerchantColumn   column,
          GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree guint32 *ids = NULL;
  g_autoptr(GArray) last = NULL;
  Sort *slot = &self->sorts[0];
  const char *order_by, *last_expr;
  guint64 n = 0;
  int rc;

  for (guint i = 0; i < MAX_CACHED_SORTS; i++)
    if (self->sorts[i].ids != NULL && self->sorts[i].column == column)
      {
        self->sorts[i].used = ++self->clock;
        return &self->sorts[i];
      }

  sort_clauses (column, &order_by, &last_expr);
  stmt = prepare (self, error, "SELECT id, %s FROM merchant_rows_%s ORDER BY %s",
                  last_expr, self->set, order_by);
  if (stmt == NULL)
    return NULL;
  ids = g_new (guint32, MAX (self->n_rows, 1));
  last = g_array_new (FALSE, FALSE, sizeof (guint32));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 id = (guint32) sqlite3_column_int64 (stmt, 0);

      if (sqlite3_column_int (stmt, 1))
        g_array_append_val (last, id);
      else if (n < self->n_rows)
        ids[n++] = id;
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (self->store, error, _("sorting the merchants"));
      return NULL;
    }
  for (guint i = 0; i < last->len && n < self->n_rows; i++)
    ids[n++] = g_array_index (last, guint32, i);

  for (guint i = 1; i < MAX_CACHED_SORTS; i++)
    if (self->sorts[i].used < slot->used)
      slot = &self->sorts[i];
  g_free (slot->ids);
  if (self->blocks != NULL && self->blocks_column == slot->column)
    g_clear_pointer (&self->blocks, g_free);
  slot->column = column;
  slot->ids = g_steal_pointer (&ids);
  slot->n = n;
  slot->used = ++self->clock;
  return slot;
}

/* The id at sort position @i (in the query's direction). */
static inline guint32
sort_at (const Sort *sort,
         gboolean    descending,
         guint64     i)
{
  return sort->ids[descending ? sort->n - 1 - i : i];
}

static void
count_blocks (PdMerchantIndex *self,
              const Sort      *sort)
{
  guint64 n_blocks = (sort->n + BLOCK - 1) / BLOCK;

  if (self->blocks != NULL && self->blocks_serial == self->result_serial &&
      self->blocks_column == sort->column)
    return;

  g_free (self->blocks);
  self->blocks = g_new0 (guint32, MAX (n_blocks, 1));
  for (guint64 i = 0; i < sort->n; i++)
    if (pd_bits_get (self->result, sort->ids[i]))
      self->blocks[i / BLOCK]++;
  self->blocks_serial = self->result_serial;
  self->blocks_column = sort->column;
}

/* The ids of matching rows at [offset, offset + n) of the sort. */
static GArray *
window_ids (PdMerchantIndex *self,
            const Sort      *sort,
            gboolean         descending,
            guint64          offset,
            guint            n)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  guint64 n_blocks, skipped = 0, pos = 0;

  if (offset >= self->count || n == 0)
    return ids;

  if (self->result == NULL)
    {
      for (guint64 i = offset; i < sort->n && ids->len < n; i++)
        {
          guint32 id = sort_at (sort, descending, i);

          g_array_append_val (ids, id);
        }
      return ids;
    }

  /* Skip whole blocks (counted in ascending block order; a descending
   * walk takes them from the end). */
  count_blocks (self, sort);
  n_blocks = (sort->n + BLOCK - 1) / BLOCK;
  for (guint64 b = 0; b < n_blocks; b++)
    {
      guint64 block = descending ? n_blocks - 1 - b : b;
      guint64 in_block = self->blocks[block];

      if (skipped + in_block > offset)
        {
          /* Start of this block in the walk's direction. */
          pos = descending ? sort->n - MIN ((block + 1) * BLOCK, sort->n) : block * BLOCK;
          break;
        }
      skipped += in_block;
      pos = sort->n;
    }

  for (guint64 i = pos; i < sort->n && ids->len < n; i++)
    {
      guint32 id = sort_at (sort, descending, i);

      if (!pd_bits_get (self->result, id))
        continue;
      if (skipped < offset)
        {
          skipped++;
          continue;
        }
      g_array_append_val (ids, id);
    }
  return ids;
}

#define ROW_COLUMNS \
  "id, program_id, seller_id, store_id, seller_name, market, stage, verdict, deadline," \
  " gmv_minor, gmv_currency, gmv_cny, gmv_threshold, countries, countries_needed, staff," \
  " link_token, link_url, link_state, link_created_at"

static PdMerchantRow *
row_from_statement (sqlite3_stmt *stmt)
{
  PdMerchantRow *row = g_new0 (PdMerchantRow, 1);
  const char *currency;

  row->id = sqlite3_column_int64 (stmt, 0);
  row->program_id = pd_column_dup_text (stmt, 1);
  row->seller_id = pd_column_dup_text (stmt, 2);
  row->store_id = pd_column_dup_text (stmt, 3);
  row->seller_name = pd_column_dup_text (stmt, 4);
  row->market = pd_column_dup_text (stmt, 5);
  /* The stored pipeline position; an unknown one (never written by this
   * version) reads as the target list. */
  if (!pd_stage_from_position (sqlite3_column_int64 (stmt, 6), &row->stage))
    row->stage = PD_STAGE_TARGET;
  row->verdict = (PdMerchantVerdict) CLAMP (sqlite3_column_int (stmt, 7), 0, PD_MERCHANT_N_VERDICTS - 1);
  row->has_deadline = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
  row->deadline = sqlite3_column_int64 (stmt, 8);
  row->has_gmv = sqlite3_column_type (stmt, 9) != SQLITE_NULL;
  row->gmv_minor = sqlite3_column_int64 (stmt, 9);
  currency = (const char *) sqlite3_column_text (stmt, 10);
  if (currency != NULL && strlen (currency) == 3)
    memcpy (row->gmv_currency, currency, 4);
  else
    memcpy (row->gmv_currency, "CNY", 4);
  row->has_gmv_cny = sqlite3_column_type (stmt, 11) != SQLITE_NULL;
  row->gmv_cny = sqlite3_column_int64 (stmt, 11);
  row->has_threshold = sqlite3_column_type (stmt, 12) != SQLITE_NULL;
  row->gmv_threshold = sqlite3_column_int64 (stmt, 12);
  row->countries = sqlite3_column_type (stmt, 13) != SQLITE_NULL ? sqlite3_column_int (stmt, 13) : -1;
  row->countries_needed = sqlite3_column_int (stmt, 14);
  row->staff = pd_column_dup_text (stmt, 15);
  row->link_token = pd_column_dup_text (stmt, 16);
  row->link_url = pd_column_dup_text (stmt, 17);
  row->link_state = pd_column_dup_text (stmt, 18);
  row->link_created_at = sqlite3_column_int64 (stmt, 19);
  return row;
}

static GPtrArray *
fetch_rows (PdMerchantIndex  *self,
            GArray           *ids,
            GError          **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_merchant_row_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, error, "SELECT " ROW_COLUMNS " FROM merchant_rows_%s WHERE id = ?1", self->set);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, guint32, i));
      switch (sqlite3_step (stmt))
        {
        case SQLITE_ROW:
          g_ptr_array_add (rows, row_from_statement (stmt));
          break;
        case SQLITE_DONE:
          break;
        default:
          pd_store_set_sql_error (self->store, error, _("reading the merchants"));
          return NULL;
        }
    }
  return g_steal_pointer (&rows);
}

gboolean
pd_merchant_index_query (PdMerchantIndex        *self,
                         const PdMerchantQuery  *query,
                         guint                   offset,
                         guint                   n,
                         guint                  *total_out,
                         GPtrArray             **rows_out,
                         GError                **error)
{
  gboolean own, changed;
  gboolean ok = FALSE;

  g_return_val_if_fail (PD_IS_MERCHANT_INDEX (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  if (!begin_read (self, &own, error))
    return FALSE;
  if (!check_state (self, &changed, NULL, error) || !evaluate (self, query, error))
    goto out;
  if (total_out != NULL)
    *total_out = (guint) MIN (self->count, G_MAXUINT);

  if (rows_out != NULL)
    {
      const Sort *sort;
      g_autoptr(GArray) ids = NULL;

      *rows_out = NULL;
      if (offset >= self->count || n == 0)
        {
          *rows_out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_merchant_row_free);
          ok = TRUE;
          goto out;
        }
      sort = get_sort (self, query->sort, error);
      if (sort == NULL)
        goto out;
      ids = window_ids (self, sort, query->descending, offset, n);
      *rows_out = fetch_rows (self, ids, error);
      if (*rows_out == NULL)
        goto out;
    }
  ok = TRUE;

out:
  end_read (self, own);
  return ok;
}

GPtrArray *
pd_merchant_index_list_values (PdMerchantIndex   *self,
                               PdMerchantColumn   column,
                               GError           **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *name;
  gboolean own, changed;
  int rc;

  g_return_val_if_fail (PD_IS_MERCHANT_INDEX (self), NULL);

  switch (column)
    {
    case PD_MERCHANT_COLUMN_MARKET:
      name = "market";
      break;
    case PD_MERCHANT_COLUMN_STAFF:
      name = "staff";
      break;
    case PD_MERCHANT_COLUMN_SELLER:
      name = "program_id";
      break;
    case PD_MERCHANT_COLUMN_STAGE:
    case PD_MERCHANT_COLUMN_VERDICT:
    case PD_MERCHANT_COLUMN_DEADLINE:
    case PD_MERCHANT_COLUMN_GMV:
    case PD_MERCHANT_COLUMN_INVENTORY:
    case PD_MERCHANT_COLUMN_LINK:
    case PD_MERCHANT_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }

  if (!begin_read (self, &own, error))
    return NULL;
  if (!check_state (self, &changed, NULL, error))
    {
      end_read (self, own);
      return NULL;
    }
  /* Distinct values by index seeks, one per value, not a scan of every
   * row (a skip scan). */
  stmt = prepare (self, error,
                  "WITH RECURSIVE v (x) AS ("
                  "  SELECT min (%s) FROM merchant_rows_%s"
                  "  UNION ALL"
                  "  SELECT (SELECT min (%s) FROM merchant_rows_%s WHERE %s > v.x) FROM v WHERE v.x IS NOT NULL"
                  ") SELECT x FROM v WHERE x IS NOT NULL",
                  name, self->set, name, self->set, name);
  if (stmt == NULL)
    {
      end_read (self, own);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  end_read (self, own);
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (self->store, error, _("listing filter values"));
      return NULL;
    }
  return g_steal_pointer (&values);
}

PdMerchantRow *
pd_merchant_index_get_row (PdMerchantIndex  *self,
                           const char       *program_id,
                           const char       *seller_id,
                           const char       *store_id,
                           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PdMerchantRow *row = NULL;
  gboolean own, changed;
  int rc;

  g_return_val_if_fail (PD_IS_MERCHANT_INDEX (self), NULL);
  g_return_val_if_fail (program_id != NULL && seller_id != NULL, NULL);

  if (!begin_read (self, &own, error))
    return NULL;
  if (!check_state (self, &changed, NULL, error))
    goto out;
  stmt = prepare (self, error,
                  "SELECT " ROW_COLUMNS " FROM merchant_rows_%s"
                  " WHERE seller_id = ?1 AND program_id = ?2 AND store_id IS ?3",
                  self->set);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, program_id, -1, SQLITE_STATIC);
  if (store_id != NULL)
    sqlite3_bind_text (stmt, 3, store_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    row = row_from_statement (stmt);
  else if (rc != SQLITE_DONE)
    pd_store_set_sql_error (self->store, error, _("reading the merchants"));

out:
  end_read (self, own);
  return row;
}

guint64
pd_merchant_index_get_result_hash (PdMerchantIndex *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_INDEX (self), 0);
  return self->result_hash;
}

PdRules *
pd_merchant_index_get_rules (PdMerchantIndex *self,
                             const char      *program_id)
{
  PdRules *rules;

  g_return_val_if_fail (PD_IS_MERCHANT_INDEX (self), NULL);

  if (program_id == NULL)
    return NULL;
  rules = g_hash_table_lookup (self->rules, program_id);
  if (rules == NULL)
    {
      g_autoptr(GError) error = NULL;

      rules = pd_store_load_rules (self->store, program_id, &error);
      if (rules == NULL)
        {
          g_debug ("No rules for %s: %s", program_id, error->message);
          return NULL;
        }
      g_hash_table_insert (self->rules, g_strdup (program_id), rules);
    }
  return rules;
}

gint64
pd_merchant_index_days_left (PdMerchantIndex *self,
                             const char      *program_id,
                             gint64           now,
                             gint64           deadline)
{
  PdRules *rules = pd_merchant_index_get_rules (self, program_id);

  if (rules == NULL)
    return G_MININT64;
  return pd_engine_days_left (rules, now, deadline);
}
