/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_REQUESTS_USAGE "requests [--status S] [--json]"
#define PD_CLI_REQUEST_USAGE \
  "request accept ID | request reject ID --reason TEXT | request close ID [--note TEXT]"
#define PD_CLI_AUTHORIZATIONS_USAGE "authorizations [--expiring DAYS] [--json]"

/* partnerdesk-cli requests, request, authorizations (partnerdesk-cli(1)) */
int pd_cli_requests_command       (PdStore *store, int argc, char **argv);
int pd_cli_request_command        (PdStore *store, int argc, char **argv);
int pd_cli_authorizations_command (PdStore *store, int argc, char **argv);

G_END_DECLS
