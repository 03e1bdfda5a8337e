/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_IMPORT_WINDOW (pd_import_window_get_type ())

G_DECLARE_FINAL_TYPE (PdImportWindow, pd_import_window, PD, IMPORT_WINDOW, AdwWindow)

/* Asks what @file holds (guessed from its header), imports it in a worker
 * thread with progress and Cancel, then reports on @parent: a toast with
 * the counts, or a dialog listing the problems by line. */
PdImportWindow *pd_import_window_new (GtkWindow *parent,
                                      PdContext *context,
                                      GFile     *file);

G_END_DECLS
