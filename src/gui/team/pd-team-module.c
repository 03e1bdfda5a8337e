/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team-module"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "pd-module.h"
#include "pd-store-team-app.h"
#include "pd-team-app-api.h"
#include "pd-team-module.h"

/* The app's side of the team module (pd-team-module.h): its entry
 * points, resolved once, on first use, from any thread. */

typedef struct
{
  GType         (*hub_get_type)        (void);
  PdTeamHub    *(*hub_new)             (PdStore *);
  PdTeamWatch  *(*hub_new_watch)       (PdTeamHub *, GError **);
  void          (*hub_sync_async)      (PdTeamHub *, GCancellable *, GAsyncReadyCallback, gpointer);
  gboolean      (*hub_sync_finish)     (PdTeamHub *, GAsyncResult *, PdTeamSyncResult *, GError **);
  void          (*status_clear)        (PdTeamStatus *);
  gboolean      (*watch_get_connected) (PdTeamWatch *);
  const char   *(*watch_get_error)     (PdTeamWatch *);
  void          (*join_async)          (PdStore *, const char *, const char *, const char *,
                                        GCancellable *, GAsyncReadyCallback, gpointer);
  gboolean      (*join_finish)         (PdStore *, GAsyncResult *, char **, GError **);
  void          (*status_async)        (PdStore *, GCancellable *, GAsyncReadyCallback, gpointer);
  gboolean      (*status_finish)       (PdStore *, GAsyncResult *, PdTeamStatus *, GError **);
  gboolean      (*leave)               (PdStore *, GError **);
  void          (*leave_async)         (PdStore *, GCancellable *, GAsyncReadyCallback, gpointer);
  gboolean      (*leave_finish)        (PdStore *, GAsyncResult *, GError **);
} Team;

#define ENTRY(field, symbol) PD_MODULE_ENTRY (Team, field, symbol)

static const PdModuleEntry entries[] = {
  ENTRY (hub_get_type, pd_team_hub_get_type),
  ENTRY (hub_new, pd_team_hub_new),
  ENTRY (hub_new_watch, pd_team_hub_new_watch),
  ENTRY (hub_sync_async, pd_team_hub_sync_async),
  ENTRY (hub_sync_finish, pd_team_hub_sync_finish),
  ENTRY (status_clear, pd_team_status_clear),
  ENTRY (watch_get_connected, pd_team_watch_get_connected),
  ENTRY (watch_get_error, pd_team_watch_get_error),
  ENTRY (join_async, pd_team_app_join_async),
  ENTRY (join_finish, pd_team_app_join_finish),
  ENTRY (status_async, pd_team_app_status_async),
  ENTRY (status_finish, pd_team_app_status_finish),
  ENTRY (leave, pd_team_app_leave),
  ENTRY (leave_async, pd_team_app_leave_async),
  ENTRY (leave_finish, pd_team_app_leave_finish),
};

/* What the module calls back (pd-team-module.dynamic-list): linked into
 * every program that can load it, whatever else that program uses. */
static gpointer const callbacks[] G_GNUC_UNUSED __attribute__ ((used)) = {
  pd_store_emit_change, pd_store_get_path, pd_store_get_type, pd_store_open, pd_store_set_setting,
  pd_store_team_apply_changes, pd_store_team_apply_snapshot, pd_store_team_count_outbox,
  pd_store_team_get_state, pd_store_team_join, pd_store_team_leave, pd_store_team_list_conflicts,
  pd_store_team_list_failed, pd_store_team_next_pending, pd_store_team_push_done,
  pd_store_team_push_failed, pd_store_team_set_result, pd_store_team_snapshot_done,
  pd_team_change_free, pd_team_outbox_item_free, pd_team_state_clear,
};

static Team team;
static PdModule module = PD_MODULE_INIT ("pdteamhub", entries, team);

gboolean
pd_team_module_load (GError **error)
{
  const char *why;

  if (pd_module_load (&module, &why))
    return TRUE;
  /* Translators: %s is the system's reason, such as a missing file. */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("The team hub cannot be used: the team module of this installation cannot be loaded (%s)"),
               why);
  return FALSE;
}

gboolean
pd_team_module_is_loaded (void)
{
  return pd_module_is_loaded (&module);
}

/* A hub, its watch and its status exist only once the module is loaded. */
GType
pd_team_hub_get_type (void)
{
  return pd_team_module_is_loaded () ? team.hub_get_type () : G_TYPE_INVALID;
}

PdTeamHub *
pd_team_hub_new (PdStore *store)
{
  return pd_team_module_load (NULL) ? team.hub_new (store) : NULL;
}

PdTeamWatch *
pd_team_hub_new_watch (PdTeamHub  *self,
                       GError    **error)
{
  return team.hub_new_watch (self, error);
}

void
pd_team_hub_sync_async (PdTeamHub           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  team.hub_sync_async (self, cancellable, callback, user_data);
}

gboolean
pd_team_hub_sync_finish (PdTeamHub         *self,
                         GAsyncResult      *result,
                         PdTeamSyncResult  *result_out,
                         GError           **error)
{
  return team.hub_sync_finish (self, result, result_out, error);
}

/* A status that the module could not fill holds nothing. */
void
pd_team_status_clear (PdTeamStatus *status)
{
  if (pd_team_module_is_loaded ())
    team.status_clear (status);
}

gboolean
pd_team_watch_get_connected (PdTeamWatch *self)
{
  return team.watch_get_connected (self);
}

const char *
pd_team_watch_get_error (PdTeamWatch *self)
{
  return team.watch_get_error (self);
}

/* Without the module, the async calls report why (and their finish
 * functions return it). */
static gboolean
load_or_report (PdStore             *store,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GError *error = NULL;

  if (pd_team_module_load (&error))
    return TRUE;
  pd_module_report (store, callback, user_data, error);
  return FALSE;
}

void
pd_team_app_join_async (PdStore             *store,
                        const char          *url,
                        const char          *staff,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  if (load_or_report (store, callback, user_data))
    team.join_async (store, url, staff, password, cancellable, callback, user_data);
}

gboolean
pd_team_app_join_finish (PdStore       *store,
                         GAsyncResult  *result,
                         char         **warning_out,
                         GError       **error)
{
  if (warning_out != NULL)
    *warning_out = NULL;
  if (pd_module_is_report (result))
    return g_task_propagate_boolean (G_TASK (result), error);
  return team.join_finish (store, result, warning_out, error);
}

void
pd_team_app_status_async (PdStore             *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  if (load_or_report (store, callback, user_data))
    team.status_async (store, cancellable, callback, user_data);
}

gboolean
pd_team_app_status_finish (PdStore       *store,
                           GAsyncResult  *result,
                           PdTeamStatus  *out,
                           GError       **error)
{
  if (pd_module_is_report (result))
    return g_task_propagate_boolean (G_TASK (result), error);
  return team.status_finish (store, result, out, error);
}

gboolean
pd_team_app_leave (PdStore  *store,
                   GError  **error)
{
  return pd_team_module_load (error) && team.leave (store, error);
}

void
pd_team_app_leave_async (PdStore             *store,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  if (load_or_report (store, callback, user_data))
    team.leave_async (store, cancellable, callback, user_data);
}

gboolean
pd_team_app_leave_finish (PdStore       *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  if (pd_module_is_report (result))
    return g_task_propagate_boolean (G_TASK (result), error);
  return team.leave_finish (store, result, error);
}
