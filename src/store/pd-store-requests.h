/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-enums.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* Seller requests (src/core/README.md) and the agency's transitions of them. */

typedef enum
{
  PD_REQUEST_ACTOR_AGENCY,   /* accept, reject, close: PATCH by the app */
  PD_REQUEST_ACTOR_SELLER,   /* connect (authorization granted), close */
} PdRequestActor;

/* One row of src/core/README.md's transition table. */
typedef struct
{
  PdSellerRequestStatus from;
  PdSellerRequestStatus to;
  PdRequestActor        actor;
} PdRequestTransition;

/* The whole table (src/core/README.md): partner_reviewing -> partner_accepted |
 * rejected | closed; partner_accepted -> connected (seller) | closed. */
const PdRequestTransition *pd_request_transitions (guint *n_transitions);

/* Whether @actor may move a request from @from to @to, by the table. */
gboolean pd_request_transition_allowed (PdSellerRequestStatus from,
                                        PdSellerRequestStatus to,
                                        PdRequestActor        actor);

typedef struct
{
  char   *id;
  char   *status;
  char   *request_type;
  char   *category_id;
  char   *location;
  char   *company_size;
  char   *currency;
  char   *monthly_tiktok_shop_gmv;   /* decimal text, or NULL */
  char   *monthly_other_gmv;
  char   *monthly_budget;
  char   *main_category;
  char   *best_selling_product;
  char   *other_details;
  char   *contact_name;              /* NULL once closed */
  char   *contact_email;             /* NULL once closed */
  gint64  created_at;
  gint64  updated_at;
  gint64  version;
} PdSellerRequest;

void pd_seller_request_free (PdSellerRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSellerRequest, pd_seller_request_free)

/* Newest first; @status NULL: all, else a status name (refused when it
 * is not one, listing the accepted ones). */
GPtrArray *pd_store_list_seller_requests (PdStore     *store,
                                          const char  *status,
                                          GError     **error);

/* The agency moves request @id to @to (partner_accepted, rejected,
 * closed), with @note (or NULL): the status, and the outbox's PATCH
 * with If-Match of the stored version, in one transaction. A refused
 * transition (or one while another change of the request is still
 * queued) is PD_STORE_ERROR_INVALID and queues nothing. */
gboolean pd_store_seller_request_move (PdStore                *store,
                                       const char             *id,
                                       PdSellerRequestStatus   to,
                                       const char             *note,
                                       GError                **error);

/* The Requests page's inbox: filters and an order, for a list model that
 * pages through 100,000 requests (pd-store-migrations.c indexes each
 * order). Amount bounds are whole units of each request's own currency
 * ("1000" is USD 1,000.00 for a USD request, JPY 1,000 for a JPY one):
 * the form states amounts in the seller's currency, and an agency
 * thinks of a budget range that way, not in minor units. */
/* An amount column of seller_requests in whole units of the request's
 * currency (ISO 4217 minor digits: 0 for JPY, KRW..., 3 for BHD, KWD...,
 * else 2), by integer division: exact, never a float. The indexes of
 * migration 9 are on these very expressions, so the queries must spell
 * them the same. */
#define PD_REQUEST_UNIT_DIVISOR_SQL \
  "CASE WHEN currency IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX'," \
  "'UYI','VND','VUV','XAF','XOF','XPF') THEN 1" \
  " WHEN currency IN ('BHD','IQD','JOD','KWD','LYD','OMR','TND') THEN 1000 ELSE 100 END"
#define PD_REQUEST_BUDGET_UNITS_SQL "(monthly_budget / " PD_REQUEST_UNIT_DIVISOR_SQL ")"
#define PD_REQUEST_GMV_UNITS_SQL "(monthly_tiktok_shop_gmv / " PD_REQUEST_UNIT_DIVISOR_SQL ")"

typedef enum
{
  PD_REQUEST_SORT_NEWEST,   /* created_at, newest first */
  PD_REQUEST_SORT_BUDGET,   /* monthly budget, highest first */
  PD_REQUEST_SORT_GMV,      /* monthly TikTok Shop GMV, highest first */
} PdRequestSort;

#define PD_REQUEST_NO_BOUND ((gint64) -1)

typedef struct
{
  const char    *status;        /* a status name, or NULL: any */
  const char    *request_type;  /* select_partners | platform_referral, or NULL */
  const char    *category_id;   /* or NULL: any */
  gint64         budget_min;    /* whole units, or PD_REQUEST_NO_BOUND */
  gint64         budget_max;
  gint64         gmv_min;
  gint64         gmv_max;
  PdRequestSort  sort;
} PdRequestQuery;

/* Every request, newest first. */
void             pd_request_query_init          (PdRequestQuery        *query);

/* How many requests @query selects. A status or type that is not one is
 * refused (PD_STORE_ERROR_INVALID) naming the accepted ones; so is a
 * negative bound other than PD_REQUEST_NO_BOUND or a min above its max. */
gboolean         pd_store_seller_requests_count (PdStore               *store,
                                                 const PdRequestQuery  *query,
                                                 guint64               *count_out,
                                                 GError               **error);
/* At most @limit of them from @offset on, in @query's order (ties by id,
 * so pages never overlap), as PdSellerRequest. */
GPtrArray       *pd_store_seller_requests_page  (PdStore               *store,
                                                 const PdRequestQuery  *query,
                                                 guint64                offset,
                                                 guint                  limit,
                                                 GError               **error);
/* One request (contact hidden once closed), or NULL with an error. */
PdSellerRequest *pd_store_seller_request_get    (PdStore               *store,
                                                 const char            *id,
                                                 GError               **error);
PdSellerRequest *pd_seller_request_copy         (const PdSellerRequest *request);

/* The seller a request came from. A request carries no seller id (the
 * form has none): the seller is the merchant of a target list whose
 * contact email is the request's (case ignored), the newest listing
 * first. NULL without an error when none matches (or the request is
 * closed and its contact hidden). */
char            *pd_store_seller_request_dup_seller_id (PdStore        *store,
                                                        const char     *id,
                                                        GError        **error);

/* Why the agency cannot move @request to @to now, in words, or NULL
 * when it can (the transition table, and no change of it still queued).
 * The same rules as pd_store_seller_request_move(), for buttons. */
char            *pd_store_seller_request_refusal (PdStore               *store,
                                                  const PdSellerRequest *request,
                                                  PdSellerRequestStatus  to);

/* The outbox entry of the request in conflict (a 409 kept for the
 * user), or NULL without an error. */
gboolean         pd_store_seller_request_conflict (PdStore             *store,
                                                   const char          *id,
                                                   gint64              *outbox_id_out,
                                                   GError             **error);

G_END_DECLS
