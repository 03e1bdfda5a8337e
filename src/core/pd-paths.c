/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pd-paths.h"

#include <glib/gi18n.h>
#include <locale.h>

static const char *
env_or (const char *name,
        const char *fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : fallback;
}

gboolean
pd_paths_in_build_tree (void)
{
  static gsize once = 0;
  static gboolean in_tree = FALSE;

  if (g_once_init_enter (&once))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *root = g_strconcat (PD_BUILD_ROOT, G_DIR_SEPARATOR_S, NULL);

      in_tree = exe != NULL && g_str_has_prefix (exe, root);
      g_once_init_leave (&once, 1);
    }
  return in_tree;
}

const char *
pd_paths_programs_dir (void)
{
  return env_or ("PARTNERDESK_PROGRAMS_DIR",
                 pd_paths_in_build_tree () ? PD_SOURCE_ROOT "/data/programs" : PROGRAMSDIR);
}

const char *
pd_paths_locale_dir (void)
{
  return env_or ("PARTNERDESK_LOCALEDIR",
                 pd_paths_in_build_tree () ? PD_BUILD_ROOT "/po" : LOCALEDIR);
}

const char *
pd_paths_module_dir (void)
{
  return pd_paths_in_build_tree () ? PD_BUILD_ROOT "/src/gui" : PD_MODULEDIR;
}

void
pd_paths_init_program (void)
{
  if (pd_paths_in_build_tree () && g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", PD_BUILD_ROOT "/data", FALSE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, pd_paths_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
