/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-outbox-row"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-outbox-row.h"
#include "pd-sync-text.h"

struct _PdOutboxRow
{
  GtkListBoxRow  parent_instance;

  PdOutboxItem  *item;

  GtkImage      *refused_icon;
  GtkLabel      *title_label;
  GtkLabel      *status_label;
  GtkLabel      *error_label;
  GtkButton     *resolve_button;
  GtkButton     *retry_button;
  GtkButton     *discard_button;
};

G_DEFINE_FINAL_TYPE (PdOutboxRow, pd_outbox_row, GTK_TYPE_LIST_BOX_ROW)

static void
pd_outbox_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_OUTBOX_ROW);

  G_OBJECT_CLASS (pd_outbox_row_parent_class)->dispose (object);
}

static void
pd_outbox_row_finalize (GObject *object)
{
  PdOutboxRow *self = PD_OUTBOX_ROW (object);

  g_clear_pointer (&self->item, pd_outbox_item_free);

  G_OBJECT_CLASS (pd_outbox_row_parent_class)->finalize (object);
}

static void
pd_outbox_row_class_init (PdOutboxRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_outbox_row_dispose;
  object_class->finalize = pd_outbox_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-outbox-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOutboxRow, refused_icon);
  gtk_widget_class_bind_template_child (widget_class, PdOutboxRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdOutboxRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, PdOutboxRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdOutboxRow, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, PdOutboxRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, PdOutboxRow, discard_button);
}

static void
pd_outbox_row_init (PdOutboxRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_target (GtkButton *button,
            gint64     id)
{
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
}

GtkWidget *
pd_outbox_row_new (const PdOutboxItem *item,
                   gint64              now)
{
  PdOutboxRow *self;
  g_autofree char *title = NULL;
  g_autofree char *status = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (item != NULL, NULL);

  self = g_object_new (PD_TYPE_OUTBOX_ROW, NULL);
  self->item = pd_outbox_item_copy (item);

  title = pd_sync_text_describe (item);
  status = pd_sync_text_item_status (item, now);
  if (item->state == PD_OUTBOX_STATE_CONFLICT)
    detail = g_strdup (_("Changed on the platform meanwhile"));
  else if (item->last_error != NULL && *item->last_error != '\0')
    /* Translators: %s is the platform's or the network's error */
    detail = g_strdup_printf (_("Last error: %s"), item->last_error);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->status_label, status);
  gtk_label_set_label (self->error_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), detail != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->refused_icon), item->state == PD_OUTBOX_STATE_FAILED);

  /* A screen reader (and the end-to-end test) finds the row by what it asks. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail != NULL ? detail : status,
                                  -1);

  set_target (self->resolve_button, item->id);
  set_target (self->retry_button, item->id);
  set_target (self->discard_button, item->id);
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_button), item->state == PD_OUTBOX_STATE_CONFLICT);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), item->state != PD_OUTBOX_STATE_CONFLICT);

  return GTK_WIDGET (self);
}

const PdOutboxItem *
pd_outbox_row_get_item (PdOutboxRow *self)
{
  g_return_val_if_fail (PD_IS_OUTBOX_ROW (self), NULL);
  return self->item;
}

const char *
pd_outbox_row_get_title (PdOutboxRow *self)
{
  g_return_val_if_fail (PD_IS_OUTBOX_ROW (self), NULL);
  return gtk_label_get_label (self->title_label);
}

const char *
pd_outbox_row_get_status (PdOutboxRow *self)
{
  g_return_val_if_fail (PD_IS_OUTBOX_ROW (self), NULL);
  return gtk_label_get_label (self->status_label);
}

const char *
pd_outbox_row_get_detail (PdOutboxRow *self)
{
  g_return_val_if_fail (PD_IS_OUTBOX_ROW (self), NULL);
  return gtk_label_get_label (self->error_label);
}
