/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store-team.h"

G_BEGIN_DECLS

/* What the app adds to the store's side of the team hub
 * (pd-store-team.h): leaving the hub, and a conflict's choice. */

/* Forgets the hub this desktop joined: its address, staff name, desktop
 * id, last pulled sequence and result, the team outbox, the hub's
 * versions, conflicts and invitations. Local notes, tags and assignees
 * stay as they are. Audited; emits ::changed (settings). */
gboolean pd_store_team_leave            (PdStore     *store,
                                         GError     **error);

/* Settles the conflict of a merchant's shared @field (notes, tags,
 * assignee) of @seller_id: @keep_mine TRUE sets the field back to this
 * desktop's version and queues it for the hub, based on the hub's
 * version it lost to; FALSE keeps the hub's version (already the local
 * value). One transaction; PD_STORE_ERROR_INVALID when no such
 * conflict waits. Emits ::changed (notes) for @seller_id. */
gboolean pd_store_team_resolve_conflict (PdStore     *store,
                                         const char  *seller_id,
                                         const char  *field,
                                         gboolean     keep_mine,
                                         GError     **error);

/* The program a new onboarding link of @seller_id goes to when its
 * creator names none (the Requests page's Invite), as the link's
 * creation picks it: the seller's current target list, else the store's
 * only recruitment program; NULL without an error when there is none.
 * The team's duplicate check asks about that program only. */
char    *pd_store_team_link_program     (PdStore     *store,
                                         const char  *seller_id,
                                         GError     **error);

G_END_DECLS
