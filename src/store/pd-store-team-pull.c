/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pd-store-overrides.h"
#include "pd-store-private.h"
#include "pd-store-team-private.h"
#include "pd-store-team.h"
#include "pd-sync-state.h"

/* The hub's changes applied to the store, and what the team's data
 * tells the desktop: conflicts, authors, invitations. */

void
pd_team_change_free (PdTeamChange *change)
{
  if (change == NULL)
    return;
  g_free (change->entity);
  g_free (change->object);
  g_free (change->field);
  g_free (change->value);
  g_free (change->author);
  g_free (change->desktop);
  g_free (change);
}

void
pd_team_conflict_free (PdTeamConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->entity);
  g_free (conflict->object);
  g_free (conflict->field);
  g_free (conflict->mine);
  g_free (conflict->theirs);
  g_free (conflict->theirs_by);
  g_free (conflict);
}

void
pd_team_invitation_free (PdTeamInvitation *invitation)
{
  if (invitation == NULL)
    return;
  g_free (invitation->token);
  g_free (invitation->seller_id);
  g_free (invitation->program_id);
  g_free (invitation->staff);
  g_free (invitation->desktop);
  g_free (invitation);
}

/* The statements a batch of changes runs again and again, prepared once
 * for the batch. */
enum
{
  SLOT_FIELDS,
  SLOT_AUDIT,
  SLOT_MERCHANT_NOTES,
  SLOT_MERCHANT_TAGS,
  SLOT_MERCHANT_ASSIGNEE,
  N_SLOTS
};

struct _PdTeamCache
{
  sqlite3_stmt *stmts[N_SLOTS];
};

PdTeamCache *
pd_team_cache_new (void)
{
  return g_new0 (PdTeamCache, 1);
}

void
pd_team_cache_free (PdTeamCache *cache)
{
  if (cache == NULL)
    return;
  for (guint i = 0; i < N_SLOTS; i++)
    sqlite3_finalize (cache->stmts[i]);
  g_free (cache);
}

/* @sql in @slot of @cache, reset, or without a cache prepared for this
 * call alone into *@owned (the caller's to finalize). */
static sqlite3_stmt *
statement (PdStore       *store,
           PdTeamCache   *cache,
           guint          slot,
           const char    *sql,
           sqlite3_stmt **owned,
           GError       **error)
{
  if (cache == NULL)
    return *owned = pd_store_prepare (store, sql, error);
  if (cache->stmts[slot] == NULL)
    return cache->stmts[slot] = pd_store_prepare (store, sql, error);
  sqlite3_reset (cache->stmts[slot]);
  sqlite3_clear_bindings (cache->stmts[slot]);
  return cache->stmts[slot];
}

gboolean
pd_store_team_field_waits (PdStore     *store,
                           const char  *entity,
                           const char  *object,
                           const char  *field,
                           gboolean    *waits,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store,
                           entity == NULL
                           ? "SELECT EXISTS (SELECT 1 FROM team_outbox WHERE state = 'pending')"
                           : "SELECT EXISTS (SELECT 1 FROM team_outbox WHERE entity = ?1 AND object = ?2"
                             " AND field = ?3 AND state = 'pending')",
                           error);
  if (stmt == NULL)
    return FALSE;
  if (entity != NULL)
    pd_store_team_bind_field (stmt, entity, object, field);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("reading the team outbox"));
      return FALSE;
    }
  *waits = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

/* One statement per shared field of merchant_notes (the row created
 * when missing): the column is never taken from the hub's data. FALSE
 * for a field this version does not know. */
static gboolean
merchant_field_sql (const char  *field,
                    const char **sql_out,
                    guint       *slot_out)
{
#define UPSERT(notes, tags, assignee, col) \
  "INSERT INTO merchant_notes (seller_id, notes, tags, assignee, updated_at)" \
  " VALUES (?1, " notes ", " tags ", " assignee ", ?3) ON CONFLICT (seller_id) DO UPDATE SET" \
  " " col " = excluded." col ", updated_at = excluded.updated_at"
  if (g_strcmp0 (field, "notes") == 0)
    *sql_out = UPSERT ("coalesce (?2, '')", "''", "NULL", "notes"), *slot_out = SLOT_MERCHANT_NOTES;
  else if (g_strcmp0 (field, "tags") == 0)
    *sql_out = UPSERT ("''", "coalesce (?2, '')", "NULL", "tags"), *slot_out = SLOT_MERCHANT_TAGS;
  else if (g_strcmp0 (field, "assignee") == 0)
    *sql_out = UPSERT ("''", "''", "nullif (?2, '')", "assignee"), *slot_out = SLOT_MERCHANT_ASSIGNEE;
  else
    return FALSE;
  return TRUE;
#undef UPSERT
}

