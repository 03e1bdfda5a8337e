/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-store-private.h"
#include "pd-store-team-private.h"
#include "pd-store-team.h"
#include "pd-sync-state.h"

/* Joining, the team outbox and the hub's answers to pushes; the pull's
 * side is pd-store-team-pull.c. */

void
pd_team_state_clear (PdTeamState *state)
{
  g_clear_pointer (&state->url, g_free);
  g_clear_pointer (&state->staff, g_free);
  g_clear_pointer (&state->desktop, g_free);
  g_clear_pointer (&state->last_result, g_free);
  state->last_seq = 0;
  state->last_sync_at = 0;
}

void
pd_team_outbox_item_free (PdTeamOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->key);
  g_free (item->entity);
  g_free (item->object);
  g_free (item->field);
  g_free (item->value);
  g_free (item->state);
  g_free (item->last_error);
  g_free (item);
}

void
pd_store_team_bind_field (sqlite3_stmt *stmt,
                          const char   *entity,
                          const char   *object,
                          const char   *field)
{
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
}

gboolean
pd_store_team_get_state (PdStore      *store,
                         PdTeamState  *out,
                         GError      **error)
{
  g_autofree char *last_seq = NULL;
  g_autofree char *last_at = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  memset (out, 0, sizeof *out);
  out->url = pd_sync_state_dup (store, PD_TEAM_STATE_URL, &local_error);
  if (local_error == NULL)
    out->staff = pd_sync_state_dup (store, PD_TEAM_STATE_STAFF, &local_error);
  if (local_error == NULL)
    out->desktop = pd_sync_state_dup (store, PD_TEAM_STATE_DESKTOP, &local_error);
  if (local_error == NULL)
    last_seq = pd_sync_state_dup (store, PD_TEAM_STATE_LAST_SEQ, &local_error);
  if (local_error == NULL)
    last_at = pd_sync_state_dup (store, PD_TEAM_STATE_LAST_AT, &local_error);
  if (local_error == NULL)
    out->last_result = pd_sync_state_dup (store, PD_TEAM_STATE_LAST_RESULT, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      pd_team_state_clear (out);
      return FALSE;
    }
  out->last_seq = last_seq != NULL ? g_ascii_strtoll (last_seq, NULL, 10) : 0;
  out->last_sync_at = last_at != NULL ? g_ascii_strtoll (last_at, NULL, 10) : 0;
  return TRUE;
}

static gboolean
is_joined (PdStore  *store,
           gboolean *joined,
           GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = pd_sync_state_dup (store, PD_TEAM_STATE_URL, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *joined = url != NULL;
  return TRUE;
}

/* The base of a new edit of a field: that of an edit still waiting (it
 * is rebased with it), else the hub's version as last seen, else 0. */
static gboolean
field_base (PdStore     *store,
            const char  *entity,
            const char  *object,
            const char  *field,
            gint64      *base_out,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store,
                           "SELECT coalesce ((SELECT base_seq FROM team_outbox"
                           "   WHERE entity = ?1 AND object = ?2 AND field = ?3 AND state = 'pending'"
                           "   ORDER BY id DESC LIMIT 1),"
                           " (SELECT seq FROM team_fields WHERE entity = ?1 AND object = ?2 AND field = ?3),"
                           " 0)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pd_store_team_bind_field (stmt, entity, object, field);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("reading a team field’s version"));
      return FALSE;
    }
  *base_out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
pd_store_team_enqueue (PdStore     *store,
                       const char  *entity,
                       const char  *object,
                       const char  *field,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = g_uuid_string_random ();
  gint64 base = 0;

  if (sqlite3_get_autocommit (pd_store_get_db (store)))
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_SQL,
                           "team outbox entries must be written in the local change's transaction");
      return FALSE;
    }
  if (!field_base (store, entity, object, field, &base, error))
    return FALSE;
  stmt = pd_store_prepare (store,
                           "INSERT INTO team_outbox (idempotency_key, entity, object, field, value,"
                           " base_seq, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, field, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 5, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, base);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  return pd_store_step_done (store, stmt, _("queueing an edit for the team hub"), error);
}

