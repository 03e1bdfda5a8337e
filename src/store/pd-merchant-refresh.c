/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "pd-link.h"
#include "pd-merchant-bits.h"
#include "pd-merchant-refresh.h"
#include "pd-merchant-row.h"
#include "pd-merchant-schema.h"
#include "pd-merchant-seller.h"
#include "pd-merchant-text.h"
#include "pd-store-entries.h"
#include "pd-store-links.h"
#include "pd-store-private.h"

/* A rebuild commits every this many rows, an in-place refresh every this
 * many updates: each transaction holds the store's write lock for well
 * under a second, so an import or a new link waits at most that long. */
#define ROWS_PER_TRANSACTION    20000
#define UPDATES_PER_TRANSACTION 4096

/* A rebuild marks merchant_state "building" with its heartbeat; another
 * process takes over one silent for this long (it crashed). */
#define BUILD_STALE_SECONDS 120

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

static void
maker_init (Maker   *m,
            PdRules *rules,
            gint64   as_of)
{
  memset (m, 0, sizeof *m);
  m->rules = rules;
  m->as_of = as_of;
  m->doc = g_string_sized_new (256);
  m->scratch = g_string_chunk_new (4096);
  m->verdicts = g_array_new (FALSE, TRUE, sizeof (PdEntryVerdict));
}

static void
maker_clear (Maker *m)
{
  g_string_free (m->doc, TRUE);
  g_string_chunk_free (m->scratch);
  g_array_unref (m->verdicts);
}

static inline void
cell_null (Cell *c)
{
  c->type = SQLITE_NULL;
  c->i = 0;
  c->s = NULL;
}

static inline void
cell_int (Cell   *c,
          gint64  i)
{
  c->type = SQLITE_INTEGER;
  c->i = i;
  c->s = NULL;
}

static inline void
cell_text (Cell       *c,
           const char *s)
{
  if (s == NULL)
    cell_null (c);
  else
    {
      c->type = SQLITE_TEXT;
      c->i = 0;
      c->s = s;
    }
}

static void
note_time (Maker  *m,
           gint64  t)
{
  if (t > m->as_of && (m->valid_until == 0 || t < m->valid_until))
    m->valid_until = t;
}

/* When, after as_of, something the verdicts depend on happens by itself:
 * a pending entry's nearest deadline passes, a store's recorded opening
 * or first sale comes, the seller leaves the list. */
static void
note_validity (Maker               *m,
               const PdSellerInput *seller,
               const PdEntryVerdict *verdicts,
               guint                n)
{
  for (guint i = 0; i < n; i++)
    if (verdicts[i].verdict == PD_VERDICT_PENDING && verdicts[i].has_nearest_deadline)
      note_time (m, verdicts[i].nearest_deadline + 1);
  for (guint i = 0; i < seller->n_stores; i++)
    {
      if (seller->stores[i].has_onboarded_at)
        note_time (m, seller->stores[i].onboarded_at);
      if (seller->stores[i].has_first_sale_at)
        note_time (m, seller->stores[i].first_sale_at);
    }
  if (seller->target.listed && seller->target.has_left_at)
    note_time (m, seller->target.left_at);
}

/* Whether a listed seller without entries still shows as a target. */
static gboolean
is_current_target (const PdSellerInput *seller,
                   gint64               as_of)
{
  return seller->target.listed && !(seller->target.has_left_at && seller->target.left_at <= as_of);
}

static void
make_values (Maker                *m,
             const char           *program_id,
             const PdSellerInput  *seller,
             const PdEntryVerdict *v,
             const Extras         *x,
             Values               *out)
{
  PdRules *rules = m->rules;
  const PdStoreInput *store = v != NULL ? v->store : NULL;
  const char *name = seller->seller_name;
  g_autofree char *key = g_utf8_casefold (name != NULL ? name : seller->seller_id, -1);
  const char *market;
  const char *staff;

  memset (out, 0, sizeof *out);
  out->program_id = program_id;
  out->seller_id = seller->seller_id;
  out->store_id = store != NULL ? store->store_id : NULL;

  g_string_truncate (m->doc, 0);
  pd_merchant_text_append_words (m->doc, name);
  pd_merchant_text_append_words (m->doc, seller->seller_id);
  pd_merchant_text_append_words (m->doc, x->brand);
  pd_merchant_text_append_words (m->doc, x->contact_name);
  pd_merchant_text_append_words (m->doc, x->contact_email);
  pd_merchant_text_append_words (m->doc, x->contact_phone);
  if (store != NULL)
    pd_merchant_text_append_words (m->doc, store->store_id);
  out->doc_hash = (gint64) pd_merchant_text_hash (m->doc->str, m->doc->len);

  cell_text (&out->v[V_SELLER_NAME], name);
  cell_text (&out->v[V_NAME_KEY], g_string_chunk_insert (m->scratch, key));
  market = store != NULL && store->market != NULL ? store->market : seller->market;
  cell_text (&out->v[V_MARKET], market);

  if (v == NULL)
    {
      cell_int (&out->v[V_STAGE], PD_MERCHANT_STAGE_TARGET);
      cell_int (&out->v[V_VERDICT], PD_MERCHANT_VERDICT_NONE);
      cell_null (&out->v[V_DEADLINE]);
    }
  else
    {
      cell_int (&out->v[V_STAGE], pd_merchant_stage_for_entry (v));
      cell_int (&out->v[V_VERDICT], v->verdict);
      if (v->has_nearest_deadline)
        cell_int (&out->v[V_DEADLINE], v->nearest_deadline);
      else
        cell_null (&out->v[V_DEADLINE]);
    }

  cell_null (&out->v[V_GMV_MINOR]);
  cell_null (&out->v[V_GMV_CURRENCY]);
  cell_null (&out->v[V_GMV_CNY]);
  cell_null (&out->v[V_GMV_THRESHOLD]);
  cell_null (&out->v[V_GMV_PERMILLE]);
  if (pd_rules_has_condition (rules, PD_CONDITION_SALES) && rules->sales_min_gmv.minor > 0)
    cell_int (&out->v[V_GMV_THRESHOLD], rules->sales_min_gmv.minor);
  if (store != NULL)
    {
      gboolean converted = FALSE;
      PdMoney cny = { 0, "CNY" };

      if (store->has_gmv)
        {
          cell_int (&out->v[V_GMV_MINOR], store->gmv.minor);
          cell_text (&out->v[V_GMV_CURRENCY], g_string_chunk_insert (m->scratch, store->gmv.currency));
          if (strcmp (store->gmv.currency, "CNY") == 0 || store->has_rate)
            converted = pd_money_convert_to_cny_rounded (&store->gmv, &store->rate, &cny, NULL);
          if (converted)
            cell_int (&out->v[V_GMV_CNY], cny.minor);
        }
      else
        converted = TRUE;   /* no sale recorded: nothing yet */

      if (converted && out->v[V_GMV_THRESHOLD].type == SQLITE_INTEGER)
        {
          gint64 threshold = out->v[V_GMV_THRESHOLD].i;
          gint64 permille = cny.minor <= 0 ? 0 :
                            cny.minor >= threshold * 1000 ? 1000000 :
                            cny.minor * 1000 / threshold;

          cell_int (&out->v[V_GMV_PERMILLE], permille);
        }
    }

  if (v != NULL && (v->conditions & PD_CONDITION_BIT (PD_CONDITION_INVENTORY)) &&
      v->results[PD_CONDITION_INVENTORY].state != PD_CONDITION_STATE_NOT_APPLICABLE)
    {
      cell_int (&out->v[V_COUNTRIES], v->n_countries);
      cell_int (&out->v[V_COUNTRIES_NEEDED], rules->inventory_min_countries);
    }
  else
    {
      cell_null (&out->v[V_COUNTRIES]);
      cell_null (&out->v[V_COUNTRIES_NEEDED]);
    }

  staff = x->assignee != NULL ? x->assignee : x->link_staff;
  cell_text (&out->v[V_STAFF], staff);
  cell_text (&out->v[V_LINK_TOKEN], x->link_token);
  cell_text (&out->v[V_LINK_URL], x->link_url);
  cell_text (&out->v[V_LINK_STATE], x->link_token != NULL ? x->link_state : NULL);
  if (x->link_token != NULL)
    cell_int (&out->v[V_LINK_CREATED_AT], x->link_created_at);
  else
    cell_null (&out->v[V_LINK_CREATED_AT]);
  cell_int (&out->v[V_LINK_RANK], x->link_token != NULL ? pd_merchant_link_rank (x->link_state) : 0);
}

