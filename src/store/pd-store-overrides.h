/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-rules-override.h"
#include "pd-stage.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* The agency's overrides of a program's assumptions (table
 * program_overrides, pd-rules-override.h): pd_store_load_rules()
 * applies them, so the projection, the payout review, the Merchants
 * page and `partnerdesk-cli project` all see the same rules. Each change
 * writes an audit record ("program.override", subject
 * "program:<id>") credited to the staff_name setting. */

typedef struct
{
  PdOverrideKey  key;         /* PD_N_OVERRIDES: a stage rate */
  PdStage        stage;       /* the stage rate's stage */
  char          *name;        /* "governance.high_risk_paid_fraction", "stage_rate.first_sale" */
  char          *value;       /* canonical text; a stage rate as a decimal ("0.4") */
  char          *file_value;  /* what the program file (or the default rate) says */
  gint64         set_at;      /* 0: not known (a stage rate never audited) */
  char          *set_by;      /* NULL: not known */
} PdProgramOverride;

void       pd_program_override_free     (PdProgramOverride *override);

/* The program's rules as its file has them, no override applied. */
PdRules   *pd_store_load_file_rules     (PdStore     *store,
                                         const char  *program_id,
                                         GError     **error);

/* The overrides of @program_id (PdProgramOverride, in key order). An
 * override the program no longer has room for (the platform replaced
 * it without an inventory rule) is listed still: it is simply not
 * applied. */
GPtrArray *pd_store_list_overrides      (PdStore     *store,
                                         const char  *program_id,
                                         GError     **error);

/* Every assumption in force for @program_id that differs from what the
 * program says: its overrides, then the default stage rates the agency
 * changed (which hold for every program), each with who set it last. */
GPtrArray *pd_store_list_all_overrides  (PdStore     *store,
                                         const char  *program_id,
                                         GError     **error);
/* "Governance paid fraction" or "Default rate, First Sale": translated. */
char      *pd_program_override_dup_label (const PdProgramOverride *override);
/* One sentence for the payout review: "Governance paid fraction 0.3
 * instead of 0.5 (program file), set by Li Wei on 2026-03-02". */
char      *pd_program_override_describe  (const PdProgramOverride *override);

/* A stage rate as a decimal ("0.4") and back (0 to 1, at most four
 * decimals: basis points). */
char      *pd_stage_rate_format         (guint        rate_bp);
gboolean   pd_stage_rate_parse          (const char  *text,
                                         guint       *rate_bp,
                                         GError     **error);

/* Sets @key of @program_id to @value (checked against the program,
 * stored canonical), or removes the override when @value is NULL or
 * equals the program file's value. Nothing happens, and nothing is
 * audited, when the value is already in force. *@changed (may be NULL)
 * says whether anything was written. */
gboolean   pd_store_set_override        (PdStore       *store,
                                         const char    *program_id,
                                         PdOverrideKey  key,
                                         const char    *value,
                                         gboolean      *changed,
                                         GError       **error);

/* Applies the stored overrides of @rules' program to @rules (fresh,
 * unshared): pd_store_load_rules() calls it. An override that no longer
 * applies is left out with a warning. */
gboolean   pd_store_apply_overrides     (PdStore     *store,
                                         PdRules     *rules,
                                         GError     **error);

/* The default stage rates every store starts with (basis points). */
guint      pd_stage_rate_default_bp     (PdStage     stage);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdProgramOverride, pd_program_override_free)

G_END_DECLS
