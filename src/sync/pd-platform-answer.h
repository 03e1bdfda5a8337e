/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "pd-platform-connection.h"

G_BEGIN_DECLS

/* Reading the platform's answers where they need care (private to
 * pd-platform-connection.c): the text they carry is untrusted. */

/* Fills @response's error_code, error_message (made safe to print,
 * pd-safe-text.h) and error_current from its JSON error object. */
void pd_platform_read_error_body  (PdPlatformResponse  *response);
/* The Open API's envelope: a non-zero integer `code` becomes error_code
 * (the sync API's name for the same refusal, e.g. token_expired, or
 * "code_N") and `message` error_message. Nothing for code 0. */
void pd_platform_read_open_api_error (PdPlatformResponse *response);

/* The error for a 3xx answer to @msg: no redirect is followed. */
void pd_platform_refuse_redirect  (const char          *where,
                                   SoupMessage         *msg,
                                   GError             **error);

G_END_DECLS
