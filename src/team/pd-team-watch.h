/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* PdTeamWatch: a connection to the team hub that LISTENs on
 * `partnerdesk_changes`, which every change committed on the hub
 * notifies with its sequence number. In the thread-default main context
 * of its creation it emits ::changed (the newest sequence notified) as
 * soon as another desktop's edit commits, so that the caller syncs
 * (PdTeamHub) within a moment rather than at its next interval.
 *
 * It connects in a worker thread (the UI never waits for the network)
 * and, when the connection drops or the hub restarts, reconnects every
 * few seconds; after each (re)connection it emits ::changed with 0:
 * changes may have been missed meanwhile. :connected says whether it
 * listens now, pd_team_watch_get_error() why not. */

#define PD_TYPE_TEAM_WATCH (pd_team_watch_get_type ())

G_DECLARE_FINAL_TYPE (PdTeamWatch, pd_team_watch, PD, TEAM_WATCH, GObject)

/* @url: checked as pd_team_db_check_url() does; @password NULL: the
 * password of pd_team_password_lookup() (PD_TEAM_PASSWORD or the
 * keyring), read in the worker thread at each connection attempt. */
PdTeamWatch *pd_team_watch_new           (const char  *url,
                                          const char  *password);
gboolean     pd_team_watch_get_connected (PdTeamWatch *self);
/* Why the last connection attempt or the connection failed, or NULL. */
const char  *pd_team_watch_get_error     (PdTeamWatch *self);

G_END_DECLS
