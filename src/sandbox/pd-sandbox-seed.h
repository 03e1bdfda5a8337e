/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-sandbox-db.h"

G_BEGIN_DECLS

#define PD_SANDBOX_SEED_ERROR (pd_sandbox_seed_error_quark ())

typedef enum
{
  PD_SANDBOX_SEED_ERROR_UNKNOWN_KIND,
  PD_SANDBOX_SEED_ERROR_NO_PROGRAMS,
} PdSandboxSeedError;

GQuark    pd_sandbox_seed_error_quark (void);

/* Fills a new sandbox database: the partner, its random credentials and
 * the database's epoch always; with @kind "demo" the whole demo agency
 * (README.md in this folder lists what and how many), with "empty"
 * nothing else. The demo is the quarter that contains @now (its
 * programs are made from the Q1 2026 files) and its times are relative
 * to @now; otherwise it is deterministic (a fixed GRand seed): only the
 * credentials, the times and the current quarter's ids differ between
 * two seeds. @programs_dir
 * holds the program files (data/programs). */
gboolean  pd_sandbox_seed             (PdSandboxDb  *db,
                                       const char   *kind,
                                       const char   *programs_dir,
                                       gint64        now,
                                       GError      **error);

/* Appends @count new target merchants (one change each) in one
 * transaction, for the sync benchmark. */
gboolean  pd_sandbox_seed_bulk        (PdSandboxDb  *db,
                                       guint         count,
                                       GError      **error);

G_END_DECLS
