/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-store-entries.h"
#include "pd-store-columns.h"
#include "pd-invitation.h"
#include "pd-store-private.h"

/* Rows per batch handed from a reader thread to the merging thread, and
 * batches in flight per reader: bounds the memory whatever the size. */
#define BATCH_ROWS    4096
#define BATCHES_AHEAD 4

/* The engine's inputs, as one SQL text each: the stream reads all
 * sellers, pd_store_read_seller() adds "AND seller_id = ?2" to read one.
 * Both decode rows with the functions below, so every reading rule (a
 * text column that is NULL or '' is NULL, a GMV without a three-letter
 * currency is none, which links invite the seller, where the seller's
 * market comes from) exists once. */
#define STORES_SQL(filter) \
  "SELECT seller_id, store_id, market, onboarded_at, via_token, first_sale_at," \
  "       settled_gmv_30d, gmv_currency, inventory_countries, store_status," \
  "       governance, governance_reason" \
  "  FROM stores" filter " ORDER BY seller_id, onboarded_at, store_id"
#define TARGETS_SQL(name, filter) \
  "SELECT seller_id, review_status, left_at, market, " name \
  "  FROM target_merchants WHERE program_id = ?1" filter " ORDER BY seller_id"
/* In the order of the index links_seller within a seller. */
#define LINKS_SQL(filter) \
  "SELECT seller_id, token, kind, program_id, revoked_at, market, created_at, expires_at, state" \
  "  FROM links WHERE seller_id IS NOT NULL" filter " ORDER BY seller_id"
#define ONE_SELLER " AND seller_id = ?2"
#define LINK_BY_TOKEN_SQL "SELECT kind, created_at, revoked_at, expires_at FROM links WHERE token = ?1"
#define ONE_SELLERS_STORES " WHERE seller_id = ?2"

/* The read side of this file: two reader threads, each on its own
 * read-only connection, fill batches of rows in seller order; the calling
 * thread merges them by seller_id, resolves each store's link and calls
 * back once per seller. A batch never splits a seller's rows, so a
 * seller's stores are one contiguous array in one batch. */

typedef struct
{
  const char *token;
  PdLinkInput link;
  gboolean    this_program;
  const char *market;
} LinkRow;

typedef struct
{
  const char    *seller_id;
  const char    *seller_name;
  const char    *market;
  PdTargetInput  target;
  gboolean       invited;
  guint          first_link;
  guint          n_links;
  guint          first_invitation;
  guint          n_invitations;
} SideRow;

typedef struct
{
  GArray       *seller_ids;  /* const char *, parallel to stores (store batches) */
  GArray       *stores;      /* PdStoreInput */
  GArray       *sides;       /* SideRow (side batches) */
  GArray       *links;       /* LinkRow */
  GArray       *invitations; /* PdLinkInput: the program's onboarding links, by side */
  GStringChunk *strings;
  gboolean      last;
  GError       *error;
} Batch;

typedef struct
{
  char        *path;
  char        *program_id;
  gboolean     names;
  GAsyncQueue *full;
  GAsyncQueue *free;
  gint        *cancelled;
  GThread     *thread;
} Reader;

static Batch *
batch_new (void)
{
  Batch *b = g_new0 (Batch, 1);

  b->seller_ids = g_array_sized_new (FALSE, FALSE, sizeof (const char *), BATCH_ROWS + 16);
  b->stores = g_array_sized_new (FALSE, TRUE, sizeof (PdStoreInput), BATCH_ROWS + 16);
  b->sides = g_array_sized_new (FALSE, TRUE, sizeof (SideRow), BATCH_ROWS + 16);
  b->links = g_array_sized_new (FALSE, TRUE, sizeof (LinkRow), BATCH_ROWS + 16);
  b->invitations = g_array_sized_new (FALSE, TRUE, sizeof (PdLinkInput), BATCH_ROWS + 16);
  b->strings = g_string_chunk_new (64 * 1024);
  return b;
}

