/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exact money: an amount is an integer count of the currency's minor
 * units (cents for CNY/EUR/USD, yen for JPY, fils for BHD...), never a
 * float. Decimal text in files and JSON is parsed exactly, comparisons
 * across currencies are exact (128-bit products, no rounding), and the
 * only rounding is the explicit half-up of the display conversion and
 * of pd_money_multiply_fraction().
 *
 * Text accepted for an amount (after trimming surrounding white space):
 *   [+|-]digits[.digits]
 * with at most the currency's ISO 4217 minor digits after the dot
 * ("1000.00" CNY, "12.5" EUR = 1250, "25000" JPY, "1.005" BHD). A '-'
 * only with PD_MONEY_PARSE_ALLOW_NEGATIVE. No exponent, no NaN or
 * infinity, no inner spaces, no currency symbol, no leading or trailing
 * dot, no more decimals than allowed (even zeros: "1.000" EUR is an
 * error, as the spec says "at most the minor digits"). The value must
 * fit in a gint64 of minor units, symmetrically: |minor| <= G_MAXINT64
 * (overflow is an error, never a wrap).
 *
 * Thousands separators: Excel shows amounts as "1,000.00" and users copy
 * that, so commas are accepted as thousands separators, but only in the
 * one unambiguous shape: the first group has 1 to 3 digits and does not
 * start with 0, every following group has exactly 3 digits, and the
 * decimal point is a dot. "1,000.00" and "1,234,567.89" are fine;
 * "1,00.0", "12,5", "0,048" and the European "1.000,00" are refused with
 * a message asking for a dot as decimal point. Without a dot, "1,000" is
 * accepted only when the currency has fewer than 3 minor digits (then
 * ",000" cannot be a decimal comma: "1,000" EUR is 1000.00, "25,000" JPY
 * is 25000); for BHD, KWD... it is ambiguous and refused. Exchange rates
 * and fractions never take commas at all: "7,812" is far more likely a
 * European 7.812 than 7812. PD_MONEY_PARSE_NO_GROUPING turns commas off
 * for amounts too (machine-written JSON).
 *
 * Output: pd_money_format_amount() gives the canonical, ungrouped text
 * for files and JSON ("1000.00"); pd_money_format_display() the grouped
 * text for people ("CNY 1,000.00"). */

typedef struct
{
  gint64 minor;       /* amount in minor units of @currency */
  char   currency[4]; /* ISO 4217 code, upper case, NUL-terminated */
} PdMoney;

/* An exchange rate: CNY per one unit of a currency, in millionths
 * (7.8 -> 7800000; 0.048 -> 48000). Always > 0 once parsed. */
typedef struct
{
  gint64 micros;
} PdRate;

/* A decimal factor or probability as written: "0.5" -> 5/10,
 * "0.25" -> 25/100, "1" -> 1/1. The denominator is a power of ten
 * (at most 10^9). */
typedef struct
{
  gint64 numerator;
  gint64 denominator;
} PdFraction;

typedef enum
{
  PD_MONEY_PARSE_DEFAULT        = 0,
  PD_MONEY_PARSE_ALLOW_NEGATIVE = 1 << 0,
  PD_MONEY_PARSE_NO_GROUPING    = 1 << 1,
} PdMoneyParseFlags;

/* @currency_text is parsed like pd_currency_parse() (any case, spaces).
 * Errors are in PD_VALUE_ERROR: INVALID (syntax, grouping, empty),
 * TOO_PRECISE (too many decimals), OUT_OF_RANGE (negative, overflow),
 * UNKNOWN (currency). */
gboolean  pd_money_parse                  (const char         *amount_text,
                                           const char         *currency_text,
                                           PdMoneyParseFlags   flags,
                                           PdMoney            *out,
                                           GError            **error);

/* "1000.00", "-3.00", "25000" (JPY), "1.005" (BHD): no grouping, no
 * currency, exactly the currency's minor digits. */
char     *pd_money_format_amount          (const PdMoney      *money);

/* "CNY 1,000.00", "JPY 25,000", "EUR -1,234.50": for people. */
char     *pd_money_format_display         (const PdMoney      *money);

/* Both amounts must be in the same currency. Returns -1, 0 or 1. */
int       pd_money_compare                (const PdMoney      *a,
                                           const PdMoney      *b);

/* Same currency; an overflow is an error (PD_VALUE_ERROR_OUT_OF_RANGE). */
gboolean  pd_money_add                    (const PdMoney      *a,
                                           const PdMoney      *b,
                                           PdMoney            *out,
                                           GError            **error);

/* Compares @amount converted at @rate (CNY per unit of the amount's
 * currency) with @threshold_cny, exactly: amount.minor * rate.micros is
 * compared with threshold.minor scaled to the same unit, in 128-bit
 * integers, so "JPY 20834 at 0.048 = CNY 1000.032 > 1000.00" holds
 * without any rounding. A CNY amount needs no rate (@rate may be NULL
 * and is ignored). Returns -1, 0 or 1 like strcmp(). */
int       pd_money_compare_cny            (const PdMoney      *amount,
                                           const PdRate       *rate,
                                           const PdMoney      *threshold_cny);

/* The amount in CNY, rounded half away from zero to CNY's 2 digits, for
 * display ("EUR 100.00 at 7.8" -> "CNY 780.00"). Never use the result
 * for a decision: use pd_money_compare_cny(). A CNY amount is copied
 * (@rate may be NULL). Fails only on overflow. */
gboolean  pd_money_convert_to_cny_rounded (const PdMoney      *amount,
                                           const PdRate       *rate,
                                           PdMoney            *out_cny,
                                           GError            **error);

/* @amount * @numerator / @denominator, rounded half away from zero to
 * the currency's minor unit: the governance factor (CNY 2000.00 * 5/10
 * = CNY 1000.00), a probability. @denominator must be > 0. Fails only
 * on overflow. */
gboolean  pd_money_multiply_fraction      (const PdMoney      *amount,
                                           gint64              numerator,
                                           gint64              denominator,
                                           PdMoney            *out,
                                           GError            **error);

/* "7.8123", "0.048", "1": up to 6 decimals, a dot as decimal point, no
 * commas, strictly positive. */
gboolean  pd_rate_parse                   (const char         *text,
                                           PdRate             *out,
                                           GError            **error);

/* Shortest exact text: 7800000 -> "7.8", 48000 -> "0.048",
 * 1000000 -> "1". */
char     *pd_rate_format                  (const PdRate       *rate);

/* A factor or probability from 0 to 1 inclusive, up to 9 decimals,
 * kept as written ("0.5" -> 5/10). */
gboolean  pd_decimal_parse_fraction       (const char         *text,
                                           PdFraction         *out,
                                           GError            **error);

/* 5/10 -> "0.5", 1/1 -> "1"; @fraction's denominator must be a power
 * of ten. */
char     *pd_fraction_format              (const PdFraction   *fraction);

G_END_DECLS
