/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-module"

#include "config.h"

#include <gmodule.h>

#include "pd-module.h"
#include "pd-paths.h"

gboolean
pd_module_open (const char          *name,
                const PdModuleEntry *entries,
                gsize                n_entries,
                gpointer             table,
                char               **error_out)
{
  g_autofree char *path = g_module_build_path (pd_paths_module_dir (), name);
  GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      *error_out = g_strdup (g_module_error ());
      return FALSE;
    }
  for (gsize i = 0; i < n_entries; i++)
    if (!g_module_symbol (module, entries[i].symbol, &G_STRUCT_MEMBER (gpointer, table, entries[i].offset)))
      {
        *error_out = g_strdup (g_module_error ());
        g_module_close (module);
        return FALSE;
      }
  /* Its types stay registered. */
  g_module_make_resident (module);
  return TRUE;
}
