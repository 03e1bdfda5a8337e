/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-store-team.h"
#include "pd-team-db.h"
#include "pd-team-hub-private.h"
#include "pd-team-password.h"
#include "pd-team-schema.h"
#include "pd-team-sync.h"

struct _PdTeamHub
{
  GObject  parent_instance;

  PdStore *store;
  char    *password;   /* set by the caller, or NULL */
};

G_DEFINE_FINAL_TYPE (PdTeamHub, pd_team_hub, G_TYPE_OBJECT)

static void
pd_team_hub_finalize (GObject *object)
{
  PdTeamHub *self = PD_TEAM_HUB (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->password, pd_team_password_free);
  G_OBJECT_CLASS (pd_team_hub_parent_class)->finalize (object);
}

static void
pd_team_hub_class_init (PdTeamHubClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_team_hub_finalize;
}

static void
pd_team_hub_init (PdTeamHub *self)
{
}

PdTeamHub *
pd_team_hub_new (PdStore *store)
{
  PdTeamHub *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_TEAM_HUB, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
pd_team_hub_set_password (PdTeamHub  *self,
                          const char *password)
{
  g_return_if_fail (PD_IS_TEAM_HUB (self));

  g_clear_pointer (&self->password, pd_team_password_free);
  self->password = g_strdup (password);
}

void
pd_team_status_clear (PdTeamStatus *status)
{
  pd_team_state_clear (&status->state);
  g_clear_pointer (&status->connect_error, g_free);
  g_clear_pointer (&status->conflicts, g_ptr_array_unref);
  g_clear_pointer (&status->refused, g_ptr_array_unref);
}

static gboolean check_joined (const PdTeamState *state, GError **error);
static PGconn *connect_to (PdTeamHub *self, const char *url, GError **error);

PGconn *
pd_team_hub_connect (PdTeamHub   *self,
                     const char  *url,
                     GError     **error)
{
  g_auto(PdTeamState) state = { 0 };

  g_return_val_if_fail (PD_IS_TEAM_HUB (self), NULL);

  if (url == NULL)
    {
      if (!pd_store_team_get_state (self->store, &state, error) || !check_joined (&state, error))
        return NULL;
      url = state.url;
    }
  return connect_to (self, url, error);
}

static PGconn *
connect_to (PdTeamHub   *self,
            const char  *url,
            GError     **error)
{
  char *password = self->password != NULL ? g_strdup (self->password) : pd_team_password_lookup (url);
  PGconn *conn = pd_team_db_connect (url, password, error);

  pd_team_password_free (password);
  return conn;
}

gboolean
pd_team_hub_init_sync (PdTeamHub   *self,
                       const char  *url,
                       guint       *from_out,
                       guint       *to_out,
                       GError     **error)
{
  g_autoptr(PGconn) conn = NULL;

  g_return_val_if_fail (PD_IS_TEAM_HUB (self), FALSE);

  conn = connect_to (self, url, error);
  return conn != NULL && pd_team_schema_migrate (conn, from_out, to_out, error);
}

/* Whether the connection's role is staff of the team; a refusal in
 * words otherwise. */
static gboolean
check_staff_role (PGconn  *conn,
                  GError **error)
{
  g_autoptr(PGresult) res = pd_team_db_query (conn, "SELECT current_user,"
                                                    " pg_has_role (current_user, 'team_staff', 'MEMBER')",
                                              0, NULL, _("checking the staff role"), error);

  if (res == NULL)
    return FALSE;
  if (g_str_equal (PQgetvalue (res, 0, 1), "t"))
    return TRUE;
  g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_REFUSED,
               _("The hub’s account %s is not staff of the team: whoever runs the hub makes it a"
                 " member of team_staff (GRANT team_staff TO %s), or of team_lead for a team lead"),
               PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 0));
  return FALSE;
}

static char *
new_desktop_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  uuid[8] = '\0';
  return g_strdup_printf ("%s-%s", g_get_host_name (), uuid);
}

