/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-store-tables.h"
#include "pd-import-run-private.h"
#include "pd-import-stores.h"
#include "pd-store-private.h"

struct _PdImportStores
{
  PdStore      *store;
  sqlite3_stmt *lookup;
};

PdImportStores *
pd_import_stores_new (PdStore  *store,
                      GError  **error)
{
  g_autoptr(PdImportStores) self = g_new0 (PdImportStores, 1);

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  /* The stored seller, and whether the file's one is known: on a target
   * list or given a link, tables a stores import does not write (another
   * store would not do: an earlier row of the same file may have just
   * made one for the rounded id). */
  self->lookup = pd_store_prepare (store,
                                   "SELECT seller_id,"
                                   " EXISTS (SELECT 1 FROM target_merchants WHERE seller_id = ?2)"
                                   " OR EXISTS (SELECT 1 FROM links WHERE seller_id = ?2)"
                                   " FROM stores WHERE store_id = ?1 AND seller_id IS NOT ?2",
                                   error);
  if (self->lookup == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

void
pd_import_stores_free (PdImportStores *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->lookup, sqlite3_finalize);
  g_clear_object (&self->store);
  g_free (self);
}

gboolean
pd_import_stores_check_seller (PdImportStores  *self,
                               const char      *store_id,
                               const char      *seller_id,
                               char           **problem_out,
                               GError         **error)
{
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (store_id != NULL && seller_id != NULL, FALSE);
  g_return_val_if_fail (problem_out != NULL && *problem_out == NULL, FALSE);

  sqlite3_bind_text (self->lookup, 1, store_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->lookup, 2, seller_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->lookup);
  if (rc == SQLITE_ROW && sqlite3_column_int (self->lookup, 1) == 0)
    {
      const char *stored = (const char *) sqlite3_column_text (self->lookup, 0);

      *problem_out = g_strdup_printf (_("the file moves store %s from seller %s to seller %s, whom this"
                                        " store does not know; expected %s. A spreadsheet rounds long ids"
                                        " (7000000000000007 becomes 7000000000000010): export the file"
                                        " again and format the id columns as Text before saving"),
                                      store_id, stored, seller_id, stored);
    }
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (self->store, error, _("looking up a store"));
      sqlite3_reset (self->lookup);
      return FALSE;
    }
  sqlite3_reset (self->lookup);
  return TRUE;
}

typedef enum
{
  TOKEN_FOUND,
  TOKEN_NONE,
  TOKEN_BAD,
} TokenResult;

/* The value of query parameter @param in @url, percent-decoded, into
 * @out. */
static TokenResult
url_parameter (const char *url,
               const char *param,
               GString    *out)
{
  const char *query = strchr (url, '?');
  gsize param_len = strlen (param);

  if (query == NULL)
    return TOKEN_NONE;

  for (const char *p = query + 1; *p != '\0' && *p != '#';)
    {
      const char *end = p + strcspn (p, "&#");

      if ((gsize) (end - p) > param_len && strncmp (p, param, param_len) == 0 && p[param_len] == '=')
        {
          g_autofree char *value = g_uri_unescape_segment (p + param_len + 1, end, NULL);

          if (value == NULL || *value == '\0')
            return TOKEN_BAD;
          g_string_assign (out, value);
          return TOKEN_FOUND;
        }
      p = *end == '&' ? end + 1 : end;
    }
  return TOKEN_NONE;
}

static gboolean
looks_like_url (const char *text)
{
  return strstr (text, "://") != NULL;
}


/* ------------------------------------------------------------------ */
/* Store progress reports. */

enum
{
  S_STORE_ID,
  S_SELLER_ID,
  S_MARKET,
  S_ONBOARDED_AT,
  S_VIA_LINK,
  S_FIRST_SALE_AT,
  S_SETTLED_GMV,
  S_GMV_CURRENCY,
  S_INVENTORY,
  S_STATUS,
  S_GOVERNANCE,
  S_GOVERNANCE_REASON,
};

static const PdCsvColumn store_columns[] = {
  { "store_id", "店铺ID", TRUE },
  { "seller_id", "商家ID", TRUE },
  { "market", "站点", FALSE },
  { "onboarded_at", "入驻时间", FALSE },
  { "via_link", "邀约链接", FALSE },
  { "first_sale_at", NULL, FALSE },
  { "settled_gmv_30d", "30天结算GMV", FALSE },
  { "gmv_currency", "币种", FALSE },
  { "inventory_countries", "备货国家", FALSE },
  { "store_status", "店铺状态", FALSE },
  { "governance", "治理风险", FALSE },
  { "governance_reason", NULL, FALSE },
};

