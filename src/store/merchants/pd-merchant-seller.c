/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-merchant-seller.h"
#include "pd-store-columns.h"
#include "pd-invitation.h"
#include "pd-store-private.h"

/* The reading rules are those of pd-store-entries.c, row for row: a text
 * column that is NULL or '' is NULL; the CHECK constraints allow only
 * canonical tokens; a GMV without a three-letter currency is no GMV; a
 * store's via_token is looked up among the seller's own links first,
 * then among all links; the seller's market is its target row's, else
 * that of its oldest onboarding link of the program, else its first
 * store's. */

typedef struct
{
  char        *token;
  PdLinkInput  link;
} LinkRow;

struct _PdMerchantSeller
{
  GStringChunk  *strings;
  PdSellerInput  input;
  GArray        *stores;   /* PdStoreInput */
  GArray        *links;    /* LinkRow (strings in @strings) */
  GArray        *invitations; /* PdLinkInput: the program's onboarding links */
};

void
pd_merchant_seller_free (PdMerchantSeller *seller)
{
  if (seller == NULL)
    return;
  g_string_chunk_free (seller->strings);
  g_array_unref (seller->stores);
  g_array_unref (seller->links);
  g_array_unref (seller->invitations);
  g_free (seller);
}

const PdSellerInput *
pd_merchant_seller_get_input (PdMerchantSeller *seller)
{
  return &seller->input;
}

static const char *
column_text (PdMerchantSeller *seller,
             sqlite3_stmt     *stmt,
             int               column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  int length = sqlite3_column_bytes (stmt, column);

  if (text == NULL || length == 0)
    return NULL;
  return g_string_chunk_insert_len (seller->strings, (const char *) text, length);
}

static gboolean
read_target (PdStore           *store,
             PdMerchantSeller  *seller,
             const char        *program_id,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store,
                           "SELECT review_status, left_at, market, seller_name FROM target_merchants"
                           " WHERE program_id = ?1 AND seller_id = ?2",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, seller->input.seller_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      PdTargetInput *t = &seller->input.target;

      t->listed = TRUE;
      t->review_status = review_status_from_column ((const char *) sqlite3_column_text (stmt, 0));
      t->has_left_at = optional_int (stmt, 1, &t->left_at);
      seller->input.market = column_text (seller, stmt, 2);
      seller->input.seller_name = column_text (seller, stmt, 3);
    }
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a seller’s target row"));
      return FALSE;
    }
  return TRUE;
}

