/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pd-store.h"
#include "pd-store-files.h"

/* A store holds the agency's merchant contacts: only its owner reads it.
 * New stores are created so (pd-store.c); stores from before, or copied
 * in with another mode, are tightened each time they are opened. */

static void
tighten (const char *path,
         mode_t      wanted)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return;
  if ((st.st_mode & 07777) == wanted || (S_ISDIR (st.st_mode) != (wanted == 0700)))
    return;
  /* Only our own files: another user's shared file is theirs to mend. */
  if (st.st_uid != getuid ())
    return;
  if (g_chmod (path, wanted) != 0)
    g_debug ("Cannot make %s mode %o: %s", path, (unsigned) wanted, g_strerror (errno));
}

static gboolean
is_default_folder (const char *dir)
{
  g_autofree char *default_path = pd_store_dup_default_path ();
  g_autofree char *default_dir = g_path_get_dirname (default_path);
  GStatBuf a, b;

  return g_stat (dir, &a) == 0 && g_stat (default_dir, &b) == 0 &&
         a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/**
 * pd_store_tighten_files:
 * @path: an open store's file
 *
 * Makes the store and its -wal, -shm and -journal files 0600, and its
 * folder 0700 when it is the app's own data folder. A folder the user
 * chose with --store may be shared with other files and people: only the
 * store's own files are changed there.
 */
void
pd_store_tighten_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *dir = g_path_get_dirname (path);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      tighten (name, 0600);
    }
  if (is_default_folder (dir))
    tighten (dir, 0700);
}