gboolean
pd_team_hub_join_sync (PdTeamHub   *self,
                       const char  *url,
                       const char  *staff,
                       GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *name = NULL;
  g_auto(PdTeamState) state = { 0 };
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PD_IS_TEAM_HUB (self), FALSE);

  name = g_strstrip (g_strdup (staff != NULL ? staff : ""));
  if (*name == '\0' || g_utf8_strlen (name, -1) > 100 || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_INVALID_URL,
                   _("The staff name must be 1 to 100 characters, such as Li Wei"));
      return FALSE;
    }
  if (!pd_team_db_check_url (url, &normalized, NULL, error) ||
      !pd_store_team_get_state (self->store, &state, error) ||
      (conn = connect_to (self, normalized, error)) == NULL ||
      !pd_team_schema_check (conn, NULL, error) ||
      !check_staff_role (conn, error))
    return FALSE;

  desktop = g_strcmp0 (state.url, normalized) == 0 && state.desktop != NULL ? g_strdup (state.desktop)
                                                                           : new_desktop_id ();
  {
    const char *params[] = { name, desktop };

    res = pd_team_db_query (conn,
                            "WITH s AS (INSERT INTO partnerdesk.staff (name) VALUES ($1)"
                            "  ON CONFLICT (role) DO UPDATE SET name = excluded.name RETURNING 1)"
                            " INSERT INTO partnerdesk.desktops (id, staff) VALUES ($2, $1)"
                            "  ON CONFLICT (id) DO UPDATE SET staff = excluded.staff, last_seen_at = now ()",
                            G_N_ELEMENTS (params), params, _("joining the team"), &local_error);
  }
  if (res == NULL)
    {
      if (g_error_matches (local_error, PD_TEAM_ERROR, PD_TEAM_ERROR_FAILED) &&
          strstr (local_error->message, "staff_name_key") != NULL)
        g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_REFUSED,
                     _("Another account of the team is already called %s; choose another staff"
                       " name (--staff NAME)"), name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* The staff name first: the join's audit record credits it. */
  return pd_store_set_setting (self->store, "staff_name", name, error) &&
         pd_store_team_join (self->store, normalized, name, desktop, error);
}

gboolean
pd_team_hub_save_password (PdTeamHub  *self,
                           GError    **error)
{
  g_auto(PdTeamState) state = { 0 };

  g_return_val_if_fail (PD_IS_TEAM_HUB (self), FALSE);

  /* Under the address the store keeps (normalized by the join). */
  return pd_store_team_get_state (self->store, &state, error) && check_joined (&state, error) &&
         pd_team_password_store (state.url, self->password, error);
}

static gboolean
read_hub (PdTeamHub     *self,
          PdTeamStatus  *out,
          GError       **error)
{
  g_autoptr(PGconn) conn = connect_to (self, out->state.url, error);
  g_autoptr(PGresult) res = NULL;

  if (conn == NULL || !pd_team_schema_check (conn, &out->schema_version, error))
    return FALSE;
  res = pd_team_db_query (conn, "SELECT coalesce (max (seq), 0) FROM partnerdesk.changes", 0, NULL,
                          _("reading the team’s last change"), error);
  if (res == NULL)
    return FALSE;
  out->hub_seq = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  return TRUE;
}

gboolean
pd_team_hub_status_sync (PdTeamHub     *self,
                         PdTeamStatus  *out,
                         GError       **error)
{
  g_autoptr(GError) hub_error = NULL;

  g_return_val_if_fail (PD_IS_TEAM_HUB (self), FALSE);

  memset (out, 0, sizeof *out);
  out->hub_seq = -1;
  if (!pd_store_team_get_state (self->store, &out->state, error) ||
      !pd_store_team_count_outbox (self->store, &out->pending, &out->failed, error) ||
      (out->conflicts = pd_store_team_list_conflicts (self->store, NULL, error)) == NULL ||
      (out->refused = pd_store_team_list_failed (self->store, error)) == NULL)
    {
      pd_team_status_clear (out);
      return FALSE;
    }
  if (out->state.url == NULL)
    return TRUE;
  out->connected = read_hub (self, out, &hub_error);
  if (!out->connected)
    {
      out->hub_seq = -1;
      out->connect_error = g_strdup (hub_error->message);
    }
  return TRUE;
}

