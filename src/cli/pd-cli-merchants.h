/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_MERCHANTS_USAGE \
  "merchants [--program ID] [--search TEXT] [--verdict V] [--stage S] [--market M] [--staff NAME]" \
  " [--sort [-]COLUMN] [--limit N] [--json]"

/* partnerdesk-cli merchants (partnerdesk-cli(1)): the Merchants page's
 * rows, searched and filtered as the page does. */
int pd_cli_merchants_command (PdStore *store, int argc, char **argv);

G_END_DECLS
