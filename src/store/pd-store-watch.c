/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include "pd-store-private.h"

/* PdStore::changed: emitted in the store's main context by whoever wrote
 * (pd_store_emit_change()), and by the watch for other processes.
 *
 * The watch reads PRAGMA data_version on the store's own connection: it
 * changes when any other connection committed, ours (a worker thread's)
 * or another process's. To tell them apart, and to say what another
 * process wrote:
 * - every write API of the store writes an audit_log row in its
 *   transaction; this process notes the ids of its own rows before their
 *   commit, so new rows it did not note are another process's, and their
 *   action says the kind ("import.targets", "link.create"...);
 * - a commit with no audit row (another program, or a write that audits
 *   nothing) is another process's when no connection of this process
 *   committed meanwhile (counted by SQLite's commit and WAL hooks):
 *   then any data may have changed. */

/* SQLite's default: checkpoint once the WAL holds this many pages. */
#define PD_STORE_WAL_AUTOCHECKPOINT 1000

/* Commits by every connection of this process: begun (commit hook,
 * before the data can be seen) and written (WAL hook, after). */
static guint own_started;
static guint own_written;

/* The audit_log ids this process wrote and no watch has read yet, by
 * store file (the quark of its path); only kept while a watch runs. */
static GMutex own_lock;
static GHashTable *own_audit;
static gint watches;

/* Call with own_lock held. */
static GHashTable *
own_ids (PdStore  *self,
         gboolean  create)
{
  gpointer file = GUINT_TO_POINTER (g_quark_from_string (pd_store_get_path (self)));
  GHashTable *ids;

  if (own_audit == NULL)
    {
      if (!create)
        return NULL;
      own_audit = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                         (GDestroyNotify) g_hash_table_unref);
    }
  ids = g_hash_table_lookup (own_audit, file);
  if (ids == NULL && create)
    {
      ids = g_hash_table_new (g_direct_hash, g_direct_equal);
      g_hash_table_insert (own_audit, file, ids);
    }
  return ids;
}

static int
on_commit (void *data)
{
  g_atomic_int_inc (&own_started);
  return 0;
}

/* Replaces SQLite's default WAL hook, which did the auto-checkpoint. */
static int
on_wal_written (void       *data,
                sqlite3    *db,
                const char *db_name,
                int         n_pages)
{
  g_atomic_int_inc (&own_written);
  if (n_pages >= PD_STORE_WAL_AUTOCHECKPOINT)
    sqlite3_wal_checkpoint (db, db_name);
  return SQLITE_OK;
}

void
pd_store_watch_install_hooks (sqlite3 *db)
{
  sqlite3_commit_hook (db, on_commit, NULL);
  sqlite3_wal_hook (db, on_wal_written, NULL);
}

void
pd_store_watch_note_audit (PdStore *self,
                           gint64   id)
{
  PdStoreWatch *w = pd_store_get_watch (self);

  if (g_atomic_int_get (&watches) == 0)
    return;
  if (w->pending == NULL)
    w->pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (w->pending, id);
  /* Outside a transaction the row is committed already. */
  if (sqlite3_get_autocommit (pd_store_get_db (self)))
    {
      pd_store_watch_own_audit (self, TRUE);
      pd_store_watch_forget_audit (self);
    }
}

void
pd_store_watch_own_audit (PdStore  *self,
                          gboolean  own)
{
  PdStoreWatch *w = pd_store_get_watch (self);
  GHashTable *ids;

  if (w->pending == NULL || w->pending->len == 0)
    return;
  g_mutex_lock (&own_lock);
  ids = own_ids (self, TRUE);
  for (guint i = 0; i < w->pending->len; i++)
    {
      gpointer key = GSIZE_TO_POINTER ((gsize) g_array_index (w->pending, gint64, i));

      if (own)
        g_hash_table_add (ids, key);
      else
        g_hash_table_remove (ids, key);
    }
  g_mutex_unlock (&own_lock);
}

void
pd_store_watch_forget_audit (PdStore *self)
{
  PdStoreWatch *w = pd_store_get_watch (self);

  if (w->pending != NULL)
    g_array_set_size (w->pending, 0);
}

/* Emission ------------------------------------------------------------------------ */

typedef struct
{
  PdStore       *store;
  PdStoreChange *change;
} Emission;

static gboolean
emit_in_context (gpointer data)
{
  Emission *e = data;

  g_signal_emit_by_name (e->store, "changed", e->change);
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  Emission *e = data;

  g_object_unref (e->store);
  pd_store_change_free (e->change);
  g_free (e);
}

void
pd_store_emit_change (PdStore            *self,
                      PdEntityKind        kinds,
                      const char * const *ids,
                      PdChangeOrigin      origin)
{
  Emission *e;

  g_return_if_fail (PD_IS_STORE (self));
  g_return_if_fail (kinds != 0);

  /* A worker's own connection, the CLI's: nobody listens, and an idle
   * queued to a context that may never run again would keep the
   * connection open. */
  if (!g_signal_has_handler_pending (self, g_signal_lookup ("changed", PD_TYPE_STORE), 0, TRUE))
    return;

  e = g_new0 (Emission, 1);
  e->store = g_object_ref (self);
  e->change = pd_store_change_new (kinds, ids, origin);
  /* At once in the thread that opened the store, else handed over to its
   * context (never run in the worker even when that context is idle). */
  if (g_thread_self () == pd_store_get_thread (self))
    {
      emit_in_context (e);
      emission_free (e);
    }
  else
    {
      g_autoptr(GSource) idle = g_idle_source_new ();

      g_source_set_priority (idle, G_PRIORITY_DEFAULT);
      g_source_set_name (idle, "[partnerdesk] store change");
      g_source_set_callback (idle, emit_in_context, e, emission_free);
      g_source_attach (idle, pd_store_get_context (self));
    }
}

