/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-cli.h"
#include "pd-cli-link.h"
#include "pd-config.h"
#include "pd-program-period.h"
#include "pd-store-authorizations.h"
#include "pd-store-links.h"

#define ONBOARDING_USAGE \
  "link onboarding --seller ID [--market M] [--program ID] [--staff NAME] [--new] [--force]"
#define AUTHORIZATION_USAGE \
  "link authorization --service ID [--seller ID] [--shops ID,...] [--days N | --unlimited]" \
  " [--renew AUTHORIZATION_ID]"
#define REVOKE_USAGE "link revoke TOKEN"

/* What the user typed is wrong (unknown seller, token, market without a
 * base link, a revoked link...): exit 2; anything else 1 (partnerdesk-cli(1)). */
static int
report_error (const GError *error)
{
  g_printerr ("partnerdesk-cli: %s\n", error->message);
  if ((error->domain == PD_STORE_ERROR && error->code == PD_STORE_ERROR_INVALID) ||
      error->domain == PD_CONFIG_ERROR)
    return PD_CLI_EXIT_USAGE;
  return PD_CLI_EXIT_FAILURE;
}

/* Whether the seller already has an active onboarding link for the
 * program: then printing it creates nothing. */
static gboolean
has_active_link (PdStore    *store,
                 const char *seller_id,
                 const char *program_id,
                 gint64      now)
{
  g_autoptr(GPtrArray) links = pd_store_links_for_seller (store, seller_id, NULL);

  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      const PdLink *link = g_ptr_array_index (links, i);

      if (g_strcmp0 (link->kind, "onboarding") == 0 && g_strcmp0 (link->program_id, program_id) == 0 &&
          g_strcmp0 (pd_link_effective_state (link->state, link->expires_at, now), "active") == 0)
        return TRUE;
    }
  return FALSE;
}

/* A new link for a program whose period has ended brings no store that
 * counts for it: refused (exit 2) unless --force. Printing the seller's
 * active link of that program creates nothing and is not refused. */
static gboolean
check_program_running (PdStore     *store,
                       const char  *seller_id,
                       const char  *program_id,
                       gboolean     force_new,
                       GError     **error)
{
  g_autoptr(GPtrArray) programs = pd_store_list_programs (store, error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (programs == NULL)
    return FALSE;
  if (!force_new && has_active_link (store, seller_id, program_id, now))
    return TRUE;
  for (guint i = 0; i < programs->len; i++)
    {
      PdProgram *program = g_ptr_array_index (programs, i);

      if (g_str_equal (pd_program_get_id (program), program_id) && pd_program_has_ended (program, now))
        {
          g_autofree char *label = pd_program_dup_label (program, now);

          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                       _("%s: the period is over, so a store opened through a new link cannot count for"
                         " it; nothing was created (add --force to create the link anyway)"), label);
          return FALSE;
        }
    }
  return TRUE;
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
  gboolean force = FALSE;

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
      else if (g_str_equal (argv[i], "--force"))
        force = TRUE;
      else
        return pd_cli_unknown_argument (ONBOARDING_USAGE, argv[i]);
    }
  if (seller == NULL || *seller == '\0')
    return pd_cli_usage_error (ONBOARDING_USAGE, _("--seller ID is required"));
  if (program != NULL && !force && !check_program_running (store, seller, program, force_new, &error))
    return report_error (error);

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
