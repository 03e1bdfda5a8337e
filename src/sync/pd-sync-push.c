/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-json-doc.h"
#include "pd-outbox.h"
#include "pd-sync-push.h"

/* A transient failure of an outbox entry: shown as "next attempt" at
 * least this much later (the next run retries it anyway). */
#define RETRY_HINT_S       60
/* Entries in a row that still fail after their retries: the platform,
 * not one endpoint, seems down; the rest waits for the next run (each
 * entry would take its full backoff) and the run goes on to the feed. */
#define MAX_HELD_IN_A_ROW  3

static char *
describe_refusal (const PdPlatformResponse *response)
{
  return g_strdup_printf ("%u %s: %s", response->status,
                          response->error_code != NULL ? response->error_code : _("error"),
                          response->error_message != NULL ? response->error_message : _("no details"));
}

/* A 2xx answer carries the object in its new version: applied now, so
 * that the store is right even if the pull fails (the feed brings the
 * same version later, which is then ignored). An answer this client
 * cannot read is left to the feed. */
static PdDecodedChange *
decode_answer (const PdOutboxItem  *item,
               PdPlatformResponse  *response,
               const char          *where)
{
  g_autoptr(PdDecodedChange) change = NULL;
  g_autoptr(GError) error = NULL;
  const PdJsonValue *wrapped = pd_json_value_get_member (response->root, item->subject_type);
  const PdJsonValue *object = wrapped != NULL && pd_json_value_get_kind (wrapped) == PD_JSON_OBJECT
                              ? wrapped : response->root;
  static const char * const known[] = {
    "program", "fx_rate", "target_merchant", "store", "link", "service_category", "service",
    "seller_request", "authorization", "payout", NULL
  };

  if (!g_strv_contains (known, item->subject_type) ||
      pd_json_value_get_member (object, "version") == NULL)
    return NULL;
  change = pd_decoded_change_new_from_object (response->doc, item->subject_type, object, where, &error);
  if (change == NULL)
    g_debug ("%s: the answer is left to the feed: %s", where, error->message);
  return g_steal_pointer (&change);
}

/* POST /v1/authorization-links carries the app's `state` token, which
 * the platform keeps as the link's token (src/sandbox/README.md): the
 * URL the app showed before the sync, maybe already sent to a seller,
 * is the link the platform knows. An answer naming another token would
 * leave that URL dead: not applied nor re-keyed silently, but a failure
 * of the entry, with what to do. Returns the refusal, or NULL. */
static char *
check_link_token (const PdOutboxItem *item,
                  PdPlatformResponse *response)
{
  const PdJsonValue *wrapped = pd_json_value_get_member (response->root, "link");
  const PdJsonValue *token_value;
  const char *token;

  if (g_strcmp0 (item->subject_type, "link") != 0 ||
      !g_str_equal (item->path, "/v1/authorization-links") ||
      wrapped == NULL || pd_json_value_get_kind (wrapped) != PD_JSON_OBJECT)
    return NULL;
  token_value = pd_json_value_get_member (wrapped, "token");
  if (token_value == NULL || pd_json_value_get_kind (token_value) != PD_JSON_STRING)
    return NULL;
  token = pd_json_value_get_string (token_value);
  if (token == NULL || g_strcmp0 (token, item->subject_id) == 0)
    return NULL;
  return g_strdup_printf (_("The platform made the authorization link with another token"
                            " than the one the app gave it, so the link already shown"
                            " (state=%s) does not work; send the seller the platform’s link"
                            " once it arrives with the next sync, then discard this entry"),
                          item->subject_id);
}

gboolean
pd_sync_push_count_pending (PdStore  *store,
               guint    *count_out,
               GError  **error)
{
  return pd_outbox_count_pending (store, count_out, error);
}

static gboolean
record_outbox_failure (PdStore            *store,
                       const PdOutboxItem *item,
                       PdOutboxState       state,
                       const char         *message,
                       gint64              next_attempt_at,
                       const char         *current,
                       GError            **error)
{
  return pd_outbox_record_failure_alone (store, item->id, state, message, next_attempt_at, current, error);
}

