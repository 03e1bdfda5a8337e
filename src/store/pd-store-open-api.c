/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-store-open-api.h"
#include "pd-store-private.h"

G_DEFINE_QUARK (pd-store-open-api-error-quark, pd_store_open_api_error)

void
pd_open_api_grant_free (PdOpenApiGrant *grant)
{
  if (grant == NULL)
    return;
  g_free (grant->open_id);
  g_free (grant->link_token);
  g_free (grant->seller_id);
  g_free (grant->seller_name);
  g_free (grant->seller_region);
  g_free (grant);
}

void
pd_open_api_shop_free (PdOpenApiShop *shop)
{
  if (shop == NULL)
    return;
  g_free (shop->shop_id);
  g_free (shop->open_id);
  g_free (shop->name);
  g_free (shop->region);
  g_free (shop->seller_type);
  g_free (shop->cipher);
  g_free (shop->shop_code);
  g_free (shop->state);
  g_free (shop->seller_id);
  g_free (shop->seller_name);
  g_free (shop->last_error);
  g_free (shop);
}

void
pd_open_api_reading_clear (PdOpenApiReading *reading)
{
  g_clear_pointer (&reading->warehouse_countries, g_free);
  g_clear_pointer (&reading->shop_status, g_free);
}

void
pd_open_api_reading_free (PdOpenApiReading *reading)
{
  if (reading == NULL)
    return;
  pd_open_api_reading_clear (reading);
  g_free (reading);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

gboolean
pd_store_open_api_check_link (PdStore     *store,
                              const char  *state,
                              char       **seller_id_out,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  stmt = pd_store_prepare (store,
                           "SELECT seller_id, state = 'revoked' OR revoked_at IS NOT NULL"
                           " FROM links WHERE token = ?1 AND kind = 'authorization'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PD_STORE_OPEN_API_ERROR, PD_STORE_OPEN_API_ERROR_UNKNOWN_LINK,
                   _("No authorization link of this store has the state in this address;"
                     " expected the address a seller reached after authorizing through one of"
                     " your authorization links"));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("reading the authorization links"));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 1))
    {
      g_set_error (error, PD_STORE_OPEN_API_ERROR, PD_STORE_OPEN_API_ERROR_REVOKED_LINK,
                   _("The authorization link %s was revoked; the seller must authorize through a"
                     " new link"), state);
      return FALSE;
    }
  if (seller_id_out != NULL)
    *seller_id_out = column_dup (stmt, 0);
  return TRUE;
}

/* The authorization's real end (the refresh token's expiry) feeds the
 * Authorizations page and its expiry notices: the seller's active
 * authorization of the link's service takes it. A later pull of a newer
 * version from the platform replaces it again. */
static gboolean
update_authorization_end (PdStore     *store,
                          const char  *open_id,
                          gint64       refresh_expires_at,
                          gboolean    *changed_out,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store,
                           "UPDATE authorizations SET expires_at = ?2"
                           " WHERE state = 'active' AND IFNULL(expires_at, -1) != ?2"
                           "  AND seller_id = (SELECT seller_id FROM open_api_grants WHERE open_id = ?1)"
                           "  AND service_id = (SELECT l.service_id FROM links l JOIN open_api_grants g"
                           "                    ON l.token = g.link_token WHERE g.open_id = ?1)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, open_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, refresh_expires_at);
  if (!pd_store_step_done (store, stmt, _("saving the authorization's end"), error))
    return FALSE;
  if (changed_out != NULL)
    *changed_out = sqlite3_changes (pd_store_get_db (store)) > 0;
  return TRUE;
}

/* The shop ids of @shops as a JSON array, for json_each(). */
static char *
shop_ids_json (GPtrArray *shops)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; shops != NULL && i < shops->len; i++)
    json_builder_add_string_value (builder, ((PdOpenApiShop *) g_ptr_array_index (shops, i))->shop_id);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static GPtrArray *
