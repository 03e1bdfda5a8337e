/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include "pd-store-tables.h"

/* The order of the columns is the order of the sync decoder's fields
 * (src/sync/pd-decoded-change.c) and of the importer's insert
 * parameters: add columns at the end, never reorder. */

#define KEY         PD_TABLE_COLUMN_KEY
#define KEEP_LOCAL  PD_TABLE_COLUMN_KEEP_LOCAL
#define INSERT_ONLY PD_TABLE_COLUMN_INSERT_ONLY

static const PdTableColumn program_columns[] = {
  { "id", KEY },
};

static const PdTableColumn fx_rate_columns[] = {
  { "currency", KEY },
  { "cny_per_unit_micros" },
  { "updated_at" },
};

static const PdTableColumn target_columns[] = {
  { "program_id", KEY },
  { "seller_id", KEY },
  { "seller_name" },
  { "brand" },
  { "market" },
  { "country" },
  { "contact_name" },
  { "contact_email" },
  { "contact_phone" },
  { "review_status" },
  { "listed_at", INSERT_ONLY },
  { "left_at" },
};

static const PdTableColumn store_columns[] = {
  { "store_id", KEY },
  { "seller_id" },
  { "market" },
  { "onboarded_at" },
  { "via_link" },
  { "via_token" },
  { "first_sale_at" },
  { "settled_gmv_30d" },
  { "gmv_currency" },
  { "inventory_countries" },
  { "store_status" },
  { "governance" },
  { "governance_reason" },
};

static const PdTableColumn link_columns[] = {
  { "token", KEY },
  { "kind" },
  { "url" },
  { "state" },
  /* The user's action, made here before the platform heard of it: its
   * time is when the user acted, not when the push or the feed arrived. */
  { "created_at", KEEP_LOCAL },
  { "seller_id" },
  { "market" },
  { "program_id" },
  { "service_id" },
  { "expires_at" },
  { "used_at" },
  { "revoked_at", KEEP_LOCAL },
  { "duration_days" },
  { "staff", KEEP_LOCAL },
  /* The authorization a renewal link renews: the platform's link object
   * may not carry it, and a pull never forgets it. */
  { "renewal_of", KEEP_LOCAL },
};

static const PdTableColumn category_columns[] = {
  { "id", KEY },
  { "name" },
  { "state" },
  { "requirement_metric" },
  { "requirement_amount" },
  { "requirement_currency" },
  { "operation_qualification" },
  { "current_amount" },
  { "current_currency" },
};

static const PdTableColumn service_columns[] = {
  { "id", KEY },
  { "category_id" },
  { "name" },
  { "type" },
  { "description" },
  { "price" },
  { "currency" },
};

static const PdTableColumn seller_request_columns[] = {
  { "id", KEY },
  { "status" },
  { "request_type" },
  { "category_id" },
  { "location" },
  { "company_size" },
  { "currency" },
  { "monthly_tiktok_shop_gmv" },
  { "monthly_other_gmv" },
  { "monthly_budget" },
  { "main_category" },
  { "best_selling_product" },
  { "other_details" },
  { "contact_name" },
  { "contact_email" },
  { "created_at" },
  { "updated_at" },
};

static const PdTableColumn authorization_columns[] = {
  { "id", KEY },
  { "state" },
  { "seller_id" },
  { "service_id" },
  { "shop_ids" },
  { "contact_name" },
  { "contact_email" },
  { "starts_at" },
  { "expires_at" },
  { "duration_days" },
  { "renewal_of" },
};

static const PdTableColumn payout_columns[] = {
  { "id", KEY },
  { "program_id" },
  { "quarter" },
  { "amount" },
  { "currency" },
  { "status" },
  { "paid_at" },
  { "seller_id" },
  { "store_id" },
};

#define TABLE(type, table, columns, n_keys, keeps) \
  { type, table, columns, G_N_ELEMENTS (columns), n_keys, keeps }

static const PdStoreTable tables[] = {
  TABLE ("program", "programs", program_columns, 1, FALSE),
  TABLE ("fx_rate", "exchange_rates", fx_rate_columns, 1, FALSE),
  TABLE ("target_merchant", "target_merchants", target_columns, 2, TRUE),
  TABLE ("store", "stores", store_columns, 1, FALSE),
  TABLE ("link", "links", link_columns, 1, FALSE),
  TABLE ("service_category", "service_categories", category_columns, 1, FALSE),
  TABLE ("service", "services", service_columns, 1, FALSE),
  TABLE ("seller_request", "seller_requests", seller_request_columns, 1, FALSE),
  TABLE ("authorization", "authorizations", authorization_columns, 1, FALSE),
  TABLE ("payout", "payouts", payout_columns, 1, FALSE),
};

const PdStoreTable *
pd_store_table_lookup (const char *type)
{
  g_return_val_if_fail (type != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].type, type))
      return &tables[i];
  return NULL;
}

char *
pd_store_table_insert_sql (const PdStoreTable *table,
                           guint               n_columns,
                           const char         *tail)
{
  g_autoptr(GString) sql = NULL;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (n_columns > 0 && n_columns <= table->n_columns, NULL);

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT INTO %s (", table->table);
  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->columns[i].name);
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s?%u", i > 0 ? ", " : "", i + 1);
  g_string_append_c (sql, ')');
  if (tail != NULL)
    g_string_append_printf (sql, " %s", tail);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}
