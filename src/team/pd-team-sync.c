/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>

#include "pd-store-team.h"
#include "pd-team-db.h"
#include "pd-team-sync.h"

#define PULL_BATCH 5000
#define SNAPSHOT_BATCH 50000
/* Fewer changes to catch up on are replayed, each audited locally. */
#define SNAPSHOT_MIN 10000

#if PD_TEST_HOOKS
/* PARTNERDESK_TEST_TEAM_KILL_AFTER_PUSH=N: the process kills itself
 * (SIGKILL) once the hub has committed its Nth push, before the store
 * records it: the retry must change nothing on the hub. */
static void
test_kill_after_push (void)
{
  static int count;
  const char *limit = g_getenv ("PARTNERDESK_TEST_TEAM_KILL_AFTER_PUSH");

  if (limit != NULL && ++count >= atoi (limit))
    raise (SIGKILL);
}

/* The positive number in the environment variable @name, or @fallback. */
static int
env_count (const char *name,
           int         fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && atoi (value) > 0 ? atoi (value) : fallback;
}

/* PARTNERDESK_TEST_TEAM_PULL_BATCH=N: pull N changes per batch;
 * PARTNERDESK_TEST_TEAM_KILL_AFTER_PULL=N: SIGKILL once N batches were
 * applied. */
static int
pull_batch_size (void)
{
  return env_count ("PARTNERDESK_TEST_TEAM_PULL_BATCH", PULL_BATCH);
}

static int
snapshot_batch_size (void)
{
  return env_count ("PARTNERDESK_TEST_TEAM_PULL_BATCH", SNAPSHOT_BATCH);
}

static void
test_kill_after_pull (void)
{
  static int count;
  const char *limit = g_getenv ("PARTNERDESK_TEST_TEAM_KILL_AFTER_PULL");

  if (limit != NULL && ++count >= atoi (limit))
    raise (SIGKILL);
}

/* PARTNERDESK_TEST_TEAM_SNAPSHOT_MIN=N: a pull N or more changes behind
 * may copy the hub's state instead of replaying the log. */
static gint64
snapshot_min (void)
{
  return env_count ("PARTNERDESK_TEST_TEAM_SNAPSHOT_MIN", SNAPSHOT_MIN);
}

/* PARTNERDESK_TEST_TEAM_SNAPSHOT_PAUSE=DIR: after a snapshot's first
 * batch, creates DIR/ready and waits (up to a minute) for DIR/go, so a
 * test can commit an edit on the hub while the snapshot is read. */
static void
test_snapshot_pause (void)
{
  const char *dir = g_getenv ("PARTNERDESK_TEST_TEAM_SNAPSHOT_PAUSE");
  g_autofree char *ready = NULL;
  g_autofree char *go = NULL;

  if (dir == NULL)
    return;
  ready = g_build_filename (dir, "ready", NULL);
  go = g_build_filename (dir, "go", NULL);
  g_file_set_contents (ready, "", 0, NULL);
  for (int i = 0; i < 600 && !g_file_test (go, G_FILE_TEST_EXISTS); i++)
    g_usleep (G_USEC_PER_SEC / 10);
}
#else
#define snapshot_min() SNAPSHOT_MIN
#define test_snapshot_pause() ((void) 0)
#define test_kill_after_push() ((void) 0)
#define test_kill_after_pull() ((void) 0)
#define pull_batch_size() PULL_BATCH
#define snapshot_batch_size() SNAPSHOT_BATCH
#endif

static gint64
column_int64 (const PGresult *res,
              int             row,
              int             col)
{
  return PQgetisnull (res, row, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, row, col), NULL, 10);
}

static char *
column_dup (const PGresult *res,
            int             row,
            int             col)
{
  return PQgetisnull (res, row, col) ? NULL : g_strdup (PQgetvalue (res, row, col));
}