static void
batch_free (gpointer data)
{
  Batch *b = data;

  g_array_unref (b->seller_ids);
  g_array_unref (b->stores);
  g_array_unref (b->sides);
  g_array_unref (b->links);
  g_array_unref (b->invitations);
  g_string_chunk_free (b->strings);
  g_clear_error (&b->error);
  g_free (b);
}

static void
batch_reset (Batch *b)
{
  g_array_set_size (b->seller_ids, 0);
  g_array_set_size (b->stores, 0);
  g_array_set_size (b->sides, 0);
  g_array_set_size (b->links, 0);
  g_array_set_size (b->invitations, 0);
  g_string_chunk_clear (b->strings);
  b->last = FALSE;
  g_clear_error (&b->error);
}

static void
set_sql_error (sqlite3     *db,
               const char  *path,
               const char  *what,
               GError     **error)
{
  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_SQL,
               _("%s: %s failed: %s"), path, what, db != NULL ? sqlite3_errmsg (db) : "?");
}

static sqlite3 *
open_reader (const char  *path,
             GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      set_sql_error (db, path, _("opening a reader"), error);
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* Hands @b over and takes an empty batch; NULL when cancelled. */
static Batch *
hand_over (Reader *r,
           Batch  *b)
{
  g_async_queue_push (r->full, b);
  b = g_async_queue_pop (r->free);
  batch_reset (b);
  return b;
}

static void
finish_reader (Reader  *r,
               Batch   *b,
               GError  *error)
{
  b->last = TRUE;
  b->error = error;
  g_async_queue_push (r->full, b);
}

/* Row decoders, shared by both readers ------------------------------------ */

/* A row of STORES_SQL. */
static void
store_from_row (Batch        *b,
                sqlite3_stmt *stmt,
                PdStoreInput *s)
{
  const char *currency;

  s->store_id = pd_column_chunk_text (b->strings, stmt, 1);
  if (s->store_id == NULL)
    s->store_id = "";
  s->market = pd_column_chunk_text (b->strings, stmt, 2);
  s->has_onboarded_at = optional_int (stmt, 3, &s->onboarded_at);
  s->via_token = pd_column_chunk_text (b->strings, stmt, 4);
  s->has_first_sale_at = optional_int (stmt, 5, &s->first_sale_at);
  s->has_gmv = optional_int (stmt, 6, &s->gmv.minor);
  currency = (const char *) sqlite3_column_text (stmt, 7);
  if (currency != NULL && strlen (currency) == 3)
    memcpy (s->gmv.currency, currency, 4);
  else
    {
      memcpy (s->gmv.currency, "CNY", 4);
      s->has_gmv = FALSE;
    }
  s->inventory_countries = pd_column_chunk_text (b->strings, stmt, 8);
  s->status = store_status_from_column ((const char *) sqlite3_column_text (stmt, 9));
  s->governance = governance_from_column ((const char *) sqlite3_column_text (stmt, 10));
  s->governance_reason = pd_column_chunk_text (b->strings, stmt, 11);
}

/* A row of TARGETS_SQL: the seller is on the list. */
static void
target_from_row (Batch        *b,
                 sqlite3_stmt *stmt,
                 SideRow      *side)
{
  side->target.listed = TRUE;
  side->target.review_status = review_status_from_column ((const char *) sqlite3_column_text (stmt, 1));
  side->target.has_left_at = optional_int (stmt, 2, &side->target.left_at);
  side->market = pd_column_chunk_text (b->strings, stmt, 3);
  side->seller_name = pd_column_chunk_text (b->strings, stmt, 4);
}

/* A row of LINKS_SQL, one of @side's links; an onboarding link of
 * @program_id invites the seller (and gives it a market when the list
 * does not). */
static void
link_from_row (Batch        *b,
               sqlite3_stmt *stmt,
               const char   *program_id,
               SideRow      *side)
{
  const char *program = (const char *) sqlite3_column_text (stmt, 3);
  LinkRow *link;

  g_array_set_size (b->links, b->links->len + 1);
  link = &g_array_index (b->links, LinkRow, b->links->len - 1);
  link->token = pd_column_chunk_text (b->strings, stmt, 1);
  link->link.found = TRUE;
  link->link.kind = link_kind_from_column ((const char *) sqlite3_column_text (stmt, 2));
  link->link.has_revoked_at = optional_int (stmt, 4, &link->link.revoked_at);
  link->link.created_at = sqlite3_column_int64 (stmt, 6);
  link->link.has_expires_at = optional_int (stmt, 7, &link->link.expires_at);
  pd_link_input_set_stored_state (&link->link, (const char *) sqlite3_column_text (stmt, 8));
  link->this_program = program != NULL && strcmp (program, program_id) == 0;
  /* The market only matters for an invited seller not on the list. */
  if (link->this_program && side->market == NULL)
    link->market = pd_column_chunk_text (b->strings, stmt, 5);
  if (link->this_program && link->link.kind == PD_LINK_KIND_ONBOARDING)
    {
      side->invited = TRUE;
      g_array_append_val (b->invitations, link->link);
      side->n_invitations++;
      if (side->market == NULL)
        side->market = link->market;
    }
  side->n_links++;
}

/* Stores in (seller_id, onboarded_at, store_id) order: a scan of the
 * covering index stores_seller. */
static gpointer
read_stores (gpointer data)
{
  static const char sql[] = STORES_SQL ("");
  Reader *r = data;
  GError *error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  Batch *b = g_async_queue_pop (r->free);
  int rc;

  batch_reset (b);
  if ((db = open_reader (r->path, &error)) == NULL)
    goto out;
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (db, r->path, _("reading the stores"), &error);
      goto out;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *seller_id = (const char *) sqlite3_column_text (stmt, 0);
      PdStoreInput *s;

      /* Cut only between sellers. */
      if (b->stores->len >= BATCH_ROWS &&
          strcmp (g_array_index (b->seller_ids, const char *, b->seller_ids->len - 1),
                  seller_id != NULL ? seller_id : "") != 0)
        {
          if (g_atomic_int_get (r->cancelled))
            break;
          b = hand_over (r, b);
        }

      g_array_set_size (b->stores, b->stores->len + 1);
      s = &g_array_index (b->stores, PdStoreInput, b->stores->len - 1);
      /* A seller's rows share one copy of its id: the merge then tells
       * them apart by pointer. */
      if (b->seller_ids->len > 0 &&
          strcmp (g_array_index (b->seller_ids, const char *, b->seller_ids->len - 1),
                  seller_id != NULL ? seller_id : "") == 0)
        seller_id = g_array_index (b->seller_ids, const char *, b->seller_ids->len - 1);
      else
        seller_id = g_string_chunk_insert (b->strings, seller_id != NULL ? seller_id : "");
      g_array_append_val (b->seller_ids, seller_id);

      store_from_row (b, stmt, s);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sql_error (db, r->path, _("reading the stores"), &error);

out:
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  finish_reader (r, b, error);
  return NULL;
}

/* The program's target list and every link that names a seller, both in
 * seller_id order, merged into one SideRow per seller. */
static gpointer
read_sides (gpointer data)
{
  static const char targets_sql[] = TARGETS_SQL ("seller_name", "");
  static const char targets_sql_no_names[] = TARGETS_SQL ("NULL", "");
  static const char links_sql[] = LINKS_SQL ("");
  Reader *r = data;
  GError *error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *targets = NULL;
  sqlite3_stmt *links = NULL;
  gboolean have_target = FALSE;
  gboolean have_link = FALSE;
  Batch *b = g_async_queue_pop (r->free);
  int rc;

  batch_reset (b);
  if ((db = open_reader (r->path, &error)) == NULL)
    goto out;
  if (sqlite3_prepare_v2 (db, r->names ? targets_sql : targets_sql_no_names, -1,
                          &targets, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, links_sql, -1, &links, NULL) != SQLITE_OK)
    {
      set_sql_error (db, r->path, _("reading the target list and links"), &error);
      goto out;
    }
  sqlite3_bind_text (targets, 1, r->program_id, -1, SQLITE_STATIC);

#define STEP(stmt, have) \
  G_STMT_START { \
    rc = sqlite3_step (stmt); \
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) \
      { \
        set_sql_error (db, r->path, _("reading the target list and links"), &error); \
        goto out; \
      } \
    have = (rc == SQLITE_ROW); \
  } G_STMT_END

  STEP (targets, have_target);
  STEP (links, have_link);

  while (have_target || have_link)
    {
      const char *target_seller = have_target ? (const char *) sqlite3_column_text (targets, 0) : NULL;
      const char *link_seller = have_link ? (const char *) sqlite3_column_text (links, 0) : NULL;
      const char *seller;
      SideRow *side;
      int cmp;

      if (b->sides->len >= BATCH_ROWS)
        {
          if (g_atomic_int_get (r->cancelled))
            break;
          b = hand_over (r, b);
        }

      cmp = target_seller == NULL ? 1 : link_seller == NULL ? -1 : strcmp (target_seller, link_seller);
      seller = g_string_chunk_insert (b->strings, cmp <= 0 ? target_seller : link_seller);

      g_array_set_size (b->sides, b->sides->len + 1);
      side = &g_array_index (b->sides, SideRow, b->sides->len - 1);
      memset (side, 0, sizeof *side);
      side->seller_id = seller;
      side->first_link = b->links->len;
      side->first_invitation = b->invitations->len;

      if (cmp <= 0)
        {
          target_from_row (b, targets, side);
          STEP (targets, have_target);
        }

      while (have_link && strcmp ((const char *) sqlite3_column_text (links, 0), seller) == 0)
        {
          link_from_row (b, links, r->program_id, side);
          STEP (links, have_link);
        }
    }
#undef STEP

out:
  sqlite3_finalize (targets);
  sqlite3_finalize (links);
  sqlite3_close_v2 (db);
  finish_reader (r, b, error);
  return NULL;
}

