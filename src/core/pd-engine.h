/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-enums.h"
#include "pd-money.h"
#include "pd-rules.h"
#include "pd-stage.h"

G_BEGIN_DECLS

/* The incentive engine: pure functions from plain structs (what the
 * store knows about one seller) and an instant (as_of) to verdicts. No
 * SQL, no I/O, no clock: the same input gives the same verdicts.
 *
 * The unit of reward is the seller (merchant). A seller's entries are
 * its stores in the program's markets, or, when it has none there but
 * was invited through one of our onboarding links for the program, one
 * entry without a store (store NULL): pending while one of those links
 * can still bring a store in the period, lost once each was revoked or
 * expired at or before as_of (pd-invitation.h).
 *
 * First-store rule: among a seller's stores in the program's markets,
 * the one that counts is the one with the earliest onboarded_at; on
 * equal times, the smallest store_id (byte order, as SQLite sorts
 * text); a store without onboarded_at comes after every dated one.
 * Every other store fails first_store, whatever happens to the one that
 * counts. A store outside the program's markets is not an entry of the
 * program at all (ASSUMPTION, shown in the program's assumptions). */

typedef enum
{
  PD_CONDITION_STATE_MET,
  PD_CONDITION_STATE_UNMET,
  PD_CONDITION_STATE_FAILED,
  PD_CONDITION_STATE_NOT_APPLICABLE,
} PdConditionState;

typedef enum
{
  PD_VERDICT_QUALIFIED,
  PD_VERDICT_PENDING,
  PD_VERDICT_LOST,
} PdVerdict;


/* The seller's row on the program's target list. */
typedef struct
{
  gboolean        listed;       /* a row exists for this program */
  PdReviewStatus  review_status;
  gboolean        has_left_at;  /* dropped from the list by a --replace import */
  gint64          left_at;
} PdTargetInput;

/* The link a store's via_link names, when it is one of ours. */
typedef struct
{
  gboolean    found;
  PdLinkKind  kind;
  gint64      created_at;
  gboolean    has_revoked_at;
  gint64      revoked_at;
  gboolean    has_expires_at;   /* the platform's expiry: from then on it opens nothing */
  gint64      expires_at;
  /* Stored 'revoked' without revoked_at, or 'expired' without expires_at
   * (sync may say so): it opens nothing, whatever the instant. */
  gboolean    revoked_undated;
  gboolean    expired_undated;
} PdLinkInput;

typedef struct
{
  const char     *store_id;
  const char     *market;             /* NULL when unknown */
  gboolean        has_onboarded_at;
  gint64          onboarded_at;
  const char     *via_token;          /* NULL: not opened through a link */
  PdLinkInput     link;
  gboolean        has_first_sale_at;
  gint64          first_sale_at;
  gboolean        has_gmv;            /* settled GMV in the first 30 days */
  PdMoney         gmv;
  gboolean        has_rate;           /* CNY per unit of gmv.currency */
  PdRate          rate;
  const char     *inventory_countries; /* ";"-joined upper-case codes ("|" too), or NULL */
  PdStoreStatus   status;
  PdGovernance    governance;
  const char     *governance_reason;
} PdStoreInput;

typedef struct
{
  const char          *seller_id;
  const char          *seller_name;  /* from the target list; may be NULL */
  const char          *market;       /* from the target list or the link; may be NULL */
  PdTargetInput        target;
  gboolean             invited;      /* has an onboarding link of this program */
  /* Those onboarding links (any order), to tell whether one can still
   * bring a store (pd-invitation.h). NULL with @invited TRUE: one link,
   * never revoked, never expiring. */
  const PdLinkInput   *invitations;
  guint                n_invitations;
  const PdStoreInput  *stores;       /* in any order */
  guint                n_stores;
} PdSellerInput;

typedef struct
{
  PdConditionState  state;
  gboolean          has_deadline;
  gint64            deadline;        /* last second it can still be met */
  guint8            reason;          /* private: which detail applies */
} PdConditionResult;

