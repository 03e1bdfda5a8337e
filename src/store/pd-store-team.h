/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-merchant-notes.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* The store's side of the team hub (src/team): which hub this desktop
 * joined, the team outbox, the hub's changes applied, conflicts and
 * the team's invitations. The store stays the authority for local
 * writes: the hub code only hands it decoded changes and push outcomes.
 *
 * - sync_state keys "team.*" (PD_TEAM_STATE_*): the hub's address (never
 *   a password), the staff name, this desktop's id, the last change
 *   sequence pulled, the last sync's time and result.
 * - team_outbox: the agency's own edits waiting for the hub, one field
 *   each, written in the same transaction as the local edit, each with
 *   its idempotency key (kept across retries and restarts) and its base:
 *   the hub's change that last set the field when the edit was made.
 *   Only while joined: edits made before joining are queued by the join.
 * - team_fields: the hub's value, author, desktop and time of each
 *   shared field as last seen (attribution, and the base of edits).
 * - team_conflicts: an edit the hub did not take because another
 *   desktop changed the same field since its base: both versions.
 * - team_invitations: every onboarding link the team made (who, from
 *   which desktop, when), for the duplicate invitation check. */

typedef struct
{
  char   *url;            /* NULL: not joined */
  char   *staff;
  char   *desktop;
  gint64  last_seq;
  gint64  last_sync_at;   /* 0: never */
  char   *last_result;    /* "ok", or the error; NULL: never */
} PdTeamState;

void     pd_team_state_clear               (PdTeamState *state);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdTeamState, pd_team_state_clear)

gboolean pd_store_team_get_state           (PdStore      *store,
                                            PdTeamState  *out,
                                            GError      **error);
/* Records the hub (@url without a password), staff name and desktop id;
 * a different hub than before starts pulling from the beginning. Queues
 * this store's non-empty notes, tags and assignees for the hub (base 0:
 * where the hub already has another value, a conflict shows both). */
gboolean pd_store_team_join                (PdStore      *store,
                                            const char   *url,
                                            const char   *staff,
                                            const char   *desktop,
                                            GError      **error);
gboolean pd_store_team_set_result          (PdStore      *store,
                                            const char   *result,
                                            GError      **error);

/* Inside the caller's transaction (store code only): queues the fields
 * of @seller_id that differ between @old and the new values; nothing
 * when not joined. */
gboolean pd_store_team_queue_merchant      (PdStore               *store,
                                            const char            *seller_id,
                                            const PdMerchantNotes *old,
                                            const char            *notes,
                                            const char            *tags,
                                            const char            *assignee,
                                            GError               **error);
/* Inside the caller's transaction: one shared field's new value (NULL:
 * cleared; for an override, back to the program file's value); nothing
 * when not joined. Entities: "override" (object: the program id, field:
 * the override's key) and "stage_rate" (object "*": the agency's rates,
 * field: the stage, value: basis points). */
gboolean pd_store_team_queue_field         (PdStore      *store,
                                            const char   *entity,
                                            const char   *object,
                                            const char   *field,
                                            const char   *value,
                                            GError      **error);
/* Inside the caller's transaction: an onboarding link just created. */
gboolean pd_store_team_queue_invitation    (PdStore      *store,
                                            const char   *token,
                                            const char   *seller_id,
                                            const char   *program_id,
                                            GError      **error);

typedef struct
{
  gint64  id;
  char   *key;         /* the idempotency key */
  char   *entity;      /* "merchant", "invitation", "override", "stage_rate" */
  char   *object;      /* seller id, link token, program id */
  char   *field;
  char   *value;       /* NULL: cleared */
  gint64  base_seq;
  gint64  attempts;
  char   *state;       /* "pending" or "failed" (refused by the hub) */
  char   *last_error;
} PdTeamOutboxItem;

void              pd_team_outbox_item_free (PdTeamOutboxItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTeamOutboxItem, pd_team_outbox_item_free)

/* The first pending entry after @after_id, or NULL (no error) if none. */
PdTeamOutboxItem *pd_store_team_next_pending (PdStore     *store,
                                              gint64       after_id,
                                              GError     **error);
gboolean pd_store_team_count_outbox        (PdStore      *store,
                                            guint        *pending_out,
                                            guint        *failed_out,
                                            GError      **error);
/* Every refused entry, oldest first (PdTeamOutboxItem). */
GPtrArray *pd_store_team_list_failed       (PdStore      *store,
                                            GError      **error);

