/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The whole check of a program file (pd-program-check.c), shared by
 * pd_program_validate() and the constructors: appends one message per
 * problem to @problems (`FILE: FIELD: what was wrong; expected ...`).
 * @prune: a program from the platform, whose unknown members are dropped
 * rather than refused. @root_out: the parsed file (pruned), when wanted.
 * Returns: %TRUE when it found no problem. */
gboolean pd_program_check_data (const char *data,
                                gssize      length,
                                const char *display_name,
                                gboolean    prune,
                                GPtrArray  *problems,
                                JsonNode  **root_out);

G_END_DECLS
