/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

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
                           "SELECT id, status, request_type, category_id, location, company_size,"
                           "  currency, monthly_tiktok_shop_gmv, monthly_other_gmv, monthly_budget,"
                           "  main_category, best_selling_product, other_details, contact_name,"
                           "  contact_email, created_at, updated_at, version"
                           " FROM seller_requests WHERE ?1 IS NULL OR status = ?1"
                           " ORDER BY created_at DESC, id",
                           error);
  if (stmt == NULL)
    return NULL;
  if (status != NULL)
    sqlite3_bind_text (stmt, 1, pd_seller_request_status_to_string (wanted), -1, SQLITE_STATIC);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_seller_request_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
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
      g_ptr_array_add (list, r);
    }
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
  return pd_store_objects_finish (store, ok, error);
}
