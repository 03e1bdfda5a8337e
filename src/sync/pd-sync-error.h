/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Errors of the platform client (src/sync). Their messages name the
 * request ("GET /v1/changes"), the field when a response is malformed,
 * and what was expected; they never contain a secret or a signed URL. */
#define PD_SYNC_ERROR (pd_sync_error_quark ())

typedef enum
{
  PD_SYNC_ERROR_NETWORK,          /* connection failed, timed out or was cut, after the retries */
  PD_SYNC_ERROR_SERVER,           /* 5xx or 429 after the retries */
  PD_SYNC_ERROR_AUTH,             /* 401: signature, key, token, or the refresh failed */
  PD_SYNC_ERROR_INVALID_RESPONSE, /* a response that does not follow src/sync/README.md */
  PD_SYNC_ERROR_TOO_LARGE,        /* a response body over the limit (16 MiB) */
  PD_SYNC_ERROR_REFUSED,          /* another 4xx where none is expected */
  PD_SYNC_ERROR_BUSY,             /* a run is already going on this client */
  PD_SYNC_ERROR_NO_CREDENTIALS,   /* the credentials are missing or incomplete */
  PD_SYNC_ERROR_INVALID_CHANGE,   /* a change that cannot be applied to the store */
  PD_SYNC_ERROR_CURSOR_EXPIRED,   /* 410: the feed must be pulled again from the start */
  PD_SYNC_ERROR_TRUNCATED,        /* a body cut short: retried as a transient failure */
  PD_SYNC_ERROR_APP_KEY_REFUSED,  /* 401 invalid_app_key: the platform knows no such app key */
  PD_SYNC_ERROR_SECRET_REFUSED,   /* 401 bad_signature: the app secret does not match the key */
  PD_SYNC_ERROR_CLOCK,            /* 401 bad_timestamp, even after matching the platform's clock */
  PD_SYNC_ERROR_AUTHORIZATION_CANCELLED, /* Open API: the seller cancelled the authorization */
  PD_SYNC_ERROR_AUTHORIZATION_ENDED,     /* Open API: the authorization (refresh token) expired */
} PdSyncError;

GQuark   pd_sync_error_quark   (void);
/* Whether the platform refused who we are (PD_SYNC_ERROR_AUTH, the app
 * key, the secret, the clock): every later request would be refused too. */
gboolean pd_sync_error_is_auth (const GError *error);
/* Why a run or a push failed and what to do, for a person: "Cannot
 * reach the platform at ADDRESS: check the address or your network.",
 * "The platform refused the app secret: check it in Preferences."
 * @endpoint is the address the app tried. The error's own message (the
 * request, the platform's code) is for the details, not this. The app's
 * sync indicator, its sign-in dialog and partnerdesk-cli all say it so. */
char    *pd_sync_error_to_text (const GError *error,
                                const char   *endpoint);

/* Who reads it: the app, or partnerdesk-cli, whose user may also fix the
 * credentials in the environment it reads them from (partnerdesk-cli(1)). */
typedef enum
{
  PD_SYNC_ERROR_FOR_APP,
  PD_SYNC_ERROR_FOR_CLI,
} PdSyncErrorAudience;

char    *pd_sync_error_to_text_full (const GError        *error,
                                     const char          *endpoint,
                                     PdSyncErrorAudience  audience);

G_END_DECLS
