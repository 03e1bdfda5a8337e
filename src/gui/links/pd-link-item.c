/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-link-item"

#include "config.h"

#include "pd-link-item.h"

struct _PdLinkItem
{
  GObject  parent_instance;

  PdLink  *link;
};

G_DEFINE_FINAL_TYPE (PdLinkItem, pd_link_item, G_TYPE_OBJECT)

static void
pd_link_item_finalize (GObject *object)
{
  PdLinkItem *self = PD_LINK_ITEM (object);

  g_clear_pointer (&self->link, pd_link_free);

  G_OBJECT_CLASS (pd_link_item_parent_class)->finalize (object);
}

static void
pd_link_item_class_init (PdLinkItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_link_item_finalize;
}

static void
pd_link_item_init (PdLinkItem *self)
{
}

PdLinkItem *
pd_link_item_new (PdLink *link)
{
  PdLinkItem *self;

  g_return_val_if_fail (link != NULL, NULL);

  self = g_object_new (PD_TYPE_LINK_ITEM, NULL);
  self->link = link;
  return self;
}

const PdLink *
pd_link_item_get_link (PdLinkItem *self)
{
  g_return_val_if_fail (PD_IS_LINK_ITEM (self), NULL);
  return self->link;
}