static gboolean
set_merchant_field (PdStore      *store,
                    PdTeamCache  *cache,
                    const char   *seller_id,
                    const char   *field,
                    const char   *value,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) owned_update = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *update;
  const char *sql;
  guint slot;

  if (!merchant_field_sql (field, &sql, &slot))
    return TRUE;  /* a field of a newer Partner Desk: kept in team_fields only */
  update = statement (store, cache, slot, sql, &owned_update, error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_text (update, 1, seller_id, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (update, 2, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 3, now);
  return pd_store_step_done (store, update, _("applying a team edit to a merchant"), error);
}

/* An override of the hub: set, or removed (NULL: the program file's
 * value). A key this version does not know stays in team_fields. */
static gboolean
set_override (PdStore             *store,
              const PdTeamChange  *change,
              const char          *value,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PdOverrideKey key;

  if (!pd_override_key_from_string (change->field, &key))
    return TRUE;
  stmt = pd_store_prepare (store,
                           value == NULL
                           ? "DELETE FROM program_overrides WHERE program_id = ?1 AND key = ?2"
                           : "INSERT INTO program_overrides (program_id, key, value, set_at, set_by)"
                             " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (program_id, key) DO UPDATE SET"
                             " value = excluded.value, set_at = excluded.set_at, set_by = excluded.set_by",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->field, -1, SQLITE_STATIC);
  if (value != NULL)
    {
      sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, change->at);
      sqlite3_bind_text (stmt, 5, change->author != NULL ? change->author : "", -1, SQLITE_STATIC);
    }
  return pd_store_step_done (store, stmt, _("applying a team override"), error);
}

/* The agency's stage rate of the hub, in basis points (NULL: the
 * default); anything else is left to team_fields. */
static gboolean
set_stage_rate (PdStore             *store,
                const PdTeamChange  *change,
                const char          *value,
                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint64 bp = 0;
  PdStage stage;

  if (!g_str_equal (change->object, "*") || !pd_stage_from_string (change->field, &stage) ||
      stage >= PD_N_STAGES)
    return TRUE;
  if (value == NULL)
    bp = pd_stage_rate_default_bp (stage);
  else if (!g_ascii_string_to_unsigned (value, 10, 0, 10000, &bp, NULL))
    return TRUE;
  stmt = pd_store_prepare (store, "INSERT INTO stage_rates (stage, rate_bp) VALUES (?1, ?2)"
                                  " ON CONFLICT (stage) DO UPDATE SET rate_bp = excluded.rate_bp", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (gint64) bp);
  return pd_store_step_done (store, stmt, _("applying a team stage rate"), error);
}

/* The local copy of a shared field set to @value. */
static gboolean
set_local_field (PdStore             *store,
                 PdTeamCache         *cache,
                 const PdTeamChange  *change,
                 const char          *value,
                 GError             **error)
{
  if (g_str_equal (change->entity, "merchant"))
    return set_merchant_field (store, cache, change->object, change->field, value, error);
  if (g_str_equal (change->entity, "override"))
    return set_override (store, change, value, error);
  if (g_str_equal (change->entity, "stage_rate"))
    return set_stage_rate (store, change, value, error);
  return TRUE;
}

static gboolean
save_invitation (PdStore             *store,
                 const PdTeamChange  *change,
                 GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *object;

  if (change->value == NULL || !json_parser_load_from_data (parser, change->value, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return TRUE;  /* not ours to judge: the hub took it; nothing to check against */
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_string_member_with_default (object, "seller_id", NULL) == NULL)
    return TRUE;
  stmt = pd_store_prepare (store,
                           "INSERT OR REPLACE INTO team_invitations (token, seller_id, program_id, staff,"
                           " desktop, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->object, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, json_object_get_string_member (object, "seller_id"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, json_object_get_string_member_with_default (object, "program_id", NULL), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, change->author, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, change->desktop, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, json_object_get_int_member_with_default (object, "created_at", change->at));
  return pd_store_step_done (store, stmt, _("saving a team invitation"), error);
}

static gboolean
audit_change (PdStore             *store,
              PdTeamCache         *cache,
              const PdTeamChange  *change,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) owned = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *details = NULL;
  g_autofree char *action = g_strdup_printf ("team.%s.%s", change->entity, change->field);
  g_autofree char *subject = g_strconcat (g_str_equal (change->entity, "merchant") ? "seller:" :
                                          g_str_equal (change->entity, "invitation") ? "link:" : "program:",
                                          change->object, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  if (change->value != NULL)
    json_builder_add_string_value (builder, change->value);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "desktop");
  json_builder_add_string_value (builder, change->desktop != NULL ? change->desktop : "");
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, change->seq);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  details = json_to_string (root, FALSE);

  stmt = statement (store, cache, SLOT_AUDIT, "INSERT INTO audit_log (at, user, action, subject, details)"
                                              " VALUES (?1, ?2, ?3, ?4, ?5)", &owned, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->at);
  sqlite3_bind_text (stmt, 2, change->author, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, details, -1, SQLITE_STATIC);
  if (!pd_store_step_done (store, stmt, _("writing the audit log"), error))
    return FALSE;
  pd_store_watch_note_audit (store, sqlite3_last_insert_rowid (pd_store_get_db (store)));
  return TRUE;
}