static gboolean
push_one (PGconn                 *conn,
          PdStore                *store,
          const PdTeamOutboxItem *item,
          const char             *desktop,
          PdTeamSyncResult       *result,
          GError                **error)
{
  g_autofree char *base = g_strdup_printf ("%" G_GINT64_FORMAT, item->base_seq);
  g_autofree char *what = g_strdup_printf (_("the edit of %s %s (%s)"), item->entity, item->object,
                                           item->field);
  const char *params[] = { item->key, item->entity, item->object, item->field, item->value, base, desktop };
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *author = NULL;
  g_autofree char *by_desktop = NULL;
  const char *outcome;
  gboolean conflict;

  res = pd_team_db_query (conn,
                          "SELECT outcome, seq, cur_value, cur_author, cur_desktop,"
                          " extract (epoch FROM cur_at)::bigint"
                          " FROM partnerdesk.push_attributed ($1, $2, $3, $4, $5, $6::bigint, $7)",
                          G_N_ELEMENTS (params), params, what, &local_error);
  if (res == NULL)
    {
      gboolean permanent = g_error_matches (local_error, PD_TEAM_ERROR, PD_TEAM_ERROR_REFUSED) ||
                           g_error_matches (local_error, PD_TEAM_ERROR, PD_TEAM_ERROR_FAILED);

      if (!pd_store_team_push_failed (store, item, local_error->message, permanent, error))
        return FALSE;
      if (!permanent)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      result->refused++;  /* kept as failed, with its message, for team status */
      return TRUE;
    }
  test_kill_after_push ();
  outcome = PQgetvalue (res, 0, 0);
  conflict = g_str_equal (outcome, "conflict");
  value = column_dup (res, 0, 2);
  author = column_dup (res, 0, 3);
  by_desktop = column_dup (res, 0, 4);
  if (!pd_store_team_push_done (store, item, conflict, column_int64 (res, 0, 1), value, author,
                                by_desktop, column_int64 (res, 0, 5), error))
    return FALSE;
  if (conflict)
    result->conflicts++;
  else if (g_str_equal (outcome, "unchanged"))
    result->unchanged++;
  else
    result->pushed++;
  return TRUE;
}

