/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of partnerdesk-cli (partnerdesk-cli(1)). */
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

/* For the commands: prints "partnerdesk-cli: MESSAGE" (when @message is
 * not NULL) and the usage line @usage on stderr; returns
 * PD_CLI_EXIT_USAGE. */
int      pd_cli_usage_error      (const char  *usage,
                                  const char  *message);

/* pd_cli_usage_error() with "unknown argument “ARGUMENT”". */
int      pd_cli_unknown_argument (const char  *usage,
                                  const char  *argument);

/* "--name VALUE" or "--name=VALUE" at argv[*i]: sets @value (and moves
 * *i past VALUE in the first form) and returns TRUE. */
gboolean pd_cli_option_value     (int          argc,
                                  char       **argv,
                                  int         *i,
                                  const char  *name,
                                  const char **value);

G_END_DECLS
