/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pd-export-file.h"

/* The files SQLite keeps beside a store. */
static const char * const companions[] = { "", "-wal", "-shm", "-journal" };

struct _PdExportFile
{
  char          *path;
  char          *tmp_path;
  char          *display_name;
  GOutputStream *stream;
  int            fd;
  gboolean       committed;
};

static gboolean
same_file (const GStatBuf *a,
           const GStatBuf *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Is @path (which does not exist: compared by its folder's identity and
 * its name) or @target (when it exists: by identity) @name? */
static gboolean
is_file (const char     *name,
         const GStatBuf *target,
         const GStatBuf *target_dir,
         const char     *target_base)
{
  GStatBuf st;

  if (target != NULL)
    return g_stat (name, &st) == 0 && same_file (&st, target);

  if (target_dir != NULL)
    {
      g_autofree char *base = g_path_get_basename (name);
      g_autofree char *dir = g_path_get_dirname (name);

      return g_str_equal (base, target_base) && g_stat (dir, &st) == 0 && same_file (&st, target_dir);
    }
  return FALSE;
}

/* An SQLite database or its write-ahead log, by its first bytes: what an
 * export must not replace even when it is not the open store by identity
 * (another store, or the open one through the document portal, whose
 * files have identities of their own). */
static gboolean
is_database (const char *path)
{
  static const guchar wal_magic[][4] = { { 0x37, 0x7f, 0x06, 0x82 }, { 0x37, 0x7f, 0x06, 0x83 } };
  guchar header[16];
  ssize_t n;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    return FALSE;
  n = read (fd, header, sizeof header);
  close (fd);
  if (n < (ssize_t) sizeof header)
    return FALSE;
  return memcmp (header, "SQLite format 3", 16) == 0 ||
         memcmp (header, wal_magic[0], 4) == 0 || memcmp (header, wal_magic[1], 4) == 0;
}

/**
 * pd_export_check_target:
 * @store: the open store
 * @path: where an export is to be written
 *
 * Refuses (PD_STORE_ERROR_INVALID) a destination that is the store or one
 * of its companion files, compared by file identity, a folder, a device,
 * pipe or socket, and any
 * SQLite database or write-ahead log (by its first bytes).
 */
gboolean
pd_export_check_target (PdStore     *store,
                        const char  *path,
                        GError     **error)
{
  const char *store_path;
  g_autofree char *real = NULL;
  g_autofree char *display = NULL;
  g_autofree char *target_base = NULL;
  const char *bases[2];
  GStatBuf target, target_dir;
  gboolean exists, dir_known = FALSE;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  exists = g_stat (path, &target) == 0;
  if (exists && S_ISDIR (target.st_mode))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("%s is a folder; expected the name of a file to write the export to"), display);
      return FALSE;
    }
  /* Renaming over a device or a pipe (--output /dev/null) would replace
   * it with a plain file. */
  if (exists && !S_ISREG (target.st_mode))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("%s is not a regular file (a device, pipe or socket); expected the name of a file to write the export to"),
                   display);
      return FALSE;
    }
  if (!exists)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      target_base = g_path_get_basename (path);
      dir_known = g_stat (dir, &target_dir) == 0;
    }

  /* SQLite puts the -wal beside the file a symbolic link names. */
  store_path = pd_store_get_path (store);
  real = realpath (store_path, NULL);
  bases[0] = store_path;
  bases[1] = real;

  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    for (guint c = 0; bases[b] != NULL && c < G_N_ELEMENTS (companions); c++)
      {
        g_autofree char *name = g_strconcat (bases[b], companions[c], NULL);

        if (is_file (name, exists ? &target : NULL, dir_known ? &target_dir : NULL, target_base))
          {
            g_autofree char *store_display = g_filename_display_name (store_path);

            g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                         _("%s is the open store %s or one of its -wal, -shm and -journal files; writing the export there would destroy the store. Choose another file name; nothing was written"),
                         display, store_display);
            return FALSE;
          }
      }

  /* Not the open store: only now may the file be opened (closing a
   * descriptor of the store would drop this process's locks on it). */
  if (exists && S_ISREG (target.st_mode) && is_database (path))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("%s is a database, not an export; writing the export there would destroy it. Choose another file name; nothing was written"),
                   display);
      return FALSE;
    }
  return TRUE;
}

/**
 * pd_export_file_new:
 * @store: the open store
 * @path: the destination
 *
 * Checks @path with pd_export_check_target() and creates the temporary
 * file beside it (0600).
 *
 * Returns: (transfer full) (nullable): the file to write, or %NULL
 */
PdExportFile *
pd_export_file_new (PdStore     *store,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  PdExportFile *self;

  if (!pd_export_check_target (store, path, error))
    return NULL;

  self = g_new0 (PdExportFile, 1);
  self->path = g_strdup (path);
  self->display_name = g_filename_display_name (path);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  self->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  self->fd = g_mkstemp_full (self->tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (self->fd < 0)
    {
      int saved = errno;
      g_autofree char *dir_display = g_filename_display_name (dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write %s: cannot create a file in the folder %s: %s"),
                   self->display_name, dir_display, g_strerror (saved));
      g_clear_pointer (&self->tmp_path, g_free);
      pd_export_file_free (self);
      return NULL;
    }
  /* Whatever the umask: the export holds the agency's merchants. */
  if (fchmod (self->fd, 0600) != 0)
    g_debug ("fchmod %s: %s", self->tmp_path, g_strerror (errno));
  self->stream = g_unix_output_stream_new (self->fd, FALSE);
  return self;
}

GOutputStream *
pd_export_file_get_stream (PdExportFile *self)
{
  return self->stream;
}

const char *
pd_export_file_get_display_name (PdExportFile *self)
{
  return self->display_name;
}

static gboolean
io_failed (PdExportFile  *self,
           int            saved,
           GError       **error)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("Cannot write %s: %s"), self->display_name, g_strerror (saved));
  return FALSE;
}

/**
 * pd_export_file_commit:
 *
 * Flushes the file to disk and renames it over the destination.
 */
gboolean
pd_export_file_commit (PdExportFile  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  int fd;

  g_return_val_if_fail (self != NULL && self->fd >= 0 && !self->committed, FALSE);

  if (!g_output_stream_close (self->stream, cancellable, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code, _("Cannot write %s: %s"),
                   self->display_name, local_error->message);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (fsync (self->fd) != 0)
    return io_failed (self, errno, error);
  fd = self->fd;
  self->fd = -1;
  if (close (fd) != 0)
    return io_failed (self, errno, error);
  if (g_rename (self->tmp_path, self->path) != 0)
    return io_failed (self, errno, error);
  self->committed = TRUE;
  return TRUE;
}

/* Without a commit, the temporary file goes and the destination stays. */
void
pd_export_file_free (PdExportFile *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  if (self->fd >= 0)
    close (self->fd);
  if (!self->committed && self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  g_free (self->tmp_path);
  g_free (self->path);
  g_free (self->display_name);
  g_free (self);
}
