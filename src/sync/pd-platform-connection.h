/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-credentials.h"
#include "pd-json-doc.h"

G_BEGIN_DECLS

/* The HTTP side of the platform client: one SoupSession, requests signed
 * as src/sync/README.md says, responses read with a size limit and checked
 * (JSON content type, UTF-8, nesting), and the contract's recovery rules:
 * transient failures (connection errors, timeouts, cut bodies, 5xx, 429)
 * retried with exponential backoff and jitter honouring Retry-After,
 * bounded per request and per run; one token refresh per run on 401
 * token_expired; the clock offset corrected from the Date header on 401
 * bad_timestamp and the request retried once.
 *
 * The send call blocks: it runs on the sync client's worker threads
 * (libsoup >= 3.2 sends from any thread), never on the UI thread. Two
 * threads may send at once (the next page is fetched while the current
 * one is applied). */

#define PD_PLATFORM_MAX_BODY (16 * 1024 * 1024)

typedef struct
{
  guint              status;
  PdJsonDoc         *doc;            /* the parsed body: always for 2xx, when it is JSON otherwise */
  const PdJsonValue *root;           /* its root, an object for 2xx; NULL without a body */
  char              *error_code;     /* error.code of an error answer, or NULL */
  char              *error_message;  /* error.message, or NULL */
  char              *error_current;  /* error.current (409 version_conflict) as JSON text, or NULL */
  gboolean           replayed;       /* Idempotent-Replayed: true */
} PdPlatformResponse;

void pd_platform_response_free (PdPlatformResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPlatformResponse, pd_platform_response_free)

/* Called, on the sending thread, after a refresh replaced the tokens. */
typedef void (*PdPlatformCredentialsFunc) (const PdCredentials *credentials,
                                           gpointer             user_data);

/* Replaces the token refresh (POST /v1/auth/refresh) for another API's
 * token endpoint (the Open API's auth host): given the current
 * credentials, returns the new ones (the same app key and secret). Runs
 * on the sending thread, once per run as the default refresh does. */
typedef PdCredentials *(*PdPlatformRefreshFunc) (const PdCredentials  *current,
                                                 GCancellable         *cancellable,
                                                 gpointer              user_data,
                                                 GError              **error);

#define PD_TYPE_PLATFORM_CONNECTION (pd_platform_connection_get_type ())

G_DECLARE_FINAL_TYPE (PdPlatformConnection, pd_platform_connection, PD, PLATFORM_CONNECTION, GObject)

/* @endpoint: "https://host[:port][/prefix]" without a trailing slash. */
PdPlatformConnection *pd_platform_connection_new              (const char                *endpoint,
                                                               const PdCredentials       *credentials);
const char           *pd_platform_connection_get_endpoint     (PdPlatformConnection      *self);
void                  pd_platform_connection_set_credentials_func (PdPlatformConnection  *self,
                                                               PdPlatformCredentialsFunc  func,
                                                               gpointer                   user_data);
PdCredentials        *pd_platform_connection_dup_credentials  (PdPlatformConnection      *self);
void                  pd_platform_connection_set_refresh_func (PdPlatformConnection      *self,
                                                               PdPlatformRefreshFunc      func,
                                                               gpointer                   user_data);

/* Seconds added to this computer's clock for the `timestamp` parameter. */
gint64                pd_platform_connection_get_clock_offset (PdPlatformConnection      *self);
void                  pd_platform_connection_set_clock_offset (PdPlatformConnection      *self,
                                                               gint64                     seconds);

/* A new run: its own retry budget and one refresh. */
void                  pd_platform_connection_begin_run        (PdPlatformConnection      *self);
guint                 pd_platform_connection_get_retries      (PdPlatformConnection      *self);

/* Test hooks: every backoff delay multiplied by @scale (the policy and
 * its bounds stay the same, the test runs faster); the process killed
 * with SIGKILL right after its @n-th response arrived (0: never). */
void                  pd_platform_connection_set_delay_scale  (PdPlatformConnection      *self,
                                                               double                     scale);
void                  pd_platform_connection_set_kill_after   (PdPlatformConnection      *self,
                                                               guint                      n);
/* Limits on the whole of one request (connect, send, every byte of the
 * answer; a request out of time is retried like a timeout) and on the
 * whole of a run from pd_platform_connection_begin_run() (every request,
 * retry and wait; a run out of time stops). Defaults: 2 and 10 minutes;
 * tests set short ones. */
void                  pd_platform_connection_set_deadlines    (PdPlatformConnection      *self,
                                                               guint                      request_ms,
                                                               guint                      run_ms);

/* POST /v1/auth/token, signed with the app key and secret this
 * connection was made with (its tokens may be empty): the platform's
 * answer becomes its tokens (pd_platform_connection_dup_credentials()).
 * A wrong key or secret fails as every request does
 * (PD_SYNC_ERROR_APP_KEY_REFUSED, PD_SYNC_ERROR_SECRET_REFUSED). Blocks:
 * call it from a worker thread. */
gboolean              pd_platform_connection_sign_in          (PdPlatformConnection      *self,
                                                               GCancellable              *cancellable,
                                                               GError                   **error);

/* Sends @method @path with @query (name, value, name, value..., NULL; may
 * be NULL), the exact @body bytes (NULL for none) and the optional
 * headers. Returns the answer once it is final: 2xx (with a JSON root),
 * or a 4xx other than 401. Fails with PD_SYNC_ERROR on transport
 * failures and 5xx/429 after the retries, on 401, and on a 2xx answer
 * that is not JSON; with G_IO_ERROR_CANCELLED when cancelled. */
PdPlatformResponse   *pd_platform_connection_send             (PdPlatformConnection      *self,
                                                               const char                *method,
                                                               const char                *path,
                                                               const char * const        *query,
                                                               const char                *body,
                                                               const char                *idempotency_key,
                                                               const char                *if_match,
                                                               GCancellable              *cancellable,
                                                               GError                   **error);

G_END_DECLS
