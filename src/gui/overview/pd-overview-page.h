/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"
#include "pd-payout-review.h"

G_BEGIN_DECLS

#define PD_TYPE_OVERVIEW_PAGE (pd_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (PdOverviewPage, pd_overview_page, PD, OVERVIEW_PAGE, GtkWidget)

/* The Overview: how much the agency will be paid for a program, for
 * whom, and what is still missing, as of an instant (now unless set):
 * confirmed, expected and upper amounts, the governance factor, the
 * entries at risk, the authorizations about to expire, and for a
 * seller-benefit program each merchant's benefit window. Computed in a
 * worker thread (pd-overview-snapshot.h), again whenever the store or
 * the program changes. The "Connect to the Platform" status page shows
 * while the store has no merchants, links or stores.
 *
 * The as-of instant: the "as-of" property when not 0, else the context's
 * clock (pd-clock.h: now, or the instant `partnerdesk --as-of TIME`
 * pinned for demos, training and screenshots). */

PdOverviewPage *pd_overview_page_new            (PdContext       *context);

PdContext      *pd_overview_page_get_context    (PdOverviewPage  *self);
void            pd_overview_page_set_context    (PdOverviewPage  *self,
                                                 PdContext       *context);

/* Unix seconds; 0: now. */
gint64          pd_overview_page_get_as_of      (PdOverviewPage  *self);
void            pd_overview_page_set_as_of      (PdOverviewPage  *self,
                                                 gint64           as_of);

/* The selected program; setting an unknown id is ignored. */
const char     *pd_overview_page_get_program_id (PdOverviewPage  *self);
void            pd_overview_page_set_program_id (PdOverviewPage  *self,
                                                 const char      *program_id);

/* Whether a projection is being computed. */
gboolean        pd_overview_page_get_busy       (PdOverviewPage  *self);

/* Starts over now: reads the store again. */
void            pd_overview_page_refresh        (PdOverviewPage  *self);

/* Writes the payout review of the program and instant shown to @file, in
 * a worker thread (what "Export Payout Review…" does once a file is
 * chosen). Fails when no recruitment program's projection is shown. */
void            pd_overview_page_export_async   (PdOverviewPage       *self,
                                                 GFile                *file,
                                                 PdPayoutReviewFormat  format,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        pd_overview_page_export_finish  (PdOverviewPage       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Prints the payout review of the program and instant shown, with the
 * pages of its PDF (what "Print…" does with GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
 * @export_filename: the PDF GTK_PRINT_OPERATION_ACTION_EXPORT writes.
 * Finishes FALSE without an error when the user cancelled. */
void            pd_overview_page_print_async    (PdOverviewPage          *self,
                                                 GtkPrintOperationAction  action,
                                                 const char              *export_filename,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
gboolean        pd_overview_page_print_finish   (PdOverviewPage          *self,
                                                 GAsyncResult            *result,
                                                 GError                 **error);

/* The object with @id in pd-overview-page.ui, or in pd-overview-data.ui
 * once the first snapshot is shown (its sections are built then); else
 * NULL. For tests. */
GObject        *pd_overview_page_get_object     (PdOverviewPage          *self,
                                                 const char              *id);

G_END_DECLS
