/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store-team.h"

G_BEGIN_DECLS

/* Shared by pd-store-team.c and pd-store-team-pull.c; the caller holds
 * the transaction where one is needed. */
char     *pd_store_team_dup_state     (PdStore             *store,
                                       const char          *key,
                                       GError             **error);
gboolean  pd_store_team_put_state     (PdStore             *store,
                                       const char          *key,
                                       const char          *value,
                                       GError             **error);
gboolean  pd_store_team_enqueue       (PdStore             *store,
                                       const char          *entity,
                                       const char          *object,
                                       const char          *field,
                                       const char          *value,
                                       GError             **error);
/* The hub's version of a field: recorded in team_fields, and the local
 * value set to it unless an edit of the field waits in the outbox
 * (@force: set anyway). Audited as the hub's author. */
gboolean  pd_store_team_apply_one     (PdStore             *store,
                                       const PdTeamChange  *change,
                                       gboolean             force,
                                       GError             **error);
/* The local field back to the hub's version as last seen. */
gboolean  pd_store_team_restore_field (PdStore                *store,
                                       const PdTeamOutboxItem *item,
                                       GError                **error);

G_END_DECLS
