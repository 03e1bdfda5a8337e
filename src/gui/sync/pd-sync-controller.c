/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync-controller"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "pd-config.h"
#include "pd-credentials.h"
#include "pd-sync-client-private.h"
#include "pd-sync-module.h"
#include "pd-sync-controller-impl.h"

#define DEFAULT_INTERVAL_MINUTES 15
#define MAX_INTERVAL_MINUTES     1440
#define SHUTDOWN_WAIT_MS         5000

G_DEFINE_FINAL_TYPE (PdSyncController, pd_sync_controller, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PdSyncStatus, pd_sync_status,
  G_DEFINE_ENUM_VALUE (PD_SYNC_STATUS_NOT_CONFIGURED, "not-configured"),
  G_DEFINE_ENUM_VALUE (PD_SYNC_STATUS_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (PD_SYNC_STATUS_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (PD_SYNC_STATUS_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (PD_SYNC_STATUS_OFFLINE, "offline"))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_STATUS,
  PROP_RUNNING,
  PROP_MESSAGE,
  PROP_PROGRESS,
  PROP_LAST_SYNC_AT,
  PROP_INTERVAL,
  PROP_ENDPOINT,
  PROP_FROM_ENVIRONMENT,
  PROP_WAITING,
  PROP_SENT_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FINISHED,
  SIGNAL_OUTBOX_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_next (PdSyncController *self);

PdStore *
pd_sync_controller_get_store (PdSyncController *self)
{
  return pd_context_get_store (self->context);
}

#define get_store pd_sync_controller_get_store

static gboolean
credentials_equal (const PdCredentials *a,
                   const PdCredentials *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->app_key, b->app_key) == 0 &&
         g_strcmp0 (a->app_secret, b->app_secret) == 0 &&
         g_strcmp0 (a->access_token, b->access_token) == 0 &&
         g_strcmp0 (a->refresh_token, b->refresh_token) == 0;
}

/* Property setters: notify on real changes only */

void
pd_sync_controller_set_status (PdSyncController *self,
                               PdSyncStatus      status,
                               const char       *message)
{
  gboolean was_running = pd_sync_controller_is_running (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (was_running != pd_sync_controller_is_running (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_endpoint (PdSyncController *self,
              const char       *endpoint)
{
  if (g_strcmp0 (self->endpoint, endpoint) == 0)
    return;
  g_free (self->endpoint);
  self->endpoint = g_strdup (endpoint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

void
pd_sync_controller_set_progress (PdSyncController    *self,
                                 const PdSyncSummary *progress)
{
  self->progress = *progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_not_configured (PdSyncController *self,
                    const char       *message)
{
  /* Normal for a new install: said by the indicator, not logged. */
  g_debug ("Not syncing: %s", message);
  g_clear_error (&self->error);
  pd_sync_controller_set_status (self, PD_SYNC_STATUS_NOT_CONFIGURED, message);
}

/* Settings */

static guint
read_interval (PdSyncController *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = pd_store_dup_setting (get_store (self), "sync_interval_minutes", &error);
  guint64 minutes;

  if (value == NULL)
    {
      g_warning ("Cannot read sync_interval_minutes from %s: %s; syncing every %d minutes",
                 pd_store_get_path (get_store (self)), error->message, DEFAULT_INTERVAL_MINUTES);
      return DEFAULT_INTERVAL_MINUTES;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 0, MAX_INTERVAL_MINUTES, &minutes, &error))
    {
      g_warning ("The setting sync_interval_minutes “%s” is not 0 to %d minutes: %s; syncing every %d minutes",
                 value, MAX_INTERVAL_MINUTES, error->message, DEFAULT_INTERVAL_MINUTES);
      return DEFAULT_INTERVAL_MINUTES;
    }
  return (guint) minutes;
}

void
pd_sync_controller_read_settings (PdSyncController *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  guint interval;

  if (self->override_endpoint != NULL)
    endpoint = g_strdup (self->override_endpoint);
  else if ((endpoint = pd_store_dup_setting (get_store (self), "endpoint", &error)) == NULL)
    {
      g_warning ("Cannot read the endpoint setting from %s: %s",
                 pd_store_get_path (get_store (self)), error->message);
      endpoint = g_strdup ("");
    }
  else if (*endpoint != '\0' && !pd_config_validate ("endpoint", endpoint, NULL, &error))
    {
      /* Saved before the endpoint was checked as it is now: not used
       * (a password in it would reach every message). */
      g_warning ("Ignoring the saved endpoint setting; set it again in Preferences: %s",
                 error->message);
      g_free (endpoint);
      endpoint = g_strdup ("");
    }
  set_endpoint (self, endpoint);

  interval = read_interval (self);
  if (interval != self->interval)
    {
      self->interval = interval;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
    }
}

/* A session's endpoint and credentials from the environment (./run's
 * demo, automation): all four credentials or none. Once read, the
 * credentials leave the environment (all of them, also when some were
 * missing): a browser or any child the app starts must not inherit
 * them. */
static void
read_environment (PdSyncController *self)
{
  static const char * const names[] = {
    "PD_APP_KEY", "PD_APP_SECRET", "PD_ACCESS_TOKEN", "PD_REFRESH_TOKEN",
  };
  const char *endpoint = g_getenv ("PD_ENDPOINT");
  g_autoptr(PdCredentials) credentials = NULL;
  guint set = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_getenv (names[i]) != NULL && *g_getenv (names[i]) != '\0')
      set++;

  if (set == G_N_ELEMENTS (names))
    credentials = pd_credentials_new_from_environment ();
  else if (set > 0)
    g_warning ("Some of PD_APP_KEY, PD_APP_SECRET, PD_ACCESS_TOKEN and PD_REFRESH_TOKEN are set,"
               " not all four: ignoring them, the keyring's credentials are used");
  pd_credentials_clear_environment ();
  pd_sync_controller_take_open_api_environment (self);

  if (endpoint != NULL && *endpoint != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      if (!pd_config_validate ("endpoint", endpoint, &normalized, &error))
        g_warning ("Ignoring PD_ENDPOINT: %s", error->message);
      else
        {
          pd_sync_controller_set_override (self, normalized, credentials);
          return;
        }
    }
  pd_sync_controller_set_override (self, NULL, credentials);
}

/* A run */

static void
on_progress_cb (PdSyncClient        *client,
                const PdSyncSummary *progress,
                PdSyncController    *self)
{
  if (!self->busy || client != self->client)
    return;
  pd_sync_controller_set_progress (self, progress);
}

static void
on_credentials_saved_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(PdSyncController) self = user_data;
  g_autoptr(GError) error = NULL;

  self->pending_saves--;
  if (!pd_credentials_save_finish (result, &error))
    /* The refreshed tokens live on in the client for this session; the
     * next start has to sign in again with the old refresh token. */
    g_warning ("The platform issued new tokens for %s but they could not be saved: %s",
               self->client_endpoint, error->message);
}

static void
on_credentials_changed_cb (PdSyncClient        *client,
                           const PdCredentials *credentials,
                           PdSyncController    *self)
{
  if (client != self->client)
    return;

  /* The environment's stay in memory: never written anywhere. */
  if (self->override_credentials != NULL)
    return;

  /* Not cancellable: the old refresh token is about to stop working, so
   * these must reach the keyring even while the app quits. */
  self->pending_saves++;
  pd_credentials_save_async (credentials, self->client_endpoint, NULL,
                             on_credentials_saved_cb, g_object_ref (self));
  /* The keyring holds these now: a later lookup keeps this client. */
  g_clear_pointer (&self->client_credentials, pd_credentials_free);
  self->client_credentials = pd_credentials_copy (credentials);
}

static gboolean
summary_changed_store (const PdSyncSummary *summary)
{
  return summary->changes_applied > 0 || summary->outbox_sent > 0 ||
         summary->outbox_failed > 0 || summary->outbox_conflicts > 0 ||
         summary->feed_restarted;
}

/* After a job: what was asked meanwhile. */
static void
after_job (PdSyncController *self,
           Job               job)
{
  if (self->shut_down)
    return;
  if (self->again)
    {
      self->again = FALSE;
      pd_sync_controller_sync_now (self);
    }
  else if (job == JOB_SYNC)
    schedule_next (self);
  pd_sync_controller_push_after_job (self);
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PdSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  PdSyncSummary summary = { 0 };
  Job job = self->job;
  gboolean ok;

  ok = pd_sync_client_run_finish (PD_SYNC_CLIENT (source), result, &summary, &error);
  self->busy = FALSE;
  self->job = JOB_NONE;

  g_object_freeze_notify (G_OBJECT (self));
  pd_sync_controller_set_progress (self, &summary);
  /* "Last sync: ..." is about whole runs; a push says "Sent". */
  if (job == JOB_SYNC)
    {
      self->last_summary = summary;
      self->has_last_summary = TRUE;
    }
  g_clear_error (&self->error);
  if (job == JOB_SYNC)
    self->last_summary_ok = ok;

  if (ok)
    {
      if (job == JOB_SYNC)
        {
          self->last_sync_at = g_get_real_time () / G_USEC_PER_SEC;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC_AT]);
          pd_sync_controller_read_open_api_shops (self);
        }
      pd_sync_controller_set_status (self, PD_SYNC_STATUS_IDLE, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pd_sync_controller_set_status (self, PD_SYNC_STATUS_IDLE, NULL);
  else if (g_error_matches (error, PD_SYNC_ERROR, PD_SYNC_ERROR_NO_CREDENTIALS))
    set_not_configured (self, error->message);
  else
    {
      g_debug ("The %s with %s failed: %s", job == JOB_PUSH ? "push" : "sync",
               self->client_endpoint, error->message);
      self->error = g_error_copy (error);
      pd_sync_controller_set_status (self,
                                     g_error_matches (error, PD_SYNC_ERROR, PD_SYNC_ERROR_NETWORK)
                                     ? PD_SYNC_STATUS_OFFLINE : PD_SYNC_STATUS_ERROR,
                                     error->message);
    }
  if (job == JOB_PUSH)
    pd_sync_controller_push_done (self, ok, error);
  else
    pd_sync_controller_count_waiting (self);
  g_object_thaw_notify (G_OBJECT (self));

  /* The run wrote on a connection of its own, in a worker thread: its
   * completion is where this process tells. */
  if (summary_changed_store (&summary))
    pd_store_emit_change (pd_context_get_store (self->context), PD_ENTITY_DATA, NULL, PD_CHANGE_ORIGIN_SYNC);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);

  after_job (self, job);
}

static void
start_run (PdSyncController    *self,
           const PdCredentials *credentials)
{
  if (self->client == NULL ||
      g_strcmp0 (self->client_endpoint, self->endpoint) != 0 ||
      !credentials_equal (self->client_credentials, credentials))
    {
      if (self->client != NULL)
        g_signal_handlers_disconnect_by_data (self->client, self);
      g_clear_object (&self->client);
      g_clear_pointer (&self->client_credentials, pd_credentials_free);

      self->client = pd_sync_client_new (get_store (self), self->endpoint, credentials);
      if (self->client == NULL)
        {
          /* No sync module (pd-sync-module.h): the run fails, saying why. */
          pd_sync_module_report (on_run_done_cb, g_object_ref (self));
          return;
        }
      self->client_credentials = pd_credentials_copy (credentials);
      g_free (self->client_endpoint);
      self->client_endpoint = g_strdup (self->endpoint);
      if (self->delay_scale != 1.0)
        pd_sync_client_set_delay_scale (self->client, self->delay_scale);
      g_signal_connect_object (self->client, "progress", G_CALLBACK (on_progress_cb), self, 0);
      g_signal_connect_object (self->client, "credentials-changed",
                               G_CALLBACK (on_credentials_changed_cb), self, 0);
    }

  if (self->job == JOB_PUSH)
    {
      self->pushes++;
      pd_sync_client_push_async (self->client, self->cancellable, on_run_done_cb, g_object_ref (self));
    }
  else
    {
      self->runs++;
      pd_sync_client_run_async (self->client, self->cancellable, on_run_done_cb, g_object_ref (self));
    }
}

static void
on_credentials_loaded_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(PdSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCredentials) credentials = pd_credentials_load_finish (result, &error);
  Job job = self->job;

  if (self->shut_down)
    {
      self->busy = FALSE;
      self->job = JOB_NONE;
      pd_sync_controller_set_status (self, PD_SYNC_STATUS_IDLE, NULL);
      return;
    }

  if (credentials == NULL || !pd_credentials_is_complete (credentials))
    {
      g_autofree char *message = NULL;

      self->busy = FALSE;
      self->job = JOB_NONE;
      if (credentials == NULL)
        /* Translators: %s says why the keyring could not be read */
        message = g_strdup_printf (_("The credentials could not be read from the keyring: %s"),
                                   error->message);
      else
        /* Translators: %s is the platform endpoint, a URL */
        message = g_strdup_printf (_("No credentials for %s are saved in the keyring. Sign in to the platform in Preferences."),
                                   self->endpoint);
      set_not_configured (self, message);
      pd_sync_controller_count_waiting (self);
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
      after_job (self, job);
      return;
    }

  start_run (self, credentials);
}

void
pd_sync_controller_begin_job (PdSyncController *self,
                              Job               job)
{
  PdSyncSummary starting = { 0 };

  g_return_if_fail (!self->busy && job != JOB_NONE);

  self->busy = TRUE;
  self->job = job;
  starting.phase = job == JOB_PUSH ? PD_SYNC_PHASE_PUSHING : PD_SYNC_PHASE_STARTING;
  g_object_freeze_notify (G_OBJECT (self));
  pd_sync_controller_set_progress (self, &starting);
  pd_sync_controller_set_status (self, PD_SYNC_STATUS_SYNCING, NULL);
  g_object_thaw_notify (G_OBJECT (self));

  if (self->override_credentials != NULL)
    start_run (self, self->override_credentials);
  else
    pd_credentials_load_async (self->endpoint, self->cancellable,
                               on_credentials_loaded_cb, g_object_ref (self));
}

void
pd_sync_controller_notify_push (PdSyncController *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT_AT]);
}

/* The timer */

static gboolean
on_timer_cb (gpointer user_data)
{
  PdSyncController *self = user_data;

  self->timer_id = 0;
  /* A push going on: the sync follows it (after_job). */
  if (self->busy)
    self->again = TRUE;
  else
    pd_sync_controller_sync_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_next (PdSyncController *self)
{
  guint64 ms;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->shut_down || self->interval == 0)
    return;

  ms = (guint64) self->interval * self->minute_ms;
  if (ms % 1000 == 0)
    self->timer_id = g_timeout_add_seconds ((guint) (ms / 1000), on_timer_cb, self);
  else
    self->timer_id = g_timeout_add ((guint) MIN (ms, G_MAXUINT), on_timer_cb, self);
  g_source_set_name_by_id (self->timer_id, "[partnerdesk] sync interval");
}

/* Preferences */

static void
request_sync (PdSyncController *self)
{
  if (self->busy)
    self->again = TRUE;
  else
    pd_sync_controller_sync_now (self);
}

static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     PdSyncController    *self)
{
  if (self->shut_down || !self->started)
    return;

  if (pd_store_change_has (change, PD_ENTITY_SETTINGS))
    {
      g_autofree char *old_endpoint = g_strdup (self->endpoint);
      guint old_interval = self->interval;

      pd_sync_controller_read_settings (self);
      if (g_strcmp0 (old_endpoint, self->endpoint) != 0)
        request_sync (self);
      else if (old_interval != self->interval && !self->busy)
        schedule_next (self);
    }
  else if (pd_store_change_has (change, PD_ENTITY_CREDENTIALS) && self->override_credentials == NULL)
    request_sync (self);

  /* A link, a note, a request moved, here or by the CLI: whatever went
   * through the outbox leaves now rather than at the next interval. */
  if (change->origin != PD_CHANGE_ORIGIN_SYNC && pd_store_change_has (change, PD_ENTITY_DATA))
    pd_sync_controller_queue_push (self);
}

/* GObject */

static void
pd_sync_controller_constructed (GObject *object)
{
  PdSyncController *self = PD_SYNC_CONTROLLER (object);

  G_OBJECT_CLASS (pd_sync_controller_parent_class)->constructed (object);

  g_return_if_fail (PD_IS_CONTEXT (self->context));
  read_environment (self);
  g_signal_connect_object (pd_context_get_store (self->context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
}

static void
pd_sync_controller_dispose (GObject *object)
{
  PdSyncController *self = PD_SYNC_CONTROLLER (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->push_timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_sync_controller_parent_class)->dispose (object);
}

static void
pd_sync_controller_finalize (GObject *object)
{
  PdSyncController *self = PD_SYNC_CONTROLLER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->client_credentials, pd_credentials_free);
  g_clear_pointer (&self->override_credentials, pd_credentials_free);
  g_clear_pointer (&self->open_api_app, pd_credentials_free);
  g_free (self->client_endpoint);
  g_free (self->override_endpoint);
  g_free (self->message);
  g_free (self->endpoint);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (pd_sync_controller_parent_class)->finalize (object);
}

static void
pd_sync_controller_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdSyncController *self = PD_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, pd_sync_controller_is_running (self));
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_PROGRESS:
      g_value_set_boxed (value, &self->progress);
      break;

    case PROP_LAST_SYNC_AT:
      g_value_set_int64 (value, self->last_sync_at);
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;

    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;

    case PROP_FROM_ENVIRONMENT:
      g_value_set_boolean (value, self->override_credentials != NULL);
      break;

    case PROP_WAITING:
      g_value_set_uint (value, self->waiting);
      break;

    case PROP_SENT_AT:
      g_value_set_int64 (value, self->sent_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sync_controller_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdSyncController *self = PD_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sync_controller_class_init (PdSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = pd_sync_controller_constructed;
  object_class->dispose = pd_sync_controller_dispose;
  object_class->finalize = pd_sync_controller_finalize;
  object_class->get_property = pd_sync_controller_get_property;
  object_class->set_property = pd_sync_controller_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, PD_TYPE_SYNC_STATUS, PD_SYNC_STATUS_IDLE, ro);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_PROGRESS] =
    g_param_spec_boxed ("progress", NULL, NULL, PD_TYPE_SYNC_SUMMARY, ro);
  properties[PROP_LAST_SYNC_AT] =
    g_param_spec_int64 ("last-sync-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, MAX_INTERVAL_MINUTES, DEFAULT_INTERVAL_MINUTES, ro);
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, "", ro);
  properties[PROP_FROM_ENVIRONMENT] =
    g_param_spec_boolean ("from-environment", NULL, NULL, FALSE, ro);
  properties[PROP_WAITING] =
    g_param_spec_uint ("waiting", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_SENT_AT] =
    g_param_spec_int64 ("sent-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_OUTBOX_CHANGED] =
    g_signal_new ("outbox-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_sync_controller_init (PdSyncController *self)
{
  self->cancellable = g_cancellable_new ();
  self->status = PD_SYNC_STATUS_IDLE;
  self->endpoint = g_strdup ("");
  self->interval = DEFAULT_INTERVAL_MINUTES;
  self->minute_ms = 60 * 1000;
  self->push_delay_ms = PD_SYNC_CONTROLLER_PUSH_DELAY_MS;
  self->delay_scale = 1.0;
}

PdSyncController *
pd_sync_controller_new (PdContext *context)
{
  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);
  return g_object_new (PD_TYPE_SYNC_CONTROLLER, "context", context, NULL);
}

void
pd_sync_controller_start (PdSyncController *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(PdStoreCounts) counts = { 0 };

  g_return_if_fail (PD_IS_SYNC_CONTROLLER (self));

  if (self->shut_down || self->started)
    return;
  self->started = TRUE;

  /* "Synced 2 hours ago" from the last session until this one syncs. */
  if (!pd_store_get_counts (get_store (self), &counts, &error))
    g_warning ("Cannot read the last sync of %s: %s", pd_store_get_path (get_store (self)),
               error->message);
  else if (g_strcmp0 (counts.last_sync_result, "ok") == 0 && counts.last_sync_at != self->last_sync_at)
    {
      self->last_sync_at = counts.last_sync_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC_AT]);
    }

  pd_sync_controller_count_waiting (self);
  if (!pd_sync_controller_sync_now (self) && !self->busy)
    schedule_next (self);
}

