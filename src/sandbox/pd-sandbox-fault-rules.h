/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deterministic faults aimed at one endpoint (README.md, "Faults"):
 * POST /sandbox/faults {"rules": [{"method", "path_prefix", "action",
 * "times"?}]}. Unlike the rates, they hit exactly the requests a test
 * names, e.g. one push endpoint that keeps failing, or the response of
 * a POST lost after the platform applied it. */

typedef enum
{
  PD_SANDBOX_FAULT_NONE,
  PD_SANDBOX_FAULT_FAIL,      /* 500 internal_error before anything is done */
  PD_SANDBOX_FAULT_TRUNCATE,  /* processed (applied), then the response cut short */
} PdSandboxFaultAction;

typedef struct _PdSandboxFaultRules PdSandboxFaultRules;

PdSandboxFaultRules  *pd_sandbox_fault_rules_new      (void);
void                  pd_sandbox_fault_rules_free     (PdSandboxFaultRules *rules);
/* Replaces the rules with those of @array (the "rules" member); on an
 * error (PD_SANDBOX_ERROR_INVALID_BODY) the rules are unchanged. */
gboolean              pd_sandbox_fault_rules_set      (PdSandboxFaultRules *rules,
                                                       JsonArray           *array,
                                                       GError             **error);
/* The first rule that matches, used up by one when it has a count. */
PdSandboxFaultAction  pd_sandbox_fault_rules_take     (PdSandboxFaultRules *rules,
                                                       const char          *method,
                                                       const char          *path);
/* The rules still in force, as a JSON array. */
char                 *pd_sandbox_fault_rules_to_json  (PdSandboxFaultRules *rules);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxFaultRules, pd_sandbox_fault_rules_free)

G_END_DECLS
