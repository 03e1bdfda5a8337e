/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "pd-link.h"
#include "pd-bits.h"
#include "pd-merchant-initials.h"
#include "pd-merchant-refresh-private.h"
#include "pd-merchant-row.h"
#include "pd-merchant-rows.h"
#include "pd-merchant-schema.h"
#include "pd-merchant-seller.h"
#include "pd-merchant-text.h"
#include "pd-merchant-values.h"
#include "pd-merchant-writer.h"
#include "pd-store-entries.h"
#include "pd-store-links.h"
#include "pd-store-private.h"

/* A rebuild commits at most every this many rows (limits.rows), an
 * in-place refresh every this many updates, and both once a transaction
 * has held the store's write lock for limits.hold_ms: an import or a new
 * link waits at most that long (pd-merchant-refresh-private.h). */
#define UPDATES_PER_TRANSACTION 4096

/* The sellers on the programs' target lists: about how many sellers a
 * rebuild meets, for its progress. */
static guint64
count_listed_sellers (PdStore    *store,
                      GPtrArray  *programs)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, "SELECT count(*) FROM target_merchants"
                                                          " WHERE program_id = ?1", NULL);
  guint64 n = 0;

  if (stmt == NULL)
    return 0;
  for (guint i = 0; i < programs->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, programs->pdata[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n += (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);
    }
  return n;
}

/* The refresh ------------------------------------------------------------------ */

typedef enum
{
  MODE_MERGE,
  MODE_BUILD,
  MODE_KEYS,     /* the current set's search keys, after a merge */
} Mode;

typedef struct
{
  sqlite3_stmt *stmt;
  gboolean      have;
} Cursor;

typedef struct
{
  PdStore        *reader;
  PdStore        *writer;
  GCancellable   *cancellable;
  gint           *progress;      /* thousandths, or NULL */
  guint64         expected;      /* sellers the stream should meet; 0: unknown */
  gint64          as_of;
  Mode            mode;
  const char     *set;           /* the set written: "0" or "1" */
  Maker           maker;
  const char     *program_id;

  Cursor          details;
  Cursor          links;         /* LINKS_INDEXED_SQL */
  Cursor          notes;
  sqlite3_stmt   *used_token;    /* USED_TOKEN_SQL */
  sqlite3_stmt   *link_details;  /* LINK_DETAILS_SQL */

  /* MODE_MERGE: the current set, seller by seller (pd-merchant-writer.h) */
  PdMerchantRowWriter rw;
  gint64          first_new_id;  /* ids from here on were written after the run began */

  /* MODE_BUILD */
  sqlite3_stmt   *insert_row;
  sqlite3_stmt   *insert_doc;
  gint64          next_id;
  PdMerchantInitials *initials;  /* the words' first characters */

  PdMerchantRefreshLimits limits;
  guint           in_transaction;
  gint64          batch_began;   /* monotonic µs */
  guint64         sellers;
  guint64         rows;
  guint64         updated;
  guint64         keys;
  gint64          valid_until;
  gint64          stale;         /* merchant_state's "stale" when the run began */
  gboolean        skip_keys;     /* PD_MERCHANT_REFRESH_NO_KEYS */
  const PdMerchantTouched *only; /* MODE_MERGE: these sellers, the others current */
  PdMerchantTouchedWalk only_walk;
} Run;

static gboolean
cursor_step (Cursor   *c,
             PdStore  *store,
             GError  **error)
{
  int rc = sqlite3_step (c->stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      c->have = FALSE;
      pd_store_set_sql_error (store, error, _("reading the merchants"));
      return FALSE;
    }
  c->have = rc == SQLITE_ROW;
  return TRUE;
}

/* Moves @c to the first row of @seller_id or past it; TRUE in *@at when
 * it is on one of that seller's rows. Both sides are in byte order. */
static gboolean
cursor_seek (Cursor      *c,
             PdStore     *store,
             const char  *seller_id,
             gboolean    *at,
             GError     **error)
{
  *at = FALSE;
  while (c->have)
    {
      const char *s = (const char *) sqlite3_column_text (c->stmt, 0);
      int cmp = strcmp (s != NULL ? s : "", seller_id);

      if (cmp > 0)
        return TRUE;
      if (cmp == 0)
        {
          *at = TRUE;
          return TRUE;
        }
      if (!cursor_step (c, store, error))
        return FALSE;
    }
  return TRUE;
}

