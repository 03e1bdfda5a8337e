/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The domain's enumerated values (src/core/README.md). For each enum:
 *
 *   foo_parse()      reads file or feed text: any ASCII case, surrounding
 *                    white space (U+3000 too) ignored, ' ' or '-' for
 *                    '_' ("High risk" = "high-risk" = "HIGH_RISK"), and
 *                    the Chinese words of the platform's exports
 *                    ("高风险"). Anything else is PD_VALUE_ERROR_UNKNOWN
 *                    (empty text: _INVALID), with a message listing the
 *                    accepted values.
 *   foo_to_string()  the canonical English token, for the store, files
 *                    and JSON ("high_risk").
 *   foo_to_display() the translated label for people ("High risk").
 *   foo_get_type()   a GEnum type (nick = token) for GObject properties.
 *
 * All of them share one table-driven implementation in pd-enums.c. */

/* A target merchant's review status on the platform's list. */
typedef enum
{
  PD_REVIEW_STATUS_APPROVED,
  PD_REVIEW_STATUS_PENDING,
  PD_REVIEW_STATUS_REJECTED,
} PdReviewStatus;

/* A store's status in the store progress report. */
typedef enum
{
  PD_STORE_STATUS_NORMAL,
  PD_STORE_STATUS_CLOSING,
  PD_STORE_STATUS_CLOSED,
} PdStoreStatus;

/* A store's governance risk flag. */
typedef enum
{
  PD_GOVERNANCE_NONE,
  PD_GOVERNANCE_WARNING,
  PD_GOVERNANCE_HIGH_RISK,
} PdGovernance;

/* Onboarding link (store registration) or authorization link. */
typedef enum
{
  PD_LINK_KIND_ONBOARDING,
  PD_LINK_KIND_AUTHORIZATION,
} PdLinkKind;

/* An onboarding or authorization link's state. */
typedef enum
{
  PD_LINK_STATE_ACTIVE,
  PD_LINK_STATE_USED,
  PD_LINK_STATE_EXPIRED,
  PD_LINK_STATE_REVOKED,
} PdLinkState;

/* A service category's listing state on the Partner Center. */
typedef enum
{
  PD_CATEGORY_STATE_NOT_LISTED,
  PD_CATEGORY_STATE_IN_REVIEW,
  PD_CATEGORY_STATE_APPROVED,
  PD_CATEGORY_STATE_REJECTED,
  PD_CATEGORY_STATE_SUSPENDED,
} PdCategoryState;

/* Public (listed in the Service Store) or custom (by link only). */
typedef enum
{
  PD_SERVICE_TYPE_PUBLIC,
  PD_SERVICE_TYPE_CUSTOM,
} PdServiceType;

/* An inbound seller request's status. */
typedef enum
{
  PD_SELLER_REQUEST_STATUS_PARTNER_REVIEWING,
  PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED,
  PD_SELLER_REQUEST_STATUS_CONNECTED,
  PD_SELLER_REQUEST_STATUS_CLOSED,
  PD_SELLER_REQUEST_STATUS_REJECTED,
} PdSellerRequestStatus;

/* How a seller request reached the agency. */
typedef enum
{
  PD_REQUEST_TYPE_SELECT_PARTNERS,
  PD_REQUEST_TYPE_PLATFORM_REFERRAL,
} PdRequestType;

/* A seller's authorization of a service. */
typedef enum
{
  PD_AUTHORIZATION_STATE_ACTIVE,
  PD_AUTHORIZATION_STATE_COMPLETED,
  PD_AUTHORIZATION_STATE_CANCELED,
  PD_AUTHORIZATION_STATE_CLOSED,
} PdAuthorizationState;

/* What the platform did with a quarter's reward. */
typedef enum
{
  PD_PAYOUT_STATUS_PAID,
  PD_PAYOUT_STATUS_WITHHELD,
} PdPayoutStatus;


