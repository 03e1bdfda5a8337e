/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include "pd-overview-list.h"

/* A list view makes rows for up to 200 items at once, each measured
 * and laid out in the same frame: shown all at once, a long list froze
 * the window for a few hundred milliseconds. The items are revealed
 * REVEAL_STEP at a time, one step per main loop turn (after the frame
 * drawn), up to REVEAL_ALL_FROM; the rest, whose rows are not made
 * until scrolled to, then come at once. */
#define REVEAL_STEP     20
#define REVEAL_ALL_FROM 200

struct _PdOverviewList
{
  GObject             parent_instance;

  guint               n_items;
  guint               n_shown;
  guint               reveal_source;
  PdOverviewItemFunc  func;
  gpointer            user_data;
  GDestroyNotify      destroy;
};

static GType
pd_overview_list_get_item_type (GListModel *model)
{
  return PD_TYPE_OVERVIEW_ITEM;
}

static guint
pd_overview_list_get_n_items (GListModel *model)
{
  return PD_OVERVIEW_LIST (model)->n_shown;
}

static gpointer
pd_overview_list_get_item (GListModel *model,
                           guint       position)
{
  PdOverviewList *self = PD_OVERVIEW_LIST (model);

  if (position >= self->n_shown || self->func == NULL)
    return NULL;
  return self->func (self->user_data, position);
}

static void
pd_overview_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_overview_list_get_item_type;
  iface->get_n_items = pd_overview_list_get_n_items;
  iface->get_item = pd_overview_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PdOverviewList, pd_overview_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pd_overview_list_model_init))

static void
clear_rows (PdOverviewList *self)
{
  if (self->destroy != NULL && self->user_data != NULL)
    self->destroy (self->user_data);
  self->func = NULL;
  self->user_data = NULL;
  self->destroy = NULL;
}

static gboolean
on_reveal_cb (gpointer user_data)
{
  PdOverviewList *self = user_data;
  guint added;

  if (self->n_shown >= REVEAL_ALL_FROM)
    added = self->n_items - self->n_shown;
  else
    added = MIN (REVEAL_STEP, self->n_items - self->n_shown);
  self->n_shown += added;
  if (self->n_shown == self->n_items)
    self->reveal_source = 0;
  g_list_model_items_changed (G_LIST_MODEL (self), self->n_shown - added, 0, added);
  return self->n_shown < self->n_items ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
pd_overview_list_finalize (GObject *object)
{
  PdOverviewList *self = PD_OVERVIEW_LIST (object);

  g_clear_handle_id (&self->reveal_source, g_source_remove);
  clear_rows (self);

  G_OBJECT_CLASS (pd_overview_list_parent_class)->finalize (object);
}

static void
pd_overview_list_class_init (PdOverviewListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_overview_list_finalize;
}

static void
pd_overview_list_init (PdOverviewList *self)
{
}

PdOverviewList *
pd_overview_list_new (void)
{
  return g_object_new (PD_TYPE_OVERVIEW_LIST, NULL);
}

void
pd_overview_list_set_rows (PdOverviewList     *self,
                           guint               n_items,
                           PdOverviewItemFunc  func,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  guint removed;

  g_return_if_fail (PD_IS_OVERVIEW_LIST (self));
  g_return_if_fail (n_items == 0 || func != NULL);

  g_clear_handle_id (&self->reveal_source, g_source_remove);
  removed = self->n_shown;
  clear_rows (self);
  self->n_items = n_items;
  self->n_shown = MIN (n_items, REVEAL_STEP);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  if (self->n_shown < n_items)
    self->reveal_source = g_idle_add_full (G_PRIORITY_LOW, on_reveal_cb, self, NULL);
  if (removed > 0 || self->n_shown > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_shown);
}

guint
pd_overview_list_get_n_rows (PdOverviewList *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_LIST (self), 0);
  return self->n_items;
}