static void
bind_cell (sqlite3_stmt *stmt,
           int           index,
           const Cell   *c)
{
  switch (c->type)
    {
    case SQLITE_INTEGER:
      sqlite3_bind_int64 (stmt, index, c->i);
      break;
    case SQLITE_TEXT:
      sqlite3_bind_text (stmt, index, c->s, -1, SQLITE_STATIC);
      break;
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}

static gboolean
cell_equals_column (const Cell   *c,
                    sqlite3_stmt *stmt,
                    int           column)
{
  int type = sqlite3_column_type (stmt, column);

  if (c->type == SQLITE_NULL || type == SQLITE_NULL)
    return c->type == type;
  if (c->type == SQLITE_INTEGER)
    return type == SQLITE_INTEGER && sqlite3_column_int64 (stmt, column) == c->i;
  return type == SQLITE_TEXT && strcmp ((const char *) sqlite3_column_text (stmt, column), c->s) == 0;
}

static gboolean
text_equals_column (const char   *s,
                    sqlite3_stmt *stmt,
                    int           column)
{
  const char *t = (const char *) sqlite3_column_text (stmt, column);

  return g_strcmp0 (s, t) == 0;
}

/* Extras from rows ---------------------------------------------------------- */

/* Details: (seller_id, brand, contact_name, contact_email, contact_phone). */
static void
extras_take_details (Maker        *m,
                     Extras       *x,
                     sqlite3_stmt *stmt)
{
  const char *fields[4];

  for (int i = 0; i < 4; i++)
    {
      const char *t = (const char *) sqlite3_column_text (stmt, i + 1);

      fields[i] = t != NULL && *t != '\0' ? g_string_chunk_insert (m->scratch, t) : NULL;
    }
  x->brand = fields[0];
  x->contact_name = fields[1];
  x->contact_email = fields[2];
  x->contact_phone = fields[3];
}

/* One onboarding link of the program (seller_id, token, url, state,
 * staff, created_at, expires_at), in @stored_state ('used' included):
 * the row shows the newest active one, else the newest; equal times by
 * token. */
static void
extras_take_link (Maker        *m,
                  Extras       *x,
                  sqlite3_stmt *stmt,
                  const char   *stored_state)
{
  const char *token = (const char *) sqlite3_column_text (stmt, 1);
  const char *state = pd_link_effective_state (stored_state, sqlite3_column_int64 (stmt, 6), m->as_of);
  gint64 created_at = sqlite3_column_int64 (stmt, 5);
  gboolean active = g_strcmp0 (state, "active") == 0;
  gboolean better;

  if (token == NULL)
    return;
  if (x->link_token == NULL)
    better = TRUE;
  else
    {
      gboolean best_active = g_strcmp0 (x->link_state, "active") == 0;

      better = active != best_active ? active :
               created_at != x->link_created_at ? created_at > x->link_created_at :
               strcmp (token, x->link_token) > 0;
    }
  if (!better)
    return;

  x->link_token = g_string_chunk_insert (m->scratch, token);
  x->link_url = sqlite3_column_text (stmt, 2) != NULL && sqlite3_column_bytes (stmt, 2) > 0 ?
                g_string_chunk_insert (m->scratch, (const char *) sqlite3_column_text (stmt, 2)) : NULL;
  x->link_state = state != NULL ? g_string_chunk_insert (m->scratch, state) : "active";
  x->link_staff = sqlite3_column_text (stmt, 4) != NULL && sqlite3_column_bytes (stmt, 4) > 0 ?
                  g_string_chunk_insert (m->scratch, (const char *) sqlite3_column_text (stmt, 4)) : NULL;
  x->link_created_at = created_at;
}

/* (seller_id, assignee) */
static void
extras_take_assignee (Maker        *m,
                      Extras       *x,
                      sqlite3_stmt *stmt)
{
  const char *t = (const char *) sqlite3_column_text (stmt, 1);

  x->assignee = t != NULL && *t != '\0' ? g_string_chunk_insert (m->scratch, t) : NULL;
}

#define DETAILS_SQL \
  "SELECT seller_id, brand, contact_name, contact_email, contact_phone FROM target_merchants" \
  " WHERE program_id = ?1"
/* A link's state as the Links page shows it: "used" once a store names it. */
#define LINKS_SQL_WITH(state) \
  "SELECT seller_id, token, url, " state ", staff, created_at, expires_at FROM links" \
  " WHERE program_id = ?1 AND kind = 'onboarding'"
#define LINKS_SQL LINKS_SQL_WITH (PD_STORE_LINK_STATE_SQL)
/* The stored state, for the rebuild's merge: link_state_with_use() finds
 * the stores that name a link among the seller's own rather than by one
 * index search per link. */
#define LINKS_RAW_STATE_SQL LINKS_SQL_WITH ("links.state")
#define USED_TOKEN_SQL "SELECT EXISTS (SELECT 1 FROM stores WHERE via_token = ?1)"
#define NOTES_SQL \
  "SELECT seller_id, assignee FROM merchant_notes WHERE assignee IS NOT NULL AND assignee != ''"

/* State ------------------------------------------------------------------------ */

gboolean
pd_merchant_state_read (PdStore          *store,
                        PdMerchantState  *state,
                        GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  memset (state, 0, sizeof *state);
  stmt = pd_store_prepare (store, "SELECT key, value FROM merchant_state", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);
      gint64 n = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;

      if (g_strcmp0 (key, "current") == 0)
        state->current = n == 1 ? 1 : 0;
      else if (g_strcmp0 (key, "generation") == 0)
        state->generation = (guint64) n;
      else if (g_strcmp0 (key, "as_of") == 0)
        state->as_of = n;
      else if (g_strcmp0 (key, "valid_until") == 0)
        state->valid_until = n;
      else if (g_strcmp0 (key, "rows") == 0)
        state->rows = (guint64) n;
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the Merchants page’s state"));
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_merchant_store_has_merchants (PdStore   *store,
                                 gboolean  *has_out,
                                 GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  stmt = pd_store_prepare (store,
                           "SELECT EXISTS (SELECT 1 FROM target_merchants)"
                           "    OR EXISTS (SELECT 1 FROM stores)"
                           "    OR EXISTS (SELECT 1 FROM links WHERE seller_id IS NOT NULL)",
                           error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("looking for merchants"));
      return FALSE;
    }
  *has_out = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

static gboolean
state_set (PdStore     *store,
           const char  *key,
           gint64       value,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char text[24];

  stmt = pd_store_prepare (store,
                           "INSERT INTO merchant_state (key, value) VALUES (?1, ?2)"
                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    return FALSE;
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("writing the Merchants page’s state"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
state_delete (PdStore     *store,
              const char  *key,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, "DELETE FROM merchant_state WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("writing the Merchants page’s state"));
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
list_recruitment_programs (PdStore  *store,
                           GError  **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT id FROM programs WHERE kind = 'recruitment' ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("listing programs"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* The sellers on the programs' target lists: about how many sellers a
 * rebuild meets, for its progress. */
static guint64
count_listed_sellers (PdStore    *store,
                      GPtrArray  *programs)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, "SELECT count(*) FROM target_merchants"
                                                          " WHERE program_id = ?1", NULL);
  guint64 n = 0;

  if (stmt == NULL)
    return 0;
  for (guint i = 0; i < programs->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, programs->pdata[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n += (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);
    }
  return n;
}

/* The refresh ------------------------------------------------------------------ */

typedef enum
{
  MODE_MERGE,
  MODE_BUILD,
} Mode;

typedef struct
{
  sqlite3_stmt *stmt;
  gboolean      have;
} Cursor;

typedef struct
{
  PdStore        *reader;
  PdStore        *writer;
  GCancellable   *cancellable;
  gint           *progress;      /* thousandths, or NULL */
  guint64         expected;      /* sellers the stream should meet; 0: unknown */
  gint64          as_of;
  Mode            mode;
  const char     *set;           /* the set written: "0" or "1" */
  Maker           maker;
  const char     *program_id;

  Cursor          details;
  Cursor          links;         /* LINKS_RAW_STATE_SQL */
  Cursor          notes;
  sqlite3_stmt   *used_token;    /* USED_TOKEN_SQL */

  /* MODE_MERGE */
  Cursor          current;
  gboolean        mismatch;
  sqlite3_stmt   *update;

  /* MODE_BUILD */
  sqlite3_stmt   *insert_row;
  sqlite3_stmt   *insert_doc;
  gint64          next_id;

  guint           in_transaction;
  guint64         sellers;
  guint64         rows;
  guint64         updated;
  guint64         keys;
  gint64          valid_until;
} Run;

static gboolean
cursor_step (Cursor   *c,
             PdStore  *store,
             GError  **error)
{
  int rc = sqlite3_step (c->stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      c->have = FALSE;
      pd_store_set_sql_error (store, error, _("reading the merchants"));
      return FALSE;
    }
  c->have = rc == SQLITE_ROW;
  return TRUE;
}

/* Moves @c to the first row of @seller_id or past it; TRUE in *@at when
 * it is on one of that seller's rows. Both sides are in byte order. */
static gboolean
cursor_seek (Cursor      *c,
             PdStore     *store,
             const char  *seller_id,
             gboolean    *at,
             GError     **error)
{
  *at = FALSE;
  while (c->have)
    {
      const char *s = (const char *) sqlite3_column_text (c->stmt, 0);
      int cmp = strcmp (s != NULL ? s : "", seller_id);

      if (cmp > 0)
        return TRUE;
      if (cmp == 0)
        {
          *at = TRUE;
          return TRUE;
        }
      if (!cursor_step (c, store, error))
        return FALSE;
    }
  return TRUE;
}

static void
cursor_clear (Cursor *c)
{
  g_clear_pointer (&c->stmt, sqlite3_finalize);
  c->have = FALSE;
}

static gboolean
cursor_open (Cursor      *c,
             PdStore     *store,
             const char  *sql,
             const char  *program_id,
             GError     **error)
{
  cursor_clear (c);
  c->stmt = pd_store_prepare (store, sql, error);
  if (c->stmt == NULL)
    return FALSE;
  if (program_id != NULL)
    sqlite3_bind_text (c->stmt, 1, program_id, -1, SQLITE_TRANSIENT);
  return cursor_step (c, store, error);
}

static gboolean
run_begin (Run     *run,
           GError **error)
{
  if (run->in_transaction > 0 || !sqlite3_get_autocommit (pd_store_get_db (run->writer)))
    return TRUE;
  if (!pd_store_begin (run->writer, error))
    return FALSE;
  run->in_transaction = 1;
  return TRUE;
}

static gboolean
heartbeat (Run     *run,
           GError **error)
{
  return run->mode != MODE_BUILD ||
         state_set (run->writer, "building", g_get_real_time () / G_USEC_PER_SEC, error);
}

static gboolean
run_commit (Run     *run,
            GError **error)
{
  if (run->in_transaction == 0)
    return TRUE;
  run->in_transaction = 0;
  if (!heartbeat (run, error))
    {
      pd_store_rollback (run->writer);
      return FALSE;
    }
  return pd_store_commit (run->writer, error);
}

static gboolean
run_write_row (Run           *run,
               const Values  *values,
               GError       **error)
{
  if (run->mode == MODE_MERGE)
    {
      gboolean same = TRUE;

      if (!run->current.have ||
          !text_equals_column (values->program_id, run->current.stmt, 1) ||
          !text_equals_column (values->seller_id, run->current.stmt, 2) ||
          !text_equals_column (values->store_id, run->current.stmt, 3) ||
          sqlite3_column_int64 (run->current.stmt, 4) != values->doc_hash)
        {
          run->mismatch = TRUE;
          return FALSE;
        }

      for (int i = 0; i < N_VALUES && same; i++)
        same = cell_equals_column (&values->v[i], run->current.stmt, 5 + i);
      if (!same)
        {
          if (!run_begin (run, error))
            return FALSE;
          sqlite3_reset (run->update);
          sqlite3_bind_int64 (run->update, 1, sqlite3_column_int64 (run->current.stmt, 0));
          for (int i = 0; i < N_VALUES; i++)
            bind_cell (run->update, 2 + i, &values->v[i]);
          if (sqlite3_step (run->update) != SQLITE_DONE)
            {
              pd_store_set_sql_error (run->writer, error, _("updating a merchant row"));
              return FALSE;
            }
          run->updated++;
          if (++run->in_transaction > UPDATES_PER_TRANSACTION && !run_commit (run, error))
            return FALSE;
        }
      run->rows++;
      return cursor_step (&run->current, run->reader, error);
    }

  if (!run_begin (run, error))
    return FALSE;
  run->next_id++;
  sqlite3_reset (run->insert_row);
  sqlite3_bind_int64 (run->insert_row, 1, run->next_id);
  sqlite3_bind_text (run->insert_row, 2, values->program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->insert_row, 3, values->seller_id, -1, SQLITE_STATIC);
  if (values->store_id != NULL)
    sqlite3_bind_text (run->insert_row, 4, values->store_id, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (run->insert_row, 4);
  sqlite3_bind_int64 (run->insert_row, 5, values->doc_hash);
  for (int i = 0; i < N_VALUES; i++)
    bind_cell (run->insert_row, 6 + i, &values->v[i]);
  if (sqlite3_step (run->insert_row) != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->writer, error, _("writing a merchant row"));
      return FALSE;
    }

  sqlite3_reset (run->insert_doc);
  sqlite3_bind_int64 (run->insert_doc, 1, run->next_id);
  sqlite3_bind_text (run->insert_doc, 2, run->maker.doc->str, (int) run->maker.doc->len, SQLITE_STATIC);
  if (sqlite3_step (run->insert_doc) != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->writer, error, _("indexing a merchant row for search"));
      return FALSE;
    }

  run->rows++;
  if (++run->in_transaction > ROWS_PER_TRANSACTION && !run_commit (run, error))
    return FALSE;
  return TRUE;
}

/* PD_STORE_LINK_STATE_SQL's 'used', for the links cursor's row: a store
 * names the link. Nearly always one of the seller's own, in hand; a
 * store of another seller is looked up, for links that none of the
 * seller's stores name. */
static gboolean
link_state_with_use (Run                  *run,
                     const PdSellerInput  *seller,
                     const char          **state,
                     GError              **error)
{
  const char *token = (const char *) sqlite3_column_text (run->links.stmt, 1);
  int rc;

  if (token == NULL || !pd_link_state_becomes_used (*state))
    return TRUE;
  for (guint i = 0; i < seller->n_stores; i++)
    if (g_strcmp0 (seller->stores[i].via_token, token) == 0)
      {
        *state = "used";
        return TRUE;
      }

  if (run->used_token == NULL &&
      (run->used_token = pd_store_prepare (run->reader, USED_TOKEN_SQL, error)) == NULL)
    return FALSE;
  sqlite3_reset (run->used_token);
  sqlite3_bind_text (run->used_token, 1, token, -1, SQLITE_STATIC);
  rc = sqlite3_step (run->used_token);
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (run->reader, error, _("reading the merchants"));
      return FALSE;
    }
  if (sqlite3_column_int (run->used_token, 0) != 0)
    *state = "used";
  sqlite3_reset (run->used_token);
  return TRUE;
}

static gboolean
run_gather_extras (Run                  *run,
                   const PdSellerInput  *seller,
                   Extras               *x,
                   GError              **error)
{
  const char *seller_id = seller->seller_id;
  gboolean at;

  memset (x, 0, sizeof *x);
  if (!cursor_seek (&run->details, run->reader, seller_id, &at, error))
    return FALSE;
  if (at)
    extras_take_details (&run->maker, x, run->details.stmt);

  if (!cursor_seek (&run->links, run->reader, seller_id, &at, error))
    return FALSE;
  while (at)
    {
      const char *state = (const char *) sqlite3_column_text (run->links.stmt, 3);

      if (!link_state_with_use (run, seller, &state, error))
        return FALSE;
      extras_take_link (&run->maker, x, run->links.stmt, state);
      if (!cursor_step (&run->links, run->reader, error) ||
          !cursor_seek (&run->links, run->reader, seller_id, &at, error))
        return FALSE;
    }

  if (!cursor_seek (&run->notes, run->reader, seller_id, &at, error))
    return FALSE;
  if (at)
    extras_take_assignee (&run->maker, x, run->notes.stmt);
  return TRUE;
}

/* Thousandths of a rebuild: streaming the sellers, then the indexes,
 * then the search keys. */
#define PROGRESS_STREAMED 850
#define PROGRESS_INDEXED  950
#define PROGRESS_DONE     PD_MERCHANT_REFRESH_PROGRESS_DONE

static void
report_progress (Run  *run,
                 gint  thousandths)
{
  if (run->progress != NULL && thousandths > g_atomic_int_get (run->progress))
    g_atomic_int_set (run->progress, MIN (thousandths, PROGRESS_DONE));
}

static gboolean
on_seller (const PdSellerInput  *seller,
           gpointer              user_data,
           GError              **error)
{
  Run *run = user_data;
  Maker *m = &run->maker;
  PdEntryVerdict *verdicts;
  Extras extras;
  Values values;
  guint n;

  if ((++run->sellers & 1023) == 0)
    {
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (run->expected > 0)
        report_progress (run, (gint) MIN (run->sellers * (PROGRESS_STREAMED - 1) / run->expected,
                                          PROGRESS_STREAMED - 1));
    }

  g_array_set_size (m->verdicts, MAX (seller->n_stores, 1));
  verdicts = (PdEntryVerdict *) (void *) m->verdicts->data;
  n = pd_engine_evaluate_seller (m->rules, m->as_of, seller, verdicts);
  if (n == 0 && !is_current_target (seller, m->as_of))
    {
      if (seller->target.listed)
        note_validity (m, seller, verdicts, 0);
      return TRUE;
    }

  g_string_chunk_clear (m->scratch);
  if (!run_gather_extras (run, seller, &extras, error))
    return FALSE;
  note_validity (m, seller, verdicts, n);

  if (n == 0)
    {
      make_values (m, run->program_id, seller, NULL, &extras, &values);
      return run_write_row (run, &values, error);
    }
  for (guint i = 0; i < n; i++)
    {
      make_values (m, run->program_id, seller, &verdicts[i], &extras, &values);
      if (!run_write_row (run, &values, error))
        return FALSE;
    }
  return TRUE;
}

static void
run_clear_statements (Run *run)
{
  cursor_clear (&run->details);
  cursor_clear (&run->links);
  cursor_clear (&run->notes);
  g_clear_pointer (&run->used_token, sqlite3_finalize);
  cursor_clear (&run->current);
  g_clear_pointer (&run->update, sqlite3_finalize);
  g_clear_pointer (&run->insert_row, sqlite3_finalize);
  g_clear_pointer (&run->insert_doc, sqlite3_finalize);
}

/* Streams every recruitment program into the set @run->set. */
static gboolean
run_stream (Run        *run,
            GPtrArray  *programs,
            GError    **error)
{
  g_autofree char *sql = NULL;

  if (run->mode == MODE_MERGE)
    {
      g_autofree char *current = g_strdup_printf ("SELECT id, program_id, seller_id, store_id, doc_hash, "
                                                  VALUE_COLUMNS " FROM merchant_rows_%s ORDER BY id",
                                                  run->set);

      sql = g_strdup_printf ("UPDATE merchant_rows_%s SET (" VALUE_COLUMNS ") ="
                             " (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                             "  ?17, ?18, ?19, ?20) WHERE id = ?1", run->set);
      run->update = pd_store_prepare (run->writer, sql, error);
      if (run->update == NULL || !cursor_open (&run->current, run->reader, current, NULL, error))
        return FALSE;
    }
  else
    {
      sql = g_strdup_printf ("INSERT INTO merchant_rows_%s (id, program_id, seller_id, store_id, doc_hash, "
                             VALUE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                             " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)", run->set);
      run->insert_row = pd_store_prepare (run->writer, sql, error);
      g_free (sql);
      sql = g_strdup_printf ("INSERT INTO merchant_search_%s (rowid, doc) VALUES (?1, ?2)", run->set);
      run->insert_doc = pd_store_prepare (run->writer, sql, error);
      if (run->insert_row == NULL || run->insert_doc == NULL)
        return FALSE;
    }

  for (guint i = 0; i < programs->len; i++)
    {
      g_autoptr(PdRules) rules = NULL;
      gboolean ok;

      run->program_id = g_ptr_array_index (programs, i);
      rules = pd_store_load_rules (run->reader, run->program_id, error);
      if (rules == NULL)
        return FALSE;
      if (!cursor_open (&run->details, run->reader, DETAILS_SQL " ORDER BY seller_id", run->program_id, error) ||
          !cursor_open (&run->links, run->reader,
                        LINKS_RAW_STATE_SQL " AND seller_id IS NOT NULL"
                        " ORDER BY seller_id, program_id, kind, created_at, revoked_at, market, token",
                        run->program_id, error) ||
          !cursor_open (&run->notes, run->reader, NOTES_SQL " ORDER BY seller_id", NULL, error))
        return FALSE;

      maker_init (&run->maker, rules, run->as_of);
      ok = pd_store_foreach_seller (run->reader, run->program_id, PD_STORE_ENTRIES_NAMES,
                                    on_seller, run, error);
      if (run->maker.valid_until != 0 &&
          (run->valid_until == 0 || run->maker.valid_until < run->valid_until))
        run->valid_until = run->maker.valid_until;
      maker_clear (&run->maker);
      if (!ok)
        return FALSE;
    }

  if (run->mode == MODE_MERGE && run->current.have)
    {
      run->mismatch = TRUE;
      return FALSE;
    }
  return run_commit (run, error);
}

/* Frequent word beginnings --------------------------------------------------- */

typedef struct
{
  gsize    length;   /* bytes of the prefix */
  GArray  *ids;      /* guint32, unordered, with repeats */
  PdBits  *bits;     /* instead, once there are many */
} Level;

typedef struct
{
  Run          *run;
  guint64       n_bits;
  guint64       dense_at;
  guint64       min_rows;
  GArray       *levels;  /* Level */
  GString      *term;
  sqlite3_stmt *insert;
  guint64       stored;
  gsize         pending_bytes;
} Keys;

static void
level_densify (Keys  *k,
               Level *l)
{
  if (l->bits != NULL)
    return;
  l->bits = pd_bits_new (k->n_bits);
  for (guint i = 0; i < l->ids->len; i++)
    pd_bits_set (l->bits, g_array_index (l->ids, guint32, i));
  g_clear_pointer (&l->ids, g_array_unref);
}

static void
level_add (Keys    *k,
           Level   *l,
           guint32  id)
{
  if (l->bits != NULL)
    {
      pd_bits_set (l->bits, id);
      return;
    }
  g_array_append_val (l->ids, id);
  if (l->ids->len > k->dense_at)
    level_densify (k, l);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
keys_store (Keys        *k,
            const char  *key,
            gsize        length,
            PdBits      *bits,
            guint64      count,
            GError     **error)
{
  g_autoptr(GBytes) blob = pd_bits_serialize (bits);
  gsize size;
  gconstpointer data = g_bytes_get_data (blob, &size);

  if (!run_begin (k->run, error))
    return FALSE;
  sqlite3_reset (k->insert);
  sqlite3_bind_text (k->insert, 1, key, (int) length, SQLITE_STATIC);
  sqlite3_bind_int64 (k->insert, 2, (gint64) count);
  sqlite3_bind_blob (k->insert, 3, data, (int) size, SQLITE_STATIC);
  if (sqlite3_step (k->insert) != SQLITE_DONE)
    {
      pd_store_set_sql_error (k->run->writer, error, _("writing the search keys"));
      return FALSE;
    }
  k->stored++;
  k->pending_bytes += size;
  if (k->pending_bytes > 8 * 1024 * 1024)
    {
      k->pending_bytes = 0;
      if (!run_commit (k->run, error))
        return FALSE;
    }
  return TRUE;
}

/* Stores the top level when enough rows hold it, then hands its rows to
 * the level below (a shorter prefix holds every row a longer one does). */
static gboolean
keys_pop (Keys     *k,
          GError  **error)
{
  Level *l = &g_array_index (k->levels, Level, k->levels->len - 1);
  Level *parent = k->levels->len > 1 ? &g_array_index (k->levels, Level, k->levels->len - 2) : NULL;
  gboolean ok = TRUE;

  if (l->bits == NULL && l->ids->len >= k->min_rows)
    {
      guint n = 0;

      g_array_sort (l->ids, compare_ids);
      for (guint i = 0; i < l->ids->len; i++)
        if (n == 0 || g_array_index (l->ids, guint32, i) != g_array_index (l->ids, guint32, n - 1))
          g_array_index (l->ids, guint32, n++) = g_array_index (l->ids, guint32, i);
      g_array_set_size (l->ids, n);
      if (n >= k->min_rows)
        level_densify (k, l);
    }
  if (l->bits != NULL)
    {
      guint64 count = pd_bits_count (l->bits);

      if (count >= k->min_rows)
        ok = keys_store (k, k->term->str, l->length, l->bits, count, error);
    }

  if (ok && parent != NULL)
    {
      if (l->bits != NULL)
        {
          level_densify (k, parent);
          pd_bits_or (parent->bits, l->bits);
        }
      else
        for (guint i = 0; i < l->ids->len; i++)
          level_add (k, parent, g_array_index (l->ids, guint32, i));
    }

  g_clear_pointer (&l->ids, g_array_unref);
  g_clear_pointer (&l->bits, pd_bits_free);
  g_array_set_size (k->levels, k->levels->len - 1);
  return ok;
}

static void
keys_push (Keys  *k,
           gsize  length)
{
  Level l = { length, g_array_new (FALSE, FALSE, sizeof (guint32)), NULL };

  g_array_append_val (k->levels, l);
}

/* One pass over every (word, row) of the new set's full-text index, in
 * word order: the prefixes of the current word are a stack. */
static gboolean
build_keys (Run      *run,
            guint64   n_rows,
            GError  **error)
{
  g_autofree char *create = NULL;
  g_autofree char *insert = NULL;
  g_autoptr(sqlite3_stmt) vocab = NULL;
  g_autoptr(GString) term = g_string_new (NULL);
  Keys k = { 0 };
  gboolean ok = FALSE;
  int rc;

  if (n_rows == 0)
    return TRUE;

  /* A new snapshot that sees the set just written. */
  pd_store_rollback (run->reader);
  create = g_strdup_printf ("DROP TABLE IF EXISTS temp.merchant_vocab;"
                            "CREATE VIRTUAL TABLE temp.merchant_vocab USING fts5vocab"
                            " (main, 'merchant_search_%s', 'instance');", run->set);
  if (!pd_store_exec (run->reader, create, error))
    return FALSE;
  vocab = pd_store_prepare (run->reader, "SELECT term, doc FROM temp.merchant_vocab", error);
  insert = g_strdup_printf ("INSERT INTO merchant_keys_%s (key, n, bits) VALUES (?1, ?2, ?3)", run->set);
  k.insert = pd_store_prepare (run->writer, insert, error);
  if (vocab == NULL || k.insert == NULL)
    goto out;

  k.run = run;
  k.n_bits = (guint64) run->next_id + 1;
  k.dense_at = MAX (k.n_bits / 32, 64);
  k.min_rows = MAX (PD_MERCHANT_KEY_MIN_ROWS, n_rows / 256);
  k.levels = g_array_new (FALSE, TRUE, sizeof (Level));
  k.term = term;

  while ((rc = sqlite3_step (vocab)) == SQLITE_ROW)
    {
      const char *t = (const char *) sqlite3_column_text (vocab, 0);
      gsize length = (gsize) sqlite3_column_bytes (vocab, 0);
      gint64 id = sqlite3_column_int64 (vocab, 1);

      if (t == NULL || length == 0)
        continue;
      if (length != term->len || memcmp (t, term->str, length) != 0)
        {
          gsize common = 0;

          /* The common prefix, on a character boundary. */
          while (common < length && common < term->len && t[common] == term->str[common])
            common++;
          while (common > 0 && (t[common] & 0xc0) == 0x80)
            common--;
          while (k.levels->len > 0 &&
                 g_array_index (k.levels, Level, k.levels->len - 1).length > common)
            if (!keys_pop (&k, error))
              goto out;

          g_string_truncate (term, 0);
          g_string_append_len (term, t, (gssize) length);
          for (const char *p = g_utf8_next_char (term->str + common);
               p <= term->str + term->len;
               p = g_utf8_next_char (p))
            {
              keys_push (&k, (gsize) (p - term->str));
              if (p == term->str + term->len)
                break;
            }
          if ((++run->sellers & 4095) == 0 &&
              g_cancellable_set_error_if_cancelled (run->cancellable, error))
            goto out;
        }
      if (k.levels->len > 0 && id > 0 && (guint64) id < k.n_bits)
        level_add (&k, &g_array_index (k.levels, Level, k.levels->len - 1), (guint32) id);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->reader, error, _("reading the search index"));
      goto out;
    }
  while (k.levels->len > 0)
    if (!keys_pop (&k, error))
      goto out;
  ok = run_commit (run, error);

out:
  g_clear_pointer (&k.insert, sqlite3_finalize);
  if (k.levels != NULL)
    {
      for (guint i = 0; i < k.levels->len; i++)
        {
          Level *l = &g_array_index (k.levels, Level, i);

          g_clear_pointer (&l->ids, g_array_unref);
          g_clear_pointer (&l->bits, pd_bits_free);
        }
      g_array_unref (k.levels);
    }
  g_clear_pointer (&vocab, sqlite3_finalize);
  pd_store_exec (run->reader, "DROP TABLE IF EXISTS temp.merchant_vocab", NULL);
  if (ok)
    g_debug ("Merchants: %" G_GUINT64_FORMAT " search keys of at least %" G_GUINT64_FORMAT " rows",
             k.stored, k.min_rows);
  run->keys = k.stored;
  return ok;
}

static gboolean
empty_set (PdStore     *writer,
           const char  *set,
           gboolean     drop_indexes,
           GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM merchant_rows_%s;"
                                          "INSERT INTO merchant_search_%s (merchant_search_%s)"
                                          " VALUES ('delete-all');"
                                          "DELETE FROM merchant_keys_%s;",
                                          set, set, set, set);

  if (!pd_store_exec (writer, sql, error))
    return FALSE;
  if (drop_indexes)
    return pd_store_exec (writer,
                          g_str_equal (set, "0") ? PD_MERCHANT_ROWS_DROP_INDEXES ("0")
                                                 : PD_MERCHANT_ROWS_DROP_INDEXES ("1"),
                          error);
  return TRUE;
}

/* Claims the right to rebuild: nobody else is, or they went silent. */
static gboolean
claim_build (PdStore  *writer,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (writer,
                                                   "SELECT value FROM merchant_state WHERE key = 'building'",
                                                   error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 beat = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);

      if (now - beat < BUILD_STALE_SECONDS)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_BUSY,
                       _("%s: the Merchants page is being rebuilt by another Partner Desk; try again when it is done"),
                       pd_store_get_path (writer));
          return FALSE;
        }
    }
  return state_set (writer, "building", now, error);
}

static gboolean
rebuild (Run        *run,
         GPtrArray  *programs,
         guint       current,
         GError    **error)
{
  const char *idle = current == 0 ? "1" : "0";
  const char *old = current == 0 ? "0" : "1";
  PdMerchantState state;

  run->mode = MODE_BUILD;
  run->set = idle;
  run->next_id = 0;
  run->rows = 0;
  run->updated = 0;
  run->valid_until = 0;

  if (!pd_store_begin (run->writer, error))
    return FALSE;
  if (!claim_build (run->writer, error) ||
      !empty_set (run->writer, idle, TRUE, error) ||
      !pd_store_commit (run->writer, error))
    {
      pd_store_rollback (run->writer);
      return FALSE;
    }

  if (!pd_store_exec (run->reader, "BEGIN", error))
    goto fail;
  run->expected = count_listed_sellers (run->reader, programs);
  if (!run_stream (run, programs, error))
    goto fail;
  report_progress (run, PROGRESS_STREAMED);
  run_clear_statements (run);
  g_debug ("Merchants: %" G_GUINT64_FORMAT " rows written", run->rows);

  /* Each index on its own: a few seconds of sorting at a million rows. */
  {
    g_auto(GStrv) statements = g_strsplit (g_str_equal (idle, "0") ? PD_MERCHANT_ROWS_INDEXES ("0")
                                                                   : PD_MERCHANT_ROWS_INDEXES ("1"),
                                           ";", -1);

    guint n = g_strv_length (statements);

    for (guint i = 0; statements[i] != NULL; i++)
      {
        report_progress (run, PROGRESS_STREAMED + (gint) ((PROGRESS_INDEXED - PROGRESS_STREAMED) * i / n));
        if (*g_strstrip (statements[i]) == '\0')
          continue;
        if (g_cancellable_set_error_if_cancelled (run->cancellable, error) ||
            !pd_store_begin (run->writer, error))
          goto fail;
        if (!pd_store_exec (run->writer, statements[i], error) ||
            !heartbeat (run, error) ||
            !pd_store_commit (run->writer, error))
          {
            pd_store_rollback (run->writer);
            goto fail;
          }
      }
  }

  g_debug ("Merchants: indexes made");
  report_progress (run, PROGRESS_INDEXED);
  if (!build_keys (run, run->rows, error))
    goto fail;

  /* Switch. */
  if (g_cancellable_set_error_if_cancelled (run->cancellable, error) ||
      !pd_store_begin (run->writer, error))
    goto fail;
  if (!pd_merchant_state_read (run->writer, &state, error) ||
      !state_set (run->writer, "current", current == 0 ? 1 : 0, error) ||
      !state_set (run->writer, "generation", (gint64) state.generation + 1, error) ||
      !state_set (run->writer, "as_of", run->as_of, error) ||
      !state_set (run->writer, "valid_until", run->valid_until, error) ||
      !state_set (run->writer, "rows", (gint64) run->rows, error) ||
      !state_delete (run->writer, "building", error) ||
      !pd_store_commit (run->writer, error))
    {
      pd_store_rollback (run->writer);
      goto fail;
    }

  /* The old set is no one's now: readers see the new one. */
  if (pd_store_begin (run->writer, NULL))
    {
      if (empty_set (run->writer, old, FALSE, NULL))
        pd_store_commit (run->writer, NULL);
      else
        pd_store_rollback (run->writer);
    }
  return TRUE;

fail:
  run_clear_statements (run);
  pd_store_rollback (run->writer);
  pd_store_rollback (run->reader);
  if (pd_store_begin (run->writer, NULL))
    {
      if (state_delete (run->writer, "building", NULL))
        pd_store_commit (run->writer, NULL);
      else
        pd_store_rollback (run->writer);
    }
  return FALSE;
}

static gboolean
merge (Run              *run,
       GPtrArray        *programs,
       PdMerchantState  *state,
       GError          **error)
{
  run->mode = MODE_MERGE;
  run->set = state->current == 0 ? "0" : "1";
  run->mismatch = FALSE;

  if (!pd_store_exec (run->reader, "BEGIN", error))
    return FALSE;
  if (!run_stream (run, programs, error))
    {
      gboolean mismatch = run->mismatch;

      run_clear_statements (run);
      pd_store_rollback (run->reader);
      if (mismatch)
        {
          g_clear_error (error);
          /* What was updated so far is right and stays. */
          if (!run_commit (run, error))
            return FALSE;
        }
      else
        pd_store_rollback (run->writer);
      run->in_transaction = 0;
      return FALSE;
    }
  run_clear_statements (run);
  pd_store_rollback (run->reader);

  if (!pd_store_begin (run->writer, error))
    return FALSE;
  if (!pd_merchant_state_read (run->writer, state, error) ||
      (run->updated > 0 && !state_set (run->writer, "generation", (gint64) state->generation + 1, error)) ||
      !state_set (run->writer, "as_of", run->as_of, error) ||
      !state_set (run->writer, "valid_until", run->valid_until, error) ||
      !pd_store_commit (run->writer, error))
    {
      pd_store_rollback (run->writer);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_merchant_refresh (const char              *path,
                     gint64                   as_of,
                     PdMerchantRefreshFlags   flags,
                     GCancellable            *cancellable,
                     gint                    *progress,
                     PdMerchantRefreshStats  *stats,
                     GError                 **error)
{
  g_autoptr(PdStore) reader = NULL;
  g_autoptr(PdStore) writer = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  gint64 start = g_get_monotonic_time ();
  PdMerchantState state;
  Run run = { 0 };
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  reader = pd_store_open (path, error);
  if (reader == NULL)
    return FALSE;
  writer = pd_store_open (path, error);
  if (writer == NULL)
    return FALSE;
  /* Index sorting spills to disk rather than to memory. */
  if (!pd_store_exec (writer, "PRAGMA temp_store = FILE", error) ||
      !pd_merchant_state_read (writer, &state, error))
    return FALSE;
  programs = list_recruitment_programs (reader, error);
  if (programs == NULL)
    return FALSE;

  run.reader = reader;
  run.writer = writer;
  run.cancellable = cancellable;
  run.progress = progress;
  run.as_of = as_of;

  if (!(flags & PD_MERCHANT_REFRESH_REBUILD) && state.as_of != 0)
    {
      g_autoptr(GError) local_error = NULL;

      run.expected = state.rows;
      ok = merge (&run, programs, &state, &local_error);
      if (!ok && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (ok)
        {
          report_progress (&run, PROGRESS_DONE);
          if (stats != NULL)
            {
              memset (stats, 0, sizeof *stats);
              stats->rows = run.rows;
              stats->updated = run.updated;
              stats->as_of = as_of;
              stats->valid_until = run.valid_until;
              stats->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
            }
          return TRUE;
        }
      g_debug ("Merchants: the rows changed shape after %" G_GUINT64_FORMAT " rows; rebuilding", run.rows);
      if (!pd_merchant_state_read (writer, &state, error))
        return FALSE;
    }

  if (!rebuild (&run, programs, state.current, error))
    return FALSE;
  report_progress (&run, PROGRESS_DONE);

  if (stats != NULL)
    {
      memset (stats, 0, sizeof *stats);
      stats->rows = run.rows;
      stats->rebuilt = TRUE;
      stats->keys = run.keys;
      stats->as_of = as_of;
      stats->valid_until = run.valid_until;
      stats->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
    }
  return TRUE;
}

/* A few sellers in place ------------------------------------------------------- */

static gboolean
point_extras (PdStore     *store,
              Maker       *m,
              const char  *program_id,
              const char  *seller_id,
              Extras      *x,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) details = pd_store_prepare (store, DETAILS_SQL " AND seller_id = ?2", error);
  g_autoptr(sqlite3_stmt) links = NULL;
  g_autoptr(sqlite3_stmt) notes = NULL;
  int rc;

  memset (x, 0, sizeof *x);
  if (details == NULL)
    return FALSE;
  links = pd_store_prepare (store, LINKS_SQL " AND seller_id = ?2", error);
  if (links == NULL)
    return FALSE;
  notes = pd_store_prepare (store, NOTES_SQL " AND seller_id = ?1", error);
  if (notes == NULL)
    return FALSE;

  sqlite3_bind_text (details, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (details, 2, seller_id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (details)) == SQLITE_ROW)
    extras_take_details (m, x, details);
  else if (rc != SQLITE_DONE)
    goto fail;

  sqlite3_bind_text (links, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (links, 2, seller_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    extras_take_link (m, x, links, (const char *) sqlite3_column_text (links, 3));
  if (rc != SQLITE_DONE)
    goto fail;

  sqlite3_bind_text (notes, 1, seller_id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (notes)) == SQLITE_ROW)
    extras_take_assignee (m, x, notes);
  else if (rc != SQLITE_DONE)
    goto fail;
  return TRUE;

fail:
  pd_store_set_sql_error (store, error, _("reading a merchant"));
  return FALSE;
}

/* Updates one seller's rows of one program; FALSE with *@shape_changed
 * (and no error) when they are not the same rows. */
static gboolean
update_seller (PdStore      *store,
               Maker        *m,
               const char   *program_id,
               const char   *seller_id,
               const char   *set,
               gboolean     *shape_changed,
               GError      **error)
{
  g_autoptr(PdMerchantSeller) seller = NULL;
  g_autoptr(GArray) verdicts = NULL;
  g_autoptr(sqlite3_stmt) existing = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *sql = NULL;
  const PdSellerInput *input;
  GArray *ids = NULL;
  Extras extras;
  guint n_rows;
  int rc;

  seller = pd_merchant_seller_load (store, program_id, seller_id, error);
  if (seller == NULL)
    return FALSE;
  input = pd_merchant_seller_get_input (seller);
  verdicts = pd_merchant_seller_evaluate (seller, m->rules, m->as_of);
  n_rows = verdicts->len > 0 ? verdicts->len : is_current_target (input, m->as_of) ? 1 : 0;

  g_string_chunk_clear (m->scratch);
  if (!point_extras (store, m, program_id, seller_id, &extras, error))
    return FALSE;
  note_validity (m, input, (const PdEntryVerdict *) (void *) verdicts->data, verdicts->len);

  sql = g_strdup_printf ("SELECT id, store_id, doc_hash FROM merchant_rows_%s"
                         " WHERE seller_id = ?1 AND program_id = ?2 ORDER BY id", set);
  existing = pd_store_prepare (store, sql, error);
  if (existing == NULL)
    return FALSE;
  sqlite3_bind_text (existing, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (existing, 2, program_id, -1, SQLITE_STATIC);

  g_free (sql);
  sql = g_strdup_printf ("UPDATE merchant_rows_%s SET (" VALUE_COLUMNS ") ="
                         " (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                         "  ?17, ?18, ?19, ?20) WHERE id = ?1", set);
  update = pd_store_prepare (store, sql, error);
  if (update == NULL)
    return FALSE;

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; (rc = sqlite3_step (existing)) == SQLITE_ROW; i++)
    {
      const PdEntryVerdict *v = verdicts->len > 0 && i < verdicts->len ?
                                &g_array_index (verdicts, PdEntryVerdict, i) : NULL;
      Values values;
      gint64 id = sqlite3_column_int64 (existing, 0);

      if (i >= n_rows)
        {
          *shape_changed = TRUE;
          break;
        }
      make_values (m, program_id, input, v, &extras, &values);
      if (!text_equals_column (values.store_id, existing, 1) ||
          sqlite3_column_int64 (existing, 2) != values.doc_hash)
        {
          *shape_changed = TRUE;
          break;
        }
      g_array_append_val (ids, id);
    }
  if (!*shape_changed && rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_array_unref (ids);
      pd_store_set_sql_error (store, error, _("reading a merchant"));
      return FALSE;
    }
  if (!*shape_changed && ids->len != n_rows)
    *shape_changed = TRUE;
  if (*shape_changed)
    {
      g_array_unref (ids);
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const PdEntryVerdict *v = verdicts->len > 0 ? &g_array_index (verdicts, PdEntryVerdict, i) : NULL;
      Values values;

      make_values (m, program_id, input, v, &extras, &values);
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, g_array_index (ids, gint64, i));
      for (int c = 0; c < N_VALUES; c++)
        bind_cell (update, 2 + c, &values.v[c]);
      if (sqlite3_step (update) != SQLITE_DONE)
        {
          g_array_unref (ids);
          pd_store_set_sql_error (store, error, _("updating a merchant row"));
          return FALSE;
        }
    }
  g_array_unref (ids);
  return TRUE;
}

gboolean
pd_merchant_update_sellers (PdStore             *store,
                            const char * const  *seller_ids,
                            gint64               as_of,
                            gboolean            *rebuild_needed,
                            GError             **error)
{
  g_autoptr(GPtrArray) programs = NULL;
  PdMerchantState state;
  gboolean shape_changed = FALSE;
  gint64 valid_until;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (seller_ids != NULL && rebuild_needed != NULL, FALSE);

  *rebuild_needed = FALSE;
  if (!pd_store_begin (store, error))
    return FALSE;
  if (!pd_merchant_state_read (store, &state, error))
    goto fail;
  if (state.as_of == 0)
    {
      /* Never built: the first refresh will see them. */
      *rebuild_needed = TRUE;
      pd_store_rollback (store);
      return TRUE;
    }
  programs = list_recruitment_programs (store, error);
  if (programs == NULL)
    goto fail;

  valid_until = state.valid_until;
  for (guint p = 0; p < programs->len; p++)
    {
      g_autoptr(PdRules) rules = pd_store_load_rules (store, g_ptr_array_index (programs, p), error);
      Maker maker;
      gboolean ok = TRUE;

      if (rules == NULL)
        goto fail;
      maker_init (&maker, rules, as_of);
      for (guint i = 0; ok && seller_ids[i] != NULL; i++)
        ok = update_seller (store, &maker, g_ptr_array_index (programs, p), seller_ids[i],
                            state.current == 0 ? "0" : "1", &shape_changed, error);
      if (maker.valid_until != 0 && (valid_until == 0 || maker.valid_until < valid_until))
        valid_until = maker.valid_until;
      maker_clear (&maker);
      if (!ok)
        {
          if (shape_changed)
            {
              *rebuild_needed = TRUE;
              pd_store_rollback (store);
              return TRUE;
            }
          goto fail;
        }
    }

  if (!state_set (store, "generation", (gint64) state.generation + 1, error) ||
      !state_set (store, "valid_until", valid_until, error) ||
      !pd_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}
