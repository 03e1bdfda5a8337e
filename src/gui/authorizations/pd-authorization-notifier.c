/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-authorization-notifier"

#include "config.h"

#include <gtk/gtk.h>
#include <glib/gi18n.h>

#include "pd-authorization-format.h"
#include "pd-authorization-monitor.h"
#include "pd-authorization-notifier.h"
#include "pd-authorizations-page.h"
#include "pd-store-authorizations.h"
#include "pd-window.h"

struct _PdAuthorizationNotifier
{
  GObject       parent_instance;

  GApplication *application;   /* unowned: it owns the notifier */
  PdContext    *context;
};

G_DEFINE_FINAL_TYPE (PdAuthorizationNotifier, pd_authorization_notifier, G_TYPE_OBJECT)

char *
pd_authorization_notifier_dup_notification_id (const char *authorization_id)
{
  return g_strconcat ("authorization-", authorization_id, NULL);
}

static GNotification *
new_notification (const PdAuthorizationNotice *notice,
                  GTimeZone                   *zone)
{
  g_autofree char *seller = pd_authorization_format_seller (notice->seller_id, notice->seller_name);
  g_autofree char *date = pd_authorization_format_date (notice->expires_at, zone);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GNotification *notification;

  if (notice->days_left <= 0)
    /* Translators: notification title; %s is the merchant */
    title = g_strdup_printf (_("%s: authorization expires today"), seller);
  else
    /* Translators: notification title; %s is the merchant, %d the days */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: authorization expires in %d day",
                                          "%s: authorization expires in %d days",
                                          (gulong) notice->days_left),
                             seller, (int) notice->days_left);
  /* Translators: notification body; the service's name, then the date */
  body = g_strdup_printf (_("The authorization for %s ends on %s. Send the merchant a renewal link"
                            " from the Authorizations page."),
                          notice->service_name != NULL ? notice->service_name : _("a service"), date);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "x-partnerdesk.authorization.expiring");
  g_notification_set_priority (notification,
                               notice->window_days == PD_AUTHORIZATION_NOTICE_LAST
                               ? G_NOTIFICATION_PRIORITY_HIGH : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (notification, "app.show-authorization", "s",
                                                notice->authorization_id);
  return notification;
}

static void
send_due (PdAuthorizationNotifier *self)
{
  PdStore *store = pd_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GPtrArray) due = NULL;
  gint64 now = pd_clock_get_now (pd_context_get_clock (self->context));

  /* Without a session bus (a test, a bare session) there is nobody to
   * tell: nothing is sent, so nothing is recorded, and the notices go out
   * from a session that has one. */
  if (g_application_get_dbus_connection (self->application) == NULL)
    return;
  zone = pd_store_dup_user_zone (store, &error);
  if (zone != NULL)
    due = pd_store_due_authorization_notices (store, now, &error);
  if (due == NULL)
    {
      g_warning ("Cannot look for expiring authorizations: %s", error->message);
      return;
    }
  for (guint i = 0; i < due->len; i++)
    {
      PdAuthorizationNotice *notice = g_ptr_array_index (due, i);
      g_autoptr(GNotification) notification = new_notification (notice, zone);
      g_autofree char *id = pd_authorization_notifier_dup_notification_id (notice->authorization_id);

      g_application_send_notification (self->application, id, notification);
      /* The real time: when it was sent, not the clock the window shows. */
      if (!pd_store_mark_authorization_notice (store, notice->authorization_id, notice->expires_at,
                                               notice->window_days,
                                               g_get_real_time () / G_USEC_PER_SEC, &error))
        {
          g_warning ("Cannot record the notification of authorization %s: %s",
                     notice->authorization_id, error->message);
          return;
        }
    }
}

void
pd_authorization_notifier_show (GApplication *application,
                                const char   *authorization_id)
{
  GtkWindow *window;
  GtkWidget *page;

  g_return_if_fail (GTK_IS_APPLICATION (application));
  g_return_if_fail (authorization_id != NULL);

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (!PD_IS_WINDOW (window))
    {
      g_application_activate (application);
      window = gtk_application_get_active_window (GTK_APPLICATION (application));
    }
  if (!PD_IS_WINDOW (window))
    return;
  pd_window_show_page (PD_WINDOW (window), "authorizations");
  page = pd_window_get_page (PD_WINDOW (window), "authorizations");
  if (PD_IS_AUTHORIZATIONS_PAGE (page))
    pd_authorizations_page_select (PD_AUTHORIZATIONS_PAGE (page), authorization_id);
  gtk_window_present (window);
}

static void
pd_authorization_notifier_dispose (GObject *object)
{
  PdAuthorizationNotifier *self = PD_AUTHORIZATION_NOTIFIER (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_authorization_notifier_parent_class)->dispose (object);
}

static void
pd_authorization_notifier_class_init (PdAuthorizationNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_authorization_notifier_dispose;
}

static void
pd_authorization_notifier_init (PdAuthorizationNotifier *self)
{
}

PdAuthorizationNotifier *
pd_authorization_notifier_new (GApplication *application,
                               PdContext    *context)
{
  PdAuthorizationNotifier *self;
  PdAuthorizationMonitor *monitor;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);

  self = g_object_new (PD_TYPE_AUTHORIZATION_NOTIFIER, NULL);
  self->application = application;
  self->context = g_object_ref (context);
  monitor = pd_context_get_authorization_monitor (context);
  g_signal_connect_object (monitor, "checked", G_CALLBACK (send_due), self, G_CONNECT_SWAPPED);
  send_due (self);
  return self;
}