/* The merging side -------------------------------------------------------- */

typedef struct
{
  Reader  reader;
  Batch  *batch;
  guint   pos;
  gboolean done;
} Cursor;

/* Makes the cursor point at a row, or sets done; FALSE on a reader's error. */
static gboolean
cursor_fill (Cursor   *c,
             gboolean  stores,
             GError  **error)
{
  while (!c->done)
    {
      guint len;

      if (c->batch != NULL)
        {
          len = stores ? c->batch->stores->len : c->batch->sides->len;
          if (c->pos < len)
            return TRUE;
          if (c->batch->last)
            {
              c->done = TRUE;
              break;
            }
          g_async_queue_push (c->reader.free, c->batch);
        }
      c->batch = g_async_queue_pop (c->reader.full);
      c->pos = 0;
      if (c->batch->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&c->batch->error));
          c->done = TRUE;
          return FALSE;
        }
    }
  return TRUE;
}

static const char *
cursor_seller (Cursor   *c,
               gboolean  stores)
{
  if (c->done)
    return NULL;
  return stores ? g_array_index (c->batch->seller_ids, const char *, c->pos)
                : g_array_index (c->batch->sides, SideRow, c->pos).seller_id;
}

/* Stops the reader (if still running), waits for it, frees its batches. */
static void
cursor_close (Cursor *c)
{
  Batch *b;

  if (c->reader.thread == NULL)
    return;

  g_atomic_int_set (c->reader.cancelled, 1);
  if (c->batch != NULL)
    {
      if (c->batch->last)
        c->done = TRUE;
      g_async_queue_push (c->reader.free, g_steal_pointer (&c->batch));
    }
  while (!c->done)
    {
      b = g_async_queue_pop (c->reader.full);
      c->done = b->last;
      g_async_queue_push (c->reader.free, b);
    }
  g_thread_join (g_steal_pointer (&c->reader.thread));

  while ((b = g_async_queue_try_pop (c->reader.full)) != NULL)
    batch_free (b);
  while ((b = g_async_queue_try_pop (c->reader.free)) != NULL)
    batch_free (b);
  g_async_queue_unref (c->reader.full);
  g_async_queue_unref (c->reader.free);
  g_free (c->reader.path);
  g_free (c->reader.program_id);
}

