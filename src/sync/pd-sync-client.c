/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-change-applier.h"
#include "pd-config.h"
#include "pd-outbox.h"
#include "pd-platform-connection.h"
#include "pd-safe-text.h"
#include "pd-sync-state.h"
#include "pd-sync-client-private.h"
#include "pd-sync-push.h"
#include "pd-json-doc.h"
#include "pd-timestamp.h"

#define DEFAULT_PAGE_LIMIT 1000
#define MAX_PAGE_LIMIT     1000
#define MAX_CURSOR         4096
#define MAX_RESULT_TEXT    300

struct _PdSyncClient
{
  GObject               parent_instance;

  PdStore              *store;
  PdPlatformConnection *connection;
  guint                 page_limit;
  gboolean              running;
};

G_DEFINE_FINAL_TYPE (PdSyncClient, pd_sync_client, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  SIGNAL_CREDENTIALS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pd_sync_client_finalize (GObject *object)
{
  PdSyncClient *self = PD_SYNC_CLIENT (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_sync_client_parent_class)->finalize (object);
}

static void
pd_sync_client_class_init (PdSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_sync_client_finalize;

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_SYNC_SUMMARY | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_CREDENTIALS_CHANGED] =
    g_signal_new ("credentials-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_CREDENTIALS | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
pd_sync_client_init (PdSyncClient *self)
{
  self->page_limit = DEFAULT_PAGE_LIMIT;
}

/* Signals reach the caller's main context */

typedef struct
{
  PdSyncClient  *self;
  PdSyncSummary *summary;
  PdCredentials *credentials;
} Emission;

static void
emission_free (Emission *emission)
{
  g_object_unref (emission->self);
  g_clear_pointer (&emission->summary, pd_sync_summary_free);
  g_clear_pointer (&emission->credentials, pd_credentials_free);
  g_free (emission);
}

static gboolean
emit_cb (gpointer user_data)
{
  Emission *emission = user_data;

  if (emission->summary != NULL)
    g_signal_emit (emission->self, signals[SIGNAL_PROGRESS], 0, emission->summary);
  else
    g_signal_emit (emission->self, signals[SIGNAL_CREDENTIALS_CHANGED], 0, emission->credentials);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  PdSyncClient  *self;
  GMainContext  *context;      /* the caller's */
  char          *store_path;
  gboolean       push_only;    /* the outbox only: no partner, no feed, no recorded result */
  PdSyncSummary  summary;      /* the worker's; read by the caller once finished */
} Run;

static void
run_free (Run *run)
{
  g_object_unref (run->self);
  g_main_context_unref (run->context);
  g_free (run->store_path);
  g_free (run);
}

static void
emit_on_context (Run           *run,
                 PdSyncSummary *summary,
                 PdCredentials *credentials)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->self = g_object_ref (run->self);
  emission->summary = summary;
  emission->credentials = credentials;
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, emit_cb, emission,
                              (GDestroyNotify) emission_free);
}

static void
report_progress (Run *run)
{
  emit_on_context (run, pd_sync_summary_copy (&run->summary), NULL);
}

static void
on_push_progress (gpointer user_data)
{
  report_progress (user_data);
}

static void
on_credentials_changed (const PdCredentials *credentials,
                        gpointer             user_data)
{
  Run *run = user_data;

  run->summary.credentials_refreshed = TRUE;
  emit_on_context (run, NULL, pd_credentials_copy (credentials));
}

static void
record_result (PdStore      *store,
               const GError *run_error)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  if (run_error == NULL)
    result = g_strdup ("ok");
  else if (g_error_matches (run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    result = g_strdup (_("cancelled"));
  else
    {
      const char *end = run_error->message;

      /* Short, cut at a character boundary. */
      while (*end != '\0' && end - run_error->message < MAX_RESULT_TEXT)
        end = g_utf8_next_char (end);
      /* It may quote the platform: stored printable (pd-safe-text.h). */
      result = pd_safe_text_dup (run_error->message, (gssize) (end - run_error->message), 0,
                                 PD_SAFE_TEXT_DEFAULT);
    }

  if (!pd_sync_state_record_result (store, g_get_real_time () / G_USEC_PER_SEC, result, &error))
    {
      g_warning ("Cannot record the sync result in %s: %s", pd_store_get_path (store), error->message);
    }
}

/* GET /v1/partner */

static gboolean
check_answer (const PdPlatformResponse  *response,
              const char                *where,
              guint                      expected,
              GError                   **error)
{
  if (response->status == expected || (expected == 200 && response->status == 201))
    return TRUE;
  g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_REFUSED,
               _("%s: the platform answered %u %s: %s"), where, response->status,
               response->error_code != NULL ? response->error_code : "",
               response->error_message != NULL ? response->error_message : _("no details"));
  return FALSE;
}

