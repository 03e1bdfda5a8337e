/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-clock.h"
#include "pd-paged-model.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_TYPE_AUTHORIZATIONS_MODEL (pd_authorizations_model_get_type ())

G_DECLARE_FINAL_TYPE (PdAuthorizationsModel, pd_authorizations_model, PD, AUTHORIZATIONS_MODEL,
                      PdPagedModel)

#define PD_AUTHORIZATIONS_MODEL_PAGE_SIZE    128
#define PD_AUTHORIZATIONS_MODEL_CACHED_PAGES 8

/* Every authorization of the store (or only the expiring ones), soonest
 * expiry first, as PdAuthorizationItem: a PdPagedModel
 * (pd-paged-model.h), so that 20,000 authorizations are a COUNT(*) and a
 * page of rows, not 20,000 objects. Days are counted at @clock's now in
 * the store's user zone, read again on each reload. */
PdAuthorizationsModel *pd_authorizations_model_new        (PdStore               *store,
                                                           PdClock               *clock);
/* @days >= 0: only the active, unrenewed ones expiring within @days
 * days; -1: every one. Reloads when it changes. */
gboolean    pd_authorizations_model_set_expiring_days     (PdAuthorizationsModel *self,
                                                           int                    days,
                                                           GError               **error);
int         pd_authorizations_model_get_expiring_days     (PdAuthorizationsModel *self);
gboolean    pd_authorizations_model_reload                (PdAuthorizationsModel *self,
                                                           GError               **error);
/* The position of authorization @id, or FALSE when the list (as
 * filtered) does not hold it. */
gboolean    pd_authorizations_model_find                  (PdAuthorizationsModel *self,
                                                           const char            *id,
                                                           guint                 *position,
                                                           GError               **error);
/* Remembers the renewal link made for @id (its items show it) and
 * reloads. */
void        pd_authorizations_model_set_renewal_url       (PdAuthorizationsModel *self,
                                                           const char            *id,
                                                           const char            *url);
const char *pd_authorizations_model_get_renewal_url       (PdAuthorizationsModel *self,
                                                           const char            *id);

G_END_DECLS
