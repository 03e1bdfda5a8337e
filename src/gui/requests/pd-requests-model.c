/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-requests-model"

#include "config.h"

#include "pd-request-item.h"
#include "pd-requests-model.h"

struct _PdRequestsModel
{
  PdPagedModel    parent_instance;

  PdStore        *store;
  PdRequestQuery  query;   /* its strings are owned */
};

G_DEFINE_FINAL_TYPE (PdRequestsModel, pd_requests_model, PD_TYPE_PAGED_MODEL)

static gboolean
pd_requests_model_count (PdPagedModel  *model,
                         guint         *n_rows,
                         GError       **error)
{
  PdRequestsModel *self = PD_REQUESTS_MODEL (model);
  guint64 count = 0;

  if (!pd_store_seller_requests_count (self->store, &self->query, &count, error))
    return FALSE;
  *n_rows = (guint) MIN (count, (guint64) G_MAXUINT);
  return TRUE;
}

static GPtrArray *
pd_requests_model_read (PdPagedModel  *model,
                        guint          offset,
                        guint          limit,
                        GError       **error)
{
  PdRequestsModel *self = PD_REQUESTS_MODEL (model);

  return pd_store_seller_requests_page (self->store, &self->query, offset, limit, error);
}

/* No request there (the store lost rows since it was counted; a reload
 * is on its way): an empty one keeps the model's length honest. */
static PdSellerRequest *
copy_or_empty (gconstpointer row)
{
  return row != NULL ? pd_seller_request_copy (row) : g_new0 (PdSellerRequest, 1);
}

static gpointer
pd_requests_model_new_item (PdPagedModel  *model,
                            gconstpointer  row)
{
  return pd_request_item_new (copy_or_empty (row));
}

static void
pd_requests_model_update_item (PdPagedModel  *model,
                               gpointer       item,
                               gconstpointer  row)
{
  pd_request_item_set_request (item, copy_or_empty (row));
}

static void
clear_query (PdRequestQuery *query)
{
  g_free ((char *) query->status);
  g_free ((char *) query->request_type);
  g_free ((char *) query->category_id);
  pd_request_query_init (query);
}

static void
pd_requests_model_finalize (GObject *object)
{
  PdRequestsModel *self = PD_REQUESTS_MODEL (object);

  g_clear_object (&self->store);
  clear_query (&self->query);

  G_OBJECT_CLASS (pd_requests_model_parent_class)->finalize (object);
}

static void
pd_requests_model_class_init (PdRequestsModelClass *klass)
{
  PdPagedModelClass *paged_class = PD_PAGED_MODEL_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = pd_requests_model_finalize;
  paged_class->count = pd_requests_model_count;
  paged_class->read = pd_requests_model_read;
  paged_class->new_item = pd_requests_model_new_item;
  paged_class->update_item = pd_requests_model_update_item;
}

static void
pd_requests_model_init (PdRequestsModel *self)
{
  pd_request_query_init (&self->query);
}

PdRequestsModel *
pd_requests_model_new (PdStore *store)
{
  PdRequestsModel *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_REQUESTS_MODEL,
                       "item-type", PD_TYPE_REQUEST_ITEM,
                       "page-size", PD_REQUESTS_MODEL_PAGE_SIZE,
                       "max-pages", PD_REQUESTS_MODEL_CACHED_PAGES,
                       NULL);
  self->store = g_object_ref (store);
  if (!pd_requests_model_reload (self, &error))
    g_warning ("Cannot count the seller requests: %s", error->message);
  return self;
}

static gboolean
same_query (const PdRequestQuery *a,
            const PdRequestQuery *b)
{
  return g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->request_type, b->request_type) == 0 &&
         g_strcmp0 (a->category_id, b->category_id) == 0 &&
         a->budget_min == b->budget_min && a->budget_max == b->budget_max &&
         a->gmv_min == b->gmv_min && a->gmv_max == b->gmv_max &&
         a->sort == b->sort;
}

gboolean
pd_requests_model_set_query (PdRequestsModel       *self,
                             const PdRequestQuery  *query,
                             GError               **error)
{
  PdRequestQuery copy;

  g_return_val_if_fail (PD_IS_REQUESTS_MODEL (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  if (same_query (&self->query, query))
    return TRUE;
  copy = *query;
  copy.status = g_strdup (query->status);
  copy.request_type = g_strdup (query->request_type);
  copy.category_id = g_strdup (query->category_id);
  clear_query (&self->query);
  self->query = copy;
  return pd_requests_model_reload (self, error);
}

const PdRequestQuery *
pd_requests_model_get_query (PdRequestsModel *self)
{
  g_return_val_if_fail (PD_IS_REQUESTS_MODEL (self), NULL);
  return &self->query;
}

gboolean
pd_requests_model_reload (PdRequestsModel  *self,
                          GError          **error)
{
  g_return_val_if_fail (PD_IS_REQUESTS_MODEL (self), FALSE);
  return pd_paged_model_reload (PD_PAGED_MODEL (self), error);
}
