/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_STAFF_NAME_DIALOG (pd_staff_name_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdStaffNameDialog, pd_staff_name_dialog, PD, STAFF_NAME_DIALOG, AdwMessageDialog)

/* Who the user is (the staff_name setting) is asked once, at the first
 * action that credits them (a link, a note): prefilled with the real
 * name of the account. */

/* Whether the staff_name setting is set. */
gboolean   pd_staff_name_is_set          (PdContext  *context);
/* Asks the name (the dialog, transient for @widget's window); once it is
 * saved, activates @action_name on @widget again, so the action goes on
 * with the name set. Cancel: nothing happens. */
void       pd_staff_name_ask_then        (GtkWidget  *widget,
                                          PdContext  *context,
                                          const char *action_name);

GtkWidget *pd_staff_name_dialog_new      (GtkWindow  *parent);
const char *pd_staff_name_dialog_get_name (PdStaffNameDialog *self);

G_END_DECLS
