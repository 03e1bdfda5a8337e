/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-outbox.h"
#include "pd-store-objects-private.h"
#include "pd-store-requests.h"

#define MAX_NOTE_CHARS 2000

static const PdRequestTransition transitions[] = {
  { PD_SELLER_REQUEST_STATUS_PARTNER_REVIEWING, PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED, PD_REQUEST_ACTOR_AGENCY },
  { PD_SELLER_REQUEST_STATUS_PARTNER_REVIEWING, PD_SELLER_REQUEST_STATUS_REJECTED, PD_REQUEST_ACTOR_AGENCY },
  { PD_SELLER_REQUEST_STATUS_PARTNER_REVIEWING, PD_SELLER_REQUEST_STATUS_CLOSED, PD_REQUEST_ACTOR_AGENCY },
  { PD_SELLER_REQUEST_STATUS_PARTNER_REVIEWING, PD_SELLER_REQUEST_STATUS_CLOSED, PD_REQUEST_ACTOR_SELLER },
  { PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED, PD_SELLER_REQUEST_STATUS_CONNECTED, PD_REQUEST_ACTOR_SELLER },
  { PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED, PD_SELLER_REQUEST_STATUS_CLOSED, PD_REQUEST_ACTOR_AGENCY },
  { PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED, PD_SELLER_REQUEST_STATUS_CLOSED, PD_REQUEST_ACTOR_SELLER },
};

const PdRequestTransition *
pd_request_transitions (guint *n_transitions)
{
  *n_transitions = G_N_ELEMENTS (transitions);
  return transitions;
}

gboolean
pd_request_transition_allowed (PdSellerRequestStatus from,
                               PdSellerRequestStatus to,
                               PdRequestActor        actor)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == from && transitions[i].to == to && transitions[i].actor == actor)
      return TRUE;
  return FALSE;
}

void
pd_seller_request_free (PdSellerRequest *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->status);
  g_free (r->request_type);
  g_free (r->category_id);
  g_free (r->location);
  g_free (r->company_size);
  g_free (r->currency);
  g_free (r->monthly_tiktok_shop_gmv);
  g_free (r->monthly_other_gmv);
  g_free (r->monthly_budget);
  g_free (r->main_category);
  g_free (r->best_selling_product);
  g_free (r->other_details);
  g_free (r->contact_name);
  g_free (r->contact_email);
  g_free (r);
}

#define REQUEST_COLUMNS \
  "id, status, request_type, category_id, location, company_size," \
  "  currency, monthly_tiktok_shop_gmv, monthly_other_gmv, monthly_budget," \
  "  main_category, best_selling_product, other_details, contact_name," \
  "  contact_email, created_at, updated_at, version"

/* A row of REQUEST_COLUMNS. */
static PdSellerRequest *
read_row (sqlite3_stmt *stmt)
{
  PdSellerRequest *r = g_new0 (PdSellerRequest, 1);

  r->id = pd_column_dup_text (stmt, 0);
  r->status = pd_column_dup_text (stmt, 1);
  r->request_type = pd_column_dup_text (stmt, 2);
  r->category_id = pd_column_dup_text (stmt, 3);
  r->location = pd_column_dup_text (stmt, 4);
  r->company_size = pd_column_dup_text (stmt, 5);
  r->currency = pd_column_dup_text (stmt, 6);
  r->monthly_tiktok_shop_gmv = pd_store_objects_dup_money (stmt, 7, 6);
  r->monthly_other_gmv = pd_store_objects_dup_money (stmt, 8, 6);
  r->monthly_budget = pd_store_objects_dup_money (stmt, 9, 6);
  r->main_category = pd_column_dup_text (stmt, 10);
  r->best_selling_product = pd_column_dup_text (stmt, 11);
  r->other_details = pd_column_dup_text (stmt, 12);
  /* src/core/README.md: once closed the agency no longer sees the contact. */
  if (g_strcmp0 (r->status, "closed") != 0)
    {
      r->contact_name = pd_column_dup_text (stmt, 13);
      r->contact_email = pd_column_dup_text (stmt, 14);
    }
  r->created_at = sqlite3_column_int64 (stmt, 15);
  r->updated_at = sqlite3_column_int64 (stmt, 16);
  r->version = sqlite3_column_int64 (stmt, 17);
  return r;
}

GPtrArray *
pd_store_list_seller_requests (PdStore     *store,
                               const char  *status,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  PdSellerRequestStatus wanted;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  if (status != NULL && !pd_seller_request_status_parse (status, &wanted, NULL))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("“%s” is not a request status; expected partner_reviewing,"
                     " partner_accepted, connected, rejected or closed"), status);
      return NULL;
    }
  stmt = pd_store_prepare (store,
                           "SELECT " REQUEST_COLUMNS
                           " FROM seller_requests WHERE ?1 IS NULL OR status = ?1"
                           " ORDER BY created_at DESC, id",
                           error);
  if (stmt == NULL)
    return NULL;
  if (status != NULL)
    sqlite3_bind_text (stmt, 1, pd_seller_request_status_to_string (wanted), -1, SQLITE_STATIC);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_seller_request_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the seller requests"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static const char *
