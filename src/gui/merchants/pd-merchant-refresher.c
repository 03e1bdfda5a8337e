/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include "pd-merchant-refresher.h"
#include "pd-merchant-rows.h"

/* When a verdict next changes by time alone, or at the latest this often
 * (a clock that jumped, a day that turned), a refresh runs by itself. */
#define MAX_WAIT_SECONDS 3600
/* Another process is rebuilding: look again after this long. */
#define BUSY_RETRY_SECONDS 30

struct _PdMerchantRefresher
{
  GObject                 parent_instance;

  char                   *path;
  PdClock                *clock;
  GCancellable           *cancellable;
  gboolean                running;
  gboolean                again;
  PdMerchantRefreshFlags  again_flags;
  guint                   timeout_id;
  gboolean                stopped;

  gint                    progress;      /* thousandths; written by the worker */
  gint                    progress_shown;
  guint                   progress_id;   /* samples it while a run goes on */
};

G_DEFINE_FINAL_TYPE (PdMerchantRefresher, pd_merchant_refresher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char                   *path;
  PdMerchantRefreshFlags  flags;
  gint64                  as_of;      /* the clock's now when the run started */
  gint                   *progress;   /* the refresher's: the task holds a ref on it */
  PdMerchantRefreshStats  stats;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_free (job);
}

static void start (PdMerchantRefresher *self, PdMerchantRefreshFlags flags);

static gboolean
on_timeout_cb (gpointer user_data)
{
  PdMerchantRefresher *self = user_data;

  self->timeout_id = 0;
  pd_merchant_refresher_request (self, PD_MERCHANT_REFRESH_IF_STALE);
  return G_SOURCE_REMOVE;
}

static void
schedule (PdMerchantRefresher *self,
          gint64               seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->stopped)
    return;
  seconds = CLAMP (seconds, 1, MAX_WAIT_SECONDS);
  self->timeout_id = g_timeout_add_seconds ((guint) seconds, on_timeout_cb, self);
}

/* The worker's progress reaches the main thread four times a second. */
#define PROGRESS_INTERVAL_MS 250

static void
show_progress (PdMerchantRefresher *self,
               gint                 progress)
{
  if (self->progress_shown == progress)
    return;
  self->progress_shown = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static gboolean
on_progress_cb (gpointer user_data)
{
  PdMerchantRefresher *self = user_data;

  show_progress (self, g_atomic_int_get (&self->progress));
  return G_SOURCE_CONTINUE;
}

static void
set_running (PdMerchantRefresher *self,
             gboolean             running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (running)
    self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, on_progress_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  PdMerchantRefreshFlags flags = job->flags & ~PD_MERCHANT_REFRESH_IF_STALE;
  gboolean current = FALSE;
  gint64 valid_until = 0;

  /* Rows an import (or another window) just brought up to date: no pass
   * over a million sellers competing with the page's first keystrokes,
   * only the search keys when the import left them to the page. */
  if ((job->flags & PD_MERCHANT_REFRESH_IF_STALE) &&
      pd_merchant_rows_is_current_as_of (job->path, job->as_of, &current, &valid_until, NULL) &&
      current)
    flags |= PD_MERCHANT_REFRESH_KEYS_ONLY;
  if (pd_merchant_refresh (job->path, job->as_of, flags, cancellable, job->progress, &job->stats, &error))
    {
      if (flags & PD_MERCHANT_REFRESH_KEYS_ONLY)
        job->stats.valid_until = valid_until;
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PdMerchantRefresher *self = PD_MERCHANT_REFRESHER (source);
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gint64 now = pd_clock_get_now (self->clock);

  g_task_propagate_boolean (task, &error);
  g_clear_object (&self->cancellable);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_running (self, FALSE);
      return;
    }

  if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_BUSY))
    {
      /* An import or another window is rebuilding the rows (it holds the
       * claim): nothing failed, the rows come when it is done. */
      g_debug ("Merchants: %s; trying again in %d s", error->message, BUSY_RETRY_SECONDS);
      g_clear_error (&error);
      schedule (self, BUSY_RETRY_SECONDS);
    }
  else if (error != NULL)
    g_warning ("Refreshing the merchants failed: %s", error->message);
  else
    {
      g_debug ("Merchants refreshed in %.2f s: %" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT " updated%s",
               job->stats.seconds, job->stats.rows, job->stats.updated, job->stats.rebuilt ? ", rebuilt" : "");
      /* A pinned clock does not move by itself: its ::changed asks. */
      if (!pd_clock_is_pinned (self->clock))
        schedule (self, job->stats.valid_until > 0 ? job->stats.valid_until - now : MAX_WAIT_SECONDS);
    }

  if (self->again && !self->stopped)
    {
      PdMerchantRefreshFlags flags = self->again_flags;

      self->again = FALSE;
      self->again_flags = 0;
      g_signal_emit (self, signals[REFRESHED], 0, error != NULL ? error->message : NULL);
      start (self, flags);
      return;
    }
  show_progress (self, g_atomic_int_get (&self->progress));
  set_running (self, FALSE);
  g_signal_emit (self, signals[REFRESHED], 0, error != NULL ? error->message : NULL);
}

