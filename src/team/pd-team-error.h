/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The team hub's errors, and in words for the app: without libpq, so
 * that the app reads them without loading its team module
 * (pd-team-module.h). */

#define PD_TEAM_ERROR (pd_team_error_quark ())

typedef enum
{
  PD_TEAM_ERROR_INVALID_URL,      /* the hub's address is not usable (bad input: exit 2) */
  PD_TEAM_ERROR_CONNECT,          /* cannot reach or sign in to the hub */
  PD_TEAM_ERROR_NOT_INITIALIZED,  /* no schema, or an older one: team init */
  PD_TEAM_ERROR_SCHEMA_TOO_NEW,   /* migrated by a newer Partner Desk */
  PD_TEAM_ERROR_REFUSED,          /* row-level security or privileges said no */
  PD_TEAM_ERROR_NOT_JOINED,       /* this store has not joined a hub */
  PD_TEAM_ERROR_BUSY,             /* shutting down, out of resources, a deadlock: try again */
  PD_TEAM_ERROR_FAILED,           /* any other error of the hub */
} PdTeamError;

GQuark     pd_team_error_quark       (void);

/* @error of the hub (PD_TEAM_ERROR...) as a sentence for the app: a
 * wrong password, an unreachable host, a refusal of row-level security,
 * a schema newer than this app; else the error's own message. */
char      *pd_team_error_to_text     (const GError        *error);
/* The same for a message kept as text (PdTeamState.last_result,
 * PdTeamStatus.connect_error). */
char      *pd_team_message_to_text   (const char          *message);

G_END_DECLS