/* The platform's values fill the settings the user left empty. */
static gboolean
fill_setting (PdStore     *store,
              const char  *key,
              const char  *value,
              const char  *where,
              GError     **error)
{
  g_autofree char *current = pd_store_dup_setting (store, key, error);
  g_autofree char *normalized = NULL;
  g_autoptr(GError) local_error = NULL;

  if (current == NULL)
    return FALSE;
  if (!pd_config_validate (key, value, &normalized, &local_error))
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s: %s"), where, local_error->message);
      return FALSE;
    }
  if (*current != '\0')
    {
      if (!g_str_equal (current, normalized))
        g_debug ("Setting %s keeps the user's value; the platform has another", key);
      return TRUE;
    }
  return pd_store_set_setting (store, key, normalized, error);
}

static gboolean
sync_partner (PdSyncClient  *self,
              PdStore       *store,
              GCancellable  *cancellable,
              GError       **error)
{
  static const char where[] = "GET /v1/partner";
  static const char body[] = "GET /v1/partner: response";
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autoptr(GPtrArray) settings = g_ptr_array_new_with_free_func (g_free);
  const PdJsonValue *root, *urls, *markets, *market;
  const char *partner_id, *name, *authorization_url, *server_time;
  char url_where[64];
  gint64 when;
  guint i = 0;

  response = pd_platform_connection_send (self->connection, "GET", "/v1/partner", NULL, NULL,
                                          NULL, NULL, cancellable, error);
  if (response == NULL || !check_answer (response, where, 200, error))
    return FALSE;

  root = response->root;
  if (!pd_json_get_string (root, body, "partner_id", TRUE, 128, &partner_id, error) ||
      !pd_json_get_string (root, body, "name", TRUE, 1024, &name, error) ||
      !pd_json_get_array (root, body, "markets", TRUE, &markets, error) ||
      !pd_json_get_object (root, body, "onboarding_base_urls", TRUE, &urls, error) ||
      !pd_json_get_string (root, body, "authorization_base_url", TRUE, 4096, &authorization_url, error) ||
      !pd_json_get_string (root, body, "server_time", TRUE, 64, &server_time, error))
    return FALSE;
  if (!pd_timestamp_parse (server_time, NULL, &when, NULL))
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.server_time is “%s”; expected an ISO 8601 time with its offset"),
                   body, server_time);
      return FALSE;
    }
  for (market = pd_json_value_get_first (markets); market != NULL;
       market = pd_json_value_get_next (markets, market), i++)
    if (pd_json_value_get_string (market) == NULL)
      {
        g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                     _("%s.markets[%u] is %s; expected a market code"),
                     body, i, pd_json_value_describe (market));
        return FALSE;
      }

  /* Check everything before writing anything. */
  g_ptr_array_add (settings, g_strdup ("partner_id"));
  g_ptr_array_add (settings, g_strdup (partner_id));
  g_snprintf (url_where, sizeof url_where, "%s.onboarding_base_urls", body);
  for (const PdJsonValue *url = pd_json_value_get_first (urls); url != NULL;
       url = pd_json_value_get_next (urls, url))
    {
      const char *market_name = pd_json_value_get_name (url);
      g_autofree char *key = g_strdup_printf ("onboarding_base_url.%s", market_name);
      g_autoptr(GError) local_error = NULL;
      const char *text = pd_json_value_get_string (url);

      if (text == NULL)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s.%s is %s; expected a link"), url_where, market_name,
                       pd_json_value_describe (url));
          return FALSE;
        }
      if (!pd_config_validate (key, text, NULL, &local_error))
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s.%s: %s"), url_where, market_name, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (settings, g_steal_pointer (&key));
      g_ptr_array_add (settings, g_strdup (text));
    }

  for (i = 0; i < settings->len; i += 2)
    if (!fill_setting (store, g_ptr_array_index (settings, i), g_ptr_array_index (settings, i + 1),
                       where, error))
      return FALSE;
  return TRUE;
}

/* The change feed */

typedef struct
{
  GPtrArray *changes;      /* PdDecodedChange */
  char      *next_cursor;
  gboolean   has_more;
} Page;