static void
cursor_clear (Cursor *c)
{
  g_clear_pointer (&c->stmt, sqlite3_finalize);
  c->have = FALSE;
}

static gboolean
cursor_open (Cursor      *c,
             PdStore     *store,
             const char  *sql,
             const char  *program_id,
             GError     **error)
{
  cursor_clear (c);
  c->stmt = pd_store_prepare (store, sql, error);
  if (c->stmt == NULL)
    return FALSE;
  if (program_id != NULL)
    sqlite3_bind_text (c->stmt, 1, program_id, -1, SQLITE_TRANSIENT);
  return cursor_step (c, store, error);
}

static gboolean
run_begin (Run     *run,
           GError **error)
{
  if (run->in_transaction > 0 || !sqlite3_get_autocommit (pd_store_get_db (run->writer)))
    return TRUE;
  if (!pd_store_begin (run->writer, error))
    return FALSE;
  run->in_transaction = 1;
  run->batch_began = g_get_monotonic_time ();
  if (run->mode == MODE_MERGE && !pd_merchant_row_writer_begin (&run->rw, error))
    {
      pd_store_rollback (run->writer);
      run->in_transaction = 0;
      return FALSE;
    }
  return TRUE;
}

/* Whether the open transaction has written enough, or held the write
 * lock long enough: time to commit. */
static gboolean
run_batch_full (Run   *run,
                guint  max_rows)
{
  return run->in_transaction > 0 &&
         (run->in_transaction > MIN (max_rows, run->limits.rows) ||
          g_get_monotonic_time () - run->batch_began >= (gint64) run->limits.hold_ms * 1000);
}

static gboolean
heartbeat (Run     *run,
           GError **error)
{
  return run->mode != MODE_BUILD ||
         pd_merchant_state_set (run->writer, "building", g_get_real_time () / G_USEC_PER_SEC, error);
}

static gboolean
run_commit (Run     *run,
            GError **error)
{
  if (run->in_transaction == 0)
    return TRUE;
  run->in_transaction = 0;
  if (!heartbeat (run, error) ||
      (run->mode == MODE_MERGE && !pd_merchant_row_writer_flush (&run->rw, error)))
    {
      pd_store_rollback (run->writer);
      return FALSE;
    }
  if (!pd_store_commit (run->writer, error))
    return FALSE;
  /* Let a waiting writer in before the next batch. */
  if (run->limits.pause_ms > 0)
    g_usleep (run->limits.pause_ms * 1000);
  return TRUE;
}

static gboolean
run_write_row (Run           *run,
               const Values  *values,
               GError       **error)
{
  if (!run_begin (run, error))
    return FALSE;
  run->next_id++;
  sqlite3_reset (run->insert_row);
  sqlite3_bind_int64 (run->insert_row, 1, run->next_id);
  sqlite3_bind_text (run->insert_row, 2, values->program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_row, 3, values->seller_id, -1, SQLITE_STATIC);
  if (values->store_id != NULL)
    sqlite3_bind_text (run->insert_row, 4, values->store_id, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (run->insert_row, 4);
  sqlite3_bind_int64 (run->insert_row, 5, values->doc_hash);
  for (int i = 0; i < N_VALUES; i++)
    pd_merchant_bind_cell (run->insert_row, 6 + i, &values->v[i]);
  if (sqlite3_step (run->insert_row) != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->writer, error, _("writing a merchant row"));
      return FALSE;
    }

  sqlite3_reset (run->insert_doc);
  sqlite3_bind_int64 (run->insert_doc, 1, run->next_id);
  sqlite3_bind_text (run->insert_doc, 2, run->maker.doc->str, (int) run->maker.doc->len, SQLITE_STATIC);
  if (sqlite3_step (run->insert_doc) != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->writer, error, _("indexing a merchant row for search"));
      return FALSE;
    }
  pd_merchant_initials_add_doc (run->initials, (guint64) run->next_id, run->maker.doc->str, run->maker.doc->len);

  run->rows++;
  run->in_transaction++;
  if (run_batch_full (run, G_MAXUINT) && !run_commit (run, error))
    return FALSE;
  return TRUE;
}

/* PD_STORE_LINK_STATE_SQL's 'used', for the links cursor's row: a store
 * names the link. Nearly always one of the seller's own, in hand; a
 * store of another seller is looked up, for links that none of the
 * seller's stores name. */
