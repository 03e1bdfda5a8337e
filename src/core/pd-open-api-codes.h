/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The `code` member of a TikTok Shop Open API envelope
 * (issue 17): 0 is success, anything else an error
 * with a `message`. The platform's documentation lists its codes by
 * endpoint; these are the ones Partner Desk acts on, as the sandbox
 * (src/sandbox/README.md, "Open API") answers them. Shared by the
 * client and the sandbox so that both read them the same way. */
typedef enum
{
  PD_OPEN_API_CODE_OK                  = 0,
  PD_OPEN_API_CODE_INVALID_APP_KEY     = 106001,
  PD_OPEN_API_CODE_BAD_SIGNATURE       = 106002,
  PD_OPEN_API_CODE_BAD_TIMESTAMP       = 106003,  /* outside 5 minutes of the platform's clock */
  PD_OPEN_API_CODE_BAD_APP_SECRET      = 106004,  /* auth host: key and secret do not match */
  PD_OPEN_API_CODE_INVALID_PARAMETER   = 106005,
  PD_OPEN_API_CODE_INVALID_AUTH_CODE   = 105001,  /* unknown, used or older than 30 minutes */
  PD_OPEN_API_CODE_INVALID_TOKEN       = 105002,
  PD_OPEN_API_CODE_TOKEN_EXPIRED       = 105003,  /* the access token: refresh */
  PD_OPEN_API_CODE_AUTH_CANCELLED      = 105004,  /* the seller cancelled the authorization */
  PD_OPEN_API_CODE_AUTH_EXPIRED        = 105005,  /* the authorization (refresh token) ended */
  PD_OPEN_API_CODE_SHOP_NOT_AUTHORIZED = 105006,  /* shop_cipher not covered by the token */
  PD_OPEN_API_CODE_NOT_FOUND           = 106404,
  PD_OPEN_API_CODE_RATE_LIMITED        = 106429,
  PD_OPEN_API_CODE_INTERNAL            = 106500,
} PdOpenApiCode;

#define PD_OPEN_API_TIMESTAMP_WINDOW 300    /* seconds either side */
#define PD_OPEN_API_AUTH_CODE_TTL    1800   /* an authorization code: 30 minutes, once */

G_END_DECLS
