/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-projection-setup.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* The payout review an agency sends to finance before quarter close:
 * program, period, as-of, totals, governance, the expected-value model,
 * once the period is over the reconciliation with the platform's payouts
 * (pd-reconciliation-text.h), the assumptions, then one row per entry
 * with its verdict and what is missing. CSV is UTF-8 with a byte-order mark and CRLF line ends (what
 * Excel reads); PDF is A4 landscape through cairo and Pango, paginated, Chinese
 * included. XLSX has the same cells: a sheet of totals (amounts as money
 * cells too) and a sheet of entries (a frozen header row with an
 * autofilter, ids as text, rewards as money, deadlines as dates).
 * `partnerdesk-cli export payouts` and the Overview's export
 * write it through these functions. */

typedef enum
{
  PD_PAYOUT_REVIEW_CSV,
  PD_PAYOUT_REVIEW_PDF,
  PD_PAYOUT_REVIEW_XLSX,
} PdPayoutReviewFormat;

/* ".csv", ".pdf" or ".xlsx". */
const char *pd_payout_review_format_extension (PdPayoutReviewFormat format);

/* @name with the extension of @format: a ".csv", ".pdf" or ".xlsx" ending
 * (in any case) is replaced, any other name gets the extension added
 * ("review.csv" as PDF -> "review.pdf", "q1.final" -> "q1.final.pdf").
 * The chosen format decides, never the name the user typed. */
char       *pd_payout_review_file_name        (const char            *name,
                                               PdPayoutReviewFormat   format);

/* Writes the review of the recruitment program @program_id as of @as_of
 * to @path (replaced whole: the file is written beside it and renamed
 * over it, so a failed export leaves nothing half-written). A program of
 * another kind is PD_STORE_ERROR_INVALID. @store must be used by the
 * calling thread only. */
gboolean  pd_payout_review_write       (PdStore               *store,
                                        const char            *program_id,
                                        gint64                 as_of,
                                        PdPayoutReviewFormat   format,
                                        const char            *path,
                                        GError               **error);

/* The same from a loaded setup of a recruitment program; cancelling
 * stops it with G_IO_ERROR_CANCELLED and leaves @path as it was. */
gboolean  pd_payout_review_write_full  (PdStore               *store,
                                        PdProjectionSetup     *setup,
                                        PdPayoutReviewFormat   format,
                                        const char            *path,
                                        GCancellable          *cancellable,
                                        GError               **error);

/* pd_payout_review_write() in a worker thread with its own connection
 * to the store at @store_path: the one export job of
 * `partnerdesk-cli export payouts` and the Overview page. */
void      pd_payout_review_write_async  (const char            *store_path,
                                         const char            *program_id,
                                         gint64                 as_of,
                                         PdPayoutReviewFormat   format,
                                         const char            *path,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
gboolean  pd_payout_review_write_finish (GAsyncResult          *result,
                                         GError               **error);

/* The pages of the PDF, for a print: one cairo recording surface per
 * page (cairo_surface_t, PD_PAYOUT_REVIEW_PAGE_WIDTH x _HEIGHT points,
 * A4 landscape), drawn by the same code as the PDF, to be replayed onto
 * a printer's cairo context. A GPtrArray that frees them. */
#define PD_PAYOUT_REVIEW_PAGE_WIDTH  841.89
#define PD_PAYOUT_REVIEW_PAGE_HEIGHT 595.276

GPtrArray *pd_payout_review_draw_pages        (PdStore               *store,
                                               PdProjectionSetup     *setup,
                                               GCancellable          *cancellable,
                                               GError               **error);
/* The same in a worker thread with its own connection to the store. */
void       pd_payout_review_draw_pages_async  (const char            *store_path,
                                               const char            *program_id,
                                               gint64                 as_of,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
GPtrArray *pd_payout_review_draw_pages_finish (GAsyncResult          *result,
                                               GError               **error);

G_END_DECLS
