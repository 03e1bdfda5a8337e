/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-store.h"
#include "pd-team-hub.h"

G_BEGIN_DECLS

#define PD_CLI_TEAM_USAGE \
  "team init URL | team join URL --staff NAME [--password-stdin] | team status [--json] |" \
  " team sync [--watch SECONDS] | team leave | team staff add ACCOUNT [--lead] [--url URL] |" \
  " team staff list [--json] [--url URL] | team staff remove ACCOUNT [--url URL]"
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
/* partnerdesk-cli team staff add | list | remove (pd-cli-team-staff.c). */
int  pd_cli_team_staff_command    (PdTeamHub *hub,
                                   int        argc,
                                   char     **argv);
/* @error on stderr; exit 2 for bad input (PD_TEAM_ERROR_INVALID_URL), else 1. */
int  pd_cli_team_report_error     (const GError *error);
/* A password: @env_name's value (then removed from the environment),
 * else one line of standard input, typed without echo after @prompt on
 * a terminal. Free with pd_team_password_free(). */
char *pd_cli_team_read_secret     (const char  *env_name,
                                   const char  *prompt,
                                   GError     **error);

G_END_DECLS