/* In the index order the stream reads them in (links_seller). */
static gboolean
read_links (PdStore           *store,
            PdMerchantSeller  *seller,
            const char        *program_id,
            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store,
                           "SELECT token, kind, program_id, revoked_at, market, created_at, expires_at, state FROM links"
                           " WHERE seller_id = ?1"
                           " ORDER BY seller_id, program_id, kind, created_at, revoked_at, market, token",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, seller->input.seller_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *program = (const char *) sqlite3_column_text (stmt, 2);
      gboolean this_program = program != NULL && strcmp (program, program_id) == 0;
      LinkRow row = { 0 };

      row.token = (char *) column_text (seller, stmt, 0);
      row.link.found = TRUE;
      row.link.kind = link_kind_from_column ((const char *) sqlite3_column_text (stmt, 1));
      row.link.has_revoked_at = optional_int (stmt, 3, &row.link.revoked_at);
      row.link.created_at = sqlite3_column_int64 (stmt, 5);
      row.link.has_expires_at = optional_int (stmt, 6, &row.link.expires_at);
      pd_link_input_set_stored_state (&row.link, (const char *) sqlite3_column_text (stmt, 7));
      g_array_append_val (seller->links, row);

      if (this_program && row.link.kind == PD_LINK_KIND_ONBOARDING)
        {
          seller->input.invited = TRUE;
          g_array_append_val (seller->invitations, row.link);
          if (seller->input.market == NULL)
            seller->input.market = column_text (seller, stmt, 4);
        }
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a seller’s links"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_link (PdStore           *store,
              PdMerchantSeller  *seller,
              PdStoreInput      *s,
              sqlite3_stmt     **by_token,
              GError           **error)
{
  memset (&s->link, 0, sizeof s->link);
  if (s->via_token == NULL)
    return TRUE;

  for (guint i = 0; i < seller->links->len; i++)
    {
      const LinkRow *row = &g_array_index (seller->links, LinkRow, i);

      if (row->token != NULL && strcmp (row->token, s->via_token) == 0)
        {
          s->link = row->link;
          return TRUE;
        }
    }

  if (*by_token == NULL)
    {
      *by_token = pd_store_prepare (store, "SELECT kind, created_at, revoked_at, expires_at FROM links WHERE token = ?1",
                                    error);
      if (*by_token == NULL)
        return FALSE;
    }
  sqlite3_reset (*by_token);
  sqlite3_bind_text (*by_token, 1, s->via_token, -1, SQLITE_STATIC);
  switch (sqlite3_step (*by_token))
    {
    case SQLITE_ROW:
      s->link.found = TRUE;
      s->link.kind = link_kind_from_column ((const char *) sqlite3_column_text (*by_token, 0));
      s->link.created_at = sqlite3_column_int64 (*by_token, 1);
      s->link.has_revoked_at = optional_int (*by_token, 2, &s->link.revoked_at);
      s->link.has_expires_at = optional_int (*by_token, 3, &s->link.expires_at);
      break;
    case SQLITE_DONE:
      break;
    default:
      pd_store_set_sql_error (store, error, _("looking up a link"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_rate (PdStore       *store,
              PdStoreInput  *s,
              sqlite3_stmt **rate_stmt,
              GError       **error)
{
  s->has_rate = FALSE;
  if (*rate_stmt == NULL)
    {
      *rate_stmt = pd_store_prepare (store,
                                     "SELECT cny_per_unit_micros FROM exchange_rates WHERE currency = ?1",
                                     error);
      if (*rate_stmt == NULL)
        return FALSE;
    }
  sqlite3_reset (*rate_stmt);
  sqlite3_bind_text (*rate_stmt, 1, s->gmv.currency, -1, SQLITE_STATIC);
  switch (sqlite3_step (*rate_stmt))
    {
    case SQLITE_ROW:
      s->has_rate = TRUE;
      s->rate.micros = sqlite3_column_int64 (*rate_stmt, 0);
      break;
    case SQLITE_DONE:
      break;
    default:
      pd_store_set_sql_error (store, error, _("reading the exchange rates"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_stores (PdStore           *store,
             PdMerchantSeller  *seller,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) by_token = NULL;
  g_autoptr(sqlite3_stmt) rate = NULL;
  int rc;

  stmt = pd_store_prepare (store,
                           "SELECT store_id, market, onboarded_at, via_token, first_sale_at,"
                           "       settled_gmv_30d, gmv_currency, inventory_countries, store_status,"
                           "       governance, governance_reason"
                           "  FROM stores WHERE seller_id = ?1 ORDER BY seller_id, onboarded_at, store_id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, seller->input.seller_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdStoreInput s = { 0 };
      const char *currency;

      s.store_id = column_text (seller, stmt, 0);
      if (s.store_id == NULL)
        s.store_id = "";
      s.market = column_text (seller, stmt, 1);
      s.has_onboarded_at = optional_int (stmt, 2, &s.onboarded_at);
      s.via_token = column_text (seller, stmt, 3);
      s.has_first_sale_at = optional_int (stmt, 4, &s.first_sale_at);
      s.has_gmv = optional_int (stmt, 5, &s.gmv.minor);
      currency = (const char *) sqlite3_column_text (stmt, 6);
      if (currency != NULL && strlen (currency) == 3)
        memcpy (s.gmv.currency, currency, 4);
      else
        {
          memcpy (s.gmv.currency, "CNY", 4);
          s.has_gmv = FALSE;
        }
      s.inventory_countries = column_text (seller, stmt, 7);
      s.status = store_status_from_column ((const char *) sqlite3_column_text (stmt, 8));
      s.governance = governance_from_column ((const char *) sqlite3_column_text (stmt, 9));
      s.governance_reason = column_text (seller, stmt, 10);

      if (!resolve_link (store, seller, &s, &by_token, error) ||
          !resolve_rate (store, &s, &rate, error))
        return FALSE;
      g_array_append_val (seller->stores, s);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a seller’s stores"));
      return FALSE;
    }
  return TRUE;
}

PdMerchantSeller *
pd_merchant_seller_load (PdStore     *store,
                         const char  *program_id,
                         const char  *seller_id,
                         GError     **error)
{
  g_autoptr(PdMerchantSeller) seller = g_new0 (PdMerchantSeller, 1);
  gboolean own_transaction = FALSE;
  gboolean ok;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (program_id != NULL && seller_id != NULL, NULL);

  seller->strings = g_string_chunk_new (1024);
  seller->stores = g_array_new (FALSE, TRUE, sizeof (PdStoreInput));
  seller->links = g_array_new (FALSE, TRUE, sizeof (LinkRow));
  seller->invitations = g_array_new (FALSE, TRUE, sizeof (PdLinkInput));
  seller->input.seller_id = g_string_chunk_insert (seller->strings, seller_id);

  /* One snapshot for the three reads. */
  if (sqlite3_get_autocommit (pd_store_get_db (store)))
    {
      if (!pd_store_exec (store, "BEGIN", error))
        return NULL;
      own_transaction = TRUE;
    }
  ok = read_target (store, seller, program_id, error) &&
       read_links (store, seller, program_id, error) &&
       read_stores (store, seller, error);
  if (own_transaction)
    pd_store_rollback (store);
  if (!ok)
    return NULL;

  seller->input.stores = (const PdStoreInput *) (void *) seller->stores->data;
  seller->input.n_stores = seller->stores->len;
  seller->input.invitations = (const PdLinkInput *) (void *) seller->invitations->data;
  seller->input.n_invitations = seller->invitations->len;
  if (seller->input.market == NULL && seller->input.n_stores > 0)
    seller->input.market = seller->input.stores[0].market;
  return g_steal_pointer (&seller);
}

GArray *
pd_merchant_seller_evaluate (PdMerchantSeller *seller,
                             PdRules          *rules,
                             gint64            as_of)
{
  GArray *verdicts = g_array_new (FALSE, TRUE, sizeof (PdEntryVerdict));
  guint n;

  g_array_set_size (verdicts, MAX (seller->input.n_stores, 1));
  n = pd_engine_evaluate_seller (rules, as_of, &seller->input, (PdEntryVerdict *) (void *) verdicts->data);
  g_array_set_size (verdicts, n);
  return verdicts;
}

void
pd_merchant_check_free (PdMerchantCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->detail);
  g_free (check);
}

gboolean
pd_merchant_seller_checklist (PdMerchantSeller  *seller,
                              PdRules           *rules,
                              gint64             as_of,
                              const char        *store_id,
                              PdVerdict         *verdict_out,
                              GPtrArray        **checks_out)
{
  g_autoptr(GArray) verdicts = pd_merchant_seller_evaluate (seller, rules, as_of);
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_merchant_check_free);
  const PdEntryVerdict *entry = NULL;

  for (guint i = 0; i < verdicts->len && entry == NULL; i++)
    {
      const PdEntryVerdict *v = &g_array_index (verdicts, PdEntryVerdict, i);

      if (store_id == NULL ? v->store == NULL
                           : v->store != NULL && g_strcmp0 (v->store->store_id, store_id) == 0)
        entry = v;
    }

  if (entry != NULL)
    {
      for (guint c = 0; c < PD_N_CONDITIONS; c++)
        {
          PdMerchantCheck *check;

          if (!(entry->conditions & PD_CONDITION_BIT (c)))
            continue;
          check = g_new0 (PdMerchantCheck, 1);
          check->condition = c;
          check->state = entry->results[c].state;
          check->has_deadline = entry->results[c].state == PD_CONDITION_STATE_UNMET &&
                                entry->results[c].has_deadline;
          check->deadline = check->has_deadline ? entry->results[c].deadline : 0;
          check->detail = pd_engine_dup_detail (rules, as_of, entry, c);
          g_ptr_array_add (checks, check);
        }
      if (verdict_out != NULL)
        *verdict_out = entry->verdict;
    }

  if (checks_out != NULL)
    *checks_out = g_steal_pointer (&checks);
  return entry != NULL;
}

void
pd_merchant_contact_clear (PdMerchantContact *contact)
{
  g_clear_pointer (&contact->seller_name, g_free);
  g_clear_pointer (&contact->brand, g_free);
  g_clear_pointer (&contact->market, g_free);
  g_clear_pointer (&contact->country, g_free);
  g_clear_pointer (&contact->contact_name, g_free);
  g_clear_pointer (&contact->contact_email, g_free);
  g_clear_pointer (&contact->contact_phone, g_free);
  memset (contact, 0, sizeof *contact);
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

gboolean
pd_merchant_contact_get (PdStore           *store,
                         const char        *program_id,
                         const char        *seller_id,
                         PdMerchantContact *out,
                         GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (program_id != NULL && seller_id != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  stmt = pd_store_prepare (store,
                           "SELECT seller_name, brand, market, country, contact_name, contact_email,"
                           "       contact_phone, review_status, left_at"
                           "  FROM target_merchants WHERE program_id = ?1 AND seller_id = ?2",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, seller_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("reading a seller’s target row"));
      return FALSE;
    }
  out->listed = TRUE;
  out->seller_name = dup_text (stmt, 0);
  out->brand = dup_text (stmt, 1);
  out->market = dup_text (stmt, 2);
  out->country = dup_text (stmt, 3);
  out->contact_name = dup_text (stmt, 4);
  out->contact_email = dup_text (stmt, 5);
  out->contact_phone = dup_text (stmt, 6);
  out->review_status = review_status_from_column ((const char *) sqlite3_column_text (stmt, 7));
  out->has_left_at = optional_int (stmt, 8, &out->left_at);
  return TRUE;
}
