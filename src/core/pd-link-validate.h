/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-enums.h"

G_BEGIN_DECLS

/* Checks of a link as a file gives it (import links): the token and the
 * URL must be what Partner Desk or the platform makes, so that a typo, a
 * truncated cell or a pasted script never becomes a link the agency
 * sends. Failures are PD_VALUE_ERROR_INVALID; messages say what was
 * wrong and what was expected, for the caller to prefix with where. */

/* A token Partner Desk makes (pd_link_token_new(): 22 characters of
 * URL-safe base64) or the platform's authorization state: 22 to 128
 * characters of A-Z a-z 0-9 - _ (pd_link_token_is_valid()). */
gboolean pd_link_check_token (const char  *token,
                              GError     **error);

/* An onboarding link: an https address (plain http only on this
 * computer, for the sandbox, as for the base links of Preferences)
 * whose query holds pd_ref=@token once. An authorization link: the
 * platform's https://services.tiktokshop.com/open/authorize (or
 * services.tiktokshops.us) with state=@token and a service_id, which
 * must be @service_id when that is not NULL or empty. Neither may carry
 * a user name or password, spaces or control characters. */
gboolean pd_link_check_url   (const char  *url,
                              PdLinkKind   kind,
                              const char  *token,
                              const char  *service_id,
                              GError     **error);

G_END_DECLS
