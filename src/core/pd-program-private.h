/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The whole check of a program file (pd-program-validate.c), for
 * pd-program.c: appends one message per problem to @problems and, when
 * @root_out is given, hands back the parsed root. @prune: from the
 * platform, unknown fields are dropped rather than refused. */
gboolean pd_program_validate_data (const char  *data,
                                   gssize       length,
                                   const char  *display_name,
                                   gboolean     prune,
                                   GPtrArray   *problems,
                                   JsonNode   **root_out);

G_END_DECLS
