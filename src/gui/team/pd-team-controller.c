/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team-controller"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-store-change.h"
#include "pd-store-team.h"
#include "pd-team-app-api.h"
#include "pd-team-controller.h"
#include "pd-team-error.h"
#include "pd-team-hub.h"
#include "pd-team-module.h"

/* A burst of typing is one push. */
#define EDIT_DEBOUNCE_MS 400
/* Without a watch (or a missed notification), pull every few minutes. */
#define INTERVAL_SECONDS 180

struct _PdTeamController
{
  GObject       parent_instance;

  PdStore      *store;
  PdTeamHub    *hub;
  PdTeamWatch  *watch;
  GCancellable *cancellable;
  char         *url;          /* the hub joined, NULL: none */

  gboolean      running;
  gboolean      again;        /* a sync was asked for during the run */
  guint         debounce_id;
  guint         interval_id;

  PdTeamView    view;
  gboolean      offline;
  char         *message;
  guint         pending;
  guint         refused;
  guint         conflicts;
  gint64        synced_at;
};

G_DEFINE_FINAL_TYPE (PdTeamController, pd_team_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_PENDING,
  PROP_CONFLICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_view (PdTeamController *self)
{
  PdTeamView view;

  if (self->url == NULL)
    view = PD_TEAM_VIEW_NOT_JOINED;
  else if (self->running && self->synced_at == 0 && self->message == NULL)
    view = PD_TEAM_VIEW_SYNCING;
  else if (self->conflicts > 0)
    view = PD_TEAM_VIEW_CONFLICT;
  else if (self->offline && self->pending == 0)
    view = PD_TEAM_VIEW_OFFLINE;
  else if (self->pending > 0)
    view = PD_TEAM_VIEW_WAITING;
  else if (self->message != NULL && !self->offline)
    view = PD_TEAM_VIEW_FAILED;
  else
    view = PD_TEAM_VIEW_UP_TO_DATE;
  if (view == self->view)
    return;
  self->view = view;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* The outbox and conflicts as the store has them now (a local read). */
static void
recount (PdTeamController *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  guint pending = 0, refused = 0;

  if (self->url != NULL)
    {
      if (!pd_store_team_count_outbox (self->store, &pending, &refused, &error) ||
          (conflicts = pd_store_team_list_conflicts (self->store, NULL, &error)) == NULL)
        g_warning ("Cannot read the team outbox: %s", error->message);
    }
  self->refused = refused;
  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if ((conflicts != NULL ? conflicts->len : 0) != self->conflicts)
    {
      self->conflicts = conflicts != NULL ? conflicts->len : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
    }
  set_view (self);
}

static void run_sync (PdTeamController *self);

static void
on_sync_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdTeamController) self = user_data;
  g_autoptr(GError) error = NULL;
  PdTeamSyncResult sync = { 0 };

  if (!pd_team_hub_sync_finish (PD_TEAM_HUB (source), result, &sync, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->running = FALSE;
  g_clear_pointer (&self->message, g_free);
  self->offline = FALSE;
  if (error != NULL)
    {
      self->offline = g_error_matches (error, PD_TEAM_ERROR, PD_TEAM_ERROR_CONNECT) ||
                      g_error_matches (error, PD_TEAM_ERROR, PD_TEAM_ERROR_BUSY);
      self->message = pd_team_error_to_text (error);
      g_debug ("Team sync failed: %s", error->message);
    }
  else
    {
      self->synced_at = g_get_real_time () / G_USEC_PER_SEC;
      g_debug ("Team sync: %u pushed, %u pulled, %u conflicts, %u refused",
               sync.pushed, sync.pulled, sync.conflicts, sync.refused);
    }
  recount (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  if (self->again)
    run_sync (self);
}

static void
run_sync (PdTeamController *self)
{
  if (self->hub == NULL)
    return;
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  self->again = FALSE;
  self->running = TRUE;
  set_view (self);
  pd_team_hub_sync_async (self->hub, self->cancellable, on_sync_done_cb, g_object_ref (self));
}

static gboolean
on_debounce_cb (gpointer user_data)
{
  PdTeamController *self = user_data;

  self->debounce_id = 0;
  run_sync (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_interval_cb (gpointer user_data)
{
  run_sync (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_watch_changed_cb (PdTeamWatch      *watch,
                     gint64            seq,
                     PdTeamController *self)
{
  run_sync (self);
}

/* The watch lost the hub: offline now, not at the next sync. Back, it
 * emits ::changed and the sync that follows says how things stand. */
static void
on_watch_connected_cb (PdTeamWatch      *watch,
                       GParamSpec       *pspec,
                       PdTeamController *self)
{
  if (pd_team_watch_get_connected (watch) || self->running)
    return;
  self->offline = TRUE;
  g_clear_pointer (&self->message, g_free);
  self->message = pd_team_message_to_text (pd_team_watch_get_error (watch));
  if (self->message == NULL)
    self->message = pd_team_message_to_text ("Connection refused");
  set_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     PdTeamController    *self)
{
  if (self->url == NULL)
    {
      /* Another process (the CLI) may have joined. */
      if (change->origin == PD_CHANGE_ORIGIN_OTHER_PROCESS || pd_store_change_has (change, PD_ENTITY_SETTINGS))
        pd_team_controller_start (self);
      return;
    }
  if (!pd_store_change_has (change, PD_ENTITY_NOTES | PD_ENTITY_LINKS | PD_ENTITY_PROGRAMS | PD_ENTITY_SETTINGS))
    return;
  recount (self);
  /* This desktop's own edits go to the hub; the sync's own commits
   * (another connection, seen as another process's) must not loop: from
   * another process (the CLI on this store), only edits left waiting
   * while the hub answers. */
  if (self->hub == NULL)
    return;
  if (change->origin != PD_CHANGE_ORIGIN_WINDOW &&
      (self->pending == 0 || self->running || self->message != NULL || self->offline))
    return;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (EDIT_DEBOUNCE_MS, on_debounce_cb, self);
}

void
pd_team_controller_stop (PdTeamController *self)
{
  g_return_if_fail (PD_IS_TEAM_CONTROLLER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->running = FALSE;
  self->again = FALSE;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->interval_id, g_source_remove);
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
  g_clear_object (&self->hub);
}

void
pd_team_controller_start (PdTeamController *self)
{
  g_auto(PdTeamState) state = { 0 };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PD_IS_TEAM_CONTROLLER (self));

  if (!pd_store_team_get_state (self->store, &state, &error))
    {
      g_warning ("Cannot read the team state: %s", error->message);
      return;
    }
  if (g_strcmp0 (state.url, self->url) == 0 && (self->hub != NULL) == (state.url != NULL))
    {
      recount (self);
      return;
    }
  pd_team_controller_stop (self);
  g_free (self->url);
  self->url = g_steal_pointer (&state.url);
  g_clear_pointer (&self->message, g_free);
  self->offline = FALSE;
  self->synced_at = 0;
  recount (self);
  if (self->url == NULL)
    return;

  /* libpq and the hub's code (pd-team-module.h), now that there is a hub. */
  if (!pd_team_module_load (&error))
    {
      self->message = g_strdup (error->message);
      set_view (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->hub = pd_team_hub_new (self->store);
  self->watch = pd_team_hub_new_watch (self->hub, &error);
  if (self->watch != NULL)
    {
      g_signal_connect (self->watch, "changed", G_CALLBACK (on_watch_changed_cb), self);
      g_signal_connect (self->watch, "notify::connected", G_CALLBACK (on_watch_connected_cb), self);
    }
  else
    g_warning ("Cannot watch the team hub: %s", error->message);
  self->interval_id = g_timeout_add_seconds (INTERVAL_SECONDS, on_interval_cb, self);
  run_sync (self);
}

void
pd_team_controller_sync (PdTeamController *self)
{
  g_return_if_fail (PD_IS_TEAM_CONTROLLER (self));

  run_sync (self);
}

PdTeamView
pd_team_controller_get_view (PdTeamController *self)
{
  g_return_val_if_fail (PD_IS_TEAM_CONTROLLER (self), PD_TEAM_VIEW_NOT_JOINED);
  return self->view;
}

guint
pd_team_controller_get_pending (PdTeamController *self)
{
  g_return_val_if_fail (PD_IS_TEAM_CONTROLLER (self), 0);
  return self->pending;
}

guint
pd_team_controller_get_conflicts (PdTeamController *self)
{
  g_return_val_if_fail (PD_IS_TEAM_CONTROLLER (self), 0);
  return self->conflicts;
}

guint
pd_team_controller_get_refused (PdTeamController *self)
{
  g_return_val_if_fail (PD_IS_TEAM_CONTROLLER (self), 0);
  return self->refused;
}

PdStore *
pd_team_controller_get_store (PdTeamController *self)
{
  g_return_val_if_fail (PD_IS_TEAM_CONTROLLER (self), NULL);
  return self->store;
}

const char *
pd_team_controller_get_message (PdTeamController *self)
{
  g_return_val_if_fail (PD_IS_TEAM_CONTROLLER (self), NULL);
  return self->message;
}

gint64
pd_team_controller_get_synced_at (PdTeamController *self)
{
  g_return_val_if_fail (PD_IS_TEAM_CONTROLLER (self), 0);
  return self->synced_at;
}

const char *
pd_team_field_title (const char *field)
{
  if (g_strcmp0 (field, "notes") == 0)
    return _("Notes");
  if (g_strcmp0 (field, "tags") == 0)
    return _("Tags");
  if (g_strcmp0 (field, "assignee") == 0)
    return _("Assignee");
  return field;
}

char *
pd_team_format_time (gint64 at)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (at);

  return when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

char *
pd_team_view_to_label (PdTeamView view,
                       guint      pending,
                       guint      conflicts)
{
  switch (view)
    {
    case PD_TEAM_VIEW_SYNCING:
      return g_strdup (_("Team: syncing…"));
    case PD_TEAM_VIEW_UP_TO_DATE:
      return g_strdup (_("Team: up to date"));
    case PD_TEAM_VIEW_WAITING:
      /* Translators: the team hub's state in the header bar */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Team: %u edit waiting", "Team: %u edits waiting",
                                           pending), pending);
    case PD_TEAM_VIEW_OFFLINE:
      return g_strdup (_("Team: offline"));
    case PD_TEAM_VIEW_CONFLICT:
      return conflicts > 1 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Team: %u conflict",
                                                           "Team: %u conflicts", conflicts), conflicts)
                           : g_strdup (_("Team: conflict"));
    case PD_TEAM_VIEW_FAILED:
      return g_strdup (_("Team: sync failed"));
    case PD_TEAM_VIEW_NOT_JOINED:
    default:
      return g_strdup (_("Team: not joined"));
    }
}

static void
pd_team_controller_dispose (GObject *object)
{
  PdTeamController *self = PD_TEAM_CONTROLLER (object);

  pd_team_controller_stop (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (pd_team_controller_parent_class)->dispose (object);
}

static void
pd_team_controller_finalize (GObject *object)
{
  PdTeamController *self = PD_TEAM_CONTROLLER (object);

  g_free (self->url);
  g_free (self->message);
  G_OBJECT_CLASS (pd_team_controller_parent_class)->finalize (object);
}

static void
pd_team_controller_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdTeamController *self = PD_TEAM_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_int (value, self->view);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_CONFLICTS:
      g_value_set_uint (value, self->conflicts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_team_controller_class_init (PdTeamControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_team_controller_dispose;
  object_class->finalize = pd_team_controller_finalize;
  object_class->get_property = pd_team_controller_get_property;

  properties[PROP_VIEW] = g_param_spec_int ("view", NULL, NULL, PD_TEAM_VIEW_NOT_JOINED, PD_TEAM_VIEW_FAILED,
                                            PD_TEAM_VIEW_NOT_JOINED, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] = g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFLICTS] = g_param_spec_uint ("conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_team_controller_init (PdTeamController *self)
{
}

PdTeamController *
pd_team_controller_new (PdStore *store)
{
  PdTeamController *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_TEAM_CONTROLLER, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);
  return self;
}
