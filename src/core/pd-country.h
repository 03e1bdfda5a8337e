/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ISO 3166-1 alpha-2 country codes (all 249 assigned codes, compiled
 * in), as in a store's inventory_countries.
 *
 * One alias is accepted on input: "UK", which ISO 3166 keeps
 * "exceptionally reserved" for the United Kingdom and which agency
 * staff write all the time (the platform's own UK market); it is
 * stored as "GB", the code the programs' rules use. The Chinese names
 * of the countries agencies meet (德国, 法国, 英国...) are accepted too. */

/* @code must already be 2 upper-case ASCII letters; "UK" is not valid
 * here (only the parsers map it to "GB"). */
gboolean  pd_country_is_valid    (const char  *code);

/* One code in any case with surrounding white space. On success @out
 * holds the canonical code and its NUL. */
gboolean  pd_country_parse       (const char  *text,
                                  char         out[3],
                                  GError     **error);

/* A list such as "DE;FR|it ; es": items separated by ';' or '|' (their
 * full-width forms from Chinese input methods too; never ',' which
 * separates CSV fields), each trimmed and in any case. Empty items are
 * skipped, so an empty text or a trailing separator is fine. Duplicates
 * are dropped, keeping the first occurrence's position. Unknown codes
 * are an error that names all of them. On success *@codes_out is a new
 * array of newly allocated upper-case codes (with g_free as its
 * element free function). */
gboolean  pd_country_list_parse  (const char  *text,
                                  GPtrArray  **codes_out,
                                  GError     **error);

/* The code of a country's Chinese name ("德国" -> "DE"), or NULL. */
const char *pd_country_from_name (const char  *text);

/* The market code of a market's Chinese name ("欧洲" -> "EU", "日本" ->
 * "JP", "英国" -> "UK"; surrounding white space ignored), or NULL when
 * @text is no such name. Every place that reads a market (imports,
 * program files, the command line) accepts these beside the codes. */
const char *pd_market_from_name  (const char  *text);

G_END_DECLS
