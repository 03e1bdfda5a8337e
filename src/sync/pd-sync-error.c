/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include "pd-sync-error.h"

G_DEFINE_QUARK (pd-sync-error-quark, pd_sync_error)

gboolean
pd_sync_error_is_auth (const GError *error)
{
  return error != NULL && error->domain == PD_SYNC_ERROR &&
         (error->code == PD_SYNC_ERROR_AUTH || error->code == PD_SYNC_ERROR_APP_KEY_REFUSED ||
          error->code == PD_SYNC_ERROR_SECRET_REFUSED || error->code == PD_SYNC_ERROR_CLOCK);
}
