/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-program.h"

G_BEGIN_DECLS

/* Whether the program's period ended before @now: its last day is over
 * in the program's time zone. */
gboolean  pd_program_has_ended      (PdProgram *program,
                                     gint64     now);

/* The name to show wherever a program is chosen: its name, and for a
 * program whose period has ended, "Name (ended 2026-03-31)". */
char     *pd_program_dup_label      (PdProgram *program,
                                     gint64     now);

/* "Name (ended 2026-03-31)" from the parts, for callers that hold the
 * rules rather than the program; @ended says whether to add the end. */
char     *pd_program_format_label   (const char *name,
                                     const char *period_end,
                                     gboolean    ended);

G_END_DECLS
