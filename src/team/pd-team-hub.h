/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-store.h"
#include "pd-store-team.h"
#include "pd-team-watch.h"

G_BEGIN_DECLS

/* PdTeamHub: one desktop's channel to the agency's team hub, a
 * PostgreSQL database (pd-team-schema.c) that the staff's desktops
 * share, beside the platform's sync.
 *
 * The store stays the authority for local writes: an edit of the
 * agency's own fields (pd-merchant-notes.h) writes its team outbox entry
 * in its own transaction (pd-store-team.h). A sync pushes those entries
 * in order, each with its idempotency key (the hub applies a key once:
 * kill -9 between the hub's commit and ours, and the retry changes
 * nothing), then pulls the hub's changes after the last sequence pulled
 * and hands them, decoded, to the store, which applies them in one
 * transaction and emits PdStore::changed (PD_ENTITY_NOTES,
 * PD_CHANGE_ORIGIN_SYNC).
 *
 * The password: pd_team_hub_set_password(), else PD_TEAM_PASSWORD
 * (taken out of the environment at first use), else the keyring
 * (pd-team-password.h), keyed by the hub's address.
 *
 * For the app (Preferences → Team, the header bar's hub state): the
 * *_async methods run the same work in a worker thread on a store
 * connection of its own (pd_store_open() of the same file), as the
 * platform sync does; _finish() announces what it changed on the hub's
 * store (PdStore::changed, PD_CHANGE_ORIGIN_SYNC). Call set_password()
 * before, not during, a sync. The *_sync methods are for the CLI and
 * tests. */

#define PD_TYPE_TEAM_HUB (pd_team_hub_get_type ())

G_DECLARE_FINAL_TYPE (PdTeamHub, pd_team_hub, PD, TEAM_HUB, GObject)

typedef struct
{
  PdTeamState  state;          /* url NULL: not joined */
  gboolean     connected;      /* the hub answered now */
  char        *connect_error;  /* why not, or NULL */
  guint        schema_version; /* the hub's, 0: unknown */
  gint64       hub_seq;        /* the hub's last change, -1: unknown */
  guint        pending;        /* edits waiting in the team outbox */
  guint        failed;         /* edits the hub refused */
  GPtrArray   *conflicts;      /* PdTeamConflict */
  GPtrArray   *refused;        /* PdTeamOutboxItem */
} PdTeamStatus;

void pd_team_status_clear (PdTeamStatus *status);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdTeamStatus, pd_team_status_clear)

typedef struct
{
  guint  pushed;      /* applied on the hub */
  guint  unchanged;   /* the hub had the value already */
  guint  conflicts;   /* the hub kept another desktop's newer value */
  guint  refused;     /* row-level security said no */
  guint  pulled;      /* changes applied from the hub */
  gint64 last_seq;
} PdTeamSyncResult;

PdTeamHub *pd_team_hub_new          (PdStore           *store);
/* NULL: back to PD_TEAM_PASSWORD or the keyring. */
void       pd_team_hub_set_password (PdTeamHub         *self,
                                     const char        *password);

/* Creates or migrates the hub's schema (as the database's owner). */
gboolean   pd_team_hub_init_sync    (PdTeamHub         *self,
                                     const char        *url,
                                     guint             *from_out,
                                     guint             *to_out,
                                     GError           **error);
/* Joins this desktop to the hub at @url as @staff (the role of the URL's
 * user must be staff of the team); the store remembers the hub. */
gboolean   pd_team_hub_join_sync    (PdTeamHub         *self,
                                     const char        *url,
                                     const char        *staff,
                                     GError           **error);
/* Saves the password set (pd_team_hub_set_password()) in the keyring for
 * the hub this store joined, where the app, `team sync` and `team
 * status` find it; FALSE when there is no keyring to save it in. */
gboolean   pd_team_hub_save_password (PdTeamHub        *self,
                                      GError          **error);
/* The store's view, and the hub's when it answers (never an error for
 * an unreachable hub: connected FALSE and connect_error). */
gboolean   pd_team_hub_status_sync  (PdTeamHub         *self,
                                     PdTeamStatus      *out,
                                     GError           **error);
/* Push, then pull. The result is recorded in the store (team status). */
gboolean   pd_team_hub_sync_sync    (PdTeamHub         *self,
                                     PdTeamSyncResult  *result_out,
                                     GCancellable      *cancellable,
                                     GError           **error);

/* A watch (pd-team-watch.h) on the hub this store joined, with this
 * hub's password; NULL and PD_TEAM_ERROR_NOT_JOINED when not joined.
 * Reads only the store: without a password set, the watch's worker
 * thread reads the keyring (the main thread never waits for it). The
 * caller syncs on its ::changed. */
PdTeamWatch *pd_team_hub_new_watch  (PdTeamHub         *self,
                                     GError           **error);

void       pd_team_hub_sync_async   (PdTeamHub           *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean   pd_team_hub_sync_finish  (PdTeamHub           *self,
                                     GAsyncResult        *result,
                                     PdTeamSyncResult    *result_out,
                                     GError             **error);

G_END_DECLS