static void
start (PdMerchantRefresher    *self,
       PdMerchantRefreshFlags  flags)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  job->path = g_strdup (self->path);
  job->flags = flags;
  job->as_of = pd_clock_get_now (self->clock);
  job->progress = &self->progress;
  g_atomic_int_set (&self->progress, 0);
  show_progress (self, 0);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_done_cb, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, job, job_free);
  set_running (self, TRUE);
  g_task_run_in_thread (task, run_in_thread);
}

static void
pd_merchant_refresher_dispose (GObject *object)
{
  PdMerchantRefresher *self = PD_MERCHANT_REFRESHER (object);

  pd_merchant_refresher_stop (self);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (pd_merchant_refresher_parent_class)->dispose (object);
}

static void
pd_merchant_refresher_finalize (GObject *object)
{
  PdMerchantRefresher *self = PD_MERCHANT_REFRESHER (object);

  g_free (self->path);

  G_OBJECT_CLASS (pd_merchant_refresher_parent_class)->finalize (object);
}

static void
pd_merchant_refresher_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PdMerchantRefresher *self = PD_MERCHANT_REFRESHER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, pd_merchant_refresher_get_progress (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_merchant_refresher_class_init (PdMerchantRefresherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_merchant_refresher_dispose;
  object_class->finalize = pd_merchant_refresher_finalize;
  object_class->get_property = pd_merchant_refresher_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pd_merchant_refresher_init (PdMerchantRefresher *self)
{
}

static void
on_clock_changed_cb (PdMerchantRefresher *self)
{
  pd_merchant_refresher_request (self, PD_MERCHANT_REFRESH_DEFAULT);
}

PdMerchantRefresher *
pd_merchant_refresher_new (const char *store_path,
                           PdClock    *clock)
{
  PdMerchantRefresher *self;

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (PD_IS_CLOCK (clock), NULL);

  self = g_object_new (PD_TYPE_MERCHANT_REFRESHER, NULL);
  self->path = g_strdup (store_path);
  self->clock = g_object_ref (clock);
  g_signal_connect_object (clock, "changed", G_CALLBACK (on_clock_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
pd_merchant_refresher_request (PdMerchantRefresher    *self,
                               PdMerchantRefreshFlags  flags)
{
  g_return_if_fail (PD_IS_MERCHANT_REFRESHER (self));

  if (self->stopped)
    return;
  if (self->running)
    {
      /* One run follows for every request meanwhile: it runs only if
       * stale when each of them said so. */
      if (self->again)
        flags = ((flags | self->again_flags) & ~PD_MERCHANT_REFRESH_IF_STALE) |
                (flags & self->again_flags & PD_MERCHANT_REFRESH_IF_STALE);
      self->again = TRUE;
      self->again_flags = flags;
      return;
    }
  start (self, flags);
}

gboolean
pd_merchant_refresher_get_running (PdMerchantRefresher *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_REFRESHER (self), FALSE);
  return self->running;
}

double
pd_merchant_refresher_get_progress (PdMerchantRefresher *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_REFRESHER (self), 0.0);
  return (double) self->progress_shown / PD_MERCHANT_REFRESH_PROGRESS_DONE;
}

void
pd_merchant_refresher_stop (PdMerchantRefresher *self)
{
  g_return_if_fail (PD_IS_MERCHANT_REFRESHER (self));

  self->stopped = TRUE;
  self->again = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}
