/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-store-authorizations.h"
#include "pd-store-links.h"
#include "pd-store-objects-private.h"
#include "pd-timestamp.h"

PdAuthorizationRow *
pd_authorization_row_copy (const PdAuthorizationRow *row)
{
  PdAuthorizationRow *copy = g_memdup2 (row, sizeof *row);

  copy->id = g_strdup (row->id);
  copy->state = g_strdup (row->state);
  copy->seller_id = g_strdup (row->seller_id);
  copy->service_id = g_strdup (row->service_id);
  copy->shop_ids = g_strdupv (row->shop_ids);
  copy->renewal_of = g_strdup (row->renewal_of);
  copy->renewed_by = g_strdup (row->renewed_by);
  copy->service_name = g_strdup (row->service_name);
  copy->seller_name = g_strdup (row->seller_name);
  copy->renewal_url = g_strdup (row->renewal_url);
  return copy;
}

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
  g_free (row->service_name);
  g_free (row->seller_name);
  g_free (row->renewal_url);
  g_free (row);
}

void
pd_authorization_notice_free (PdAuthorizationNotice *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->authorization_id);
  g_free (notice->seller_id);
  g_free (notice->seller_name);
  g_free (notice->service_name);
  g_free (notice);
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

gint64
pd_authorization_window_end (gint64     now,
                             int        days,
                             GTimeZone *zone)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian_day (now, zone) + (guint32) days + 1);
  return pd_timestamp_day_start (g_date_get_year (&date), g_date_get_month (&date),
                                 g_date_get_day (&date), zone);
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

/* The newest renewal link made for the authorization that a seller can
 * still use (its expiry is checked against the page's time by read_row). */
#define PENDING_RENEWAL_LINK \
  "l.renewal_of = a.id AND l.state = 'active' AND l.revoked_at IS NULL AND l.used_at IS NULL" \
  " ORDER BY l.created_at DESC, l.token DESC LIMIT 1"

/* The seller's name: from the first program's target list that holds
 * it, found through each program's primary key (target_merchants has no
 * index on seller_id alone, for the imports' sake). */
#define ROW_SELECT \
  "SELECT a.id, a.state, a.seller_id, a.service_id, a.shop_ids, a.starts_at, a.expires_at," \
  "  a.renewal_of," \
  "  (SELECT r.id FROM authorizations r WHERE r.renewal_of = a.id" \
  "    ORDER BY r.starts_at DESC, r.id DESC LIMIT 1)," \
  "  (SELECT s.name FROM services s WHERE s.id = a.service_id)," \
  "  (SELECT t.seller_name FROM programs p CROSS JOIN target_merchants t" \
  "    WHERE t.program_id = p.id AND t.seller_id = a.seller_id ORDER BY p.id LIMIT 1)," \
  "  (SELECT l.url FROM links l WHERE " PENDING_RENEWAL_LINK ")," \
  "  (SELECT IFNULL(l.expires_at, 9223372036854775807) FROM links l WHERE " \
  PENDING_RENEWAL_LINK ")" \
  " FROM authorizations a"

/* ?1 now, ?2 the window's end. */
#define EXPIRING_WHERE \
  " a.state = 'active' AND a.expires_at >= ?1 AND a.expires_at < ?2" \
  " AND NOT EXISTS (SELECT 1 FROM authorizations r WHERE r.renewal_of = a.id)"

#define SORT_KEY "IFNULL(a.expires_at, 9223372036854775807)"
#define ORDER " ORDER BY " SORT_KEY ", a.id"

/* The whole list: first the active authorizations that have not run out
 * at ?1 (now), soonest first, unlimited last; then the ended ones (not
 * active, or active past their expiry), most recently ended first: the
 * end is the expiry, or the start for one without (the store keeps no
 * time of cancellation). Each part is an index walk (migration 12); the
 * ended part merges two walks, ids first so that only the page's rows
 * read their names and links. */
#define ACTIVE_WHERE " a.state = 'active' AND " SORT_KEY " >= ?1"
#define ENDED_KEY "IFNULL(a.expires_at, a.starts_at)"
#define ENDED_IDS \
  "SELECT a.id AS id, " SORT_KEY " AS k FROM authorizations a" \
  "  WHERE a.state = 'active' AND " SORT_KEY " < ?1" \
  " UNION ALL" \
  " SELECT a.id, " ENDED_KEY " FROM authorizations a WHERE (a.state = 'active') = 0" \
  " ORDER BY 2 DESC, 1 DESC LIMIT ?3 OFFSET ?4"

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
  row->service_name = pd_column_dup_text (stmt, 9);
  row->seller_name = pd_column_dup_text (stmt, 10);
  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL && sqlite3_column_int64 (stmt, 12) > now)
    row->renewal_url = pd_column_dup_text (stmt, 11);
  return row;
}

/* Prepares @sql (whose WHERE is EXPIRING_WHERE when @expiring_days >= 0)
 * and binds now and the window's end; the zone for the caller. */
