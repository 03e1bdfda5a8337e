/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-cli.h"
#include "pd-cli-link.h"
#include "pd-config.h"
#include "pd-store-authorizations.h"
#include "pd-store-links.h"

#define ONBOARDING_USAGE \
  "link onboarding --seller ID [--market M] [--program ID] [--staff NAME] [--new]"
#define AUTHORIZATION_USAGE \
  "link authorization --service ID [--seller ID] [--shops ID,...] [--days N | --unlimited]" \
  " [--renew AUTHORIZATION_ID]"
#define REVOKE_USAGE "link revoke TOKEN"

/* What the user typed is wrong (unknown seller, token, market without a
 * base link, a revoked link...): exit 2; anything else 1 (cli.md). */
static int
report_error (const GError *error)
{
  g_printerr ("partnerdesk-cli: %s\n", error->message);
  if ((error->domain == PD_STORE_ERROR && error->code == PD_STORE_ERROR_INVALID) ||
      error->domain == PD_CONFIG_ERROR)
    return PD_CLI_EXIT_USAGE;
  return PD_CLI_EXIT_FAILURE;
}

static int
onboarding_command (PdStore  *store,
                    int       argc,
                    char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;
  const char *seller = NULL, *market = NULL, *program = NULL, *staff = NULL;
  gboolean force_new = FALSE;

  for (int i = 2; i < argc; i++)
    {
      const char *value;

      if (pd_cli_option_value (argc, argv, &i, "--seller", &value))
        seller = value;
      else if (pd_cli_option_value (argc, argv, &i, "--market", &value))
        market = value;
      else if (pd_cli_option_value (argc, argv, &i, "--program", &value))
        program = value;
      else if (pd_cli_option_value (argc, argv, &i, "--staff", &value))
        staff = value;
      else if (g_str_equal (argv[i], "--new"))
        force_new = TRUE;
      else
        return pd_cli_unknown_argument (ONBOARDING_USAGE, argv[i]);
    }
  if (seller == NULL || *seller == '\0')
    return pd_cli_usage_error (ONBOARDING_USAGE, _("--seller ID is required"));

  if (!pd_store_link_onboarding (store, seller, market, program, staff, force_new, &link, NULL, &error))
    return report_error (error);
  g_print ("%s\n", link->url);
  return PD_CLI_EXIT_OK;
}

static int
authorization_command (PdStore  *store,
                       int       argc,
                       char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;
  g_auto(GStrv) shops = NULL;
  PdAuthorizationLinkRequest request = { 0 };
  gboolean days_given = FALSE, unlimited = FALSE;
  guint64 days = 0;

  for (int i = 2; i < argc; i++)
    {
      const char *value;

      if (pd_cli_option_value (argc, argv, &i, "--service", &value))
        request.service_id = value;
      else if (pd_cli_option_value (argc, argv, &i, "--seller", &value))
        request.seller_id = value;
      else if (pd_cli_option_value (argc, argv, &i, "--staff", &value))
        request.staff = value;
      else if (pd_cli_option_value (argc, argv, &i, "--renew", &value))
        request.renewal_of = value;
      else if (pd_cli_option_value (argc, argv, &i, "--shops", &value))
        {
          g_strfreev (shops);
          shops = g_strsplit (value, ",", -1);
          for (guint s = 0; shops[s] != NULL; s++)
            g_strstrip (shops[s]);
        }
      else if (g_str_equal (argv[i], "--unlimited"))
        unlimited = TRUE;
      else if (pd_cli_option_value (argc, argv, &i, "--days", &value))
        {
          days_given = TRUE;
          if (!g_ascii_string_to_unsigned (value, 10, 1, 3650, &days, NULL))
            {
              g_autofree char *message =
                g_strdup_printf (_("--days: “%s” is not a duration; expected a whole number of"
                                   " days from 1 to 3650 (leave it out to let the seller pick)"),
                                 value);

              return pd_cli_usage_error (AUTHORIZATION_USAGE, message);
            }
        }
      else
        return pd_cli_unknown_argument (AUTHORIZATION_USAGE, argv[i]);
    }
  if (days_given && unlimited)
    return pd_cli_usage_error (AUTHORIZATION_USAGE, _("--days and --unlimited exclude each other"));
  if ((request.service_id == NULL || *request.service_id == '\0') && request.renewal_of == NULL)
    return pd_cli_usage_error (AUTHORIZATION_USAGE,
                               _("--service ID is required (or --renew AUTHORIZATION_ID)"));

  request.shop_ids = (const char * const *) shops;
  request.duration_days = (int) days;
  if (!pd_store_authorization_link (store, &request, &link, &error))
    return report_error (error);
  g_print ("%s\n", link->url);
  return PD_CLI_EXIT_OK;
}

static int
revoke_command (PdStore  *store,
                int       argc,
                char    **argv)
{
  g_autoptr(GError) error = NULL;
  const char *token;

  /* A token may begin with '-' (it is URL-safe base64): a valid token is
   * taken as one, and "--" ends the options as usual. */
  if (argc == 4 && g_str_equal (argv[2], "--"))
    token = argv[3];
  else if (argc == 3 && (argv[2][0] != '-' || pd_link_token_is_valid (argv[2])))
    token = argv[2];
  else
    return pd_cli_usage_error (REVOKE_USAGE, argc > 3 ? _("exactly one TOKEN is expected") : NULL);

  if (!pd_store_link_revoke (store, token, &error))
    return report_error (error);
  g_print (_("Link %s revoked\n"), token);
  return PD_CLI_EXIT_OK;
}

int
pd_cli_link_command (PdStore  *store,
                     int       argc,
                     char    **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "onboarding"))
    return onboarding_command (store, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "authorization"))
    return authorization_command (store, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "revoke"))
    return revoke_command (store, argc, argv);
  return pd_cli_usage_error (PD_CLI_LINK_USAGE, NULL);
}