allowed_from_text (PdSellerRequestStatus to)
{
  switch (to)
    {
    case PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED:
    case PD_SELLER_REQUEST_STATUS_REJECTED:
      return _("partner_reviewing");
    case PD_SELLER_REQUEST_STATUS_CLOSED:
      return _("partner_reviewing or partner_accepted");
    default:
      return _("never by the agency (only the seller’s authorization connects a request)");
    }
}

gboolean
pd_store_seller_request_move (PdStore                *store,
                              const char             *id,
                              PdSellerRequestStatus   to,
                              const char             *note,
                              GError                **error)
{
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  PdSellerRequestStatus from;
  g_autofree char *from_text = NULL;
  gint64 version;
  int rc;
  gboolean ok;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (note != NULL && !pd_store_objects_check_text (_("The note"), note, FALSE, MAX_NOTE_CHARS, error))
    return FALSE;
  if (!pd_store_begin (store, error))
    return FALSE;

  read = pd_store_prepare (store, "SELECT status, version FROM seller_requests WHERE id = ?1", error);
  if (read == NULL)
    return pd_store_objects_finish (store, FALSE, error);
  sqlite3_bind_text (read, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (read);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                     _("No seller request “%s” in the store; expected the id of one that"
                       " `requests` lists"), id);
      else
        pd_store_set_sql_error (store, error, _("reading the seller request"));
      return pd_store_objects_finish (store, FALSE, error);
    }
  from_text = g_strdup ((const char *) sqlite3_column_text (read, 0));
  version = sqlite3_column_int64 (read, 1);
  if (!pd_seller_request_status_parse (from_text, &from, error))
    return pd_store_objects_finish (store, FALSE, error);

  if (!pd_request_transition_allowed (from, to, PD_REQUEST_ACTOR_AGENCY))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Seller request “%s” is %s; it can become %s only from %s"),
                   id, from_text, pd_seller_request_status_to_string (to), allowed_from_text (to));
      return pd_store_objects_finish (store, FALSE, error);
    }
  if (!pd_store_objects_check_nothing_queued (store, "seller_request", id, error))
    return pd_store_objects_finish (store, FALSE, error);

  /* Closed: the agency no longer sees the contact (the platform drops it
   * too). The version stays the one the change was made on: the PATCH
   * carries it as If-Match and the answer brings the next one. */
  write = pd_store_prepare (store,
                            "UPDATE seller_requests SET status = ?2, updated_at = ?3,"
                            "  contact_name = CASE WHEN ?2 = 'closed' THEN NULL ELSE contact_name END,"
                            "  contact_email = CASE WHEN ?2 = 'closed' THEN NULL ELSE contact_email END"
                            " WHERE id = ?1",
                            error);
  ok = write != NULL;
  if (ok)
    {
      sqlite3_bind_text (write, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (write, 2, pd_seller_request_status_to_string (to), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (write, 3, g_get_real_time () / G_USEC_PER_SEC);
      ok = sqlite3_step (write) == SQLITE_DONE;
      if (!ok)
        pd_store_set_sql_error (store, error, _("updating the seller request"));
    }
  ok = ok &&
       pd_outbox_enqueue_seller_request_status (store, id, pd_seller_request_status_to_string (to),
                                                note, version, error) &&
       pd_store_audit (store, "request.status", id, pd_seller_request_status_to_string (to), error);
  if (!pd_store_objects_finish (store, ok, error))
    return FALSE;
  /* The pages that show requests (and the window's badge) read again. */
  pd_store_emit_change (store, PD_ENTITY_SYNCED, NULL, PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;
}

/* The inbox ---------------------------------------------------------------- */

void
pd_request_query_init (PdRequestQuery *query)
{
  g_return_if_fail (query != NULL);

  memset (query, 0, sizeof *query);
  query->budget_min = query->budget_max = PD_REQUEST_NO_BOUND;
  query->gmv_min = query->gmv_max = PD_REQUEST_NO_BOUND;
  query->sort = PD_REQUEST_SORT_NEWEST;
}

static gboolean
check_range (const char  *what,
             gint64       min,
             gint64       max,
             GError     **error)
{
  if ((min < 0 && min != PD_REQUEST_NO_BOUND) || (max < 0 && max != PD_REQUEST_NO_BOUND))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("The %s range has a negative bound; expected amounts of 0 or more"), what);
      return FALSE;
    }
  if (min != PD_REQUEST_NO_BOUND && max != PD_REQUEST_NO_BOUND && min > max)
    {
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("The %s range starts above its end (%s > %s); expected the lower amount first"),
                   what, low, high);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_query (const PdRequestQuery  *query,
             GError               **error)
{
  PdSellerRequestStatus status;
  PdRequestType type;

  if (query->status != NULL && !pd_seller_request_status_parse (query->status, &status, NULL))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("“%s” is not a request status; expected partner_reviewing,"
                     " partner_accepted, connected, rejected or closed"), query->status);
      return FALSE;
    }
  if (query->request_type != NULL && !pd_request_type_parse (query->request_type, &type, NULL))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("“%s” is not a request type; expected select_partners or platform_referral"),
                   query->request_type);
      return FALSE;
    }
  if ((guint) query->sort > PD_REQUEST_SORT_GMV)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Unknown order of the requests; expected newest, budget or GMV"));
      return FALSE;
    }
  return check_range (_("budget"), query->budget_min, query->budget_max, error) &&
         check_range (_("GMV"), query->gmv_min, query->gmv_max, error);
}