/* Parameters: ?1 store_id, ?2 seller_id, ?3 market, ?4 onboarded_at,
 * ?5 via_link, ?6 via_token, ?7 first_sale_at, ?8 settled_gmv_30d,
 * ?9 gmv_currency, ?10 inventory_countries, ?11 store_status,
 * ?12 governance, ?13 governance_reason. */
static gboolean
stores_prepare (Run     *run,
                GError **error)
{
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);
  const PdStoreTable *stores = pd_store_table_lookup ("store");

  pd_import_add_table_column (set, changed, stores, 2);
  if (has_column (run, S_MARKET))
    pd_import_add_table_column (set, changed, stores, 3);
  if (has_column (run, S_ONBOARDED_AT))
    pd_import_add_table_column (set, changed, stores, 4);
  if (has_column (run, S_VIA_LINK))
    {
      pd_import_add_table_column (set, changed, stores, 5);
      pd_import_add_table_column (set, changed, stores, 6);
    }
  if (has_column (run, S_FIRST_SALE_AT))
    pd_import_add_table_column (set, changed, stores, 7);
  /* An amount and its currency change together; a currency without the
   * amount column would re-denominate the stored amount. */
  if (has_column (run, S_SETTLED_GMV))
    {
      pd_import_add_table_column (set, changed, stores, 8);
      pd_import_add_table_column (set, changed, stores, 9);
    }
  if (has_column (run, S_INVENTORY))
    pd_import_add_table_column (set, changed, stores, 10);
  if (has_column (run, S_STATUS))
    pd_import_add_table_column (set, changed, stores, 11);
  if (has_column (run, S_GOVERNANCE))
    pd_import_add_table_column (set, changed, stores, 12);
  if (has_column (run, S_GOVERNANCE_REASON))
    pd_import_add_table_column (set, changed, stores, 13);

  run->scratch = g_string_new (NULL);
  run->scratch2 = g_string_new (NULL);

  /* The columns of pd-store-tables.c, named once for the importer and
   * the sync. */
  return pd_import_prepare_table (run, stores, 13, set, changed, error);
}

