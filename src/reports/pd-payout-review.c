/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-payout-review"

#include "config.h"

#include <inttypes.h>

#include <cairo-pdf.h>
#include <errno.h>
#include <gio/gio.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-csv-writer.h"
#include "pd-export-file.h"
#include "pd-payout-review.h"
#include "pd-reconciliation-text.h"
#include "pd-review-pdf-private.h"
#include "pd-store-reconciliation.h"
#include "pd-store-entries.h"
#include "pd-store-overrides.h"

/* The payout review: what finance needs to check the quarter before it
 * closes. Two passes over the store: the first computes the projection
 * (the totals head the document), the second writes one row per entry.
 * The file goes through pd-export-file.h: never over the store, written
 * beside its destination and renamed over it at the end, so a failed
 * export leaves no half-written review behind. */

typedef struct
{
  char *label;
  char *value;
  /* An amount's number and currency, for a workbook's money cells. */
  char *amount;
  char *currency;
} SummaryLine;

static void
summary_line_free (gpointer data)
{
  SummaryLine *line = data;

  g_free (line->label);
  g_free (line->value);
  g_free (line->amount);
  g_free (line->currency);
  g_free (line);
}

static void
add_line (GPtrArray  *lines,
          const char *label,
          char       *value)
{
  SummaryLine *line = g_new0 (SummaryLine, 1);

  line->label = g_strdup (label);
  line->value = value;
  g_ptr_array_add (lines, line);
}

/* The last line's amount, as a number (.xlsx). */
static void
line_amount (GPtrArray     *lines,
             const PdMoney *money)
{
  SummaryLine *line = g_ptr_array_index (lines, lines->len - 1);

  line->amount = pd_money_format_amount (money);
  line->currency = g_strdup (money->currency);
}

/* Program, period, as-of, totals, governance, model: label and value. */
static GPtrArray *
build_summary (PdProjectionSetup *setup,
               PdProjection      *p)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (summary_line_free);
  PdRules *rules = setup->rules;
  const PdExpectedModel *model = pd_projection_get_model (p);
  GPtrArray *high_risk = pd_projection_get_high_risk_stores (p);
  g_autofree char *confirmed = pd_money_format_display (pd_projection_get_confirmed (p));
  g_autofree char *expected = pd_money_format_display (pd_projection_get_expected (p));
  g_autofree char *upper = pd_money_format_display (pd_projection_get_upper (p));
  g_autofree char *reward = pd_money_format_display (&rules->reward);
  g_autofree char *factor = pd_fraction_format (pd_projection_get_factor (p));
  g_autoptr(GString) stores = g_string_new (NULL);
  g_autoptr(GString) stages = g_string_new (NULL);
  gint64 qualified = pd_projection_count (p, PD_VERDICT_QUALIFIED);
  gint64 pending = pd_projection_count (p, PD_VERDICT_PENDING);
  gint64 lost = pd_projection_count (p, PD_VERDICT_LOST);
  char as_of[32];

  pd_rules_format_time (rules, setup->as_of, as_of);

  add_line (lines, _("Program"), g_strdup_printf ("%s (%s)", rules->program_name, rules->program_id));
  add_line (lines, _("Period"), g_strdup_printf (_("%s to %s, %s time"), rules->period_start_date,
                                                 rules->period_end_date, rules->timezone_id));
  add_line (lines, _("As of"), g_strdup (as_of));
  add_line (lines, _("Reward per qualified merchant"), g_strdup (reward));
  line_amount (lines, &rules->reward);
  add_line (lines, _("Confirmed"),
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%" PRId64 " merchant)",
                                          "%s (%" PRId64 " merchants)", (gulong) qualified),
                             confirmed, qualified));
  line_amount (lines, pd_projection_get_confirmed (p));
  add_line (lines, _("Expected"), g_strdup (expected));
  line_amount (lines, pd_projection_get_expected (p));
  add_line (lines, _("Upper"),
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%" PRId64 " merchant)",
                                          "%s (%" PRId64 " merchants)",
                                          (gulong) (qualified + pending)),
                             upper, qualified + pending));
  line_amount (lines, pd_projection_get_upper (p));
  for (guint i = 0; i < high_risk->len; i++)
    g_string_append_printf (stores, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (high_risk, i));
  if (high_risk->len > 0)
    add_line (lines, _("Governance"),
              g_strdup_printf (_("paid at %s because of high-risk stores: %s"), factor, stores->str));
  else
    add_line (lines, _("Governance"), g_strdup_printf (_("no high-risk store, paid in full (%s)"), factor));
  add_line (lines, _("Entries"),
            g_strdup_printf (_("%" PRId64 " qualified, %" PRId64 " pending, %"
                               PRId64 " lost"), qualified, pending, lost));
  add_line (lines, _("At risk"),
            g_strdup_printf (_("%u pending with a deadline within %d days"),
                             pd_projection_get_at_risk (p)->len, PD_AT_RISK_DAYS));

  for (guint s = 0; s < PD_N_STAGES; s++)
    {
      g_autofree char *probability = pd_projection_format_ppb (model->ppb[s]);

      if (s > 0)
        g_string_append (stages, "; ");
      if (model->source[s] == PD_RATE_SOURCE_HISTORY)
        /* Translators: "First Sale 0.62 (history of 45 entries)". */
        g_string_append_printf (stages, _("%s %s (history of %" PRId64 " entries)"),
                                pd_stage_to_display (s), probability, model->resolved[s]);
      else
        /* Translators: "First Sale 0.5 (default rate)". */
        g_string_append_printf (stages, _("%s %s (default rate)"), pd_stage_to_display (s), probability);
    }
  add_line (lines, _("Expected payout model"), g_strdup (stages->str));

  return lines;
}

