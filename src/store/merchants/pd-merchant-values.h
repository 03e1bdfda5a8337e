/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A materialized merchant row's values, from the engine's verdict on a
 * seller and what the store says of it besides (pd-merchant-values.c);
 * shared by the refresh (pd-merchant-refresh.c) and the in-place update
 * of a few sellers (pd-merchant-update.c). Private to src/store. */

#include <sqlite3.h>

#include "pd-engine.h"
#include "pd-rules.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* The row columns after id, program_id, seller_id, store_id, doc_hash,
 * in the table's order (pd-merchant-schema.h). */
enum
{
  V_SELLER_NAME,
  V_NAME_KEY,
  V_MARKET,
  V_STAGE,
  V_VERDICT,
  V_DEADLINE,
  V_GMV_MINOR,
  V_GMV_CURRENCY,
  V_GMV_CNY,
  V_GMV_THRESHOLD,
  V_GMV_PERMILLE,
  V_COUNTRIES,
  V_COUNTRIES_NEEDED,
  V_STAFF,
  V_LINK_TOKEN,
  V_LINK_URL,
  V_LINK_STATE,
  V_LINK_CREATED_AT,
  V_LINK_RANK,
  N_VALUES
};

#define VALUE_COLUMNS \
  "seller_name, name_key, market, stage, verdict, deadline, gmv_minor, gmv_currency," \
  " gmv_cny, gmv_threshold, gmv_permille, countries, countries_needed, staff, link_token," \
  " link_url, link_state, link_created_at, link_rank"

typedef struct
{
  int         type;   /* SQLITE_NULL, SQLITE_INTEGER or SQLITE_TEXT */
  gint64      i;
  const char *s;
} Cell;

typedef struct
{
  const char *program_id;
  const char *seller_id;
  const char *store_id;
  gint64      doc_hash;
  gsize       doc_store;  /* bytes of the doc before the store's words */
  Cell        v[N_VALUES];
} Values;

/* What a row shows besides the engine's verdict: the seller's details on
 * the program's target list, its current onboarding link of the program
 * and its assignee. Strings live in the maker's scratch chunk. */
typedef struct
{
  const char *brand;
  const char *contact_name;
  const char *contact_email;
  const char *contact_phone;
  const char *link_token;
  const char *link_url;
  const char *link_state;     /* effective */
  const char *link_staff;
  gint64      link_created_at;
  const char *assignee;
} Extras;

typedef struct
{
  PdRules      *rules;
  gint64        as_of;
  GString      *doc;
  GStringChunk *scratch;      /* cleared per seller */
  GArray       *verdicts;
  gint64        valid_until;  /* 0: none yet */
} Maker;

#define DETAILS_SQL \
  "SELECT seller_id, brand, contact_name, contact_email, contact_phone FROM target_merchants" \
  " WHERE program_id = ?1"
/* A link's state as the Links page shows it: "used" once a store names it. */
#define LINKS_SQL \
  "SELECT seller_id, token, url, " PD_STORE_LINK_STATE_SQL ", staff, created_at, expires_at FROM links" \
  " WHERE program_id = ?1 AND kind = 'onboarding'"
/* The same rows for the passes in seller order, with the stored state
 * (link_state_with_use() finds the stores that name a link among the
 * seller's own rather than by one index search per link), from the index
 * links_seller alone: the url and the staff (not in it) are NULL here,
 * and read by LINK_DETAILS_SQL for the link a seller's row shows, not
 * with a search of the table for each link the pass steps over. */
#define LINKS_INDEXED_SQL \
  "SELECT seller_id, token, NULL, links.state, NULL, created_at, expires_at FROM links" \
  " WHERE program_id = ?1 AND kind = 'onboarding'"
#define LINK_DETAILS_SQL "SELECT url, staff FROM links WHERE token = ?1"
#define USED_TOKEN_SQL "SELECT EXISTS (SELECT 1 FROM stores WHERE via_token = ?1)"
#define NOTES_SQL \
  "SELECT seller_id, assignee FROM merchant_notes WHERE assignee IS NOT NULL AND assignee != ''"

void pd_merchant_maker_init (Maker   *m,
                             PdRules *rules,
                             gint64   as_of);

void pd_merchant_maker_clear (Maker *m);

void pd_merchant_note_validity (Maker               *m,
                                const PdSellerInput *seller,
                                const PdEntryVerdict *verdicts,
                                guint                n);

gboolean pd_merchant_is_current_target (const PdSellerInput *seller,
                                        gint64               as_of);

void pd_merchant_make_values (Maker                *m,
                              const char           *program_id,
                              const PdSellerInput  *seller,
                              const PdEntryVerdict *v,
                              const Extras         *x,
                              Values               *out);

void pd_merchant_bind_cell (sqlite3_stmt *stmt,
                            int           index,
                            const Cell   *c);

gboolean pd_merchant_cell_equals_column (const Cell   *c,
                                         sqlite3_stmt *stmt,
                                         int           column);

gboolean pd_merchant_text_equals_column (const char   *s,
                                         sqlite3_stmt *stmt,
                                         int           column);

void pd_merchant_extras_take_details (Maker        *m,
                                      Extras       *x,
                                      sqlite3_stmt *stmt);

void pd_merchant_extras_take_link (Maker        *m,
                                   Extras       *x,
                                   sqlite3_stmt *stmt,
                                   const char   *stored_state);

/* The url and staff of @x's link, by LINK_DETAILS_SQL (*@stmt, prepared
 * on @reader the first time). */
gboolean pd_merchant_extras_read_link_details (Maker          *m,
                                               Extras         *x,
                                               PdStore        *reader,
                                               sqlite3_stmt  **stmt,
                                               GError        **error);

void pd_merchant_extras_take_assignee (Maker        *m,
                                       Extras       *x,
                                       sqlite3_stmt *stmt);

G_END_DECLS