/* The hub's answer to a push, each in one transaction. applied or
 * unchanged: the entry leaves the outbox, the field's hub version is
 * @seq (@value by @author on @desktop at @at: that change as the hub's
 * log has it, recorded as a pull of it would; seq 0, a value no change
 * set, records nothing), later edits of the same field are rebased onto
 * it. conflict: the entry leaves the outbox, the hub's version (the
 * same attribution) replaces the local value and the conflict keeps
 * both. */
gboolean pd_store_team_push_done           (PdStore                *store,
                                            const PdTeamOutboxItem *item,
                                            gboolean                conflict,
                                            gint64                  seq,
                                            const char             *value,
                                            const char             *author,
                                            const char             *desktop,
                                            gint64                  at,
                                            GError                **error);
/* A refusal (@permanent: the entry is kept as failed and the local field
 * goes back to the hub's version) or a failure to retry. */
gboolean pd_store_team_push_failed         (PdStore                *store,
                                            const PdTeamOutboxItem *item,
                                            const char             *message,
                                            gboolean                permanent,
                                            GError                **error);

/* One change of the hub's log, decoded. */
typedef struct
{
  gint64  seq;
  char   *entity;
  char   *object;
  char   *field;
  char   *value;
  char   *author;
  char   *desktop;
  gint64  at;
} PdTeamChange;

void     pd_team_change_free               (PdTeamChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTeamChange, pd_team_change_free)

/* Applies @changes (PdTeamChange, by seq) in one transaction with the
 * new last pulled sequence; a field with an edit waiting in the outbox
 * keeps the local value (the push decides). Emits ::changed. */
gboolean pd_store_team_apply_changes       (PdStore      *store,
                                            GPtrArray    *changes,
                                            GError      **error);
/* A first (or far behind) pull: a batch of the hub's current state, the
 * last change of each shared field (@n_rows PdTeamChange, best in the
 * store's key order: entity, object, field; any order gives the same
 * store), applied in one transaction as a pull would but without an
 * audit row each (the hub's log is the team's audit); the last batch
 * records @snapshot_seq, the hub's sequence the state was read at, as
 * the last pulled (0: not the last batch; a snapshot cut short is taken
 * again). Call pd_store_team_snapshot_done() after the last. */
gboolean pd_store_team_apply_snapshot      (PdStore             *store,
                                            const PdTeamChange  *rows,
                                            gsize                n_rows,
                                            gint64               snapshot_seq,
                                            GError             **error);
/* After the snapshot's batches, applied or not: the store's usual page
 * cache and checkpoints back. */
void     pd_store_team_snapshot_done       (PdStore      *store);

typedef struct
{
  char   *entity;
  char   *object;
  char   *field;
  char   *mine;
  gint64  mine_at;
  char   *theirs;
  char   *theirs_by;
  gint64  theirs_at;
} PdTeamConflict;

void       pd_team_conflict_free           (PdTeamConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTeamConflict, pd_team_conflict_free)

/* The conflicts of @object (NULL: all), PdTeamConflict. */
GPtrArray *pd_store_team_list_conflicts    (PdStore      *store,
                                            const char   *object,
                                            GError      **error);

/* Who last set a shared field on the hub; FALSE without an error when
 * the hub never set it. */
gboolean   pd_store_team_field_author      (PdStore      *store,
                                            const char   *entity,
                                            const char   *object,
                                            const char   *field,
                                            char        **author_out,
                                            gint64       *at_out,
                                            GError      **error);

typedef struct
{
  char   *token;
  char   *seller_id;
  char   *program_id;
  char   *staff;
  char   *desktop;
  gint64  created_at;
} PdTeamInvitation;

void       pd_team_invitation_free         (PdTeamInvitation *invitation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTeamInvitation, pd_team_invitation_free)

/* The latest invitation of @seller_id in @program_id (NULL: any) by
 * another staff member than @staff, as the hub last told; NULL without
 * an error when there is none. */
PdTeamInvitation *pd_store_team_find_invitation (PdStore     *store,
                                                 const char  *seller_id,
                                                 const char  *program_id,
                                                 const char  *staff,
                                                 GError     **error);

/* Before a new onboarding link of @seller_id for @program_id by @staff
 * (NULL: this store's staff name): FALSE with PD_STORE_ERROR_INVALID
 * naming who invited the seller and when, if another staff member of
 * the team did; the caller asks for a confirmation (--new). */
gboolean pd_store_team_refuse_duplicate (PdStore     *store,
                                         const char  *seller_id,
                                         const char  *program_id,
                                         const char  *staff,
                                         GError     **error);

G_END_DECLS
