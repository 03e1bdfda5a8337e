/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <inttypes.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "pd-cli.h"
#include "pd-cli-sync.h"
#include "pd-config.h"
#include "pd-credentials.h"
#include "pd-sync-client-private.h"

static const char * const credential_variables[] = {
  "PD_APP_KEY", "PD_APP_SECRET", "PD_ACCESS_TOKEN", "PD_REFRESH_TOKEN", NULL
};

typedef struct
{
  GMainLoop     *loop;
  GCancellable  *cancellable;
  PdSyncSummary  summary;
  GError        *error;
  const char    *endpoint;
  gboolean       from_keyring;
  gboolean       refreshed;
  gboolean       keyring_failed;
} SyncRun;

static int
usage (const char *message)
{
  return pd_cli_usage_error (PD_CLI_SYNC_USAGE, message);
}

static gboolean
on_signal_cb (gpointer user_data)
{
  SyncRun *run = user_data;

  g_printerr (_("partnerdesk-cli: stopping the sync…\n"));
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

/* A refresh rotated the tokens. From the keyring: the new ones go back
 * there (the old refresh token is about to stop working). From the
 * environment: nothing is printed (they are secrets); a warning says the
 * variables are stale. */
static void
on_credentials_changed_cb (PdSyncClient        *client,
                           const PdCredentials *credentials,
                           gpointer             user_data)
{
  SyncRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->refreshed = TRUE;
  if (!run->from_keyring)
    return;
  if (!pd_credentials_save_sync (credentials, run->endpoint, NULL, &error))
    {
      run->keyring_failed = TRUE;
      g_printerr (_("partnerdesk-cli: the platform issued new tokens but they could not be"
                    " saved: %s\n"), error->message);
    }
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SyncRun *run = user_data;

  pd_sync_client_run_finish (PD_SYNC_CLIENT (source), result, &run->summary, &run->error);
  g_main_loop_quit (run->loop);
}

/* Test builds only (meson -Dtest_hooks): a release build reads no
 * such variable. */
static void
apply_test_hooks (PdSyncClient *client)
{
#if PD_TEST_HOOKS
  const char *value;

  if ((value = g_getenv ("PARTNERDESK_TEST_SYNC_DELAY_SCALE")) != NULL)
    pd_sync_client_set_delay_scale (client, g_ascii_strtod (value, NULL));
  if ((value = g_getenv ("PARTNERDESK_TEST_SYNC_KILL_AFTER")) != NULL)
    pd_sync_client_set_kill_after (client, (guint) g_ascii_strtoull (value, NULL, 10));
  if ((value = g_getenv ("PARTNERDESK_TEST_SYNC_CLOCK_OFFSET")) != NULL)
    pd_sync_client_set_clock_offset (client, g_ascii_strtoll (value, NULL, 10));
  if ((value = g_getenv ("PARTNERDESK_TEST_SYNC_PAGE_LIMIT")) != NULL)
    pd_sync_client_set_page_limit (client, (guint) CLAMP (g_ascii_strtoull (value, NULL, 10), 1, 1000));
#endif
}

/* PD_* variables when any is set (then all four must be), else the
 * keyring's item for @endpoint. */
static PdCredentials *
load_credentials (const char  *endpoint,
                  gboolean    *from_keyring,
                  int         *exit_status)
{
  g_autoptr(PdCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  guint set = 0;

  for (guint i = 0; credential_variables[i] != NULL; i++)
    {
      const char *value = g_getenv (credential_variables[i]);

      if (value != NULL && *value != '\0')
        set++;
      else
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", credential_variables[i]);
    }

  *from_keyring = set == 0;
  if (set > 0)
    {
      if (missing->len > 0)
        {
          g_autofree char *message = g_strdup_printf (_("%s not set; the environment must give"
                                                        " all of PD_APP_KEY, PD_APP_SECRET,"
                                                        " PD_ACCESS_TOKEN and PD_REFRESH_TOKEN,"
                                                        " or none (then the keyring is used)"),
                                                      missing->str);
          *exit_status = usage (message);
          return NULL;
        }
      return pd_credentials_new_from_environment ();
    }

  credentials = pd_credentials_load_sync (endpoint, NULL, &error);
  if (credentials == NULL)
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      *exit_status = PD_CLI_EXIT_FAILURE;
      return NULL;
    }
  if (!pd_credentials_is_complete (credentials))
    {
      g_printerr (_("partnerdesk-cli: the keyring holds no complete credentials for %s; save"
                    " them in Preferences, or set PD_APP_KEY, PD_APP_SECRET, PD_ACCESS_TOKEN and"
                    " PD_REFRESH_TOKEN\n"), endpoint);
      *exit_status = PD_CLI_EXIT_FAILURE;
      return NULL;
    }
  return g_steal_pointer (&credentials);
}

static void
print_json (const SyncRun *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const PdSyncSummary *s = &run->summary;

#define INT(name, value) json_builder_set_member_name (builder, name); \
                         json_builder_add_int_value (builder, (gint64) (value))
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "endpoint");
  json_builder_add_string_value (builder, run->endpoint);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, run->error == NULL);
  json_builder_set_member_name (builder, "error");
  if (run->error != NULL)
    json_builder_add_string_value (builder, run->error->message);
  else
    json_builder_add_null_value (builder);
  INT ("pages", s->pages);
  INT ("changes_applied", s->changes_applied);
  INT ("changes_ignored", s->changes_ignored);
  INT ("outbox_sent", s->outbox_sent);
  INT ("outbox_failed", s->outbox_failed);
  INT ("outbox_conflicts", s->outbox_conflicts);
  INT ("outbox_pending", s->outbox_remaining);
  INT ("retries", s->retries);
  json_builder_set_member_name (builder, "feed_restarted");
  json_builder_add_boolean_value (builder, s->feed_restarted);
  json_builder_set_member_name (builder, "tokens_refreshed");
  json_builder_add_boolean_value (builder, run->refreshed);
  json_builder_end_object (builder);
