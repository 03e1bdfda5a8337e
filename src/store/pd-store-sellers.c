/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-column-readers.h"
#include "pd-store-private.h"
#include "pd-store-sellers.h"

/* A seller is on several programs' lists: one row each, its newest
 * listing's name and market. */
#define SELLERS_SQL \
  "SELECT t.seller_id, t.seller_name, t.brand, t.market FROM target_merchants t" \
  " WHERE t.listed_at = (SELECT max(listed_at) FROM target_merchants u WHERE u.seller_id = t.seller_id)"

void
pd_seller_match_free (PdSellerMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->seller_id);
  g_free (match->seller_name);
  g_free (match->brand);
  g_free (match->market);
  g_free (match);
}

static PdSellerMatch *
read_match (sqlite3_stmt *stmt)
{
  PdSellerMatch *match = g_new0 (PdSellerMatch, 1);

  match->seller_id = pd_column_dup_text (stmt, 0);
  match->seller_name = pd_column_dup_text (stmt, 1);
  match->brand = pd_column_dup_text (stmt, 2);
  match->market = pd_column_dup_text (stmt, 3);
  return match;
}

/* @text for LIKE ... ESCAPE '\': its wildcards taken literally. */
static char *
escape_like (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  return g_string_free (escaped, FALSE);
}

GPtrArray *
pd_store_search_sellers (PdStore     *store,
                         const char  *text,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_seller_match_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *escaped = escape_like (trimmed);
  g_autofree char *prefix = g_strconcat (escaped, "%", NULL);
  g_autofree char *inside = g_strconcat ("%", escaped, "%", NULL);
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  stmt = pd_store_prepare (store,
                           SELLERS_SQL
                           " AND (?1 = '' OR t.seller_id LIKE ?2 ESCAPE '\\'"
                           "      OR t.seller_name LIKE ?3 ESCAPE '\\' OR t.brand LIKE ?3 ESCAPE '\\')"
                           " GROUP BY t.seller_id ORDER BY t.seller_name, t.seller_id LIMIT ?4",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, inside, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (matches, read_match (stmt));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("searching the sellers"));
      return NULL;
    }
  return g_steal_pointer (&matches);
}

PdSellerMatch *
pd_store_get_seller (PdStore     *store,
                     const char  *seller_id,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (seller_id != NULL, NULL);

  stmt = pd_store_prepare (store, SELLERS_SQL " AND t.seller_id = ?1 LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, seller_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_match (stmt);
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("reading the seller"));
  return NULL;
}