static gboolean
link_state_with_use (Run                  *run,
                     const PdSellerInput  *seller,
                     const char          **state,
                     GError              **error)
{
  const char *token = (const char *) sqlite3_column_text (run->links.stmt, 1);
  int rc;

  if (token == NULL || !pd_link_state_becomes_used (*state))
    return TRUE;
  for (guint i = 0; i < seller->n_stores; i++)
    if (g_strcmp0 (seller->stores[i].via_token, token) == 0)
      {
        *state = "used";
        return TRUE;
      }

  if (run->used_token == NULL &&
      (run->used_token = pd_store_prepare (run->reader, USED_TOKEN_SQL, error)) == NULL)
    return FALSE;
  sqlite3_reset (run->used_token);
  sqlite3_bind_text (run->used_token, 1, token, -1, SQLITE_STATIC);
  rc = sqlite3_step (run->used_token);
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (run->reader, error, _("reading the merchants"));
      return FALSE;
    }
  if (sqlite3_column_int (run->used_token, 0) != 0)
    *state = "used";
  sqlite3_reset (run->used_token);
  return TRUE;
}

static gboolean
run_gather_extras (Run                  *run,
                   const PdSellerInput  *seller,
                   Extras               *x,
                   GError              **error)
{
  const char *seller_id = seller->seller_id;
  gboolean at;

  memset (x, 0, sizeof *x);
  if (!cursor_seek (&run->details, run->reader, seller_id, &at, error))
    return FALSE;
  if (at)
    pd_merchant_extras_take_details (&run->maker, x, run->details.stmt);

  if (!cursor_seek (&run->links, run->reader, seller_id, &at, error))
    return FALSE;
  while (at)
    {
      const char *state = (const char *) sqlite3_column_text (run->links.stmt, 3);

      if (!link_state_with_use (run, seller, &state, error))
        return FALSE;
      pd_merchant_extras_take_link (&run->maker, x, run->links.stmt, state);
      if (!cursor_step (&run->links, run->reader, error) ||
          !cursor_seek (&run->links, run->reader, seller_id, &at, error))
        return FALSE;
    }
  if (x->link_token != NULL &&
      !pd_merchant_extras_read_link_details (&run->maker, x, run->reader, &run->link_details, error))
    return FALSE;

  if (!cursor_seek (&run->notes, run->reader, seller_id, &at, error))
    return FALSE;
  if (at)
    pd_merchant_extras_take_assignee (&run->maker, x, run->notes.stmt);
  return TRUE;
}

/* Thousandths of a rebuild: streaming the sellers, then the indexes,
 * then the search keys. */
#define PROGRESS_STREAMED 850
#define PROGRESS_INDEXED  950
#define PROGRESS_DONE     PD_MERCHANT_REFRESH_PROGRESS_DONE

static void
report_progress (Run  *run,
                 gint  thousandths)
{
  if (run->progress != NULL && thousandths > g_atomic_int_get (run->progress))
    g_atomic_int_set (run->progress, MIN (thousandths, PROGRESS_DONE));
}

/* The seller's rows in the current set are now these: updated in place,
 * or replaced when their shape changed. */
static gboolean
merge_seller (Run                  *run,
              const PdSellerInput  *seller,
              const PdEntryVerdict *verdicts,
              guint                 n,
              const Extras         *x,
              GError              **error)
{
  Maker *m = &run->maker;
  guint n_rows = MAX (n, 1);
  g_autofree Values *values = g_new (Values, n_rows);
  g_autofree const char **docs = g_new (const char *, n_rows);
  g_autofree gsize *lengths = g_new (gsize, n_rows);

  for (guint i = 0; i < n_rows; i++)
    {
      pd_merchant_make_values (m, run->program_id, seller, n > 0 ? &verdicts[i] : NULL, x, &values[i]);
      docs[i] = g_string_chunk_insert_len (m->scratch, m->doc->str, (gssize) m->doc->len);
      lengths[i] = m->doc->len;
    }
  if (!run_begin (run, error) ||
      !pd_merchant_row_writer_put (&run->rw, run->program_id, seller->seller_id, values, docs, lengths, n_rows,
                                   error))
    return FALSE;
  run->rows += n_rows;
  run->in_transaction++;
  return TRUE;
}

