/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_LINK_USAGE \
  "link onboarding --seller ID [--market M] [--program ID] [--staff NAME] [--new] [--force] | " \
  "link authorization --service ID [--seller ID] [--shops ID,...] [--days N | --unlimited]" \
  " [--renew AUTHORIZATION_ID] | link revoke TOKEN"

/* partnerdesk-cli link onboarding|authorization|revoke (partnerdesk-cli(1)) */
int pd_cli_link_command (PdStore  *store,
                         int       argc,
                         char    **argv);

G_END_DECLS