static gboolean
cursor_open (Cursor      *c,
             const char  *name,
             GThreadFunc  func,
             const char  *path,
             const char  *program_id,
             gboolean     names,
             gint        *cancelled,
             GError     **error)
{
  memset (c, 0, sizeof *c);
  c->reader.path = g_strdup (path);
  c->reader.program_id = g_strdup (program_id);
  c->reader.names = names;
  c->reader.cancelled = cancelled;
  c->reader.full = g_async_queue_new ();
  c->reader.free = g_async_queue_new ();
  for (guint i = 0; i < BATCHES_AHEAD; i++)
    g_async_queue_push (c->reader.free, batch_new ());

  c->reader.thread = g_thread_try_new (name, func, &c->reader, error);
  if (c->reader.thread == NULL)
    {
      g_prefix_error (error, _("Cannot start a reader for the projection: "));
      c->done = TRUE;
      g_async_queue_unref (c->reader.full);
      g_async_queue_unref (c->reader.free);
      g_free (c->reader.path);
      g_free (c->reader.program_id);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char   currency[4];
  PdRate rate;
} RateRow;

static GArray *
load_rates (PdStore  *store,
            GError  **error)
{
  g_autoptr(GArray) rates = g_array_new (FALSE, TRUE, sizeof (RateRow));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT currency, cny_per_unit_micros FROM exchange_rates", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 0);
      RateRow row = { { 0 }, { 0 } };

      if (code == NULL || strlen (code) != 3)
        continue;
      memcpy (row.currency, code, 4);
      row.rate.micros = sqlite3_column_int64 (stmt, 1);
      g_array_append_val (rates, row);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the exchange rates"));
      return NULL;
    }
  return g_steal_pointer (&rates);
}

