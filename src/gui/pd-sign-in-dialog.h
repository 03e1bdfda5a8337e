/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_SIGN_IN_DIALOG (pd_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdSignInDialog, pd_sign_in_dialog, PD, SIGN_IN_DIALOG, AdwWindow)

/* The guided sign-in of Preferences → Platform: the platform's address,
 * the app key and the app secret; the tokens come from the platform
 * (pd_platform_sign_in_async()). On success the address becomes the
 * endpoint setting, the four credentials go to the keyring for it, the
 * store says PD_ENTITY_CREDENTIALS changed (the sync tries them), and
 * the dialog emits ::signed-in (const char *endpoint) and closes. A
 * failure says what to do, in the dialog, which stays open. */
GtkWidget *pd_sign_in_dialog_new (GtkWindow *parent,
                                  PdContext *context);

G_END_DECLS
