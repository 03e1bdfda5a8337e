/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-store-entry-marks.h"
#include "pd-store-private.h"

/* verdict | stage << 2 | flags << 5: one integer per row. */
#define STATE_PACK(m) ((gint64) (m)->verdict | ((gint64) (m)->stage << 2) | ((gint64) (m)->flags << 5))

/* Forgets the events of @program_id before the latest one before
 * @event_at: what changed is measured from that one. */
static gboolean
forget_events (PdStore     *store,
               const char  *program_id,
               gint64       event_at,
               GError     **error)
{
  static const char * const sql[] = {
    "DELETE FROM entry_marks WHERE event IN (SELECT id FROM entry_mark_events WHERE program_id = ?1"
    " AND event_at < (SELECT IFNULL(MAX(event_at), ?2) FROM entry_mark_events"
    "  WHERE program_id = ?1 AND event_at < ?2))",
    "DELETE FROM entry_mark_events WHERE program_id = ?1"
    " AND event_at < (SELECT IFNULL(MAX(event_at), ?2) FROM entry_mark_events"
    "  WHERE program_id = ?1 AND event_at < ?2)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, event_at);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          pd_store_set_sql_error (store, error, _("forgetting earlier entry marks"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Rows per transaction: a million entries are written in batches, so
 * that a write of the window's own (a note, a link) waiting for the lock
 * gets in between them (pd-store.c's busy handler), as the Merchants
 * page's refresh does. */
#define MARKS_BATCH 20000

static GMutex save_lock;

/* The event's row, new or left incomplete by an earlier attempt (whose
 * marks are dropped); 0 in *@event_id when the event is complete. */
static gboolean
begin_event (PdStore     *store,
             const char  *program_id,
             gint64       event_at,
             gint64      *event_id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *event_id = 0;
  find = pd_store_prepare (store,
                           "SELECT id, complete FROM entry_mark_events WHERE program_id = ?1 AND event_at = ?2",
                           error);
  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (find, 2, event_at);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    {
      if (sqlite3_column_int (find, 1) != 0)
        return TRUE;
      *event_id = sqlite3_column_int64 (find, 0);
      stmt = pd_store_prepare (store, "DELETE FROM entry_marks WHERE event = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *event_id);
    }
  else if (rc == SQLITE_DONE)
    {
      stmt = pd_store_prepare (store, "INSERT INTO entry_mark_events (program_id, event_at) VALUES (?1, ?2)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, event_at);
    }
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("saving the entry marks"));
      return FALSE;
    }
  if (*event_id == 0)
    *event_id = sqlite3_last_insert_rowid (pd_store_get_db (store));
  return TRUE;
}

static gboolean
write_batch (PdStore            *store,
             gint64              event_id,
             const PdEntryMark  *marks,
             guint               n_marks,
             GError            **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  insert = pd_store_prepare (store,
                             "INSERT OR REPLACE INTO entry_marks (event, seller_id, store_id, state, contribution)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < n_marks; i++)
    {
      const PdEntryMark *m = &marks[i];

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, event_id);
      sqlite3_bind_text (insert, 2, m->seller_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, m->store_id != NULL ? m->store_id : "", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 4, STATE_PACK (m));
      sqlite3_bind_int64 (insert, 5, m->contribution);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          pd_store_set_sql_error (store, error, _("saving the entry marks"));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
pd_store_save_entry_marks (PdStore            *store,
                           const char         *program_id,
                           gint64              event_at,
                           const PdEntryMark  *marks,
                           guint               n_marks,
                           gboolean           *added,
                           GError            **error)
{
  g_autoptr(sqlite3_stmt) complete = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 event_id = 0;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (program_id != NULL, FALSE);
  g_return_val_if_fail (n_marks == 0 || marks != NULL, FALSE);

  if (added != NULL)
    *added = FALSE;

  /* One writer at a time in this process: the Overview's next reading
   * may start while the one it replaced still writes its batches, and
   * must then find the event complete rather than start it over. */
  locker = g_mutex_locker_new (&save_lock);

  /* The event, once: a second reading of the same event adds nothing. */
  if (!pd_store_begin (store, error))
    return FALSE;
  if (!begin_event (store, program_id, event_at, &event_id, error) ||
      (event_id != 0 && !forget_events (store, program_id, event_at, error)))
    {
      pd_store_rollback (store);
      return FALSE;
    }
  if (!pd_store_commit (store, error))
    return FALSE;
  if (event_id == 0)
    return TRUE;

  for (guint done = 0; done < n_marks; done += MARKS_BATCH)
    {
      if (done > 0)
        g_usleep (2000);
      if (!pd_store_begin (store, error))
        return FALSE;
      if (!write_batch (store, event_id, marks + done, MIN (MARKS_BATCH, n_marks - done), error))
        {
          pd_store_rollback (store);
          return FALSE;
        }
      if (!pd_store_commit (store, error))
        return FALSE;
    }

  /* Only a complete event is read back (pd_store_load_entry_marks()). */
  complete = pd_store_prepare (store, "UPDATE entry_mark_events SET complete = 1 WHERE id = ?1", error);
  if (complete == NULL)
    return FALSE;
  sqlite3_bind_int64 (complete, 1, event_id);
  if (sqlite3_step (complete) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("saving the entry marks"));
      return FALSE;
    }
  if (added != NULL)
    *added = TRUE;
  return TRUE;
}

GArray *
pd_store_load_entry_marks (PdStore          *store,
                           const char       *program_id,
                           gint64            before,
                           GStringChunk     *strings,
                           gint64           *event_at,
                           PdHistorySource  *source,
                           GError          **error)
{
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (PdEntryMark));
  g_autoptr(sqlite3_stmt) latest = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 at = 0;
  gint64 event_id;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (program_id != NULL && strings != NULL, NULL);

  *event_at = 0;
  if (source != NULL)
    *source = PD_HISTORY_SOURCE_IMPORT;

  latest = pd_store_prepare (store,
                             "SELECT e.id, e.event_at, (SELECT source FROM projection_history h"
                             "  WHERE h.program_id = e.program_id AND h.event_at = e.event_at"
                             "  ORDER BY source = 'sync' DESC LIMIT 1)"
                             " FROM entry_mark_events e WHERE e.program_id = ?1 AND e.event_at < ?2 AND e.complete"
                             " ORDER BY e.event_at DESC LIMIT 1",
                             error);
  if (latest == NULL)
    return NULL;
  sqlite3_bind_text (latest, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (latest, 2, before);
  rc = sqlite3_step (latest);
  if (rc == SQLITE_DONE)
    return g_steal_pointer (&marks);
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("reading the entry marks"));
      return NULL;
    }
  event_id = sqlite3_column_int64 (latest, 0);
  at = sqlite3_column_int64 (latest, 1);
  if (source != NULL && g_strcmp0 ((const char *) sqlite3_column_text (latest, 2), "sync") == 0)
    *source = PD_HISTORY_SOURCE_SYNC;

  stmt = pd_store_prepare (store,
                           "SELECT seller_id, store_id, state, contribution FROM entry_marks"
                           " WHERE event = ?1 ORDER BY seller_id, store_id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, event_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdEntryMark m = { 0 };
      const char *store_id = (const char *) sqlite3_column_text (stmt, 1);
      gint64 state = sqlite3_column_int64 (stmt, 2);
      guint verdict = (guint) (state & 3);
      guint stage = (guint) ((state >> 2) & 7);

      m.seller_id = g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 0));
      m.store_id = store_id != NULL && *store_id != '\0' ? g_string_chunk_insert_const (strings, store_id) : NULL;
      m.verdict = MIN (verdict, PD_VERDICT_LOST);
      m.stage = MIN (stage, PD_N_STAGES - 1);
      m.flags = (guint) ((state >> 5) & (PD_ENTRY_MARK_AT_RISK | PD_ENTRY_MARK_SALES_MET));
      m.contribution = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (marks, m);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the entry marks"));
      return NULL;
    }
  *event_at = at;
  return g_steal_pointer (&marks);
}

