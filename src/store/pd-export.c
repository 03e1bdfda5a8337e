/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-export.h"
#include "pd-store-private.h"
#include "pd-time-zone.h"
#include "pd-timestamp.h"

/*
 * Files written from the store. Links go out with the columns the links
 * import reads (domain.md), so that an export imports back unchanged into
 * another store: UTF-8 without a byte order mark, CRLF line ends and RFC
 * 4180 quoting, times in ISO 8601 with the offset of the store's
 * import_timezone.
 */

static const char * const link_columns[] = {
  "token", "kind", "seller_id", "market", "program_id", "service_id", "url",
  "created_at", "revoked_at", "staff",
};

static void
append_field (GString    *out,
              const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL && !g_ascii_isspace (text[0]) &&
      (text[0] == '\0' || !g_ascii_isspace (text[strlen (text) - 1])))
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
flush (GOutputStream  *stream,
       GString        *buffer,
       const char     *display,
       GCancellable   *cancellable,
       GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code, _("Cannot write %s: %s"), display, local_error->message);
      return FALSE;
    }
  g_string_truncate (buffer, 0);
  return TRUE;
}

/**
 * pd_export_links:
 * @store: the store
 * @path: the CSV file to write; replaced only once it is complete
 * @n_links_out: (out) (optional): how many links were written
 *
 * Writes every link, oldest first, as CSV.
 */
gboolean
pd_export_links (PdStore       *store,
                 const char    *path,
                 guint64       *n_links_out,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) buffer = g_string_sized_new (64 * 1024);
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *zone_name = NULL;
  g_autofree char *display = NULL;
  guint64 n = 0;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);

  zone_name = pd_store_dup_setting (store, "import_timezone", error);
  if (zone_name == NULL)
    return FALSE;
  zone = pd_time_zone_new (zone_name);
  if (zone == NULL)
    zone = g_time_zone_new_utc ();

  stmt = pd_store_prepare (store,
                           "SELECT token, kind, seller_id, market, program_id, service_id, url,"
                           " created_at, revoked_at, staff FROM links ORDER BY created_at, token",
                           error);
  if (stmt == NULL)
    return FALSE;

  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, G_IO_ERROR, local_error->code, _("Cannot write %s: %s"), display, local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (link_columns); i++)
    g_string_append_printf (buffer, "%s%s", i > 0 ? "," : "", link_columns[i]);
  g_string_append (buffer, "\r\n");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < (int) G_N_ELEMENTS (link_columns); i++)
        {
          if (i > 0)
            g_string_append_c (buffer, ',');
          if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            continue;
          if (i == 7 || i == 8)
            {
              g_autofree char *time = pd_timestamp_format (sqlite3_column_int64 (stmt, i), zone);

              append_field (buffer, time);
            }
          else
            append_field (buffer, (const char *) sqlite3_column_text (stmt, i));
        }
      g_string_append (buffer, "\r\n");
      n++;

      if (buffer->len >= 60 * 1024 &&
          !flush (G_OUTPUT_STREAM (stream), buffer, display, cancellable, error))
        goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the links"));
      goto fail;
    }

  if (!flush (G_OUTPUT_STREAM (stream), buffer, display, cancellable, error))
    goto fail;
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code, _("Cannot write %s: %s"), display, local_error->message);
      return FALSE;
    }

  if (n_links_out != NULL)
    *n_links_out = n;
  return TRUE;

fail:
  {
    /* Closing after a cancel leaves the old file in place. */
    g_autoptr(GCancellable) cancel = g_cancellable_new ();

    g_cancellable_cancel (cancel);
    g_output_stream_close (G_OUTPUT_STREAM (stream), cancel, NULL);
  }
  return FALSE;
}
