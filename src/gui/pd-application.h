/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-sync-controller.h"

G_BEGIN_DECLS

#define PD_TYPE_APPLICATION (pd_application_get_type ())

G_DECLARE_FINAL_TYPE (PdApplication, pd_application, PD, APPLICATION, AdwApplication)

PdApplication    *pd_application_new                 (void);
/* The sync of the open store (NULL until a window opened it). */
PdSyncController *pd_application_get_sync_controller (PdApplication *self);

G_END_DECLS