typedef struct
{
  PdStore      *store;
  GArray       *rates;
  sqlite3_stmt *link_by_token;
} Resolver;

/* The link a store's via_token names: first among its seller's links
 * (already read in order), else looked up by token (a link made for
 * another seller, or for none). */
static gboolean
resolve_store (Resolver       *res,
               PdStoreInput   *s,
               Batch          *side_batch,
               const SideRow  *side,
               GError        **error)
{
  memset (&s->link, 0, sizeof s->link);
  s->has_rate = FALSE;

  for (guint i = 0; i < res->rates->len; i++)
    {
      const RateRow *rate = &g_array_index (res->rates, RateRow, i);

      if (memcmp (rate->currency, s->gmv.currency, 4) == 0)
        {
          s->has_rate = TRUE;
          s->rate = rate->rate;
          break;
        }
    }

  if (s->via_token == NULL)
    return TRUE;

  if (side != NULL)
    for (guint i = 0; i < side->n_links; i++)
      {
        const LinkRow *link = &g_array_index (side_batch->links, LinkRow, side->first_link + i);

        if (link->token != NULL && strcmp (link->token, s->via_token) == 0)
          {
            s->link = link->link;
            return TRUE;
          }
      }

  sqlite3_reset (res->link_by_token);
  sqlite3_bind_text (res->link_by_token, 1, s->via_token, -1, SQLITE_STATIC);
  switch (sqlite3_step (res->link_by_token))
    {
    case SQLITE_ROW:
      s->link.found = TRUE;
      s->link.kind = link_kind_from_column ((const char *) sqlite3_column_text (res->link_by_token, 0));
      s->link.created_at = sqlite3_column_int64 (res->link_by_token, 1);
      s->link.has_revoked_at = optional_int (res->link_by_token, 2, &s->link.revoked_at);
      s->link.has_expires_at = optional_int (res->link_by_token, 3, &s->link.expires_at);
      break;
    case SQLITE_DONE:
      break;
    default:
      pd_store_set_sql_error (res->store, error, _("looking up a link"));
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_foreach_seller (PdStore              *store,
                         const char           *program_id,
                         PdStoreEntriesFlags   flags,
                         PdSellerFunc          func,
                         gpointer              user_data,
                         GError              **error)
{
  g_autoptr(GArray) rates = NULL;
  g_autoptr(sqlite3_stmt) link_by_token = NULL;
  Cursor stores = { { 0 } };
  Cursor sides = { { 0 } };
  gint cancelled = 0;
  gboolean ok = FALSE;
  gboolean own_transaction = FALSE;
  Resolver res;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (program_id != NULL && func != NULL, FALSE);

  rates = load_rates (store, error);
  if (rates == NULL)
    return FALSE;
  link_by_token = pd_store_prepare (store, LINK_BY_TOKEN_SQL, error);
  if (link_by_token == NULL)
    return FALSE;
  res.store = store;
  res.rates = rates;
  res.link_by_token = link_by_token;

  /* One read transaction for the links looked up by token, instead of
   * one per lookup (each would check the file and the WAL again). */
  if (sqlite3_get_autocommit (pd_store_get_db (store)))
    {
      if (!pd_store_exec (store, "BEGIN", error))
        return FALSE;
      own_transaction = TRUE;
    }

  stores.done = sides.done = TRUE;
  if (!cursor_open (&stores, "pd-read-stores", read_stores, pd_store_get_path (store),
                    program_id, FALSE, &cancelled, error) ||
      !cursor_open (&sides, "pd-read-sides", read_sides, pd_store_get_path (store),
                    program_id, (flags & PD_STORE_ENTRIES_NAMES) != 0, &cancelled, error))
    goto out;

  for (;;)
    {
      const char *store_seller, *side_seller, *seller_id;
      const SideRow *side = NULL;
      Batch *side_batch = NULL;
      PdSellerInput input = { 0 };
      int cmp;

      if (!cursor_fill (&stores, TRUE, error) || !cursor_fill (&sides, FALSE, error))
        goto out;
      store_seller = cursor_seller (&stores, TRUE);
      side_seller = cursor_seller (&sides, FALSE);
      if (store_seller == NULL && side_seller == NULL)
        break;

      cmp = store_seller == NULL ? 1 : side_seller == NULL ? -1 : strcmp (store_seller, side_seller);
      seller_id = cmp <= 0 ? store_seller : side_seller;
      input.seller_id = seller_id;

      if (cmp >= 0)
        {
          side_batch = sides.batch;
          side = &g_array_index (side_batch->sides, SideRow, sides.pos);
          input.seller_name = side->seller_name;
          input.market = side->market;
          input.target = side->target;
          input.invited = side->invited;
          if (side->n_invitations > 0)
            input.invitations = &g_array_index (side_batch->invitations, PdLinkInput,
                                                side->first_invitation);
          input.n_invitations = side->n_invitations;
        }

      if (cmp <= 0)
        {
          Batch *b = stores.batch;
          guint first = stores.pos;
          guint n = 0;

          while (first + n < b->stores->len &&
                 g_array_index (b->seller_ids, const char *, first + n) == seller_id)
            n++;
          for (guint i = 0; i < n; i++)
            if (!resolve_store (&res, &g_array_index (b->stores, PdStoreInput, first + i),
                                side_batch, side, error))
              goto out;
          input.stores = &g_array_index (b->stores, PdStoreInput, first);
          input.n_stores = n;
          if (input.market == NULL)
            input.market = input.stores[0].market;
        }

      if (!func (&input, user_data, error))
        goto out;

      /* Only now: @input pointed into the batches. */
      if (cmp <= 0)
        stores.pos += input.n_stores;
      if (cmp >= 0)
        sides.pos++;
    }
  ok = TRUE;

out:
  cursor_close (&stores);
  cursor_close (&sides);
  sqlite3_reset (link_by_token);
  if (own_transaction)
    pd_store_rollback (store);
  return ok;
}

/* One seller ------------------------------------------------------------ */

struct _PdSellerRead
{
  Batch         *batch;
  PdSellerInput  input;
};

void
pd_seller_read_free (PdSellerRead *read)
{
  if (read == NULL)
    return;
  batch_free (read->batch);
  g_free (read);
}

const PdSellerInput *
pd_seller_read_get_input (PdSellerRead *read)
{
  return &read->input;
}

static gboolean
read_seller_rows (PdStore       *store,
                  Batch         *b,
                  SideRow       *side,
                  const char    *program_id,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) targets = NULL;
  g_autoptr(sqlite3_stmt) links = NULL;
  g_autoptr(sqlite3_stmt) stores = NULL;
  int rc;

  targets = pd_store_prepare (store, TARGETS_SQL ("seller_name", ONE_SELLER), error);
  links = targets != NULL ? pd_store_prepare (store, LINKS_SQL (ONE_SELLER), error) : NULL;
  stores = links != NULL ? pd_store_prepare (store, STORES_SQL (ONE_SELLERS_STORES), error) : NULL;
  if (stores == NULL)
    return FALSE;

  sqlite3_bind_text (targets, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (targets, 2, side->seller_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (targets);
  if (rc == SQLITE_ROW)
    target_from_row (b, targets, side);
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a seller’s target row"));
      return FALSE;
    }

  sqlite3_bind_text (links, 2, side->seller_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    link_from_row (b, links, program_id, side);
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a seller’s links"));
      return FALSE;
    }

  sqlite3_bind_text (stores, 2, side->seller_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stores)) == SQLITE_ROW)
    {
      g_array_set_size (b->stores, b->stores->len + 1);
      store_from_row (b, stores, &g_array_index (b->stores, PdStoreInput, b->stores->len - 1));
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a seller’s stores"));
      return FALSE;
    }
  return TRUE;
}

