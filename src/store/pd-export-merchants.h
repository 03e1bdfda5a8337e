/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-merchant-index.h"
#include "pd-store.h"

G_BEGIN_DECLS

gboolean pd_export_merchants (PdStore                *store,
                              const PdMerchantQuery  *query,
                              const char             *path,
                              guint64                *n_rows_out,
                              GCancellable           *cancellable,
                              GError                **error);

G_END_DECLS
