/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "partnerdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-paths.h"
#include "pd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdApplication) app = NULL;

  /* Translations and data of the install prefix, or of the build tree
   * this program runs from (./run, meson test). */
  pd_paths_init_program ();

  g_set_application_name (_("Partner Desk"));

  app = pd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
