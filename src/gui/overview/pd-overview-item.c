/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include "pd-overview-item.h"

struct _PdOverviewItem
{
  GObject            parent_instance;

  char              *title;
  char              *subtitle;
  char              *detail;
  char              *badge;
  PdOverviewUrgency  urgency;
  char              *action_label;
  char              *action_name;
  GVariant          *action_target;
};

G_DEFINE_FINAL_TYPE (PdOverviewItem, pd_overview_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_DETAIL,
  PROP_BADGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_overview_item_finalize (GObject *object)
{
  PdOverviewItem *self = PD_OVERVIEW_ITEM (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->detail);
  g_free (self->badge);
  g_free (self->action_label);
  g_free (self->action_name);
  g_clear_pointer (&self->action_target, g_variant_unref);

  G_OBJECT_CLASS (pd_overview_item_parent_class)->finalize (object);
}

static void
pd_overview_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdOverviewItem *self = PD_OVERVIEW_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    case PROP_BADGE:
      g_value_set_string (value, self->badge);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_item_class_init (PdOverviewItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_overview_item_finalize;
  object_class->get_property = pd_overview_item_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BADGE] =
    g_param_spec_string ("badge", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_overview_item_init (PdOverviewItem *self)
{
}

PdOverviewItem *
pd_overview_item_new (const char        *title,
                      const char        *subtitle,
                      const char        *detail,
                      const char        *badge,
                      PdOverviewUrgency  urgency)
{
  PdOverviewItem *self = g_object_new (PD_TYPE_OVERVIEW_ITEM, NULL);

  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->detail = g_strdup (detail);
  self->badge = g_strdup (badge);
  self->urgency = urgency;
  return self;
}

const char *
pd_overview_item_get_title (PdOverviewItem *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_ITEM (self), NULL);
  return self->title;
}

const char *
pd_overview_item_get_subtitle (PdOverviewItem *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_ITEM (self), NULL);
  return self->subtitle;
}

const char *
pd_overview_item_get_detail (PdOverviewItem *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_ITEM (self), NULL);
  return self->detail;
}

const char *
pd_overview_item_get_badge (PdOverviewItem *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_ITEM (self), NULL);
  return self->badge;
}

PdOverviewUrgency
pd_overview_item_get_urgency (PdOverviewItem *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_ITEM (self), PD_OVERVIEW_URGENCY_NONE);
  return self->urgency;
}

void
pd_overview_item_set_action (PdOverviewItem *self,
                             const char     *label,
                             const char     *action_name,
                             GVariant       *target)
{
  g_return_if_fail (PD_IS_OVERVIEW_ITEM (self));

  g_free (self->action_label);
  self->action_label = g_strdup (label);
  g_free (self->action_name);
  self->action_name = g_strdup (action_name);
  g_clear_pointer (&self->action_target, g_variant_unref);
  self->action_target = target != NULL ? g_variant_ref_sink (target) : NULL;
}

const char *
pd_overview_item_get_action_label (PdOverviewItem *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_ITEM (self), NULL);
  return self->action_label;
}

const char *
pd_overview_item_get_action_name (PdOverviewItem *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_ITEM (self), NULL);
  return self->action_name;
}

GVariant *
pd_overview_item_get_action_target (PdOverviewItem *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_ITEM (self), NULL);
  return self->action_target;
}
