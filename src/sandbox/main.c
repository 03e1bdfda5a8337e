/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "partnerdesk-sandbox"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pd-paths.h"
#include "pd-sandbox-api.h"
#include "pd-sandbox-db.h"
#include "pd-sandbox-json.h"
#include "pd-sandbox-open-api.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-server.h"
#include "pd-timestamp.h"

static char *opt_listen = NULL;
static char *opt_data = NULL;
static char *opt_seed = NULL;
static char *opt_seed_time = NULL;
static double opt_fail_rate = 0.0;
static double opt_truncate_rate = 0.0;
static int opt_latency_ms = 0;
static int opt_rate_limit = 0;
static gint64 opt_token_ttl = 7200;
static int opt_fault_seed = -1;
static gboolean opt_admin = FALSE;
static gboolean opt_approve_demo_link = FALSE;

static const GOptionEntry entries[] = {
  { "listen", 0, 0, G_OPTION_ARG_STRING, &opt_listen,
    N_("Loopback address and port to serve on (port 0 picks a free one)"), "127.0.0.1:PORT" },
  { "data", 0, 0, G_OPTION_ARG_FILENAME, &opt_data,
    N_("Directory of the sandbox database (created with the seed on first start)"), "DIR" },
  { "seed", 0, 0, G_OPTION_ARG_STRING, &opt_seed,
    N_("What a new database starts with: demo (default) or empty"), "demo|empty" },
  { "seed-time", 0, 0, G_OPTION_ARG_STRING, &opt_seed_time,
    N_("Seed a new database as if it were this instant (default: now), for reproducible runs"),
    "2026-12-07T09:00:00Z" },
  { "admin", 0, 0, G_OPTION_ARG_NONE, &opt_admin,
    N_("Serve the unsigned /sandbox endpoints that move the scenario forward"), NULL },
  { "approve-demo-link", 0, 0, G_OPTION_ARG_NONE, &opt_approve_demo_link,
    N_("On a new database, approve one active authorization link as its seller would and print the"
       " address the seller's browser ends on (PD_DEMO_REDIRECT_URL=… on the first line)"), NULL },
  { "token-ttl", 0, 0, G_OPTION_ARG_INT64, &opt_token_ttl,
    N_("Seconds an access token lives (default 7200)"), "SECONDS" },
  { "fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_fail_rate,
    N_("Fraction of API requests answered 503 with Retry-After (default 0)"), "F" },
  { "latency-ms", 0, 0, G_OPTION_ARG_INT, &opt_latency_ms,
    N_("Delay before each API request is processed (default 0)"), "N" },
  { "truncate-rate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_truncate_rate,
    N_("Fraction of API responses cut short, the connection closed (default 0)"), "F" },
  { "rate-limit", 0, 0, G_OPTION_ARG_INT, &opt_rate_limit,
    N_("API requests per second before 429 with Retry-After (default 0: no limit)"), "N" },
  { "fault-seed", 0, 0, G_OPTION_ARG_INT, &opt_fault_seed,
    N_("Seed of the fault injection, for reproducible runs"), "N" },
  { NULL }
};

/* --approve-demo-link: the first active authorization link that names
 * its seller, approved (the admin endpoint's approval); its redirect
 * URL. */
static char *
approve_demo_link (PdSandboxDb       *db,
                   PdSandboxOpenApi  *open_api,
                   GError           **error)
{
  g_autoptr(GPtrArray) ids = pd_sandbox_db_list_ids (db, "link", "$.state", "active", error);

  if (ids == NULL)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(JsonObject) link = pd_sandbox_db_get_object (db, "link", id, NULL, error);
      g_autoptr(JsonObject) body = NULL;
      g_autoptr(JsonObject) answer = NULL;
      g_autofree char *text = NULL;

      if (link == NULL)
        {
          if (error != NULL && *error != NULL)
            return NULL;
          continue;
        }
      if (g_strcmp0 (json_object_get_string_member_with_default (link, "kind", ""), "authorization") != 0 ||
          json_object_get_string_member_with_default (link, "seller_id", NULL) == NULL)
        continue;
      body = json_object_new ();
      json_object_set_string_member (body, "state", id);
      text = pd_sandbox_open_api_approve (open_api, body, g_get_real_time () / G_USEC_PER_SEC, error);
      answer = text != NULL ? pd_sandbox_json_parse_object (text, strlen (text), FALSE, error) : NULL;
      if (answer == NULL)
        return NULL;
      return g_strdup (json_object_get_string_member_with_default (answer, "redirect_url", ""));
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no active authorization link names its seller");
  return NULL;
}

