/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-csv-writer.h"
#include "pd-export-file.h"
#include "pd-export-merchants.h"
#include "pd-money.h"
#include "pd-stage.h"
#include "pd-timestamp.h"

/*
 * The merchant list as a query of the Merchants page selects it (program,
 * verdict, market, staff, search, sort), one row per entry, with the
 * headers in the user's language: for people, not for importing back.
 * CSV, or an .xlsx workbook when the file name ends in .xlsx (ids as text,
 * the GMV as a number, deadlines as dates, the header frozen).
 */

#define WINDOW_ROWS 2048

static void
write_header (PdCsvWriter *csv)
{
  const char *headers[] = {
    N_("Seller ID"), N_("Seller name"), N_("Store ID"), N_("Program"), N_("Market"),
    N_("Stage"), N_("Verdict"), N_("Next deadline"), N_("Settled GMV"), N_("Currency"),
    N_("Inventory countries"), N_("Staff"), N_("Link"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    pd_csv_writer_text (csv, _(headers[i]));
  pd_csv_writer_end_row (csv);
}

static void
write_row (PdCsvWriter         *csv,
           const PdMerchantRow *row,
           GTimeZone           *zone)
{
  g_autofree char *deadline = NULL;
  g_autofree char *countries = NULL;

  if (row->has_deadline)
    deadline = pd_timestamp_format (row->deadline, zone);
  if (row->countries >= 0)
    countries = g_strdup_printf ("%d/%d", row->countries, row->countries_needed);

  pd_csv_writer_text (csv, row->seller_id);
  pd_csv_writer_text (csv, row->seller_name);
  pd_csv_writer_text (csv, row->store_id);
  pd_csv_writer_text (csv, row->program_id);
  pd_csv_writer_text (csv, row->market);
  pd_csv_writer_text (csv, pd_stage_to_display (row->stage));
  pd_csv_writer_text (csv, pd_merchant_verdict_to_display (row->verdict));
  pd_csv_writer_text (csv, deadline);
  if (row->has_gmv)
    {
      PdMoney gmv = { 0 };
      g_autofree char *amount = NULL;

      gmv.minor = row->gmv_minor;
      memcpy (gmv.currency, row->gmv_currency, sizeof gmv.currency);
      amount = pd_money_format_amount (&gmv);
      pd_csv_writer_number (csv, amount);
      pd_csv_writer_text (csv, row->gmv_currency);
    }
  else
    {
      pd_csv_writer_text (csv, NULL);
      pd_csv_writer_text (csv, NULL);
    }
  pd_csv_writer_text (csv, countries);
  pd_csv_writer_text (csv, row->staff);
  pd_csv_writer_text (csv, row->link_url);
  pd_csv_writer_end_row (csv);
}

/**
 * pd_export_merchants:
 * @store: the store (its merchant rows as last refreshed)
 * @query: the filters, search and sort of the rows to write
 * @path: the CSV file, or an .xlsx workbook when it ends in .xlsx
 * @n_rows_out: (out) (optional): how many rows were written
 *
 * Writes the merchant rows @query selects, in its order.
 */
gboolean
pd_export_merchants (PdStore                *store,
                     const PdMerchantQuery  *query,
                     const char             *path,
                     guint64                *n_rows_out,
                     GCancellable           *cancellable,
                     GError                **error)
{
  g_autoptr(PdMerchantIndex) index = NULL;
  g_autoptr(PdExportFile) file = NULL;
  g_autoptr(PdCsvWriter) csv = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *zone_name = NULL;
  guint total = 0;
  guint64 n = 0;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL && path != NULL, FALSE);

  zone_name = pd_store_dup_setting (store, "import_timezone", error);
  if (zone_name == NULL)
    return FALSE;
  zone = g_time_zone_new_identifier (zone_name);
  if (zone == NULL)
    zone = g_time_zone_new_utc ();

  index = pd_merchant_index_new (store);
  if (!pd_merchant_index_query (index, query, 0, 0, &total, NULL, error))
    return FALSE;

  file = pd_export_file_new (store, path, error);
  if (file == NULL)
    return FALSE;
  if (g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX"))
    {
      csv = pd_csv_writer_new_xlsx (pd_export_file_get_stream (file),
                                    pd_export_file_get_display_name (file), cancellable, error);
      if (csv == NULL)
        return FALSE;
      pd_csv_writer_set_dates (csv, TRUE);
    }
  else
    {
      csv = pd_csv_writer_new (pd_export_file_get_stream (file),
                               pd_export_file_get_display_name (file), cancellable);
      pd_csv_writer_bom (csv);
    }
  pd_csv_writer_sheet (csv, _("Merchants"), TRUE);
  write_header (csv);

  for (guint offset = 0; offset < total; offset += WINDOW_ROWS)
    {
      g_autoptr(GPtrArray) rows = NULL;

      if (!pd_merchant_index_query (index, query, offset, WINDOW_ROWS, NULL, &rows, error))
        return FALSE;
      for (guint i = 0; i < rows->len; i++, n++)
        write_row (csv, g_ptr_array_index (rows, i), zone);
      if (!pd_csv_writer_check (csv, error))
        return FALSE;
      if (rows->len == 0)
        break;
    }

  if (!pd_csv_writer_finish (csv, error) ||
      !pd_export_file_commit (file, cancellable, error))
    return FALSE;
  if (n_rows_out != NULL)
    *n_rows_out = n;
  return TRUE;
}