/* The default main context until @self is idle or @timeout_ms passed. */
static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
pd_sync_controller_shutdown (PdSyncController *self)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_return_if_fail (PD_IS_SYNC_CONTROLLER (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->push_timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  /* A run stops at its next request or page; the worker thread must not
   * outlive the app in the middle of it, nor tokens stay unsaved. */
  timeout_id = g_timeout_add (SHUTDOWN_WAIT_MS, on_wait_timeout_cb, &timed_out);
  while ((self->busy || self->pending_saves > 0) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  else
    g_warning ("The sync with %s did not stop within %d ms of quitting",
               self->client_endpoint != NULL ? self->client_endpoint : self->endpoint,
               SHUTDOWN_WAIT_MS);
}

gboolean
pd_sync_controller_sync_now (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), FALSE);

  if (self->shut_down || self->busy)
    return FALSE;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  pd_sync_controller_read_settings (self);
  if (*self->endpoint == '\0')
    {
      set_not_configured (self, _("No platform endpoint is set. Enter it in Preferences."));
      return FALSE;
    }

  pd_sync_controller_begin_job (self, JOB_SYNC);
  return TRUE;
}

PdContext *
pd_sync_controller_get_context (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), NULL);
  return self->context;
}

PdSyncStatus
pd_sync_controller_get_status (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), PD_SYNC_STATUS_IDLE);
  return self->status;
}

