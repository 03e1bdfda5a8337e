/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-merchant-notes.h"
#include "pd-store-private.h"
#include "pd-store-team.h"

void
pd_merchant_notes_clear (PdMerchantNotes *notes)
{
  g_clear_pointer (&notes->notes, g_free);
  g_clear_pointer (&notes->tags, g_free);
  g_clear_pointer (&notes->assignee, g_free);
  notes->updated_at = 0;
}

gboolean
pd_merchant_notes_get (PdStore          *store,
                       const char       *seller_id,
                       PdMerchantNotes  *out,
                       GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (seller_id != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  stmt = pd_store_prepare (store,
                           "SELECT notes, tags, assignee, updated_at FROM merchant_notes WHERE seller_id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, seller_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *assignee = (const char *) sqlite3_column_text (stmt, 2);

      out->notes = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      out->tags = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      out->assignee = assignee != NULL && *assignee != '\0' ? g_strdup (assignee) : NULL;
      out->updated_at = sqlite3_column_int64 (stmt, 3);
    }
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a merchant’s notes"));
      return FALSE;
    }
  if (out->notes == NULL)
    out->notes = g_strdup ("");
  if (out->tags == NULL)
    out->tags = g_strdup ("");
  return TRUE;
}

static char *
audit_details (const char *notes,
               const char *tags,
               const char *assignee)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (notes != NULL)
    {
      json_builder_set_member_name (builder, "notes");
      json_builder_add_string_value (builder, notes);
    }
  if (tags != NULL)
    {
      json_builder_set_member_name (builder, "tags");
      json_builder_add_string_value (builder, tags);
    }
  json_builder_set_member_name (builder, "assignee");
  if (assignee != NULL && *assignee != '\0')
    json_builder_add_string_value (builder, assignee);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Writes the row, its audit record and, when this store joined a team
 * hub, the changed fields' team outbox entries; the caller holds the
 * transaction. @old: the row as it was. */
static gboolean
write_notes (PdStore                *store,
             const PdMerchantNotes  *old,
             const char  *seller_id,
             const char  *notes,
             const char  *tags,
             const char  *assignee,
             const char  *action,
             const char  *details,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *subject = g_strconcat ("seller:", seller_id, NULL);

  stmt = pd_store_prepare (store,
                           "INSERT INTO merchant_notes (seller_id, notes, tags, assignee, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)"
                           " ON CONFLICT (seller_id) DO UPDATE SET notes = excluded.notes,"
                           "  tags = excluded.tags, assignee = excluded.assignee,"
                           "  updated_at = excluded.updated_at",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, notes != NULL ? notes : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, tags != NULL ? tags : "", -1, SQLITE_STATIC);
  if (assignee != NULL && *assignee != '\0')
    sqlite3_bind_text (stmt, 4, assignee, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("saving a merchant’s notes"));
      return FALSE;
    }
  return pd_store_audit (store, action, subject, details, error) &&
         pd_store_team_queue_merchant (store, seller_id, old, notes, tags, assignee, error);
}

gboolean
pd_merchant_notes_save (PdStore     *store,
                        const char  *seller_id,
                        const char  *notes,
                        const char  *tags,
                        const char  *assignee,
                        GError     **error)
{
  g_auto(PdMerchantNotes) old = { 0 };
  g_autofree char *details = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (seller_id != NULL && *seller_id != '\0', FALSE);

  if (assignee != NULL && *assignee == '\0')
    assignee = NULL;
  if (!pd_store_begin (store, error))
    return FALSE;
  if (!pd_merchant_notes_get (store, seller_id, &old, error))
    goto fail;
  if (g_strcmp0 (old.notes, notes != NULL ? notes : "") == 0 &&
      g_strcmp0 (old.tags, tags != NULL ? tags : "") == 0 &&
      g_strcmp0 (old.assignee, assignee) == 0)
    {
      pd_store_rollback (store);
      return TRUE;
    }
  details = audit_details (notes != NULL ? notes : "", tags != NULL ? tags : "", assignee);
  if (!write_notes (store, &old, seller_id, notes, tags, assignee, "merchant.notes", details, error) ||
      !pd_store_commit (store, error))
    goto fail;
  pd_store_emit_change (store, PD_ENTITY_NOTES, (const char * const[]) { seller_id, NULL },
                        PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

gboolean
pd_merchant_notes_append (PdStore             *store,
                          const char * const  *seller_ids,
                          const char          *note,
                          gint64               now,
                          GError             **error)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (now);
  g_autofree char *date = g_date_time_format (when, "%Y-%m-%d");
  g_autofree char *line = NULL;
  g_autofree char *who = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (note != NULL ? note : ""));

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (seller_ids != NULL, FALSE);

  if (*trimmed == '\0')
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("The note is empty; type what to remember about the merchant"));
      return FALSE;
    }
  who = pd_store_dup_staff_name (store);
  line = g_strdup_printf ("%s %s: %s", date, who, trimmed);

  if (!pd_store_begin (store, error))
    return FALSE;
  for (guint i = 0; seller_ids[i] != NULL; i++)
    {
      g_auto(PdMerchantNotes) old = { 0 };
      g_autofree char *notes = NULL;
      g_autofree char *details = NULL;

      if (!pd_merchant_notes_get (store, seller_ids[i], &old, error))
        goto fail;
      notes = *old.notes != '\0' ? g_strconcat (old.notes, "\n", line, NULL) : g_strdup (line);
      details = audit_details (line, NULL, old.assignee);
      if (!write_notes (store, &old, seller_ids[i], notes, old.tags, old.assignee, "merchant.note", details, error))
        goto fail;
    }
  if (!pd_store_commit (store, error))
    return FALSE;
  pd_store_emit_change (store, PD_ENTITY_NOTES, seller_ids, PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

gboolean
pd_merchant_notes_assign (PdStore             *store,
                          const char * const  *seller_ids,
                          const char          *assignee,
                          GError             **error)
{
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (seller_ids != NULL, FALSE);

  if (assignee != NULL && *assignee == '\0')
    assignee = NULL;
  if (!pd_store_begin (store, error))
    return FALSE;
  for (guint i = 0; seller_ids[i] != NULL; i++)
    {
      g_auto(PdMerchantNotes) old = { 0 };
      g_autofree char *details = NULL;

      if (!pd_merchant_notes_get (store, seller_ids[i], &old, error))
        goto fail;
      if (g_strcmp0 (old.assignee, assignee) == 0)
        continue;
      details = audit_details (NULL, NULL, assignee);
      if (!write_notes (store, &old, seller_ids[i], old.notes, old.tags, assignee, "merchant.assign", details, error))
        goto fail;
    }
  if (!pd_store_commit (store, error))
    return FALSE;
  pd_store_emit_change (store, PD_ENTITY_NOTES, seller_ids, PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

GPtrArray *
pd_merchant_list_staff (PdStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  /* links has no index on staff: a distinct scan, fine next to a dialog
   * opening; the list is short. */
  stmt = pd_store_prepare (store,
                           "SELECT assignee FROM merchant_notes WHERE assignee IS NOT NULL AND assignee != ''"
                           " UNION SELECT staff FROM links WHERE staff IS NOT NULL AND staff != ''"
                           " ORDER BY 1",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (staff, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("listing staff"));
      return NULL;
    }
  return g_steal_pointer (&staff);
}
