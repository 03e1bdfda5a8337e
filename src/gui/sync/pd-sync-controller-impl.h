/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-credentials.h"
#include "pd-sync-controller-private.h"

G_BEGIN_DECLS

/* The controller's state, shared by its two files: pd-sync-controller.c
 * (settings, credentials, whole runs, the interval) and
 * pd-sync-controller-push.c (the outbox pushed right after a local
 * change, and the user's choices about its entries). */

typedef enum
{
  JOB_NONE,
  JOB_SYNC,   /* a whole run: partner, outbox, feed */
  JOB_PUSH,   /* the outbox alone */
} Job;

struct _PdSyncController
{
  GObject         parent_instance;

  PdContext      *context;
  GCancellable   *cancellable;       /* cancelled at shutdown */

  /* Issue 17: after each sync, the shops connected through the TikTok
   * Shop Open API are read; the app's key and secret from the
   * environment for the session (NULL: the keyring's). */
  PdCredentials  *open_api_app;
  gboolean        open_api_busy;

  PdSyncClient   *client;
  char           *client_endpoint;
  /* What the client was made with, as the keyring held them (or the
   * override): a later lookup that returns the same keeps the client and
   * the tokens it refreshed in memory. */
  PdCredentials  *client_credentials;

  char           *override_endpoint;
  PdCredentials  *override_credentials;

  PdSyncStatus    status;
  char           *message;
  GError         *error;
  PdSyncSummary   progress;
  PdSyncSummary   last_summary;
  gboolean        has_last_summary;
  gboolean        last_summary_ok;   /* the run of last_summary succeeded */
  gint64          last_sync_at;
  guint           interval;
  char           *endpoint;          /* the effective one; "" when none */

  gboolean        busy;              /* a credentials lookup, a run or a push */
  Job             job;               /* what busy is doing */
  gboolean        again;             /* the configuration changed while busy */
  gboolean        started;
  gboolean        shut_down;
  guint           timer_id;
  guint           minute_ms;
  double          delay_scale;
  guint           runs;
  guint           pending_saves;

  /* The push (pd-sync-controller-push.c) */
  guint           push_timer_id;     /* the debounce */
  guint           push_delay_ms;
  gboolean        push_again;        /* a local change came while busy */
  guint           pushes;
  guint           waiting;           /* outbox entries still pending */
  gint64          sent_at;           /* the end of the last push that sent everything, 0: none */
};

/* pd-sync-controller.c */
PdStore  *pd_sync_controller_get_store      (PdSyncController    *self);
void      pd_sync_controller_set_status     (PdSyncController    *self,
                                             PdSyncStatus         status,
                                             const char          *message);
void      pd_sync_controller_set_progress   (PdSyncController    *self,
                                             const PdSyncSummary *progress);
void      pd_sync_controller_read_settings  (PdSyncController    *self);
/* Starts @job (self->busy must be FALSE and an endpoint set): the
 * credentials (the override, else the keyring's), then the run. */
void      pd_sync_controller_begin_job      (PdSyncController    *self,
                                             Job                  job);
void      pd_sync_controller_notify_push    (PdSyncController    *self);

/* pd-sync-controller-push.c */
/* A local change may have queued an entry: push after the delay. */
void      pd_sync_controller_queue_push     (PdSyncController    *self);
/* After a job: a push that waited for it, and the waiting count. */
void      pd_sync_controller_push_after_job (PdSyncController    *self);
/* Re-reads the number of pending entries (notifies "waiting"). */
void      pd_sync_controller_count_waiting  (PdSyncController    *self);
/* pd-sync-controller-open-api.c: the app's Open API key and secret from
 * the environment (construction), the shops read after a sync. */
void      pd_sync_controller_take_open_api_environment (PdSyncController *self);
void      pd_sync_controller_read_open_api_shops       (PdSyncController *self);
void      pd_sync_controller_push_done      (PdSyncController    *self,
                                             gboolean             ok,
                                             const GError        *error);

G_END_DECLS