gboolean
pd_store_team_record_field (PdStore             *store,
                            PdTeamCache         *cache,
                            const PdTeamChange  *change,
                            gboolean            *newer,
                            GError             **error)
{
  g_autoptr(sqlite3_stmt) owned = NULL;
  sqlite3_stmt *stmt;

  stmt = statement (store, cache, SLOT_FIELDS,
                    "INSERT INTO team_fields (entity, object, field, seq, value, author, desktop, at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                    " ON CONFLICT (entity, object, field) DO UPDATE SET seq = excluded.seq,"
                    "  value = excluded.value, author = excluded.author, desktop = excluded.desktop,"
                    "  at = excluded.at WHERE excluded.seq > team_fields.seq",
                    &owned, error);
  if (stmt == NULL)
    return FALSE;
  pd_store_team_bind_field (stmt, change->entity, change->object, change->field);
  sqlite3_bind_int64 (stmt, 4, change->seq);
  sqlite3_bind_text (stmt, 5, change->value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, change->author != NULL ? change->author : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, change->desktop, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, change->at);
  /* Translated only when it fails: a snapshot records millions. */
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("recording a team field"));
      return FALSE;
    }
  *newer = sqlite3_changes (sqlite3_db_handle (stmt)) > 0;
  return TRUE;
}

gboolean
pd_store_team_apply_field (PdStore             *store,
                           PdTeamCache         *cache,
                           const PdTeamChange  *change,
                           PdTeamApply          mode,
                           GError             **error)
{
  gboolean waits = FALSE;
  gboolean audit;

  /* The hub's audit is the log itself: a snapshot copies the state only. */
  audit = mode != PD_TEAM_APPLY_RECORD && mode != PD_TEAM_APPLY_SNAPSHOT &&
          mode != PD_TEAM_APPLY_SNAPSHOT_UNCHECKED;
  if (g_str_equal (change->entity, "invitation"))
    return save_invitation (store, change, error) &&
           (!audit || audit_change (store, cache, change, error));
  if (mode == PD_TEAM_APPLY_RECORD)
    return TRUE;
  if ((mode == PD_TEAM_APPLY_PULL || mode == PD_TEAM_APPLY_SNAPSHOT) &&
      !pd_store_team_field_waits (store, change->entity, change->object, change->field, &waits, error))
    return FALSE;
  if (waits)
    return TRUE;
  return set_local_field (store, cache, change, change->value, error) &&
         (!audit || audit_change (store, cache, change, error));
}

gboolean
pd_store_team_apply_one (PdStore             *store,
                         PdTeamCache         *cache,
                         const PdTeamChange  *change,
                         PdTeamApply          mode,
                         GError             **error)
{
  gboolean newer = FALSE;

  if (!pd_store_team_record_field (store, cache, change, &newer, error))
    return FALSE;
  /* Known already (our own push's answer, a batch pulled again): done. */
  if (!newer && mode != PD_TEAM_APPLY_THEIRS)
    return TRUE;
  return pd_store_team_apply_field (store, cache, change, mode, error);
}

gboolean
pd_store_team_restore_field (PdStore                *store,
                             const PdTeamOutboxItem *item,
                             GError                **error)
{
  PdTeamChange change = { 0, item->entity, item->object, item->field, NULL, NULL, NULL,
                          g_get_real_time () / G_USEC_PER_SEC };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *value = NULL;
  gboolean waits = FALSE;
  int rc;

  if (!pd_store_team_field_waits (store, item->entity, item->object, item->field, &waits, error))
    return FALSE;
  if (waits)
    return TRUE;
  stmt = pd_store_prepare (store, "SELECT value, author FROM team_fields WHERE entity = ?1 AND object = ?2"
                                  " AND field = ?3", error);
  if (stmt == NULL)
    return FALSE;
  pd_store_team_bind_field (stmt, item->entity, item->object, item->field);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      change.author = (char *) sqlite3_column_text (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a team field"));
      return FALSE;
    }
  return set_local_field (store, NULL, &change, value, error);
}

/* @changes (by seq) in one transaction, with the last one's sequence as
 * the last pulled. */
