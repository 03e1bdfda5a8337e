/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How far a merchant got: the one table of stage names that every
 * screen, export and the command line use (the Merchants column, the
 * checklist, Preferences' stage rates, the Overview, the payout review).
 *
 * The first PD_N_STAGES are the stages of an engine entry, which the
 * expected-value model prices (arrays indexed by stage have PD_N_STAGES
 * slots); PD_STAGE_TARGET is a seller on a target list who is no entry
 * yet (never invited), which only the Merchants page shows. The stage
 * says how far the merchant got, the verdict whether it will pay: a
 * qualified merchant is at "sales threshold met" (or further back when
 * the program has no sales condition), a lost one where it stopped. */
typedef enum
{
  PD_STAGE_INVITED,     /* invited, no store open yet */
  PD_STAGE_ONBOARDED,   /* store open, no sale yet */
  PD_STAGE_FIRST_SALE,  /* sold, GMV not over the threshold yet */
  PD_STAGE_SALES_MET,   /* GMV over the threshold */
  PD_N_STAGES,
  PD_STAGE_TARGET = PD_N_STAGES, /* on the target list, not invited */
  PD_N_STAGE_NAMES
} PdStage;

/* "invited", "onboarded", "first_sale", "sales_met", "target": the code
 * in files, JSON and the store. */
const char *pd_stage_to_string   (PdStage     stage);
gboolean    pd_stage_from_string (const char *text,
                                  PdStage    *out);

/* "Invited", "Store Opened", "First Sale", "Sales Threshold Met", "On
 * Target List", translated. */
const char *pd_stage_to_display  (PdStage     stage);

/* One sentence on what the stage's rate means, for Preferences. */
const char *pd_stage_describe    (PdStage     stage);

/* The pipeline position: target 0, invited 1, ... sales_met 4. The
 * Merchants page stores and sorts this. */
guint       pd_stage_to_position   (PdStage   stage);
gboolean    pd_stage_from_position (gint64    position,
                                    PdStage  *out);

G_END_DECLS
