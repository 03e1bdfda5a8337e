/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-outbox.h"
#include "pd-sync-controller.h"

G_BEGIN_DECLS

#define PD_TYPE_CONFLICT_DIALOG (pd_conflict_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdConflictDialog, pd_conflict_dialog, PD, CONFLICT_DIALOG, AdwWindow)

/* A 409 kept in the outbox (src/sync/README.md): my change (the entry's body and the version
 * it was based on) beside the platform's current object, field by field,
 * the fields that differ marked. "Keep Mine" rebases the entry on the
 * platform's version and sends it; "Use Theirs" discards it. The dialog
 * closes once the choice is recorded. */
GtkWidget *pd_conflict_dialog_new (GtkWindow          *parent,
                                   PdSyncController   *controller,
                                   const PdOutboxItem *item);

G_END_DECLS
