/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_PROGRAM_SETTINGS_WINDOW (pd_program_settings_window_get_type ())

G_DECLARE_FINAL_TYPE (PdProgramSettingsWindow, pd_program_settings_window, PD, PROGRAM_SETTINGS_WINDOW,
                      AdwPreferencesWindow)

/* Program Settings, from the Overview's assumptions: the assumptions of
 * one program the agency may override (the governance paid fraction,
 * the inventory countries and their minimum, pd-store-overrides.h) and
 * the default stage rates (the same PdStageRatesGroup as Preferences).
 * Every change is saved at once, audited under the staff name, and
 * announced with PdStore::changed: the Overview projects again. */

GtkWidget  *pd_program_settings_window_new            (GtkWindow               *parent,
                                                       PdContext               *context,
                                                       const char              *program_id);
const char *pd_program_settings_window_get_program_id (PdProgramSettingsWindow *self);

G_END_DECLS