/* The watch ---------------------------------------------------------------------- */

static gint64
query_int64 (PdStore    *self,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (self, sql, &error);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_debug ("%s: %s failed: %s", pd_store_get_path (self), sql,
               error != NULL ? error->message : sqlite3_errmsg (pd_store_get_db (self)));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* What an audit_log action says was written. */
static PdEntityKind
action_kinds (const char *action)
{
  static const struct { const char *prefix; PdEntityKind kinds; } map[] = {
    { "import.targets", PD_ENTITY_TARGETS },
    { "import.stores", PD_ENTITY_STORES },
    { "import.links", PD_ENTITY_LINKS },
    { "import.rates", PD_ENTITY_RATES },
    { "import.program", PD_ENTITY_PROGRAMS },
    { "link.", PD_ENTITY_LINKS },
    { "merchant.", PD_ENTITY_NOTES },
    { "config.", PD_ENTITY_SETTINGS },
    /* The expected-value model's rates change amounts, not verdicts; an
     * override of a program's assumptions may change verdicts. */
    { "stage-rate.", PD_ENTITY_SETTINGS },
    { "program.override", PD_ENTITY_PROGRAMS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_has_prefix (action, map[i].prefix))
      return map[i].kinds;
  return PD_ENTITY_DATA;
}

/* The kinds of the audit_log rows since the last look that this process
 * did not write: another process's writes. */
static PdEntityKind
read_foreign_audit (PdStore *self)
{
  PdStoreWatch *w = pd_store_get_watch (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PdEntityKind kinds = 0;
  GHashTable *ids;
  int rc;

  stmt = pd_store_prepare (self, "SELECT id, action FROM audit_log WHERE id > ?1 ORDER BY id", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, w->audit_id);
  g_mutex_lock (&own_lock);
  ids = own_ids (self, FALSE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      w->audit_id = id;
      if (ids == NULL || !g_hash_table_remove (ids, GSIZE_TO_POINTER ((gsize) id)))
        kinds |= action_kinds ((const char *) sqlite3_column_text (stmt, 1));
    }
  g_mutex_unlock (&own_lock);
  return kinds;
}

static gboolean
on_watch_tick (gpointer data)
{
  PdStore *self = data;
  PdStoreWatch *w = pd_store_get_watch (self);
  /* In this order: one of our commits that became visible since the last
   * look began (commit hook) before it was visible, and was written (WAL
   * hook) after. */
  guint written = (guint) g_atomic_int_get (&own_written);
  gint64 version = query_int64 (self, "PRAGMA data_version");
  guint started = (guint) g_atomic_int_get (&own_started);
  PdEntityKind kinds = 0;

  if (version >= 0 && version != w->data_version)
    {
      kinds = read_foreign_audit (self);
      /* A write that left no audit row: another process's only when none
       * of ours committed meanwhile (else taken for ours; told by its
       * writer). */
      if (kinds == 0 && started == w->started && written == w->written)
        kinds = PD_ENTITY_DATA | PD_ENTITY_SETTINGS;
      w->data_version = version;
    }
  w->started = started;
  w->written = written;
  if (kinds != 0)
    {
      g_debug ("%s: changed by another process", pd_store_get_path (self));
      pd_store_emit_change (self, kinds, NULL, PD_CHANGE_ORIGIN_OTHER_PROCESS);
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_watch (PdStoreWatch *w)
{
  if (w->source == NULL)
    return;
  g_source_destroy (w->source);
  g_clear_pointer (&w->source, g_source_unref);
  if (g_atomic_int_dec_and_test (&watches))
    {
      /* Nobody reads them any more. */
      g_mutex_lock (&own_lock);
      g_clear_pointer (&own_audit, g_hash_table_unref);
      g_mutex_unlock (&own_lock);
    }
}

void
pd_store_watch_other_processes (PdStore *self,
                                guint    interval_ms)
{
  PdStoreWatch *w;

  g_return_if_fail (PD_IS_STORE (self));

  w = pd_store_get_watch (self);
  stop_watch (w);
  if (interval_ms == 0)
    return;

  g_atomic_int_inc (&watches);
  w->written = (guint) g_atomic_int_get (&own_written);
  w->data_version = query_int64 (self, "PRAGMA data_version");
  w->started = (guint) g_atomic_int_get (&own_started);
  w->audit_id = MAX (query_int64 (self, "SELECT coalesce(max(id), 0) FROM audit_log"), 0);
  w->source = g_timeout_source_new (interval_ms);
  /* At the default priority: a lower one starves while a window animates
   * or a test spins the loop. */
  g_source_set_name (w->source, "[partnerdesk] store watch");
  g_source_set_callback (w->source, on_watch_tick, self, NULL);
  g_source_attach (w->source, pd_store_get_context (self));
}

void
pd_store_watch_clear (PdStore *self)
{
  PdStoreWatch *w = pd_store_get_watch (self);

  stop_watch (w);
  g_clear_pointer (&w->pending, g_array_unref);
}
