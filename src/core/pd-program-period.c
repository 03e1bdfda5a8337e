/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-program"

/* A program's period as of an instant: a program whose period has ended
 * says so wherever it is chosen (issue 18): "Q1 2026 (ended
 * 2026-03-31)". */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pd-program-name.h"
#include "pd-program-period.h"
#include "pd-timestamp.h"

gboolean
pd_program_has_ended (PdProgram *program,
                      gint64     now)
{
  const char *end;
  int y = 0, m = 0, d = 0;

  g_return_val_if_fail (PD_IS_PROGRAM (program), FALSE);

  end = pd_program_get_period_end (program);
  if (end == NULL || sscanf (end, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  return now > pd_timestamp_day_end (y, m, d, pd_program_get_timezone (program));
}

char *
pd_program_format_label (const char *name,
                         const char *period_end,
                         gboolean    ended)
{
  g_autofree char *shown = pd_program_name_to_display (name);

  if (!ended || period_end == NULL)
    return g_steal_pointer (&shown);
  /* Translators: a program whose period is over, wherever a program is
   * chosen: "Europe & Japan …, Q1 2026 (ended 2026-03-31)". */
  return g_strdup_printf (_("%s (ended %s)"), shown, period_end);
}

char *
pd_program_dup_label (PdProgram *program,
                      gint64     now)
{
  g_return_val_if_fail (PD_IS_PROGRAM (program), NULL);

  return pd_program_format_label (pd_program_get_name (program), pd_program_get_period_end (program),
                                  pd_program_has_ended (program, now));
}