static gboolean
on_seller (const PdSellerInput  *seller,
           gpointer              user_data,
           GError              **error)
{
  Run *run = user_data;
  Maker *m = &run->maker;
  PdEntryVerdict *verdicts;
  Extras extras;
  Values values;
  guint n;

  /* An in-place refresh may write one row in thousands: the clock, not
   * the count, ends its transactions. */
  if (run_batch_full (run, G_MAXUINT) && !run_commit (run, error))
    return FALSE;

  if ((++run->sellers & 1023) == 0)
    {
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (run->expected > 0)
        report_progress (run, (gint) MIN (run->sellers * (PROGRESS_STREAMED - 1) / run->expected,
                                          PROGRESS_STREAMED - 1));
    }

  if (run->only != NULL && !pd_merchant_touched_walk_has (&run->only_walk, seller->seller_id))
    return TRUE;

  g_array_set_size (m->verdicts, MAX (seller->n_stores, 1));
  verdicts = (PdEntryVerdict *) (void *) m->verdicts->data;
  n = pd_engine_evaluate_seller (m->rules, m->as_of, seller, verdicts);
  if (n == 0 && !pd_merchant_is_current_target (seller, m->as_of))
    {
      if (seller->target.listed)
        pd_merchant_note_validity (m, seller, verdicts, 0);
      /* No delete_unseen () after a pass over some sellers: theirs now. */
      if (run->only != NULL)
        return run_begin (run, error) &&
               pd_merchant_row_writer_put (&run->rw, run->program_id, seller->seller_id, NULL, NULL, NULL, 0, error);
      return TRUE;
    }

  g_string_chunk_clear (m->scratch);
  if (!run_gather_extras (run, seller, &extras, error))
    return FALSE;
  pd_merchant_note_validity (m, seller, verdicts, n);
  if (run->mode == MODE_MERGE)
    return merge_seller (run, seller, verdicts, n, &extras, error);

  if (n == 0)
    {
      pd_merchant_make_values (m, run->program_id, seller, NULL, &extras, &values);
      return run_write_row (run, &values, error);
    }
  for (guint i = 0; i < n; i++)
    {
      pd_merchant_make_values (m, run->program_id, seller, &verdicts[i], &extras, &values);
      if (!run_write_row (run, &values, error))
        return FALSE;
    }
  return TRUE;
}

static void
run_clear_statements (Run *run)
{
  cursor_clear (&run->details);
  cursor_clear (&run->links);
  cursor_clear (&run->notes);
  g_clear_pointer (&run->used_token, sqlite3_finalize);
  g_clear_pointer (&run->link_details, sqlite3_finalize);
  g_clear_pointer (&run->insert_row, sqlite3_finalize);
  g_clear_pointer (&run->insert_doc, sqlite3_finalize);
}

/* Streams every recruitment program into the set @run->set. */
static gboolean
run_stream (Run        *run,
            GPtrArray  *programs,
            GError    **error)
{
  g_autofree char *sql = NULL;

  if (run->mode == MODE_MERGE)
    {
      if (!pd_merchant_row_writer_init (&run->rw, run->writer, run->set, error))
        return FALSE;
      if (run->only == NULL)
        run->rw.seen = pd_bits_new (1024);
    }
  else
    {
      sql = g_strdup_printf ("INSERT INTO merchant_rows_%s (id, program_id, seller_id, store_id, doc_hash, "
                             VALUE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                             " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)", run->set);
      run->insert_row = pd_store_prepare (run->writer, sql, error);
      g_free (sql);
      sql = g_strdup_printf ("INSERT INTO merchant_search_%s (rowid, doc) VALUES (?1, ?2)", run->set);
      run->insert_doc = pd_store_prepare (run->writer, sql, error);
      if (run->insert_row == NULL || run->insert_doc == NULL)
        return FALSE;
    }

  for (guint i = 0; i < programs->len; i++)
    {
      g_autoptr(PdRules) rules = NULL;
      gboolean ok;

      run->program_id = g_ptr_array_index (programs, i);
      rules = pd_store_load_rules (run->reader, run->program_id, error);
      if (rules == NULL)
        return FALSE;
      if (!cursor_open (&run->details, run->reader, DETAILS_SQL " ORDER BY seller_id", run->program_id, error) ||
          !cursor_open (&run->links, run->reader,
                        LINKS_INDEXED_SQL " AND seller_id IS NOT NULL"
                        " ORDER BY seller_id, program_id, kind, created_at, revoked_at, market, token",
                        run->program_id, error) ||
          !cursor_open (&run->notes, run->reader, NOTES_SQL " ORDER BY seller_id", NULL, error))
        return FALSE;

      pd_merchant_maker_init (&run->maker, rules, run->as_of);
      if (run->only != NULL)
        pd_merchant_touched_walk_init (&run->only_walk, run->only);
      ok = pd_store_foreach_seller (run->reader, run->program_id, PD_STORE_ENTRIES_NAMES,
                                    on_seller, run, error);
      if (run->maker.valid_until != 0 &&
          (run->valid_until == 0 || run->maker.valid_until < run->valid_until))
        run->valid_until = run->maker.valid_until;
      pd_merchant_maker_clear (&run->maker);
      if (!ok)
        return FALSE;
    }

  return run_commit (run, error);
}

