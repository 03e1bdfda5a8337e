/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void pd_store_tighten_files (const char *path);

G_END_DECLS
