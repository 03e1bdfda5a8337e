/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorizations-model"

#include "config.h"

#include "pd-authorization-item.h"
#include "pd-authorizations-model.h"
#include "pd-store-authorizations.h"

struct _PdAuthorizationsModel
{
  PdPagedModel  parent_instance;

  PdStore      *store;
  PdClock      *clock;
  int           expiring_days;
  gint64        now;           /* the instant of the last reload */
  GTimeZone    *zone;          /* the user's zone at the last reload */
  GHashTable   *renewal_urls;  /* authorization id -> URL of its renewal link */
};

G_DEFINE_FINAL_TYPE (PdAuthorizationsModel, pd_authorizations_model, PD_TYPE_PAGED_MODEL)

/* Each reload counts at the clock's now and in the zone of that moment,
 * so that every page of one load agrees. */
static gboolean
pd_authorizations_model_count (PdPagedModel  *model,
                               guint         *n_rows,
                               GError       **error)
{
  PdAuthorizationsModel *self = PD_AUTHORIZATIONS_MODEL (model);
  GTimeZone *zone = pd_store_dup_user_zone (self->store, error);

  if (zone == NULL)
    return FALSE;
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = zone;
  self->now = pd_clock_get_now (self->clock);
  return pd_store_count_authorizations (self->store, self->now, self->expiring_days, n_rows, error);
}

static GPtrArray *
pd_authorizations_model_read (PdPagedModel  *model,
                              guint          offset,
                              guint          limit,
                              GError       **error)
{
  PdAuthorizationsModel *self = PD_AUTHORIZATIONS_MODEL (model);

  return pd_store_read_authorizations (self->store, self->now, self->expiring_days, offset, limit,
                                       error);
}

/* The link made in this window, else the one the store remembers. */
static const char *
renewal_url (PdAuthorizationsModel    *self,
             const PdAuthorizationRow *row)
{
  const char *url = g_hash_table_lookup (self->renewal_urls, row->id);

  return url != NULL ? url : row->renewal_url;
}

/* No row there (the store lost rows since it was counted; a reload is
 * on its way): an empty row keeps the model's length honest. */
static PdAuthorizationRow *
copy_row (gconstpointer row)
{
  PdAuthorizationRow *copy;

  if (row != NULL)
    return pd_authorization_row_copy (row);
  copy = g_new0 (PdAuthorizationRow, 1);
  copy->id = g_strdup ("");
  copy->seller_id = g_strdup ("");
  copy->shop_ids = g_new0 (char *, 1);
  return copy;
}

static gpointer
pd_authorizations_model_new_item (PdPagedModel  *model,
                                  gconstpointer  row)
{
  PdAuthorizationsModel *self = PD_AUTHORIZATIONS_MODEL (model);
  PdAuthorizationRow *copy = copy_row (row);

  return pd_authorization_item_new (copy, self->zone,
                                    renewal_url (self, copy));
}

static void
pd_authorizations_model_update_item (PdPagedModel  *model,
                                     gpointer       item,
                                     gconstpointer  row)
{
  PdAuthorizationsModel *self = PD_AUTHORIZATIONS_MODEL (model);
  PdAuthorizationRow *copy = copy_row (row);

  pd_authorization_item_set_row (item, copy, self->zone,
                                 renewal_url (self, copy));
}

static void
pd_authorizations_model_finalize (GObject *object)
{
  PdAuthorizationsModel *self = PD_AUTHORIZATIONS_MODEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->renewal_urls, g_hash_table_unref);

  G_OBJECT_CLASS (pd_authorizations_model_parent_class)->finalize (object);
}

static void
pd_authorizations_model_class_init (PdAuthorizationsModelClass *klass)
{
  PdPagedModelClass *paged_class = PD_PAGED_MODEL_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = pd_authorizations_model_finalize;
  paged_class->count = pd_authorizations_model_count;
  paged_class->read = pd_authorizations_model_read;
  paged_class->new_item = pd_authorizations_model_new_item;
  paged_class->update_item = pd_authorizations_model_update_item;
}

static void
pd_authorizations_model_init (PdAuthorizationsModel *self)
{
  self->expiring_days = -1;
  self->renewal_urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

PdAuthorizationsModel *
pd_authorizations_model_new (PdStore *store,
                             PdClock *clock)
{
  PdAuthorizationsModel *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (PD_IS_CLOCK (clock), NULL);

  self = g_object_new (PD_TYPE_AUTHORIZATIONS_MODEL,
                       "item-type", PD_TYPE_AUTHORIZATION_ITEM,
                       "page-size", PD_AUTHORIZATIONS_MODEL_PAGE_SIZE,
                       "max-pages", PD_AUTHORIZATIONS_MODEL_CACHED_PAGES,
                       NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  if (!pd_authorizations_model_reload (self, &error))
    g_warning ("Cannot count the authorizations: %s", error->message);
  return self;
}

gboolean
pd_authorizations_model_reload (PdAuthorizationsModel  *self,
                                GError                **error)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_MODEL (self), FALSE);
  return pd_paged_model_reload (PD_PAGED_MODEL (self), error);
}

gboolean
pd_authorizations_model_set_expiring_days (PdAuthorizationsModel  *self,
                                           int                     days,
                                           GError                **error)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_MODEL (self), FALSE);

  days = MAX (days, -1);
  if (self->expiring_days == days)
    return TRUE;
  self->expiring_days = days;
  return pd_authorizations_model_reload (self, error);
}

int
pd_authorizations_model_get_expiring_days (PdAuthorizationsModel *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_MODEL (self), -1);
  return self->expiring_days;
}

gboolean
pd_authorizations_model_find (PdAuthorizationsModel  *self,
                              const char             *id,
                              guint                  *position,
                              GError                **error)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_MODEL (self), FALSE);
  return pd_store_find_authorization (self->store, self->now, self->expiring_days, id, position,
                                      error);
}

void
pd_authorizations_model_set_renewal_url (PdAuthorizationsModel *self,
                                         const char            *id,
                                         const char            *url)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PD_IS_AUTHORIZATIONS_MODEL (self));
  g_return_if_fail (id != NULL);

  g_hash_table_replace (self->renewal_urls, g_strdup (id), g_strdup (url));
  if (!pd_authorizations_model_reload (self, &error))
    g_warning ("Cannot read the authorizations again: %s", error->message);
}

const char *
pd_authorizations_model_get_renewal_url (PdAuthorizationsModel *self,
                                         const char            *id)
{
  g_autoptr(PdAuthorizationRow) row = NULL;
  const char *url;

  g_return_val_if_fail (PD_IS_AUTHORIZATIONS_MODEL (self), NULL);

  url = g_hash_table_lookup (self->renewal_urls, id);
  if (url != NULL)
    return url;
  /* A link made before a restart: the store remembers it. */
  row = pd_store_get_authorization (self->store, id, self->now, NULL);
  if (row == NULL || row->renewal_url == NULL)
    return NULL;
  url = row->renewal_url;
  g_hash_table_replace (self->renewal_urls, g_strdup (id), g_steal_pointer (&row->renewal_url));
  return url;
}
