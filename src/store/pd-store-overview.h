/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-enums.h"
#include "pd-money.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* What the Overview page reads from the store besides the projection
 * (pd-projection-setup.h). */

/* Whether there is anything a program's projection could show: a target
 * merchant, a link or a store (the bundled programs alone are not). */
gboolean    pd_store_has_program_data             (PdStore      *store,
                                                   gboolean     *has_data,
                                                   GError      **error);

/* An authorization (src/core/README.md) about to expire. */
typedef struct
{
  char   *id;
  char   *seller_id;
  char   *seller_name;   /* from a target list; NULL when unknown */
  char   *service_id;
  char   *service_name;  /* NULL when the service is unknown */
  gint64  expires_at;
} PdExpiringAuthorization;

void        pd_expiring_authorization_free        (PdExpiringAuthorization *authorization);

/* The active authorizations whose expires_at is at or before @until,
 * soonest first: the agency sends renewal links for them. Those already
 * past expires_at but not yet marked completed by a sync are included;
 * one a newer authorization renews is not.
 * Returns a GPtrArray of PdExpiringAuthorization (it frees them). */
GPtrArray  *pd_store_list_expiring_authorizations (PdStore      *store,
                                                   gint64        until,
                                                   GError      **error);

/* What the platform finally paid or withheld for a program and quarter
 * (synced `payout` objects). */
typedef struct
{
  char           *id;
  char           *quarter;     /* "2026Q1" */
  PdMoney         amount;
  PdPayoutStatus  status;
  gboolean        has_paid_at;
  gint64          paid_at;
  char           *seller_id;   /* the merchant it is for, when the platform says */
  char           *store_id;
} PdPayoutRecord;

void        pd_payout_record_free                 (PdPayoutRecord *record);

/* The payout records of @program_id, newest quarter first, then by the
 * time they were paid or withheld and id. A GPtrArray of PdPayoutRecord
 * (it frees them). */
GPtrArray  *pd_store_list_payouts                 (PdStore      *store,
                                                   const char   *program_id,
                                                   GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdExpiringAuthorization, pd_expiring_authorization_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPayoutRecord, pd_payout_record_free)

G_END_DECLS
