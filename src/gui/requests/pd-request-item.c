/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-request-item"

#include "config.h"

#include "pd-request-item.h"

struct _PdRequestItem
{
  GObject          parent_instance;

  PdSellerRequest *request;
};

G_DEFINE_FINAL_TYPE (PdRequestItem, pd_request_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REQUEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_request_item_finalize (GObject *object)
{
  PdRequestItem *self = PD_REQUEST_ITEM (object);

  g_clear_pointer (&self->request, pd_seller_request_free);

  G_OBJECT_CLASS (pd_request_item_parent_class)->finalize (object);
}

static void
pd_request_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdRequestItem *self = PD_REQUEST_ITEM (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_pointer (value, self->request);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_request_item_class_init (PdRequestItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_request_item_finalize;
  object_class->get_property = pd_request_item_get_property;

  /* Read-only: notified when a reload gives the item another request. */
  properties[PROP_REQUEST] =
    g_param_spec_pointer ("request", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_request_item_init (PdRequestItem *self)
{
}

PdRequestItem *
pd_request_item_new (PdSellerRequest *request)
{
  PdRequestItem *self = g_object_new (PD_TYPE_REQUEST_ITEM, NULL);

  self->request = request;
  return self;
}

const PdSellerRequest *
pd_request_item_get_request (PdRequestItem *self)
{
  g_return_val_if_fail (PD_IS_REQUEST_ITEM (self), NULL);
  return self->request;
}

void
pd_request_item_set_request (PdRequestItem   *self,
                             PdSellerRequest *request)
{
  g_return_if_fail (PD_IS_REQUEST_ITEM (self));

  if (self->request == request)
    return;
  g_clear_pointer (&self->request, pd_seller_request_free);
  self->request = request;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST]);
}
