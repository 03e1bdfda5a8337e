/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-link.h"
#include "pd-merchant-row.h"
#include "pd-merchant-text.h"
#include "pd-merchant-values.h"
#include "pd-store-links.h"
#include "pd-store-private.h"

void
pd_merchant_maker_init (Maker   *m,
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

void
pd_merchant_maker_clear (Maker *m)
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
void
pd_merchant_note_validity (Maker               *m,
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
gboolean
pd_merchant_is_current_target (const PdSellerInput *seller,
                               gint64               as_of)
{
  return seller->target.listed && !(seller->target.has_left_at && seller->target.left_at <= as_of);
}

void
pd_merchant_make_values (Maker                *m,
                         const char           *program_id,
                         const PdSellerInput  *seller,
                         const PdEntryVerdict *v,
                         const Extras         *x,
                         Values               *out)
{
  PdRules *rules = m->rules;
  const PdStoreInput *store = v != NULL ? v->store : NULL;
  const char *name = seller->seller_name;
  g_autofree char *key = pd_merchant_name_key (name != NULL ? name : seller->seller_id);
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
  out->doc_store = m->doc->len;
  if (store != NULL)
    pd_merchant_text_append_words (m->doc, store->store_id);
  out->doc_hash = (gint64) pd_merchant_text_hash (m->doc->str, m->doc->len);

  cell_text (&out->v[V_SELLER_NAME], name);
  cell_text (&out->v[V_NAME_KEY], g_string_chunk_insert (m->scratch, key));
  market = store != NULL && store->market != NULL ? store->market : seller->market;
  cell_text (&out->v[V_MARKET], market);

  if (v == NULL)
    {
      cell_int (&out->v[V_STAGE], pd_stage_to_position (PD_STAGE_TARGET));
      cell_int (&out->v[V_VERDICT], PD_MERCHANT_VERDICT_NONE);
      cell_null (&out->v[V_DEADLINE]);
    }
  else
    {
      cell_int (&out->v[V_STAGE], pd_stage_to_position (v->stage));
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

void
pd_merchant_bind_cell (sqlite3_stmt *stmt,
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

gboolean
pd_merchant_cell_equals_column (const Cell   *c,
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

gboolean
pd_merchant_text_equals_column (const char   *s,
                                sqlite3_stmt *stmt,
                                int           column)
{
  const char *t = (const char *) sqlite3_column_text (stmt, column);

  return g_strcmp0 (s, t) == 0;
}

/* Extras from rows ---------------------------------------------------------- */

/* Details: (seller_id, brand, contact_name, contact_email, contact_phone). */
void
pd_merchant_extras_take_details (Maker        *m,
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
/* Column @c's text in the seller's scratch; NULL for NULL or "". */
static const char *
nonempty_text (Maker        *m,
               sqlite3_stmt *stmt,
               int           c)
{
  const char *text = (const char *) sqlite3_column_text (stmt, c);

  return text != NULL && sqlite3_column_bytes (stmt, c) > 0 ? g_string_chunk_insert (m->scratch, text) : NULL;
}

void
pd_merchant_extras_take_link (Maker        *m,
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
  x->link_url = nonempty_text (m, stmt, 2);
  x->link_state = state != NULL ? g_string_chunk_insert (m->scratch, state) : "active";
  x->link_staff = nonempty_text (m, stmt, 4);
  x->link_created_at = created_at;
}

gboolean
pd_merchant_extras_read_link_details (Maker          *m,
                                      Extras         *x,
                                      PdStore        *reader,
                                      sqlite3_stmt  **stmt,
                                      GError        **error)
{
  int rc;

  if (*stmt == NULL && (*stmt = pd_store_prepare (reader, LINK_DETAILS_SQL, error)) == NULL)
    return FALSE;
  sqlite3_reset (*stmt);
  sqlite3_bind_text (*stmt, 1, x->link_token, -1, SQLITE_STATIC);
  rc = sqlite3_step (*stmt);
  if (rc == SQLITE_ROW)
    {
      x->link_url = nonempty_text (m, *stmt, 0);
      x->link_staff = nonempty_text (m, *stmt, 1);
    }
  sqlite3_reset (*stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (reader, error, _("reading the merchants"));
      return FALSE;
    }
  return TRUE;
}

/* (seller_id, assignee) */
void
pd_merchant_extras_take_assignee (Maker        *m,
                                  Extras       *x,
                                  sqlite3_stmt *stmt)
{
  const char *t = (const char *) sqlite3_column_text (stmt, 1);

  x->assignee = t != NULL && *t != '\0' ? g_string_chunk_insert (m->scratch, t) : NULL;
}
