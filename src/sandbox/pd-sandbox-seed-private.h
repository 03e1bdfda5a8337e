/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-sandbox-db.h"
#include "pd-sandbox-names.h"

G_BEGIN_DECLS

/* Shared between pd-sandbox-seed.c (the deterministic demo agency),
 * pd-sandbox-seed-now.c (what the demo places relative to the moment of
 * seeding: the current quarter's programs, seller requests and
 * authorizations) and pd-sandbox-seed-past.c (the template program's
 * quarter, once it is over, and its payouts). */

#define PD_SANDBOX_SEED_DAY ((gint64) 24 * 3600)

/* The programs data/programs ships for Q1 2026: the demo's current
 * quarter's programs are generated from them (same rules, another id,
 * name and period). */
#define PD_SANDBOX_RECRUITMENT_TEMPLATE "eu-jp-pop-partner-2026q1"
#define PD_SANDBOX_BENEFIT_TEMPLATE "us-top-2026q1"

typedef struct
{
  char *store_id;
  char *seller_id;
  char *market;
  char *contact_name;
  char *contact_email;
  char *stage;
} PdSandboxStoreRef;

typedef struct
{
  PdSandboxDb *db;
  GRand       *rand;
  gint64       now;
  gint64       period_start;   /* the current quarter, platform time */
  gint64       period_end;
  char        *recruitment_id; /* eu-jp-pop-partner-<year>q<n> */
  char        *benefit_id;     /* us-top-<year>q<n> */
  JsonObject  *base_urls;
  GHashTable  *seller_ids;     /* every seller id used, for uniqueness */
  GPtrArray   *targets;        /* Target (pd-sandbox-seed.c) */
  GPtrArray   *stores;         /* PdSandboxStoreRef */
} PdSandboxSeed;

/* The calendar quarter that contains @now in platform time
 * (Asia/Shanghai): its year, number (1 to 4), first and last second. */
void      pd_sandbox_seed_quarter            (gint64          now,
                                              int            *year_out,
                                              int            *quarter_out,
                                              gint64         *start_out,
                                              gint64         *end_out);

/* "eu-jp-pop-partner-2026q4" from the template's id, for @now. */
char     *pd_sandbox_seed_program_id         (const char     *template_id,
                                              gint64          now);

/* Puts the program files of @programs_dir (sorted by name) and the
 * current quarter's programs made from the two templates; a file whose
 * id is a generated one is left out. */
gboolean  pd_sandbox_seed_programs           (PdSandboxSeed  *seed,
                                              const char     *programs_dir,
                                              GError        **error);

gboolean  pd_sandbox_seed_put                (PdSandboxSeed  *seed,
                                              const char     *type,
                                              const char     *id,
                                              JsonObject     *data,
                                              GError        **error);
const char *pd_sandbox_seed_staff            (PdSandboxSeed  *seed);

gboolean  pd_sandbox_seed_seller_requests    (PdSandboxSeed  *seed,
                                              GError        **error);
gboolean  pd_sandbox_seed_authorizations     (PdSandboxSeed  *seed,
                                              GError        **error);

/* Objects of pd-sandbox-seed.c, drawing from @seed's GRand. */

/* A seller id no other object of the seed has. */
char       *pd_sandbox_seed_seller_id         (PdSandboxSeed  *seed);
/* "<program_id>:<seller_id>", a target_merchant's id. */
char       *pd_sandbox_seed_target_id         (const char     *program_id,
                                               const char     *seller_id);
JsonObject *pd_sandbox_seed_target_data       (const PdSandboxMerchant *merchant,
                                               const char     *market,
                                               const char     *review_status,
                                               const char     *program_id);
/* An onboarding link; @used_at, @expires_at, @revoked_at 0: none. */
gboolean    pd_sandbox_seed_put_link          (PdSandboxSeed  *seed,
                                               const char     *token,
                                               const char     *market,
                                               const char     *seller_id,
                                               const char     *program_id,
                                               const char     *state,
                                               gint64          created_at,
                                               gint64          used_at,
                                               gint64          expires_at,
                                               gint64          revoked_at,
                                               GError        **error);
/* CNY fen as an amount of @currency at the seed's rates (rounded down). */
char       *pd_sandbox_seed_amount_from_cny   (gint64          cny_fen,
                                               const char     *currency);
/* Inventory countries of a store of @market: @counted of those the
 * inventory rule counts (EU), sometimes one it does not. */
JsonArray  *pd_sandbox_seed_countries         (PdSandboxSeed  *seed,
                                               const char     *market,
                                               guint           counted);
/* A store report without sales yet (settled GMV zero). */
JsonObject *pd_sandbox_seed_store_data        (const char     *store_id,
                                               const char     *seller_id,
                                               const char     *market,
                                               gint64          onboarded_at,
                                               const char     *via_link,
                                               const char     *currency,
                                               JsonArray      *countries,
                                               const char     *status,
                                               const char     *governance,
                                               const char     *governance_reason);

/* The template recruitment program's own quarter (Q1 2026), when @seed's
 * moment is after it: its targets, links and stores, and, once the
 * platform has paid (after the sales windows closed), its payout records
 * derived from them. Nothing while that quarter is current or to come. */
gboolean    pd_sandbox_seed_past_quarter      (PdSandboxSeed  *seed,
                                               GError        **error);

G_END_DECLS