/* One line per assumption the agency overrode (pd-store-overrides.h):
 * finance must see that the totals rest on the agency's figures. */
static gboolean
add_override_lines (GPtrArray    *lines,
                    PdStore      *store,
                    const char   *program_id,
                    GError      **error)
{
  g_autoptr(GPtrArray) overrides = pd_store_list_all_overrides (store, program_id, error);

  if (overrides == NULL)
    return FALSE;
  for (guint i = 0; i < overrides->len; i++)
    add_line (lines, _("Override"), pd_program_override_describe (g_ptr_array_index (overrides, i)));
  return TRUE;
}

static GPtrArray *
build_assumptions (PdRules *rules)
{
  GPtrArray *list = pd_engine_dup_assumptions ();

  for (guint i = 0; rules->assumptions[i] != NULL; i++)
    g_ptr_array_insert (list, (int) i, g_strdup (pd_assumption_to_display (rules->assumptions[i])));
  g_ptr_array_add (list, g_strdup_printf (_("Expected payout: a pending merchant counts with the probability of its stage (the agency’s default rate, or its own history once a stage has %d decided entries in earlier quarters)."),
                                          PD_HISTORY_MIN_RESOLVED));
  return list;
}

/* CSV ------------------------------------------------------------------------ */

/* Through the one CSV writer of every export (pd-csv-writer.h): ids stay
 * text in a spreadsheet and a seller name or a token from outside never
 * runs as a formula. */
static void
csv_cell (PdCsvWriter *csv,
          const char  *text,
          gboolean     is_text,
          gboolean     last)
{
  if (is_text)
    pd_csv_writer_text (csv, text);
  else
    pd_csv_writer_number (csv, text);
  if (last)
    pd_csv_writer_end_row (csv);
}

/* The second pass: one row per entry -------------------------------------- */

typedef struct
{
  PdProjectionSetup    *setup;
  PdPayoutReviewFormat  format;
  PdCsvWriter          *csv;
  PdReviewPdf           pdf;
  GArray               *verdicts;
  GString              *missing;
  char                 *reward;
  char                 *no_reward;
  char                 *factor;
  char                 *payable;        /* reward x governance factor */
  gint64                payable_minor;
  gint64                qualified;      /* qualified rows written */
  const PdMoney        *confirmed;
  GCancellable         *cancellable;
  char                 *reconciliation_title;
  GPtrArray            *reconciliation;  /* PdReconciliationText once the period is over, or NULL */
} Rows;

/* The rows that reconcile the entries with the totals: the sum of the
 * rows (rewards before, payable after the governance factor), and, when
 * rounding each row to the minor unit differs from rounding the quarter
 * once, the difference and the confirmed total. */
typedef struct
{
  char *label;
  char *verdict;
  char *reward;
  char *payable;
  char *note;
} TotalLine;