#undef INT

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
print_text (const SyncRun *run)
{
  const PdSyncSummary *s = &run->summary;
  g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", s->pages),
                                            s->pages);

  /* TRANSLATORS: one line after a sync: pages of the change feed, changes
   * applied and left as they were, then the local changes sent. */
  g_print (_("%s: %s, %" PRIu64 " changes applied, %" PRIu64 " unchanged;"
             " outbox: %u sent, %u failed, %u conflicts, %u pending\n"),
           run->error == NULL ? _("Synced") : _("Sync stopped"),
           pages, s->changes_applied, s->changes_ignored,
           s->outbox_sent, s->outbox_failed, s->outbox_conflicts, s->outbox_remaining);
}

int
pd_cli_sync_command (PdStore  *store,
                     int       argc,
                     char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCredentials) credentials = NULL;
  g_autoptr(PdSyncClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *endpoint = NULL;
  const char *endpoint_arg = NULL;
  gboolean json = FALSE;
  int exit_status = PD_CLI_EXIT_FAILURE;
  SyncRun run = { 0 };
  guint sigint, sigterm;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (!pd_cli_option_value (argc, argv, &i, "--endpoint", &endpoint_arg))
        return pd_cli_unknown_argument (PD_CLI_SYNC_USAGE, argv[i]);
    }

  if (endpoint_arg != NULL)
    {
      if (!pd_config_validate ("endpoint", endpoint_arg, &endpoint, &error))
        return usage (error->message);
    }
  else
    {
      endpoint = pd_store_dup_setting (store, "endpoint", &error);
      if (endpoint == NULL)
        {
          g_printerr ("partnerdesk-cli: %s\n", error->message);
          return PD_CLI_EXIT_FAILURE;
        }
      if (*endpoint == '\0')
        return usage (_("no platform endpoint: give --endpoint URL, or set one with"
                        " “partnerdesk-cli config set endpoint URL”"));
      /* Saved before the endpoint was checked as it is now (a password
       * in it would reach every message): not used. */
      if (!pd_config_validate ("endpoint", endpoint, NULL, &error))
        {
          g_printerr (_("partnerdesk-cli: the saved endpoint is not valid (%s); set it again with"
                        " “partnerdesk-cli config set endpoint URL”\n"), error->message);
          return PD_CLI_EXIT_FAILURE;
        }
    }

  credentials = load_credentials (endpoint, &run.from_keyring, &exit_status);
  if (credentials == NULL)
    return exit_status;

  client = pd_sync_client_new (store, endpoint, credentials);
  apply_test_hooks (client);

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  run.loop = loop;
  run.cancellable = cancellable;
  run.endpoint = endpoint;
  g_signal_connect (client, "credentials-changed", G_CALLBACK (on_credentials_changed_cb), &run);
  sigint = g_unix_signal_add (SIGINT, on_signal_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_signal_cb, &run);

  pd_sync_client_run_async (client, cancellable, on_run_done_cb, &run);
  g_main_loop_run (loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handlers_disconnect_by_data (client, &run);

  if (json)
    print_json (&run);
  else
    print_text (&run);

  if (run.refreshed && !run.from_keyring)
    g_printerr (_("warning: the platform issued new tokens during this sync; PD_ACCESS_TOKEN and"
                  " PD_REFRESH_TOKEN now hold old ones (the new ones are not printed: they are"
                  " secrets); store credentials in the keyring to keep them current\n"));

  if (run.error != NULL)
    {
      /* What happened and what to do, in the app's words; the request
       * and the platform's own code after them, for whoever debugs it. */
      g_autofree char *text = pd_sync_error_to_text_full (run.error, endpoint, PD_SYNC_ERROR_FOR_CLI);

      g_printerr ("partnerdesk-cli: %s\n", text);
      if (g_strcmp0 (text, run.error->message) != 0)
        /* Translators: the technical message under a sync failure's explanation */
        g_printerr (_("  Details: %s\n"), run.error->message);
      g_clear_error (&run.error);
      return PD_CLI_EXIT_FAILURE;
    }
  return run.keyring_failed ? PD_CLI_EXIT_FAILURE : PD_CLI_EXIT_OK;
}