void
pd_entry_marks_init (PdEntryMarks          *marks,
                     PdProjectionEntryFunc  func,
                     gpointer               user_data)
{
  marks->marks = g_array_new (FALSE, FALSE, sizeof (PdEntryMark));
  marks->strings = g_string_chunk_new (64 * 1024);
  marks->func = func;
  marks->user_data = user_data;
}

void
pd_entry_marks_clear (PdEntryMarks *marks)
{
  g_clear_pointer (&marks->marks, g_array_unref);
  g_clear_pointer (&marks->strings, g_string_chunk_free);
}

void
pd_entry_marks_add_cb (PdProjection         *projection,
                       const PdEntryVerdict *verdict,
                       gpointer              user_data)
{
  PdEntryMarks *marks = user_data;
  PdEntryMark mark;

  pd_entry_mark_init (&mark, pd_projection_get_rules (projection), pd_projection_get_as_of (projection),
                      verdict);
  /* The verdict's strings live during the call only. */
  mark.seller_id = g_string_chunk_insert_const (marks->strings, mark.seller_id);
  if (mark.store_id != NULL)
    mark.store_id = g_string_chunk_insert (marks->strings, mark.store_id);
  g_array_append_val (marks->marks, mark);
  if (marks->func != NULL)
    marks->func (projection, verdict, marks->user_data);
}

static int
compare_marks (gconstpointer a,
               gconstpointer b)
{
  return pd_entry_mark_compare (a, b);
}

gboolean
pd_entry_marks_finish (PdEntryMarks  *marks,
                       PdProjection  *projection,
                       GError       **error)
{
  PdRules *rules = pd_projection_get_rules (projection);
  const PdExpectedModel *model = pd_projection_get_model (projection);
  const PdFraction *factor = pd_projection_get_factor (projection);

  g_array_sort (marks->marks, compare_marks);
  for (guint i = 0; i < marks->marks->len; i++)
    if (!pd_entry_mark_price (&g_array_index (marks->marks, PdEntryMark, i), model, &rules->reward,
                              factor, error))
      return FALSE;
  return TRUE;
}

gboolean
pd_store_lookup_seller_names (PdStore            *store,
                              const char         *program_id,
                              const char * const *seller_ids,
                              guint               n_ids,
                              GHashTable         *names,
                              GStringChunk       *strings,
                              GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (n_ids == 0)
    return TRUE;
  stmt = pd_store_prepare (store,
                           "SELECT seller_name FROM target_merchants WHERE program_id = ?1 AND seller_id = ?2"
                           " AND seller_name <> '' LIMIT 1",
                           error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      if (g_hash_table_contains (names, seller_ids[i]))
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, seller_ids[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_hash_table_insert (names, g_string_chunk_insert_const (strings, seller_ids[i]),
                             g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 0)));
      else if (rc != SQLITE_DONE)
        {
          pd_store_set_sql_error (store, error, _("reading the sellers’ names"));
          return FALSE;
        }
    }
  return TRUE;
}