gboolean
pd_store_team_queue_field (PdStore     *store,
                           const char  *entity,
                           const char  *object,
                           const char  *field,
                           const char  *value,
                           GError     **error)
{
  gboolean joined = FALSE;

  if (!is_joined (store, &joined, error))
    return FALSE;
  return !joined || pd_store_team_enqueue (store, entity, object, field, value, error);
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

gboolean
pd_store_team_queue_merchant (PdStore               *store,
                              const char            *seller_id,
                              const PdMerchantNotes *old,
                              const char            *notes,
                              const char            *tags,
                              const char            *assignee,
                              GError               **error)
{
  gboolean joined = FALSE;

  if (!is_joined (store, &joined, error))
    return FALSE;
  if (!joined)
    return TRUE;
  if (g_strcmp0 (old->notes != NULL ? old->notes : "", notes != NULL ? notes : "") != 0 &&
      !pd_store_team_enqueue (store, "merchant", seller_id, "notes", notes != NULL ? notes : "", error))
    return FALSE;
  if (g_strcmp0 (old->tags != NULL ? old->tags : "", tags != NULL ? tags : "") != 0 &&
      !pd_store_team_enqueue (store, "merchant", seller_id, "tags", tags != NULL ? tags : "", error))
    return FALSE;
  if (g_strcmp0 (nonempty (old->assignee), nonempty (assignee)) != 0 &&
      !pd_store_team_enqueue (store, "merchant", seller_id, "assignee", nonempty (assignee), error))
    return FALSE;
  return TRUE;
}

gboolean
pd_store_team_queue_invitation (PdStore     *store,
                                const char  *token,
                                const char  *seller_id,
                                const char  *program_id,
                                GError     **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *value = NULL;
  gboolean joined = FALSE;

  if (!is_joined (store, &joined, error))
    return FALSE;
  if (!joined || seller_id == NULL)
    return TRUE;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seller_id");
  json_builder_add_string_value (builder, seller_id);
  json_builder_set_member_name (builder, "program_id");
  if (program_id != NULL)
    json_builder_add_string_value (builder, program_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  value = json_to_string (root, FALSE);
  return pd_store_team_enqueue (store, "invitation", token, "created", value, error);
}

/* Queues every non-empty agency field of this store: what it knew
 * before joining reaches the team. */
static gboolean
queue_existing (PdStore  *store,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT seller_id, notes, tags, assignee FROM merchant_notes"
                                  " ORDER BY seller_id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdMerchantNotes empty = { (char *) "", (char *) "", NULL, 0 };

      if (!pd_store_team_queue_merchant (store, (const char *) sqlite3_column_text (stmt, 0), &empty,
                                         (const char *) sqlite3_column_text (stmt, 1),
                                         (const char *) sqlite3_column_text (stmt, 2),
                                         (const char *) sqlite3_column_text (stmt, 3), error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the merchants’ notes"));
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_team_join (PdStore     *store,
                    const char  *url,
                    const char  *staff,
                    const char  *desktop,
                    GError     **error)
{
  g_autofree char *old_url = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (url != NULL && staff != NULL && desktop != NULL, FALSE);

  if (!pd_store_begin (store, error))
    return FALSE;
  old_url = pd_sync_state_dup (store, PD_TEAM_STATE_URL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  if (!pd_sync_state_set (store, PD_TEAM_STATE_URL, url, error) ||
      !pd_sync_state_set (store, PD_TEAM_STATE_STAFF, staff, error) ||
      !pd_sync_state_set (store, PD_TEAM_STATE_DESKTOP, desktop, error))
    goto fail;
  if (g_strcmp0 (old_url, url) != 0 &&
      (!pd_store_exec (store, "DELETE FROM team_outbox; DELETE FROM team_fields;"
                              " DELETE FROM team_conflicts; DELETE FROM team_invitations;"
                              " DELETE FROM sync_state WHERE key IN ('" PD_TEAM_STATE_LAST_SEQ "',"
                              "  '" PD_TEAM_STATE_LAST_AT "', '" PD_TEAM_STATE_LAST_RESULT "')",
                       error) ||
       !queue_existing (store, error)))
    goto fail;
  if (!pd_store_audit (store, "team.join", url, staff, error) || !pd_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

gboolean
pd_store_team_set_result (PdStore     *store,
                          const char  *result,
                          GError     **error)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

  if (!pd_store_begin (store, error))
    return FALSE;
  if (!pd_sync_state_set (store, PD_TEAM_STATE_LAST_AT, now, error) ||
      !pd_sync_state_set (store, PD_TEAM_STATE_LAST_RESULT, result, error) ||
      !pd_store_commit (store, error))
    {
      pd_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

#define OUTBOX_COLUMNS "id, idempotency_key, entity, object, field, value, base_seq, attempts, state, last_error"

static PdTeamOutboxItem *
read_item (sqlite3_stmt *stmt)
{
  PdTeamOutboxItem *item = g_new0 (PdTeamOutboxItem, 1);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  item->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  item->object = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  item->field = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  item->value = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  item->base_seq = sqlite3_column_int64 (stmt, 6);
  item->attempts = sqlite3_column_int64 (stmt, 7);
  item->state = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  item->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  return item;
}

PdTeamOutboxItem *
pd_store_team_next_pending (PdStore  *store,
                            gint64    after_id,
                            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT " OUTBOX_COLUMNS " FROM team_outbox"
                                  " WHERE id > ?1 AND state = 'pending' ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_item (stmt);
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("reading the team outbox"));
  return NULL;
}

GPtrArray *
pd_store_team_list_failed (PdStore  *store,
                           GError  **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_team_outbox_item_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT " OUTBOX_COLUMNS " FROM team_outbox"
                                  " WHERE state = 'failed' ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read_item (stmt));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the team outbox"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

gboolean
pd_store_team_count_outbox (PdStore  *store,
                            guint    *pending_out,
                            guint    *failed_out,
                            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store, "SELECT count (*) FILTER (WHERE state = 'pending'),"
                                  " count (*) FILTER (WHERE state = 'failed') FROM team_outbox", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("counting the team outbox"));
      return FALSE;
    }
  *pending_out = (guint) sqlite3_column_int64 (stmt, 0);
  *failed_out = (guint) sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gboolean
remove_item (PdStore                *store,
             const PdTeamOutboxItem *item,
             GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, "DELETE FROM team_outbox WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->id);
  return pd_store_step_done (store, stmt, _("removing a sent edit from the team outbox"), error);
}

static gboolean
record_conflict (PdStore                *store,
                 const PdTeamOutboxItem *item,
                 const char             *theirs,
                 const char             *author,
                 gint64                  at,
                 GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store,
                           "INSERT OR REPLACE INTO team_conflicts (entity, object, field, mine, mine_at,"
                           " theirs, theirs_by, theirs_at)"
                           " SELECT entity, object, field, value, created_at, ?2, ?3, ?4"
                           " FROM team_outbox WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->id);
  sqlite3_bind_text (stmt, 2, theirs, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, author != NULL ? author : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, at);
  return pd_store_step_done (store, stmt, _("recording a team conflict"), error);
}

/* An edit of the field went through: an earlier conflict on it is over. */
static gboolean
clear_conflict (PdStore                *store,
                const PdTeamOutboxItem *item,
                GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store, "DELETE FROM team_conflicts WHERE entity = ?1 AND object = ?2"
                                  " AND field = ?3", error);
  if (stmt == NULL)
    return FALSE;
  pd_store_team_bind_field (stmt, item->entity, item->object, item->field);
  return pd_store_step_done (store, stmt, _("clearing a team conflict"), error);
}

/* Later edits of the same field were made on top of this one: their
 * base becomes the version the hub gave it. */
static gboolean
rebase_later (PdStore                *store,
              const PdTeamOutboxItem *item,
              gint64                  seq,
              GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store,
                           "UPDATE team_outbox SET base_seq = ?2 WHERE id > ?1 AND state = 'pending'"
                           " AND entity = ?3 AND object = ?4 AND field = ?5 AND base_seq = ?6",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->id);
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_text (stmt, 3, item->entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, item->object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, item->field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, item->base_seq);
  return pd_store_step_done (store, stmt, _("rebasing the team outbox"), error);
}

gboolean
pd_store_team_push_done (PdStore                *store,
                         const PdTeamOutboxItem *item,
                         gboolean                conflict,
                         gint64                  seq,
                         const char             *value,
                         const char             *author,
                         const char             *desktop,
                         gint64                  at,
                         GError                **error)
{
  PdTeamChange change = { seq, item->entity, item->object, item->field, (char *) value,
                          (char *) author, (char *) desktop, at };

  if (!pd_store_begin (store, error))
    return FALSE;
  if (conflict && !record_conflict (store, item, value, author, at, error))
    goto fail;
  if (!conflict && (!rebase_later (store, item, seq, error) || !clear_conflict (store, item, error)))
    goto fail;
  /* Seq 0: unchanged against a field no change set, which no pull or
   * snapshot records either. */
  if (!remove_item (store, item, error) ||
      (seq > 0 &&
       !pd_store_team_apply_one (store, NULL, &change, conflict ? PD_TEAM_APPLY_THEIRS : PD_TEAM_APPLY_RECORD,
                                 error)) ||
      !pd_store_commit (store, error))
    goto fail;
  if (conflict)
    pd_store_emit_change (store, PD_ENTITY_NOTES | PD_ENTITY_PROGRAMS, NULL, PD_CHANGE_ORIGIN_SYNC);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

gboolean
pd_store_team_push_failed (PdStore                *store,
                           const PdTeamOutboxItem *item,
                           const char             *message,
                           gboolean                permanent,
                           GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!pd_store_begin (store, error))
    return FALSE;
  stmt = pd_store_prepare (store,
                           "UPDATE team_outbox SET attempts = attempts + 1, last_error = ?2,"
                           " state = CASE WHEN ?3 THEN 'failed' ELSE state END WHERE id = ?1",
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, item->id);
  sqlite3_bind_text (stmt, 2, message, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, permanent);
  if (!pd_store_step_done (store, stmt, _("recording a refused team edit"), error))
    goto fail;
  if (permanent && !pd_store_team_restore_field (store, item, error))
    goto fail;
  if (!pd_store_commit (store, error))
    goto fail;
  if (permanent)
    pd_store_emit_change (store, PD_ENTITY_NOTES | PD_ENTITY_PROGRAMS, (const char * const[]) { item->object, NULL },
                          PD_CHANGE_ORIGIN_SYNC);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}
