/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-requests-badge"

#include "config.h"

#include "pd-requests-badge.h"
#include "pd-store-requests.h"

struct _PdRequestsBadge
{
  GObject           parent_instance;

  PdContext        *context;
  GWeakRef          page;
  guint             count;
};

G_DEFINE_FINAL_TYPE (PdRequestsBadge, pd_requests_badge, G_TYPE_OBJECT)

static void
update (PdRequestsBadge *self)
{
  g_autoptr(AdwViewStackPage) page = g_weak_ref_get (&self->page);
  g_autoptr(GError) error = NULL;
  PdRequestQuery query;
  guint64 count = 0;

  pd_request_query_init (&query);
  query.status = "partner_reviewing";
  if (!pd_store_seller_requests_count (pd_context_get_store (self->context), &query, &count, &error))
    {
      g_warning ("Cannot count the requests waiting for review: %s", error->message);
      return;
    }
  self->count = (guint) MIN (count, (guint64) G_MAXUINT);
  if (page == NULL)
    return;
  adw_view_stack_page_set_badge_number (page, self->count);
  adw_view_stack_page_set_needs_attention (page, self->count > 0);
}

static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     PdRequestsBadge     *self)
{
  if (pd_store_change_has (change, PD_ENTITY_SYNCED))
    update (self);
}

static void
on_started_cb (PdRequestsBadge *self)
{
  update (self);
}

static void
pd_requests_badge_finalize (GObject *object)
{
  PdRequestsBadge *self = PD_REQUESTS_BADGE (object);

  g_weak_ref_clear (&self->page);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_requests_badge_parent_class)->finalize (object);
}

static void
pd_requests_badge_class_init (PdRequestsBadgeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_requests_badge_finalize;
}

static void
pd_requests_badge_init (PdRequestsBadge *self)
{
  g_weak_ref_init (&self->page, NULL);
}

PdRequestsBadge *
pd_requests_badge_new (PdContext        *context,
                       AdwViewStackPage *page)
{
  PdRequestsBadge *self;

  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (ADW_IS_VIEW_STACK_PAGE (page), NULL);

  self = g_object_new (PD_TYPE_REQUESTS_BADGE, NULL);
  self->context = g_object_ref (context);
  g_weak_ref_set (&self->page, page);
  g_signal_connect_object (pd_context_get_store (context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  if (pd_context_is_started (context))
    update (self);
  else
    g_signal_connect_object (context, "started", G_CALLBACK (on_started_cb), self, G_CONNECT_SWAPPED);
  return self;
}

guint
pd_requests_badge_get_count (PdRequestsBadge *self)
{
  g_return_val_if_fail (PD_IS_REQUESTS_BADGE (self), 0);
  return self->count;
}
