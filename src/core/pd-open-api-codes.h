/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The `code` member of a TikTok Shop Open API envelope (issue 17): 0 is
 * success, anything else an error with a `message`. These are the ones
 * Partner Desk acts on, shared by the client and the sandbox so that
 * both read them the same way.
 *
 * The public codes are those of the TikTok Shop Partner Center developer
 * guide ("TikTok Shop API concepts", Common errors; the creator
 * authorization guide for a deauthorized token). The platform gives one
 * code, 36009004, to several refusals (an unknown app_key, a bad
 * x-tts-access-token header, a timestamp out of its window, a missing
 * signature) and tells them apart only in its message: the client reads
 * which from the message (pd-platform-answer.c), and the sandbox words its
 * messages as the guide does.
 *
 * The guide names no code for the rest: the auth host's refusals of a
 * code, a secret or a refresh token, an authorization that ended, a shop
 * the token does not cover, a bad parameter, an internal error. For those
 * the sandbox uses codes of its own, in 99xxxx, which no public code
 * uses (src/sandbox/README.md, "Open API"); the client treats any other
 * code as a plain refusal with its message. */
typedef enum
{
  PD_OPEN_API_CODE_OK                  = 0,

  /* Public. */
  PD_OPEN_API_CODE_AUTH_CANCELLED      = 105001,    /* "access token is invalid; detail: your token has
                                                     * been deauthorized": the seller cancelled */
  PD_OPEN_API_CODE_TOKEN_EXPIRED       = 105002,    /* the access token: refresh */
  PD_OPEN_API_CODE_SCOPE_DENIED        = 105005,    /* the app lacks the endpoint's access scope */
  PD_OPEN_API_CODE_BAD_SIGNATURE       = 106001,    /* the `sign` query parameter is invalid */
  PD_OPEN_API_CODE_MISSING_SHOP_CIPHER = 106013,
  PD_OPEN_API_CODE_RATE_LIMITED        = 36009002,
  PD_OPEN_API_CODE_INVALID_CREDENTIALS = 36009004,  /* app_key, token header or timestamp: see the message */
  PD_OPEN_API_CODE_NOT_FOUND           = 36009009,  /* no such path */

  /* The sandbox's own. */
  PD_OPEN_API_CODE_INVALID_AUTH_CODE   = 990001,    /* unknown, used or older than 30 minutes */
  PD_OPEN_API_CODE_BAD_APP_SECRET      = 990002,    /* auth host: key and secret do not match */
  PD_OPEN_API_CODE_INVALID_REFRESH     = 990003,    /* auth host: an unknown refresh token */
  PD_OPEN_API_CODE_AUTH_EXPIRED        = 990004,    /* the authorization (refresh token) ended */
  PD_OPEN_API_CODE_SHOP_NOT_AUTHORIZED = 990005,    /* shop_cipher not covered by the token */
  PD_OPEN_API_CODE_INVALID_PARAMETER   = 990006,
  PD_OPEN_API_CODE_INTERNAL            = 990500,
} PdOpenApiCode;

/* The messages that tell the refusals of PD_OPEN_API_CODE_INVALID_CREDENTIALS
 * apart, as the guide words them (the client looks for these words). */
#define PD_OPEN_API_MESSAGE_INVALID_APP_KEY "Invalid credentials. Invalid `app_key` query parameter."
#define PD_OPEN_API_MESSAGE_INVALID_TOKEN   "Invalid credentials. The `x-tts-access-token` header is invalid."
#define PD_OPEN_API_MESSAGE_BAD_TIMESTAMP   "Invalid timestamp. The value of the `timestamp` query parameter" \
                                            " must not be earlier than 5 minutes before the current time."

#define PD_OPEN_API_TIMESTAMP_WINDOW 300    /* seconds either side */
#define PD_OPEN_API_AUTH_CODE_TTL    1800   /* an authorization code: 30 minutes, once */

G_END_DECLS
