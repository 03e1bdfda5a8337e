/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-engine.h"
#include "pd-projection.h"
#include "pd-rules.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_PROJECT_USAGE "project --program ID --as-of TIME [--json]"
#define PD_CLI_EXPORT_PAYOUTS_USAGE \
  "export payouts --program ID --as-of TIME --format csv|pdf --output FILE"
#define PD_CLI_EXPORT_USAGE \
  "export links --output FILE | " PD_CLI_EXPORT_PAYOUTS_USAGE

/* partnerdesk-cli project */
int       pd_cli_project_command         (PdStore  *store,
                                          int       argc,
                                          char    **argv);

/* partnerdesk-cli export payouts; `export links` goes on to
 * pd_cli_export_command() (pd-cli-import.h). */
int       pd_cli_export_any_command      (PdStore  *store,
                                          int       argc,
                                          char    **argv);

/* For the commands of this file and pd-cli-payouts.c. */

typedef struct
{
  PdRules         *rules;
  gint64           as_of;
  PdExpectedModel  model;
} PdCliProjectSetup;

/* Loads the program's rules, reads --as-of (a time without an offset is
 * in the program's time zone) and the expected-value model. Returns the
 * exit status to use on failure, or PD_CLI_EXIT_OK. */
int       pd_cli_project_setup           (PdStore            *store,
                                          const char         *program_id,
                                          const char         *as_of_text,
                                          PdCliProjectSetup  *setup);
void      pd_cli_project_setup_clear     (PdCliProjectSetup  *setup);

/* "sales: GMV CNY 780.00 of 1,000.00, 14 days left; target: ...": the
 * unmet conditions of a pending entry, the failed ones of a lost entry,
 * nothing for a qualified one. */
void      pd_cli_append_missing          (PdRules              *rules,
                                          gint64                as_of,
                                          const PdEntryVerdict *verdict,
                                          GString              *out);

/* "0.5", "1", "0.123456789" */
char     *pd_cli_format_ppb              (gint64                ppb);

/* Runs the projection alone (no output), for the exports' first pass. */
PdProjection *pd_cli_run_projection      (PdStore            *store,
                                          PdCliProjectSetup  *setup,
                                          GError            **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdCliProjectSetup, pd_cli_project_setup_clear)

G_END_DECLS
