/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ISO 4217 currency codes with their minor digits (the number of
 * decimals an amount may have: 2 for CNY, EUR, GBP, USD; 0 for JPY and
 * KRW; 3 for BHD, KWD...). The table is compiled in: it is the list of
 * current codes (ISO 4217 list one) that have minor units, so the
 * precious metals, XDR, XTS and XXX, whose minor unit is "N.A.", are
 * not money here. Codes in a transition period (ANG and XCG, ZWL and
 * ZWG) are both present. */

/* @code must already be 3 upper-case ASCII letters (see
 * pd_currency_parse() for user text). @minor_digits may be NULL. */
gboolean  pd_currency_lookup  (const char  *code,
                               guint       *minor_digits);

/* Parses a currency code as found in files and forms: any case,
 * surrounding white space ignored (" eur " -> "EUR"), or the currency's
 * Chinese name (人民币, 欧元, 日元, 美元, 英镑...). On success @out holds
 * the canonical upper-case code and its NUL. */
gboolean  pd_currency_parse   (const char  *text,
                               char         out[4],
                               GError     **error);

G_END_DECLS
