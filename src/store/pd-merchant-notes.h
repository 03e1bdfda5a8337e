/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-audit.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* The agency's own fields on a merchant (merchant_notes: never touched
 * by an import or a sync); its audit history is in pd-audit.h. Every
 * change writes an audit record with subject "seller:<id>". */

typedef struct
{
  char   *notes;
  char   *tags;       /* comma-separated, as typed */
  char   *assignee;   /* NULL: nobody */
  gint64  updated_at; /* 0: never edited */
} PdMerchantNotes;

void       pd_merchant_notes_clear     (PdMerchantNotes  *notes);

/* Empty fields for a seller without notes. */
gboolean   pd_merchant_notes_get       (PdStore          *store,
                                        const char       *seller_id,
                                        PdMerchantNotes  *out,
                                        GError          **error);

/* Replaces the three fields (NULL or "" assignee: nobody). Writes
 * nothing, and no audit record, when nothing changed. */
gboolean   pd_merchant_notes_save      (PdStore          *store,
                                        const char       *seller_id,
                                        const char       *notes,
                                        const char       *tags,
                                        const char       *assignee,
                                        GError          **error);

/* Appends a dated line "YYYY-MM-DD user: @note" to the notes of each
 * seller in @seller_ids (NULL-terminated), in one transaction. */
gboolean   pd_merchant_notes_append    (PdStore             *store,
                                        const char * const  *seller_ids,
                                        const char          *note,
                                        gint64               now,
                                        GError             **error);

/* Sets the assignee of each seller in @seller_ids, in one transaction. */
gboolean   pd_merchant_notes_assign    (PdStore             *store,
                                        const char * const  *seller_ids,
                                        const char          *assignee,
                                        GError             **error);

/* Who can be assigned: everyone assigned a merchant or named as staff on
 * a link, sorted. */
GPtrArray *pd_merchant_list_staff      (PdStore          *store,
                                        GError          **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdMerchantNotes, pd_merchant_notes_clear)

G_END_DECLS
