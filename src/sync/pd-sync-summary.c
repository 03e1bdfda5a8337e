/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pd-sync-client.h"

/* Beside the client, not in it: the app's sync controller declares its
 * "progress" property of this type before it loads the client
 * (src/gui/sync/pd-sync-module.h). */

G_DEFINE_BOXED_TYPE (PdSyncSummary, pd_sync_summary, pd_sync_summary_copy, pd_sync_summary_free)

PdSyncSummary *
pd_sync_summary_copy (const PdSyncSummary *summary)
{
  return g_memdup2 (summary, sizeof *summary);
}

void
pd_sync_summary_free (PdSyncSummary *summary)
{
  g_free (summary);
}
