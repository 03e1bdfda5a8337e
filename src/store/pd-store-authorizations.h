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
  char     *service_name;   /* the service's name, or NULL when the store lacks it */
  char     *seller_name;    /* the merchant's name on a target list, or NULL */
  char     *renewal_url;    /* the URL of a renewal link made for it that a seller
                             * can still use (the newest), or NULL */
} PdAuthorizationRow;

PdAuthorizationRow *pd_authorization_row_copy (const PdAuthorizationRow *row);
void                pd_authorization_row_free (PdAuthorizationRow       *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAuthorizationRow, pd_authorization_row_free)

/* The user's zone: the store's import_timezone. */
GTimeZone *pd_store_dup_user_zone (PdStore  *store,
                                   GError  **error);

/* Calendar days from the day of @now to the day of @expires_at, both
 * in @zone (a day boundary is the zone's midnight). */
gint64     pd_authorization_days_left (gint64     now,
                                       gint64     expires_at,
                                       GTimeZone *zone);

/* The first instant after the window of @days days from the day of
 * @now in @zone: the start of the day @days + 1 days after today. An
 * authorization expiring in [now, that instant) has at most @days days
 * left. */
gint64     pd_authorization_window_end (gint64     now,
                                        int        days,
                                        GTimeZone *zone);

/* Every authorization, soonest expiry first (unlimited last, then by
 * id), as PdAuthorizationRow, days counted from @now in the user's zone.
 * @expiring_days >= 0: only the active ones that have not expired at
 * @now, that no newer authorization renews (the renewal took over), and
 * whose expiry day is at most that many days after today (15: up to the
 * end of the 15th day from today). */
GPtrArray *pd_store_list_authorizations (PdStore  *store,
                                         gint64    now,
                                         int       expiring_days,
                                         GError  **error);

/* The same list a page at a time: how many rows, and at most @limit of
 * them from @offset on. */
gboolean   pd_store_count_authorizations (PdStore  *store,
                                          gint64    now,
                                          int       expiring_days,
                                          guint    *n_rows,
                                          GError  **error);
GPtrArray *pd_store_read_authorizations  (PdStore  *store,
                                          gint64    now,
                                          int       expiring_days,
                                          guint     offset,
                                          guint     limit,
                                          GError  **error);
/* Where authorization @id stands in that list: TRUE with @position set,
 * FALSE without an error when the list does not hold it. */
gboolean   pd_store_find_authorization   (PdStore     *store,
                                          gint64       now,
                                          int          expiring_days,
                                          const char  *id,
                                          guint       *position,
                                          GError     **error);

/* Expiry notifications: one when an authorization enters the
 * PD_AUTHORIZATION_NOTICE_FIRST-day window, one more at
 * PD_AUTHORIZATION_NOTICE_LAST days, each once for each expiry time. */
#define PD_AUTHORIZATION_NOTICE_FIRST 15
#define PD_AUTHORIZATION_NOTICE_LAST  3

typedef struct
{
  char   *authorization_id;
  char   *seller_id;
  char   *seller_name;     /* or NULL */
  char   *service_name;    /* or NULL */
  gint64  expires_at;
  gint64  days_left;
  int     window_days;     /* PD_AUTHORIZATION_NOTICE_FIRST or _LAST */
} PdAuthorizationNotice;

void pd_authorization_notice_free (PdAuthorizationNotice *notice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdAuthorizationNotice, pd_authorization_notice_free)

/* The notifications due at @now (the same authorizations as the
 * 15-day expiring list), soonest first: for each, the narrowest window
 * it is in, unless that one was already recorded for its expiry. One
 * first seen at 3 days or less gets only the 3-day notice. */
GPtrArray *pd_store_due_authorization_notices (PdStore  *store,
                                               gint64    now,
                                               GError  **error);
/* Records that @window_days's notice (and a wider one's, which it makes
 * pointless) was sent for @id's expiry @expires_at. Emits no change: no
 * page shows it. */
gboolean   pd_store_mark_authorization_notice (PdStore     *store,
                                               const char  *id,
                                               gint64       expires_at,
                                               int          window_days,
                                               gint64       sent_at,
                                               GError     **error);

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