gboolean
pd_store_team_apply_changes (PdStore    *store,
                             GPtrArray  *changes,
                             GError    **error)
{
  g_autoptr(PdTeamCache) cache = NULL;
  gboolean waiting = FALSE;
  gint64 last_seq = 0;
  PdTeamApply mode;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (changes->len == 0)
    return TRUE;
  if (!pd_store_begin (store, error))
    return FALSE;
  cache = pd_team_cache_new ();
  /* With no edit waiting (the usual pull, after the push), no field needs
   * the per-change look into the outbox. */
  if (!pd_store_team_field_waits (store, NULL, NULL, NULL, &waiting, error))
    goto fail;
  mode = waiting ? PD_TEAM_APPLY_PULL : PD_TEAM_APPLY_PULL_UNCHECKED;
  for (guint i = 0; i < changes->len; i++)
    {
      const PdTeamChange *change = g_ptr_array_index (changes, i);

      if (!pd_store_team_apply_one (store, cache, change, mode, error))
        goto fail;
      last_seq = MAX (last_seq, change->seq);
    }
  g_clear_pointer (&cache, pd_team_cache_free);  /* every statement done before COMMIT */
  return pd_store_team_end_batch (store, last_seq, error);

fail:
  pd_store_rollback (store);
  return FALSE;
}

gboolean
pd_store_team_end_batch (PdStore  *store,
                         gint64    last_seq,
                         GError  **error)
{
  if (last_seq > 0)
    {
      g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, last_seq);

      if (!pd_sync_state_set (store, PD_TEAM_STATE_LAST_SEQ, last, error))
        goto fail;
    }
  if (!pd_store_commit (store, error))
    goto fail;
  pd_store_emit_change (store, PD_ENTITY_NOTES | PD_ENTITY_PROGRAMS, NULL, PD_CHANGE_ORIGIN_SYNC);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

GPtrArray *
pd_store_team_list_conflicts (PdStore     *store,
                              const char  *object,
                              GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_team_conflict_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT entity, object, field, mine, mine_at, theirs, theirs_by, theirs_at"
                                  " FROM team_conflicts WHERE ?1 IS NULL OR object = ?1"
                                  " ORDER BY object, field", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, object, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdTeamConflict *c = g_new0 (PdTeamConflict, 1);

      c->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      c->object = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      c->field = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      c->mine = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      c->mine_at = sqlite3_column_int64 (stmt, 4);
      c->theirs = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      c->theirs_by = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      c->theirs_at = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the team conflicts"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
pd_store_team_field_author (PdStore     *store,
                            const char  *entity,
                            const char  *object,
                            const char  *field,
                            char       **author_out,
                            gint64      *at_out,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT author, at FROM team_fields WHERE entity = ?1 AND object = ?2"
                                  " AND field = ?3", error);
  if (stmt == NULL)
    return FALSE;
  pd_store_team_bind_field (stmt, entity, object, field);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *author_out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *at_out = sqlite3_column_int64 (stmt, 1);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("reading a team field"));
  return FALSE;
}

PdTeamInvitation *
pd_store_team_find_invitation (PdStore     *store,
                               const char  *seller_id,
                               const char  *program_id,
                               const char  *staff,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PdTeamInvitation *invitation;
  int rc;

  stmt = pd_store_prepare (store,
                           "SELECT token, seller_id, program_id, staff, desktop, created_at"
                           " FROM team_invitations WHERE seller_id = ?1"
                           " AND (?2 IS NULL OR program_id IS ?2) AND staff IS NOT ?3"
                           " ORDER BY created_at DESC, token LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, staff, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        pd_store_set_sql_error (store, error, _("reading the team’s invitations"));
      return NULL;
    }
  invitation = g_new0 (PdTeamInvitation, 1);
  invitation->token = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  invitation->seller_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  invitation->program_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  invitation->staff = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  invitation->desktop = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  invitation->created_at = sqlite3_column_int64 (stmt, 5);
  return invitation;
}

gboolean
pd_store_team_refuse_duplicate (PdStore     *store,
                                const char  *seller_id,
                                const char  *program_id,
                                const char  *staff,
                                GError     **error)
{
  g_autofree char *me = staff != NULL ? g_strdup (staff) : pd_store_dup_staff_name (store);
  g_autoptr(PdTeamInvitation) other = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;

  other = pd_store_team_find_invitation (store, seller_id, program_id, me, &local_error);
  if (other == NULL)
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  when = g_date_time_new_from_unix_local (other->created_at);
  date = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");
  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
               _("Seller %s was already invited to %s by %s on %s (desktop %s); nothing was created."
                 " Confirm to invite the seller again anyway (partnerdesk-cli: --new)"),
               seller_id, program_id != NULL ? program_id : "-", other->staff, date,
               other->desktop != NULL ? other->desktop : "-");
  return FALSE;
}