static sqlite3_stmt *
prepare_list (PdStore     *store,
              const char  *sql_all,
              const char  *sql_expiring,
              gint64       now,
              int          expiring_days,
              GTimeZone  **zone_out,
              GError     **error)
{
  g_autoptr(GTimeZone) zone = pd_store_dup_user_zone (store, error);
  sqlite3_stmt *stmt;

  if (zone == NULL)
    return NULL;
  stmt = pd_store_prepare (store, expiring_days >= 0 ? sql_expiring : sql_all, error);
  if (stmt == NULL)
    return NULL;
  if (expiring_days >= 0)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int64 (stmt, 2, pd_authorization_window_end (now, expiring_days, zone));
    }
  if (zone_out != NULL)
    *zone_out = g_steal_pointer (&zone);
  return stmt;
}

gboolean
pd_store_count_authorizations (PdStore  *store,
                               gint64    now,
                               int       expiring_days,
                               guint    *n_rows,
                               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  stmt = prepare_list (store, "SELECT COUNT(*) FROM authorizations a",
                       "SELECT COUNT(*) FROM authorizations a WHERE" EXPIRING_WHERE,
                       now, expiring_days, NULL, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("counting the authorizations"));
      return FALSE;
    }
  *n_rows = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
step_rows (PdStore       *store,
           sqlite3_stmt  *stmt,
           gint64         now,
           GTimeZone     *zone,
           GPtrArray     *list,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_row (stmt, now, zone));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the authorizations"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
count_active (PdStore  *store,
              gint64    now,
              guint    *n_active,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    pd_store_prepare (store, "SELECT COUNT(*) FROM authorizations a WHERE" ACTIVE_WHERE, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("counting the authorizations"));
      return FALSE;
    }
  *n_active = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* One part of the whole list: @sql binds ?1 now, ?3 the limit and ?4
 * the offset. */
static gboolean
read_part (PdStore     *store,
           const char  *sql,
           gint64       now,
           GTimeZone   *zone,
           guint        offset,
           gint64       limit,
           GPtrArray   *list,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, offset);
  return step_rows (store, stmt, now, zone, list, error);
}

GPtrArray *
pd_store_read_authorizations (PdStore  *store,
                              gint64    now,
                              int       expiring_days,
                              guint     offset,
                              guint     limit,
                              GError  **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  guint n_active;
  gint64 wanted = limit == G_MAXUINT ? -1 : (gint64) limit;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_authorization_row_free);
  if (expiring_days >= 0)
    {
      stmt = prepare_list (store, NULL, ROW_SELECT " WHERE" EXPIRING_WHERE ORDER " LIMIT ?3 OFFSET ?4",
                           now, expiring_days, &zone, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 3, wanted);
      sqlite3_bind_int64 (stmt, 4, offset);
      if (!step_rows (store, stmt, now, zone, list, error))
        return NULL;
      return g_steal_pointer (&list);
    }

  zone = pd_store_dup_user_zone (store, error);
  if (zone == NULL || !count_active (store, now, &n_active, error))
    return NULL;
  if (offset < n_active &&
      !read_part (store, ROW_SELECT " WHERE" ACTIVE_WHERE ORDER " LIMIT ?3 OFFSET ?4", now, zone,
                  offset, wanted < 0 ? n_active - offset : MIN (wanted, n_active - offset),
                  list, error))
    return NULL;
  if (wanted >= 0)
    wanted -= list->len;
  if (wanted != 0 &&
      !read_part (store, ROW_SELECT " JOIN (" ENDED_IDS ") e ON a.id = e.id ORDER BY e.k DESC, e.id DESC",
                  now, zone, offset > n_active ? offset - n_active : 0, wanted, list, error))
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
pd_store_list_authorizations (PdStore  *store,
                              gint64    now,
                              int       expiring_days,
                              GError  **error)
{
  return pd_store_read_authorizations (store, now, expiring_days, 0, G_MAXUINT, error);
}