/* The rows are current again, unless a write marked them stale after
 * the run began. */
static gboolean
clear_stale (Run              *run,
             PdMerchantState  *state,
             GError          **error)
{
  if (state->stale == 0 || state->stale != run->stale)
    return TRUE;
  return pd_merchant_state_delete (run->writer, "stale", error);
}

/* The rebuild's batches, for pd_merchant_build_keys (). */
static gboolean
batch_begin (gpointer   data,
             GError   **error)
{
  return run_begin (data, error);
}

static gboolean
batch_full (gpointer data)
{
  return run_batch_full (data, G_MAXUINT);
}

static gboolean
batch_commit (gpointer   data,
              GError   **error)
{
  return run_commit (data, error);
}

static gboolean
rebuild (Run        *run,
         GPtrArray  *programs,
         guint       current,
         GError    **error)
{
  const char *idle;
  const char *old;
  PdMerchantState state;

  run->mode = MODE_BUILD;
  run->next_id = 0;
  run->rows = 0;
  run->updated = 0;
  run->valid_until = 0;

  if (!pd_store_begin (run->writer, error))
    return FALSE;
  /* Which set readers read, again under the write lock: another process
   * may have finished a rebuild (and switched sets) since the caller
   * read it, and building into the set readers read would show them a
   * half-built one. */
  if (!pd_merchant_claim_build (run->writer, error) ||
      !pd_merchant_state_read (run->writer, &state, error) ||
      !pd_store_commit (run->writer, error))
    {
      pd_store_rollback (run->writer);
      return FALSE;
    }
  current = state.current;
  idle = current == 0 ? "1" : "0";
  old = current == 0 ? "0" : "1";
  run->set = idle;
  /* Empty unless an earlier rebuild stopped half way. */
  if (!pd_merchant_set_empty (run->writer, idle, TRUE, &run->limits, error))
    goto fail;

  if (!pd_store_exec (run->reader, "BEGIN", error))
    goto fail;
  run->initials = pd_merchant_initials_new (run->writer);
  run->expected = count_listed_sellers (run->reader, programs);
  pd_merchant_initials_expect (run->initials, run->expected);
  if (!run_stream (run, programs, error))
    goto fail;
  report_progress (run, PROGRESS_STREAMED);
  run_clear_statements (run);
  g_debug ("Merchants: %" G_GUINT64_FORMAT " rows written", run->rows);

  /* Each index on its own: a few seconds of sorting at a million rows. */
  {
    g_auto(GStrv) statements = g_strsplit (g_str_equal (idle, "0") ? PD_MERCHANT_ROWS_INDEXES ("0")
                                                                   : PD_MERCHANT_ROWS_INDEXES ("1"),
                                           ";", -1);

    guint n = g_strv_length (statements);

    for (guint i = 0; statements[i] != NULL; i++)
      {
        report_progress (run, PROGRESS_STREAMED + (gint) ((PROGRESS_INDEXED - PROGRESS_STREAMED) * i / n));
        if (*g_strstrip (statements[i]) == '\0')
          continue;
        if (g_cancellable_set_error_if_cancelled (run->cancellable, error) ||
            !pd_store_begin (run->writer, error))
          goto fail;
        if (!pd_store_exec (run->writer, statements[i], error) ||
            !heartbeat (run, error) ||
            !pd_store_commit (run->writer, error))
          {
            pd_store_rollback (run->writer);
            goto fail;
          }
        /* As run_commit (): each index is a few hundred milliseconds. */
        if (run->limits.pause_ms > 0)
          g_usleep (run->limits.pause_ms * 1000);
      }
  }

  g_debug ("Merchants: indexes made");
  report_progress (run, PROGRESS_INDEXED);
  /* The one-character keys, whether or not the others are left to later:
   * the first keystroke reads them. */
  if (!pd_merchant_initials_store (run->initials, run->set, pd_merchant_key_min_rows (run->rows),
                                   (guint64) run->next_id, &run->keys, error))
    goto fail;
  g_clear_pointer (&run->initials, pd_merchant_initials_free);
  if (!run->skip_keys)
    {
      const PdMerchantWriteBatch batch = { batch_begin, batch_full, batch_commit, run };
      guint64 longer = 0;

      if (!pd_merchant_build_keys (run->reader, run->writer, run->set, (guint64) run->next_id + 1,
                                   run->rows, TRUE, run->cancellable, &batch, &longer, error))
        goto fail;
      run->keys += longer;
    }

  /* Switch. */
  if (g_cancellable_set_error_if_cancelled (run->cancellable, error) ||
      !pd_store_begin (run->writer, error))
    goto fail;
  if (!pd_merchant_state_read (run->writer, &state, error) ||
      !pd_merchant_state_set (run->writer, "current", current == 0 ? 1 : 0, error) ||
      !pd_merchant_state_set (run->writer, "generation", (gint64) state.generation + 1, error) ||
      !pd_merchant_state_set (run->writer, "as_of", run->as_of, error) ||
      !pd_merchant_state_set (run->writer, "valid_until", run->valid_until, error) ||
      !pd_merchant_state_set (run->writer, "rows", (gint64) run->rows, error) ||
      !pd_merchant_state_set (run->writer, "built_max", run->skip_keys ? 0 : run->next_id, error) ||
      !pd_merchant_state_set (run->writer, "collation", pd_merchant_collation_id (), error) ||
      !clear_stale (run, &state, error) ||
      !pd_merchant_state_delete (run->writer, "next_id", error) ||
      !pd_merchant_state_delete (run->writer, "building", error) ||
      !pd_store_commit (run->writer, error))
    {
      pd_store_rollback (run->writer);
      goto fail;
    }

  /* The old set is no one's now: readers see the new one. */
  pd_merchant_set_empty (run->writer, old, FALSE, &run->limits, NULL);
  return TRUE;

fail:
  run_clear_statements (run);
  g_clear_pointer (&run->initials, pd_merchant_initials_free);
  pd_store_rollback (run->writer);
  pd_store_rollback (run->reader);
  if (pd_store_begin (run->writer, NULL))
    {
      if (pd_merchant_state_delete (run->writer, "building", NULL))
        pd_store_commit (run->writer, NULL);
      else
        pd_store_rollback (run->writer);
    }
  return FALSE;
}

