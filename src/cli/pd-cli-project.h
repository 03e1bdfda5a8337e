/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-projection-setup.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_PROJECT_USAGE "project --program ID --as-of TIME [--json]"
#define PD_CLI_EXPORT_PAYOUTS_USAGE \
  "export payouts --program ID --as-of TIME --format csv|pdf|xlsx --output FILE"
#define PD_CLI_EXPORT_USAGE \
  PD_CLI_EXPORT_LINKS_USAGE " | " PD_CLI_EXPORT_MERCHANTS_USAGE " | " PD_CLI_EXPORT_PAYOUTS_USAGE

/* partnerdesk-cli project */
int       pd_cli_project_command         (PdStore  *store,
                                          int       argc,
                                          char    **argv);

/* For the commands of this file and pd-cli-payouts.c: loads the
 * program's rules, reads --as-of (a time without an offset is in the
 * program's time zone) and the expected-value model into @setup
 * (pd-projection-setup.h), printing what went wrong. Returns the exit
 * status to use on failure, or PD_CLI_EXIT_OK. */
int       pd_cli_project_setup           (PdStore            *store,
                                          const char         *program_id,
                                          const char         *as_of_text,
                                          PdProjectionSetup  *setup);

G_END_DECLS
