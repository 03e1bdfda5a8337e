/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* One invitation per merchant across the team: before the app creates
 * onboarding links, the sellers another staff member already invited in
 * the same program (as the team hub last told, pd_store_team_refuse_duplicate(),
 * the check behind the CLI's --new) and a dialog that needs a
 * confirmation. */

/* @seller_ids and @program_ids: parallel, NULL-terminated; a NULL or ""
 * program is the one the link's creation picks for the seller
 * (pd_store_team_link_program()): an invitation counts in its own
 * program only. Returns the
 * sentences naming who invited which seller and when, one a line, or
 * NULL when nobody else did; *@sellers_out (may be NULL) the set of
 * "SELLER\tPROGRAM" keys of those sellers. */
char      *pd_team_find_duplicates     (PdStore             *store,
                                        const char * const  *seller_ids,
                                        const char * const  *program_ids,
                                        GHashTable         **sellers_out);
/* "Already Invited by Your Team" with @body; responses "cancel" (the
 * default) and "create" ("Create Anyway"). */
GtkWidget *pd_team_duplicate_dialog_new (GtkWidget          *parent,
                                         const char         *body);

G_END_DECLS