gboolean
pd_store_find_authorization (PdStore     *store,
                             gint64       now,
                             int          expiring_days,
                             const char  *id,
                             guint       *position,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  /* The rows before it in the list's order; NULL when it is not in the
   * list. */
#define BEFORE \
  "SELECT (SELECT COUNT(*) FROM authorizations a WHERE %s (" SORT_KEY ", a.id) <" \
  "   (IFNULL(x.expires_at, 9223372036854775807), x.id))" \
  " FROM authorizations x WHERE x.id = ?3 AND (%s)"
  {
    static const char sql_all[] =
      "SELECT CASE WHEN x.state = 'active' AND IFNULL(x.expires_at, 9223372036854775807) >= ?1"
      " THEN (SELECT COUNT(*) FROM authorizations a WHERE" ACTIVE_WHERE
      "   AND (" SORT_KEY ", a.id) < (IFNULL(x.expires_at, 9223372036854775807), x.id))"
      " ELSE (SELECT COUNT(*) FROM authorizations a WHERE" ACTIVE_WHERE ")"
      "   + (SELECT COUNT(*) FROM authorizations a WHERE a.state = 'active' AND " SORT_KEY " < ?1"
      "       AND (" SORT_KEY ", a.id) > (IFNULL(x.expires_at, x.starts_at), x.id))"
      "   + (SELECT COUNT(*) FROM authorizations a WHERE (a.state = 'active') = 0"
      "       AND (" ENDED_KEY ", a.id) > (IFNULL(x.expires_at, x.starts_at), x.id))"
      " END FROM authorizations x WHERE x.id = ?3";
    g_autofree char *sql_expiring =
      g_strdup_printf (BEFORE, EXPIRING_WHERE " AND",
                       "x.state = 'active' AND x.expires_at >= ?1 AND x.expires_at < ?2"
                       " AND NOT EXISTS (SELECT 1 FROM authorizations r WHERE r.renewal_of = x.id)");

    stmt = prepare_list (store, sql_all, sql_expiring, now, expiring_days, NULL, error);
    if (stmt != NULL)
      sqlite3_bind_int64 (stmt, 1, now);
  }
#undef BEFORE
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *position = (guint) sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("finding the authorization"));
  return FALSE;
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

GPtrArray *
pd_store_due_authorization_notices (PdStore  *store,
                                    gint64    now,
                                    GError  **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  /* ?3: the end of the narrow window; a row in it is due for the narrow
   * notice, else for the wide one. */
  stmt = prepare_list (store, NULL,
                       "SELECT a.id, a.seller_id, a.expires_at,"
                       "  (SELECT s.name FROM services s WHERE s.id = a.service_id),"
                       "  (SELECT t.seller_name FROM programs p CROSS JOIN target_merchants t"
                       "    WHERE t.program_id = p.id AND t.seller_id = a.seller_id"
                       "    ORDER BY p.id LIMIT 1),"
                       "  CASE WHEN a.expires_at < ?3 THEN ?4 ELSE ?5 END AS w"
                       " FROM authorizations a WHERE" EXPIRING_WHERE
                       " AND NOT EXISTS (SELECT 1 FROM authorization_notices n"
                       "   WHERE n.authorization_id = a.id AND n.expires_at = a.expires_at"
                       "     AND n.window_days = (CASE WHEN a.expires_at < ?3 THEN ?4 ELSE ?5 END))"
                       " ORDER BY a.expires_at, a.id",
                       now, PD_AUTHORIZATION_NOTICE_FIRST, &zone, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 3, pd_authorization_window_end (now, PD_AUTHORIZATION_NOTICE_LAST, zone));
  sqlite3_bind_int (stmt, 4, PD_AUTHORIZATION_NOTICE_LAST);
  sqlite3_bind_int (stmt, 5, PD_AUTHORIZATION_NOTICE_FIRST);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_authorization_notice_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdAuthorizationNotice *notice = g_new0 (PdAuthorizationNotice, 1);

      notice->authorization_id = pd_column_dup_text (stmt, 0);
      notice->seller_id = pd_column_dup_text (stmt, 1);
      notice->expires_at = sqlite3_column_int64 (stmt, 2);
      notice->service_name = pd_column_dup_text (stmt, 3);
      notice->seller_name = pd_column_dup_text (stmt, 4);
      notice->window_days = sqlite3_column_int (stmt, 5);
      notice->days_left = pd_authorization_days_left (now, notice->expires_at, zone);
      g_ptr_array_add (list, notice);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the due expiry notifications"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
pd_store_mark_authorization_notice (PdStore     *store,
                                    const char  *id,
                                    gint64       expires_at,
                                    int          window_days,
                                    gint64       sent_at,
                                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (window_days != PD_AUTHORIZATION_NOTICE_FIRST && window_days != PD_AUTHORIZATION_NOTICE_LAST)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("%d is not an expiry notification’s window; expected %d or %d days"),
                   window_days, PD_AUTHORIZATION_NOTICE_FIRST, PD_AUTHORIZATION_NOTICE_LAST);
      return FALSE;
    }
  /* The narrow notice makes the wide one pointless: both in one
   * statement. */
  stmt = pd_store_prepare (store,
                           "INSERT OR IGNORE INTO authorization_notices"
                           " (authorization_id, expires_at, window_days, sent_at)"
                           " VALUES (?1, ?2, ?3, ?5), (?1, ?2, MAX (?3, ?4), ?5)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, expires_at);
  sqlite3_bind_int (stmt, 3, window_days);
  sqlite3_bind_int (stmt, 4, PD_AUTHORIZATION_NOTICE_FIRST);
  sqlite3_bind_int64 (stmt, 5, sent_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("recording the expiry notification"));
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_link_note_renewal (PdStore     *store,
                            const char  *token,
                            const char  *renewal_of,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    pd_store_prepare (store, "UPDATE links SET renewal_of = ?2 WHERE token = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, renewal_of, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("recording the authorization a link renews"));
      return FALSE;
    }
  return TRUE;
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
