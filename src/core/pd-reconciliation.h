/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-engine.h"
#include "pd-enums.h"
#include "pd-money.h"
#include "pd-projection.h"

G_BEGIN_DECLS

/* After the quarter: what the platform paid and withheld (its `payout`
 * records) beside what the projection counted once the period was over,
 * in integer minor units.
 *
 *   projected  = the projection's confirmed amount (qualified merchants x
 *                reward x the governance factor it applied)
 *   paid       = the records marked paid; withheld = those marked withheld
 *                (a withheld record counts zero: the program rules)
 *   difference = paid - projected
 *
 * What explains the difference, line by line:
 * - a withheld record naming a merchant (its `seller_id` or `store_id`)
 *   explains what the projection counted for that merchant (reward x
 *   factor when we had it qualified, else nothing); one naming nobody
 *   explains its own amount;
 * - the governance discount: when the projection paid in full (no
 *   high-risk store known to us) and the platform paid exactly the
 *   program's high_risk_paid_fraction of what remains after the
 *   withheld merchants, the rest is that discount. When the projection
 *   already applied the fraction, the discount is shown as part of the
 *   projected amount (discount = qualified x reward - projected).
 * What is left is unexplained: finance asks the platform.
 *
 * Every record given is compared, whatever its quarter: the caller keeps
 * the program's quarter (pd_reconciliation_quarter_of()). */

typedef enum
{
  PD_RECONCILIATION_NO_PAYOUTS,   /* nothing reported yet */
  PD_RECONCILIATION_MATCHES,      /* paid = projected */
  PD_RECONCILIATION_EXPLAINED,    /* differs, and the lines explain all of it */
  PD_RECONCILIATION_UNEXPLAINED,  /* differs by more than they explain */
} PdReconciliationState;

/* A payout record as the platform sent it, and what we knew of the
 * merchant it names. The strings belong to the reconciliation. */
typedef struct
{
  char           *payout_id;
  PdPayoutStatus  status;
  PdMoney         amount;
  char           *seller_id;   /* NULL: not named */
  char           *store_id;    /* NULL: not named */
  gboolean        has_verdict; /* the merchant has an entry in the projection */
  PdVerdict       verdict;
  PdMoney         projected;   /* what the projection counted for it */
  PdMoney         difference;  /* paid: amount - projected; withheld: -projected */
} PdReconciliationLine;

typedef struct _PdReconciliation PdReconciliation;

/* @reward: per qualified merchant; @paid_fraction: the program's
 * high_risk_paid_fraction; @factor: the one the projection applied;
 * @qualified and @projected: its confirmed merchants and amount. */
PdReconciliation *pd_reconciliation_new            (const PdMoney        *reward,
                                                    const PdFraction     *paid_fraction,
                                                    const PdFraction     *factor,
                                                    gint64                qualified,
                                                    const PdMoney        *projected);
/* The same from a finished projection. */
PdReconciliation *pd_reconciliation_new_for_projection (PdProjection     *projection);
void              pd_reconciliation_free           (PdReconciliation     *self);

/* @verdict: the merchant's verdict in the projection, NULL when the record
 * names none or we have no entry for it. */
void              pd_reconciliation_add_payout     (PdReconciliation     *self,
                                                    const char           *payout_id,
                                                    PdPayoutStatus        status,
                                                    const PdMoney        *amount,
                                                    const char           *seller_id,
                                                    const char           *store_id,
                                                    const PdVerdict      *verdict);
/* Adds it all up. Fails (PD_VALUE_ERROR_INVALID) when a record is in
 * another currency than the reward, naming it, or on overflow. */
gboolean          pd_reconciliation_finish         (PdReconciliation     *self,
                                                    GError              **error);

/* After finish. */
PdReconciliationState pd_reconciliation_get_state  (PdReconciliation     *self);
const PdMoney    *pd_reconciliation_get_projected  (PdReconciliation     *self);
gint64            pd_reconciliation_get_qualified  (PdReconciliation     *self);
const PdMoney    *pd_reconciliation_get_paid       (PdReconciliation     *self);
const PdMoney    *pd_reconciliation_get_withheld   (PdReconciliation     *self);
const PdMoney    *pd_reconciliation_get_difference (PdReconciliation     *self);
/* The part of the difference the withheld records explain (<= 0). */
const PdMoney    *pd_reconciliation_get_withheld_explained (PdReconciliation *self);
/* The governance discount (>= 0) and whether it is in the projection
 * already (TRUE) or found in what the platform paid (FALSE); zero when
 * neither. */
const PdMoney    *pd_reconciliation_get_governance_discount (PdReconciliation *self,
                                                             gboolean        *in_projection);
const PdFraction *pd_reconciliation_get_paid_fraction (PdReconciliation  *self);
/* difference - what the lines explain. */
const PdMoney    *pd_reconciliation_get_unexplained (PdReconciliation    *self);
/* The records, in the order added. */
guint             pd_reconciliation_get_n_lines    (PdReconciliation     *self);
const PdReconciliationLine *pd_reconciliation_get_line (PdReconciliation *self,
                                                        guint             i);

/* "2026Q1": the calendar quarter of @period_end_date ("2026-03-31"), as
 * the platform names a payout's quarter; NULL when not a date. */
char             *pd_reconciliation_quarter_of     (const char           *period_end_date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdReconciliation, pd_reconciliation_free)

G_END_DECLS
