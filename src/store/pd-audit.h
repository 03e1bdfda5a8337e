/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* One record of the audit log: who did what to which subject, when. */
typedef struct
{
  gint64  at;
  char   *user;
  char   *action;
  char   *subject;
  char   *details;
} PdAuditEntry;

void       pd_audit_entry_free         (PdAuditEntry     *entry);

/* The seller's audit records, newest first, at most @limit: those about
 * the seller ("seller:<id>") and about its links ("link:<token>"). */
GPtrArray *pd_audit_seller_history     (PdStore          *store,
                                        const char       *seller_id,
                                        guint             limit,
                                        GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAuditEntry, pd_audit_entry_free)

G_END_DECLS
