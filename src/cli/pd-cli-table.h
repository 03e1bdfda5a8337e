/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* The lists of partnerdesk-cli (partnerdesk-cli(1)): a readable table (columns
 * padded by display width, CJK counted as two; text from the platform
 * made safe for a terminal), or a JSON array with --json. */

typedef struct _PdCliTable PdCliTable;

/* @headers: NULL-terminated, translated. */
PdCliTable *pd_cli_table_new       (const char * const *headers);
/* Adds a row of as many cells as headers; NULL cells print as "-". */
void        pd_cli_table_add_row   (PdCliTable         *table,
                                    const char * const *cells);
/* Prints it (or @empty_message when it has no rows) and frees it. */
void        pd_cli_table_print     (PdCliTable         *table,
                                    const char         *empty_message);

/* Width of @text (valid UTF-8) in terminal columns: CJK counts two,
 * combining marks none. */
gsize       pd_cli_display_width   (const char         *text);

/* Prints the builder's root (an array) as one line of JSON. */
void        pd_cli_print_json      (JsonBuilder        *builder);
/* Adds member @name: @value, or null when @value is NULL. */
void        pd_cli_json_string     (JsonBuilder        *builder,
                                    const char         *name,
                                    const char         *value);

/* ISO 8601 in local time, or NULL for 0 (never). */
char       *pd_cli_format_time     (gint64              unix_seconds);

/* Exit 2 for what the user typed (PD_STORE_ERROR_INVALID, a config
 * error), 1 for anything else; prints the message. */
int         pd_cli_report_error    (const GError       *error);

G_END_DECLS
