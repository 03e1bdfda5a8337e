/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-stage"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-stage.h"

typedef struct
{
  const char *code;
  const char *display;     /* msgctxt "stage" */
  const char *description;
  guint       position;
} StageName;

static const StageName stages[PD_N_STAGE_NAMES] = {
  [PD_STAGE_INVITED] = { "invited", NC_("stage", "Invited"),
                         N_("Chance that an invited merchant without a store qualifies, in percent"), 1 },
  [PD_STAGE_ONBOARDED] = { "onboarded", NC_("stage", "Store Opened"),
                           N_("Chance that a merchant whose store is open but has not sold qualifies, in percent"), 2 },
  [PD_STAGE_FIRST_SALE] = { "first_sale", NC_("stage", "First Sale"),
                            N_("Chance that a merchant who has sold, below the GMV threshold, qualifies, in percent"), 3 },
  [PD_STAGE_SALES_MET] = { "sales_met", NC_("stage", "Sales Threshold Met"),
                           N_("Chance that a merchant over the GMV threshold, with a condition still missing, qualifies, in percent"), 4 },
  [PD_STAGE_TARGET] = { "target", NC_("stage", "On Target List"), NULL, 0 },
};

const char *
pd_stage_to_string (PdStage stage)
{
  g_return_val_if_fail (stage < PD_N_STAGE_NAMES, NULL);
  return stages[stage].code;
}

gboolean
pd_stage_from_string (const char *text,
                      PdStage    *out)
{
  for (guint i = 0; text != NULL && i < PD_N_STAGE_NAMES; i++)
    if (strcmp (text, stages[i].code) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
pd_stage_to_display (PdStage stage)
{
  g_return_val_if_fail (stage < PD_N_STAGE_NAMES, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "stage", stages[stage].display);
}

const char *
pd_stage_describe (PdStage stage)
{
  g_return_val_if_fail (stage < PD_N_STAGE_NAMES, NULL);
  return stages[stage].description != NULL ? _(stages[stage].description) : "";
}

guint
pd_stage_to_position (PdStage stage)
{
  g_return_val_if_fail (stage < PD_N_STAGE_NAMES, 0);
  return stages[stage].position;
}

gboolean
pd_stage_from_position (gint64   position,
                        PdStage *out)
{
  for (guint i = 0; i < PD_N_STAGE_NAMES; i++)
    if (stages[i].position == position)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}
