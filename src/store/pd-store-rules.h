/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-projection.h"
#include "pd-rules.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* The program's rules, from the programs table, with the agency's
 * overrides of its assumptions applied (pd-store-overrides.h); an
 * unknown id is PD_STORE_ERROR_INVALID naming the programs there are. */
PdRules     *pd_store_load_rules           (PdStore              *store,
                                            const char           *program_id,
                                            GError              **error);

/* The default per-stage rates (stage_rates, basis points). */
gboolean     pd_store_get_stage_rates      (PdStore              *store,
                                            guint                 rate_bp[PD_N_STAGES],
                                            GError              **error);
/* Sets one stage's default rate (0..10000 basis points), with an audit
 * entry; Preferences edits them. */
gboolean     pd_store_set_stage_rate       (PdStore              *store,
                                            PdStage               stage,
                                            guint                 rate_bp,
                                            GError              **error);

/* The expected-value model for @rules as of @as_of: the default rates,
 * with each stage's replaced by the agency's history once it is large
 * enough (pd-projection.h), the history being every entry of the
 * recruitment programs whose period ended before @rules' started,
 * evaluated as of @as_of. */
gboolean     pd_store_load_expected_model  (PdStore              *store,
                                            PdRules              *rules,
                                            gint64                as_of,
                                            PdExpectedModel      *model,
                                            GError              **error);

G_END_DECLS