/* Only the filters that are set: the planner then sees "status = ?1"
 * and takes its index, where "?1 IS NULL OR status = ?1" would scan.
 * ?1 status, ?2 type, ?3 category, ?4..?7 budget and GMV bounds; the
 * whole-unit expressions are the indexes' own (migration 9). */
static char *
query_where (const PdRequestQuery *query)
{
  GString *where = g_string_new (" WHERE 1");

  if (query->status != NULL)
    g_string_append (where, " AND status = ?1");
  if (query->request_type != NULL)
    g_string_append (where, " AND request_type = ?2");
  if (query->category_id != NULL)
    g_string_append (where, " AND category_id = ?3");
  if (query->budget_min != PD_REQUEST_NO_BOUND)
    g_string_append (where, " AND " PD_REQUEST_BUDGET_UNITS_SQL " >= ?4");
  if (query->budget_max != PD_REQUEST_NO_BOUND)
    g_string_append (where, " AND " PD_REQUEST_BUDGET_UNITS_SQL " <= ?5");
  if (query->gmv_min != PD_REQUEST_NO_BOUND)
    g_string_append (where, " AND " PD_REQUEST_GMV_UNITS_SQL " >= ?6");
  if (query->gmv_max != PD_REQUEST_NO_BOUND)
    g_string_append (where, " AND " PD_REQUEST_GMV_UNITS_SQL " <= ?7");
  return g_string_free (where, FALSE);
}

/* A parameter the WHERE leaves out is not bound (SQLITE_RANGE, ignored). */
static void
bind_bound (sqlite3_stmt *stmt,
            int           index,
            gint64        bound)
{
  if (bound != PD_REQUEST_NO_BOUND)
    sqlite3_bind_int64 (stmt, index, bound);
}

static void
bind_query (sqlite3_stmt         *stmt,
            const PdRequestQuery *query)
{
  if (query->status != NULL)
    sqlite3_bind_text (stmt, 1, query->status, -1, SQLITE_STATIC);
  if (query->request_type != NULL)
    sqlite3_bind_text (stmt, 2, query->request_type, -1, SQLITE_STATIC);
  if (query->category_id != NULL)
    sqlite3_bind_text (stmt, 3, query->category_id, -1, SQLITE_STATIC);
  bind_bound (stmt, 4, query->budget_min);
  bind_bound (stmt, 5, query->budget_max);
  bind_bound (stmt, 6, query->gmv_min);
  bind_bound (stmt, 7, query->gmv_max);
}

gboolean
pd_store_seller_requests_count (PdStore               *store,
                                const PdRequestQuery  *query,
                                guint64               *count_out,
                                GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (count_out != NULL, FALSE);

  if (!check_query (query, error))
    return FALSE;
  where = query_where (query);
  sql = g_strconcat ("SELECT count(*) FROM seller_requests", where, NULL);
  stmt = pd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_query (stmt, query);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("counting the seller requests"));
      return FALSE;
    }
  *count_out = (guint64) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
pd_store_seller_requests_page (PdStore               *store,
                               const PdRequestQuery  *query,
                               guint64                offset,
                               guint                  limit,
                               GError               **error)
{
  static const char * const orders[] = {
    [PD_REQUEST_SORT_NEWEST] = " ORDER BY created_at DESC, id DESC",
    [PD_REQUEST_SORT_BUDGET] = " ORDER BY " PD_REQUEST_BUDGET_UNITS_SQL " DESC, id DESC",
    [PD_REQUEST_SORT_GMV] = " ORDER BY " PD_REQUEST_GMV_UNITS_SQL " DESC, id DESC",
  };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!check_query (query, error))
    return NULL;
  where = query_where (query);
  sql = g_strconcat ("SELECT " REQUEST_COLUMNS " FROM seller_requests", where,
                     orders[query->sort], " LIMIT ?8 OFFSET ?9", NULL);
  stmt = pd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, query);
  sqlite3_bind_int64 (stmt, 8, limit);
  sqlite3_bind_int64 (stmt, 9, (sqlite3_int64) MIN (offset, (guint64) G_MAXINT64));
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_seller_request_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the seller requests"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

