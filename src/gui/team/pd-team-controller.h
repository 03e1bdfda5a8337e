/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* Where this desktop stands with the team hub, as the header bar says. */
typedef enum
{
  PD_TEAM_VIEW_NOT_JOINED,
  PD_TEAM_VIEW_SYNCING,
  PD_TEAM_VIEW_UP_TO_DATE,
  PD_TEAM_VIEW_WAITING,     /* edits wait for the hub */
  PD_TEAM_VIEW_OFFLINE,     /* the hub does not answer */
  PD_TEAM_VIEW_CONFLICT,    /* an edit lost to another desktop's: pick one */
  PD_TEAM_VIEW_FAILED,      /* the hub answered with an error */
} PdTeamView;

#define PD_TYPE_TEAM_CONTROLLER (pd_team_controller_get_type ())

G_DECLARE_FINAL_TYPE (PdTeamController, pd_team_controller, PD, TEAM_CONTROLLER, GObject)

/* PdTeamController: the app's live sync with the team hub (pd-team-hub.h),
 * beside the platform's PdSyncController. While the store has joined a
 * hub it syncs once started, after each local edit of the agency's
 * fields (notes, tags, assignees, links, overrides; debounced), when the
 * hub's LISTEN/NOTIFY watch says another desktop's edit committed, and
 * every few minutes; a hub that does not answer leaves the edits in the
 * team outbox until it does. Each sync runs in a worker thread.
 *
 * ::notify on "view" (and "pending", "conflicts") says when the header
 * bar should update. */
PdTeamController *pd_team_controller_new          (PdStore          *store);
/* Reads the store's team state; starts (or stops) syncing and watching. */
void              pd_team_controller_start        (PdTeamController *self);
void              pd_team_controller_stop         (PdTeamController *self);
/* Syncs now (after the one running, if any). */
void              pd_team_controller_sync         (PdTeamController *self);

PdTeamView        pd_team_controller_get_view     (PdTeamController *self);
guint             pd_team_controller_get_pending  (PdTeamController *self);
guint             pd_team_controller_get_conflicts (PdTeamController *self);
guint             pd_team_controller_get_refused  (PdTeamController *self);
/* The store it syncs. */
PdStore          *pd_team_controller_get_store    (PdTeamController *self);
/* The last sync's error in words, or NULL. */
const char       *pd_team_controller_get_message  (PdTeamController *self);
/* Unix seconds of the last sync that succeeded, 0: none yet. */
gint64            pd_team_controller_get_synced_at (PdTeamController *self);

/* "Team: up to date", "Team: 3 edits waiting", "Team: offline"...: the
 * header bar's short text of a view. */
char             *pd_team_view_to_label           (PdTeamView        view,
                                                   guint             pending,
                                                   guint             conflicts);

/* @at (Unix seconds) as the team's texts show a moment: "2026-12-07 15:20",
 * local time. */
char             *pd_team_format_time             (gint64            at);

/* A merchant's shared field ("notes", "tags", "assignee") as the app names it. */
const char       *pd_team_field_title             (const char       *field);

G_END_DECLS
