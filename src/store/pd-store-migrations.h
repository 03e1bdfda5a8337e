/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Schema version N is reached by applying migrations[0..N-1] in order,
 * each in its own transaction that also sets PRAGMA user_version. */
typedef struct
{
  guint       version;
  const char *sql;
} PdStoreMigration;

const PdStoreMigration *pd_store_migrations_get (guint *n_migrations);

G_END_DECLS