static void
total_line_clear (TotalLine *line)
{
  g_free (line->label);
  g_free (line->verdict);
  g_free (line->reward);
  g_free (line->payable);
  g_free (line->note);
}

static guint
build_totals (Rows      *rows,
              TotalLine  lines[3])
{
  PdMoney reward = rows->setup->rules->reward;
  PdMoney payable = reward;
  PdMoney difference = reward;
  guint n = 0;

  /* At most a program's merchants times CNY 2,000: far from overflow. */
  reward.minor *= rows->qualified;
  payable.minor = rows->payable_minor * rows->qualified;
  difference.minor = rows->confirmed->minor - payable.minor;

  memset (lines, 0, 3 * sizeof (TotalLine));
  lines[n].label = g_strdup (_("Total"));
  lines[n].verdict = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " qualified",
                                                   "%" PRId64 " qualified", (gulong) rows->qualified),
                                      rows->qualified);
  lines[n].reward = pd_money_format_amount (&reward);
  lines[n].payable = pd_money_format_amount (&payable);
  lines[n].note = difference.minor == 0 ?
    g_strdup (_("Payable = reward × governance factor; the total is the review’s Confirmed amount")) :
    g_strdup (_("Payable = reward × governance factor, each row rounded"));
  n++;
  if (difference.minor != 0)
    {
      lines[n].label = g_strdup (_("Rounding"));
      lines[n].payable = pd_money_format_amount (&difference);
      lines[n].note = g_strdup (_("The quarter is rounded once, not row by row"));
      n++;
      lines[n].label = g_strdup (_("Confirmed"));
      lines[n].payable = pd_money_format_amount (rows->confirmed);
      lines[n].note = g_strdup (_("The review’s Confirmed amount"));
      n++;
    }
  return n;
}

static gboolean
on_seller_rows (const PdSellerInput  *seller,
                gpointer              user_data,
                GError              **error)
{
  Rows *rows = user_data;
  PdRules *rules = rows->setup->rules;
  PdEntryVerdict *verdicts;
  guint n;

  if (rows->cancellable != NULL &&
      g_cancellable_set_error_if_cancelled (rows->cancellable, error))
    return FALSE;
  if (rows->csv != NULL && !pd_csv_writer_check (rows->csv, error))
    return FALSE;

  g_array_set_size (rows->verdicts, MAX (seller->n_stores, 1));
  verdicts = (PdEntryVerdict *) (void *) rows->verdicts->data;
  n = pd_engine_evaluate_seller (rules, rows->setup->as_of, seller, verdicts);

  for (guint i = 0; i < n; i++)
    {
      const PdEntryVerdict *v = &verdicts[i];
      const char *market = v->store != NULL && v->store->market != NULL ? v->store->market : seller->market;
      const char *store_id = v->store != NULL ? v->store->store_id : NULL;
      gboolean qualified = v->verdict == PD_VERDICT_QUALIFIED;
      const char *reward = qualified ? rows->reward : rows->no_reward;
      const char *payable = qualified ? rows->payable : rows->no_reward;
      char deadline[32] = "";

      if (qualified)
        rows->qualified++;

      g_string_truncate (rows->missing, 0);
      pd_projection_append_missing (rules, rows->setup->as_of, v, rows->missing);
      if (v->verdict == PD_VERDICT_PENDING && v->has_nearest_deadline)
        pd_rules_format_time (rules, v->nearest_deadline, deadline);

      if (rows->csv != NULL)
        {
          csv_cell (rows->csv, seller->seller_id, TRUE, FALSE);
          csv_cell (rows->csv, seller->seller_name, TRUE, FALSE);
          csv_cell (rows->csv, store_id, TRUE, FALSE);
          csv_cell (rows->csv, market, TRUE, FALSE);
          csv_cell (rows->csv, pd_verdict_to_display (v->verdict), TRUE, FALSE);
          csv_cell (rows->csv, pd_stage_to_display (v->stage), TRUE, FALSE);
          csv_cell (rows->csv, reward, FALSE, FALSE);
          csv_cell (rows->csv, rows->factor, FALSE, FALSE);
          csv_cell (rows->csv, payable, FALSE, FALSE);
          csv_cell (rows->csv, rules->reward.currency, TRUE, FALSE);
          csv_cell (rows->csv, deadline, TRUE, FALSE);
          csv_cell (rows->csv, rows->missing->str, TRUE, TRUE);
        }
      else
        {
          g_autofree char *who = seller->seller_name != NULL ?
            g_strdup_printf ("%s\n%s", seller->seller_id, seller->seller_name) :
            g_strdup (seller->seller_id);
          g_autofree char *what = NULL;
          g_autofree char *verdict = g_strdup_printf ("%s\n%s", pd_verdict_to_display (v->verdict),
                                                      pd_stage_to_display (v->stage));
          const char *cells[PD_REVIEW_N_COLUMNS];

          if (*deadline != '\0')
            what = g_strdup_printf (_("%s (next deadline %s)"), rows->missing->str, deadline);
          cells[PD_REVIEW_COL_SELLER] = who;
          cells[PD_REVIEW_COL_STORE] = store_id != NULL ? store_id : "—";
          cells[PD_REVIEW_COL_MARKET] = market != NULL ? market : "—";
          cells[PD_REVIEW_COL_VERDICT] = verdict;
          cells[PD_REVIEW_COL_REWARD] = reward;
          cells[PD_REVIEW_COL_FACTOR] = rows->factor;
          cells[PD_REVIEW_COL_PAYABLE] = payable;
          cells[PD_REVIEW_COL_MISSING] = what != NULL ? what : rows->missing->str;
          pd_review_pdf_row (&rows->pdf, cells, rows->pdf.font, FALSE);
        }
    }
  return TRUE;
}