gboolean
pd_team_push (PGconn            *conn,
              PdStore           *store,
              const char        *desktop,
              PdTeamSyncResult  *result,
              GCancellable      *cancellable,
              GError           **error)
{
  gint64 after = 0;

  for (;;)
    {
      g_autoptr(PdTeamOutboxItem) item = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      item = pd_store_team_next_pending (store, after, &local_error);
      if (item == NULL)
        {
          if (local_error == NULL)
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      after = item->id;
      if (!push_one (conn, store, item, desktop, result, error))
        return FALSE;
    }
}

/* Row @row of (seq, entity, key, field, value, author, desktop, at) into
 * @change, its text columns made by @text. */
static void
decode_row (const PGresult  *res,
            int              row,
            char          *(*text) (const PGresult *res, int row, int col),
            PdTeamChange    *change)
{
  change->seq = column_int64 (res, row, 0);
  change->entity = text (res, row, 1);
  change->object = text (res, row, 2);
  change->field = text (res, row, 3);
  change->value = text (res, row, 4);
  change->author = text (res, row, 5);
  change->desktop = text (res, row, 6);
  change->at = column_int64 (res, row, 7);
}

/* The rows of @res decoded, each its own copy. */
static GPtrArray *
decode_changes (const PGresult *res)
{
  GPtrArray *changes;

  changes = g_ptr_array_new_full (PQntuples (res), (GDestroyNotify) pd_team_change_free);
  for (int row = 0; row < PQntuples (res); row++)
    {
      PdTeamChange *change = g_new0 (PdTeamChange, 1);

      decode_row (res, row, column_dup, change);
      g_ptr_array_add (changes, change);
    }
  return changes;
}

#define CHANGE_COLUMNS "seq, entity, key, field, value, author, desktop, extract (epoch FROM at)::bigint"

/* One batch of the hub's log, decoded; NULL on error. */
static GPtrArray *
read_batch (PGconn  *conn,
            gint64   after,
            GError **error)
{
  g_autofree char *after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  g_autofree char *limit = g_strdup_printf ("%d", pull_batch_size ());
  const char *params[] = { after_text, limit };
  g_autoptr(PGresult) res = NULL;

  res = pd_team_db_query (conn,
                          "SELECT " CHANGE_COLUMNS " FROM partnerdesk.changes"
                          " WHERE seq > $1::bigint ORDER BY seq LIMIT $2::integer",
                          G_N_ELEMENTS (params), params, _("reading the team’s changes"), error);
  return res != NULL ? decode_changes (res) : NULL;
}

/* The hub's current state: the change that last set each shared field
 * (the state tables name it by its seq), and every invitation, in the
 * store's key order (team_fields: entity, object, field) so that the
 * store appends (pd-store-team-snapshot.c): the merchants by seller id,
 * each merchant's fields in the VALUES' (alphabetical) order, then the
 * overrides, the stage rates and the invitations, few beside them and
 * last so that their scan of the log does not hold up the first rows.
 * The order only makes the store fast: any order gives the same store. */
#define S_COLUMNS "c.seq, c.entity, c.key, c.field, c.value, c.author, c.desktop, c.at"
#define SNAPSHOT_QUERY \
  "(SELECT " S_COLUMNS " FROM partnerdesk.merchants m" \
  "  CROSS JOIN LATERAL (VALUES (m.assignee_seq), (m.notes_seq), (m.tags_seq)) AS f (cur)" \
  "  JOIN partnerdesk.changes c ON c.seq = f.cur WHERE f.cur > 0 ORDER BY m.seller_id)" \
  " UNION ALL SELECT " S_COLUMNS " FROM partnerdesk.program_overrides o" \
  "  JOIN partnerdesk.changes c ON c.seq = o.value_seq WHERE o.value_seq > 0" \
  " UNION ALL SELECT " S_COLUMNS " FROM partnerdesk.stage_rates r" \
  "  JOIN partnerdesk.changes c ON c.seq = r.rate_seq WHERE r.rate_seq > 0" \
  " UNION ALL SELECT " S_COLUMNS " FROM partnerdesk.changes c WHERE c.entity = 'invitation'"

/* The plan that order asks for, for this transaction: the merchants
 * read along their primary key (already in order: no sort to wait for
 * before the first row) and each field's change looked up by its seq
 * (the state's size, not the log's, however long the log grew), not
 * a hash join of the whole log sorted afterwards; no JIT compiling of
 * a plan whose cost estimate is large but whose work is simple; and,
 * the query being a COPY's, not a cursor's, no parallel plan (workers
 * and a Gather Merge: more CPU on the hub for the same rows). */
#define SNAPSHOT_PLAN \
  "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;" \
  " SET LOCAL enable_memoize = off; SET LOCAL enable_sort = off; SET LOCAL jit = off;" \
  " SET LOCAL max_parallel_workers_per_gather = 0"

/* Inside the snapshot's transaction: the hub's last sequence, and
 * whether copying the state beats replaying the log after @after (a
 * new desktop, or more changes to replay than the state has fields,
 * and enough of them that replaying would take a while). */
static gboolean
snapshot_wanted (PGconn   *conn,
                 gint64    after,
                 gint64   *seq_out,
                 gboolean *wanted_out,
                 GError  **error)
{
  g_autoptr(PGresult) res = NULL;
  gint64 fields;

  res = pd_team_db_query (conn,
                          "SELECT (SELECT coalesce (max (seq), 0) FROM partnerdesk.changes),"
                          " (SELECT count (*) * 3 FROM partnerdesk.merchants)"
                          " + (SELECT count (*) FROM partnerdesk.program_overrides)"
                          " + (SELECT count (*) FROM partnerdesk.stage_rates)"
                          " + (SELECT count (*) FROM partnerdesk.invitations)",
                          0, NULL, _("reading the team hub’s state"), error);
  if (res == NULL)
    return FALSE;
  *seq_out = column_int64 (res, 0, 0);
  fields = column_int64 (res, 0, 1);
  *wanted_out = *seq_out - after >= snapshot_min () && (after == 0 || *seq_out - after > fields);
  return TRUE;
}

/* The snapshot comes as COPY (SNAPSHOT_QUERY) TO STDOUT in binary: the
 * hub streams the rows without waiting for a FETCH, seq and at go as 8
 * bytes each (nothing for the hub to print nor for us to parse), and
 * each row's text is copied, NUL-terminated, into its batch's blocks,
 * which are kept for the batches after (no memory asked of the system
 * again, and cleared by it, for every batch). */
#define BLOCK_SIZE (1 << 20)
#define SNAPSHOT_COLUMNS 8

typedef struct
{
  gsize size;
  char  data[];
} Block;

/* A batch of rows, decoded into its blocks. */
typedef struct
{
  PdTeamChange *rows;
  int           n_rows;
  int           size;    /* of @rows */
  GPtrArray    *blocks;  /* Block */
  guint         block;   /* the block being filled */
  gsize         used;    /* of it */
  gboolean      last;
  GError       *error;   /* reading failed (then also the last) */
} SnapshotBatch;

static SnapshotBatch *
snapshot_batch_new (void)
{
  SnapshotBatch *batch = g_new0 (SnapshotBatch, 1);

  batch->blocks = g_ptr_array_new_with_free_func (g_free);
  return batch;
}

static void
snapshot_batch_free (SnapshotBatch *batch)
{
  g_ptr_array_unref (batch->blocks);
  g_free (batch->rows);
  g_clear_error (&batch->error);
  g_free (batch);
}

/* Room for @size bytes in @batch's blocks. */
static char *
batch_reserve (SnapshotBatch *batch,
               gsize          size)
{
  Block *block;

  for (; batch->block < batch->blocks->len; batch->block++, batch->used = 0)
    {
      block = g_ptr_array_index (batch->blocks, batch->block);
      if (block->size - batch->used >= size)
        return block->data + batch->used;
    }
  block = g_malloc (sizeof (Block) + MAX (size, BLOCK_SIZE));
  block->size = MAX (size, BLOCK_SIZE);
  g_ptr_array_add (batch->blocks, block);
  return block->data;
}

static guint32
read_uint32 (const char *data)
{
  guint32 value;

  memcpy (&value, data, sizeof value);
  return GUINT32_FROM_BE (value);
}

/* A timestamptz sent in binary (microseconds since 2000-01-01 UTC) in
 * the seconds since 1970 that extract (epoch FROM at)::bigint gives the
 * other pulls: rounded to the nearest, halves away from zero. */
static gint64
epoch_seconds (gint64 usec)
{
  gint64 seconds = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;

  if (rest >= G_USEC_PER_SEC / 2)
    seconds++;
  else if (rest <= -G_USEC_PER_SEC / 2)
    seconds--;
  return seconds + 946684800;  /* 2000-01-01 in seconds since 1970 */
}

/* Adds the binary COPY row @data (@len bytes: the number of fields,
 * then each field's length, -1 for NULL, and its bytes) to @batch;
 * FALSE when it is not a row of SNAPSHOT_QUERY's columns. */
static gboolean
batch_add_row (SnapshotBatch *batch,
               const char    *data,
               gsize          len)
{
  const char *end = data + len;
  char *text[SNAPSHOT_COLUMNS] = { NULL };
  gint64 number[SNAPSHOT_COLUMNS] = { 0 };
  PdTeamChange *row;
  char *out;

  if (len < 2 || (guint8) data[0] != 0 || (guint8) data[1] != SNAPSHOT_COLUMNS)
    return FALSE;
  data += 2;
  out = batch_reserve (batch, len + SNAPSHOT_COLUMNS);
  for (int i = 0; i < SNAPSHOT_COLUMNS; i++)
    {
      gint32 size;

      if (end - data < 4)
        return FALSE;
      size = (gint32) read_uint32 (data);
      data += 4;
      if (size < 0)
        continue;  /* NULL */
      if (end - data < size)
        return FALSE;
      if (i == 0 || i == SNAPSHOT_COLUMNS - 1)  /* seq, at */
        {
          if (size != 8)
            return FALSE;
          number[i] = (gint64) ((guint64) read_uint32 (data) << 32 | read_uint32 (data + 4));
        }
      else
        {
          memcpy (out, data, size);
          out[size] = '\0';
          text[i] = out;
          out += size + 1;
        }
      data += size;
    }
  batch->used = out - ((Block *) g_ptr_array_index (batch->blocks, batch->block))->data;
  if (batch->n_rows == batch->size)
    {
      batch->size = MAX (1024, batch->size * 2);
      batch->rows = g_renew (PdTeamChange, batch->rows, batch->size);
    }
  row = &batch->rows[batch->n_rows++];
  row->seq = number[0];
  row->entity = text[1];
  row->object = text[2];
  row->field = text[3];
  row->value = text[4];
  row->author = text[5];
  row->desktop = text[6];
  row->at = epoch_seconds (number[7]);
  return TRUE;
}

/* The snapshot's COPY read on a thread of its own while the store
 * applies what was read: @batches receives them in order; @room holds
 * the batches to fill (READ_AHEAD of them, each given back once
 * applied). */
#define READ_AHEAD 2
/* The binary COPY's header: signature, flags, extension length. */
#define COPY_SIGNATURE "PGCOPY\n\377\r\n"
#define COPY_HEADER (sizeof COPY_SIGNATURE + 8)

typedef struct
{
  PGconn      *conn;
  int          batch_size;
  GAsyncQueue *batches;
  GAsyncQueue *room;
  gint         stop;
  gboolean     header;  /* read */
  gboolean     ended;   /* the COPY */
} SnapshotReader;

/* Reads a row from the COPY into @batch; FALSE at its end (or on
 * failure, with @batch's error set). */
static gboolean
snapshot_read_row (SnapshotReader *reader,
                   SnapshotBatch  *batch)
{
  char *buf = NULL;
  int len = PQgetCopyData (reader->conn, &buf, FALSE);
  const char *data = buf;
  gboolean ok;

  if (len < 0)
    {
      g_autoptr(PGresult) res = PQgetResult (reader->conn);

      reader->ended = TRUE;
      if (res == NULL || PQresultStatus (res) != PGRES_COMMAND_OK)
        pd_team_db_set_error (reader->conn, res, _("reading the team hub’s state"), &batch->error);
      g_clear_pointer (&res, PQclear);
      while ((res = PQgetResult (reader->conn)) != NULL)
        g_clear_pointer (&res, PQclear);
      return FALSE;
    }
  if (!reader->header)
    {
      reader->header = (gsize) len >= COPY_HEADER &&
                       memcmp (data, COPY_SIGNATURE, sizeof COPY_SIGNATURE) == 0 &&
                       (gsize) len - COPY_HEADER >= read_uint32 (data + COPY_HEADER - 4);
      if (reader->header)
        {
          data += COPY_HEADER + read_uint32 (data + COPY_HEADER - 4);
          len -= data - buf;
        }
    }
  /* A field count of -1: the trailer, and then the end. */
  ok = reader->header &&
       (len == 0 || (len == 2 && (guint8) data[0] == 0xff && (guint8) data[1] == 0xff) ||
        batch_add_row (batch, data, len));
  PQfreemem (buf);
  if (!ok)
    g_set_error (&batch->error, PD_TEAM_ERROR, PD_TEAM_ERROR_FAILED, _("The team hub failed while %s: %s"),
                 _("reading the team hub’s state"), _("it sent rows this Partner Desk cannot read"));
  return ok;
}

/* Stopped before the COPY's end: the hub asked to stop, and the rest of
 * what it sent passed over. */
static void
snapshot_read_cancel (SnapshotReader *reader)
{
  PGcancel *cancel = PQgetCancel (reader->conn);
  char message[256];
  char *buf = NULL;
  PGresult *res;

  if (cancel != NULL)
    {
      PQcancel (cancel, message, sizeof message);
      PQfreeCancel (cancel);
    }
  while (PQgetCopyData (reader->conn, &buf, FALSE) >= 0)
    g_clear_pointer (&buf, PQfreemem);
  while ((res = PQgetResult (reader->conn)) != NULL)
    PQclear (res);
}

static gpointer
snapshot_read (gpointer data)
{
  SnapshotReader *reader = data;
  gboolean last = FALSE;

  while (!last)
    {
      SnapshotBatch *batch = g_async_queue_pop (reader->room);

      if (g_atomic_int_get (&reader->stop))
        {
          g_async_queue_push (reader->room, batch);
          snapshot_read_cancel (reader);
          break;
        }
      batch->n_rows = 0;
      batch->block = 0;
      batch->used = 0;
      while (batch->n_rows < reader->batch_size && !last)
        last = !snapshot_read_row (reader, batch);
      if (!reader->ended && last)
        snapshot_read_cancel (reader);  /* rows it could not read */
      batch->last = last;
      g_async_queue_push (reader->batches, batch);
    }
  return NULL;
}

/* Applies the batches @reader reads, the last with @seq. */
static gboolean
snapshot_apply (SnapshotReader    *reader,
                PdStore           *store,
                gint64             seq,
                PdTeamSyncResult  *result,
                GCancellable      *cancellable,
                GError           **error)
{
  for (;;)
    {
      SnapshotBatch *batch = g_async_queue_pop (reader->batches);
      gboolean last = batch->last;
      gboolean applied;
      int n = batch->n_rows;

      if (batch->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&batch->error));
          g_async_queue_push (reader->room, batch);
          return FALSE;
        }
      applied = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
                pd_store_team_apply_snapshot (store, batch->rows, n, last ? seq : 0, error);
      g_async_queue_push (reader->room, batch);
      if (!applied)
        return FALSE;
      result->pulled += n;
      if (n > 0)
        test_kill_after_pull ();
      if (last)
        return TRUE;
      test_snapshot_pause ();
    }
}