PdSellerRequest *
pd_store_seller_request_get (PdStore     *store,
                             const char  *id,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = pd_store_prepare (store, "SELECT " REQUEST_COLUMNS " FROM seller_requests WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                 _("No seller request “%s” in the store; expected the id of one that"
                   " `requests` lists"), id);
  else
    pd_store_set_sql_error (store, error, _("reading the seller request"));
  return NULL;
}

PdSellerRequest *
pd_seller_request_copy (const PdSellerRequest *r)
{
  PdSellerRequest *copy;

  if (r == NULL)
    return NULL;
  copy = g_new0 (PdSellerRequest, 1);
  copy->id = g_strdup (r->id);
  copy->status = g_strdup (r->status);
  copy->request_type = g_strdup (r->request_type);
  copy->category_id = g_strdup (r->category_id);
  copy->location = g_strdup (r->location);
  copy->company_size = g_strdup (r->company_size);
  copy->currency = g_strdup (r->currency);
  copy->monthly_tiktok_shop_gmv = g_strdup (r->monthly_tiktok_shop_gmv);
  copy->monthly_other_gmv = g_strdup (r->monthly_other_gmv);
  copy->monthly_budget = g_strdup (r->monthly_budget);
  copy->main_category = g_strdup (r->main_category);
  copy->best_selling_product = g_strdup (r->best_selling_product);
  copy->other_details = g_strdup (r->other_details);
  copy->contact_name = g_strdup (r->contact_name);
  copy->contact_email = g_strdup (r->contact_email);
  copy->created_at = r->created_at;
  copy->updated_at = r->updated_at;
  copy->version = r->version;
  return copy;
}

char *
pd_store_seller_request_dup_seller_id (PdStore     *store,
                                       const char  *id,
                                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = pd_store_prepare (store,
                           "SELECT t.seller_id FROM seller_requests r"
                           " JOIN target_merchants t ON t.contact_email = r.contact_email COLLATE NOCASE"
                           " WHERE r.id = ?1 AND r.status <> 'closed' AND r.contact_email <> ''"
                           " ORDER BY t.left_at IS NOT NULL, t.listed_at DESC, t.seller_id LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return pd_column_dup_text (stmt, 0);
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (store, error, _("finding the seller of the request"));
  return NULL;
}

char *
pd_store_seller_request_refusal (PdStore               *store,
                                 const PdSellerRequest *request,
                                 PdSellerRequestStatus  to)
{
  PdSellerRequestStatus from;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (request->status == NULL || !pd_seller_request_status_parse (request->status, &from, NULL))
    return g_strdup (_("The request’s state is unknown"));
  if (!pd_request_transition_allowed (from, to, PD_REQUEST_ACTOR_AGENCY))
    {
      switch (to)
        {
        case PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED:
          return g_strdup_printf (_("Only a request in review can be accepted; this one is %s"),
                                  pd_seller_request_status_to_display (from));
        case PD_SELLER_REQUEST_STATUS_REJECTED:
          return g_strdup_printf (_("Only a request in review can be rejected; this one is %s"),
                                  pd_seller_request_status_to_display (from));
        case PD_SELLER_REQUEST_STATUS_CLOSED:
          return g_strdup_printf (_("Only a request in review or accepted can be closed; this one is %s"),
                                  pd_seller_request_status_to_display (from));
        default:
          return g_strdup (_("Only the seller’s authorization connects a request"));
        }
    }
  if (!pd_store_objects_check_nothing_queued (store, "seller_request", request->id, &error))
    {
      if (g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID))
        return g_strdup (_("A change of this request waits in the outbox; sync first"));
      return g_strdup (error->message);
    }
  return NULL;
}

gboolean
pd_store_seller_request_conflict (PdStore     *store,
                                  const char  *id,
                                  gint64      *outbox_id_out,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (outbox_id_out != NULL, FALSE);

  *outbox_id_out = 0;
  stmt = pd_store_prepare (store,
                           "SELECT id FROM outbox WHERE subject_type = 'seller_request'"
                           " AND subject_id = ?1 AND state = 'conflict' ORDER BY id LIMIT 1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *outbox_id_out = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the outbox"));
      return FALSE;
    }
  return TRUE;
}
