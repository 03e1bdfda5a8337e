/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-json-guard.h"
#include "pd-outbox.h"
#include "pd-store-team.h"
#include "pd-safe-text.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"

G_DEFINE_BOXED_TYPE (PdOutboxItem, pd_outbox_item, pd_outbox_item_copy, pd_outbox_item_free)

static const char * const state_names[] = { "pending", "failed", "conflict" };

const char *
pd_outbox_state_to_string (PdOutboxState state)
{
  g_return_val_if_fail (state <= PD_OUTBOX_STATE_CONFLICT, NULL);
  return state_names[state];
}

PdOutboxItem *
pd_outbox_item_copy (const PdOutboxItem *item)
{
  PdOutboxItem *copy = g_memdup2 (item, sizeof *item);

  copy->idempotency_key = g_strdup (item->idempotency_key);
  copy->method = g_strdup (item->method);
  copy->path = g_strdup (item->path);
  copy->body = g_strdup (item->body);
  copy->if_match = g_strdup (item->if_match);
  copy->subject_type = g_strdup (item->subject_type);
  copy->subject_id = g_strdup (item->subject_id);
  copy->last_error = g_strdup (item->last_error);
  copy->conflict_current = g_strdup (item->conflict_current);
  return copy;
}

void
pd_outbox_item_free (PdOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->idempotency_key);
  g_free (item->method);
  g_free (item->path);
  g_free (item->body);
  g_free (item->if_match);
  g_free (item->subject_type);
  g_free (item->subject_id);
  g_free (item->last_error);
  g_free (item->conflict_current);
  g_free (item);
}

static gboolean
require_transaction (PdStore     *store,
                     const char  *what,
                     GError     **error)
{
  if (!sqlite3_get_autocommit (pd_store_get_db (store)))
    return TRUE;
  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
               _("%s: an outbox entry must be written in the transaction of its local change;"
                 " begin one first"), what);
  return FALSE;
}

