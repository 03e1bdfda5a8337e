/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-outbox.h"

G_BEGIN_DECLS

#define PD_TYPE_OUTBOX_ROW (pd_outbox_row_get_type ())

G_DECLARE_FINAL_TYPE (PdOutboxRow, pd_outbox_row, PD, OUTBOX_ROW, GtkListBoxRow)

/* One outbox entry in the sync popover: what it asks, since when, its
 * attempts and last error, with buttons for the "sync.retry",
 * "sync.discard" and (conflicts) "sync.resolve" actions, whose target is
 * the entry's id (int64) and which an ancestor installs. */
GtkWidget          *pd_outbox_row_new        (const PdOutboxItem *item,
                                              gint64              now);
const PdOutboxItem *pd_outbox_row_get_item   (PdOutboxRow        *self);
/* What the row says: "Accept seller request SR-1001"; "Queued 10:32 ·
 * 2 attempts"; the last error or the conflict, or "". */
const char         *pd_outbox_row_get_title  (PdOutboxRow        *self);
const char         *pd_outbox_row_get_status (PdOutboxRow        *self);
const char         *pd_outbox_row_get_detail (PdOutboxRow        *self);

G_END_DECLS
