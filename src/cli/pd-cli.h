/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of partnerdesk-cli (cli.md). */
typedef enum
{
  PD_CLI_EXIT_OK = 0,
  PD_CLI_EXIT_FAILURE = 1,
  PD_CLI_EXIT_USAGE = 2,
} PdCliExit;

/* Runs partnerdesk-cli with its arguments (argv[0] is the program name).
 * All output goes to stdout/stderr; the return value is the exit status. */
int pd_cli_run (int    argc,
                char **argv);

G_END_DECLS
