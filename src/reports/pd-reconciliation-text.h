/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-reconciliation.h"

G_BEGIN_DECLS

/* A finished reconciliation (pd-reconciliation.h) in words, line by
 * line, the same for the Overview, the payout review's CSV, workbook and
 * PDF, and its print: totals, one line per payout record, what explains
 * the difference, and the verdict. */

typedef enum
{
  PD_RECONCILIATION_TEXT_TOTAL,        /* projected, paid, withheld, difference */
  PD_RECONCILIATION_TEXT_PAYOUT,       /* one record */
  PD_RECONCILIATION_TEXT_EXPLANATION,  /* the withheld merchants, the governance discount */
  PD_RECONCILIATION_TEXT_RESULT,       /* matches, explained or not */
} PdReconciliationTextKind;

typedef struct
{
  PdReconciliationTextKind  kind;
  char                     *label;     /* "Paid by the platform" */
  gboolean                  has_amount;
  PdMoney                   amount;
  char                     *amount_text; /* "CNY 34,000.00", or NULL */
  char                     *detail;    /* a sentence, or NULL */
  gboolean                  warning;   /* withheld, or not explained */
} PdReconciliationText;

/* The heading: "Reconciliation with the platform’s payouts, 2026Q1". */
char      *pd_reconciliation_text_title  (const char        *quarter);

/* A GPtrArray of PdReconciliationText (it frees them). */
GPtrArray *pd_reconciliation_describe    (PdReconciliation  *reconciliation);

/* "amount_text · detail", or whichever there is: a line's value in one
 * cell. */
char      *pd_reconciliation_text_value  (const PdReconciliationText *text);

G_END_DECLS
