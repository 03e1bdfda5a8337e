/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "partnerdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdApplication) app = NULL;

  const char *localedir = g_getenv ("PARTNERDESK_LOCALEDIR");

  /* PARTNERDESK_LOCALEDIR: translations of an uninstalled build (./run). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Partner Desk"));

  app = pd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
