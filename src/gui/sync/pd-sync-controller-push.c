/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync-controller"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pd-outbox.h"
#include "pd-sync-controller-impl.h"

/* The outbox side of the controller: a local change is pushed at once
 * (debounced: one push for a burst of changes), not at the next
 * interval; and the user's choices about an entry that did not go. */

#define get_store pd_sync_controller_get_store

void
pd_sync_controller_count_waiting (PdSyncController *self)
{
  g_autoptr(GError) error = NULL;
  guint waiting = 0;

  if (!pd_outbox_count_pending (get_store (self), &waiting, &error))
    {
      g_warning ("Cannot count the outbox of %s: %s", pd_store_get_path (get_store (self)),
                 error->message);
      return;
    }
  if (waiting == self->waiting)
    return;
  self->waiting = waiting;
  pd_sync_controller_notify_push (self);
}

static void
start_push (PdSyncController *self)
{
  if (self->shut_down)
    return;
  if (self->busy)
    {
      /* A run may have sent the outbox already, or not this entry:
       * looked at again when it ends. */
      self->push_again = TRUE;
      return;
    }
  pd_sync_controller_count_waiting (self);
  if (self->waiting == 0)
    return;
  pd_sync_controller_read_settings (self);
  /* Not set up: the entries wait, and the indicator says why. */
  if (*self->endpoint == '\0')
    return;
  pd_sync_controller_begin_job (self, JOB_PUSH);
}

static gboolean
on_push_timer_cb (gpointer user_data)
{
  PdSyncController *self = user_data;

  self->push_timer_id = 0;
  start_push (self);
  return G_SOURCE_REMOVE;
}

void
pd_sync_controller_queue_push (PdSyncController *self)
{
  if (self->shut_down || !self->started)
    return;
  pd_sync_controller_count_waiting (self);
  /* Each change restarts the wait: a burst goes out in one push. */
  g_clear_handle_id (&self->push_timer_id, g_source_remove);
  self->push_timer_id = g_timeout_add (self->push_delay_ms, on_push_timer_cb, self);
  g_source_set_name_by_id (self->push_timer_id, "[partnerdesk] push local changes");
}

void
pd_sync_controller_push_after_job (PdSyncController *self)
{
  if (!self->push_again || self->busy || self->shut_down)
    return;
  self->push_again = FALSE;
  start_push (self);
}

void
pd_sync_controller_push_done (PdSyncController *self,
                              gboolean          ok,
                              const GError     *error)
{
  gint64 sent_at;

  pd_sync_controller_count_waiting (self);
  sent_at = ok && self->waiting == 0 ? g_get_real_time () / G_USEC_PER_SEC : 0;
  if (sent_at != self->sent_at)
    {
      self->sent_at = sent_at;
      pd_sync_controller_notify_push (self);
    }
}

/* The user's choices about an entry */

static gboolean
check_not_running (PdSyncController  *self,
                   GError           **error)
{
  if (!self->busy)
    return TRUE;
  g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_BUSY,
               _("A sync with %s is running and may be sending this change; try again when it has finished"),
               self->endpoint);
  return FALSE;
}

static PdOutboxItem *
find_item (PdSyncController  *self,
           gint64             id,
           GError           **error)
{
  g_autoptr(GPtrArray) items = pd_outbox_list (get_store (self), error);

  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      PdOutboxItem *item = g_ptr_array_index (items, i);

      if (item->id == id)
        return pd_outbox_item_copy (item);
    }
  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
               _("There is no outbox entry %" PRId64 "; it may have been sent meanwhile"), id);
  return NULL;
}

gboolean
pd_sync_controller_retry (PdSyncController  *self,
                          gint64             id,
                          GError           **error)
{
  g_autoptr(PdOutboxItem) item = NULL;

  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), FALSE);

  if (!check_not_running (self, error) || (item = find_item (self, id, error)) == NULL)
    return FALSE;
  /* A pending entry only waits for the next run: start it. */
  if (item->state != PD_OUTBOX_STATE_PENDING && !pd_outbox_retry (get_store (self), id, error))
    return FALSE;
  pd_sync_controller_count_waiting (self);
  g_signal_emit_by_name (self, "outbox-changed");
  pd_sync_controller_sync_now (self);
  return TRUE;
}

gboolean
pd_sync_controller_discard (PdSyncController  *self,
                            gint64             id,
                            GError           **error)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), FALSE);

  if (!check_not_running (self, error) || !pd_outbox_discard (get_store (self), id, error))
    return FALSE;
  pd_sync_controller_count_waiting (self);
  g_signal_emit_by_name (self, "outbox-changed");
  return TRUE;
}

gboolean
pd_sync_controller_keep_mine (PdSyncController  *self,
                              gint64             id,
                              GError           **error)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), FALSE);

  if (!check_not_running (self, error) || !pd_outbox_rebase (get_store (self), id, error))
    return FALSE;
  pd_sync_controller_count_waiting (self);
  g_signal_emit_by_name (self, "outbox-changed");
  pd_sync_controller_sync_now (self);
  return TRUE;
}

gboolean
pd_sync_controller_use_theirs (PdSyncController  *self,
                               gint64             id,
                               GError           **error)
{
  /* The platform's version is already in the store (the pull after the
   * conflict applied it): dropping my change is all there is to do. */
  return pd_sync_controller_discard (self, id, error);
}

/* Test hooks */

void
pd_sync_controller_set_push_delay_ms (PdSyncController *self,
                                      guint             ms)
{
  g_return_if_fail (PD_IS_SYNC_CONTROLLER (self));
  self->push_delay_ms = ms;
}

guint
pd_sync_controller_get_pushes (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), 0);
  return self->pushes;
}