gboolean
pd_sync_controller_is_running (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), FALSE);
  return self->status == PD_SYNC_STATUS_SYNCING;
}

const char *
pd_sync_controller_get_message (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), NULL);
  return self->message;
}

const GError *
pd_sync_controller_get_error (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), NULL);
  return self->error;
}

const PdSyncSummary *
pd_sync_controller_get_progress (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), NULL);
  return &self->progress;
}

const PdSyncSummary *
pd_sync_controller_get_last_summary (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), NULL);
  return self->has_last_summary ? &self->last_summary : NULL;
}

gboolean
pd_sync_controller_get_last_summary_ok (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), FALSE);
  return self->has_last_summary && self->last_summary_ok;
}

gint64
pd_sync_controller_get_last_sync_at (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), 0);
  return self->last_sync_at;
}

guint
pd_sync_controller_get_interval (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), 0);
  return self->interval;
}

const char *
pd_sync_controller_get_endpoint (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), NULL);
  return self->endpoint;
}

gboolean
pd_sync_controller_get_from_environment (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), FALSE);
  return self->override_credentials != NULL;
}

guint
pd_sync_controller_get_waiting (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), 0);
  return self->waiting;
}

gint64
pd_sync_controller_get_sent_at (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), 0);
  return self->sent_at;
}

/* Test hooks */

void
pd_sync_controller_set_override (PdSyncController    *self,
                                 const char          *endpoint,
                                 const PdCredentials *credentials)
{
  g_return_if_fail (PD_IS_SYNC_CONTROLLER (self));

  g_free (self->override_endpoint);
  self->override_endpoint = g_strdup (endpoint);
  /* The session's address is known from now on (Preferences says it). */
  if (endpoint != NULL)
    set_endpoint (self, endpoint);
  g_clear_pointer (&self->override_credentials, pd_credentials_free);
  if (credentials != NULL)
    self->override_credentials = pd_credentials_copy (credentials);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_ENVIRONMENT]);
}

void
pd_sync_controller_set_minute_ms (PdSyncController *self,
                                  guint             ms)
{
  g_return_if_fail (PD_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (ms > 0);
  self->minute_ms = ms;
}

void
pd_sync_controller_set_delay_scale (PdSyncController *self,
                                    double            scale)
{
  g_return_if_fail (PD_IS_SYNC_CONTROLLER (self));
  self->delay_scale = scale;
  if (self->client != NULL)
    pd_sync_client_set_delay_scale (self->client, scale);
}

guint
pd_sync_controller_get_runs (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), 0);
  return self->runs;
}
