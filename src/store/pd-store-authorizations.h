/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-link.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* Authorizations (src/core/README.md) as the agency reviews them for renewal. */

typedef struct
{
  char     *id;
  char     *state;
  char     *seller_id;
  char     *service_id;
  char    **shop_ids;       /* NULL-terminated, maybe empty */
  gint64    starts_at;
  gint64    expires_at;     /* 0: unlimited */
  gint64    days_left;      /* calendar days from today to the expiry day in the
                             * user's zone (0: expires today; negative: past);
                             * meaningless when unlimited */
  char     *renewal_of;     /* or NULL */
  char     *renewed_by;     /* the newest authorization renewing this one, or NULL */
} PdAuthorizationRow;

void pd_authorization_row_free (PdAuthorizationRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAuthorizationRow, pd_authorization_row_free)

/* The user's zone: the store's import_timezone. */
GTimeZone *pd_store_dup_user_zone (PdStore  *store,
                                   GError  **error);

/* Calendar days from the day of @now to the day of @expires_at, both
 * in @zone (a day boundary is the zone's midnight). */
gint64     pd_authorization_days_left (gint64     now,
                                       gint64     expires_at,
                                       GTimeZone *zone);

/* Every authorization, soonest expiry first (unlimited last), as
 * PdAuthorizationRow, days counted from @now in the user's zone.
 * @expiring_days >= 0: only the active ones that have not expired at
 * @now and whose expiry day is at most that many days after today (15:
 * up to the end of the 15th day from today). */
GPtrArray *pd_store_list_authorizations (PdStore  *store,
                                         gint64    now,
                                         int       expiring_days,
                                         GError  **error);

/* One authorization, or NULL with PD_STORE_ERROR_INVALID when unknown. */
PdAuthorizationRow *pd_store_get_authorization (PdStore     *store,
                                                const char  *id,
                                                gint64       now,
                                                GError     **error);

/* `link authorization` (partnerdesk-cli(1)). NULL: not given. A renewal
 * (@renewal_of set) takes the authorization's seller, service and shops
 * unless given; a service or seller other than the authorization's is
 * refused (the platform renews an authorization for the same ones).
 * @shop_ids: NULL-terminated ids. @duration_days: 1 to 3650, or 0 for
 * unlimited. */
typedef struct
{
  const char         *service_id;
  const char         *seller_id;
  const char * const *shop_ids;
  int                 duration_days;
  const char         *renewal_of;
  const char         *staff;
} PdAuthorizationLinkRequest;

gboolean pd_store_authorization_link (PdStore                          *store,
                                      const PdAuthorizationLinkRequest *request,
                                      PdLink                          **link_out,
                                      GError                          **error);

G_END_DECLS
