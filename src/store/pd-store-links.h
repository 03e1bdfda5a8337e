/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-link.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* Creating and revoking links (src/core/README.md,
 * "Authorization links"). Each creation and revocation writes the link
 * row, its outbox entry (src/sync/README.md POST /v1/links,
 * /v1/links/{token}/revoke, /v1/authorization-links) and an audit-log
 * record in one transaction: all three or nothing.
 *
 * @staff NULL means the user running the app ($USER). The PdLink
 * results are owned by the caller (pd_link_free). */

/* A link's state in SQL, for queries "... FROM links": the stored state,
 * but "used" when a store names the link as its via_link (report import
 * or sync; the link row itself is the platform's). Hand the value and
 * expires_at to pd_link_effective_state() for "expired". Every PdLink
 * this file returns is read so. The merchant rows' rebuild applies the
 * same rule in C, link_state_with_use() in pd-merchant-refresh.c, through
 * pd_link_state_becomes_used() (pd-link.h keeps both forms together). */
#define PD_STORE_LINK_STATE_SQL \
  "CASE WHEN links.state IN " PD_LINK_BECOMES_USED_SQL " AND EXISTS (SELECT 1 FROM stores s" \
  " WHERE s.via_token = links.token) THEN 'used' ELSE links.state END"

/* The seller's active onboarding link for the program, created when
 * there is none (*@created_out TRUE then). @market NULL: the seller's
 * market on the program's target list (or any list); @program_id NULL:
 * the seller's current program (the latest list it is on and has not
 * left). @force_new: revoke the active link, if any, and make a fresh
 * one. Fails, writing nothing, when the market has no
 * onboarding_base_url.<MARKET> configured. */
gboolean    pd_store_link_onboarding       (PdStore             *store,
                                            const char          *seller_id,
                                            const char          *market,
                                            const char          *program_id,
                                            const char          *staff,
                                            gboolean             force_new,
                                            PdLink             **link_out,
                                            gboolean            *created_out,
                                            GError             **error);

/* pd_store_link_onboarding() (no force_new, each seller's own market)
 * for every seller in @seller_ids (NULL-terminated), in ONE transaction:
 * either every seller gets its link or nothing is written. Returns the
 * links (PdLink, in the order of @seller_ids), or NULL. */
GPtrArray  *pd_store_link_onboarding_bulk  (PdStore             *store,
                                            const char * const  *seller_ids,
                                            const char          *program_id,
                                            const char          *staff,
                                            GError             **error);

/* A new authorization link for @service_id with a fresh state token
 * (the link's token). @seller_id may be NULL; its market (target list)
 * picks the US host. @duration_days 0: the seller picks the duration. */
gboolean    pd_store_link_authorization    (PdStore             *store,
                                            const char          *service_id,
                                            const char          *seller_id,
                                            int                  duration_days,
                                            const char          *staff,
                                            PdLink             **link_out,
                                            GError             **error);

/* The same for @shop_ids (NULL-terminated, or NULL: the seller picks)
 * and, for a renewal link, @renewal_of: the authorization it renews (or
 * NULL); pd_store_authorization_link() (pd-store-authorizations.h)
 * takes a renewal's seller, service and shops from the authorization. */
gboolean    pd_store_link_authorization_for (PdStore            *store,
                                             const char         *service_id,
                                             const char         *seller_id,
                                             const char * const *shop_ids,
                                             int                 duration_days,
                                             const char         *renewal_of,
                                             const char         *staff,
                                             PdLink            **link_out,
                                             GError            **error);

/* Inside the caller's transaction: link @token renews authorization
 * @renewal_of (kept locally; a pull does not forget it). */
gboolean    pd_store_link_note_renewal      (PdStore            *store,
                                             const char         *token,
                                             const char         *renewal_of,
                                             GError            **error);

/* Revokes an active link. Errors (PD_STORE_ERROR_INVALID, saying so):
 * an unknown token, a link revoked already, a used link, an expired
 * link. The audit record's subject is "link:<token>", its details the
 * link's fields as JSON (creations too). */
gboolean    pd_store_link_revoke           (PdStore             *store,
                                            const char          *token,
                                            GError             **error);

/* One link, or NULL with an error when there is no such token. */
PdLink     *pd_store_link_get              (PdStore             *store,
                                            const char          *token,
                                            GError             **error);

/* Every link of the seller (onboarding and authorization), newest first. */
GPtrArray  *pd_store_links_for_seller      (PdStore             *store,
                                            const char          *seller_id,
                                            GError             **error);

/* For list models that page through every link: @state NULL for all
 * links, else an effective state ("active", "used", "expired",
 * "revoked"; a link a store names as its via_link reads "used", an
 * active one past its expires_at "expired"). Order: newest first (created_at DESC, token), stable
 * across pages. */
gboolean    pd_store_links_count           (PdStore             *store,
                                            const char          *state,
                                            guint64             *count_out,
                                            GError             **error);
GPtrArray  *pd_store_links_page            (PdStore             *store,
                                            const char          *state,
                                            guint64              offset,
                                            guint                limit,
                                            GError             **error);

G_END_DECLS
