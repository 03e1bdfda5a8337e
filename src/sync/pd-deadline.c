/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include "pd-deadline.h"

struct _PdDeadline
{
  GCancellable *parent;
  GCancellable *cancellable;
  gulong        parent_handler;
  gint64        end_us;
  GThread      *thread;
  GMutex        lock;
  GCond         cond;
  gboolean      stopped;
  gboolean      expired;
};

static gpointer
watch (gpointer data)
{
  PdDeadline *self = data;
  gboolean expired = FALSE;

  g_mutex_lock (&self->lock);
  while (!self->stopped)
    {
      if (g_get_monotonic_time () >= self->end_us)
        {
          self->expired = expired = TRUE;
          break;
        }
      g_cond_wait_until (&self->cond, &self->lock, self->end_us);
    }
  g_mutex_unlock (&self->lock);
  if (expired)
    g_cancellable_cancel (self->cancellable);
  return NULL;
}

static void
on_parent_cancelled (GCancellable *parent,
                     gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

PdDeadline *
pd_deadline_new (GCancellable *parent,
                 gint64        end_us)
{
  PdDeadline *self = g_new0 (PdDeadline, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->end_us = end_us;
  self->cancellable = g_cancellable_new ();
  if (parent != NULL)
    {
      self->parent = g_object_ref (parent);
      self->parent_handler = g_cancellable_connect (parent, G_CALLBACK (on_parent_cancelled),
                                                    self->cancellable, NULL);
    }
  self->thread = g_thread_new ("pd-deadline", watch, self);
  return self;
}

GCancellable *
pd_deadline_get_cancellable (PdDeadline *self)
{
  return self->cancellable;
}

gboolean
pd_deadline_expired (PdDeadline *self)
{
  gboolean expired;

  g_mutex_lock (&self->lock);
  expired = self->expired;
  g_mutex_unlock (&self->lock);
  return expired;
}

void
pd_deadline_free (PdDeadline *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopped = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  if (self->parent != NULL)
    {
      g_cancellable_disconnect (self->parent, self->parent_handler);
      g_object_unref (self->parent);
    }
  g_object_unref (self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