previous_grants (PdStore     *store,
                 const char  *open_id,
                 const char  *shop_ids,
                 GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store,
                           "SELECT DISTINCT open_id FROM open_api_shops WHERE open_id != ?1"
                           " AND shop_id IN (SELECT value FROM json_each(?2))", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, open_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, shop_ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the connected shops"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* After a (re)connection: this grant's shops that the authorization no
 * longer covers leave it; a grant the shops moved from that is left
 * without any is forgotten (@replaced: its open_id). */
static gboolean
forget_uncovered (PdStore       *store,
                  const char    *open_id,
                  const char    *shop_ids,
                  GPtrArray     *previous,
                  GStrvBuilder  *replaced,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) grant_stmt = NULL;

  stmt = pd_store_prepare (store,
                           "DELETE FROM open_api_shops WHERE open_id = ?1"
                           " AND shop_id NOT IN (SELECT value FROM json_each(?2))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, open_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, shop_ids, -1, SQLITE_STATIC);
  if (!pd_store_step_done (store, stmt, _("saving the Open API authorization"), error))
    return FALSE;
  grant_stmt = pd_store_prepare (store,
                                 "DELETE FROM open_api_grants WHERE open_id = ?1"
                                 " AND NOT EXISTS (SELECT 1 FROM open_api_shops WHERE open_id = ?1)", error);
  if (grant_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < previous->len; i++)
    {
      const char *old = g_ptr_array_index (previous, i);

      sqlite3_reset (grant_stmt);
      sqlite3_bind_text (grant_stmt, 1, old, -1, SQLITE_STATIC);
      if (!pd_store_step_done (store, grant_stmt, _("saving the Open API authorization"), error))
        return FALSE;
      if (sqlite3_changes (pd_store_get_db (store)) > 0)
        g_strv_builder_add (replaced, old);
    }
  return TRUE;
}

gboolean
pd_store_open_api_save_connection (PdStore              *store,
                                   const PdOpenApiGrant *grant,
                                   GPtrArray            *shops,
                                   gint64                now,
                                   GStrv                *replaced_out,
                                   GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) shop_stmt = NULL;
  g_autoptr(GPtrArray) previous = NULL;
  g_autoptr(GStrvBuilder) replaced = g_strv_builder_new ();
  g_autofree char *details = NULL;
  g_autofree char *shop_ids = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (grant != NULL && grant->open_id != NULL, FALSE);

  shop_ids = shop_ids_json (shops);
  if (!pd_store_begin (store, error))
    return FALSE;
  /* The grants these shops belonged to until now, if another. */
  previous = previous_grants (store, grant->open_id, shop_ids, error);
  if (previous == NULL)
    goto fail;
  stmt = pd_store_prepare (store,
                           "INSERT INTO open_api_grants (open_id, link_token, seller_id, seller_name,"
                           "  seller_region, access_expires_at, refresh_expires_at, state, connected_at,"
                           "  updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'connected', ?8, ?8)"
                           " ON CONFLICT (open_id) DO UPDATE SET"
                           "  link_token = IFNULL(excluded.link_token, link_token),"
                           "  seller_id = IFNULL(excluded.seller_id, seller_id),"
                           "  seller_name = excluded.seller_name, seller_region = excluded.seller_region,"
                           "  access_expires_at = excluded.access_expires_at,"
                           "  refresh_expires_at = excluded.refresh_expires_at,"
                           "  state = 'connected', updated_at = excluded.updated_at, last_error = NULL",
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, grant->open_id, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 2, grant->link_token);
  bind_text_or_null (stmt, 3, grant->seller_id);
  sqlite3_bind_text (stmt, 4, grant->seller_name != NULL ? grant->seller_name : "", -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 5, grant->seller_region);
  sqlite3_bind_int64 (stmt, 6, grant->access_expires_at);
  sqlite3_bind_int64 (stmt, 7, grant->refresh_expires_at);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!pd_store_step_done (store, stmt, _("saving the Open API authorization"), error))
    goto fail;

  shop_stmt = pd_store_prepare (store,
                                "INSERT INTO open_api_shops (shop_id, open_id, name, region, seller_type,"
                                "  cipher, shop_code, state, connected_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'connected', ?8)"
                                " ON CONFLICT (shop_id) DO UPDATE SET open_id = excluded.open_id,"
                                "  name = excluded.name, region = excluded.region,"
                                "  seller_type = excluded.seller_type, cipher = excluded.cipher,"
                                "  shop_code = excluded.shop_code, state = 'connected', last_error = NULL",
                                error);
  if (shop_stmt == NULL)
    goto fail;
  for (guint i = 0; shops != NULL && i < shops->len; i++)
    {
      const PdOpenApiShop *shop = g_ptr_array_index (shops, i);

      sqlite3_reset (shop_stmt);
      sqlite3_bind_text (shop_stmt, 1, shop->shop_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (shop_stmt, 2, grant->open_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (shop_stmt, 3, shop->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (shop_stmt, 4, shop->region, -1, SQLITE_STATIC);
      bind_text_or_null (shop_stmt, 5, shop->seller_type);
      sqlite3_bind_text (shop_stmt, 6, shop->cipher, -1, SQLITE_STATIC);
      bind_text_or_null (shop_stmt, 7, shop->shop_code);
      sqlite3_bind_int64 (shop_stmt, 8, now);
      if (!pd_store_step_done (store, shop_stmt, _("saving a connected shop"), error))
        goto fail;
    }
  if (!forget_uncovered (store, grant->open_id, shop_ids, previous, replaced, error))
    goto fail;
  details = g_strdup_printf ("%u shops", shops != NULL ? shops->len : 0);
  if (!update_authorization_end (store, grant->open_id, grant->refresh_expires_at, NULL, error) ||
      !pd_store_audit (store, "open-api-connect", grant->seller_id != NULL ? grant->seller_id : grant->open_id,
                       details, error) ||
      !pd_store_commit (store, error))
    goto fail;
  pd_store_emit_change (store, PD_ENTITY_STORES | PD_ENTITY_SYNCED, NULL, PD_CHANGE_ORIGIN_SYNC);
  if (replaced_out != NULL)
    *replaced_out = g_strv_builder_end (replaced);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

GPtrArray *
pd_store_open_api_list_shops (PdStore     *store,
                              const char  *shop_id,
                              GError     **error)
{
  g_autoptr(GPtrArray) shops = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_open_api_shop_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  stmt = pd_store_prepare (store,
                           "SELECT s.shop_id, s.open_id, s.name, s.region, s.seller_type, s.cipher,"
                           "  s.shop_code, s.state, g.seller_id, g.access_expires_at,"
                           "  g.refresh_expires_at, s.connected_at, IFNULL(s.last_read_at, 0),"
                           "  s.last_error, g.seller_name"
                           " FROM open_api_shops s JOIN open_api_grants g USING (open_id)"
                           " WHERE ?1 IS NULL OR s.shop_id = ?1 ORDER BY s.shop_id", error);
  if (stmt == NULL)
    return NULL;
  bind_text_or_null (stmt, 1, shop_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdOpenApiShop *shop = g_new0 (PdOpenApiShop, 1);

      shop->shop_id = column_dup (stmt, 0);
      shop->open_id = column_dup (stmt, 1);
      shop->name = column_dup (stmt, 2);
      shop->region = column_dup (stmt, 3);
      shop->seller_type = column_dup (stmt, 4);
      shop->cipher = column_dup (stmt, 5);
      shop->shop_code = column_dup (stmt, 6);
      shop->state = column_dup (stmt, 7);
      shop->seller_id = column_dup (stmt, 8);
      shop->access_expires_at = sqlite3_column_int64 (stmt, 9);
      shop->refresh_expires_at = sqlite3_column_int64 (stmt, 10);
      shop->connected_at = sqlite3_column_int64 (stmt, 11);
      shop->last_read_at = sqlite3_column_int64 (stmt, 12);
      shop->last_error = column_dup (stmt, 13);
      shop->seller_name = column_dup (stmt, 14);
      g_ptr_array_add (shops, shop);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the connected shops"));
      return NULL;
    }
  return g_steal_pointer (&shops);
}

gboolean
pd_store_open_api_set_expiries (PdStore     *store,
                                const char  *open_id,
                                gint64       access_expires_at,
                                gint64       refresh_expires_at,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean changed = FALSE;

  if (!pd_store_begin (store, error))
    return FALSE;
  stmt = pd_store_prepare (store,
                           "UPDATE open_api_grants SET access_expires_at = ?2, refresh_expires_at = ?3"
                           " WHERE open_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, open_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, access_expires_at);
  sqlite3_bind_int64 (stmt, 3, refresh_expires_at);
  if (!pd_store_step_done (store, stmt, _("saving the Open API token expiries"), error) ||
      !update_authorization_end (store, open_id, refresh_expires_at, &changed, error) ||
      !pd_store_commit (store, error))
    goto fail;
  if (changed)
    pd_store_emit_change (store, PD_ENTITY_SYNCED, NULL, PD_CHANGE_ORIGIN_SYNC);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

gboolean
pd_store_open_api_end_grant (PdStore     *store,
                             const char  *open_id,
                             const char  *state,
                             const char  *reason,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) grant_stmt = NULL;
  g_autoptr(sqlite3_stmt) shops_stmt = NULL;

  g_return_val_if_fail (g_str_equal (state, "expired") || g_str_equal (state, "cancelled"), FALSE);

  if (!pd_store_begin (store, error))
    return FALSE;
  grant_stmt = pd_store_prepare (store,
                                 "UPDATE open_api_grants SET state = ?2, last_error = ?3,"
                                 "  updated_at = strftime('%s', 'now') WHERE open_id = ?1", error);
  shops_stmt = grant_stmt == NULL ? NULL
    : pd_store_prepare (store, "UPDATE open_api_shops SET state = ?2, last_error = ?3 WHERE open_id = ?1",
                        error);
  if (shops_stmt == NULL)
    goto fail;
  for (guint i = 0; i < 2; i++)
    {
      sqlite3_stmt *stmt = i == 0 ? grant_stmt : shops_stmt;

      sqlite3_bind_text (stmt, 1, open_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, state, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 3, reason);
      if (!pd_store_step_done (store, stmt, _("marking the Open API authorization ended"), error))
        goto fail;
    }
  if (!pd_store_audit (store, "open-api-end", open_id, state, error) ||
      !pd_store_commit (store, error))
    goto fail;
  pd_store_emit_change (store, PD_ENTITY_STORES, NULL, PD_CHANGE_ORIGIN_SYNC);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

gboolean
pd_store_open_api_note_error (PdStore     *store,
                              const char  *shop_id,
                              const char  *message,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store, "UPDATE open_api_shops SET last_error = ?2 WHERE shop_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, shop_id, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 2, message);
  return pd_store_step_done (store, stmt, _("saving a shop's read error"), error);
}

gboolean
pd_store_open_api_get_store_opened (PdStore     *store,
                                    const char  *shop_id,
                                    gint64      *onboarded_at_out,
                                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store, "SELECT onboarded_at FROM stores WHERE store_id = ?1"
                                  " AND onboarded_at IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, shop_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *onboarded_at_out = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("reading a store"));
  return FALSE;
}

char *
pd_store_open_api_dup_store_currency (PdStore    *store,
                                      const char *shop_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store, "SELECT gmv_currency FROM stores WHERE store_id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, shop_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return column_dup (stmt, 0);
}

#define READING_COLUMNS \
  "gmv_amount, gmv_currency, IFNULL(gmv_read_at, 0), warehouse_countries," \
  " IFNULL(warehouses_read_at, 0), shop_status, IFNULL(status_read_at, 0)"

/* READING_COLUMNS from column @first on. */
static void
read_reading (sqlite3_stmt     *stmt,
              int               first,
              PdOpenApiReading *out)
{
  memset (out, 0, sizeof *out);
  if (sqlite3_column_type (stmt, first) != SQLITE_NULL && sqlite3_column_type (stmt, first + 1) != SQLITE_NULL)
    {
      out->has_gmv = TRUE;
      out->gmv_amount = sqlite3_column_int64 (stmt, first);
      g_strlcpy (out->gmv_currency, (const char *) sqlite3_column_text (stmt, first + 1),
                 sizeof out->gmv_currency);
      out->gmv_read_at = sqlite3_column_int64 (stmt, first + 2);
    }
  out->warehouse_countries = column_dup (stmt, first + 3);
  out->warehouses_read_at = sqlite3_column_int64 (stmt, first + 4);
  out->shop_status = column_dup (stmt, first + 5);
  out->status_read_at = sqlite3_column_int64 (stmt, first + 6);
}

gboolean
pd_store_open_api_get_reading (PdStore           *store,
                               const char        *shop_id,
                               PdOpenApiReading  *out,
                               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  memset (out, 0, sizeof *out);
  stmt = pd_store_prepare (store, "SELECT " READING_COLUMNS " FROM open_api_figures WHERE shop_id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, shop_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        pd_store_set_sql_error (store, error, _("reading a shop's figures"));
      return FALSE;
    }
  read_reading (stmt, 0, out);
  return TRUE;
}

GHashTable *
pd_store_open_api_list_readings (PdStore  *store,
                                 GError  **error)
{
  g_autoptr(GHashTable) readings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) pd_open_api_reading_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  stmt = pd_store_prepare (store, "SELECT shop_id, " READING_COLUMNS " FROM open_api_figures", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdOpenApiReading *reading = g_new0 (PdOpenApiReading, 1);

      read_reading (stmt, 1, reading);
      g_hash_table_replace (readings, column_dup (stmt, 0), reading);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the shops' figures"));
      return NULL;
    }
  return g_steal_pointer (&readings);
}

/* A store's GMV is the platform's while it still holds what the last
 * read copied there (apply_gmv). */
#define GMV_FROM_PLATFORM \
  "(f.gmv_applied IS NOT NULL AND s.settled_gmv_30d IS f.gmv_applied" \
  " AND s.gmv_currency IS f.gmv_currency)"

gboolean
pd_store_open_api_count_sources (PdStore           *store,
                                 PdOpenApiSources  *out,
                                 GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  memset (out, 0, sizeof *out);
  stmt = pd_store_prepare (store,
                           "SELECT COUNT(*) FILTER (WHERE " GMV_FROM_PLATFORM "),"
                           "  IFNULL(MIN(f.gmv_read_at) FILTER (WHERE " GMV_FROM_PLATFORM "), 0),"
                           "  COUNT(*) FILTER (WHERE s.settled_gmv_30d IS NOT NULL AND NOT " GMV_FROM_PLATFORM
                           "   AND s.version > 0),"
                           "  COUNT(*) FILTER (WHERE s.settled_gmv_30d IS NOT NULL AND NOT " GMV_FROM_PLATFORM
                           "   AND s.version = 0)"
                           " FROM stores s LEFT JOIN open_api_figures f ON f.shop_id = s.store_id", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("counting where the stores' GMV came from"));
      return FALSE;
    }
  out->n_platform = (guint) sqlite3_column_int64 (stmt, 0);
  out->platform_read_at = sqlite3_column_int64 (stmt, 1);
  out->n_synced = (guint) sqlite3_column_int64 (stmt, 2);
  out->n_imported = (guint) sqlite3_column_int64 (stmt, 3);
  return TRUE;
}

gboolean
pd_store_open_api_forget_grant (PdStore     *store,
                                const char  *open_id,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) shops_stmt = NULL;
  g_autoptr(sqlite3_stmt) grant_stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (open_id != NULL, FALSE);

  if (!pd_store_begin (store, error))
    return FALSE;
  shops_stmt = pd_store_prepare (store, "DELETE FROM open_api_shops WHERE open_id = ?1", error);
  grant_stmt = shops_stmt == NULL ? NULL
    : pd_store_prepare (store, "DELETE FROM open_api_grants WHERE open_id = ?1", error);
  if (grant_stmt == NULL)
    goto fail;
  sqlite3_bind_text (shops_stmt, 1, open_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (grant_stmt, 1, open_id, -1, SQLITE_STATIC);
  if (!pd_store_step_done (store, shops_stmt, _("disconnecting the shops"), error))
    goto fail;
  if (!pd_store_step_done (store, grant_stmt, _("disconnecting the shops"), error))
    goto fail;
  if (sqlite3_changes (pd_store_get_db (store)) == 0)
    {
      g_set_error (error, PD_STORE_OPEN_API_ERROR, PD_STORE_OPEN_API_ERROR_UNKNOWN_SHOP,
                   _("No connected authorization has the id %s"), open_id);
      goto fail;
    }
  if (!pd_store_audit (store, "open-api-disconnect", open_id, NULL, error) ||
      !pd_store_commit (store, error))
    goto fail;
  pd_store_emit_change (store, PD_ENTITY_STORES, NULL, PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

/* The store's inventory countries, likewise: ours when empty or still
 * what the last read copied there. */
static gboolean
apply_warehouses (PdStore                *store,
                  const char             *shop_id,
                  const PdOpenApiFigures *figures,
                  gboolean                overwrite_settled,
                  gboolean               *applied_out,
                  GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store,
                           "UPDATE stores SET inventory_countries = ?2"
                           " WHERE store_id = ?1 AND (?3 OR inventory_countries = '' OR"
                           "  inventory_countries IS (SELECT warehouses_applied FROM open_api_figures"
                           "   WHERE shop_id = ?1))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, shop_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, figures->warehouse_countries, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, overwrite_settled ? 1 : 0);
  if (!pd_store_step_done (store, stmt, _("saving a store's inventory countries"), error))
    return FALSE;
  *applied_out = sqlite3_changes (pd_store_get_db (store)) > 0;
  return TRUE;
}

/* The store's 30-day GMV is ours to write when it is empty, or when it
 * still holds what the last read copied there (same amount and
 * currency): anything else came from an import or the feed. */
static gboolean
apply_gmv (PdStore                *store,
           const char             *shop_id,
           const PdOpenApiFigures *figures,
           gboolean                overwrite_settled,
           gboolean               *applied_out,
           GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (store,
                           "UPDATE stores SET settled_gmv_30d = ?2, gmv_currency = ?3"
                           " WHERE store_id = ?1 AND (?4 OR settled_gmv_30d IS NULL OR"
                           "  (settled_gmv_30d, gmv_currency) IS"
                           "  (SELECT gmv_applied, gmv_currency FROM open_api_figures WHERE shop_id = ?1"
                           "   AND gmv_applied IS NOT NULL))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, shop_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, figures->gmv_amount);
  sqlite3_bind_text (stmt, 3, figures->gmv_currency, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, overwrite_settled ? 1 : 0);
  if (!pd_store_step_done (store, stmt, _("saving a store's GMV"), error))
    return FALSE;
  *applied_out = sqlite3_changes (pd_store_get_db (store)) > 0;
  return TRUE;
}

gboolean
pd_store_open_api_write_figures (PdStore                *store,
                                 const char             *shop_id,
                                 const PdOpenApiFigures *figures,
                                 gboolean                overwrite_settled,
                                 gboolean               *applied_out,
                                 GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) shop_stmt = NULL;
  gboolean applied = FALSE, warehouses_applied = FALSE;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (shop_id != NULL && figures != NULL, FALSE);

  if (!pd_store_begin (store, error))
    return FALSE;
  if (figures->gmv_endpoint != NULL &&
      !apply_gmv (store, shop_id, figures, overwrite_settled, &applied, error))
    goto fail;
  if (figures->warehouses_endpoint != NULL && figures->warehouse_countries != NULL &&
      !apply_warehouses (store, shop_id, figures, overwrite_settled, &warehouses_applied, error))
    goto fail;
  stmt = pd_store_prepare (store,
                           "INSERT INTO open_api_figures (shop_id) VALUES (?1)"
                           " ON CONFLICT (shop_id) DO NOTHING", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, shop_id, -1, SQLITE_STATIC);
  if (!pd_store_step_done (store, stmt, _("saving a shop's figures"), error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = pd_store_prepare (store,
                           "UPDATE open_api_figures SET"
                           "  gmv_amount = CASE WHEN ?2 IS NULL THEN gmv_amount ELSE ?3 END,"
                           "  gmv_currency = IFNULL(?4, gmv_currency),"
                           "  gmv_window_start = IFNULL(?5, gmv_window_start),"
                           "  gmv_window_end = IFNULL(?6, gmv_window_end),"
                           "  gmv_endpoint = IFNULL(?2, gmv_endpoint),"
                           "  gmv_read_at = CASE WHEN ?2 IS NULL THEN gmv_read_at ELSE ?12 END,"
                           "  gmv_applied = CASE WHEN ?2 IS NULL THEN gmv_applied"
                           "                     WHEN ?13 THEN ?3 ELSE NULL END,"
                           "  warehouse_countries = CASE WHEN ?7 IS NULL THEN warehouse_countries ELSE ?8 END,"
                           "  warehouses_endpoint = IFNULL(?7, warehouses_endpoint),"
                           "  warehouses_read_at = CASE WHEN ?7 IS NULL THEN warehouses_read_at ELSE ?12 END,"
                           "  warehouses_applied = CASE WHEN ?7 IS NULL THEN warehouses_applied"
                           "                            WHEN ?14 THEN ?8 ELSE NULL END,"
                           "  shop_status = CASE WHEN ?9 IS NULL THEN shop_status ELSE ?10 END,"
                           "  status_endpoint = IFNULL(?9, status_endpoint),"
                           "  status_read_at = CASE WHEN ?9 IS NULL THEN status_read_at ELSE ?12 END"
                           " WHERE shop_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, shop_id, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 2, figures->gmv_endpoint);
  sqlite3_bind_int64 (stmt, 3, figures->gmv_amount);
  bind_text_or_null (stmt, 4, figures->gmv_endpoint != NULL ? figures->gmv_currency : NULL);
  bind_text_or_null (stmt, 5, figures->gmv_endpoint != NULL ? figures->gmv_window_start : NULL);
  bind_text_or_null (stmt, 6, figures->gmv_endpoint != NULL ? figures->gmv_window_end : NULL);
  bind_text_or_null (stmt, 7, figures->warehouses_endpoint);
  bind_text_or_null (stmt, 8, figures->warehouse_countries);
  bind_text_or_null (stmt, 9, figures->status_endpoint);
  bind_text_or_null (stmt, 10, figures->shop_status);
  sqlite3_bind_int64 (stmt, 12, figures->read_at);
  sqlite3_bind_int (stmt, 13, applied ? 1 : 0);
  sqlite3_bind_int (stmt, 14, warehouses_applied ? 1 : 0);
  if (!pd_store_step_done (store, stmt, _("saving a shop's figures"), error))
    goto fail;
  shop_stmt = pd_store_prepare (store,
                                "UPDATE open_api_shops SET last_read_at = ?2, last_error = NULL"
                                " WHERE shop_id = ?1", error);
  if (shop_stmt == NULL)
    goto fail;
  sqlite3_bind_text (shop_stmt, 1, shop_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (shop_stmt, 2, figures->read_at);
  if (!pd_store_step_done (store, shop_stmt, _("saving a shop's figures"), error) ||
      !pd_store_commit (store, error))
    goto fail;
  if (applied_out != NULL)
    *applied_out = applied;
  pd_store_emit_change (store, PD_ENTITY_STORES, NULL, PD_CHANGE_ORIGIN_SYNC);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}
