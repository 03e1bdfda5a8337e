/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-cli.h"
#include "pd-cli-table.h"
#include "pd-cli-team.h"
#include "pd-safe-text.h"
#include "pd-team-db.h"
#include "pd-team-app-api.h"
#include "pd-team-hub.h"
#include "pd-team-password.h"

/* An address or staff name the user typed is wrong: exit 2. */
int
pd_cli_team_report_error (const GError *error)
{
  if (error->domain == PD_TEAM_ERROR && error->code == PD_TEAM_ERROR_INVALID_URL)
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      return PD_CLI_EXIT_USAGE;
    }
  return pd_cli_report_error (error);
}

static int
init_command (PdTeamHub  *hub,
              int         argc,
              char      **argv)
{
  g_autoptr(GError) error = NULL;
  guint from = 0, to = 0;

  if (argc != 3)
    return pd_cli_usage_error ("team init URL", NULL);
  if (!pd_team_hub_init_sync (hub, argv[2], &from, &to, &error))
    return pd_cli_team_report_error (error);
  if (from == 0)
    g_print (_("Team hub created: schema version %u\n"), to);
  else if (from < to)
    g_print (_("Team hub migrated from schema version %u to %u\n"), from, to);
  else
    g_print (_("Team hub already at schema version %u\n"), to);
  return PD_CLI_EXIT_OK;
}

static int
join_command (PdTeamHub  *hub,
              int         argc,
              char      **argv)
{
  static const char usage[] = "team join URL --staff NAME [--password-stdin]";
  g_autoptr(GError) error = NULL;
  const char *url = NULL, *staff = NULL;
  gboolean from_stdin = FALSE;
  char *password = NULL;
  gboolean ok;

  for (int i = 2; i < argc; i++)
    {
      const char *value;

      if (pd_cli_option_value (argc, argv, &i, "--staff", &value))
        staff = value;
      else if (g_str_equal (argv[i], "--password-stdin"))
        from_stdin = TRUE;
      else if (url == NULL && argv[i][0] != '-')
        url = argv[i];
      else
        return pd_cli_unknown_argument (usage, argv[i]);
    }
  if (url == NULL || staff == NULL)
    return pd_cli_usage_error (usage, _("the hub’s URL and --staff NAME are required"));
  /* The password for the keyring: typed, or one line of standard input,
   * never an argument nor (here) the environment. */
  if (from_stdin)
    {
      password = pd_cli_team_read_secret (NULL, _("Password of your staff account: "), &error);
      if (password == NULL)
        return pd_cli_team_report_error (error);
      pd_team_hub_set_password (hub, password);
      pd_team_password_free (password);
    }
  if (!pd_team_hub_join_sync (hub, url, staff, &error))
    return pd_cli_team_report_error (error);
  ok = !from_stdin || pd_team_hub_save_password (hub, &error);
  pd_team_hub_set_password (hub, NULL);
  if (!ok)
    {
      g_printerr (_("partnerdesk-cli: joined, but the password was not saved: %s\n"), error->message);
      return PD_CLI_EXIT_FAILURE;
    }
  g_print (_("Joined the team hub as %s; “partnerdesk-cli team sync” shares this desktop’s edits\n"),
           staff);
  return PD_CLI_EXIT_OK;
}

