/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_SYNC_USAGE "sync [--endpoint URL] [--json]"

/* partnerdesk-cli sync: one run against the platform (partnerdesk-cli(1)).
 * Credentials from PD_APP_KEY, PD_APP_SECRET, PD_ACCESS_TOKEN and
 * PD_REFRESH_TOKEN when set, else from the keyring. */
int pd_cli_sync_command (PdStore  *store,
                         int       argc,
                         char    **argv);

G_END_DECLS
