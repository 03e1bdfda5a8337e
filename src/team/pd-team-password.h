/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The staff member's password for the team hub: PD_TEAM_PASSWORD for
 * automation (taken out of the environment at the first call, so that
 * no child process inherits it), else the desktop keyring, one item per
 * hub address. Never in the store, the address, logs or command lines.
 * NULL without an error when there is none (or no keyring answers).
 * Blocks while the keyring answers (or asks to be unlocked): the app
 * calls it in worker threads only. */
char     *pd_team_password_lookup (const char  *url);
/* Saves (@password NULL or "": forgets) the password for @url. */
gboolean  pd_team_password_store  (const char  *url,
                                   const char  *password,
                                   GError     **error);
/* For tests: the keyring's lookup replaced by @func (NULL: the keyring
 * again), e.g. a slow one, to check that no caller waits for it on the
 * main thread. */
typedef char *(*PdTeamPasswordLookupFunc) (const char *url);
void      pd_team_password_set_lookup_func (PdTeamPasswordLookupFunc func);
/* Overwrites and frees a password. */
void      pd_team_password_free   (char        *password);

G_END_DECLS