gboolean
pd_team_hub_sync_sync (PdTeamHub         *self,
                       PdTeamSyncResult  *result_out,
                       GCancellable      *cancellable,
                       GError           **error)
{
  g_auto(PdTeamState) state = { 0 };
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) local_error = NULL;
  PdTeamSyncResult result = { 0 };
  gboolean ok;

  g_return_val_if_fail (PD_IS_TEAM_HUB (self), FALSE);

  if (!pd_store_team_get_state (self->store, &state, error))
    return FALSE;
  if (!check_joined (&state, error))
    return FALSE;
  result.last_seq = state.last_seq;
  ok = (conn = connect_to (self, state.url, &local_error)) != NULL &&
       pd_team_schema_check (conn, NULL, &local_error) &&
       pd_team_push (conn, self->store, state.desktop, &result, cancellable, &local_error) &&
       pd_team_pull (conn, self->store, &result, cancellable, &local_error);
  /* The result is the store's to show; failing to record it hides nothing worse. */
  if (!pd_store_team_set_result (self->store, ok ? "ok" : local_error->message, NULL))
    g_debug ("Cannot record the team sync's result");
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (result_out != NULL)
    *result_out = result;
  return TRUE;
}

static gboolean
check_joined (const PdTeamState  *state,
              GError            **error)
{
  if (state->url != NULL)
    return TRUE;
  g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_NOT_JOINED,
               _("This store has joined no team hub: run “partnerdesk-cli team join URL --staff"
                 " NAME” first"));
  return FALSE;
}

PdTeamWatch *
pd_team_hub_new_watch (PdTeamHub  *self,
                       GError    **error)
{
  g_auto(PdTeamState) state = { 0 };

  g_return_val_if_fail (PD_IS_TEAM_HUB (self), NULL);

  if (!pd_store_team_get_state (self->store, &state, error) || !check_joined (&state, error))
    return NULL;
  /* Without a password set, the watch reads the keyring in its worker. */
  return pd_team_watch_new (state.url, self->password);
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PdTeamHub *self = source_object;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdTeamHub) worker = NULL;
  PdTeamSyncResult *result = g_new0 (PdTeamSyncResult, 1);
  GError *error = NULL;

  /* A connection of this thread's own, on the same file. */
  store = pd_store_open (pd_store_get_path (self->store), &error);
  if (store != NULL)
    {
      worker = pd_team_hub_new (store);
      pd_team_hub_set_password (worker, self->password);
    }
  if (store == NULL || !pd_team_hub_sync_sync (worker, result, cancellable, &error))
    {
      g_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, g_free);
}

void
pd_team_hub_sync_async (PdTeamHub           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_TEAM_HUB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_team_hub_sync_async);
  g_task_run_in_thread (task, sync_thread);
}

gboolean
pd_team_hub_sync_finish (PdTeamHub         *self,
                         GAsyncResult      *result,
                         PdTeamSyncResult  *result_out,
                         GError           **error)
{
  g_autofree PdTeamSyncResult *value = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;
  /* The worker wrote through its own connection: announced here, in the
   * caller's context, on the caller's store. */
  if (value->pulled + value->conflicts + value->refused > 0)
    pd_store_emit_change (self->store, PD_ENTITY_NOTES | PD_ENTITY_PROGRAMS, NULL,
                          PD_CHANGE_ORIGIN_SYNC);
  if (result_out != NULL)
    *result_out = *value;
  return TRUE;
}
