/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The id in a CSV cell (a seller or store id) as every importer reads
 * it. Surrounding spaces and tabs are dropped, and the form exports
 * write so that a spreadsheet keeps a long id as text, ="7000000000000007",
 * is unwrapped to 7000000000000007. Refused with PD_VALUE_ERROR_INVALID:
 * what a spreadsheet makes of a long id it took for a number, whose last
 * digits are then lost: scientific notation (7.00E+15, 7E+15), a decimal
 * (7000000000000010.0), digit groups (7,000,000,000,000,010), and any
 * other formula (=7000000000000007). @what names the id in messages,
 * untranslated (N_("seller id")): it is translated only for a refusal,
 * not for each of a million good ids.
 *
 * On success @out holds the id ("" for an empty cell); on failure it
 * holds @text, trimmed. */
gboolean pd_csv_id_parse (const char  *text,
                          const char  *what,
                          GString     *out,
                          GError     **error);

G_END_DECLS
