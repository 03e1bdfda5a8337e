/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-decoded-change.h"
#include "pd-store.h"
#include "pd-store-changes.h"

G_BEGIN_DECLS

/* Decoded changes written into a store by its own applier
 * (pd-store-changes.h, where the contract's rules are described), with
 * the store's errors told in the sync client's terms: a change the
 * store cannot take is PD_SYNC_ERROR_INVALID_CHANGE. */
#define PD_TYPE_CHANGE_APPLIER (pd_change_applier_get_type ())

G_DECLARE_FINAL_TYPE (PdChangeApplier, pd_change_applier, PD, CHANGE_APPLIER, GObject)

PdChangeApplier *pd_change_applier_new             (PdStore                *store);
/* Call right after beginning each transaction the applier writes in. */
gboolean         pd_change_applier_begin           (PdChangeApplier        *self,
                                                    GError                **error);
/* @applied_out: whether the store changed (FALSE: ignored as not newer,
 * or of an unknown type). An error leaves the transaction to roll back. */
gboolean         pd_change_applier_apply           (PdChangeApplier        *self,
                                                    const PdDecodedChange  *change,
                                                    gboolean               *applied_out,
                                                    GError                **error);
/* A page of decoded changes (PdDecodedChange) and the cursor after it,
 * in one transaction. */
gboolean         pd_change_applier_apply_page      (PdChangeApplier        *self,
                                                    GPtrArray              *changes,
                                                    const char             *next_cursor,
                                                    guint64                *applied_out,
                                                    guint64                *ignored_out,
                                                    GError                **error);
/* An outbox entry the platform took, and its answer (or NULL). */
gboolean         pd_change_applier_apply_sent      (PdChangeApplier        *self,
                                                    gint64                  outbox_id,
                                                    const PdDecodedChange  *answer,
                                                    const char             *where,
                                                    GError                **error);

G_END_DECLS
