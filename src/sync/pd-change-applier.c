/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include "pd-change-applier.h"
#include "pd-sync-error.h"

struct _PdChangeApplier
{
  GObject         parent_instance;

  PdStoreChanges *changes;
};

G_DEFINE_FINAL_TYPE (PdChangeApplier, pd_change_applier, G_TYPE_OBJECT)

static void
pd_change_applier_finalize (GObject *object)
{
  PdChangeApplier *self = PD_CHANGE_APPLIER (object);

  g_clear_object (&self->changes);

  G_OBJECT_CLASS (pd_change_applier_parent_class)->finalize (object);
}

static void
pd_change_applier_class_init (PdChangeApplierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_change_applier_finalize;
}

static void
pd_change_applier_init (PdChangeApplier *self)
{
}

PdChangeApplier *
pd_change_applier_new (PdStore *store)
{
  PdChangeApplier *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_CHANGE_APPLIER, NULL);
  self->changes = pd_store_changes_new (store);
  return self;
}

/* The store's "this change names a program it does not have" is, to the
 * sync client, a change the feed should not have sent. */
static gboolean
translate_error (GError **error)
{
  if (error != NULL && *error != NULL &&
      g_error_matches (*error, PD_STORE_CHANGES_ERROR, PD_STORE_CHANGES_ERROR_UNKNOWN_PROGRAM))
    {
      GError *store_error = g_steal_pointer (error);

      g_set_error_literal (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_CHANGE, store_error->message);
      g_error_free (store_error);
    }
  return FALSE;
}

gboolean
pd_change_applier_begin (PdChangeApplier  *self,
                         GError          **error)
{
  g_return_val_if_fail (PD_IS_CHANGE_APPLIER (self), FALSE);

  return pd_store_changes_begin (self->changes, error);
}

gboolean
pd_change_applier_apply (PdChangeApplier        *self,
                         const PdDecodedChange  *change,
                         gboolean               *applied_out,
                         GError                **error)
{
  g_return_val_if_fail (PD_IS_CHANGE_APPLIER (self), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  return pd_store_changes_apply (self->changes, pd_decoded_change_get_store_change (change),
                                 applied_out, error) ||
         translate_error (error);
}

gboolean
pd_change_applier_apply_page (PdChangeApplier  *self,
                              GPtrArray        *changes,
                              const char       *next_cursor,
                              guint64          *applied_out,
                              guint64          *ignored_out,
                              GError          **error)
{
  g_autofree const PdFeedChange **store_changes = NULL;

  g_return_val_if_fail (PD_IS_CHANGE_APPLIER (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  store_changes = g_new (const PdFeedChange *, changes->len + 1);
  for (guint i = 0; i < changes->len; i++)
    store_changes[i] = pd_decoded_change_get_store_change (g_ptr_array_index (changes, i));
  return pd_store_changes_apply_page (self->changes, store_changes, changes->len, next_cursor,
                                      "GET /v1/changes", applied_out, ignored_out, error) ||
         translate_error (error);
}

gboolean
pd_change_applier_apply_sent (PdChangeApplier        *self,
                              gint64                  outbox_id,
                              const PdDecodedChange  *answer,
                              const char             *where,
                              GError                **error)
{
  g_return_val_if_fail (PD_IS_CHANGE_APPLIER (self), FALSE);

  return pd_store_changes_apply_sent (self->changes, outbox_id,
                                      answer != NULL ? pd_decoded_change_get_store_change (answer) : NULL,
                                      where, error) ||
         translate_error (error);
}
