/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Onboarding and authorization links (src/core/README.md): their tokens, their
 * URLs and the link record the store hands out. Pure functions: no SQL,
 * no widgets. */

#define PD_LINK_ERROR (pd_link_error_quark ())

typedef enum
{
  PD_LINK_ERROR_RANDOM,       /* the system's CSPRNG failed */
  PD_LINK_ERROR_BAD_URL,      /* a base link that is not an absolute http(s) URL */
  PD_LINK_ERROR_NO_TOKEN,     /* a via_link with neither pd_ref nor a token */
} PdLinkError;

GQuark pd_link_error_quark (void);

/* 16 random bytes (128 bits) as URL-safe base64 without padding. */
#define PD_LINK_TOKEN_BYTES  16
#define PD_LINK_TOKEN_LENGTH 22

/* One link as the store keeps it. Times are Unix seconds, 0 for none.
 * @state is the effective state: an active link whose expires_at has
 * passed reads "expired". @kind: "onboarding" or "authorization". */
typedef struct
{
  char   *token;
  char   *kind;
  char   *url;
  char   *state;
  char   *seller_id;
  char   *market;
  char   *program_id;
  char   *service_id;
  char   *staff;
  gint64  created_at;
  gint64  expires_at;
  gint64  used_at;
  gint64  revoked_at;
} PdLink;

#define PD_TYPE_LINK (pd_link_get_type ())

GType     pd_link_get_type              (void) G_GNUC_CONST;
PdLink   *pd_link_copy                  (const PdLink  *link);
void      pd_link_free                  (PdLink        *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLink, pd_link_free)

/* A fresh token from getrandom(2): PD_LINK_TOKEN_LENGTH characters of
 * A-Z a-z 0-9 - _. Fails only when the kernel's CSPRNG does. */
char     *pd_link_token_new             (GError       **error);
/* 22 to 128 characters, all of A-Z a-z 0-9 - _ */
gboolean  pd_link_token_is_valid        (const char    *token);

/* The market's exclusive base link with pd_ref=@token: the base link's
 * own query parameters and fragment are kept (the new parameter goes
 * before the fragment), an existing pd_ref is replaced. Fails when
 * @base_url is not an absolute http or https URL. */
char     *pd_link_onboarding_url        (const char    *base_url,
                                         const char    *token,
                                         GError       **error);

/* https://services.tiktokshop.com/open/authorize?service_id=<id>&state=<state>
 * (services.tiktokshops.us when @us_seller), both values percent-encoded. */
char     *pd_link_authorization_url     (const char    *service_id,
                                         const char    *state,
                                         gboolean       us_seller);
/* Whether a seller of @market authorizes on the US host ("US", any case). */
gboolean  pd_link_market_is_us          (const char    *market);

/* The token of a store's via_link: the pd_ref (or, for an authorization
 * link, the state) parameter of a full URL, or the bare token itself.
 * Surrounding white space is ignored. */
char     *pd_link_token_from_via_link   (const char    *via_link,
                                         GError       **error);

/* The "used" rule (src/core/README.md: a link is used once a store was opened
 * through it), in its two forms, kept here side by side so that they
 * cannot drift apart: a store naming the link turns these stored states
 * into "used" (an expired link a store names was used before it
 * expired; a revoked one stays revoked). PD_LINK_BECOMES_USED_SQL is the
 * list for "links.state IN ...", pd_link_state_becomes_used() the same
 * test in C; tests/test-link-state.c checks both with an expired link. */
#define PD_LINK_BECOMES_USED_SQL "('active', 'expired')"
gboolean    pd_link_state_becomes_used  (const char    *stored_state);

/* The state to show at @now for a stored @state and @expires_at (0:
 * never): "active" past its expiry reads "expired". */
const char *pd_link_effective_state     (const char    *state,
                                         gint64         expires_at,
                                         gint64         now);

G_END_DECLS
