/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The platform's request signature (src/sync/README.md), byte for byte the
 * TikTok Shop Open API scheme, shared by the sync client and the sandbox:
 *
 *   sign = hex (HMAC-SHA256 (app_secret, app_secret + path
 *                + for each query parameter except sign and access_token,
 *                  sorted by name: name + value
 *                + body + app_secret))
 *
 * @query holds the decoded parameter names and values; @body is the exact
 * request body (NULL or empty for none). Returns lowercase hex. */
char *pd_sign_request (const char  *app_secret,
                       const char  *path,
                       GHashTable  *query,
                       const guint8 *body,
                       gsize        body_length);

/* Constant-time comparison of two signatures. */
gboolean pd_sign_equal (const char *a,
                        const char *b);

G_END_DECLS
