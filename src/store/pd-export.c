/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-csv-writer.h"
#include "pd-export.h"
#include "pd-export-file.h"
#include "pd-store-private.h"
#include "pd-time-zone.h"
#include "pd-timestamp.h"

/*
 * Files written from the store. Links go out with the columns the links
 * import reads (src/core/README.md), headed in the user's language: the
 * import knows those headers, in that language and in Chinese, so an
 * export imports back unchanged into another store. UTF-8 with a byte
 * order mark (for spreadsheets), CRLF line ends and RFC 4180 quoting,
 * times in ISO 8601 with the offset of the store's import_timezone. Cells
 * go through the one CSV writer (pd-csv-writer.h): ids stay text in a
 * spreadsheet, nothing runs as a formula, and the importer reads both
 * forms back.
 */

/* In the order of the import's columns (pd-import-links.c), whose labels
 * these are. */
static const char * const link_headers[] = {
  N_("Token"), N_("Kind"), N_("Seller ID"), N_("Market"), N_("Program"), N_("Service ID"),
  N_("URL"), N_("Created at"), N_("Revoked at"), N_("Staff"),
};

/* A search matches these columns, ignoring ASCII case. */
#define SEARCH_SQL \
  "(instr(lower(token), ?2) OR instr(lower(ifnull(seller_id, '')), ?2)" \
  " OR instr(lower(ifnull(market, '')), ?2) OR instr(lower(ifnull(program_id, '')), ?2)" \
  " OR instr(lower(ifnull(service_id, '')), ?2) OR instr(lower(ifnull(staff, '')), ?2)" \
  " OR instr(lower(ifnull(url, '')), ?2))"

/**
 * pd_export_links:
 * @store: the store
 * @state: (nullable): only the links in this effective state (active,
 *   used, expired or revoked, as the Links page filters them); NULL: all
 * @search: (nullable): only the links whose token, seller, market,
 *   program, service, staff or URL contains this text (ASCII case
 *   ignored); NULL or empty: all
 * @path: the CSV file to write (an .xlsx workbook when its name ends in
 *   .xlsx); replaced only once it is complete
 * @n_links_out: (out) (optional): how many links were written
 *
 * Writes the links @state and @search select, oldest first.
 */
gboolean
pd_export_links (PdStore       *store,
                 const char    *state,
                 const char    *search,
                 const char    *path,
                 guint64       *n_links_out,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(PdExportFile) file = NULL;
  g_autoptr(PdCsvWriter) csv = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *zone_name = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *needle = NULL;
  const char *condition;
  guint64 n = 0;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  zone_name = pd_store_dup_setting (store, "import_timezone", error);
  if (zone_name == NULL)
    return FALSE;
  zone = pd_time_zone_new (zone_name);
  if (zone == NULL)
    zone = g_time_zone_new_utc ();

  condition = pd_store_links_state_condition (state);
  if (condition == NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("“%s” is not a link state; expected active, used, expired or revoked"), state);
      return FALSE;
    }
  if (search != NULL && *search != '\0')
    needle = g_ascii_strdown (search, -1);
  sql = g_strdup_printf ("SELECT token, kind, seller_id, market, program_id, service_id, url,"
                         " created_at, revoked_at, staff FROM links WHERE (%s) AND %s"
                         " ORDER BY created_at, token",
                         condition, needle != NULL ? SEARCH_SQL : "1");
  stmt = pd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  if (needle != NULL)
    sqlite3_bind_text (stmt, 2, needle, -1, SQLITE_TRANSIENT);

  file = pd_export_file_new (store, path, error);
  if (file == NULL)
    return FALSE;
  /* An .xlsx name asks for a workbook: the same cells, times kept as the
   * text the import reads back. */
  if (g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX"))
    csv = pd_csv_writer_new_xlsx (pd_export_file_get_stream (file),
                                  pd_export_file_get_display_name (file), cancellable, error);
  else
    {
      csv = pd_csv_writer_new (pd_export_file_get_stream (file),
                               pd_export_file_get_display_name (file), cancellable);
      pd_csv_writer_bom (csv);
    }
  if (csv == NULL)
    return FALSE;
  pd_csv_writer_sheet (csv, _("Links"), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (link_headers); i++)
    pd_csv_writer_text (csv, _(link_headers[i]));
  pd_csv_writer_end_row (csv);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < (int) G_N_ELEMENTS (link_headers); i++)
        {
          if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            pd_csv_writer_text (csv, NULL);
          else if (i == 7 || i == 8)
            {
              g_autofree char *time = pd_timestamp_format (sqlite3_column_int64 (stmt, i), zone);

              pd_csv_writer_text (csv, time);
            }
          else
            pd_csv_writer_text (csv, (const char *) sqlite3_column_text (stmt, i));
        }
      pd_csv_writer_end_row (csv);
      n++;

      if (n % 1024 == 0 && !pd_csv_writer_check (csv, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the links"));
      return FALSE;
    }

  if (!pd_csv_writer_finish (csv, error) ||
      !pd_export_file_commit (file, cancellable, error))
    return FALSE;

  if (n_links_out != NULL)
    *n_links_out = n;
  return TRUE;
}
