/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-engine.h"

G_BEGIN_DECLS

/* Whether our onboarding links can still bring a store, as of an
 * instant (src/core/README.md: a seller whose invitation
 * links were all revoked before as_of, and who has no store, is lost).
 *
 * A link opens stores until it is revoked or expires. As of @as_of it
 * is live when it was not revoked at or before @as_of and did not expire
 * at or before @as_of. A store not open as of @as_of opens after it, so
 * a link revoked at that very second cannot bring it any more (only a
 * store that opened at the very second of the revocation still counts,
 * pd-engine.c). A revocation after @as_of is not known at @as_of: the
 * link is live then. An expiry is known in advance (the platform sets
 * it when it makes the link): it is the last chance to open through
 * that link. A link stored as revoked or expired without the time (sync
 * may leave it out) is dead at any instant. */

gboolean     pd_link_input_is_live     (const PdLinkInput   *link,
                                        gint64               as_of);
/* The first second from which @link opens nothing (its revocation or
 * its expiry, whichever comes first); FALSE when it has neither. */
gboolean     pd_link_input_dead_from   (const PdLinkInput   *link,
                                        gint64              *out);

/* Marks @link dead at an unknown time when @stored_state (links.state)
 * says revoked or expired and the time of it is missing. */
void         pd_link_input_set_stored_state (PdLinkInput *link,
                                             const char  *stored_state);

typedef struct
{
  gboolean           live;          /* a link can still bring a store */
  gboolean           has_deadline;  /* live, and every live link expires */
  gint64             deadline;      /* the last second a live link works */
  const PdLinkInput *last;          /* !live: the link that stopped last */
  gboolean           last_revoked;  /* !live: it was revoked (else it expired) */
  gboolean           last_undated;  /* !live: ... at a time the store does not know */
  gint64             last_dead_from;
} PdInvitationState;

/* @seller's invitation as of @as_of. A seller with @invited and no
 * link details has one live link without expiry. */
void         pd_invitation_evaluate    (const PdSellerInput *seller,
                                        gint64               as_of,
                                        PdInvitationState   *out);

G_END_DECLS