static gboolean
write_csv (Rows          *rows,
           PdStore       *store,
           GPtrArray     *summary,
           GPtrArray     *assumptions,
           PdExportFile  *file,
           GError       **error)
{
  g_autoptr(PdCsvWriter) csv = NULL;
  gboolean xlsx = rows->format == PD_PAYOUT_REVIEW_XLSX;
  gboolean ok;

  /* The same cells make the CSV file and the workbook (a sheet of totals,
   * a sheet of entries with money and dates as such). */
  if (xlsx)
    csv = pd_csv_writer_new_xlsx (pd_export_file_get_stream (file), pd_export_file_get_display_name (file),
                                  rows->cancellable, error);
  else
    csv = pd_csv_writer_new (pd_export_file_get_stream (file), pd_export_file_get_display_name (file),
                             rows->cancellable);
  if (csv == NULL)
    return FALSE;
  pd_csv_writer_set_dates (csv, TRUE);

  rows->csv = csv;
  /* Excel reads a CSV as UTF-8 only with a byte-order mark. */
  pd_csv_writer_bom (csv);
  pd_csv_writer_sheet (csv, _("Totals"), FALSE);
  csv_cell (csv, _("Payout review"), TRUE, TRUE);
  for (guint i = 0; i < summary->len; i++)
    {
      SummaryLine *line = g_ptr_array_index (summary, i);

      csv_cell (csv, line->label, TRUE, FALSE);
      csv_cell (csv, line->value, TRUE, !xlsx || line->amount == NULL);
      if (xlsx && line->amount != NULL)
        {
          csv_cell (csv, line->amount, FALSE, FALSE);
          csv_cell (csv, line->currency, TRUE, TRUE);
        }
    }
  if (rows->reconciliation != NULL)
    {
      csv_cell (csv, rows->reconciliation_title, TRUE, TRUE);
      for (guint i = 0; i < rows->reconciliation->len; i++)
        {
          PdReconciliationText *text = g_ptr_array_index (rows->reconciliation, i);
          g_autofree char *value = pd_reconciliation_text_value (text);

          csv_cell (csv, text->label, TRUE, FALSE);
          csv_cell (csv, value, TRUE, !xlsx || !text->has_amount);
          if (xlsx && text->has_amount)
            {
              g_autofree char *amount = pd_money_format_amount (&text->amount);

              csv_cell (csv, amount, FALSE, FALSE);
              csv_cell (csv, text->amount.currency, TRUE, TRUE);
            }
        }
    }
  for (guint i = 0; i < assumptions->len; i++)
    {
      csv_cell (csv, _("Assumption"), TRUE, FALSE);
      csv_cell (csv, g_ptr_array_index (assumptions, i), TRUE, TRUE);
    }
  pd_csv_writer_sheet (csv, _("Entries"), TRUE);

  csv_cell (csv, _("Seller ID"), TRUE, FALSE);
  csv_cell (csv, _("Seller name"), TRUE, FALSE);
  csv_cell (csv, _("Store ID"), TRUE, FALSE);
  csv_cell (csv, _("Market"), TRUE, FALSE);
  csv_cell (csv, _("Verdict"), TRUE, FALSE);
  csv_cell (csv, _("Stage"), TRUE, FALSE);
  csv_cell (csv, _("Reward"), TRUE, FALSE);
  csv_cell (csv, _("Governance factor"), TRUE, FALSE);
  csv_cell (csv, _("Payable"), TRUE, FALSE);
  csv_cell (csv, _("Currency"), TRUE, FALSE);
  csv_cell (csv, _("Next deadline"), TRUE, FALSE);
  csv_cell (csv, _("What is missing"), TRUE, TRUE);

  ok = pd_store_foreach_seller (store, rows->setup->rules->program_id, PD_STORE_ENTRIES_NAMES,
                                on_seller_rows, rows, error);
  if (ok)
    {
      TotalLine lines[3];
      guint n = build_totals (rows, lines);

      for (guint i = 0; i < n; i++)
        {
          csv_cell (csv, lines[i].label, TRUE, FALSE);
          csv_cell (csv, NULL, TRUE, FALSE);
          csv_cell (csv, NULL, TRUE, FALSE);
          csv_cell (csv, NULL, TRUE, FALSE);
          csv_cell (csv, lines[i].verdict, TRUE, FALSE);
          csv_cell (csv, NULL, TRUE, FALSE);
          csv_cell (csv, lines[i].reward, FALSE, FALSE);
          csv_cell (csv, i == 0 ? rows->factor : NULL, FALSE, FALSE);
          csv_cell (csv, lines[i].payable, FALSE, FALSE);
          csv_cell (csv, rows->setup->rules->reward.currency, TRUE, FALSE);
          csv_cell (csv, NULL, TRUE, FALSE);
          csv_cell (csv, lines[i].note, TRUE, TRUE);
          total_line_clear (&lines[i]);
        }
    }
  rows->csv = NULL;
  return ok && pd_csv_writer_finish (csv, error);
}

