/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorization-item"

#include "config.h"

#include "pd-authorization-item.h"

struct _PdAuthorizationItem
{
  GObject             parent_instance;

  PdAuthorizationRow *row;
  GTimeZone          *zone;
  char               *renewal_url;
};

G_DEFINE_FINAL_TYPE (PdAuthorizationItem, pd_authorization_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_authorization_item_finalize (GObject *object)
{
  PdAuthorizationItem *self = PD_AUTHORIZATION_ITEM (object);

  g_clear_pointer (&self->row, pd_authorization_row_free);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self->renewal_url);

  G_OBJECT_CLASS (pd_authorization_item_parent_class)->finalize (object);
}

static void
pd_authorization_item_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PdAuthorizationItem *self = PD_AUTHORIZATION_ITEM (object);

  switch (prop_id)
    {
    case PROP_ROW:
      g_value_set_pointer (value, self->row);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_authorization_item_class_init (PdAuthorizationItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_authorization_item_finalize;
  object_class->get_property = pd_authorization_item_get_property;

  /* The row, the zone and the renewal URL change together. */
  properties[PROP_ROW] =
    g_param_spec_pointer ("row", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_authorization_item_init (PdAuthorizationItem *self)
{
}

PdAuthorizationItem *
pd_authorization_item_new (PdAuthorizationRow *row,
                           GTimeZone          *zone,
                           const char         *renewal_url)
{
  PdAuthorizationItem *self = g_object_new (PD_TYPE_AUTHORIZATION_ITEM, NULL);

  self->row = row;
  self->zone = zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_utc ();
  self->renewal_url = g_strdup (renewal_url);
  return self;
}

void
pd_authorization_item_set_row (PdAuthorizationItem *self,
                               PdAuthorizationRow  *row,
                               GTimeZone           *zone,
                               const char          *renewal_url)
{
  g_return_if_fail (PD_IS_AUTHORIZATION_ITEM (self));
  g_return_if_fail (row != NULL);

  g_clear_pointer (&self->row, pd_authorization_row_free);
  self->row = row;
  if (zone != NULL && zone != self->zone)
    {
      g_time_zone_unref (self->zone);
      self->zone = g_time_zone_ref (zone);
    }
  g_free (self->renewal_url);
  self->renewal_url = g_strdup (renewal_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW]);
}

const PdAuthorizationRow *
pd_authorization_item_get_row (PdAuthorizationItem *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATION_ITEM (self), NULL);
  return self->row;
}

GTimeZone *
pd_authorization_item_get_zone (PdAuthorizationItem *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATION_ITEM (self), NULL);
  return self->zone;
}

const char *
pd_authorization_item_get_renewal_url (PdAuthorizationItem *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATION_ITEM (self), NULL);
  return self->renewal_url;
}
