/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

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

typedef struct
{
  const char          *name;      /* lib@name.so */
  const PdModuleEntry *entries;
  gsize                n_entries;
  gpointer             table;     /* filled from @entries once loaded */
  GOnce                once;
  char                *error;     /* why it could not be loaded */
  gint                 loaded;    /* atomic */
} PdModule;

#define PD_MODULE_INIT(name, entries, table) \
  { name, entries, G_N_ELEMENTS (entries), &(table), G_ONCE_INIT, NULL, 0 }

/* Opens lib@name.so of this installation (pd_paths_module_dir()) for
 * good and fills its table, once, from any thread; FALSE (a warning
 * says why) and *@error_out (may be NULL: the system's reason, owned by
 * @module) if it cannot. */
gboolean pd_module_load      (PdModule      *module,
                              const char   **error_out);
gboolean pd_module_is_loaded (PdModule      *module);

/* For an async call without its module: calls @callback with a result
 * holding @error (taken), which pd_module_is_report() recognises in
 * the finish function. */
void     pd_module_report    (gpointer             source_object,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data,
                              GError              *error);
gboolean pd_module_is_report (GAsyncResult        *result);

G_END_DECLS