/* cairo writes the PDF through the export file's stream. */
typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} PdfSink;

static cairo_status_t
pdf_sink_write (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  PdfSink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* The pages, on whatever surface rows->pdf draws: a PDF, or one
 * recording per page for the print. */
static gboolean
draw_review (Rows       *rows,
             PdStore    *store,
             GPtrArray  *summary,
             GPtrArray  *assumptions,
             GError    **error)
{
  PdReviewPdf *pdf = &rows->pdf;
  gboolean ok;

  pd_review_pdf_paragraph (pdf, _("Payout review"), pdf->title, 0, 8);
  for (guint i = 0; i < summary->len; i++)
    {
      SummaryLine *line = g_ptr_array_index (summary, i);
      g_autofree char *text = g_strdup_printf ("%s: %s", line->label, line->value);

      pd_review_pdf_paragraph (pdf, text, i >= 4 && i <= 6 ? pdf->bold : pdf->font, 0, 2);
    }
  if (rows->reconciliation != NULL)
    {
      pdf->y += 6;
      pd_review_pdf_paragraph (pdf, rows->reconciliation_title, pdf->bold, 0, 2);
      for (guint i = 0; i < rows->reconciliation->len; i++)
        {
          PdReconciliationText *line = g_ptr_array_index (rows->reconciliation, i);
          g_autofree char *value = pd_reconciliation_text_value (line);
          g_autofree char *text = g_strdup_printf ("%s: %s", line->label, value);
          gboolean strong = line->kind == PD_RECONCILIATION_TEXT_RESULT || line->warning;

          pd_review_pdf_paragraph (pdf, text, strong ? pdf->bold : pdf->font,
                                   line->kind == PD_RECONCILIATION_TEXT_PAYOUT ? 16 : 8, 1);
        }
    }
  pdf->y += 6;
  pd_review_pdf_paragraph (pdf, _("Assumptions"), pdf->bold, 0, 2);
  for (guint i = 0; i < assumptions->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("• %s", (const char *) g_ptr_array_index (assumptions, i));

      pd_review_pdf_paragraph (pdf, text, pdf->font, 8, 1);
    }
  pdf->y += 10;

  pdf->in_table = TRUE;
  pd_review_pdf_table_header (pdf);
  ok = pd_store_foreach_seller (store, rows->setup->rules->program_id, PD_STORE_ENTRIES_NAMES,
                                on_seller_rows, rows, error);
  if (ok)
    {
      TotalLine lines[3];
      guint n = build_totals (rows, lines);

      for (guint i = 0; i < n; i++)
        {
          const char *cells[PD_REVIEW_N_COLUMNS] = { NULL };

          cells[PD_REVIEW_COL_SELLER] = lines[i].label;
          cells[PD_REVIEW_COL_VERDICT] = lines[i].verdict;
          cells[PD_REVIEW_COL_REWARD] = lines[i].reward;
          cells[PD_REVIEW_COL_FACTOR] = i == 0 ? rows->factor : NULL;
          cells[PD_REVIEW_COL_PAYABLE] = lines[i].payable;
          cells[PD_REVIEW_COL_MISSING] = lines[i].note;
          pd_review_pdf_row (pdf, cells, pdf->bold, FALSE);
          total_line_clear (&lines[i]);
        }
    }
  pd_review_pdf_end (pdf);
  return ok;
}

static gboolean
write_pdf (Rows          *rows,
           PdStore       *store,
           GPtrArray     *summary,
           GPtrArray     *assumptions,
           PdExportFile  *file,
           GError       **error)
{
  PdReviewPdf *pdf = &rows->pdf;
  const char *path = pd_export_file_get_display_name (file);
  PdfSink sink = { pd_export_file_get_stream (file), rows->cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  gboolean ok;

  surface = cairo_pdf_surface_create_for_stream (pdf_sink_write, &sink,
                                                 PD_REVIEW_PAGE_WIDTH, PD_REVIEW_PAGE_HEIGHT);
  if ((status = cairo_surface_status (surface)) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Payout review"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Partner Desk");
  pd_review_pdf_init (pdf, surface, rows->setup->rules->program_id);

  ok = draw_review (rows, store, summary, assumptions, error);
  status = cairo_surface_status (pdf->surface);
  pd_review_pdf_clear (pdf);
  if (ok && sink.error != NULL)
    {
      if (g_error_matches (sink.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&sink.error));
      else
        g_set_error (error, G_IO_ERROR, sink.error->code, _("Cannot write %s: %s"),
                     path, sink.error->message);
      ok = FALSE;
    }
  else if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"),
                   path, cairo_status_to_string (status));
      ok = FALSE;
    }
  g_clear_error (&sink.error);
  return ok;
}

