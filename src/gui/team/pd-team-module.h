/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The team module, libpdteamhub.so: the team hub's code (src/team) with
 * PostgreSQL's libpq and what libpq brings (libssl, libldap, GSSAPI...).
 * Linked into the app, those libraries were loaded and relocated before
 * main() on every start, joined to a hub or not, and every later dlopen()
 * searched them: about 30 M instructions of a first frame of some 1,400 M
 * (callgrind, tests/bench/README.md). The app loads the module when the
 * store has joined a hub (PdTeamController), when Preferences → Team
 * reads the hub's status or joins one: pd-team-module.c defines the
 * functions of pd-team-hub.h, pd-team-watch.h and pd-team-app-api.h
 * that the app calls as calls into it (pd-team-error.h needs no module).
 * It is installed beside the file-format module (pd-formats.h) and found
 * the same way. The command line and the tests of src/team link src/team
 * and libpq instead. */

/* Loads the module (once, from any thread); FALSE and @error (in words
 * for the app) if it cannot be loaded. */
gboolean pd_team_module_load      (GError **error);
gboolean pd_team_module_is_loaded (void);

G_END_DECLS
