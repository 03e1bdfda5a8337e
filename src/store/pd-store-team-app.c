/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-store-private.h"
#include "pd-store-team-app.h"
#include "pd-store-team-private.h"

gboolean
pd_store_team_leave (PdStore  *store,
                     GError  **error)
{
  g_auto(PdTeamState) state = { 0 };

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (!pd_store_team_get_state (store, &state, error))
    return FALSE;
  if (state.url == NULL)
    return TRUE;
  if (!pd_store_begin (store, error))
    return FALSE;
  if (!pd_store_exec (store, "DELETE FROM team_outbox; DELETE FROM team_fields;"
                             " DELETE FROM team_conflicts; DELETE FROM team_invitations;"
                             " DELETE FROM sync_state WHERE key LIKE 'team.%'", error) ||
      !pd_store_audit (store, "team.leave", state.url, state.staff, error) ||
      !pd_store_commit (store, error))
    {
      pd_store_rollback (store);
      return FALSE;
    }
  pd_store_emit_change (store, PD_ENTITY_SETTINGS, NULL, PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;
}

/* This desktop's version of the conflict, or FALSE with an error when
 * none waits. */
static gboolean
read_mine (PdStore     *store,
           const char  *seller_id,
           const char  *field,
           char       **mine_out,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT mine FROM team_conflicts"
                                  " WHERE entity = ?1 AND object = ?2 AND field = ?3", error);
  if (stmt == NULL)
    return FALSE;
  pd_store_team_bind_field (stmt, "merchant", seller_id, field);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *mine_out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("reading the team conflicts"));
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                 _("No conflict of the %s of merchant %s waits for a choice"), field, seller_id);
  return FALSE;
}

static gboolean
keep_mine (PdStore     *store,
           const char  *seller_id,
           const char  *field,
           const char  *mine,
           GError     **error)
{
  g_auto(PdMerchantNotes) old = { 0 };
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *sql = NULL;
  const char *notes, *tags, *assignee;

  if (!pd_merchant_notes_get (store, seller_id, &old, error))
    return FALSE;
  notes = g_str_equal (field, "notes") ? mine : old.notes;
  tags = g_str_equal (field, "tags") ? mine : old.tags;
  assignee = g_str_equal (field, "assignee") ? mine : old.assignee;
  if (assignee != NULL && *assignee == '\0')
    assignee = NULL;

  upsert = pd_store_prepare (store, "INSERT INTO merchant_notes (seller_id, notes, tags, assignee, updated_at)"
                                    " VALUES (?1, '', '', NULL, ?2) ON CONFLICT (seller_id) DO NOTHING", error);
  if (upsert == NULL)
    return FALSE;
  sqlite3_bind_text (upsert, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (upsert, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (!pd_store_step_done (store, upsert, _("keeping your version of a merchant’s field"), error))
    return FALSE;
  update = pd_store_prepare (store, "UPDATE merchant_notes SET notes = coalesce (?2, ''), tags = coalesce (?3, ''),"
                                    " assignee = ?4, updated_at = ?5 WHERE seller_id = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_text (update, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, notes, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, tags, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 4, assignee, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 5, g_get_real_time () / G_USEC_PER_SEC);
  return pd_store_step_done (store, update, _("keeping your version of a merchant’s field"), error) &&
         pd_store_team_queue_merchant (store, seller_id, &old, notes, tags, assignee, error);
}

gboolean
pd_store_team_resolve_conflict (PdStore     *store,
                                const char  *seller_id,
                                const char  *field,
                                gboolean     keep,
                                GError     **error)
{
  g_autofree char *mine = NULL;
  g_autoptr(sqlite3_stmt) drop = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (seller_id != NULL && field != NULL, FALSE);

  if (!g_str_equal (field, "notes") && !g_str_equal (field, "tags") && !g_str_equal (field, "assignee"))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("“%s” is not a merchant’s shared field; expected notes, tags or assignee"), field);
      return FALSE;
    }
  if (!pd_store_begin (store, error))
    return FALSE;
  if (!read_mine (store, seller_id, field, &mine, error) ||
      (keep && !keep_mine (store, seller_id, field, mine, error)))
    goto fail;
  drop = pd_store_prepare (store, "DELETE FROM team_conflicts WHERE entity = ?1 AND object = ?2 AND field = ?3",
                           error);
  if (drop == NULL)
    goto fail;
  pd_store_team_bind_field (drop, "merchant", seller_id, field);
  if (!pd_store_step_done (store, drop, _("settling a team conflict"), error) ||
      !pd_store_audit (store, keep ? "team.keep_mine" : "team.keep_theirs", seller_id, field, error) ||
      !pd_store_commit (store, error))
    goto fail;
  pd_store_emit_change (store, PD_ENTITY_NOTES, (const char * const[]) { seller_id, NULL },
                        PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

/* The first column of @sql's first row (bound to @seller_id, may be
 * NULL), or NULL; with @unique, NULL too when a second row follows. */
static char *
first_text (PdStore     *store,
            const char  *sql,
            const char  *seller_id,
            gboolean     unique,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, error);
  g_autofree char *text = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (seller_id != NULL)
    sqlite3_bind_text (stmt, 1, seller_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && unique)
        return NULL;
      if (rc == SQLITE_ROW)
        rc = SQLITE_DONE;
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the programs"));
      return NULL;
    }
  return g_steal_pointer (&text);
}

char *
pd_store_team_link_program (PdStore     *store,
                            const char  *seller_id,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *program;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  /* The order of pd_store_link_onboarding()'s choice. */
  program = first_text (store,
                        "SELECT t.program_id FROM programs p"
                        " CROSS JOIN target_merchants t ON t.program_id = p.id AND t.seller_id = ?1"
                        " ORDER BY t.left_at IS NOT NULL, t.listed_at DESC, p.period_end DESC, p.id LIMIT 1",
                        seller_id, FALSE, &local_error);
  if (program != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return program;
    }
  return first_text (store, "SELECT id FROM programs WHERE kind = 'recruitment' ORDER BY id LIMIT 2",
                     NULL, TRUE, error);
}
