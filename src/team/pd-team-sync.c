/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>

#include "pd-store-team.h"
#include "pd-team-db.h"
#include "pd-team-sync.h"

#define PULL_BATCH 5000

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

/* PARTNERDESK_TEST_TEAM_PULL_BATCH=N: pull N changes per batch;
 * PARTNERDESK_TEST_TEAM_KILL_AFTER_PULL=N: SIGKILL once N batches were
 * applied. */
static int
pull_batch_size (void)
{
  const char *size = g_getenv ("PARTNERDESK_TEST_TEAM_PULL_BATCH");

  return size != NULL && atoi (size) > 0 ? atoi (size) : PULL_BATCH;
}

static void
test_kill_after_pull (void)
{
  static int count;
  const char *limit = g_getenv ("PARTNERDESK_TEST_TEAM_KILL_AFTER_PULL");

  if (limit != NULL && ++count >= atoi (limit))
    raise (SIGKILL);
}
#else
#define test_kill_after_push() ((void) 0)
#define test_kill_after_pull() ((void) 0)
#define pull_batch_size() PULL_BATCH
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
  const char *outcome;
  gboolean conflict;

  res = pd_team_db_query (conn,
                          "SELECT outcome, seq, cur_value, cur_author,"
                          " extract (epoch FROM cur_at)::bigint"
                          " FROM partnerdesk.push ($1, $2, $3, $4, $5, $6::bigint, $7)",
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
  if (!pd_store_team_push_done (store, item, conflict, column_int64 (res, 0, 1), value, author,
                                column_int64 (res, 0, 4), error))
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
  GPtrArray *changes;

  res = pd_team_db_query (conn,
                          "SELECT seq, entity, key, field, value, author, desktop,"
                          " extract (epoch FROM at)::bigint FROM partnerdesk.changes"
                          " WHERE seq > $1::bigint ORDER BY seq LIMIT $2::integer",
                          G_N_ELEMENTS (params), params, _("reading the team’s changes"), error);
  if (res == NULL)
    return NULL;
  changes = g_ptr_array_new_full (PQntuples (res), (GDestroyNotify) pd_team_change_free);
  for (int row = 0; row < PQntuples (res); row++)
    {
      PdTeamChange *change = g_new0 (PdTeamChange, 1);

      change->seq = column_int64 (res, row, 0);
      change->entity = column_dup (res, row, 1);
      change->object = column_dup (res, row, 2);
      change->field = column_dup (res, row, 3);
      change->value = column_dup (res, row, 4);
      change->author = column_dup (res, row, 5);
      change->desktop = column_dup (res, row, 6);
      change->at = column_int64 (res, row, 7);
      g_ptr_array_add (changes, change);
    }
  return changes;
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