static void
page_free (Page *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->changes, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

/* One page, fetched and checked whole: nothing is applied from a page
 * with one bad change. */
static Page *
fetch_page (PdSyncClient  *self,
            const char    *cursor,
            GCancellable  *cancellable,
            GError       **error)
{
  static const char where[] = "GET /v1/changes";
  static const char body[] = "GET /v1/changes: response";
  g_autoptr(PdPlatformResponse) response = NULL;
  g_autoptr(Page) page = g_new0 (Page, 1);
  g_autofree char *limit = g_strdup_printf ("%u", self->page_limit);
  const char *query[] = { "limit", limit, cursor != NULL ? "cursor" : NULL, cursor, NULL };
  const char *next_cursor;
  const PdJsonValue *root, *changes, *change;
  guint n, i = 0;

  response = pd_platform_connection_send (self->connection, "GET", "/v1/changes", query, NULL,
                                          NULL, NULL, cancellable, error);
  if (response == NULL)
    return NULL;
  if (response->status == 410)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_CURSOR_EXPIRED,
                   _("%s: the cursor has expired (%s)"), where,
                   response->error_message != NULL ? response->error_message : _("no details"));
      return NULL;
    }
  if (!check_answer (response, where, 200, error))
    return NULL;

  root = response->root;
  if (!pd_json_get_array (root, body, "changes", TRUE, &changes, error) ||
      !pd_json_get_string (root, body, "next_cursor", TRUE, MAX_CURSOR, &next_cursor, error) ||
      !pd_json_get_boolean (root, body, "has_more", &page->has_more, error))
    return NULL;
  if (*next_cursor == '\0')
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.next_cursor is empty; expected the cursor of the next page"), body);
      return NULL;
    }
  n = pd_json_value_get_length (changes);
  if (n > self->page_limit)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.changes has %u changes; at most %u were asked for"), body, n, self->page_limit);
      return NULL;
    }

  page->next_cursor = g_strdup (next_cursor);
  page->changes = g_ptr_array_new_full (n, (GDestroyNotify) pd_decoded_change_free);
  for (change = pd_json_value_get_first (changes); change != NULL;
       change = pd_json_value_get_next (changes, change), i++)
    {
      PdDecodedChange *decoded;
      char item_where[64];

      g_snprintf (item_where, sizeof item_where, "%s: changes[%u]", where, i);
      if (pd_json_value_get_kind (change) != PD_JSON_OBJECT)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s is %s; expected an object"), item_where, pd_json_value_describe (change));
          return NULL;
        }
      decoded = pd_decoded_change_new_from_feed (response->doc, change, item_where, error);
      if (decoded == NULL)
        return NULL;
      g_ptr_array_add (page->changes, decoded);
    }
  return g_steal_pointer (&page);
}

/* The next page, fetched on its own thread while the current one is
 * applied. */
typedef struct
{
  PdSyncClient *self;
  char         *cursor;
  GCancellable *cancellable;
  Page         *page;
  GError       *error;
} Prefetch;

static gpointer
prefetch_thread (gpointer user_data)
{
  Prefetch *prefetch = user_data;

  prefetch->page = fetch_page (prefetch->self, prefetch->cursor, prefetch->cancellable, &prefetch->error);
  return NULL;
}

static GThread *
start_prefetch (PdSyncClient  *self,
                const char    *cursor,
                GCancellable  *cancellable,
                Prefetch      *prefetch)
{
  memset (prefetch, 0, sizeof *prefetch);
  prefetch->self = self;
  prefetch->cursor = g_strdup (cursor);
  prefetch->cancellable = cancellable;
  return g_thread_new ("pd-sync-prefetch", prefetch_thread, prefetch);
}

/* Joins the thread; the result is the caller's. */
static void
finish_prefetch (GThread  **thread,
                 Prefetch  *prefetch)
{
  if (*thread == NULL)
    return;
  g_thread_join (g_steal_pointer (thread));
  g_clear_pointer (&prefetch->cursor, g_free);
}

static gboolean
apply_page (Run              *run,
            PdChangeApplier  *applier,
            Page             *page,
            GError          **error)
{
  guint64 applied = 0, ignored = 0;

  if (!pd_change_applier_apply_page (applier, page->changes, page->next_cursor, &applied, &ignored, error))
    return FALSE;
  run->summary.changes_applied += applied;
  run->summary.changes_ignored += ignored;
  run->summary.pages++;
  return TRUE;
}

