/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-links-model"

#include "config.h"

#include "pd-link-item.h"
#include "pd-links-model.h"
#include "pd-store-links.h"

struct _PdLinksModel
{
  PdPagedModel  parent_instance;

  PdStore      *store;
  char         *state;
};

G_DEFINE_FINAL_TYPE (PdLinksModel, pd_links_model, PD_TYPE_PAGED_MODEL)

static gboolean
pd_links_model_count (PdPagedModel  *model,
                      guint         *n_rows,
                      GError       **error)
{
  PdLinksModel *self = PD_LINKS_MODEL (model);
  guint64 count = 0;

  if (!pd_store_links_count (self->store, self->state, &count, error))
    return FALSE;
  *n_rows = (guint) MIN (count, (guint64) G_MAXUINT);
  return TRUE;
}

static GPtrArray *
pd_links_model_read (PdPagedModel  *model,
                     guint          offset,
                     guint          limit,
                     GError       **error)
{
  PdLinksModel *self = PD_LINKS_MODEL (model);

  return pd_store_links_page (self->store, self->state, offset, limit, error);
}

static gpointer
pd_links_model_new_item (PdPagedModel  *model,
                         gconstpointer  link)
{
  /* No link there (the store lost rows since it was counted; a reload
   * is on its way): an empty row keeps the model's length honest. */
  return pd_link_item_new (link != NULL ? pd_link_copy (link) : g_new0 (PdLink, 1));
}

static void
pd_links_model_finalize (GObject *object)
{
  PdLinksModel *self = PD_LINKS_MODEL (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->state, g_free);

  G_OBJECT_CLASS (pd_links_model_parent_class)->finalize (object);
}

static void
pd_links_model_class_init (PdLinksModelClass *klass)
{
  PdPagedModelClass *paged_class = PD_PAGED_MODEL_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = pd_links_model_finalize;
  paged_class->count = pd_links_model_count;
  paged_class->read = pd_links_model_read;
  paged_class->new_item = pd_links_model_new_item;
}

static void
pd_links_model_init (PdLinksModel *self)
{
}

PdLinksModel *
pd_links_model_new (PdStore *store)
{
  PdLinksModel *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_LINKS_MODEL,
                       "item-type", PD_TYPE_LINK_ITEM,
                       "page-size", PD_LINKS_MODEL_PAGE_SIZE,
                       "max-pages", PD_LINKS_MODEL_CACHED_PAGES,
                       NULL);
  self->store = g_object_ref (store);
  if (!pd_links_model_reload (self, &error))
    g_warning ("Cannot count the links: %s", error->message);
  return self;
}

gboolean
pd_links_model_reload (PdLinksModel  *self,
                       GError       **error)
{
  g_return_val_if_fail (PD_IS_LINKS_MODEL (self), FALSE);
  return pd_paged_model_reload (PD_PAGED_MODEL (self), error);
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
  return pd_paged_model_get_pages_read (PD_PAGED_MODEL (self));
}