/* "link\x1f<token>": the entries of one subject go out in order. */
static char *
subject_key (const PdOutboxItem *item)
{
  return g_strconcat (item->subject_type != NULL ? item->subject_type : "", "\x1f",
                      item->subject_id != NULL ? item->subject_id : "", NULL);
}

gboolean
pd_sync_push_outbox (PdPlatformConnection *connection,
                     PdStore              *store,
                     PdChangeApplier      *applier,
                     PdSyncSummary        *summary,
                     PdSyncPushProgress    progress,
                     gpointer              user_data,
                     GCancellable         *cancellable,
                     GError              **held_error,
                     GError              **error)
{
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 after = 0;
  guint held_in_a_row = 0;

  summary->phase = PD_SYNC_PHASE_PUSHING;
  for (;;)
    {
      g_autoptr(PdOutboxItem) item = NULL;
      g_autoptr(PdPlatformResponse) response = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *where = NULL;
      g_autofree char *refusal = NULL;
      g_autofree char *subject = NULL;

      item = pd_outbox_next_pending (store, after, &local_error);
      if (item == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          return TRUE;
        }
      after = item->id;
      subject = subject_key (item);
      /* Behind an entry of the same subject that did not go out. */
      if (g_hash_table_contains (held, subject))
        continue;
      where = g_strdup_printf ("%s %s", item->method, item->path);

      response = pd_platform_connection_send (connection, item->method, item->path, NULL,
                                              *item->body != '\0' ? item->body : NULL,
                                              item->idempotency_key, item->if_match,
                                              cancellable, &local_error);
      if (response == NULL)
        {
          gint64 next;

          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              pd_sync_error_is_auth (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* Not refused: the entry stays pending, in its place, with the
           * reason and its Idempotency-Key (a response lost after the
           * platform applied it is answered again, not applied twice).
           * The rest of the outbox, and the feed, go on without it. */
          next = g_get_real_time () / G_USEC_PER_SEC + RETRY_HINT_S;
          if (!record_outbox_failure (store, item, PD_OUTBOX_STATE_PENDING, local_error->message,
                                      next, NULL, error))
            return FALSE;
          g_debug ("%s: kept pending: %s", where, local_error->message);
          g_hash_table_add (held, g_steal_pointer (&subject));
          if (held_error != NULL && *held_error == NULL)
            *held_error = g_steal_pointer (&local_error);
          if (progress != NULL)
            progress (user_data);
          if (++held_in_a_row >= MAX_HELD_IN_A_ROW)
            {
              g_debug ("%u entries in a row failed; the rest waits for the next run", held_in_a_row);
              return TRUE;
            }
          continue;
        }
      held_in_a_row = 0;

      if (response->status >= 200 && response->status < 300 &&
          (refusal = check_link_token (item, response)) != NULL)
        {
          if (!record_outbox_failure (store, item, PD_OUTBOX_STATE_FAILED, refusal, 0, NULL, error))
            return FALSE;
          summary->outbox_failed++;
          g_debug ("%s: kept as failed: %s", where, refusal);
        }
      else if (response->status >= 200 && response->status < 300)
        {
          g_autoptr(PdDecodedChange) answer = decode_answer (item, response, where);

          if (!pd_change_applier_apply_sent (applier, item->id, answer, where, error))
            return FALSE;
          summary->outbox_sent++;
        }
      else
        {
          g_autofree char *message = describe_refusal (response);
          gboolean conflict = response->status == 409;

          if (!record_outbox_failure (store, item,
                                      conflict ? PD_OUTBOX_STATE_CONFLICT : PD_OUTBOX_STATE_FAILED,
                                      message, 0, response->error_current, error))
            return FALSE;
          if (conflict)
            summary->outbox_conflicts++;
          else
            summary->outbox_failed++;
          g_debug ("%s: kept as %s: %s", where, conflict ? "conflict" : "failed", message);
        }
      if (progress != NULL)
        progress (user_data);
    }
}