gboolean
pd_outbox_enqueue (PdStore      *store,
                   const char   *method,
                   const char   *path,
                   const char   *body,
                   const char   *if_match,
                   const char   *subject_type,
                   const char   *subject_id,
                   char        **key_out,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (method != NULL && path != NULL && path[0] == '/', FALSE);
  g_return_val_if_fail (subject_type != NULL && subject_id != NULL, FALSE);

  if (!require_transaction (store, path, error))
    return FALSE;

  /* 122 random bits: unique without coordination, across desktops. */
  key = g_uuid_string_random ();
  stmt = pd_store_prepare (store,
                           "INSERT INTO outbox (idempotency_key, method, path, body, if_match,"
                           "                    subject_type, subject_id, state, attempts, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', 0, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, body != NULL ? body : "", -1, SQLITE_STATIC);
  if (if_match != NULL)
    sqlite3_bind_text (stmt, 5, if_match, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, subject_type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, subject_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time () / G_USEC_PER_SEC);
  if (!pd_store_step_done (store, stmt, _("adding to the outbox"), error))
    return FALSE;

  if (key_out != NULL)
    *key_out = g_steal_pointer (&key);
  return TRUE;
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

gboolean
pd_outbox_enqueue_link_create (PdStore     *store,
                               const char  *token,
                               const char  *market,
                               const char  *seller_id,
                               const char  *program_id,
                               gint64       expires_at,
                               const char  *staff,
                               GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *expires_text = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (token != NULL && market != NULL, FALSE);

  if (expires_at > 0)
    expires_text = pd_timestamp_format (expires_at, NULL);
  json_builder_begin_object (builder);
  add_member (builder, "kind", "onboarding");
  add_member (builder, "token", token);
  add_member (builder, "market", market);
  add_member (builder, "seller_id", seller_id);
  add_member (builder, "program_id", program_id);
  add_member (builder, "expires_at", expires_text);
  add_member (builder, "staff", staff);
  json_builder_end_object (builder);
  body = builder_to_string (builder);

  /* The team hub (when joined) learns who invited the seller. */
  return pd_outbox_enqueue (store, "POST", "/v1/links", body, NULL, "link", token, NULL, error) &&
         pd_store_team_queue_invitation (store, token, seller_id, program_id, error);
}

gboolean
pd_outbox_enqueue_authorization_link_create (PdStore     *store,
                                             const char  *state,
                                             const char  *service_id,
                                             const char  *seller_id,
                                             const char  *market,
                                             int          duration_days,
                                             GError     **error)
{
  return pd_outbox_enqueue_authorization_link_renewal (store, state, service_id, seller_id, market,
                                                       duration_days, NULL, NULL, error);
}

gboolean
pd_outbox_enqueue_authorization_link_renewal (PdStore            *store,
                                              const char         *state,
                                              const char         *service_id,
                                              const char         *seller_id,
                                              const char         *market,
                                              int                 duration_days,
                                              const char * const *shop_ids,
                                              const char         *renewal_of,
                                              GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *body = NULL;

  g_return_val_if_fail (state != NULL && service_id != NULL, FALSE);
  g_return_val_if_fail (duration_days >= 0, FALSE);

  json_builder_begin_object (builder);
  add_member (builder, "service_id", service_id);
  add_member (builder, "seller_id", seller_id);
  json_builder_set_member_name (builder, "duration_days");
  if (duration_days > 0)
    json_builder_add_int_value (builder, duration_days);
  else
    json_builder_add_null_value (builder);
  add_member (builder, "state", state);
  add_member (builder, "market", market);
  if (shop_ids != NULL && shop_ids[0] != NULL)
    {
      json_builder_set_member_name (builder, "shop_ids");
      json_builder_begin_array (builder);
      for (guint i = 0; shop_ids[i] != NULL; i++)
        json_builder_add_string_value (builder, shop_ids[i]);
      json_builder_end_array (builder);
    }
  add_member (builder, "renewal_of", renewal_of);
  json_builder_end_object (builder);
  body = builder_to_string (builder);

  return pd_outbox_enqueue (store, "POST", "/v1/authorization-links", body, NULL, "link", state,
                            NULL, error);
}

gboolean
pd_outbox_enqueue_link_revoke (PdStore     *store,
                               const char  *token,
                               GError     **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (token != NULL, FALSE);

  escaped = g_uri_escape_string (token, NULL, FALSE);
  path = g_strdup_printf ("/v1/links/%s/revoke", escaped);
  return pd_outbox_enqueue (store, "POST", path, NULL, NULL, "link", token, NULL, error);
}

gboolean
pd_outbox_enqueue_seller_request_status (PdStore     *store,
                                         const char  *request_id,
                                         const char  *status,
                                         const char  *note,
                                         gint64       version,
                                         GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *if_match = NULL;

  g_return_val_if_fail (request_id != NULL && status != NULL, FALSE);

  json_builder_begin_object (builder);
  add_member (builder, "status", status);
  add_member (builder, "note", note);
  json_builder_end_object (builder);
  body = builder_to_string (builder);
  escaped = g_uri_escape_string (request_id, NULL, FALSE);
  path = g_strdup_printf ("/v1/seller-requests/%s", escaped);
  if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);

  return pd_outbox_enqueue (store, "PATCH", path, body, if_match, "seller_request", request_id,
                            NULL, error);
}

#define ITEM_COLUMNS \
  "id, idempotency_key, method, path, body, if_match, subject_type, subject_id, state," \
  " attempts, last_error, next_attempt_at, created_at, conflict_current"

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static PdOutboxItem *
read_item (sqlite3_stmt *stmt)
{
  PdOutboxItem *item = g_new0 (PdOutboxItem, 1);
  const char *state = (const char *) sqlite3_column_text (stmt, 8);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->idempotency_key = column_text (stmt, 1);
  item->method = column_text (stmt, 2);
  item->path = column_text (stmt, 3);
  item->body = column_text (stmt, 4);
  item->if_match = column_text (stmt, 5);
  item->subject_type = column_text (stmt, 6);
  item->subject_id = column_text (stmt, 7);
  item->state = PD_OUTBOX_STATE_PENDING;
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (state, state_names[i]) == 0)
      item->state = (PdOutboxState) i;
  item->attempts = sqlite3_column_int64 (stmt, 9);
  item->last_error = column_text (stmt, 10);
  item->next_attempt_at = sqlite3_column_int64 (stmt, 11);
  item->created_at = sqlite3_column_int64 (stmt, 12);
  item->conflict_current = column_text (stmt, 13);
  return item;
}

