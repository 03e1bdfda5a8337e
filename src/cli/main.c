/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "partnerdesk-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-paths.h"
#include "pd-cli.h"

int
main (int   argc,
      char *argv[])
{
  /* Translations and data of the install prefix, or of the build tree
   * this program runs from (./run, meson test). */
  pd_paths_init_program ();

  return pd_cli_run (argc, argv);
}
