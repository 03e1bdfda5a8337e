/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by pd-engine.c (the evaluation) and pd-engine-detail.c (the
 * human details of its results). */

/* Why a condition is in its state: picks the detail sentence. */
enum
{
  R_NONE,

  R_TARGET_APPROVED,
  R_TARGET_PENDING,
  R_TARGET_REJECTED,
  R_TARGET_ABSENT,
  R_TARGET_LEFT,

  R_LINK_OURS,
  R_LINK_REVOKED_LATER,
  R_LINK_NONE,
  R_LINK_NOT_OURS,
  R_LINK_AUTHORIZATION,
  R_LINK_REVOKED_BEFORE,
  R_LINK_EXPIRED_BEFORE,

  R_ONBOARDED_IN_PERIOD,
  R_ONBOARDED_BEFORE,
  R_ONBOARDED_AFTER,
  R_ONBOARDED_NOT_YET,
  R_ONBOARDED_LINK_EXPIRES,  /* invited: not yet, and our last live link expires first */
  R_ONBOARDED_NO_LINK,       /* invited: no link of ours can bring a store any more */

  R_SALES_GMV,
  R_SALES_NO_RATE,
  R_SALES_NOT_OPEN,

  R_INVENTORY_NOT_REQUIRED,
  R_INVENTORY_COUNTRIES,

  R_STATUS_ALLOWED,
  R_STATUS_NOT_ALLOWED,
  R_STATUS_HIGH_RISK,

  R_FIRST_STORE_YES,
  R_FIRST_STORE_NO,
};
