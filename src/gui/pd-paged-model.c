/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-paged-model"

#include "config.h"

#include "pd-paged-model.h"

typedef struct
{
  guint      number;
  guint64    used;      /* LRU stamp */
  GPtrArray *rows;
} Page;

typedef struct
{
  GType       item_type;
  guint       page_size;
  guint       max_pages;

  guint       n_items;
  GArray     *pages;     /* Page */
  guint64     clock;
  guint       pages_read;
  gboolean    warned;
  GHashTable *items;     /* position -> item, not owned (weak refs) */
} PdPagedModelPrivate;

static void pd_paged_model_iface_init (GListModelInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (PdPagedModel, pd_paged_model, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (PdPagedModel)
                                  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pd_paged_model_iface_init))

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_PAGE_SIZE,
  PROP_MAX_PAGES,
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

static Page *
load_page (PdPagedModel *self,
           guint         number)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  Page page = { number, ++priv->clock, NULL };

  for (guint i = 0; i < priv->pages->len; i++)
    {
      Page *cached = &g_array_index (priv->pages, Page, i);

      if (cached->number == number)
        {
          cached->used = priv->clock;
          return cached;
        }
    }

  priv->pages_read++;
  page.rows = PD_PAGED_MODEL_GET_CLASS (self)->read (self, number * priv->page_size, priv->page_size, &error);
  if (page.rows == NULL)
    {
      if (!priv->warned)
        g_warning ("Cannot read rows %u to %u: %s", number * priv->page_size,
                   (number + 1) * priv->page_size - 1, error->message);
      priv->warned = TRUE;
      page.rows = g_ptr_array_new ();
    }

  if (priv->pages->len >= priv->max_pages)
    {
      guint oldest = 0;

      for (guint i = 1; i < priv->pages->len; i++)
        if (g_array_index (priv->pages, Page, i).used < g_array_index (priv->pages, Page, oldest).used)
          oldest = i;
      g_array_remove_index_fast (priv->pages, oldest);
    }
  g_array_append_val (priv->pages, page);
  return &g_array_index (priv->pages, Page, priv->pages->len - 1);
}

/* The row at @position, or NULL when the store has none there now. */
static gconstpointer
row_at (PdPagedModel *self,
        guint         position)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);
  Page *page = load_page (self, position / priv->page_size);
  guint i = position % priv->page_size;

  return i < page->rows->len ? g_ptr_array_index (page->rows, i) : NULL;
}

static void
on_item_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (PD_PAGED_MODEL (data));
  GHashTableIter iter;
  gpointer value;

  /* Its position may have been given to another item since. */
  g_hash_table_iter_init (&iter, priv->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
forget_item (PdPagedModel *self,
             guint         position)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);
  GObject *item = g_hash_table_lookup (priv->items, GUINT_TO_POINTER (position));

  if (item == NULL)
    return;
  g_object_weak_unref (item, on_item_finalized, self);
  g_hash_table_remove (priv->items, GUINT_TO_POINTER (position));
}

static void
forget_items (PdPagedModel *self)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, priv->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, on_item_finalized, self);
  g_hash_table_remove_all (priv->items);
}

static GType
pd_paged_model_get_item_type (GListModel *model)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (PD_PAGED_MODEL (model));

  return priv->item_type;
}

static guint
pd_paged_model_get_n_items (GListModel *model)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (PD_PAGED_MODEL (model));

  return priv->n_items;
}

static gpointer
pd_paged_model_get_item (GListModel *model,
                         guint       position)
{
  PdPagedModel *self = PD_PAGED_MODEL (model);
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);
  GObject *item;

  if (position >= priv->n_items)
    return NULL;

  item = g_hash_table_lookup (priv->items, GUINT_TO_POINTER (position));
  if (item != NULL)
    return g_object_ref (item);

  item = PD_PAGED_MODEL_GET_CLASS (self)->new_item (self, row_at (self, position));
  g_object_weak_ref (item, on_item_finalized, self);
  g_hash_table_insert (priv->items, GUINT_TO_POINTER (position), item);
  return item;
}

