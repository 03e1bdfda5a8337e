/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-bits.h"
#include "pd-merchant-refresh-private.h"
#include "pd-merchant-row.h"
#include "pd-merchant-rows.h"
#include "pd-store-private.h"

/* Bits of the filter of a very large touched set: 2 MB; at 200,000
 * sellers about one untouched seller in a hundred passes it (and is
 * refreshed for nothing, to the same rows). */
#define FILTER_BITS (G_GUINT64_CONSTANT (1) << 24)

/* The list of ids beyond PD_MERCHANT_TOUCHED_MAX: some 8 MB at most. */
#define LIST_MAX PD_MERCHANT_TOUCHED_LIST_MAX

struct _PdMerchantTouched
{
  GHashTable   *ids;     /* owned seller ids, up to PD_MERCHANT_TOUCHED_MAX */
  GPtrArray    *list;    /* beyond that: the ids in @chunk, sorted by seal () */
  GStringChunk *chunk;
  gboolean      sorted;
  PdBits       *filter;  /* beyond LIST_MAX: a bit per seller id's hash */
  gboolean      all;
  gint64        mark;    /* merchant_state "stale" set for these sellers alone */
};

static guint64
filter_bit (const char *seller_id)
{
  return ((guint64) g_str_hash (seller_id) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 40;
}

static void
list_clear (PdMerchantTouched *touched)
{
  g_clear_pointer (&touched->list, g_ptr_array_unref);
  g_clear_pointer (&touched->chunk, g_string_chunk_free);
  touched->sorted = FALSE;
}

PdMerchantTouched *
pd_merchant_touched_new (void)
{
  PdMerchantTouched *touched = g_new0 (PdMerchantTouched, 1);

  touched->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return touched;
}

void
pd_merchant_touched_free (PdMerchantTouched *touched)
{
  if (touched == NULL)
    return;
  g_hash_table_unref (touched->ids);
  list_clear (touched);
  g_clear_pointer (&touched->filter, pd_bits_free);
  g_free (touched);
}

static void
list_add (PdMerchantTouched *touched,
          const char        *seller_id)
{
  /* A file's rows of one seller often come together. */
  if (touched->list->len > 0 &&
      g_str_equal (g_ptr_array_index (touched->list, touched->list->len - 1), seller_id))
    return;
  g_ptr_array_add (touched->list, g_string_chunk_insert (touched->chunk, seller_id));
  touched->sorted = FALSE;
}

void
pd_merchant_touched_add (PdMerchantTouched *touched,
                         const char        *seller_id)
{
  if (touched->all || seller_id == NULL || *seller_id == '\0')
    return;
  if (touched->filter == NULL && touched->list == NULL &&
      g_hash_table_size (touched->ids) >= PD_MERCHANT_TOUCHED_MAX)
    {
      GHashTableIter iter;
      gpointer id;

      /* Too many to update one by one: the pass after the commit reads
       * these sellers alone. */
      touched->list = g_ptr_array_sized_new (PD_MERCHANT_TOUCHED_MAX * 2);
      touched->chunk = g_string_chunk_new (256 * 1024);
      g_hash_table_iter_init (&iter, touched->ids);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        list_add (touched, id);
      g_hash_table_remove_all (touched->ids);
    }
  if (touched->list != NULL && touched->list->len >= LIST_MAX)
    {
      /* Too many to list: the pass skips the sellers the filter does
       * not hold. */
      touched->filter = pd_bits_new (FILTER_BITS);
      for (guint i = 0; i < touched->list->len; i++)
        pd_bits_set (touched->filter, filter_bit (g_ptr_array_index (touched->list, i)));
      list_clear (touched);
    }
  if (touched->filter != NULL)
    pd_bits_set (touched->filter, filter_bit (seller_id));
  else if (touched->list != NULL)
    list_add (touched, seller_id);
  else if (!g_hash_table_contains (touched->ids, seller_id))
    g_hash_table_add (touched->ids, g_strdup (seller_id));
}

void
pd_merchant_touched_add_all (PdMerchantTouched *touched)
{
  touched->all = TRUE;
  /* The ids are of no use now: their memory goes back. */
  g_hash_table_remove_all (touched->ids);
  list_clear (touched);
  g_clear_pointer (&touched->filter, pd_bits_free);
}

gboolean
pd_merchant_touched_prepare (PdMerchantTouched  *touched,
                             PdStore            *store,
                             GError            **error)
{
  PdMerchantState state;

  if (!pd_merchant_state_read (store, &state, error))
    return FALSE;
  /* Never built: pd_merchant_rows_update () marks them stale whatever
   * is touched, and the next reader builds them all. */
  if (state.as_of == 0)
    pd_merchant_touched_add_all (touched);
  return TRUE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
pd_merchant_touched_seal (PdMerchantTouched *touched)
{
  guint n = 0;

  if (touched->list == NULL || touched->sorted)
    return;
  g_ptr_array_sort (touched->list, compare_ids);
  for (guint i = 0; i < touched->list->len; i++)
    if (n == 0 || strcmp (touched->list->pdata[n - 1], touched->list->pdata[i]) != 0)
      touched->list->pdata[n++] = touched->list->pdata[i];
  g_ptr_array_set_size (touched->list, n);
  touched->sorted = TRUE;
}

void
pd_merchant_touched_walk_init (PdMerchantTouchedWalk   *walk,
                               const PdMerchantTouched *touched)
{
  walk->touched = touched;
  walk->next = 0;
}

gboolean
pd_merchant_touched_walk_has (PdMerchantTouchedWalk *walk,
                              const char            *seller_id)
{
  const PdMerchantTouched *touched = walk->touched;
  int cmp = 1;

  if (touched->all)
    return TRUE;
  if (touched->filter != NULL)
    return pd_bits_get (touched->filter, filter_bit (seller_id));
  if (touched->list == NULL)
    return g_hash_table_contains (touched->ids, seller_id);
  /* Not sealed: any seller may be one of them. */
  if (!touched->sorted)
    return TRUE;
  while (walk->next < touched->list->len &&
         (cmp = strcmp (g_ptr_array_index (touched->list, walk->next), seller_id)) < 0)
    walk->next++;
  return walk->next < touched->list->len && cmp == 0;
}

gboolean
pd_merchant_touched_is_empty (PdMerchantTouched *touched)
{
  return !touched->all && touched->filter == NULL && touched->list == NULL &&
         g_hash_table_size (touched->ids) == 0;
}

gboolean
pd_merchant_rows_update (PdStore            *store,
                         PdMerchantTouched  *touched,
                         gint64              as_of,
                         GError            **error)
{
  g_autofree const char **ids = NULL;
  PdMerchantState state;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (touched != NULL, FALSE);

  if (pd_merchant_touched_is_empty (touched))
    return TRUE;
  if (!pd_merchant_state_read (store, &state, error))
    return FALSE;
  /* Never built, or too much to do seller by seller: one pass after the
   * commit (pd_merchant_rows_ensure_current ()). Reading one seller on
   * its own costs some 15 times its share of a pass over every seller
   * (measured: 20,000 sellers of 100,000 took twice the CPU of the pass). */
  /* Name keys of another collation (the app and this process in other
   * languages): new rows would sort apart; the pass rebuilds them all. */
  if (state.as_of == 0 || touched->all || state.collation != pd_merchant_collation_id ())
    return pd_merchant_state_set (store, "stale", g_get_real_time (), error);
  if (touched->filter != NULL || touched->list != NULL ||
      g_hash_table_size (touched->ids) > MAX (state.rows / 16, 1000))
    {
      /* Current until now: the pass need only read these sellers again
       * (unless another write marks the rows stale meanwhile). */
      gint64 mark = g_get_real_time ();

      if (state.stale == 0 && (state.valid_until == 0 || as_of < state.valid_until))
        touched->mark = mark;
      return pd_merchant_state_set (store, "stale", mark, error);
    }

  ids = (const char **) g_hash_table_get_keys_as_array (touched->ids, NULL);
  return pd_merchant_update_sellers_in_transaction (store, ids, as_of, error);
}

gboolean
pd_merchant_rows_touch (PdStore             *store,
                        const char * const  *seller_ids,
                        GError             **error)
{
  g_autoptr(PdMerchantTouched) touched = pd_merchant_touched_new ();

  for (guint i = 0; seller_ids != NULL && seller_ids[i] != NULL; i++)
    pd_merchant_touched_add (touched, seller_ids[i]);
  return pd_merchant_rows_update (store, touched, g_get_real_time () / G_USEC_PER_SEC, error);
}

gboolean
pd_merchant_rows_is_stale (PdStore   *store,
                           gint64     now,
                           gboolean  *stale_out,
                           GError   **error)
{
  PdMerchantState state;
  gboolean has;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  *stale_out = FALSE;
  if (!pd_merchant_state_read (store, &state, error))
    return FALSE;
  if (state.as_of == 0)
    {
      /* An empty store has nothing to build. */
      if (!pd_merchant_store_has_merchants (store, &has, error))
        return FALSE;
      *stale_out = has;
      return TRUE;
    }
  *stale_out = state.stale != 0 || (state.valid_until != 0 && now >= state.valid_until);
  return TRUE;
}

/* One pass with no pauses: the caller waits for it. */
static const PdMerchantRefreshLimits unpaused = {
  .rows = G_MAXUINT / 2,
  .hold_ms = G_MAXUINT / 2000,
  .pause_ms = 0,
};

/* The same for the touched sellers after a write, with larger caches
 * (measured at 1,000,000 sellers after 200,000 links, then 100,000
 * stores; the import's own cache is given back before). The reader: each
 * row shown with a link reads the link's url and staff by token, in
 * seller order random pages of the links table (23 MB), which the pass's
 * scans of the target list push out of a 2 MB cache: the stores pass
 * read 3.4 GB with 2 MB, 2.0 GB with 16 MB, 1.4 GB with 32 MB. The
 * writer: the updated rows' index pages went to the WAL before the
 * commit, were read back and written again: 1.2 GB written with 2 MB,
 * 0.57 GB with 16 MB or more. Peak RSS of the stores import 72 MB ->
 * 105 MB (89 MB with a 16 MB reader). */
static const PdMerchantRefreshLimits unpaused_touched = {
  .rows = G_MAXUINT / 2,
  .hold_ms = G_MAXUINT / 2000,
  .pause_ms = 0,
  .reader_cache_kib = 32768,
  .writer_cache_kib = 16384,
};

gboolean
pd_merchant_rows_ensure_current (PdStore  *store,
                                 gint64    now,
                                 GError  **error)
{
  return pd_merchant_rows_ensure_current_for (store, now, NULL, error);
}

gboolean
pd_merchant_rows_ensure_current_for (PdStore            *store,
                                     gint64              now,
                                     PdMerchantTouched  *touched,
                                     GError            **error)
{
  PdMerchantState state;
  gboolean stale;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (!pd_merchant_rows_is_stale (store, now, &stale, error))
    return FALSE;
  if (!stale)
    return TRUE;
  if (!pd_merchant_state_read (store, &state, error))
    return FALSE;
  /* Stale only by @touched's write, and nothing changed with the clock. */
  if (touched != NULL && touched->mark != 0 && state.stale == touched->mark &&
      (state.valid_until == 0 || now < state.valid_until))
    {
      pd_merchant_touched_seal (touched);
      return pd_merchant_refresh_some (pd_store_get_path (store), now, PD_MERCHANT_REFRESH_NO_KEYS, touched,
                                       NULL, NULL, NULL, &unpaused_touched, error);
    }
  return pd_merchant_refresh_with_limits (pd_store_get_path (store), now,
                                          /* The search keys: the page's background refresh. */
                                          PD_MERCHANT_REFRESH_NO_KEYS |
                                          (state.as_of == 0 ? PD_MERCHANT_REFRESH_REBUILD
                                                            : PD_MERCHANT_REFRESH_DEFAULT),
                                          NULL, NULL, NULL, &unpaused, error);
}

gboolean
pd_merchant_rows_is_current_as_of (const char  *path,
                                   gint64       as_of,
                                   gboolean    *current_out,
                                   gint64      *valid_until_out,
                                   GError     **error)
{
  g_autoptr(PdStore) store = NULL;
  PdMerchantState state;

  g_return_val_if_fail (path != NULL, FALSE);

  *current_out = FALSE;
  *valid_until_out = 0;
  store = pd_store_open (path, error);
  if (store == NULL || !pd_merchant_state_read (store, &state, error))
    return FALSE;
  *valid_until_out = state.valid_until;
  *current_out = state.as_of != 0 && state.as_of <= as_of && state.stale == 0 &&
                 (state.valid_until == 0 || as_of < state.valid_until) &&
                 state.collation == pd_merchant_collation_id ();
  return TRUE;
}
