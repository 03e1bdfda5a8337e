/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-enums.h"
#include "pd-money.h"
#include "pd-program.h"

G_BEGIN_DECLS

/* The rules of one program, read from its JSON (src/core/README.md) into
 * plain values for the engine: every date boundary already turned into
 * an instant in the program's time zone, every amount exact.
 *
 * A PdRules is immutable once made, except for a small cache of the
 * zone's offsets behind the time helpers below: use one PdRules from
 * one thread at a time (each reader makes its own with pd_rules_new()). */

#define PD_RULES_ERROR (pd_rules_error_quark ())

typedef enum
{
  PD_RULES_ERROR_INVALID,
  PD_RULES_ERROR_UNSUPPORTED,
} PdRulesError;

/* The conditions of a recruitment program, in the order they are listed
 * in every entry (partnerdesk-cli(1)). */
typedef enum
{
  PD_CONDITION_TARGET,
  PD_CONDITION_LINK,
  PD_CONDITION_ONBOARDED,
  PD_CONDITION_SALES,
  PD_CONDITION_INVENTORY,
  PD_CONDITION_STATUS,
  PD_CONDITION_FIRST_STORE,
  PD_N_CONDITIONS
} PdCondition;

#define PD_CONDITION_BIT(c) (1u << (c))

typedef struct _PdRulesCache PdRulesCache;

typedef struct
{
  /*< read-only >*/
  char           *program_id;
  char           *program_name;
  PdProgramKind   kind;
  char           *timezone_id;
  GTimeZone      *timezone;
  char           *period_start_date;   /* "2026-01-01" as in the file */
  char           *period_end_date;
  gint64          period_start;        /* first second of the first day */
  gint64          period_end;          /* last second of the last day (inclusive) */
  char          **markets;             /* the markets the program covers */

  /* kind recruitment */
  PdMoney         reward;              /* per qualified merchant */
  guint           conditions;          /* PD_CONDITION_BIT()s the file lists */
  PdReviewStatus  target_review_status;
  guint           sales_window_days;
  PdMoney         sales_min_gmv;       /* always CNY: rates are CNY per unit */
  gboolean        sales_strictly_greater;
  char          **inventory_markets;   /* markets the inventory rule applies to */
  char          **inventory_countries; /* the countries that count */
  guint           inventory_min_countries;
  guint           status_allowed;      /* 1 << PdStoreStatus for each allowed one */
  PdFraction      high_risk_paid_fraction;

  /* kind seller-benefit: the benefit window after joining, in days */
  guint           benefit_days;

  char          **assumptions;

  /*< private >*/
  gint            ref_count;
  PdRulesCache   *cache;
} PdRules;

GQuark       pd_rules_error_quark        (void);

PdRules     *pd_rules_new                (PdProgram     *program,
                                          GError       **error);
PdRules     *pd_rules_ref                (PdRules       *rules);
void         pd_rules_unref              (PdRules       *rules);

const char  *pd_condition_to_string      (PdCondition    condition);
/* "Target list", "Onboarding link"...: the checklist's and the payout
 * review's name of a condition, translated. */
const char  *pd_condition_to_display     (PdCondition    condition);

gboolean     pd_rules_has_condition      (const PdRules *rules,
                                          PdCondition    condition);
/* NULL or empty @market (not known) is covered. */
gboolean     pd_rules_covers_market      (const PdRules *rules,
                                          const char    *market);
gboolean     pd_rules_inventory_applies  (const PdRules *rules,
                                          const char    *market);
/* Whether @code (upper case) is one of the inventory countries. */
gboolean     pd_rules_counts_country     (const PdRules *rules,
                                          const char    *code,
                                          gsize          length);

/* Time in the program's zone. */
gint32       pd_rules_offset_at          (PdRules       *rules,
                                          gint64         unix_seconds);
/* Days since 1970-01-01 of the local date of @unix_seconds. */
gint64       pd_rules_local_day          (PdRules       *rules,
                                          gint64         unix_seconds);
/* The same local time @days calendar days later (a day is 23 or 25
 * hours across a DST change); a local time that does not exist moves
 * forward by the gap, one that happens twice is the earlier. */
gint64       pd_rules_add_days           (PdRules       *rules,
                                          gint64         unix_seconds,
                                          int            days);
/* "2026-03-31" (11 bytes with the NUL). */
void         pd_rules_format_date        (PdRules       *rules,
                                          gint64         unix_seconds,
                                          char           out[16]);
/* "2026-03-31T23:59:59+08:00" (26 bytes with the NUL). */
void         pd_rules_format_time        (PdRules       *rules,
                                          gint64         unix_seconds,
                                          char           out[32]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdRules, pd_rules_unref)

G_END_DECLS
