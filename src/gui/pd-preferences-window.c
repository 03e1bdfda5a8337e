/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-preferences-window.h"

struct _PdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PdContext            *context;
};

G_DEFINE_FINAL_TYPE (PdPreferencesWindow, pd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
pd_preferences_window_dispose (GObject *object)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_preferences_window_parent_class)->dispose (object);
}

static void
pd_preferences_window_class_init (PdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-preferences-window.ui");
}

static void
pd_preferences_window_init (PdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pd_preferences_window_new (GtkWindow *parent,
                           PdContext *context)
{
  PdPreferencesWindow *self;

  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);

  self = g_object_new (PD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);
  return GTK_WIDGET (self);
}
