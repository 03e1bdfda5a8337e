/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-module"

#include "config.h"

#include <gmodule.h>

#include "pd-module.h"
#include "pd-paths.h"

static gpointer
open_module (gpointer data)
{
  PdModule *self = data;
  g_autofree char *path = g_module_build_path (pd_paths_module_dir (), self->name);
  GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      self->error = g_strdup (g_module_error ());
      return NULL;
    }
  for (gsize i = 0; i < self->n_entries; i++)
    if (!g_module_symbol (module, self->entries[i].symbol,
                          &G_STRUCT_MEMBER (gpointer, self->table, self->entries[i].offset)))
      {
        self->error = g_strdup (g_module_error ());
        g_module_close (module);
        return NULL;
      }
  /* Its types stay registered. */
  g_module_make_resident (module);
  g_atomic_int_set (&self->loaded, 1);
  return self->table;
}

gboolean
pd_module_load (PdModule    *self,
                const char **error_out)
{
  if (g_once (&self->once, open_module, self) != NULL)
    return TRUE;
  g_warning ("%s", self->error);
  if (error_out != NULL)
    *error_out = self->error;
  return FALSE;
}

gboolean
pd_module_is_loaded (PdModule *self)
{
  return g_atomic_int_get (&self->loaded);
}

/* The tag of the results of pd_module_report(). */
static const char report_tag[] = "pd-module-not-loaded";

void
pd_module_report (gpointer             source_object,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  GError              *error)
{
  g_task_report_error (source_object, callback, user_data, (gpointer) report_tag, error);
}

gboolean
pd_module_is_report (GAsyncResult *result)
{
  return g_async_result_is_tagged (result, (gpointer) report_tag);
}
