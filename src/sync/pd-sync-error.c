/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include "pd-sync-error.h"

G_DEFINE_QUARK (pd-sync-error-quark, pd_sync_error)