/* One entry's verdict. It points into the PdSellerInput it came from:
 * valid as long as that is. */
typedef struct
{
  const PdSellerInput *seller;
  const PdStoreInput  *store;        /* NULL: invited, no store */
  const PdStoreInput  *first_store;  /* the seller's store that counts, or NULL */
  PdVerdict            verdict;
  guint                conditions;   /* PD_CONDITION_BIT()s listed for this entry */
  PdConditionResult    results[PD_N_CONDITIONS];
  PdStage              stage;
  gboolean             has_nearest_deadline;
  gint64               nearest_deadline; /* earliest deadline of an unmet condition */
  gboolean             high_risk;    /* a high-risk store we introduced in the period */
  guint                n_countries;  /* inventory countries that count */
} PdEntryVerdict;

/* Evaluates every entry of @seller as of @as_of into @out, which has
 * room for MAX (seller->n_stores, 1) entries; returns how many were
 * written (0: the seller has no entry in this program). Entries come in
 * the order of partnerdesk-cli(1): by onboarded_at (undated stores first, as
 * SQLite sorts NULL), then store_id. @rules must be a recruitment
 * program. */
guint        pd_engine_evaluate_seller   (PdRules             *rules,
                                          gint64               as_of,
                                          const PdSellerInput *seller,
                                          PdEntryVerdict      *out);

/* The human detail of one condition of an entry, appended to @out
 * (translated: "GMV CNY 640.00 of 1,000.00, 9 days left"). */
void         pd_engine_append_detail     (PdRules              *rules,
                                          gint64                as_of,
                                          const PdEntryVerdict *verdict,
                                          PdCondition           condition,
                                          GString              *out);
/* The detail when it is a fixed sentence (no figures, no dates), else
 * NULL: callers that write millions of them can cache what they make of
 * it. The string lives as long as the process. */
const char  *pd_engine_peek_detail       (const PdEntryVerdict *verdict,
                                          PdCondition           condition);
char        *pd_engine_dup_detail        (PdRules              *rules,
                                          gint64                as_of,
                                          const PdEntryVerdict *verdict,
                                          PdCondition           condition);

/* "in 9 days", "today"...: calendar days in the program's zone from
 * @as_of to @deadline, negative once it has passed. */
gint64       pd_engine_days_left         (PdRules              *rules,
                                          gint64                as_of,
                                          gint64                deadline);

/* The engine's own choices where the spec leaves room (translated
 * sentences), to show beside the program's assumptions. */
GPtrArray   *pd_engine_dup_assumptions    (void);

const char  *pd_condition_state_to_string (PdConditionState state);
const char  *pd_verdict_to_string         (PdVerdict        verdict);
const char  *pd_verdict_to_display        (PdVerdict        verdict);

/* Kind seller-benefit: one merchant's benefit window. */
typedef enum
{
  PD_BENEFIT_NOT_JOINED,  /* no store in the program's markets yet */
  PD_BENEFIT_ACTIVE,      /* joined in the period, window open */
  PD_BENEFIT_ENDED,       /* joined in the period, window over */
  PD_BENEFIT_NOT_ELIGIBLE,/* joined outside the period */
} PdBenefitState;

typedef struct
{
  const PdSellerInput *seller;
  const PdStoreInput  *store;       /* the seller's first store, or NULL */
  PdBenefitState       state;
  gint64               joined_at;   /* valid with a store */
  gint64               ends_at;     /* last second of the window */
  gint64               days_left;   /* calendar days, 0 once ended */
} PdBenefitVerdict;

/* Returns FALSE when the seller has no entry (neither listed, nor
 * invited, nor with a store in the program's markets). */
gboolean     pd_engine_evaluate_benefit  (PdRules             *rules,
                                          gint64               as_of,
                                          const PdSellerInput *seller,
                                          PdBenefitVerdict    *out);
const char  *pd_benefit_state_to_string  (PdBenefitState       state);

G_END_DECLS
