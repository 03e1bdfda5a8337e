/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store-private.h"
#include "pd-store-team.h"

G_BEGIN_DECLS

/* Shared by pd-store-team.c and pd-store-team-pull.c; the caller holds
 * the transaction where one is needed. */
#define PD_TEAM_STATE_URL         "team.url"
#define PD_TEAM_STATE_STAFF       "team.staff"
#define PD_TEAM_STATE_DESKTOP     "team.desktop"
#define PD_TEAM_STATE_LAST_SEQ    "team.last_seq"
#define PD_TEAM_STATE_LAST_AT     "team.last_sync_at"
#define PD_TEAM_STATE_LAST_RESULT "team.last_sync_result"

/* Binds ?1, ?2, ?3 of @stmt to a shared field's entity, object, field. */
void      pd_store_team_bind_field    (sqlite3_stmt        *stmt,
                                       const char          *entity,
                                       const char          *object,
                                       const char          *field);
gboolean  pd_store_team_enqueue       (PdStore             *store,
                                       const char          *entity,
                                       const char          *object,
                                       const char          *field,
                                       const char          *value,
                                       GError             **error);
/* Statements kept for a batch of changes (pd-store-team-pull.c). */
typedef struct _PdTeamCache PdTeamCache;

PdTeamCache *pd_team_cache_new  (void);
void         pd_team_cache_free (PdTeamCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTeamCache, pd_team_cache_free)

/* What the hub's version of a field does to the store. */
typedef enum
{
  PD_TEAM_APPLY_RECORD,          /* our own push's answer: team_fields only */
  PD_TEAM_APPLY_PULL,            /* pulled: set, unless an edit of it waits */
  PD_TEAM_APPLY_PULL_UNCHECKED,  /* pulled, no edit waiting anywhere */
  PD_TEAM_APPLY_THEIRS,          /* a conflict's answer: set, even if known */
  PD_TEAM_APPLY_SNAPSHOT,        /* the hub's current state: as PULL, unaudited */
  PD_TEAM_APPLY_SNAPSHOT_UNCHECKED,
} PdTeamApply;

/* The hub's version of a field: recorded in team_fields when newer than
 * the one recorded, then (but for RECORD, and only when newer but for
 * THEIRS) the local value set to it and audited as the hub's author. */
/* @cache: a batch's statements, or NULL. */
gboolean  pd_store_team_apply_one     (PdStore             *store,
                                       PdTeamCache         *cache,
                                       const PdTeamChange  *change,
                                       PdTeamApply          mode,
                                       GError             **error);
/* apply_one's two steps: the team_fields row written when @change is
 * newer than the one recorded (*@newer says whether it was), then what
 * a newer version does to the local field, its invitation, its audit. */
gboolean  pd_store_team_record_field  (PdStore             *store,
                                       PdTeamCache         *cache,
                                       const PdTeamChange  *change,
                                       gboolean            *newer,
                                       GError             **error);
gboolean  pd_store_team_apply_field   (PdStore             *store,
                                       PdTeamCache         *cache,
                                       const PdTeamChange  *change,
                                       PdTeamApply          mode,
                                       GError             **error);
/* Whether an edit of the field (all NULL: of any field) waits in the
 * team outbox. */
gboolean  pd_store_team_field_waits   (PdStore             *store,
                                       const char          *entity,
                                       const char          *object,
                                       const char          *field,
                                       gboolean            *waits,
                                       GError             **error);
/* A batch of pulled changes or snapshot rows ended: @last_seq (0: none)
 * recorded as the last pulled, committed, ::changed emitted; rolled back
 * when that fails. */
gboolean  pd_store_team_end_batch     (PdStore             *store,
                                       gint64               last_seq,
                                       GError             **error);
/* The local field back to the hub's version as last seen. */
gboolean  pd_store_team_restore_field (PdStore                *store,
                                       const PdTeamOutboxItem *item,
                                       GError                **error);

G_END_DECLS
