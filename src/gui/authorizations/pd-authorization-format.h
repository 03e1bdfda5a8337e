/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-store-authorizations.h"

G_BEGIN_DECLS

/* How the Authorizations page, its notifications and its tests word an
 * authorization. Every string is translated. */

/* The state's display name (pd-enums.h); the token itself when
 * unknown. */
const char *pd_authorization_format_state     (const char *state);
/* The chip's style class: "success", "dim", "warning", "error". */
const char *pd_authorization_state_to_class   (const char *state);

/* "12 days left", "1 day left", "expires today", "unlimited",
 * "expired"; "ended" for a completed one, "—" for a canceled or closed
 * one (its end no longer matters). */
char       *pd_authorization_format_days_left (const PdAuthorizationRow *row);

/* TRUE when an active, unrenewed authorization has at most @days days
 * left and has not expired (the page's "expiring" rows). */
gboolean    pd_authorization_is_expiring      (const PdAuthorizationRow *row,
                                               int                       days);

/* "Lumen Home (7001)", or "Seller 7001" when the store knows no name. */
char       *pd_authorization_format_seller    (const char *seller_id,
                                               const char *seller_name);

/* "2026-03-25" in @zone, "2026-03-25 (Asia/Shanghai)" when @zone is not
 * the user's own (pd_time_zone_format); "—" for 0. */
char       *pd_authorization_format_date      (gint64      when,
                                               GTimeZone  *zone);
/* "2026-03-01 to 2026-03-31", the zone after the last date when it is
 * not the user's own; "2026-03-01 to unlimited". */
char       *pd_authorization_format_period    (const PdAuthorizationRow *row,
                                               GTimeZone                *zone);

G_END_DECLS
