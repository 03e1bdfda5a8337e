/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include <string.h>

#include "pd-merchant-item.h"
#include "pd-merchant-list-model.h"

struct _PdMerchantListModel
{
  PdPagedModel     parent_instance;

  PdMerchantIndex *index;
  PdMerchantQuery  query;
  gboolean         have_hash;
  guint64          result_hash; /* which rows the query matched */
};

G_DEFINE_FINAL_TYPE (PdMerchantListModel, pd_merchant_list_model, PD_TYPE_PAGED_MODEL)

/* A row that could not be read: the view still needs one. */
static PdMerchantRow *
placeholder_row (void)
{
  PdMerchantRow *row = g_new0 (PdMerchantRow, 1);

  row->seller_id = g_strdup ("");
  row->countries = -1;
  row->verdict = PD_MERCHANT_VERDICT_NONE;
  memcpy (row->gmv_currency, "CNY", 4);
  return row;
}

static PdMerchantRow *
dup_row (gconstpointer row)
{
  return row != NULL ? pd_merchant_row_copy (row) : placeholder_row ();
}

static gboolean
pd_merchant_list_model_count (PdPagedModel  *model,
                              guint         *n_rows,
                              GError       **error)
{
  PdMerchantListModel *self = PD_MERCHANT_LIST_MODEL (model);

  self->have_hash = pd_merchant_index_query (self->index, &self->query, 0, 0, n_rows, NULL, error);
  self->result_hash = pd_merchant_index_get_result_hash (self->index);
  return self->have_hash;
}

static GPtrArray *
pd_merchant_list_model_read (PdPagedModel  *model,
                             guint          offset,
                             guint          limit,
                             GError       **error)
{
  PdMerchantListModel *self = PD_MERCHANT_LIST_MODEL (model);
  GPtrArray *rows = NULL;
  guint total = 0;

  if (!pd_merchant_index_query (self->index, &self->query, offset, limit, &total, &rows, error))
    return NULL;
  return rows;
}

static gpointer
pd_merchant_list_model_new_item (PdPagedModel  *model,
                                 gconstpointer  row)
{
  return pd_merchant_item_new (dup_row (row));
}

static void
pd_merchant_list_model_update_item (PdPagedModel  *model,
                                    gpointer       item,
                                    gconstpointer  row)
{
  pd_merchant_item_set_row (item, dup_row (row));
}

static void
pd_merchant_list_model_finalize (GObject *object)
{
  PdMerchantListModel *self = PD_MERCHANT_LIST_MODEL (object);

  pd_merchant_query_clear (&self->query);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (pd_merchant_list_model_parent_class)->finalize (object);
}

static void
pd_merchant_list_model_class_init (PdMerchantListModelClass *klass)
{
  PdPagedModelClass *paged_class = PD_PAGED_MODEL_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = pd_merchant_list_model_finalize;
  paged_class->count = pd_merchant_list_model_count;
  paged_class->read = pd_merchant_list_model_read;
  paged_class->new_item = pd_merchant_list_model_new_item;
  paged_class->update_item = pd_merchant_list_model_update_item;
}

static void
pd_merchant_list_model_init (PdMerchantListModel *self)
{
  pd_merchant_query_init (&self->query);
}

PdMerchantListModel *
pd_merchant_list_model_new (PdMerchantIndex *index)
{
  PdMerchantListModel *self;

  g_return_val_if_fail (PD_IS_MERCHANT_INDEX (index), NULL);

  self = g_object_new (PD_TYPE_MERCHANT_LIST_MODEL,
                       "item-type", PD_TYPE_MERCHANT_ITEM,
                       "page-size", PD_MERCHANT_LIST_PAGE,
                       "max-pages", PD_MERCHANT_LIST_MAX_PAGES,
                       NULL);
  self->index = g_object_ref (index);
  return self;
}

PdMerchantIndex *
pd_merchant_list_model_get_index (PdMerchantListModel *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_LIST_MODEL (self), NULL);
  return self->index;
}

const PdMerchantQuery *
pd_merchant_list_model_get_query (PdMerchantListModel *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_LIST_MODEL (self), NULL);
  return &self->query;
}

void
pd_merchant_list_model_reload (PdMerchantListModel *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PD_IS_MERCHANT_LIST_MODEL (self));

  if (!pd_paged_model_reload (PD_PAGED_MODEL (self), &error))
    g_warning ("Cannot count the merchants: %s", error->message);
}

void
pd_merchant_list_model_set_query (PdMerchantListModel   *self,
                                  const PdMerchantQuery *query)
{
  guint n_items;

  g_return_if_fail (PD_IS_MERCHANT_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  if (pd_merchant_query_equal (&self->query, query))
    return;

  /* The same rows in the same order (typing "Sel" then "Sell" over
   * "Seller ..." names): nothing to show anew. */
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self));
  if (query->sort == self->query.sort && query->descending == self->query.descending &&
      self->have_hash && n_items > 0)
    {
      g_autoptr(GError) error = NULL;
      guint total = 0;

      if (pd_merchant_index_query (self->index, query, 0, 0, &total, NULL, &error) &&
          total == n_items && pd_merchant_index_get_result_hash (self->index) == self->result_hash)
        {
          pd_merchant_query_clear (&self->query);
          pd_merchant_query_copy (query, &self->query);
          return;
        }
    }

  pd_merchant_query_clear (&self->query);
  pd_merchant_query_copy (query, &self->query);
  pd_merchant_list_model_reload (self);
}

guint
pd_merchant_list_model_get_pages_read (PdMerchantListModel *self)
{
  return pd_paged_model_get_pages_read (PD_PAGED_MODEL (self));
}

guint
pd_merchant_list_model_get_cached_items (PdMerchantListModel *self)
{
  return pd_paged_model_get_cached_rows (PD_PAGED_MODEL (self));
}

guint
pd_merchant_list_model_get_live_items (PdMerchantListModel *self)
{
  return pd_paged_model_get_live_items (PD_PAGED_MODEL (self));
}
