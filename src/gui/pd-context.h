/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_CONTEXT (pd_context_get_type ())

G_DECLARE_FINAL_TYPE (PdContext, pd_context, PD, CONTEXT, GObject)

/* What every window and page of the app shares: the open store and the
 * app's GSettings. Handed to windows as a construct-only property.
 * Its "store-changed" signal tells the pages to reload after something
 * (an import, a sync) wrote to the store; its detail says what changed:
 * "targets", "stores", "links", "rates", "program"; "sync" after a sync
 * run changed the store (any of its objects may have changed: pages
 * reload); "settings" and "credentials" when Preferences saved them. */
PdContext *pd_context_new          (PdStore   *store);
PdStore   *pd_context_get_store    (PdContext *self);
GSettings *pd_context_get_settings (PdContext *self);
void       pd_context_store_changed (PdContext  *self,
                                     const char *what);

G_END_DECLS
