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

G_END_DECLS