/* What the file and the print share: the first pass (the totals head
 * the document), the reconciliation once the period is over, and what
 * the second pass writes on every row. */
typedef struct
{
  PdProjection *projection;
  GPtrArray    *summary;
  GPtrArray    *assumptions;
  Rows          rows;
} Review;

static void
review_clear (Review *review)
{
  g_clear_pointer (&review->projection, pd_projection_free);
  g_clear_pointer (&review->summary, g_ptr_array_unref);
  g_clear_pointer (&review->assumptions, g_ptr_array_unref);
  g_clear_pointer (&review->rows.verdicts, g_array_unref);
  if (review->rows.missing != NULL)
    g_string_free (g_steal_pointer (&review->rows.missing), TRUE);
  g_clear_pointer (&review->rows.reward, g_free);
  g_clear_pointer (&review->rows.no_reward, g_free);
  g_clear_pointer (&review->rows.factor, g_free);
  g_clear_pointer (&review->rows.payable, g_free);
  g_clear_pointer (&review->rows.reconciliation_title, g_free);
  g_clear_pointer (&review->rows.reconciliation, g_ptr_array_unref);
}

static gboolean
review_prepare (Review             *review,
                PdStore            *store,
                PdProjectionSetup  *setup,
                GCancellable       *cancellable,
                GError            **error)
{
  Rows *rows = &review->rows;
  const PdFraction *factor;
  PdMoney payable;
  PdMoney zero;

  review->projection = pd_projection_setup_run (setup, store, cancellable, error);
  if (review->projection == NULL)
    return FALSE;
  review->summary = build_summary (setup, review->projection);
  if (!add_override_lines (review->summary, store, setup->rules->program_id, error))
    return FALSE;
  review->assumptions = build_assumptions (setup->rules);

  if (pd_reconciliation_is_due (setup))
    {
      g_autoptr(PdReconciliation) reconciliation = pd_store_reconcile (store, setup, review->projection, error);
      g_autofree char *quarter = pd_reconciliation_quarter_of (setup->rules->period_end_date);

      if (reconciliation == NULL)
        return FALSE;
      rows->reconciliation = pd_reconciliation_describe (reconciliation);
      rows->reconciliation_title = pd_reconciliation_text_title (quarter);
    }

  zero = setup->rules->reward;
  zero.minor = 0;
  factor = pd_projection_get_factor (review->projection);
  if (!pd_money_multiply_fraction (&setup->rules->reward, factor->numerator, factor->denominator,
                                   &payable, error))
    return FALSE;
  rows->setup = setup;
  rows->verdicts = g_array_new (FALSE, TRUE, sizeof (PdEntryVerdict));
  rows->missing = g_string_new (NULL);
  rows->reward = pd_money_format_amount (&setup->rules->reward);
  rows->no_reward = pd_money_format_amount (&zero);
  rows->confirmed = pd_projection_get_confirmed (review->projection);
  rows->factor = pd_fraction_format (factor);
  rows->payable_minor = payable.minor;
  rows->payable = pd_money_format_amount (&payable);
  rows->cancellable = cancellable;
  return TRUE;
}

