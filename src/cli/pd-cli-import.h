/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_IMPORT_USAGE "import targets|stores|links|rates|program FILE [--sheet NAME] [--program ID] [--replace] [--json]"
#define PD_CLI_EXPORT_LINKS_USAGE "export links --output FILE [--state STATE] [--search TEXT]"
#define PD_CLI_EXPORT_MERCHANTS_USAGE \
  "export merchants --output FILE [--program ID] [--verdict V] [--market M] [--staff NAME] [--search TEXT]"

int pd_cli_import_command (PdStore  *store,
                           int       argc,
                           char    **argv);
int pd_cli_export_merchants_command (PdStore  *store,
                                     int       argc,
                                     char    **argv);
int pd_cli_export_command (PdStore  *store,
                           int       argc,
                           char    **argv);

G_END_DECLS