void
pd_cli_team_add_conflicts_json (JsonBuilder *builder,
                                GPtrArray   *conflicts)
{
  json_builder_set_member_name (builder, "conflicts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const PdTeamConflict *c = g_ptr_array_index (conflicts, i);
      g_autofree char *mine_at = pd_cli_format_time (c->mine_at);
      g_autofree char *theirs_at = pd_cli_format_time (c->theirs_at);

      json_builder_begin_object (builder);
      pd_cli_json_string (builder, "entity", c->entity);
      pd_cli_json_string (builder, "id", c->object);
      pd_cli_json_string (builder, "field", c->field);
      pd_cli_json_string (builder, "mine", c->mine);
      pd_cli_json_string (builder, "mine_at", mine_at);
      pd_cli_json_string (builder, "theirs", c->theirs);
      pd_cli_json_string (builder, "theirs_by", c->theirs_by);
      pd_cli_json_string (builder, "theirs_at", theirs_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_status_json (const PdTeamStatus *s)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "joined");
  json_builder_add_boolean_value (builder, s->state.url != NULL);
  pd_cli_json_string (builder, "url", s->state.url);
  pd_cli_json_string (builder, "staff", s->state.staff);
  pd_cli_json_string (builder, "desktop", s->state.desktop);
  json_builder_set_member_name (builder, "connected");
  json_builder_add_boolean_value (builder, s->connected);
  pd_cli_json_string (builder, "error", s->connect_error);
  json_builder_set_member_name (builder, "schema_version");
  if (s->connected)
    json_builder_add_int_value (builder, s->schema_version);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "hub_sequence");
  if (s->hub_seq >= 0)
    json_builder_add_int_value (builder, s->hub_seq);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "last_pulled_sequence");
  json_builder_add_int_value (builder, s->state.last_seq);
  json_builder_set_member_name (builder, "pending_pushes");
  json_builder_add_int_value (builder, s->pending);
  json_builder_set_member_name (builder, "refused");
  json_builder_begin_array (builder);
  for (guint i = 0; i < s->refused->len; i++)
    {
      const PdTeamOutboxItem *item = g_ptr_array_index (s->refused, i);

      json_builder_begin_object (builder);
      pd_cli_json_string (builder, "entity", item->entity);
      pd_cli_json_string (builder, "id", item->object);
      pd_cli_json_string (builder, "field", item->field);
      pd_cli_json_string (builder, "value", item->value);
      pd_cli_json_string (builder, "error", item->last_error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  pd_cli_team_add_conflicts_json (builder, s->conflicts);
  json_builder_set_member_name (builder, "last_sync");
  if (s->state.last_result != NULL)
    {
      g_autofree char *at = pd_cli_format_time (s->state.last_sync_at);

      json_builder_begin_object (builder);
      pd_cli_json_string (builder, "at", at);
      pd_cli_json_string (builder, "result", s->state.last_result);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  pd_cli_print_json (builder);
}

/* Text from the hub and other desktops, made safe for a terminal. */
static char *
safe (const char *text)
{
  return pd_safe_text_dup (text != NULL ? text : "", -1, 0, PD_SAFE_TEXT_DEFAULT);
}

void
pd_cli_team_print_conflicts (GPtrArray *conflicts)
{
  for (guint i = 0; i < conflicts->len; i++)
    {
      const PdTeamConflict *c = g_ptr_array_index (conflicts, i);
      g_autofree char *at = pd_cli_format_time (c->theirs_at);
      g_autofree char *mine = safe (c->mine);
      g_autofree char *theirs = safe (c->theirs);
      g_autofree char *by = safe (c->theirs_by);

      g_print (_("Conflict on %s %s, %s:\n  yours (not applied): %s\n  the team’s (kept), by %s at %s: %s\n"),
               c->entity, c->object, c->field, mine, by, at != NULL ? at : "-", theirs);
    }
}

static int
status_command (PdTeamHub  *hub,
                int         argc,
                char      **argv)
{
  g_auto(PdTeamStatus) s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *hub_seq = NULL;
  g_autofree char *last_seq = NULL;
  gboolean json = FALSE;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else
        return pd_cli_unknown_argument ("team status [--json]", argv[i]);
    }
  if (!pd_team_hub_status_sync (hub, &s, &error))
    return pd_cli_team_report_error (error);
  if (json)
    {
      print_status_json (&s);
      return PD_CLI_EXIT_OK;
    }
  if (s.state.url == NULL)
    {
      g_print (_("Not joined to a team hub (partnerdesk-cli team join URL --staff NAME)\n"));
      return PD_CLI_EXIT_OK;
    }
  g_print (_("Team hub: %s\nStaff: %s (desktop %s)\n"), s.state.url, s.state.staff, s.state.desktop);
  hub_seq = g_strdup_printf ("%" G_GINT64_FORMAT, s.hub_seq);
  last_seq = g_strdup_printf ("%" G_GINT64_FORMAT, s.state.last_seq);
  if (s.connected)
    g_print (_("Connected: yes, schema version %u, last change %s\n"), s.schema_version, hub_seq);
  else
    g_print (_("Connected: no (%s)\n"), s.connect_error);
  g_print (_("Last pulled change: %s\nPending pushes: %u\n"), last_seq, s.pending);
  for (guint i = 0; i < s.refused->len; i++)
    {
      const PdTeamOutboxItem *item = g_ptr_array_index (s.refused, i);

      g_print (_("Refused: %s %s, %s: %s\n"), item->entity, item->object, item->field, item->last_error);
    }
  pd_cli_team_print_conflicts (s.conflicts);
  if (s.state.last_result != NULL)
    {
      g_autofree char *at = pd_cli_format_time (s.state.last_sync_at);

      g_print (_("Last sync: %s (%s)\n"), at != NULL ? at : "-", s.state.last_result);
    }
  else
    g_print (_("Last sync: never\n"));
  return PD_CLI_EXIT_OK;
}

/* One sync: its summary on stdout, refusals and errors on stderr. */
static int
sync_once (PdStore    *store,
           PdTeamHub  *hub)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autofree char *last_seq = NULL;
  PdTeamSyncResult result = { 0 };

  if (!pd_team_hub_sync_sync (hub, &result, NULL, &error))
    return pd_cli_team_report_error (error);
  last_seq = g_strdup_printf ("%" G_GINT64_FORMAT, result.last_seq);
  g_print (_("Pushed %u (unchanged %u, conflicts %u, refused %u); pulled %u, up to change %s\n"),
           result.pushed, result.unchanged, result.conflicts, result.refused, result.pulled, last_seq);
  if (result.conflicts > 0)
    {
      g_autoptr(GPtrArray) conflicts = pd_store_team_list_conflicts (store, NULL, NULL);

      if (conflicts != NULL)
        pd_cli_team_print_conflicts (conflicts);
    }
  if (result.refused == 0)
    return PD_CLI_EXIT_OK;
  refused = pd_store_team_list_failed (store, NULL);
  for (guint i = 0; refused != NULL && i < refused->len; i++)
    {
      const PdTeamOutboxItem *item = g_ptr_array_index (refused, i);

      g_printerr (_("partnerdesk-cli: %s %s, %s not shared: %s\n"), item->entity, item->object,
                  item->field, item->last_error);
    }
  return PD_CLI_EXIT_FAILURE;
}