/* Deletes the rows of the current set that the merge did not write or
 * keep (sellers gone from the programs), below the first id written
 * after the merge began. */
static gboolean
delete_unseen (Run     *run,
               GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM merchant_rows_%s WHERE id < ?1", run->set);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (!run_begin (run, error))
    return FALSE;
  stmt = pd_store_prepare (run->writer, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->first_new_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (run->rw.seen == NULL || !pd_bits_get (run->rw.seen, (guint64) id))
        g_array_append_val (gone, id);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->writer, error, _("reading the merchants"));
      return FALSE;
    }
  for (guint i = 0; i < gone->len; i++)
    if (!pd_merchant_row_writer_delete (&run->rw, g_array_index (gone, gint64, i), error))
      return FALSE;
  return run_commit (run, error);
}

static gboolean
merge (Run              *run,
       GPtrArray        *programs,
       PdMerchantState  *state,
       GError          **error)
{
  run->mode = MODE_MERGE;
  run->set = state->current == 0 ? "0" : "1";

  if (!pd_store_exec (run->reader, "BEGIN", error))
    return FALSE;
  {
    g_autofree char *sql = g_strdup_printf ("SELECT ifnull (max (id), 0) FROM merchant_rows_%s", run->set);
    g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (run->writer, sql, error);

    if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
      {
        pd_store_rollback (run->reader);
        return FALSE;
      }
    run->first_new_id = sqlite3_column_int64 (stmt, 0) + 1;
  }
  if (!run_stream (run, programs, error) || (run->only == NULL && !delete_unseen (run, error)))
    {
      pd_store_rollback (run->reader);
      pd_store_rollback (run->writer);
      run->in_transaction = 0;
      run_clear_statements (run);
      pd_merchant_row_writer_clear (&run->rw);
      return FALSE;
    }
  run->updated = run->rw.updated + run->rw.replaced;
  run_clear_statements (run);
  pd_merchant_row_writer_clear (&run->rw);
  pd_store_rollback (run->reader);

  if (!pd_store_begin (run->writer, error))
    return FALSE;
  if (!pd_merchant_state_read (run->writer, state, error))
    goto fail;
  /* The sellers not read keep their rows as of the last full pass. */
  if (run->only != NULL && state->valid_until != 0 &&
      (run->valid_until == 0 || state->valid_until < run->valid_until))
    run->valid_until = state->valid_until;
  if ((run->updated > 0 && !pd_merchant_state_set (run->writer, "generation", (gint64) state->generation + 1, error)) ||
      (run->only == NULL && !pd_merchant_state_set (run->writer, "as_of", run->as_of, error)) ||
      !pd_merchant_state_set (run->writer, "valid_until", run->valid_until, error) ||
      !clear_stale (run, state, error) ||
      !pd_store_commit (run->writer, error))
    goto fail;
  return TRUE;

fail:
  pd_store_rollback (run->writer);
  return FALSE;
}

