/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_TEAM_USAGE \
  "team init URL | team join URL --staff NAME | team status [--json] | team sync [--watch SECONDS]"
#define PD_CLI_MERCHANT_USAGE \
  "merchant show SELLER_ID [--json] | merchant note SELLER_ID TEXT | merchant assign SELLER_ID STAFF"

/* partnerdesk-cli team (partnerdesk-cli(1)): the PostgreSQL team hub. */
int  pd_cli_team_command          (PdStore   *store,
                                   int        argc,
                                   char     **argv);
/* partnerdesk-cli merchant: one merchant's agency fields. */
int  pd_cli_merchant_command      (PdStore   *store,
                                   int        argc,
                                   char     **argv);
/* Member "conflicts": both versions of each conflict (PdTeamConflict). */
void pd_cli_team_add_conflicts_json (JsonBuilder *builder,
                                     GPtrArray   *conflicts);
/* Both versions of each conflict (PdTeamConflict), for a terminal. */
void pd_cli_team_print_conflicts  (GPtrArray *conflicts);

G_END_DECLS