GPtrArray *
pd_outbox_list (PdStore  *store,
                GError  **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_outbox_item_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  stmt = pd_store_prepare (store, "SELECT " ITEM_COLUMNS " FROM outbox ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read_item (stmt));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the outbox"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

PdOutboxItem *
pd_outbox_next_pending (PdStore  *store,
                        gint64    after_id,
                        GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  stmt = pd_store_prepare (store,
                           "SELECT " ITEM_COLUMNS " FROM outbox"
                           " WHERE id > ?1 AND state = 'pending' ORDER BY id LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_item (stmt);
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("reading the outbox"));
  return NULL;
}

/* One statement on one entry in its own transaction, with an audit
 * record; fails when the entry does not exist. */
static gboolean
update_entry (PdStore     *store,
              gint64       id,
              const char  *sql,
              const char  *action,
              const char  *bind_text,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *subject = g_strdup_printf ("outbox:%" G_GINT64_FORMAT, id);

  if (!pd_store_begin (store, error))
    return FALSE;
  stmt = pd_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (bind_text != NULL)
    sqlite3_bind_text (stmt, 2, bind_text, -1, SQLITE_STATIC);
  if (!pd_store_step_done (store, stmt, action, error))
    goto fail;
  if (sqlite3_changes (pd_store_get_db (store)) == 0)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("There is no outbox entry %" PRId64 " in that state; it may have been"
                     " sent or changed meanwhile"), id);
      goto fail;
    }
  if (!pd_store_audit (store, action, subject, NULL, error) ||
      !pd_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

gboolean
pd_outbox_retry (PdStore  *store,
                 gint64    id,
                 GError  **error)
{
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  return update_entry (store, id,
                       "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL"
                       " WHERE id = ?1 AND state IN ('failed', 'conflict')",
                       "outbox.retry", NULL, error);
}

gboolean
pd_outbox_discard (PdStore  *store,
                   gint64    id,
                   GError  **error)
{
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  return update_entry (store, id, "DELETE FROM outbox WHERE id = ?1", "outbox.discard", NULL, error);
}

gboolean
pd_outbox_rebase (PdStore  *store,
                  gint64    id,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *current = NULL;
  g_autofree char *if_match = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  JsonNode *version;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  stmt = pd_store_prepare (store, "SELECT conflict_current FROM outbox WHERE id = ?1 AND state = 'conflict'",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    current = column_text (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (current == NULL || (root = pd_json_guard_parse (current, -1, "outbox.conflict_current", NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root) ||
      (version = json_object_get_member (json_node_get_object (root), "version")) == NULL ||
      !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Outbox entry %" PRId64 " is not a conflict with a known platform"
                     " version; retry or discard it instead"), id);
      return FALSE;
    }

  if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", json_node_get_int (version));
  /* A new key: the platform must see a new request, not a replay. */
  sql = g_strdup_printf ("UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL,"
                         " last_error = NULL, conflict_current = NULL, if_match = ?2,"
                         " idempotency_key = '%s' WHERE id = ?1 AND state = 'conflict'", key);
  return update_entry (store, id, sql, "outbox.rebase", if_match, error);
}

gboolean
pd_outbox_count_pending (PdStore  *store,
                         guint    *count_out,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (count_out != NULL, FALSE);

  stmt = pd_store_prepare (store, "SELECT count(*) FROM outbox WHERE state = 'pending'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("reading the outbox"));
      return FALSE;
    }
  *count_out = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
pd_outbox_remove_sent (PdStore  *store,
                       gint64    id,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!require_transaction (store, "outbox", error))
    return FALSE;
  stmt = pd_store_prepare (store, "DELETE FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return pd_store_step_done (store, stmt, _("removing a sent outbox entry"), error);
}

gboolean
pd_outbox_record_failure (PdStore        *store,
                          gint64          id,
                          PdOutboxState   state,
                          const char     *last_error,
                          gint64          next_attempt_at,
                          const char     *conflict_current,
                          GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* It may quote the platform: stored printable (pd-safe-text.h). */
  g_autofree char *safe_error = last_error != NULL ? pd_safe_text_dup (last_error, -1, 0, PD_SAFE_TEXT_DEFAULT) : NULL;

  if (!require_transaction (store, "outbox", error))
    return FALSE;
  stmt = pd_store_prepare (store,
                           "UPDATE outbox SET state = ?2, attempts = attempts + 1, last_error = ?3,"
                           " next_attempt_at = ?4, conflict_current = ?5 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, pd_outbox_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, safe_error, -1, SQLITE_STATIC);
  if (next_attempt_at > 0)
    sqlite3_bind_int64 (stmt, 4, next_attempt_at);
  if (conflict_current != NULL)
    sqlite3_bind_text (stmt, 5, conflict_current, -1, SQLITE_STATIC);
  return pd_store_step_done (store, stmt, _("recording an outbox failure"), error);
}

gboolean
pd_outbox_record_failure_alone (PdStore        *store,
                                gint64          id,
                                PdOutboxState   state,
                                const char     *last_error,
                                gint64          next_attempt_at,
                                const char     *conflict_current,
                                GError        **error)
{
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (!pd_store_begin (store, error) ||
      !pd_outbox_record_failure (store, id, state, last_error, next_attempt_at, conflict_current, error) ||
      !pd_store_commit (store, error))
    {
      pd_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}
