/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "pd-store.h"
#include "pd-team-hub.h"

G_BEGIN_DECLS

/* The two halves of a team sync, on a connection whose schema was
 * checked (pd-team-hub.c). */

/* Sends the team outbox's pending entries in order through
 * partnerdesk.push_attributed(); each answer (with the author, desktop
 * and time of the change it names) is recorded in the store in its own
 * transaction. A refusal (row-level security) marks the entry failed
 * and goes on; a lost connection stops with an error (the entry stays
 * pending, with its key, for the next sync). */
gboolean pd_team_push (PGconn            *conn,
                       PdStore           *store,
                       const char        *desktop,
                       PdTeamSyncResult  *result,
                       GCancellable      *cancellable,
                       GError           **error);

/* Reads the hub's changes after the store's last pulled sequence, in
 * batches, each applied in one store transaction. */
gboolean pd_team_pull (PGconn            *conn,
                       PdStore           *store,
                       PdTeamSyncResult  *result,
                       GCancellable      *cancellable,
                       GError           **error);

G_END_DECLS
