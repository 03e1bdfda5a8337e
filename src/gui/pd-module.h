/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The app's modules (pd-formats.h, team/pd-team-module.h,
 * sync/pd-sync-module.h): libraries the app loads when first used, not
 * at its start, each with a table of the entry points the app calls. */

typedef struct
{
  const char *symbol;
  gsize       offset;   /* of the function pointer in the table */
} PdModuleEntry;

#define PD_MODULE_ENTRY(Table, field, symbol) { #symbol, G_STRUCT_OFFSET (Table, field) }

/* Opens lib@name.so of this installation (pd_paths_module_dir()) for
 * good and fills @table from @entries; FALSE and *@error_out (the
 * system's reason, g_free() it) if it cannot. */
gboolean pd_module_open (const char          *name,
                         const PdModuleEntry *entries,
                         gsize                n_entries,
                         gpointer             table,
                         char               **error_out);

G_END_DECLS
