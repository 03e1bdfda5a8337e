/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-sandbox-db.h"

G_BEGIN_DECLS

/* Shared between pd-sandbox-seed.c (the deterministic demo agency) and
 * pd-sandbox-seed-now.c (what the demo places relative to the moment of
 * seeding: the current quarter's programs, seller requests and
 * authorizations). */

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

G_END_DECLS
