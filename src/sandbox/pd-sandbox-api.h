/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-sandbox-db.h"

G_BEGIN_DECLS

/* The platform API of src/sync/README.md, without HTTP: the server turns a
 * SoupServerMessage into a PdSandboxRequest, and the PdSandboxReply back
 * into a response. Everything a real platform checks is checked here:
 * app key, signature, timestamp window, access token, Idempotency-Key,
 * If-Match, request bodies, state machines. */

#define PD_SANDBOX_TIMESTAMP_WINDOW 300   /* seconds either side */
#define PD_SANDBOX_REFRESH_GRACE    300   /* a rotated refresh token still answers */

typedef struct
{
  const char  *method;
  const char  *path;             /* decoded, without the query */
  GHashTable  *query;            /* decoded name -> value; may be NULL */
  const char  *body;             /* exact bytes; may be NULL */
  gsize        body_length;
  const char  *access_token;     /* x-tts-access-token, or NULL */
  const char  *idempotency_key;  /* Idempotency-Key, or NULL */
  const char  *if_match;         /* If-Match, or NULL */
  const char  *request_id;
  gint64       now;              /* unix seconds */
} PdSandboxRequest;

typedef struct
{
  guint     status;
  char     *body;          /* JSON text */
  char     *etag;          /* "\"<version>\"" for single objects, or NULL */
  char     *allow;         /* for 405, or NULL */
  gboolean  replayed;      /* answered from the Idempotency-Key record */
} PdSandboxReply;

void            pd_sandbox_reply_free        (PdSandboxReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxReply, pd_sandbox_reply_free)

/* An error reply in the contract's shape; @current (may be NULL) goes
 * into `error.current`. */
PdSandboxReply *pd_sandbox_reply_new_error   (const GError   *error,
                                              const char     *request_id,
                                              const char     *current_json);

#define PD_TYPE_SANDBOX_API (pd_sandbox_api_get_type ())

G_DECLARE_FINAL_TYPE (PdSandboxApi, pd_sandbox_api, PD, SANDBOX_API, GObject)

/* @token_ttl: seconds an access token lives after it was issued. */
PdSandboxApi   *pd_sandbox_api_new           (PdSandboxDb            *db,
                                              gint64                  token_ttl);
PdSandboxReply *pd_sandbox_api_handle        (PdSandboxApi           *self,
                                              const PdSandboxRequest *request);

/* The opaque change-feed cursor: base64url of "v1.<db epoch>.<compaction
 * generation>.<seq>". */
char           *pd_sandbox_api_encode_cursor (PdSandboxApi           *self,
                                              gint64                  seq);

G_END_DECLS
