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
  PdOverrideKey  key;
  char          *value;       /* canonical text */
  char          *file_value;  /* what the program file says */
  gint64         set_at;
  char          *set_by;
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
