/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-rules.h"

G_BEGIN_DECLS

/* The assumptions of a program the agency may override (the program
 * file lists them among its `assumptions`): the governance paid fraction, the inventory
 * country list and its minimum. The program file keeps its own values;
 * an override replaces one of them in the PdRules made from it, before
 * anything is evaluated, so that every reader of the rules (the
 * projection, the payout review, the Merchants page) applies it alike.
 *
 * Values are text, as stored and as typed on the command line:
 *   governance.high_risk_paid_fraction  a decimal from 0 to 1 ("0.3")
 *   inventory.countries                 codes separated by ';' ("DE;FR;IT")
 *   inventory.min_countries             a whole number from 1 to the
 *                                       number of countries counted
 * The per-stage default rates of the expected-value model are the
 * agency's too, but they are no program's: the store keeps them for
 * every program (pd-store-rules.h). */

typedef enum
{
  PD_OVERRIDE_PAID_FRACTION,
  PD_OVERRIDE_INVENTORY_COUNTRIES,
  PD_OVERRIDE_INVENTORY_MIN,
  PD_N_OVERRIDES
} PdOverrideKey;

/* "governance.high_risk_paid_fraction"...: the key in the store, the
 * command line and JSON. */
const char *pd_override_key_to_string   (PdOverrideKey   key);
gboolean    pd_override_key_from_string (const char     *text,
                                         PdOverrideKey  *out);
/* "Governance paid fraction"..., translated. */
const char *pd_override_key_to_display  (PdOverrideKey   key);

/* Whether @rules have what @key replaces (a recruitment program; the
 * inventory keys need its inventory condition). */
gboolean    pd_rules_can_override       (const PdRules  *rules,
                                         PdOverrideKey   key);

/* The value @rules hold for @key, as canonical text ("0.5",
 * "GB;DE;FR;IT;ES;IE", "4"). */
char       *pd_rules_dup_override_value (const PdRules  *rules,
                                         PdOverrideKey   key);

/* Checks @value for @key and returns its canonical text ("0.30" stays
 * "0.30": a fraction is kept as written; "de | fr" is "DE;FR"), or NULL
 * with PD_RULES_ERROR_INVALID saying what was expected. */
char       *pd_override_normalize       (PdOverrideKey   key,
                                         const char     *value,
                                         GError        **error);

/* Whether two canonical values of @key say the same ("0.5" and
 * "0.50" do). */
gboolean    pd_override_values_equal    (PdOverrideKey   key,
                                         const char     *a,
                                         const char     *b);

/* Applies every override of @keys/@values (@n of them) to @rules, which
 * nothing else may hold yet (a PdRules is immutable once shared). The
 * inventory minimum is checked against the country list they end with.
 * On error @rules are unchanged. */
gboolean    pd_rules_apply_overrides    (PdRules             *rules,
                                         const PdOverrideKey *keys,
                                         const char * const  *values,
                                         guint                n,
                                         GError             **error);

/* A sentence of a program file's `assumptions` in the user's language:
 * the files are data, in English; the sentences of the programs Partner
 * Desk ships are translated, any other is shown as written. */
const char *pd_assumption_to_display    (const char     *sentence);

G_END_DECLS
