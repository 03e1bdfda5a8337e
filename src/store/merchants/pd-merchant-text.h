/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The words the Merchants page's search matches, the same for the
 * indexed text and for what the user types:
 *
 * - text is NFKC-normalized and case-folded ("ＡＢＣ" and "Abc" are "abc");
 * - a run of letters and digits outside CJK scripts is one word
 *   ("bd@polaris.example" is "bd", "polaris", "example"); marks are
 *   dropped, anything else separates;
 * - Han, kana, Hangul and Bopomofo text has no spaces between words, so
 *   each character is a word and so is each pair of neighbours
 *   ("北极星" is "北", "极", "星", "北极", "极星").
 *
 * A query matches a row when each of its terms is the beginning of one
 * of the row's words: typing "sel 47" finds "Seller 4711", "7000" finds
 * the ids starting so. A CJK run in a query becomes its pairs (one
 * character: itself), so "北极星" finds the rows holding both "北极" and
 * "极星": 1- and 2-character Chinese queries are exact, longer ones ask
 * for every pair of neighbours, which in names is the same as the run
 * itself. */

/* Appends the words of @text to @doc, each followed by a space. */
void     pd_merchant_text_append_words  (GString     *doc,
                                         const char  *text);

/* The terms of a query, without duplicates, in the order typed; NULL
 * when it has none (empty, or only punctuation). */
char   **pd_merchant_text_query_terms   (const char  *query);

/* FNV-1a, 64 bits: tells whether a row's indexed text changed. */
guint64  pd_merchant_text_hash          (const char  *text,
                                         gsize        length);

G_END_DECLS
