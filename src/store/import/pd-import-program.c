/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include "pd-import-run-private.h"

#define MAX_PROGRAM_FILE_SIZE (1024 * 1024)

/* ------------------------------------------------------------------ */
/* Program files. */

gboolean
pd_import_program (const PdImportOptions  *options,
                   PdImportResult         *result,
                   PdStore                *store,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (options->path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdProgram) program = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *display = g_filename_display_name (options->path);
  g_autofree char *contents = NULL;
  g_autofree char *existing = NULL;
  const char *data;
  gsize length = 0;
  int rc;

  result->encoding = g_strdup ("UTF-8");

  if (options->replace)
    {
      pd_import_add_problem_message (result, 0, g_strdup_printf (_("%s: --replace applies to target lists only"), display));
      pd_import_set_invalid_error (result, display, error);
      return FALSE;
    }

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info != NULL && g_file_info_get_size (info) > MAX_PROGRAM_FILE_SIZE)
    {
      pd_import_add_problem_message (result, 0, g_strdup_printf (_("%s: %" PRId64 " bytes is too large for a program file; expected at most %d"),
                                                               display, g_file_info_get_size (info), MAX_PROGRAM_FILE_SIZE));
      pd_import_set_invalid_error (result, display, error);
      return FALSE;
    }
  if (info == NULL ||
      !g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO,
                     _("Cannot read %s: %s"), display, local_error->message);
      return FALSE;
    }
  pd_import_report_progress (options, length, length);

  result->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);

  /* Editors on Windows may start UTF-8 with a byte order mark. */
  data = contents;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!pd_program_validate (data, length, display, problems))
    {
      for (guint i = 0; i < problems->len; i++)
        pd_import_add_problem_message (result, 0, g_strdup (g_ptr_array_index (problems, i)));
      pd_import_set_invalid_error (result, display, error);
      return FALSE;
    }
  program = pd_program_new_from_data (data, length, display, &local_error);
  if (program == NULL)
    {
      pd_import_add_problem_message (result, 0, g_strdup (local_error->message));
      pd_import_set_invalid_error (result, display, error);
      return FALSE;
    }

  if (!pd_store_begin (store, error))
    return FALSE;

  stmt = pd_store_prepare (store, "SELECT json FROM programs WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, pd_program_get_id (program), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    existing = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a program"));
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (existing != NULL && g_str_equal (existing, pd_program_get_json (program)))
    result->counts.unchanged++;
  else
    {
      if (!pd_store_save_program (store, program, "import", error))
        goto fail;
      if (existing != NULL)
        result->counts.updated++;
      else
        result->counts.inserted++;
      /* Its rules may change every row of its sellers: one pass later. */
      {
        g_autoptr(PdMerchantTouched) touched = pd_merchant_touched_new ();

        pd_merchant_touched_add_all (touched);
        if (!pd_merchant_rows_update (store, touched, g_get_real_time () / G_USEC_PER_SEC, error))
          goto fail;
      }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !pd_import_write_audit (options, result, store, "import.program", length, NULL, error) ||
      !pd_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  pd_store_rollback (store);
  memset (&result->counts, 0, sizeof result->counts);
  return FALSE;
}

