/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "pd-cli.h"
#include "pd-cli-table.h"
#include "pd-cli-team.h"
#include "pd-safe-text.h"
#include "pd-team-db.h"
#include "pd-team-password.h"
#include "pd-team-staff.h"

#define STAFF_USAGE \
  "team staff add ACCOUNT [--lead] [--url URL] | team staff list [--json] [--url URL] |" \
  " team staff remove ACCOUNT [--url URL]"

char *
pd_cli_team_read_secret (const char  *env_name,
                         const char  *prompt,
                         GError     **error)
{
  char buffer[1024];
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  gboolean echo_off = FALSE;
  char *line;
  char *secret;

  if (env_name != NULL && g_getenv (env_name) != NULL && *g_getenv (env_name) != '\0')
    {
      secret = g_strdup (g_getenv (env_name));
      g_unsetenv (env_name);  /* no child inherits it */
      return secret;
    }
  if (tty)
    {
      g_printerr ("%s", prompt);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  if (line != NULL)
    buffer[strcspn (buffer, "\r\n")] = '\0';
  if (line == NULL || buffer[0] == '\0')
    {
      explicit_bzero (buffer, sizeof buffer);
      if (env_name != NULL)
        g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_INVALID_URL,
                     _("Expected the password on standard input (one line) or in %s"), env_name);
      else
        g_set_error_literal (error, PD_TEAM_ERROR, PD_TEAM_ERROR_INVALID_URL,
                             _("Expected the password on standard input (one line)"));
      return NULL;
    }
  secret = g_strdup (buffer);
  explicit_bzero (buffer, sizeof buffer);
  return secret;
}

static int
add_command (PdTeamHub   *hub,
             const char  *url,
             const char  *account,
             gboolean     lead)
{
  g_autoptr(GError) error = NULL;
  char *password;
  gboolean ok;

  if (!pd_team_staff_check_account (account, &error))
    return pd_cli_team_report_error (error);
  password = pd_cli_team_read_secret ("PD_TEAM_NEW_PASSWORD", _("Password of the new account: "), &error);
  if (password == NULL)
    return pd_cli_team_report_error (error);
  ok = pd_team_staff_add (hub, url, account, password, lead, &error);
  pd_team_password_free (password);
  if (!ok)
    return pd_cli_team_report_error (error);
  g_print (lead ? _("Added the team lead account %s; it joins with “partnerdesk-cli team join URL --staff NAME”\n")
                : _("Added the staff account %s; it joins with “partnerdesk-cli team join URL --staff NAME”\n"),
           account);
  return PD_CLI_EXIT_OK;
}

static int
list_command (PdTeamHub  *hub,
              const char *url,
              gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = pd_team_staff_list (hub, url, &error);

  if (members == NULL)
    return pd_cli_team_report_error (error);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < members->len; i++)
        {
          const PdTeamStaffMember *m = g_ptr_array_index (members, i);
          g_autofree char *at = m->joined_at > 0 ? pd_cli_format_time (m->joined_at) : NULL;

          json_builder_begin_object (builder);
          pd_cli_json_string (builder, "account", m->account);
          pd_cli_json_string (builder, "name", m->name);
          json_builder_set_member_name (builder, "lead");
          json_builder_add_boolean_value (builder, m->lead);
          pd_cli_json_string (builder, "joined_at", at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      pd_cli_print_json (builder);
      return PD_CLI_EXIT_OK;
    }
  for (guint i = 0; i < members->len; i++)
    {
      const PdTeamStaffMember *m = g_ptr_array_index (members, i);
      g_autofree char *name = pd_safe_text_dup (m->name != NULL ? m->name : "", -1, 0, PD_SAFE_TEXT_DEFAULT);
      g_autofree char *at = m->joined_at > 0 ? pd_cli_format_time (m->joined_at) : NULL;

      g_print ("%s\t%s\t%s\t%s\n", m->account, m->lead ? _("lead") : _("staff"),
               m->name != NULL ? name : _("(not joined)"), at != NULL ? at : "-");
    }
  return PD_CLI_EXIT_OK;
}

int
pd_cli_team_staff_command (PdTeamHub  *hub,
                           int         argc,
                           char      **argv)
{
  g_autoptr(GError) error = NULL;
  const char *verb = argc >= 3 ? argv[2] : "";
  const char *url = NULL, *account = NULL;
  gboolean lead = FALSE, json = FALSE;

  for (int i = 3; i < argc; i++)
    {
      const char *value;

      if (pd_cli_option_value (argc, argv, &i, "--url", &value))
        url = value;
      else if (g_str_equal (verb, "add") && g_str_equal (argv[i], "--lead"))
        lead = TRUE;
      else if (g_str_equal (verb, "list") && g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (!g_str_equal (verb, "list") && account == NULL && argv[i][0] != '-')
        account = argv[i];
      else
        return pd_cli_unknown_argument (STAFF_USAGE, argv[i]);
    }
  if (url != NULL && !pd_team_db_check_url (url, NULL, NULL, &error))
    return pd_cli_team_report_error (error);
  if (g_str_equal (verb, "list"))
    return list_command (hub, url, json);
  if (!g_str_equal (verb, "add") && !g_str_equal (verb, "remove"))
    return pd_cli_usage_error (STAFF_USAGE, NULL);
  if (account == NULL)
    return pd_cli_usage_error (STAFF_USAGE, _("the staff account’s name is required"));
  if (g_str_equal (verb, "add"))
    return add_command (hub, url, account, lead);
  if (!pd_team_staff_remove (hub, url, account, &error))
    return pd_cli_team_report_error (error);
  g_print (_("Removed the staff account %s; what it shared stays credited to its staff name\n"), account);
  return PD_CLI_EXIT_OK;
}
