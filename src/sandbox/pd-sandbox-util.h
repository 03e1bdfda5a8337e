/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Platform time: the sandbox writes every time in Asia/Shanghai with
 * its offset ("2026-01-15T09:30:00+08:00"), as the platform's exports
 * are in Beijing time. */
GTimeZone  *pd_sandbox_platform_zone        (void);
char       *pd_sandbox_format_time          (gint64       unix_seconds);

/* Base64url without padding (RFC 4648 section 5). */
char       *pd_sandbox_base64url_encode     (const guint8 *data,
                                             gsize         length);
/* NULL when @text is not base64url. */
guint8     *pd_sandbox_base64url_decode     (const char   *text,
                                             gsize        *length_out);

/* @n_bytes from the kernel's CSPRNG, base64url-encoded: credentials,
 * tokens, request ids. Never from a seeded generator. */
char       *pd_sandbox_random_token         (gsize         n_bytes);
char       *pd_sandbox_random_hex           (gsize         n_bytes);
/* "TTP_..." and "TTR_...": 256 random bits each. */
char       *pd_sandbox_new_access_token     (void);
char       *pd_sandbox_new_refresh_token    (void);

/* The platform's public authorization link format (src/core/README.md). */
char       *pd_sandbox_authorization_url    (const char   *service_id,
                                             const char   *state,
                                             gboolean      us_seller);
/* An agency onboarding base URL with the tracking parameter added. */
char       *pd_sandbox_onboarding_url       (const char   *base_url,
                                             const char   *token);

G_END_DECLS
