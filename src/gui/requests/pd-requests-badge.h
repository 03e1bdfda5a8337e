/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_REQUESTS_BADGE (pd_requests_badge_get_type ())

G_DECLARE_FINAL_TYPE (PdRequestsBadge, pd_requests_badge, PD, REQUESTS_BADGE, GObject)

/* The count of seller requests waiting for the agency's review
 * (partner_reviewing) on the view switcher's Requests button: @page's
 * badge-number and needs-attention, counted once the context started
 * (not before the first frame) and again on every PdStore::changed that
 * may have touched requests. Lives as long as the caller keeps it. */
PdRequestsBadge *pd_requests_badge_new       (PdContext        *context,
                                              AdwViewStackPage *page);
guint            pd_requests_badge_get_count (PdRequestsBadge  *self);

G_END_DECLS
