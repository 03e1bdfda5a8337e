/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include <string.h>

#include "pd-merchant-item.h"
#include "pd-merchant-list-model.h"

typedef struct
{
  guint      number;
  GPtrArray *rows;   /* PdMerchantRow */
  guint64    used;
} Page;

struct _PdMerchantListModel
{
  GObject          parent_instance;

  PdMerchantIndex *index;
  PdMerchantQuery  query;
  guint            n_items;
  GArray          *pages;      /* Page */
  guint64          clock;
  guint            pages_read;
  gboolean         warned;
  GHashTable      *items;      /* position -> PdMerchantItem, not owned */
  gboolean         have_hash;
  guint64          result_hash; /* which rows the query matched */
};

static void pd_merchant_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdMerchantListModel, pd_merchant_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pd_merchant_list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_page (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->rows, g_ptr_array_unref);
}

static GType
pd_merchant_list_model_get_item_type (GListModel *model)
{
  return PD_TYPE_MERCHANT_ITEM;
}

static guint
pd_merchant_list_model_get_n_items (GListModel *model)
{
  return PD_MERCHANT_LIST_MODEL (model)->n_items;
}

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

static Page *
load_page (PdMerchantListModel *self,
           guint                number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Page page = { number, NULL, ++self->clock };
  guint total = 0;

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *cached = &g_array_index (self->pages, Page, i);

      if (cached->number == number)
        {
          cached->used = self->clock;
          return cached;
        }
    }

  self->pages_read++;
  if (!pd_merchant_index_query (self->index, &self->query, number * PD_MERCHANT_LIST_PAGE,
                                PD_MERCHANT_LIST_PAGE, &total, &rows, &error))
    {
      if (!self->warned)
        g_warning ("Cannot read the merchants: %s", error->message);
      self->warned = TRUE;
      page.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_merchant_row_free);
    }
  else
    page.rows = g_steal_pointer (&rows);

  if (self->pages->len >= PD_MERCHANT_LIST_MAX_PAGES)
    {
      guint oldest = 0;

      for (guint i = 1; i < self->pages->len; i++)
        if (g_array_index (self->pages, Page, i).used < g_array_index (self->pages, Page, oldest).used)
          oldest = i;
      g_array_remove_index_fast (self->pages, oldest);
    }
  g_array_append_val (self->pages, page);
  return &g_array_index (self->pages, Page, self->pages->len - 1);
}

/* A copy of the row at @position. */
static PdMerchantRow *
dup_row (PdMerchantListModel *self,
         guint                position)
{
  Page *page = load_page (self, position / PD_MERCHANT_LIST_PAGE);
  guint i = position % PD_MERCHANT_LIST_PAGE;

  if (i >= page->rows->len)
    return placeholder_row ();
  return pd_merchant_row_copy (g_ptr_array_index (page->rows, i));
}

static void
on_item_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  PdMerchantListModel *self = data;
  GHashTableIter iter;
  gpointer key, value;

  /* Its position may have been given to another item since. */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static gpointer
pd_merchant_list_model_get_item (GListModel *model,
                                 guint       position)
{
  PdMerchantListModel *self = PD_MERCHANT_LIST_MODEL (model);
  PdMerchantItem *item;

  if (position >= self->n_items)
    return NULL;

  item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (position));
  if (item != NULL)
    return g_object_ref (item);

  item = pd_merchant_item_new (dup_row (self, position));
  g_object_weak_ref (G_OBJECT (item), on_item_finalized, self);
  g_hash_table_insert (self->items, GUINT_TO_POINTER (position), item);
  return item;
}

static void
pd_merchant_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_merchant_list_model_get_item_type;
  iface->get_n_items = pd_merchant_list_model_get_n_items;
  iface->get_item = pd_merchant_list_model_get_item;
}

static void
forget_items (PdMerchantListModel *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, on_item_finalized, self);
  g_hash_table_remove_all (self->items);
}

static void
pd_merchant_list_model_finalize (GObject *object)
{
  PdMerchantListModel *self = PD_MERCHANT_LIST_MODEL (object);

  forget_items (self);
  g_hash_table_unref (self->items);
  g_array_unref (self->pages);
  pd_merchant_query_clear (&self->query);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (pd_merchant_list_model_parent_class)->finalize (object);
}

static void
pd_merchant_list_model_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PdMerchantListModel *self = PD_MERCHANT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_merchant_list_model_class_init (PdMerchantListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_merchant_list_model_finalize;
  object_class->get_property = pd_merchant_list_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_merchant_list_model_init (PdMerchantListModel *self)
{
  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  g_array_set_clear_func (self->pages, clear_page);
  self->items = g_hash_table_new (NULL, NULL);
  pd_merchant_query_init (&self->query);
}

PdMerchantListModel *
pd_merchant_list_model_new (PdMerchantIndex *index)
{
  PdMerchantListModel *self;

  g_return_val_if_fail (PD_IS_MERCHANT_INDEX (index), NULL);

  self = g_object_new (PD_TYPE_MERCHANT_LIST_MODEL, NULL);
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

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

void
pd_merchant_list_model_reload (PdMerchantListModel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) positions = NULL;
  guint old = self->n_items;
  guint total = 0;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (PD_IS_MERCHANT_LIST_MODEL (self));

  g_array_set_size (self->pages, 0);
  self->warned = FALSE;
  if (!pd_merchant_index_query (self->index, &self->query, 0, 0, &total, NULL, &error))
    {
      g_warning ("Cannot count the merchants: %s", error->message);
      total = 0;
    }
  self->have_hash = error == NULL;
  self->result_hash = pd_merchant_index_get_result_hash (self->index);

  /* The items alive show the rows now at their positions (in position
   * order: pages are read once); those past the new end go. */
  positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint position = GPOINTER_TO_UINT (key);

      g_array_append_val (positions, position);
    }
  g_array_sort (positions, compare_positions);
  self->n_items = total;
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      PdMerchantItem *item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (position));

      if (item == NULL)
        continue;
      if (position < total)
        pd_merchant_item_set_row (item, dup_row (self, position));
      else
        {
          g_object_weak_unref (G_OBJECT (item), on_item_finalized, self);
          g_hash_table_remove (self->items, GUINT_TO_POINTER (position));
        }
    }

  if (total < old)
    g_list_model_items_changed (G_LIST_MODEL (self), total, old - total, 0);
  else if (total > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, total - old);
  if (old != total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
pd_merchant_list_model_set_query (PdMerchantListModel   *self,
                                  const PdMerchantQuery *query)
{
  g_return_if_fail (PD_IS_MERCHANT_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  if (pd_merchant_query_equal (&self->query, query))
    return;

  /* The same rows in the same order (typing "Sel" then "Sell" over
   * "Seller ..." names): nothing to show anew. */
  if (query->sort == self->query.sort && query->descending == self->query.descending &&
      self->have_hash && self->n_items > 0)
    {
      g_autoptr(GError) error = NULL;
      guint total = 0;

      if (pd_merchant_index_query (self->index, query, 0, 0, &total, NULL, &error) &&
          total == self->n_items && pd_merchant_index_get_result_hash (self->index) == self->result_hash)
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
  return self->pages_read;
}

guint
pd_merchant_list_model_get_cached_items (PdMerchantListModel *self)
{
  guint n = 0;

  for (guint i = 0; i < self->pages->len; i++)
    n += g_array_index (self->pages, Page, i).rows->len;
  return n;
}

guint
pd_merchant_list_model_get_live_items (PdMerchantListModel *self)
{
  return g_hash_table_size (self->items);
}
