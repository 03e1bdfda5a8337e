/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-store.h"

G_BEGIN_DECLS

gboolean pd_export_links (PdStore       *store,
                          const char    *state,
                          const char    *search,
                          const char    *path,
                          guint64       *n_links_out,
                          GCancellable  *cancellable,
                          GError       **error);

G_END_DECLS