static void
pd_paged_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_paged_model_get_item_type;
  iface->get_n_items = pd_paged_model_get_n_items;
  iface->get_item = pd_paged_model_get_item;
}

static void
pd_paged_model_finalize (GObject *object)
{
  PdPagedModel *self = PD_PAGED_MODEL (object);
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);

  forget_items (self);
  g_hash_table_unref (priv->items);
  g_array_unref (priv->pages);

  G_OBJECT_CLASS (pd_paged_model_parent_class)->finalize (object);
}

static void
pd_paged_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (PD_PAGED_MODEL (object));

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, priv->item_type);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, priv->page_size);
      break;

    case PROP_MAX_PAGES:
      g_value_set_uint (value, priv->max_pages);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->n_items);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_paged_model_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (PD_PAGED_MODEL (object));

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      priv->item_type = g_value_get_gtype (value);
      break;

    case PROP_PAGE_SIZE:
      priv->page_size = g_value_get_uint (value);
      break;

    case PROP_MAX_PAGES:
      priv->max_pages = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_paged_model_class_init (PdPagedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_paged_model_finalize;
  object_class->get_property = pd_paged_model_get_property;
  object_class->set_property = pd_paged_model_set_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 65536, 64,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL, 1, 1024, 8,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_paged_model_init (PdPagedModel *self)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);

  priv->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  g_array_set_clear_func (priv->pages, clear_page);
  priv->items = g_hash_table_new (NULL, NULL);
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The items alive show the rows now at their positions (in position
 * order: pages are read once); those past the new end go. */
static void
update_live_items (PdPagedModel *self)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, priv->items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint position = GPOINTER_TO_UINT (key);

      g_array_append_val (positions, position);
    }
  g_array_sort (positions, compare_positions);
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      gpointer item = g_hash_table_lookup (priv->items, GUINT_TO_POINTER (position));

      if (item == NULL)
        continue;
      if (position < priv->n_items)
        PD_PAGED_MODEL_GET_CLASS (self)->update_item (self, item, row_at (self, position));
      else
        forget_item (self, position);
    }
}

gboolean
pd_paged_model_reload (PdPagedModel  *self,
                       GError       **error)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);
  PdPagedModelClass *klass;
  guint old, total = 0;
  gboolean ok;

  g_return_val_if_fail (PD_IS_PAGED_MODEL (self), FALSE);

  klass = PD_PAGED_MODEL_GET_CLASS (self);
  old = priv->n_items;
  g_array_set_size (priv->pages, 0);
  priv->warned = FALSE;
  ok = klass->count (self, &total, error);
  priv->n_items = ok ? total : 0;

  if (klass->update_item != NULL)
    {
      update_live_items (self);
      if (priv->n_items < old)
        g_list_model_items_changed (G_LIST_MODEL (self), priv->n_items, old - priv->n_items, 0);
      else if (priv->n_items > old)
        g_list_model_items_changed (G_LIST_MODEL (self), old, 0, priv->n_items - old);
    }
  else
    {
      forget_items (self);
      if (old > 0 || priv->n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old, priv->n_items);
    }
  if (old != priv->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return ok;
}

guint
pd_paged_model_get_pages_read (PdPagedModel *self)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);

  g_return_val_if_fail (PD_IS_PAGED_MODEL (self), 0);
  return priv->pages_read;
}

guint
pd_paged_model_get_cached_rows (PdPagedModel *self)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);
  guint n = 0;

  g_return_val_if_fail (PD_IS_PAGED_MODEL (self), 0);
  for (guint i = 0; i < priv->pages->len; i++)
    n += g_array_index (priv->pages, Page, i).rows->len;
  return n;
}

guint
pd_paged_model_get_live_items (PdPagedModel *self)
{
  PdPagedModelPrivate *priv = pd_paged_model_get_instance_private (self);

  g_return_val_if_fail (PD_IS_PAGED_MODEL (self), 0);
  return g_hash_table_size (priv->items);
}
