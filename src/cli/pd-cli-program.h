/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_PROGRAM_USAGE \
  "program override PROGRAM KEY VALUE|default | program overrides PROGRAM [--json]"

/* partnerdesk-cli program: the agency's overrides of a program's
 * assumptions (pd-store-overrides.h). */
int    pd_cli_program_command        (PdStore     *store,
                                      int          argc,
                                      char       **argv);

/* The overrides in force for @program_id as a JSON array (one line per
 * override), for `program overrides --json` and `project --json`. */
char  *pd_cli_program_overrides_json (PdStore     *store,
                                      const char  *program_id,
                                      GError     **error);

G_END_DECLS