#define PD_TYPE_REVIEW_STATUS (pd_review_status_get_type ())
#define PD_TYPE_STORE_STATUS (pd_store_status_get_type ())
#define PD_TYPE_GOVERNANCE (pd_governance_get_type ())
#define PD_TYPE_LINK_KIND (pd_link_kind_get_type ())
#define PD_TYPE_LINK_STATE (pd_link_state_get_type ())
#define PD_TYPE_CATEGORY_STATE (pd_category_state_get_type ())
#define PD_TYPE_SERVICE_TYPE (pd_service_type_get_type ())
#define PD_TYPE_SELLER_REQUEST_STATUS (pd_seller_request_status_get_type ())
#define PD_TYPE_REQUEST_TYPE (pd_request_type_get_type ())
#define PD_TYPE_AUTHORIZATION_STATE (pd_authorization_state_get_type ())
#define PD_TYPE_PAYOUT_STATUS (pd_payout_status_get_type ())

GType        pd_review_status_get_type   (void);
gboolean     pd_review_status_parse      (const char      *text,
                                          PdReviewStatus  *out,
                                          GError         **error);
const char  *pd_review_status_to_string  (PdReviewStatus value);
const char  *pd_review_status_to_display (PdReviewStatus value);

GType        pd_store_status_get_type   (void);
gboolean     pd_store_status_parse      (const char     *text,
                                         PdStoreStatus  *out,
                                         GError        **error);
const char  *pd_store_status_to_string  (PdStoreStatus value);
const char  *pd_store_status_to_display (PdStoreStatus value);

GType        pd_governance_get_type   (void);
gboolean     pd_governance_parse      (const char    *text,
                                       PdGovernance  *out,
                                       GError       **error);
const char  *pd_governance_to_string  (PdGovernance value);
const char  *pd_governance_to_display (PdGovernance value);

GType        pd_link_kind_get_type   (void);
gboolean     pd_link_kind_parse      (const char  *text,
                                      PdLinkKind  *out,
                                      GError     **error);
const char  *pd_link_kind_to_string  (PdLinkKind value);
const char  *pd_link_kind_to_display (PdLinkKind value);

GType        pd_link_state_get_type   (void);
gboolean     pd_link_state_parse      (const char   *text,
                                       PdLinkState  *out,
                                       GError      **error);
const char  *pd_link_state_to_string  (PdLinkState value);
const char  *pd_link_state_to_display (PdLinkState value);

GType        pd_category_state_get_type   (void);
gboolean     pd_category_state_parse      (const char       *text,
                                           PdCategoryState  *out,
                                           GError          **error);
const char  *pd_category_state_to_string  (PdCategoryState value);
const char  *pd_category_state_to_display (PdCategoryState value);

GType        pd_service_type_get_type   (void);
gboolean     pd_service_type_parse      (const char     *text,
                                         PdServiceType  *out,
                                         GError        **error);
const char  *pd_service_type_to_string  (PdServiceType value);
const char  *pd_service_type_to_display (PdServiceType value);

GType        pd_seller_request_status_get_type   (void);
gboolean     pd_seller_request_status_parse      (const char             *text,
                                                  PdSellerRequestStatus  *out,
                                                  GError                **error);
const char  *pd_seller_request_status_to_string  (PdSellerRequestStatus value);
const char  *pd_seller_request_status_to_display (PdSellerRequestStatus value);

GType        pd_request_type_get_type   (void);
gboolean     pd_request_type_parse      (const char     *text,
                                         PdRequestType  *out,
                                         GError        **error);
const char  *pd_request_type_to_string  (PdRequestType value);
const char  *pd_request_type_to_display (PdRequestType value);

GType        pd_authorization_state_get_type   (void);
gboolean     pd_authorization_state_parse      (const char            *text,
                                                PdAuthorizationState  *out,
                                                GError               **error);
const char  *pd_authorization_state_to_string  (PdAuthorizationState value);
const char  *pd_authorization_state_to_display (PdAuthorizationState value);

GType        pd_payout_status_get_type   (void);
gboolean     pd_payout_status_parse      (const char      *text,
                                          PdPayoutStatus  *out,
                                          GError         **error);
const char  *pd_payout_status_to_string  (PdPayoutStatus value);
const char  *pd_payout_status_to_display (PdPayoutStatus value);

G_END_DECLS
