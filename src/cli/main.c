/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "partnerdesk-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pd-cli.h"

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("PARTNERDESK_LOCALEDIR");

  /* PARTNERDESK_LOCALEDIR: translations of an uninstalled build (./run). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return pd_cli_run (argc, argv);
}