static gboolean
stores_row (Run        *run,
            GPtrArray  *fields,
            guint64     line,
            GError    **error)
{
  PdImportResult *result = run->result;
  g_autoptr(GError) local_error = NULL;
  Value values[13] = { { 0 } };
  const char *store_id;
  const char *seller_id;
  const char *text;
  const char *amount;
  const char *currency_text;
  char market[17];
  char currency[4];
  PdMoney money;
  gboolean ok = TRUE;

  store_id = pd_import_id_field (run, fields, S_STORE_ID, 0, N_("store id"), line, &ok);
  seller_id = pd_import_id_field (run, fields, S_SELLER_ID, 1, N_("seller id"), line, &ok);
  ok &= pd_import_require_text (run, line, S_STORE_ID, store_id, N_("the store’s id"));
  ok &= pd_import_require_text (run, line, S_SELLER_ID, seller_id, N_("the id of the store’s seller"));
  set_text (&values[0], store_id);
  set_text (&values[1], seller_id);

  if ((text = nonempty (run, fields, S_MARKET)) != NULL)
    {
      if (pd_import_parse_market (run, line, S_MARKET, text, market))
        set_text (&values[2], market);
      else
        ok = FALSE;
    }
  ok &= pd_import_parse_time (run, line, S_ONBOARDED_AT, field (run, fields, S_ONBOARDED_AT), &values[3]);

  if ((text = nonempty (run, fields, S_VIA_LINK)) != NULL)
    {
      set_text (&values[4], text);
      if (looks_like_url (text))
        {
          TokenResult found = url_parameter (text, "pd_ref", run->scratch);

          if (g_ascii_strncasecmp (text, "https://", 8) != 0 && g_ascii_strncasecmp (text, "http://", 7) != 0)
            {
              pd_import_add_problem (run, line, S_VIA_LINK, _("“%s” is not a web link; expected the invitation link, https://…pd_ref=TOKEN, or its token alone"),
                                     text);
              ok = FALSE;
            }
          else if (found == TOKEN_FOUND && pd_link_token_is_valid (run->scratch->str))
            set_text (&values[5], run->scratch->str);
          else if (found != TOKEN_NONE)
            {
              pd_import_add_problem (run, line, S_VIA_LINK, _("the link’s pd_ref parameter is empty, badly encoded or too short; expected pd_ref=TOKEN, the token being at least 22 letters, digits, “-” and “_”"));
              ok = FALSE;
            }
        }
      else if (pd_link_token_is_valid (text))
        set_text (&values[5], text);
      else
        {
          pd_import_add_problem (run, line, S_VIA_LINK, _("“%s” is neither a link nor a token; expected the invitation link (with pd_ref=TOKEN) or its token alone (at least 22 letters, digits, “-” and “_”)"),
                                 text);
          ok = FALSE;
        }
    }

  ok &= pd_import_parse_time (run, line, S_FIRST_SALE_AT, field (run, fields, S_FIRST_SALE_AT), &values[6]);

  amount = nonempty (run, fields, S_SETTLED_GMV);
  currency_text = nonempty (run, fields, S_GMV_CURRENCY);
  if (amount != NULL && currency_text == NULL)
    {
      pd_import_add_problem (run, line, S_SETTLED_GMV, _("the amount “%s” has no currency; expected its currency in gmv_currency, such as CNY"),
                             amount);
      ok = FALSE;
    }
  else if (amount != NULL)
    {
      if (!pd_currency_parse (currency_text, currency, &local_error))
        {
          pd_import_add_value_problem (run, line, S_GMV_CURRENCY, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
      else if (!pd_money_parse (amount, currency, PD_MONEY_PARSE_DEFAULT, &money, &local_error))
        {
          pd_import_add_value_problem (run, line, S_SETTLED_GMV, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
      else
        {
          set_int (&values[7], money.minor);
          set_text (&values[8], money.currency);
        }
    }
  else if (currency_text != NULL)
    {
      if (pd_currency_parse (currency_text, currency, &local_error))
        set_text (&values[8], currency);
      else
        {
          pd_import_add_value_problem (run, line, S_GMV_CURRENCY, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }

  /* NOT NULL: an empty list is "". */
  values[9].type = V_TEXT;
  values[9].text = "";
  if ((text = nonempty (run, fields, S_INVENTORY)) != NULL)
    {
      g_autoptr(GPtrArray) codes = NULL;

      if (pd_country_list_parse (text, &codes, &local_error))
        {
          g_string_truncate (run->scratch2, 0);
          for (guint i = 0; i < codes->len; i++)
            g_string_append_printf (run->scratch2, "%s%s", i > 0 ? ";" : "",
                                    (const char *) g_ptr_array_index (codes, i));
          values[9].text = run->scratch2->str;
        }
      else
        {
          pd_import_add_value_problem (run, line, S_INVENTORY, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }

  set_text (&values[10], "normal");
  if ((text = nonempty (run, fields, S_STATUS)) != NULL)
    {
      PdStoreStatus status;

      if (pd_store_status_parse (text, &status, &local_error))
        set_text (&values[10], pd_store_status_to_string (status));
      else
        {
          pd_import_add_value_problem (run, line, S_STATUS, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }

  set_text (&values[11], "none");
  if ((text = nonempty (run, fields, S_GOVERNANCE)) != NULL)
    {
      PdGovernance governance;

      if (pd_governance_parse (text, &governance, &local_error))
        set_text (&values[11], pd_governance_to_string (governance));
      else
        {
          pd_import_add_value_problem (run, line, S_GOVERNANCE, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }
  set_text (&values[12], field (run, fields, S_GOVERNANCE_REASON));

  /* A store twice in the file is a problem of its own (the later row is
   * not compared with the earlier one). */
  if (*store_id != '\0' && pd_import_check_key (run, line, S_STORE_ID, run->no_prefix_state, NULL, store_id) && ok)
    {
      g_autofree char *problem = NULL;

      /* A new store: the INSERT finds its place in the search that
       * writes it, and there is no stored seller to compare. */
      if (result->n_problems == 0)
        {
          UpsertResult inserted = pd_import_insert_new (run, values, G_N_ELEMENTS (values), error);

          if (inserted != UPSERT_UNCHANGED)
            return inserted != UPSERT_FAILED;
        }
      if (run->stores == NULL && (run->stores = pd_import_stores_new (run->store, error)) == NULL)
        return FALSE;
      if (!pd_import_stores_check_seller (run->stores, store_id, seller_id, &problem, error))
        return FALSE;
      if (problem != NULL)
        {
          pd_import_add_problem (run, line, S_SELLER_ID, "%s", problem);
          ok = FALSE;
        }
    }

  if (!ok || result->n_problems > 0)
    return TRUE;
  return pd_import_upsert (run, values, G_N_ELEMENTS (values), error) != UPSERT_FAILED;
}

static gboolean
stores_key (Run         *run,
            GPtrArray   *fields,
            const char **prefix,
            const char **key)
{
  gboolean ok = TRUE;

  *prefix = NULL;
  *key = pd_import_id_field (run, fields, S_STORE_ID, 0, N_("store id"), 0, &ok);
  return *key != NULL && **key != '\0';
}

const KindClass pd_import_stores_class = {
  store_columns, G_N_ELEMENTS (store_columns), "import.stores", N_("store_id"),
  stores_prepare, stores_row, stores_key, NULL,
};

