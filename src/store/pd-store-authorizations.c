/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-store-authorizations.h"
#include "pd-store-links.h"
#include "pd-store-objects-private.h"

void
pd_authorization_row_free (PdAuthorizationRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->state);
  g_free (row->seller_id);
  g_free (row->service_id);
  g_strfreev (row->shop_ids);
  g_free (row->renewal_of);
  g_free (row->renewed_by);
  g_free (row);
}

GTimeZone *
pd_store_dup_user_zone (PdStore  *store,
                        GError  **error)
{
  g_autofree char *name = pd_store_dup_setting (store, "import_timezone", error);
  GTimeZone *zone;

  if (name == NULL)
    return NULL;
  zone = g_time_zone_new_identifier (name);
  if (zone == NULL)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                 _("The store’s import_timezone “%s” is not a time zone; expected an IANA zone"
                   " such as Asia/Shanghai"), name);
  return zone;
}

static guint32
julian_day (gint64     t,
            GTimeZone *zone)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = dt != NULL ? g_date_time_to_timezone (dt, zone) : NULL;
  GDate date;
  int y, m, d;

  if (local == NULL)
    return 0;
  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

gint64
pd_authorization_days_left (gint64     now,
                            gint64     expires_at,
                            GTimeZone *zone)
{
  return (gint64) julian_day (expires_at, zone) - (gint64) julian_day (now, zone);
}

static char **
parse_shop_ids (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (node));
        }
    }
  return g_strv_builder_end (builder);
}

#define ROW_SELECT \
  "SELECT a.id, a.state, a.seller_id, a.service_id, a.shop_ids, a.starts_at, a.expires_at," \
  "  a.renewal_of," \
  "  (SELECT r.id FROM authorizations r WHERE r.renewal_of = a.id" \
  "    ORDER BY r.starts_at DESC, r.id DESC LIMIT 1)" \
  " FROM authorizations a"

static PdAuthorizationRow *
read_row (sqlite3_stmt *stmt,
          gint64        now,
          GTimeZone    *zone)
{
  PdAuthorizationRow *row = g_new0 (PdAuthorizationRow, 1);
  g_autofree char *shops = pd_column_dup_text (stmt, 4);

  row->id = pd_column_dup_text (stmt, 0);
  row->state = pd_column_dup_text (stmt, 1);
  row->seller_id = pd_column_dup_text (stmt, 2);
  row->service_id = pd_column_dup_text (stmt, 3);
  row->shop_ids = parse_shop_ids (shops);
  row->starts_at = sqlite3_column_int64 (stmt, 5);
  row->expires_at = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 6);
  if (row->expires_at != 0)
    row->days_left = pd_authorization_days_left (now, row->expires_at, zone);
  row->renewal_of = pd_column_dup_text (stmt, 7);
  row->renewed_by = pd_column_dup_text (stmt, 8);
  return row;
}

GPtrArray *
pd_store_list_authorizations (PdStore  *store,
                              gint64    now,
                              int       expiring_days,
                              GError  **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  zone = pd_store_dup_user_zone (store, error);
  if (zone == NULL)
    return NULL;
  stmt = pd_store_prepare (store,
                           ROW_SELECT
                           " WHERE ?1 < 0 OR (a.state = 'active' AND a.expires_at IS NOT NULL"
                           "                  AND a.expires_at >= ?2)"
                           " ORDER BY a.expires_at IS NULL, a.expires_at, a.id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, expiring_days);
  sqlite3_bind_int64 (stmt, 2, now);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_authorization_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdAuthorizationRow *row = read_row (stmt, now, zone);

      if (expiring_days >= 0 && row->days_left > expiring_days)
        {
          pd_authorization_row_free (row);
          continue;
        }
      g_ptr_array_add (list, row);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the authorizations"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

PdAuthorizationRow *
pd_store_get_authorization (PdStore     *store,
                            const char  *id,
                            gint64       now,
                            GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  zone = pd_store_dup_user_zone (store, error);
  if (zone == NULL)
    return NULL;
  stmt = pd_store_prepare (store, ROW_SELECT " WHERE a.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_row (stmt, now, zone);
  if (rc == SQLITE_DONE)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                 _("No authorization “%s” in the store; expected the id of one that"
                   " `authorizations` lists"), id);
  else
    pd_store_set_sql_error (store, error, _("reading the authorization"));
  return NULL;
}

/* The public call without shops nor renewal lives here, beside the one
 * that takes them, to keep pd-store-links.c under its size limit. */
gboolean
pd_store_link_authorization (PdStore     *store,
                             const char  *service_id,
                             const char  *seller_id,
                             int          duration_days,
                             const char  *staff,
                             PdLink     **link_out,
                             GError     **error)
{
  return pd_store_link_authorization_for (store, service_id, seller_id, NULL, duration_days, NULL,
                                          staff, link_out, error);
}

static gboolean
check_shop_ids (const char * const *shop_ids,
                GError            **error)
{
  for (guint i = 0; shop_ids != NULL && shop_ids[i] != NULL; i++)
    {
      const char *id = shop_ids[i];
      gsize len = strlen (id);
      gboolean ok = len > 0 && len <= 64;

      for (gsize c = 0; ok && c < len; c++)
        ok = g_ascii_isalnum (id[c]) || id[c] == '-' || id[c] == '_';
      if (!ok)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                       _("Shop id “%s” is not valid; expected 1 to 64 letters, digits, - or _,"
                         " several separated by commas"), id);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
pd_store_authorization_link (PdStore                          *store,
                             const PdAuthorizationLinkRequest *request,
                             PdLink                          **link_out,
                             GError                          **error)
{
  g_autoptr(PdAuthorizationRow) renewed = NULL;
  const char *service_id = request->service_id;
  const char *seller_id = request->seller_id;
  const char * const *shop_ids = request->shop_ids;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (!check_shop_ids (shop_ids, error))
    return FALSE;
  if (request->renewal_of != NULL)
    {
      renewed = pd_store_get_authorization (store, request->renewal_of,
                                            g_get_real_time () / G_USEC_PER_SEC, error);
      if (renewed == NULL)
        return FALSE;
      if (service_id != NULL && g_strcmp0 (service_id, renewed->service_id) != 0)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                       _("Authorization %s is for service %s, not %s; a renewal is for the same"
                         " service (leave --service out)"),
                       renewed->id, renewed->service_id, service_id);
          return FALSE;
        }
      if (seller_id != NULL && g_strcmp0 (seller_id, renewed->seller_id) != 0)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                       _("Authorization %s is the seller %s’s, not %s’s; a renewal is for the"
                         " same seller (leave --seller out)"),
                       renewed->id, renewed->seller_id, seller_id);
          return FALSE;
        }
      service_id = renewed->service_id;
      seller_id = renewed->seller_id;
      if (shop_ids == NULL)
        shop_ids = (const char * const *) renewed->shop_ids;
    }
  return pd_store_link_authorization_for (store, service_id, seller_id, shop_ids,
                                          request->duration_days, request->renewal_of,
                                          request->staff, link_out, error);
}
