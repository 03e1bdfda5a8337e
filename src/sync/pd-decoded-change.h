/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-json-doc.h"
#include "pd-store-changes.h"

G_BEGIN_DECLS

/* A change of the platform's feed (src/sync/README.md), checked and turned
 * into the columns of its store table (pd-store-tables.h). Decoding
 * needs no database, so the sync client decodes the next page on one
 * thread while the store applies the current one on another. */
typedef struct _PdDecodedChange PdDecodedChange;

/* One element of a page's `changes` array. @where names it in messages
 * ("GET /v1/changes: changes[3]"). A change of a type this client does
 * not know is returned too, and skipped when applied. */
PdDecodedChange     *pd_decoded_change_new_from_feed    (PdJsonDoc              *doc,
                                                         const PdJsonValue      *change,
                                                         const char             *where,
                                                         GError                **error);
/* An object a mutation answered (it carries its `version`), of a
 * src/sync/README.md @type. */
PdDecodedChange     *pd_decoded_change_new_from_object  (PdJsonDoc              *doc,
                                                         const char             *type,
                                                         const PdJsonValue      *object,
                                                         const char             *where,
                                                         GError                **error);
void                 pd_decoded_change_free             (PdDecodedChange        *change);
gint64               pd_decoded_change_get_seq          (const PdDecodedChange  *change);
const char          *pd_decoded_change_get_type_name    (const PdDecodedChange  *change);
const char          *pd_decoded_change_get_id           (const PdDecodedChange  *change);
gint64               pd_decoded_change_get_version      (const PdDecodedChange  *change);
PdChangeOp           pd_decoded_change_get_op           (const PdDecodedChange  *change);
gboolean             pd_decoded_change_is_known         (const PdDecodedChange  *change);
/* What the store applies (pd_store_changes_apply()); lives as long as
 * @change. */
const PdFeedChange *pd_decoded_change_get_store_change (const PdDecodedChange  *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdDecodedChange, pd_decoded_change_free)

G_END_DECLS