gboolean
pd_payout_review_write_full (PdStore               *store,
                             PdProjectionSetup     *setup,
                             PdPayoutReviewFormat   format,
                             const char            *path,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autoptr(PdExportFile) file = NULL;
  Review review = { 0 };
  gboolean ok;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (setup != NULL && setup->rules != NULL, FALSE);
  g_return_val_if_fail (setup->rules->kind == PD_PROGRAM_KIND_RECRUITMENT, FALSE);
  g_return_val_if_fail (format <= PD_PAYOUT_REVIEW_XLSX, FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);

  /* Refused when it is the store; written beside the destination and
   * renamed over it once complete. */
  ok = review_prepare (&review, store, setup, cancellable, error) &&
       (file = pd_export_file_new (store, path, error)) != NULL;

  /* The second pass: one row per entry. */
  review.rows.format = format;
  if (ok && (format == PD_PAYOUT_REVIEW_CSV || format == PD_PAYOUT_REVIEW_XLSX))
    ok = write_csv (&review.rows, store, review.summary, review.assumptions, file, error);
  else if (ok)
    ok = write_pdf (&review.rows, store, review.summary, review.assumptions, file, error);
  review_clear (&review);

  /* Without a commit, freeing the file removes what was written. */
  return ok && pd_export_file_commit (file, cancellable, error);
}

GPtrArray *
pd_payout_review_draw_pages (PdStore            *store,
                             PdProjectionSetup  *setup,
                             GCancellable       *cancellable,
                             GError            **error)
{
  Review review = { 0 };
  GPtrArray *pages = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (setup != NULL && setup->rules != NULL, NULL);
  g_return_val_if_fail (setup->rules->kind == PD_PROGRAM_KIND_RECRUITMENT, NULL);

  if (review_prepare (&review, store, setup, cancellable, error))
    {
      review.rows.format = PD_PAYOUT_REVIEW_PDF;
      pd_review_pdf_init (&review.rows.pdf, NULL, setup->rules->program_id);
      if (draw_review (&review.rows, store, review.summary, review.assumptions, error))
        pages = pd_review_pdf_take_pages (&review.rows.pdf);
      pd_review_pdf_clear (&review.rows.pdf);
    }
  review_clear (&review);
  return pages;
}

const char *
pd_payout_review_format_extension (PdPayoutReviewFormat format)
{
  return format == PD_PAYOUT_REVIEW_PDF ? ".pdf" : format == PD_PAYOUT_REVIEW_XLSX ? ".xlsx" : ".csv";
}

char *
pd_payout_review_file_name (const char            *name,
                            PdPayoutReviewFormat   format)
{
  const char *dot;
  gsize stem;

  g_return_val_if_fail (name != NULL, NULL);

  dot = strrchr (name, '.');
  stem = strlen (name);
  if (dot != NULL && dot != name &&
      (g_ascii_strcasecmp (dot, ".csv") == 0 || g_ascii_strcasecmp (dot, ".pdf") == 0 ||
       g_ascii_strcasecmp (dot, ".xlsx") == 0))
    stem = (gsize) (dot - name);
  return g_strdup_printf ("%.*s%s", (int) stem, name, pd_payout_review_format_extension (format));
}

