/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-json-doc.h"

#include "pd-store.h"

G_BEGIN_DECLS

/* A change of the platform's feed (platform-api.md), checked and turned
 * into store columns. Decoding needs no database, so the sync client
 * decodes the next page on one thread while the applier writes the
 * current one on another. */
typedef struct _PdDecodedChange PdDecodedChange;

typedef enum
{
  PD_CHANGE_OP_UPSERT,
  PD_CHANGE_OP_DELETE,
} PdChangeOp;

/* One element of a page's `changes` array. @where names it in messages
 * ("GET /v1/changes: changes[3]"). A change of a type this client does
 * not know is returned too, and skipped when applied. */
PdDecodedChange *pd_decoded_change_new_from_feed   (PdJsonDoc              *doc,
                                                    const PdJsonValue      *change,
                                                    const char             *where,
                                                    GError                **error);
/* An object a mutation answered (it carries its `version`), of a
 * platform-api.md @type. */
PdDecodedChange *pd_decoded_change_new_from_object (PdJsonDoc              *doc,
                                                    const char             *type,
                                                    const PdJsonValue      *object,
                                                    const char             *where,
                                                    GError                **error);
void             pd_decoded_change_free            (PdDecodedChange        *change);
gint64           pd_decoded_change_get_seq         (const PdDecodedChange  *change);
const char      *pd_decoded_change_get_type_name   (const PdDecodedChange  *change);
const char      *pd_decoded_change_get_id          (const PdDecodedChange  *change);
gint64           pd_decoded_change_get_version     (const PdDecodedChange  *change);
PdChangeOp       pd_decoded_change_get_op          (const PdDecodedChange  *change);
gboolean         pd_decoded_change_is_known        (const PdDecodedChange  *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdDecodedChange, pd_decoded_change_free)

/* Writes decoded changes into a store, inside the transaction its caller
 * holds, following the contract's rules: an upsert whose version is not
 * newer than the local copy's (or than the tombstone of a deleted
 * object) is ignored; a delete removes the row and leaves a tombstone; a
 * later newer upsert brings the object back. Fields that belong to the
 * agency are never overwritten: merchant_notes is not touched, and a
 * link's `staff` keeps its local value. A target merchant removed from
 * the list keeps its row with `left_at` set (domain.md: the seller left
 * the list then), so that the projection can still tell who was listed
 * when. */
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

G_END_DECLS