static gboolean
on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* "127.0.0.1:8080", "[::1]:0", "localhost:0". */
static GInetSocketAddress *
parse_listen (const char  *text,
              GError     **error)
{
  const char *colon = strrchr (text, ':');
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  guint64 port;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--listen %s: expected ADDRESS:PORT, e.g. 127.0.0.1:0"), text);
      return NULL;
    }
  host = g_strndup (text, (gsize) (colon - text));
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  if (g_str_equal (host, "localhost"))
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--listen %s: “%s” is not an IP address"), text, host);
      return NULL;
    }
  if (!g_inet_address_get_is_loopback (address))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--listen %s: refusing a non-loopback address; the sandbox serves"
                     " 127.0.0.1 or ::1 only"), text);
      return NULL;
    }
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, (guint16) port));
}

static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", NULL };

  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

static int
fail (const char *message)
{
  g_printerr ("partnerdesk-sandbox: %s\n", message);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(PdSandboxDb) db = NULL;
  g_autoptr(PdSandboxApi) api = NULL;
  g_autoptr(PdSandboxServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *endpoint = NULL;
  PdSandboxOpenApi *open_api = NULL;
  g_autofree char *demo_redirect = NULL;
  g_autofree char *seed_kind = NULL;
  gint64 seed_time = g_get_real_time () / G_USEC_PER_SEC;
  g_auto(PdSandboxCredentials) credentials = { 0 };
  PdSandboxServerOptions options = { 0 };
  gboolean created = FALSE;

  pd_paths_init_program ();

  context = g_option_context_new (_("— a sandbox Partner Center platform on loopback"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("On start, prints one line with the endpoint and the demo partner's"
                                      " test credentials: PD_ENDPOINT=… PD_APP_KEY=… PD_APP_SECRET=…"
                                      " PD_ACCESS_TOKEN=… PD_REFRESH_TOKEN=…"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);

  if (opt_data == NULL)
    return fail (_("--data DIR is required"));
  if (opt_seed != NULL && !g_str_equal (opt_seed, "demo") && !g_str_equal (opt_seed, "empty"))
    return fail (_("--seed: expected demo or empty"));
  if (opt_seed_time != NULL)
    {
      g_autoptr(GError) time_error = NULL;

      if (!pd_timestamp_parse (opt_seed_time, NULL, &seed_time, &time_error))
        {
          g_autofree char *message = g_strdup_printf (_("--seed-time: %s"), time_error->message);
          return fail (message);
        }
    }
  if (!(opt_fail_rate >= 0.0 && opt_fail_rate <= 1.0) ||
      !(opt_truncate_rate >= 0.0 && opt_truncate_rate <= 1.0))
    return fail (_("--fail-rate and --truncate-rate: expected a fraction from 0 to 1"));
  if (opt_latency_ms < 0 || opt_latency_ms > 60000)
    return fail (_("--latency-ms: expected 0 to 60000"));
  if (opt_rate_limit < 0)
    return fail (_("--rate-limit: expected 0 or more requests per second"));
  if (opt_token_ttl < 1)
    return fail (_("--token-ttl: expected at least 1 second"));

  address = parse_listen (opt_listen != NULL ? opt_listen : "127.0.0.1:0", &error);
  if (address == NULL)
    return fail (error->message);

  if (g_mkdir_with_parents (opt_data, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("cannot create the data directory %s: %s"),
                                                  opt_data, g_strerror (errno));

      return fail (message);
    }
  db_path = g_build_filename (opt_data, "sandbox.db", NULL);
  db = pd_sandbox_db_open (db_path, &created, &error);
  if (db == NULL)
    return fail (error->message);
  if (created)
    {
      if (!pd_sandbox_seed (db, opt_seed != NULL ? opt_seed : "demo", pd_paths_programs_dir (),
                            seed_time, &error))
        {
          g_autofree char *message = g_strdup_printf (_("seeding %s failed: %s"), db_path, error->message);

          /* A half-seeded file would be reused next time: remove it. */
          g_clear_object (&db);
          remove_database (db_path);
          return fail (message);
        }
    }
  else if (opt_seed != NULL)
    {
      g_autofree char *kind = pd_sandbox_db_dup_meta (db, "seed");

      if (g_strcmp0 (kind, opt_seed) != 0)
        g_printerr (_("partnerdesk-sandbox: %s was seeded with “%s”; --seed %s applies to a new"
                      " database only\n"), db_path, kind, opt_seed);
    }
  seed_kind = pd_sandbox_db_dup_meta (db, "seed");

  if (!pd_sandbox_db_get_credentials (db, &credentials, &error))
    return fail (error->message);

  options.admin = opt_admin;
  options.fail_rate = opt_fail_rate;
  options.truncate_rate = opt_truncate_rate;
  options.latency_ms = (guint) opt_latency_ms;
  options.rate_limit = (guint) opt_rate_limit;
  options.fault_seed = opt_fault_seed >= 0 ? (guint32) opt_fault_seed : g_random_int ();

  api = pd_sandbox_api_new (db, opt_token_ttl);
  server = pd_sandbox_server_new (db, api, &options);
  if (!pd_sandbox_server_listen (server, address, &error))
    {
      g_autofree char *message = g_strdup_printf (_("cannot listen on %s: %s"),
                                                  opt_listen != NULL ? opt_listen : "127.0.0.1:0",
                                                  error->message);

      return fail (message);
    }
  endpoint = pd_sandbox_server_dup_endpoint (server);

  /* One line, flushed: scripts and tests read it. */
  /* The Open API app's key and secret (issue 17) last: older scripts
   * read the first five words. */
  open_api = pd_sandbox_server_get_open_api (server);
  if (opt_approve_demo_link && created && open_api != NULL)
    {
      demo_redirect = approve_demo_link (db, open_api, &error);
      if (demo_redirect == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("--approve-demo-link: %s"), error->message);

          return fail (message);
        }
    }
  printf ("PD_ENDPOINT=%s PD_APP_KEY=%s PD_APP_SECRET=%s PD_ACCESS_TOKEN=%s PD_REFRESH_TOKEN=%s"
          " PD_OPEN_APP_KEY=%s PD_OPEN_APP_SECRET=%s%s%s\n",
          endpoint, credentials.app_key, credentials.app_secret, credentials.access_token,
          credentials.refresh_token, open_api != NULL ? pd_sandbox_open_api_get_app_key (open_api) : "",
          open_api != NULL ? pd_sandbox_open_api_get_app_secret (open_api) : "",
          demo_redirect != NULL ? " PD_DEMO_REDIRECT_URL=" : "", demo_redirect != NULL ? demo_redirect : "");
  fflush (stdout);
  g_printerr (_("partnerdesk-sandbox: serving %s (%s seed, %s)%s; stop with Ctrl+C\n"),
              endpoint, seed_kind != NULL ? seed_kind : "?", db_path,
              opt_admin ? _(", admin endpoints on") : "");

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_main_loop_run (loop);

  pd_sandbox_server_disconnect (server);
  g_clear_object (&server);
  g_clear_object (&api);
  g_clear_object (&db);
  g_free (opt_listen);
  g_free (opt_data);
  g_free (opt_seed);
  g_free (opt_seed_time);
  return 0;
}