/* The setup of the recruitment program @program_id as of @as_of. */
static gboolean
load_setup (PdProjectionSetup  *setup,
            PdStore            *store,
            const char         *program_id,
            gint64              as_of,
            GError            **error)
{
  if (!pd_projection_setup_load_rules (setup, store, program_id, error))
    return FALSE;
  if (setup->rules->kind != PD_PROGRAM_KIND_RECRUITMENT)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Program %s pays the partner nothing (kind %s); a payout review needs a recruitment program"),
                   program_id, "seller-benefit");
      return FALSE;
    }
  return pd_projection_setup_set_as_of (setup, store, as_of, error);
}

/* The review of @program_id as of @as_of, in any thread with its own
 * @store. */
static gboolean
write_program (PdStore               *store,
               const char            *program_id,
               gint64                 as_of,
               PdPayoutReviewFormat   format,
               const char            *path,
               GCancellable          *cancellable,
               GError               **error)
{
  g_auto(PdProjectionSetup) setup = { 0 };

  return load_setup (&setup, store, program_id, as_of, error) &&
         pd_payout_review_write_full (store, &setup, format, path, cancellable, error);
}

gboolean
pd_payout_review_write (PdStore               *store,
                        const char            *program_id,
                        gint64                 as_of,
                        PdPayoutReviewFormat   format,
                        const char            *path,
                        GError               **error)
{
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (program_id != NULL, FALSE);

  return write_program (store, program_id, as_of, format, path, NULL, error);
}

/* Writing in a worker thread ---------------------------------------------- */

typedef struct
{
  char                 *store_path;
  char                 *program_id;
  gint64                as_of;
  PdPayoutReviewFormat  format;
  char                 *path;     /* NULL: draw the pages */
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  g_free (job->store_path);
  g_free (job->program_id);
  g_free (job->path);
  g_free (job);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  g_autoptr(PdStore) store = NULL;
  GError *error = NULL;

  store = pd_store_open (job->store_path, &error);
  if (store != NULL && job->path == NULL)
    {
      g_auto(PdProjectionSetup) setup = { 0 };
      GPtrArray *pages = NULL;

      if (load_setup (&setup, store, job->program_id, job->as_of, &error))
        pages = pd_payout_review_draw_pages (store, &setup, cancellable, &error);
      if (pages == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, pages, (GDestroyNotify) g_ptr_array_unref);
    }
  else if (store == NULL ||
           !write_program (store, job->program_id, job->as_of, job->format, job->path, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_payout_review_write_async:
 * @store_path: the store file; the worker opens its own connection to it
 *
 * Runs pd_payout_review_write() in a worker thread; @callback is called
 * in the caller's thread default main context.
 */
void
pd_payout_review_write_async (const char            *store_path,
                              const char            *program_id,
                              gint64                 as_of,
                              PdPayoutReviewFormat   format,
                              const char            *path,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_return_if_fail (store_path != NULL);
  g_return_if_fail (program_id != NULL);
  g_return_if_fail (format <= PD_PAYOUT_REVIEW_XLSX);
  g_return_if_fail (path != NULL && *path != '\0');

  job = g_new0 (WriteJob, 1);
  job->store_path = g_strdup (store_path);
  job->program_id = g_strdup (program_id);
  job->as_of = as_of;
  job->format = format;
  job->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payout_review_write_async);
  g_task_set_name (task, "[pd-payout-review] write");
  g_task_set_task_data (task, job, write_job_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
pd_payout_review_write_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_payout_review_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pd_payout_review_draw_pages_async (const char          *store_path,
                                   const char          *program_id,
                                   gint64               as_of,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_return_if_fail (store_path != NULL);
  g_return_if_fail (program_id != NULL);

  job = g_new0 (WriteJob, 1);
  job->store_path = g_strdup (store_path);
  job->program_id = g_strdup (program_id);
  job->as_of = as_of;
  job->format = PD_PAYOUT_REVIEW_PDF;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_payout_review_draw_pages_async);
  g_task_set_name (task, "[pd-payout-review] draw pages");
  g_task_set_task_data (task, job, write_job_free);
  g_task_run_in_thread (task, write_thread);
}

GPtrArray *
pd_payout_review_draw_pages_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_payout_review_draw_pages_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