/* A new desktop's first pull (or one far behind): the hub's current
 * state read in one REPEATABLE READ transaction, so the sequence read
 * there is the last change the rows include (pushes commit in sequence
 * order, see pd-team-schema.c), applied in large batches while the next
 * are read; the pull goes on from that sequence. *@after_out is
 * unchanged when the log is shorter to replay. */
static gboolean
pull_snapshot (PGconn            *conn,
               PdStore           *store,
               gint64            *after_out,
               PdTeamSyncResult  *result,
               GCancellable      *cancellable,
               GError           **error)
{
  SnapshotReader reader = { conn, snapshot_batch_size (), NULL, NULL, 0, FALSE, FALSE };
  g_autoptr(PGresult) copy = NULL;
  GThread *thread;
  SnapshotBatch *batch;
  gint64 seq = 0;
  gboolean wanted = FALSE;
  gboolean ok;

  if (!pd_team_db_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                        _("reading the team hub’s state"), error))
    return FALSE;
  if (!snapshot_wanted (conn, *after_out, &seq, &wanted, error))
    goto fail;
  if (!wanted)
    return pd_team_db_exec (conn, "COMMIT", _("reading the team hub’s state"), error);
  if (!pd_team_db_exec (conn, SNAPSHOT_PLAN, _("reading the team hub’s state"), error))
    goto fail;
  copy = PQexec (conn, "COPY (" SNAPSHOT_QUERY ") TO STDOUT (FORMAT binary)");
  if (copy == NULL || PQresultStatus (copy) != PGRES_COPY_OUT)
    {
      pd_team_db_set_error (conn, copy, _("reading the team hub’s state"), error);
      goto fail;
    }
  reader.batches = g_async_queue_new_full ((GDestroyNotify) snapshot_batch_free);
  reader.room = g_async_queue_new_full ((GDestroyNotify) snapshot_batch_free);
  for (int i = 0; i < READ_AHEAD; i++)
    g_async_queue_push (reader.room, snapshot_batch_new ());
  thread = g_thread_new ("pd-team-snapshot", snapshot_read, &reader);
  ok = snapshot_apply (&reader, store, seq, result, cancellable, error);
  /* Stopped early: the reader finishes the batch it is in, if any, and
   * then stops (with a batch to take, whichever batches it holds). */
  g_atomic_int_set (&reader.stop, 1);
  g_async_queue_push (reader.room, snapshot_batch_new ());
  g_thread_join (thread);
  while ((batch = g_async_queue_try_pop (reader.batches)) != NULL)
    snapshot_batch_free (batch);
  while ((batch = g_async_queue_try_pop (reader.room)) != NULL)
    snapshot_batch_free (batch);
  g_async_queue_unref (reader.batches);
  g_async_queue_unref (reader.room);
  pd_store_team_snapshot_done (store);
  if (!ok)
    goto fail;
  if (!pd_team_db_exec (conn, "COMMIT", _("reading the team hub’s state"), error))
    return FALSE;
  *after_out = result->last_seq = seq;
  return TRUE;

fail:
  pd_team_db_exec (conn, "ROLLBACK", NULL, NULL);
  return FALSE;
}

gboolean
pd_team_pull (PGconn            *conn,
              PdStore           *store,
              PdTeamSyncResult  *result,
              GCancellable      *cancellable,
              GError           **error)
{
  g_auto(PdTeamState) state = { 0 };
  gint64 after;

  if (!pd_store_team_get_state (store, &state, error))
    return FALSE;
  after = state.last_seq;
  if (!pull_snapshot (conn, store, &after, result, cancellable, error))
    return FALSE;
  for (;;)
    {
      g_autoptr(GPtrArray) changes = NULL;
      guint n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      changes = read_batch (conn, after, error);
      if (changes == NULL || !pd_store_team_apply_changes (store, changes, error))
        return FALSE;
      n = changes->len;
      result->pulled += n;
      if (n > 0)
        after = ((PdTeamChange *) g_ptr_array_index (changes, n - 1))->seq;
      result->last_seq = after;
      if (n > 0)
        test_kill_after_pull ();
      if (n < (guint) pull_batch_size ())
        return TRUE;
    }
}
