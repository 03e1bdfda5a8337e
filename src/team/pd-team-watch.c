/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "pd-team-db.h"
#include "pd-team-password.h"
#include "pd-team-watch.h"

#define RECONNECT_SECONDS 2

struct _PdTeamWatch
{
  GObject       parent_instance;

  char         *url;
  char         *password;
  GMainContext *context;
  GCancellable *cancellable;   /* the connection attempt under way */
  PGconn       *conn;
  GSource      *socket_source;
  GSource      *retry_source;
  char         *error;
};

G_DEFINE_FINAL_TYPE (PdTeamWatch, pd_team_watch, G_TYPE_OBJECT)

enum { PROP_0, PROP_CONNECTED, N_PROPS };
enum { CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_connecting (PdTeamWatch *self);

static void
drop_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
set_error (PdTeamWatch *self,
           const char  *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

static gboolean
retry_cb (gpointer user_data)
{
  PdTeamWatch *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  start_connecting (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (PdTeamWatch *self)
{
  drop_source (&self->retry_source);
  self->retry_source = g_timeout_source_new_seconds (RECONNECT_SECONDS);
  g_source_set_callback (self->retry_source, retry_cb, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

static void
lose_connection (PdTeamWatch *self,
                 const char  *message)
{
  drop_source (&self->socket_source);
  g_clear_pointer (&self->conn, PQfinish);
  set_error (self, message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  schedule_retry (self);
}

static gboolean
socket_cb (gint         fd,
           GIOCondition condition,
           gpointer     user_data)
{
  PdTeamWatch *self = user_data;
  gint64 newest = 0;
  PGnotify *notify;

  if (!PQconsumeInput (self->conn) || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *raw = pd_team_db_dup_error_text (self->conn);
      const char *host = PQhost (self->conn);
      /* Translators: %s is the team hub's host name or address */
      g_autofree char *message = g_strdup_printf (_("The team hub at %s stopped answering; reconnecting"
                                                    " every few seconds"),
                                                  host != NULL && *host != '\0' && *host != '/' ? host
                                                                                                : "localhost");

      g_debug ("The team hub's connection was lost: %s", raw);
      g_clear_pointer (&self->socket_source, g_source_unref);
      lose_connection (self, message);
      return G_SOURCE_REMOVE;
    }
  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      newest = MAX (newest, g_ascii_strtoll (notify->extra, NULL, 10));
      PQfreemem (notify);
    }
  if (newest > 0)
    g_signal_emit (self, signals[CHANGED], 0, newest);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  char *url;
  char *password;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_free (data->url);
  pd_team_password_free (data->password);
  g_free (data);
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConnectData *data = task_data;
  GError *error = NULL;
  PGconn *conn;

  /* The keyring may take its time (or ask to be unlocked): here, never
   * in the caller's thread. */
  if (data->password == NULL)
    data->password = pd_team_password_lookup (data->url);
  conn = pd_team_db_connect (data->url, data->password, &error);

  if (conn != NULL && !pd_team_db_exec (conn, "LISTEN partnerdesk_changes",
                                        _("listening for the team’s changes"), &error))
    g_clear_pointer (&conn, PQfinish);
  if (conn == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), &error);
  PdTeamWatch *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* disposed meanwhile */
  self = PD_TEAM_WATCH (object);
  g_clear_object (&self->cancellable);
  if (conn == NULL)
    {
      set_error (self, error->message);
      schedule_retry (self);
      return;
    }
  self->conn = conn;
  PQsetnonblocking (conn, 1);
  set_error (self, NULL);
  self->socket_source = g_unix_fd_source_new (PQsocket (conn), G_IO_IN | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (self->socket_source, G_SOURCE_FUNC (socket_cb), self, NULL);
  g_source_attach (self->socket_source, self->context);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  /* What committed while not listening: the caller syncs once. */
  g_signal_emit (self, signals[CHANGED], 0, (gint64) 0);
}

static void
start_connecting (PdTeamWatch *self)
{
  g_autoptr(GTask) task = NULL;
  ConnectData *data;

  if (self->conn != NULL || self->cancellable != NULL)
    return;
  data = g_new0 (ConnectData, 1);
  data->url = g_strdup (self->url);
  data->password = g_strdup (self->password);
  self->cancellable = g_cancellable_new ();
  /* check_cancellable: a watch disposed meanwhile gets CANCELLED, and the
   * connection made is closed by the task. */
  task = g_task_new (self, self->cancellable, connected_cb, NULL);
  g_task_set_source_tag (task, start_connecting);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);
  g_task_run_in_thread (task, connect_thread);
}

static void
pd_team_watch_dispose (GObject *object)
{
  PdTeamWatch *self = PD_TEAM_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_source (&self->socket_source);
  drop_source (&self->retry_source);
  g_clear_pointer (&self->conn, PQfinish);
  G_OBJECT_CLASS (pd_team_watch_parent_class)->dispose (object);
}

static void
pd_team_watch_finalize (GObject *object)
{
  PdTeamWatch *self = PD_TEAM_WATCH (object);

  g_free (self->url);
  pd_team_password_free (self->password);
  g_free (self->error);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (pd_team_watch_parent_class)->finalize (object);
}

static void
pd_team_watch_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdTeamWatch *self = PD_TEAM_WATCH (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, pd_team_watch_get_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_team_watch_class_init (PdTeamWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_team_watch_dispose;
  object_class->finalize = pd_team_watch_finalize;
  object_class->get_property = pd_team_watch_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::changed (gint64 seq): the newest change notified, 0 after a
   * (re)connection. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
pd_team_watch_init (PdTeamWatch *self)
{
  self->context = g_main_context_ref_thread_default ();
}

PdTeamWatch *
pd_team_watch_new (const char *url,
                   const char *password)
{
  PdTeamWatch *self;

  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (PD_TYPE_TEAM_WATCH, NULL);
  self->url = g_strdup (url);
  self->password = g_strdup (password);
  start_connecting (self);
  return self;
}

gboolean
pd_team_watch_get_connected (PdTeamWatch *self)
{
  g_return_val_if_fail (PD_IS_TEAM_WATCH (self), FALSE);
  return self->conn != NULL;
}

const char *
pd_team_watch_get_error (PdTeamWatch *self)
{
  g_return_val_if_fail (PD_IS_TEAM_WATCH (self), NULL);
  return self->error;
}