typedef struct
{
  PdStore   *store;
  PdTeamHub *hub;
  GMainLoop *loop;
  guint      idle;
  int        status;
} WatchRun;

static gboolean
watch_sync_cb (gpointer user_data)
{
  WatchRun *run = user_data;

  run->idle = 0;
  run->status = sync_once (run->store, run->hub);
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

/* Notifications come in bursts: one sync takes them all. */
static void
watch_changed_cb (PdTeamWatch *watch,
                  gint64       seq,
                  WatchRun    *run)
{
  if (run->idle == 0)
    run->idle = g_idle_add (watch_sync_cb, run);
}

/* The hub stopped answering: said once, in words, on standard error
 * (libpq's own words stay in the debug log). */
static void
watch_connected_cb (PdTeamWatch *watch,
                    GParamSpec  *pspec,
                    WatchRun    *run)
{
  const char *error = pd_team_watch_get_error (watch);

  if (!pd_team_watch_get_connected (watch) && error != NULL)
    g_printerr ("partnerdesk-cli: %s\n", error);
}

static gboolean
watch_end_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* --watch SECONDS: syncs whenever the hub notifies a change, for
 * SECONDS, then exits with the last sync's status. */
static int
watch_command (PdStore    *store,
               PdTeamHub  *hub,
               guint       seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdTeamWatch) watch = pd_team_hub_new_watch (hub, &error);
  g_autoptr(GMainLoop) loop = NULL;
  WatchRun run = { store, hub, NULL, 0, PD_CLI_EXIT_OK };

  if (watch == NULL)
    return pd_cli_team_report_error (error);
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  g_signal_connect (watch, "changed", G_CALLBACK (watch_changed_cb), &run);
  g_signal_connect (watch, "notify::connected", G_CALLBACK (watch_connected_cb), &run);
  g_timeout_add_seconds (seconds, watch_end_cb, loop);
  g_main_loop_run (loop);
  g_signal_handlers_disconnect_by_data (watch, &run);
  if (run.idle != 0)
    g_source_remove (run.idle);
  return run.status;
}

static int
sync_command (PdStore    *store,
              PdTeamHub  *hub,
              int         argc,
              char      **argv)
{
  static const char usage[] = "team sync [--watch SECONDS]";
  guint64 seconds = 0;

  for (int i = 2; i < argc; i++)
    {
      const char *value;

      if (pd_cli_option_value (argc, argv, &i, "--watch", &value))
        {
          if (!g_ascii_string_to_unsigned (value, 10, 1, 86400, &seconds, NULL))
            return pd_cli_usage_error (usage, _("--watch expects a number of seconds from 1 to 86400"));
        }
      else
        return pd_cli_unknown_argument (usage, argv[i]);
    }
  if (seconds > 0)
    return watch_command (store, hub, (guint) seconds);
  return sync_once (store, hub);
}

static int
leave_command (PdStore  *store,
               int       argc,
               char    **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    return pd_cli_unknown_argument ("team leave", argv[2]);
  if (!pd_team_app_leave (store, &error))
    return pd_cli_team_report_error (error);
  g_print (_("Left the team hub: its address and saved password are forgotten; the notes stay"
             " in this store\n"));
  return PD_CLI_EXIT_OK;
}

int
pd_cli_team_command (PdStore  *store,
                     int       argc,
                     char    **argv)
{
  g_autoptr(PdTeamHub) hub = pd_team_hub_new (store);

  if (argc >= 2 && g_str_equal (argv[1], "init"))
    return init_command (hub, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "join"))
    return join_command (hub, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "status"))
    return status_command (hub, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "sync"))
    return sync_command (store, hub, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "leave"))
    return leave_command (store, argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "staff"))
    return pd_cli_team_staff_command (hub, argc, argv);
  return pd_cli_usage_error (PD_CLI_TEAM_USAGE, NULL);
}
