/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-links-model"

#include "config.h"

#include "pd-link-item.h"
#include "pd-links-model.h"
#include "pd-store-links.h"

typedef struct
{
  guint      index;     /* position / PD_LINKS_MODEL_PAGE_SIZE */
  guint64    used;      /* LRU stamp */
  GPtrArray *items;     /* PdLinkItem */
} Page;

struct _PdLinksModel
{
  GObject    parent_instance;

  PdStore   *store;
  char      *state;
  guint      n_items;
  GPtrArray *pages;     /* Page, at most PD_LINKS_MODEL_CACHED_PAGES */
  guint64    clock;
  guint      n_fetches;
};

static void pd_links_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdLinksModel, pd_links_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pd_links_model_list_model_init))

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static Page *
fetch_page (PdLinksModel *self,
            guint         index)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;
  Page *page = NULL;

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *cached = g_ptr_array_index (self->pages, i);

      if (cached->index == index)
        {
          cached->used = ++self->clock;
          return cached;
        }
    }

  if (self->pages->len >= PD_LINKS_MODEL_CACHED_PAGES)
    {
      guint oldest = 0;

      for (guint i = 1; i < self->pages->len; i++)
        if (((Page *) g_ptr_array_index (self->pages, i))->used <
            ((Page *) g_ptr_array_index (self->pages, oldest))->used)
          oldest = i;
      g_ptr_array_remove_index_fast (self->pages, oldest);
    }

  page = g_new0 (Page, 1);
  page->index = index;
  page->used = ++self->clock;
  page->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->n_fetches++;
  links = pd_store_links_page (self->store, self->state,
                               (guint64) index * PD_LINKS_MODEL_PAGE_SIZE,
                               PD_LINKS_MODEL_PAGE_SIZE, &error);
  if (links == NULL)
    g_warning ("Cannot read links %u to %u: %s", index * PD_LINKS_MODEL_PAGE_SIZE,
               (index + 1) * PD_LINKS_MODEL_PAGE_SIZE - 1, error->message);
  else
    for (guint i = 0; i < links->len; i++)
      g_ptr_array_add (page->items, pd_link_item_new (g_steal_pointer (&links->pdata[i])));
  g_ptr_array_add (self->pages, page);
  return page;
}

static GType
pd_links_model_get_item_type (GListModel *model)
{
  return PD_TYPE_LINK_ITEM;
}

static guint
pd_links_model_get_n_items (GListModel *model)
{
  return PD_LINKS_MODEL (model)->n_items;
}

static gpointer
pd_links_model_get_item (GListModel *model,
                         guint       position)
{
  PdLinksModel *self = PD_LINKS_MODEL (model);
  Page *page;
  guint offset;

  if (position >= self->n_items)
    return NULL;

  page = fetch_page (self, position / PD_LINKS_MODEL_PAGE_SIZE);
  offset = position % PD_LINKS_MODEL_PAGE_SIZE;
  if (offset < page->items->len)
    return g_object_ref (g_ptr_array_index (page->items, offset));

  /* The store lost rows since it was counted (a reload is on its way):
   * an empty row keeps the model's length honest until then. */
  return pd_link_item_new (g_new0 (PdLink, 1));
}

static void
pd_links_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_links_model_get_item_type;
  iface->get_n_items = pd_links_model_get_n_items;
  iface->get_item = pd_links_model_get_item;
}

static void
pd_links_model_finalize (GObject *object)
{
  PdLinksModel *self = PD_LINKS_MODEL (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->pages, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_links_model_parent_class)->finalize (object);
}

static void
pd_links_model_class_init (PdLinksModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_links_model_finalize;
}

static void
pd_links_model_init (PdLinksModel *self)
{
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
}

PdLinksModel *
pd_links_model_new (PdStore *store)
{
  PdLinksModel *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_LINKS_MODEL, NULL);
  self->store = g_object_ref (store);
  if (!pd_links_model_reload (self, &error))
    g_warning ("Cannot count the links: %s", error->message);
  return self;
}

gboolean
pd_links_model_reload (PdLinksModel  *self,
                       GError       **error)
{
  guint64 count = 0;
  guint old = self->n_items;
  gboolean ok;

  g_return_val_if_fail (PD_IS_LINKS_MODEL (self), FALSE);

  ok = pd_store_links_count (self->store, self->state, &count, error);
  g_ptr_array_set_size (self->pages, 0);
  self->n_items = (guint) MIN (count, (guint64) G_MAXUINT);
  if (old > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  return ok;
}

gboolean
pd_links_model_set_state (PdLinksModel  *self,
                          const char    *state,
                          GError       **error)
{
  g_return_val_if_fail (PD_IS_LINKS_MODEL (self), FALSE);

  if (g_strcmp0 (self->state, state) == 0)
    return TRUE;
  g_free (self->state);
  self->state = g_strdup (state);
  return pd_links_model_reload (self, error);
}

const char *
pd_links_model_get_state (PdLinksModel *self)
{
  g_return_val_if_fail (PD_IS_LINKS_MODEL (self), NULL);
  return self->state;
}

guint
pd_links_model_get_n_fetches (PdLinksModel *self)
{
  g_return_val_if_fail (PD_IS_LINKS_MODEL (self), 0);
  return self->n_fetches;
}
