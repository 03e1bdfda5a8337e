/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-sync-client.h"

G_BEGIN_DECLS

/* Test hooks (tests and the CLI's PARTNERDESK_TEST_* variables only). */

/* Seconds added to this computer's clock when signing: a skewed clock. */
void    pd_sync_client_set_clock_offset  (PdSyncClient *self,
                                          gint64        seconds);
gint64  pd_sync_client_get_clock_offset  (PdSyncClient *self);
/* Every backoff delay multiplied by @scale (same policy, faster test). */
void    pd_sync_client_set_delay_scale   (PdSyncClient *self,
                                          double        scale);
/* SIGKILL right after the @n-th response arrived (0: never). */
void    pd_sync_client_set_kill_after    (PdSyncClient *self,
                                          guint         n);
/* Changes asked per page (1 to 1000; default 1000). */
void    pd_sync_client_set_page_limit    (PdSyncClient *self,
                                          guint         limit);

G_END_DECLS
