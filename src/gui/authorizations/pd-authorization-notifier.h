/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_AUTHORIZATION_NOTIFIER (pd_authorization_notifier_get_type ())

G_DECLARE_FINAL_TYPE (PdAuthorizationNotifier, pd_authorization_notifier, PD,
                      AUTHORIZATION_NOTIFIER, GObject)

/* The desktop notifications of expiring authorizations: after each of
 * the context's PdAuthorizationMonitor checks (start-up, a sync or
 * another write, the day's change), every notice the store says is due
 * (pd_store_due_authorization_notices: entering the 15-day window, then
 * at 3 days) goes out as a GNotification through @application and is
 * recorded, so that a restart does not repeat it. Both notices of one
 * authorization share a notification id: the 3-day one replaces the
 * first. Their default action is "app.show-authorization" with the
 * authorization's id (PdApplication's, from its start-up: a notification
 * may start the app). */
PdAuthorizationNotifier *pd_authorization_notifier_new (GApplication *application,
                                                        PdContext    *context);

/* What app.show-authorization does: activates @application if it has no
 * window yet, then presents it on the Authorizations page with that row
 * selected. */
void pd_authorization_notifier_show (GApplication *application,
                                     const char   *authorization_id);

/* "authorization-<id>": the id its notifications are sent under. */
char *pd_authorization_notifier_dup_notification_id (const char *authorization_id);

G_END_DECLS
