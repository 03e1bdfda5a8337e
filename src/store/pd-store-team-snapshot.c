/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-store-private.h"
#include "pd-store-team-private.h"
#include "pd-store-team.h"

/* A new desktop's first pull (or one far behind): the hub's current
 * state, a million merchants' fields and more, copied in large batches.
 *
 * With no edit waiting in the team outbox (a new desktop's case) the
 * rows take a short way: a team_fields row each, as any pull records
 * them, and one merchant_notes row per merchant for all its fields
 * together instead of one upsert per field, with the statements
 * prepared once a batch and nothing translated or timed per row. The
 * hub sends the rows in the store's key order (pd-team-sync.c), so each
 * insert lands on the B-trees' last pages, which stay in the page cache;
 * in a random order a batch would touch (and the WAL receive) most pages
 * of tables larger than the cache. With an edit waiting, every row is a
 * pull's, field by field (the edit's field keeps its local value). */

/* The merchant_notes columns a snapshot sets, by field. */
enum
{
  FIELD_NOTES,
  FIELD_TAGS,
  FIELD_ASSIGNEE,
  N_FIELDS
};

static const char * const merchant_fields[N_FIELDS] = { "notes", "tags", "assignee" };

typedef struct
{
  PdStore      *store;
  sqlite3_stmt *merchant;
  gint64        now;
  /* The merchant whose fields were read but not yet written, and those
   * fields (borrowed from the batch's rows). */
  const char   *object;
  const char   *values[N_FIELDS];
  gboolean      set[N_FIELDS];
} MerchantRow;

static int
merchant_field (const char *field)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (strcmp (field, merchant_fields[i]) == 0)
      return i;
  return -1;  /* a field of a newer Partner Desk: kept in team_fields only */
}

/* The merchant_notes row of the merchant read last, its fields from the
 * hub and the others as they were (a new row: empty), as the pull's
 * upsert of each field one by one leaves it. */
static gboolean
merchant_flush (MerchantRow  *row,
                GError      **error)
{
  sqlite3_stmt *stmt = row->merchant;

  if (row->object == NULL)
    return TRUE;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_bind_text (stmt, 1, row->object, -1, SQLITE_STATIC);
  for (int i = 0; i < N_FIELDS; i++)
    {
      if (row->values[i] != NULL)
        sqlite3_bind_text (stmt, 2 + i, row->values[i], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5 + i, row->set[i]);
    }
  sqlite3_bind_int64 (stmt, 8, row->now);
  row->object = NULL;
  memset (row->values, 0, sizeof row->values);
  memset (row->set, 0, sizeof row->set);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (row->store, error, _("applying a team edit to a merchant"));
      return FALSE;
    }
  return TRUE;
}

/* A newer version of a merchant's field, for its merchant_notes row. */
static gboolean
merchant_add (MerchantRow         *row,
              const PdTeamChange  *change,
              GError             **error)
{
  int i = merchant_field (change->field);

  if (i < 0)
    return TRUE;
  if (row->object != NULL && strcmp (row->object, change->object) != 0 && !merchant_flush (row, error))
    return FALSE;
  row->object = change->object;
  row->values[i] = change->value;
  row->set[i] = TRUE;
  return TRUE;
}

/* The rows of a batch, with nothing waiting in the outbox. */
static gboolean
apply_rows (PdStore             *store,
            PdTeamCache         *cache,
            const PdTeamChange  *rows,
            gsize                n_rows,
            GError             **error)
{
  g_autoptr(sqlite3_stmt) merchant = NULL;
  MerchantRow row = { store, NULL, g_get_real_time () / G_USEC_PER_SEC, NULL, { NULL }, { FALSE } };

  merchant = pd_store_prepare (store,
                               "INSERT INTO merchant_notes (seller_id, notes, tags, assignee, updated_at)"
                               " VALUES (?1, coalesce (?2, ''), coalesce (?3, ''), nullif (?4, ''), ?8)"
                               " ON CONFLICT (seller_id) DO UPDATE SET"
                               " notes = CASE WHEN ?5 THEN excluded.notes ELSE notes END,"
                               " tags = CASE WHEN ?6 THEN excluded.tags ELSE tags END,"
                               " assignee = CASE WHEN ?7 THEN excluded.assignee ELSE assignee END,"
                               " updated_at = excluded.updated_at",
                               error);
  if (merchant == NULL)
    return FALSE;
  row.merchant = merchant;
  for (gsize i = 0; i < n_rows; i++)
    {
      const PdTeamChange *change = &rows[i];
      gboolean newer = FALSE;

      if (!pd_store_team_record_field (store, cache, change, &newer, error))
        return FALSE;
      if (!newer)
        continue;  /* known already: a snapshot cut short, taken again */
      if (strcmp (change->entity, "merchant") == 0)
        {
          if (!merchant_add (&row, change, error))
            return FALSE;
        }
      else if (!pd_store_team_apply_field (store, cache, change, PD_TEAM_APPLY_SNAPSHOT_UNCHECKED, error))
        return FALSE;
    }
  return merchant_flush (&row, error);
}

gboolean
pd_store_team_apply_snapshot (PdStore             *store,
                              const PdTeamChange  *rows,
                              gsize                n_rows,
                              gint64               snapshot_seq,
                              GError             **error)
{
  g_autoptr(PdTeamCache) cache = NULL;
  gboolean waiting = FALSE;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (n_rows == 0 && snapshot_seq == 0)
    return TRUE;
  /* A batch touches more pages than the default cache holds: kept in
   * memory (64 MiB) instead of spilled and read again, and the WAL copied
   * into the database once, when the snapshot ends, not after each
   * batch. */
  sqlite3_exec (pd_store_get_db (store), "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 0",
                NULL, NULL, NULL);
  if (!pd_store_begin (store, error))
    return FALSE;
  cache = pd_team_cache_new ();
  if (!pd_store_team_field_waits (store, NULL, NULL, NULL, &waiting, error))
    goto fail;
  if (!waiting)
    {
      if (!apply_rows (store, cache, rows, n_rows, error))
        goto fail;
    }
  else
    {
      for (gsize i = 0; i < n_rows; i++)
        if (!pd_store_team_apply_one (store, cache, &rows[i], PD_TEAM_APPLY_SNAPSHOT, error))
          goto fail;
    }
  g_clear_pointer (&cache, pd_team_cache_free);  /* every statement done before COMMIT */
  return pd_store_team_end_batch (store, snapshot_seq, error);

fail:
  pd_store_rollback (store);
  return FALSE;
}

void
pd_store_team_snapshot_done (PdStore *store)
{
  g_return_if_fail (PD_IS_STORE (store));

  sqlite3_exec (pd_store_get_db (store),
                "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000; PRAGMA wal_checkpoint (TRUNCATE)",
                NULL, NULL, NULL);
}
