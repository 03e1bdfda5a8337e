/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync-controller"

#include "config.h"

#include "pd-open-api-client.h"
#include "pd-sync-controller-impl.h"

/* Issue 17: the shops connected through the TikTok Shop Open API are
 * read after each sync, so that their figures are the platform's within
 * one sync of a seller's authorization. */

const PdCredentials *
pd_sync_controller_get_open_api_app (PdSyncController *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (self), NULL);

  return self->open_api_app;
}

void
pd_sync_controller_take_open_api_environment (PdSyncController *self)
{
  self->open_api_app = pd_open_api_app_take_environment ();
}

static void
on_open_api_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PdSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_read = 0, n_ended = 0;

  self->open_api_busy = FALSE;
  if (!pd_open_api_client_read_all_finish (result, &n_read, &n_ended, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Reading the connected shops failed: %s", error->message);
  /* The reads wrote on a connection of their own: tell this process. */
  if ((n_read > 0 || n_ended > 0) && !self->shut_down)
    pd_store_emit_change (pd_context_get_store (self->context), PD_ENTITY_STORES, NULL,
                          PD_CHANGE_ORIGIN_SYNC);
}

/* After a sync: the shops' figures from the TikTok Shop Open API, in a
 * worker thread, without holding the sync's status (a shop that cannot
 * be read keeps its error, `shops` shows it). */
void
pd_sync_controller_read_open_api_shops (PdSyncController *self)
{
  if (self->open_api_busy || self->shut_down)
    return;
  self->open_api_busy = TRUE;
  pd_open_api_client_read_all_async (pd_store_get_path (pd_context_get_store (self->context)),
                                     self->open_api_app, self->cancellable, on_open_api_read_cb,
                                     g_object_ref (self));
}
