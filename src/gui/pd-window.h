/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-context.h"

G_BEGIN_DECLS

#define PD_TYPE_WINDOW (pd_window_get_type ())

G_DECLARE_FINAL_TYPE (PdWindow, pd_window, PD, WINDOW, AdwApplicationWindow)

PdWindow  *pd_window_new         (AdwApplication *application,
                                  PdContext      *context);
PdContext *pd_window_get_context (PdWindow       *self);
void       pd_window_show_page   (PdWindow       *self,
                                  const char     *name);
/* The page NAME ("links", "authorizations"...), built now if it was not
 * yet; NULL for an unknown name. */
GtkWidget *pd_window_get_page    (PdWindow       *self,
                                  const char     *name);

G_END_DECLS
