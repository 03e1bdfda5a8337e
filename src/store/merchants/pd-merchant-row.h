/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-engine.h"

G_BEGIN_DECLS

/* One row of the Merchants page: an entry of a recruitment program as
 * the engine judged it (a store, or an invited seller without one), or
 * a seller on the program's target list that is no entry yet. */

/* The engine's verdict, or NONE for a seller that is not an entry. */
typedef enum
{
  PD_MERCHANT_VERDICT_QUALIFIED = PD_VERDICT_QUALIFIED,
  PD_MERCHANT_VERDICT_PENDING   = PD_VERDICT_PENDING,
  PD_MERCHANT_VERDICT_LOST      = PD_VERDICT_LOST,
  PD_MERCHANT_VERDICT_NONE,
  PD_MERCHANT_N_VERDICTS
} PdMerchantVerdict;

/* The columns, in the page's order; each can sort. */
typedef enum
{
  PD_MERCHANT_COLUMN_SELLER,
  PD_MERCHANT_COLUMN_MARKET,
  PD_MERCHANT_COLUMN_STAGE,
  PD_MERCHANT_COLUMN_VERDICT,
  PD_MERCHANT_COLUMN_DEADLINE,
  PD_MERCHANT_COLUMN_GMV,
  PD_MERCHANT_COLUMN_INVENTORY,
  PD_MERCHANT_COLUMN_STAFF,
  PD_MERCHANT_COLUMN_LINK,
  PD_MERCHANT_N_COLUMNS
} PdMerchantColumn;

/* How the link column sorts: no link first, then by state. */
typedef enum
{
  PD_MERCHANT_LINK_NONE,
  PD_MERCHANT_LINK_ACTIVE,
  PD_MERCHANT_LINK_USED,
  PD_MERCHANT_LINK_EXPIRED,
  PD_MERCHANT_LINK_REVOKED,
} PdMerchantLinkRank;

typedef struct
{
  gint64             id;
  char              *program_id;
  char              *seller_id;
  char              *store_id;         /* NULL: no store */
  char              *seller_name;      /* NULL: not on a target list */
  char              *market;
  PdStage            stage;            /* stored as its pd_stage_to_position() */
  PdMerchantVerdict  verdict;
  gboolean           has_deadline;
  gint64             deadline;         /* nearest deadline of an unmet condition */
  gboolean           has_gmv;          /* settled GMV known */
  gint64             gmv_minor;
  char               gmv_currency[4];
  gboolean           has_gmv_cny;      /* ... and converted (a rate exists) */
  gint64             gmv_cny;          /* CNY fen, rounded: display only */
  gboolean           has_threshold;
  gint64             gmv_threshold;    /* CNY fen */
  int                countries;        /* -1: the inventory rule does not apply */
  int                countries_needed;
  char              *staff;            /* the assignee, else who sent the link */
  char              *link_token;       /* the seller's current onboarding link */
  char              *link_url;
  char              *link_state;       /* effective state */
  gint64             link_created_at;
} PdMerchantRow;

#define PD_TYPE_MERCHANT_ROW (pd_merchant_row_get_type ())

GType          pd_merchant_row_get_type        (void) G_GNUC_CONST;
PdMerchantRow *pd_merchant_row_copy            (const PdMerchantRow *row);
void           pd_merchant_row_free            (PdMerchantRow       *row);

const char    *pd_merchant_verdict_to_string   (PdMerchantVerdict    verdict);
const char    *pd_merchant_verdict_to_display  (PdMerchantVerdict    verdict);
gboolean       pd_merchant_verdict_from_string (const char          *text,
                                                PdMerchantVerdict   *out);
const char    *pd_merchant_column_to_string    (PdMerchantColumn     column);
gboolean       pd_merchant_column_from_string  (const char          *text,
                                                PdMerchantColumn    *out);


PdMerchantLinkRank pd_merchant_link_rank       (const char          *effective_state);

/* The Seller column's sort key of a name: case folded, then the primary
 * level of the user's collation (LC_COLLATE) as g_utf8_collate_key()
 * gives it, so that byte order is the locale's alphabetic order:
 * Chinese names by pinyin under zh_CN (glibc's zh_CN collation),
 * accented letters beside their base letters elsewhere. Under a C
 * collation, the folded name itself. */
char          *pd_merchant_name_key            (const char          *name);

/* Which collation the keys were made in (a hash of LC_COLLATE's name):
 * the rows are rebuilt when it is not the process's. */
gint64         pd_merchant_collation_id        (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMerchantRow, pd_merchant_row_free)

G_END_DECLS