static void
on_run_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static gboolean
pull_feed (PdSyncClient     *self,
           Run              *run,
           PdStore          *store,
           PdChangeApplier  *applier,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autofree char *cursor = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GCancellable) prefetch_cancellable = g_cancellable_new ();
  GThread *thread = NULL;
  Prefetch prefetch = { 0 };
  gboolean ok = FALSE;
  gulong handler;

  run->summary.phase = PD_SYNC_PHASE_PULLING;
  cursor = pd_sync_state_dup (store, PD_SYNC_STATE_CURSOR, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The next page's fetch stops with the run, or as soon as this page
   * fails: nothing waits for an answer that is not needed. */
  handler = cancellable != NULL
            ? g_cancellable_connect (cancellable, G_CALLBACK (on_run_cancelled_cb), prefetch_cancellable, NULL)
            : 0;

  for (;;)
    {
      g_autoptr(Page) page = NULL;
      g_autoptr(GError) fetch_error = NULL;

      if (thread != NULL)
        {
          finish_prefetch (&thread, &prefetch);
          page = g_steal_pointer (&prefetch.page);
          fetch_error = g_steal_pointer (&prefetch.error);
        }
      else
        page = fetch_page (self, cursor, cancellable, &fetch_error);

      if (page == NULL)
        {
          /* 410: the feed starts again from no cursor; the versions make
           * the replay harmless. Once per run. */
          if (g_error_matches (fetch_error, PD_SYNC_ERROR, PD_SYNC_ERROR_CURSOR_EXPIRED) &&
              cursor != NULL && !run->summary.feed_restarted)
            {
              g_debug ("%s; pulling the whole feed again", fetch_error->message);
              run->summary.feed_restarted = TRUE;
              g_clear_pointer (&cursor, g_free);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&fetch_error));
          break;
        }

      if (page->has_more && page->changes->len == 0 && g_strcmp0 (page->next_cursor, cursor) == 0)
        {
          g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("GET /v1/changes: has_more is true but the page is empty and the cursor"
                         " did not move; expected the feed to advance"));
          break;
        }

      if (page->has_more)
        thread = start_prefetch (self, page->next_cursor, prefetch_cancellable, &prefetch);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !apply_page (run, applier, page, error))
        break;
      report_progress (run);

      if (!page->has_more)
        {
          ok = TRUE;
          break;
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }

  if (!ok)
    g_cancellable_cancel (prefetch_cancellable);
  finish_prefetch (&thread, &prefetch);
  g_cancellable_disconnect (cancellable, handler);
  g_clear_pointer (&prefetch.page, page_free);
  g_clear_error (&prefetch.error);
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PdSyncClient *self = source_object;
  Run *run = task_data;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(PdChangeApplier) applier = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) held_error = NULL;
  gboolean ok;

  /* Its own connection: a SQLite connection is used by one thread. */
  store = pd_store_open (run->store_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  applier = pd_change_applier_new (store);

  pd_platform_connection_begin_run (self->connection);
  pd_platform_connection_set_credentials_func (self->connection, on_credentials_changed, run);

  run->summary.phase = PD_SYNC_PHASE_STARTING;
  /* An outbox entry that keeps failing does not hold back the rest of
   * the outbox nor the feed: it stays pending with its error, and the
   * run, once pulled, reports it. */
  if (run->push_only)
    ok = pd_sync_push_outbox (self->connection, store, applier, &run->summary,
                              on_push_progress, run, cancellable,
                              &held_error, &error);
  else
    ok = sync_partner (self, store, cancellable, &error) &&
         pd_sync_push_outbox (self->connection, store, applier, &run->summary,
                              on_push_progress, run, cancellable,
                              &held_error, &error) &&
         pull_feed (self, run, store, applier, cancellable, &error);
  if (ok && held_error != NULL && run->push_only)
    {
      /* Said as it is (the network, the server...): the caller tells
       * the user the entry waits. */
      ok = FALSE;
      g_propagate_error (&error, g_steal_pointer (&held_error));
    }
  else if (ok && held_error != NULL)
    {
      ok = FALSE;
      g_set_error (&error, held_error->domain, held_error->code,
                   _("An outbox entry could not be sent and stays queued with its error (%s);"
                     " the rest was sent and the platform’s changes were pulled"),
                   held_error->message);
    }

  pd_platform_connection_set_credentials_func (self->connection, NULL, NULL);
  run->summary.retries = pd_platform_connection_get_retries (self->connection);
  pd_sync_push_count_pending (store, &run->summary.outbox_remaining, NULL);
  run->summary.phase = PD_SYNC_PHASE_DONE;
  /* The last sync is a whole run's: a push alone pulled nothing. */
  if (!run->push_only)
    record_result (store, ok ? NULL : error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

PdSyncClient *
pd_sync_client_new (PdStore             *store,
                    const char          *endpoint,
                    const PdCredentials *credentials)
{
  PdSyncClient *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (PD_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->connection = pd_platform_connection_new (endpoint, credentials);
  return self;
}

const char *
pd_sync_client_get_endpoint (PdSyncClient *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CLIENT (self), NULL);
  return pd_platform_connection_get_endpoint (self->connection);
}

PdCredentials *
pd_sync_client_dup_credentials (PdSyncClient *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CLIENT (self), NULL);
  return pd_platform_connection_dup_credentials (self->connection);
}

gboolean
pd_sync_client_is_running (PdSyncClient *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CLIENT (self), FALSE);
  return self->running;
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  PdSyncClient *self = PD_SYNC_CLIENT (source);
  GError *error = NULL;

  self->running = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

static void
start_run (PdSyncClient        *self,
           gboolean             push_only,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (PD_IS_SYNC_CLIENT (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, pd_sync_client_run_async);
  if (self->running)
    {
      g_task_return_new_error (outer, PD_SYNC_ERROR, PD_SYNC_ERROR_BUSY,
                               _("A sync with %s is already running"),
                               pd_sync_client_get_endpoint (self));
      return;
    }
  self->running = TRUE;

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->context = g_main_context_ref_thread_default ();
  run->store_path = g_strdup (pd_store_get_path (self->store));
  run->push_only = push_only;
  /* The outer task hands the summary to finish(), error or not. */
  g_task_set_task_data (outer, run, (GDestroyNotify) run_free);

  task = g_task_new (self, cancellable, on_run_done_cb, g_object_ref (outer));
  g_task_set_source_tag (task, run_thread);
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, run_thread);
}

void
pd_sync_client_run_async (PdSyncClient        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (PD_IS_SYNC_CLIENT (self));
  start_run (self, FALSE, cancellable, callback, user_data);
}

void
pd_sync_client_push_async (PdSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (PD_IS_SYNC_CLIENT (self));
  start_run (self, TRUE, cancellable, callback, user_data);
}

gboolean
pd_sync_client_run_finish (PdSyncClient   *self,
                           GAsyncResult   *result,
                           PdSyncSummary  *summary_out,
                           GError        **error)
{
  Run *run;

  g_return_val_if_fail (PD_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  run = g_task_get_task_data (G_TASK (result));
  if (summary_out != NULL)
    {
      if (run != NULL)
        *summary_out = run->summary;
      else
        memset (summary_out, 0, sizeof *summary_out);
    }
  if (g_task_propagate_boolean (G_TASK (result), error))
    return TRUE;
  /* Messages may quote the platform: printable wherever they go. */
  if (error != NULL)
    pd_safe_text_fix_error (*error);
  return FALSE;
}

/* Test hooks */

void
pd_sync_client_set_clock_offset (PdSyncClient *self,
                                 gint64        seconds)
{
  g_return_if_fail (PD_IS_SYNC_CLIENT (self));
  pd_platform_connection_set_clock_offset (self->connection, seconds);
}

gint64
pd_sync_client_get_clock_offset (PdSyncClient *self)
{
  g_return_val_if_fail (PD_IS_SYNC_CLIENT (self), 0);
  return pd_platform_connection_get_clock_offset (self->connection);
}

void
pd_sync_client_set_delay_scale (PdSyncClient *self,
                                double        scale)
{
  g_return_if_fail (PD_IS_SYNC_CLIENT (self));
  pd_platform_connection_set_delay_scale (self->connection, scale);
}

void
pd_sync_client_set_kill_after (PdSyncClient *self,
                               guint         n)
{
  g_return_if_fail (PD_IS_SYNC_CLIENT (self));
  pd_platform_connection_set_kill_after (self->connection, n);
}

void
pd_sync_client_set_page_limit (PdSyncClient *self,
                               guint         limit)
{
  g_return_if_fail (PD_IS_SYNC_CLIENT (self));
  g_return_if_fail (limit >= 1 && limit <= MAX_PAGE_LIMIT);
  self->page_limit = limit;
}