/* After a merge: the current set's search keys made again when they
 * hold less than half its rows (a rebuild left them to later, or many
 * rows were written since); the one-character keys too unless every
 * write since kept them (pd-merchant-initials.h). A search meanwhile
 * reads the full-text index for the rows after built_max: right with
 * the old keys, the new ones or none. */
static gboolean
build_current_keys (Run     *run,
                    GError **error)
{
  const PdMerchantWriteBatch batch = { batch_begin, batch_full, batch_commit, run };
  g_autofree char *sql = g_strdup_printf ("SELECT ifnull (max (id), 0) FROM merchant_rows_%s", run->set);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PdMerchantState state;
  guint64 grown;
  gint64 max_id;
  gboolean initials_kept;

  if (!pd_merchant_state_read (run->writer, &state, error))
    return FALSE;
  stmt = pd_store_prepare (run->writer, sql, error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  max_id = sqlite3_column_int64 (stmt, 0);
  if (state.rows < PD_MERCHANT_KEY_MIN_ROWS || state.built_max >= (guint64) max_id / 2 + 1)
    return TRUE;

  run->mode = MODE_KEYS;
  if (!pd_store_begin (run->writer, error))
    return FALSE;
  if (!pd_merchant_state_read (run->writer, &state, error) ||
      !pd_merchant_initials_clear_keys (run->writer, run->set, (guint64) max_id, &initials_kept, error) ||
      !pd_merchant_state_set (run->writer, "built_max", 0, error) ||
      !pd_store_commit (run->writer, error))
    {
      pd_store_rollback (run->writer);
      return FALSE;
    }
  if (!pd_merchant_build_keys (run->reader, run->writer, run->set, (guint64) max_id + 1, state.rows,
                               initials_kept, run->cancellable, &batch, &run->keys, error))
    {
      pd_store_rollback (run->writer);
      pd_store_rollback (run->reader);
      return FALSE;
    }
  pd_store_rollback (run->reader);
  grown = state.grown;
  if (!pd_store_begin (run->writer, error))
    return FALSE;
  /* Rows that gained words since the clearing ("grown") did not touch
   * the keys, which may miss them: then no keys (the next refresh makes
   * them again); a search asks the full-text index meanwhile. */
  if (!pd_merchant_state_read (run->writer, &state, error) ||
      !(state.grown == grown
        ? pd_merchant_state_set (run->writer, "built_max", max_id, error) &&
          (initials_kept || pd_merchant_initials_set_mark (run->writer, run->set, (guint64) max_id, error))
        : pd_merchant_initials_clear_keys (run->writer, run->set, (guint64) max_id, &initials_kept, error)) ||
      !pd_merchant_state_set (run->writer, "generation", (gint64) state.generation + 1, error) ||
      !pd_store_commit (run->writer, error))
    {
      pd_store_rollback (run->writer);
      return FALSE;
    }
  run->keys = state.grown == grown ? run->keys : 0;
  return TRUE;
}

gboolean
pd_merchant_refresh (const char              *path,
                     gint64                   as_of,
                     PdMerchantRefreshFlags   flags,
                     GCancellable            *cancellable,
                     gint                    *progress,
                     PdMerchantRefreshStats  *stats,
                     GError                 **error)
{
  return pd_merchant_refresh_with_limits (path, as_of, flags, cancellable, progress, stats,
                                          &pd_merchant_refresh_default_limits, error);
}

gboolean
pd_merchant_refresh_with_limits (const char                     *path,
                                 gint64                          as_of,
                                 PdMerchantRefreshFlags          flags,
                                 GCancellable                   *cancellable,
                                 gint                           *progress,
                                 PdMerchantRefreshStats         *stats,
                                 const PdMerchantRefreshLimits  *limits,
                                 GError                        **error)
{
  return pd_merchant_refresh_some (path, as_of, flags, NULL, cancellable, progress, stats, limits, error);
}

gboolean
pd_merchant_refresh_some (const char                     *path,
                          gint64                          as_of,
                          PdMerchantRefreshFlags          flags,
                          const PdMerchantTouched        *only,
                          GCancellable                   *cancellable,
                          gint                           *progress,
                          PdMerchantRefreshStats         *stats,
                          const PdMerchantRefreshLimits  *limits,
                          GError                        **error)
{
  g_autoptr(PdStore) reader = NULL;
  g_autoptr(PdStore) writer = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  gint64 start = g_get_monotonic_time ();
  PdMerchantState state;
  Run run = { 0 };
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (limits != NULL, FALSE);

  reader = pd_store_open (path, error);
  if (reader == NULL)
    return FALSE;
  writer = pd_store_open (path, error);
  if (writer == NULL)
    return FALSE;
  if (!pd_merchant_limits_set_caches (limits, reader, writer, error))
    return FALSE;
  /* Index sorting spills to disk rather than to memory. */
  if (!pd_store_exec (writer, "PRAGMA temp_store = FILE", error) ||
      !pd_merchant_state_read (writer, &state, error))
    return FALSE;
  programs = pd_merchant_list_recruitment_programs (reader, error);
  if (programs == NULL)
    return FALSE;

  run.reader = reader;
  run.writer = writer;
  run.limits = *limits;
  run.limits.rows = MAX (run.limits.rows, 1);
  run.cancellable = cancellable;
  run.progress = progress;
  run.as_of = as_of;
  run.stale = state.stale;
  run.skip_keys = (flags & PD_MERCHANT_REFRESH_NO_KEYS) != 0;

  /* Name keys made in another collation (the user changed language):
   * a rebuild, since every row's key and the name index change. */
  if (!(flags & PD_MERCHANT_REFRESH_REBUILD) && state.as_of != 0 &&
      state.collation == pd_merchant_collation_id ())
    {
      g_autoptr(GError) local_error = NULL;

      run.expected = state.rows;
      /* The keys first: a page waiting for them searches fast sooner, and
       * what the merge then replaces is found through the full-text index. */
      run.set = state.current == 0 ? "0" : "1";
      run.only = only;
      ok = (run.skip_keys || build_current_keys (&run, &local_error)) &&
           pd_merchant_state_read (writer, &state, &local_error) &&
           ((flags & PD_MERCHANT_REFRESH_KEYS_ONLY) || merge (&run, programs, &state, &local_error));
      if (!ok && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (ok)
        {
          report_progress (&run, PROGRESS_DONE);
          if (stats != NULL)
            {
              memset (stats, 0, sizeof *stats);
              stats->rows = run.rows;
              stats->updated = run.updated;
              stats->as_of = as_of;
              stats->valid_until = run.valid_until;
              stats->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
            }
          return TRUE;
        }
    }

  run.only = NULL;
  if (!rebuild (&run, programs, state.current, error))
    return FALSE;
  report_progress (&run, PROGRESS_DONE);

  if (stats != NULL)
    {
      memset (stats, 0, sizeof *stats);
      stats->rows = run.rows;
      stats->rebuilt = TRUE;
      stats->keys = run.keys;
      stats->as_of = as_of;
      stats->valid_until = run.valid_until;
      stats->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
    }
  return TRUE;
}