PdSellerRead *
pd_store_read_seller (PdStore     *store,
                      const char  *program_id,
                      const char  *seller_id,
                      GError     **error)
{
  g_autoptr(PdSellerRead) read = NULL;
  g_autoptr(GArray) rates = NULL;
  g_autoptr(sqlite3_stmt) link_by_token = NULL;
  gboolean own_transaction = FALSE;
  gboolean ok;
  PdSellerInput *input;
  Resolver res;
  SideRow *side;
  Batch *b;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (program_id != NULL && seller_id != NULL, NULL);

  read = g_new0 (PdSellerRead, 1);
  read->batch = b = batch_new ();
  g_array_set_size (b->sides, 1);
  side = &g_array_index (b->sides, SideRow, 0);
  side->seller_id = g_string_chunk_insert (b->strings, seller_id);

  /* One snapshot for every read. */
  if (sqlite3_get_autocommit (pd_store_get_db (store)))
    {
      if (!pd_store_exec (store, "BEGIN", error))
        return NULL;
      own_transaction = TRUE;
    }
  rates = load_rates (store, error);
  link_by_token = rates != NULL ? pd_store_prepare (store, LINK_BY_TOKEN_SQL, error) : NULL;
  ok = link_by_token != NULL && read_seller_rows (store, b, side, program_id, error);
  res.store = store;
  res.rates = rates;
  res.link_by_token = link_by_token;
  for (guint i = 0; ok && i < b->stores->len; i++)
    ok = resolve_store (&res, &g_array_index (b->stores, PdStoreInput, i), b, side, error);
  g_clear_pointer (&link_by_token, sqlite3_finalize);
  if (own_transaction)
    pd_store_rollback (store);
  if (!ok)
    return NULL;

  input = &read->input;
  input->seller_id = side->seller_id;
  input->seller_name = side->seller_name;
  input->market = side->market;
  input->target = side->target;
  input->invited = side->invited;
  input->invitations = (const PdLinkInput *) (void *) b->invitations->data;
  input->n_invitations = side->n_invitations;
  input->stores = (const PdStoreInput *) (void *) b->stores->data;
  input->n_stores = b->stores->len;
  if (input->market == NULL && input->n_stores > 0)
    input->market = input->stores[0].market;
  return g_steal_pointer (&read);
}
