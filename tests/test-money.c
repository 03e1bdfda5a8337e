/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-money"

#include "pd-currency.h"
#include "pd-money.h"
#include "pd-value-error.h"

#include <string.h>

static PdMoney
parse_ok (const char        *amount,
          const char        *currency,
          PdMoneyParseFlags  flags)
{
  g_autoptr(GError) error = NULL;
  PdMoney money = { 0, "" };

  if (!pd_money_parse (amount, currency, flags, &money, &error))
    g_error ("“%s” %s should parse: %s", amount, currency, error->message);

  return money;
}

static void
assert_money (const char *amount,
              const char *currency,
              gint64      expected_minor,
              const char *expected_currency)
{
  PdMoney money = parse_ok (amount, currency, PD_MONEY_PARSE_DEFAULT);

  g_assert_cmpint (money.minor, ==, expected_minor);
  g_assert_cmpstr (money.currency, ==, expected_currency);
}

/* Returns the error message, which must be in PD_VALUE_ERROR with @code. */
static char *
parse_fails (const char        *amount,
             const char        *currency,
             PdMoneyParseFlags  flags,
             int                code)
{
  g_autoptr(GError) error = NULL;
  PdMoney money = { 12345, "XXX" };

  if (pd_money_parse (amount, currency, flags, &money, &error))
    g_error ("“%s” %s should be refused, got %" G_GINT64_FORMAT,
             amount, currency, money.minor);

  g_assert_error (error, PD_VALUE_ERROR, code);
  /* A failed parse leaves the output alone. */
  g_assert_cmpint (money.minor, ==, 12345);

  return g_strdup (error->message);
}

static void
assert_refused (const char *amount,
                const char *currency,
                int         code)
{
  g_autofree char *message = parse_fails (amount, currency, PD_MONEY_PARSE_DEFAULT, code);

  /* Every message quotes the offending text. */
  if (*amount != '\0' && strchr (amount, ' ') == NULL)
    g_assert_nonnull (strstr (message, amount));
}

static void
test_currency_table (void)
{
  struct { const char *code; guint digits; } known[] = {
    { "CNY", 2 }, { "EUR", 2 }, { "GBP", 2 }, { "USD", 2 }, { "JPY", 0 },
    { "KRW", 0 }, { "BHD", 3 }, { "KWD", 3 }, { "JOD", 3 }, { "OMR", 3 },
    { "TND", 3 }, { "IQD", 3 }, { "LYD", 3 }, { "CLF", 4 }, { "UYW", 4 },
    { "VND", 0 }, { "ISK", 0 }, { "CLP", 0 }, { "HUF", 2 }, { "IDR", 2 },
    { "XOF", 0 }, { "XAF", 0 }, { "XPF", 0 }, { "MYR", 2 }, { "THB", 2 },
    { "SGD", 2 }, { "HKD", 2 }, { "TWD", 2 }, { "SAR", 2 }, { "MXN", 2 },
    { "BRL", 2 }, { "PLN", 2 }, { "SEK", 2 }, { "CHF", 2 }, { "AED", 2 },
    { "XCG", 2 }, { "ZWG", 2 }, { "SLE", 2 }, { "VES", 2 }, { "UYI", 0 },
  };
  const char *not_money[] = {
    "XAU", "XAG", "XDR", "XTS", "XXX", "HRK", "DEM", "ABC", "cny", "CN",
    "CNYY", "", "C1Y",
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      guint digits = 99;

      g_assert_true (pd_currency_lookup (known[i].code, &digits));
      g_assert_cmpuint (digits, ==, known[i].digits);
    }

  for (guint i = 0; i < G_N_ELEMENTS (not_money); i++)
    g_assert_false (pd_currency_lookup (not_money[i], NULL));
}

static void
test_currency_parse (void)
{
  g_autoptr(GError) error = NULL;
  char code[4] = "";

  g_assert_true (pd_currency_parse (" eur ", code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "EUR");

  g_assert_true (pd_currency_parse ("\u3000Jpy\t", code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "JPY");

  g_assert_false (pd_currency_parse ("EURO", code, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pd_currency_parse ("", code, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pd_currency_parse ("¥", code, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pd_currency_parse ("xyz", code, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "xyz"));
  g_clear_error (&error);

  g_assert_false (pd_currency_parse ("XAU", code, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN);
  g_clear_error (&error);

  g_assert_false (pd_currency_parse ("\xff\xfe", code, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
  g_assert_cmpstr (code, ==, "JPY");
}

static void
test_parse_plain (void)
{
  assert_money ("0", "CNY", 0, "CNY");
  assert_money ("0.00", "CNY", 0, "CNY");
  assert_money ("1000.00", "CNY", 100000, "CNY");
  assert_money ("1000", "cny", 100000, "CNY");
  assert_money ("12.5", "EUR", 1250, "EUR");
  assert_money ("0.01", "USD", 1, "USD");
  assert_money ("+5.00", "GBP", 500, "GBP");
  assert_money ("  641.9 \u3000", " eur ", 64190, "EUR");
  assert_money ("007.10", "EUR", 710, "EUR");
  assert_money ("25000", "JPY", 25000, "JPY");
  assert_money ("1.005", "BHD", 1005, "BHD");
  assert_money ("1.5", "KWD", 1500, "KWD");
  assert_money ("3", "BHD", 3000, "BHD");
  assert_money ("0.0001", "CLF", 1, "CLF");
}

static void
test_parse_digits_limit (void)
{
  g_autofree char *message = NULL;

  assert_refused ("1.005", "EUR", PD_VALUE_ERROR_TOO_PRECISE);
  assert_refused ("1.000", "EUR", PD_VALUE_ERROR_TOO_PRECISE);
  assert_refused ("0.001", "CNY", PD_VALUE_ERROR_TOO_PRECISE);
  assert_refused ("25000.5", "JPY", PD_VALUE_ERROR_TOO_PRECISE);
  assert_refused ("25000.0", "JPY", PD_VALUE_ERROR_TOO_PRECISE);
  assert_refused ("1.0005", "BHD", PD_VALUE_ERROR_TOO_PRECISE);
  assert_refused ("0.00001", "CLF", PD_VALUE_ERROR_TOO_PRECISE);

  message = parse_fails ("1.005", "EUR", PD_MONEY_PARSE_DEFAULT,
                         PD_VALUE_ERROR_TOO_PRECISE);
  g_assert_nonnull (strstr (message, "EUR"));
  g_assert_nonnull (strstr (message, "2"));
}

static void
test_parse_negative (void)
{
  g_autofree char *message = NULL;
  PdMoney money;

  message = parse_fails ("-3.00", "CNY", PD_MONEY_PARSE_DEFAULT,
                         PD_VALUE_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (message, "-3.00"));
  assert_refused ("-0", "CNY", PD_VALUE_ERROR_OUT_OF_RANGE);

  money = parse_ok ("-3.00", "CNY", PD_MONEY_PARSE_ALLOW_NEGATIVE);
  g_assert_cmpint (money.minor, ==, -300);
  money = parse_ok ("-0.00", "CNY", PD_MONEY_PARSE_ALLOW_NEGATIVE);
  g_assert_cmpint (money.minor, ==, 0);
  money = parse_ok ("-1,234.56", "EUR", PD_MONEY_PARSE_ALLOW_NEGATIVE);
  g_assert_cmpint (money.minor, ==, -123456);
  money = parse_ok ("-92233720368547758.07", "EUR", PD_MONEY_PARSE_ALLOW_NEGATIVE);
  g_assert_cmpint (money.minor, ==, -G_MAXINT64);

  g_free (parse_fails ("--3", "CNY", PD_MONEY_PARSE_ALLOW_NEGATIVE, PD_VALUE_ERROR_INVALID));
  g_free (parse_fails ("-", "CNY", PD_MONEY_PARSE_ALLOW_NEGATIVE, PD_VALUE_ERROR_INVALID));
  g_free (parse_fails ("- 3", "CNY", PD_MONEY_PARSE_ALLOW_NEGATIVE, PD_VALUE_ERROR_INVALID));
  /* The range is symmetric: G_MININT64 minor units is not an amount. */
  g_free (parse_fails ("-92233720368547758.08", "EUR", PD_MONEY_PARSE_ALLOW_NEGATIVE,
                       PD_VALUE_ERROR_OUT_OF_RANGE));
}

static void
test_parse_overflow (void)
{
  assert_money ("92233720368547758.07", "EUR", G_MAXINT64, "EUR");
  assert_money ("9223372036854775807", "JPY", G_MAXINT64, "JPY");
  assert_money ("9223372036854775.807", "BHD", G_MAXINT64, "BHD");
  assert_money ("92,233,720,368,547,758.07", "EUR", G_MAXINT64, "EUR");
  assert_money ("00000000000000000000000000092233720368547758.07", "EUR", G_MAXINT64, "EUR");

  assert_refused ("92233720368547758.08", "EUR", PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("92233720368547759", "EUR", PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("9223372036854775808", "JPY", PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("9223372036854775.808", "BHD", PD_VALUE_ERROR_OUT_OF_RANGE);
  /* Would wrap to a small number with unchecked 64-bit arithmetic. */
  assert_refused ("18446744073709551616", "JPY", PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("184467440737095516.16", "EUR", PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_refused ("99999999999999999999999999", "JPY", PD_VALUE_ERROR_OUT_OF_RANGE);
}

static void
test_parse_grouping (void)
{
  g_autofree char *european = NULL;
  g_autofree char *bad_groups = NULL;
  g_autofree char *ambiguous = NULL;

  assert_money ("1,000.00", "CNY", 100000, "CNY");
  assert_money ("1,234,567.89", "EUR", 123456789, "EUR");
  assert_money ("999.99", "EUR", 99999, "EUR");
  assert_money ("1,000", "EUR", 100000, "EUR");
  assert_money ("25,000", "JPY", 25000, "JPY");
  assert_money ("1,000,000", "KRW", 1000000, "KRW");
  assert_money ("1,000.000", "BHD", 1000000, "BHD");
  assert_money ("1,000.5", "EUR", 100050, "EUR");

  /* The whole message: what was refused, for which currency, what is
   * expected instead, and an example in that currency's decimals. */
  european = parse_fails ("1.000,00", "EUR", PD_MONEY_PARSE_DEFAULT, PD_VALUE_ERROR_INVALID);
  g_assert_cmpstr (european, ==,
                   "“1.000,00” is not a valid EUR amount: use a dot as the decimal point; "
                   "commas may only separate groups of three digits, as in 1,000.00");
  bad_groups = parse_fails ("1,00.0", "EUR", PD_MONEY_PARSE_DEFAULT, PD_VALUE_ERROR_INVALID);
  g_assert_cmpstr (bad_groups, ==,
                   "“1,00.0” is not a valid EUR amount: use a dot as the decimal point; "
                   "commas may only separate groups of three digits, as in 1,000.00");
  ambiguous = parse_fails ("1,000", "BHD", PD_MONEY_PARSE_DEFAULT, PD_VALUE_ERROR_INVALID);
  g_assert_cmpstr (ambiguous, ==,
                   "“1,000” is ambiguous for BHD, which has 3 decimals: the comma could be a decimal point; "
                   "use a dot as the decimal point, as in 1000.000 or 1,000.000");

  assert_refused ("12,5", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("12,50", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("0,048", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("01,000.00", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("1,0000.00", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("1000,000.00", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("1,000,00.00", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("1,,000.00", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused (",100.00", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("1,000.", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("1,000.00,00", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("1.000.000", "EUR", PD_VALUE_ERROR_INVALID);
  assert_refused ("1,000,000", "KWD", PD_VALUE_ERROR_INVALID);

  g_free (parse_fails ("1,000.00", "CNY", PD_MONEY_PARSE_NO_GROUPING, PD_VALUE_ERROR_INVALID));
}

static void
test_parse_garbage (void)
{
  const char *garbage[] = {
    "", "   ", "\u3000", "1e3", "1E3", "1.5e2", "NaN", "nan", "inf", "Infinity",
    "1 000", "1 000.00", "1. 5", ".5", "5.", "+", "+-1", "0x10", "1_000",
    "¥100", "$5", "100 CNY", "CNY 100", "1'000.00", "１２３", "12a", "twelve",
    "99999999999999999999999999x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    g_free (parse_fails (garbage[i], "CNY", PD_MONEY_PARSE_ALLOW_NEGATIVE,
                         PD_VALUE_ERROR_INVALID));

  g_free (parse_fails ("100", "XYZ", PD_MONEY_PARSE_DEFAULT, PD_VALUE_ERROR_UNKNOWN));
  g_free (parse_fails ("100", "", PD_MONEY_PARSE_DEFAULT, PD_VALUE_ERROR_INVALID));
  g_free (parse_fails ("1\xff", "CNY", PD_MONEY_PARSE_DEFAULT, PD_VALUE_ERROR_INVALID));
}

static void
assert_format (gint64      minor,
               const char *currency,
               const char *amount,
               const char *display)
{
  PdMoney money = { minor, "" };
  g_autofree char *amount_text = NULL;
  g_autofree char *display_text = NULL;

  g_strlcpy (money.currency, currency, sizeof money.currency);
  amount_text = pd_money_format_amount (&money);
  display_text = pd_money_format_display (&money);
  g_assert_cmpstr (amount_text, ==, amount);
  g_assert_cmpstr (display_text, ==, display);

  /* What is written reads back the same. */
  if (minor != G_MININT64)
    {
      PdMoney back = parse_ok (amount_text, currency, PD_MONEY_PARSE_ALLOW_NEGATIVE);
      PdMoney back_display = parse_ok (display_text + 4, currency,
                                       PD_MONEY_PARSE_ALLOW_NEGATIVE);

      g_assert_cmpint (back.minor, ==, minor);
      g_assert_cmpint (back_display.minor, ==, minor);
    }
}

static void
test_format (void)
{
  assert_format (0, "CNY", "0.00", "CNY 0.00");
  assert_format (1, "CNY", "0.01", "CNY 0.01");
  assert_format (-1, "CNY", "-0.01", "CNY -0.01");
  assert_format (100000, "CNY", "1000.00", "CNY 1,000.00");
  assert_format (99999, "CNY", "999.99", "CNY 999.99");
  assert_format (1250, "EUR", "12.50", "EUR 12.50");
  assert_format (-300, "CNY", "-3.00", "CNY -3.00");
  assert_format (-123456789, "EUR", "-1234567.89", "EUR -1,234,567.89");
  assert_format (25000, "JPY", "25000", "JPY 25,000");
  assert_format (100, "JPY", "100", "JPY 100");
  assert_format (0, "JPY", "0", "JPY 0");
  assert_format (1005, "BHD", "1.005", "BHD 1.005");
  assert_format (1000000, "BHD", "1000.000", "BHD 1,000.000");
  assert_format (1, "CLF", "0.0001", "CLF 0.0001");
  assert_format (G_MAXINT64, "EUR", "92233720368547758.07", "EUR 92,233,720,368,547,758.07");
  assert_format (G_MAXINT64, "JPY", "9223372036854775807", "JPY 9,223,372,036,854,775,807");
  assert_format (G_MININT64, "EUR", "-92233720368547758.08", "EUR -92,233,720,368,547,758.08");
}

static void
test_compare_add (void)
{
  g_autoptr(GError) error = NULL;
  PdMoney a = { 100, "CNY" };
  PdMoney b = { 101, "CNY" };
  PdMoney max = { G_MAXINT64, "CNY" };
  PdMoney sum;

  g_assert_cmpint (pd_money_compare (&a, &b), ==, -1);
  g_assert_cmpint (pd_money_compare (&b, &a), ==, 1);
  g_assert_cmpint (pd_money_compare (&a, &a), ==, 0);

  g_assert_true (pd_money_add (&a, &b, &sum, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sum.minor, ==, 201);
  g_assert_cmpstr (sum.currency, ==, "CNY");

  g_assert_false (pd_money_add (&max, &a, &sum, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE);
  g_assert_cmpint (sum.minor, ==, 201);
}

static PdRate
rate_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  PdRate rate = { 0 };

  if (!pd_rate_parse (text, &rate, &error))
    g_error ("rate “%s” should parse: %s", text, error->message);

  return rate;
}

static void
assert_rate_refused (const char *text,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  PdRate rate = { 42 };

  g_assert_false (pd_rate_parse (text, &rate, &error));
  g_assert_error (error, PD_VALUE_ERROR, code);
  g_assert_cmpint (rate.micros, ==, 42);
}

static void
test_rate (void)
{
  struct { const char *text; gint64 micros; const char *canonical; } good[] = {
    { "7.8", 7800000, "7.8" },
    { "7.8123", 7812300, "7.8123" },
    { "0.048", 48000, "0.048" },
    { " 1 ", 1000000, "1" },
    { "+1.000000", 1000000, "1" },
    { "0.000001", 1, "0.000001" },
    { "123456.654321", 123456654321, "123456.654321" },
    { "9223372036854.775807", G_MAXINT64, "9223372036854.775807" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      PdRate rate = rate_ok (good[i].text);
      g_autofree char *text = pd_rate_format (&rate);

      g_assert_cmpint (rate.micros, ==, good[i].micros);
      g_assert_cmpstr (text, ==, good[i].canonical);
    }

  assert_rate_refused ("0", PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_rate_refused ("0.000000", PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_rate_refused ("-7.8", PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_rate_refused ("9223372036854.775808", PD_VALUE_ERROR_OUT_OF_RANGE);
  assert_rate_refused ("7.8123456", PD_VALUE_ERROR_TOO_PRECISE);
  assert_rate_refused ("0.0000001", PD_VALUE_ERROR_TOO_PRECISE);
  assert_rate_refused ("7,8", PD_VALUE_ERROR_INVALID);
  assert_rate_refused ("7,812", PD_VALUE_ERROR_INVALID);
  assert_rate_refused ("1,000.5", PD_VALUE_ERROR_INVALID);
  assert_rate_refused ("", PD_VALUE_ERROR_INVALID);
  assert_rate_refused ("7.8e0", PD_VALUE_ERROR_INVALID);
  assert_rate_refused ("NaN", PD_VALUE_ERROR_INVALID);
  assert_rate_refused (".5", PD_VALUE_ERROR_INVALID);
}

static PdMoney
money (gint64      minor,
       const char *currency)
{
  PdMoney m = { minor, "" };

  g_strlcpy (m.currency, currency, sizeof m.currency);

  return m;
}

/* The fixtures' rates: EUR 7.8, JPY 0.048; threshold CNY 1,000.00. */
static void
test_compare_cny (void)
{
  PdRate eur = rate_ok ("7.8");
  PdRate jpy = rate_ok ("0.048");
  PdRate eur_precise = rate_ok ("7.8123");
  PdMoney threshold = money (100000, "CNY");
  PdMoney t780 = money (78000, "CNY");
  PdMoney t1200 = money (120000, "CNY");
  PdMoney m;

  /* EUR 100.00 * 7.8 = CNY 780.00 exactly, and one cent either side. */
  m = money (10000, "EUR");
  g_assert_cmpint (pd_money_compare_cny (&m, &eur, &t780), ==, 0);
  m = money (9999, "EUR");  /* 779.922 */
  g_assert_cmpint (pd_money_compare_cny (&m, &eur, &t780), ==, -1);
  m = money (10001, "EUR"); /* 780.078 */
  g_assert_cmpint (pd_money_compare_cny (&m, &eur, &t780), ==, 1);

  /* Around CNY 1,000.00: 128.20 * 7.8 = 999.96, 128.21 * 7.8 = 1000.038. */
  m = money (12820, "EUR");
  g_assert_cmpint (pd_money_compare_cny (&m, &eur, &threshold), ==, -1);
  m = money (12821, "EUR");
  g_assert_cmpint (pd_money_compare_cny (&m, &eur, &threshold), ==, 1);

  /* 128.00 * 7.8123 = 999.9744; 128.01 * 7.8123 = 1000.052523. */
  m = money (12800, "EUR");
  g_assert_cmpint (pd_money_compare_cny (&m, &eur_precise, &threshold), ==, -1);
  m = money (12801, "EUR");
  g_assert_cmpint (pd_money_compare_cny (&m, &eur_precise, &threshold), ==, 1);

  /* JPY 25000 * 0.048 = CNY 1200.00 exactly; one yen either side. */
  m = money (25000, "JPY");
  g_assert_cmpint (pd_money_compare_cny (&m, &jpy, &t1200), ==, 0);
  m = money (24999, "JPY"); /* 1199.952 */
  g_assert_cmpint (pd_money_compare_cny (&m, &jpy, &t1200), ==, -1);
  m = money (25001, "JPY"); /* 1200.048 */
  g_assert_cmpint (pd_money_compare_cny (&m, &jpy, &t1200), ==, 1);

  /* JPY 20834 * 0.048 = 1000.032 > 1000.00; 20833 = 999.984 < 1000.00;
   * both round to CNY 1000.00 at two decimals: only exactness tells. */
  m = money (20834, "JPY");
  g_assert_cmpint (pd_money_compare_cny (&m, &jpy, &threshold), ==, 1);
  m = money (20833, "JPY");
  g_assert_cmpint (pd_money_compare_cny (&m, &jpy, &threshold), ==, -1);

  /* CNY needs no rate; a given rate is ignored. */
  m = money (100000, "CNY");
  g_assert_cmpint (pd_money_compare_cny (&m, NULL, &threshold), ==, 0);
  g_assert_cmpint (pd_money_compare_cny (&m, &eur, &threshold), ==, 0);
  m = money (100001, "CNY");
  g_assert_cmpint (pd_money_compare_cny (&m, NULL, &threshold), ==, 1);

  /* A 3-digit currency: BHD 0.001 at 19.123456 = CNY 0.019123456. */
  {
    PdRate bhd = rate_ok ("19.123456");
    PdMoney t = money (2, "CNY");

    m = money (1, "BHD");
    g_assert_cmpint (pd_money_compare_cny (&m, &bhd, &t), ==, -1);
    t = money (1, "CNY");
    g_assert_cmpint (pd_money_compare_cny (&m, &bhd, &t), ==, 1);
  }

  /* Beyond 2^53 a double cannot tell these apart: EUR 1,000,007,999.99
   * at 7.800001 = CNY 7,800,063,399.92999999, a hundred-millionth of a
   * yuan under the threshold. */
  {
    PdRate r = rate_ok ("7.800001");
    PdMoney t = money (G_GINT64_CONSTANT (780006339993), "CNY");

    m = money (G_GINT64_CONSTANT (100000799999), "EUR");
    g_assert_cmpint (pd_money_compare_cny (&m, &r, &t), ==, -1);
    t.minor--;
    g_assert_cmpint (pd_money_compare_cny (&m, &r, &t), ==, 1);
  }

  /* Extremes do not overflow the 128-bit products. */
  {
    PdRate big = { G_MAXINT64 };
    PdMoney max_cny = money (G_MAXINT64, "CNY");
    PdMoney min_cny = money (-G_MAXINT64, "CNY");

    m = money (G_MAXINT64, "EUR");
    g_assert_cmpint (pd_money_compare_cny (&m, &big, &max_cny), ==, 1);
    m = money (-G_MAXINT64, "JPY");
    g_assert_cmpint (pd_money_compare_cny (&m, &big, &min_cny), ==, -1);
    m = money (1, "CLF");
    big.micros = 1;
    g_assert_cmpint (pd_money_compare_cny (&m, &big, &min_cny), ==, 1);
  }
}

static void
assert_converted (gint64      minor,
                  const char *currency,
                  const char *rate_text,
                  gint64      expected_cny)
{
  g_autoptr(GError) error = NULL;
  PdMoney m = money (minor, currency);
  PdRate rate = rate_ok (rate_text);
  PdMoney out = { 0, "" };

  g_assert_true (pd_money_convert_to_cny_rounded (&m, &rate, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out.minor, ==, expected_cny);
  g_assert_cmpstr (out.currency, ==, "CNY");
}

static void
test_convert_rounded (void)
{
  g_autoptr(GError) error = NULL;
  PdMoney m;
  PdMoney out = { 7, "CNY" };
  PdRate eur = rate_ok ("7.8");
  g_autofree char *display = NULL;

  m = money (10000, "EUR");
  g_assert_true (pd_money_convert_to_cny_rounded (&m, &eur, &out, &error));
  display = pd_money_format_display (&out);
  g_assert_cmpstr (display, ==, "CNY 780.00");

  assert_converted (25000, "JPY", "0.048", 120000);
  assert_converted (20834, "JPY", "0.048", 100003);  /* 1000.032 */
  assert_converted (20833, "JPY", "0.048", 99998);   /* 999.984 */
  assert_converted (1, "JPY", "0.048", 5);           /* 0.048 -> 0.05 */
  assert_converted (1, "EUR", "0.5", 1);             /* 0.005 -> 0.01, half up */
  assert_converted (1, "EUR", "0.499999", 0);        /* 0.00499999 -> 0.00 */
  assert_converted (-1, "EUR", "0.5", -1);           /* half away from zero */
  assert_converted (3, "EUR", "0.5", 2);             /* 0.015 -> 0.02 */
  assert_converted (12821, "EUR", "7.8", 100004);    /* 1000.038 */
  assert_converted (1005, "BHD", "19.123456", 1922); /* 19.21907328 */
  assert_converted (100000, "CNY", "7.8", 100000);   /* CNY stays CNY */

  m = money (100000, "CNY");
  g_assert_true (pd_money_convert_to_cny_rounded (&m, NULL, &out, &error));
  g_assert_cmpint (out.minor, ==, 100000);

  m = money (G_MAXINT64, "EUR");
  g_assert_false (pd_money_convert_to_cny_rounded (&m, &eur, &out, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE);
  g_assert_cmpint (out.minor, ==, 100000);
}

static void
assert_multiplied (gint64 minor,
                   gint64 numerator,
                   gint64 denominator,
                   gint64 expected)
{
  g_autoptr(GError) error = NULL;
  PdMoney m = money (minor, "CNY");
  PdMoney out = { 0, "" };

  g_assert_true (pd_money_multiply_fraction (&m, numerator, denominator, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out.minor, ==, expected);
  g_assert_cmpstr (out.currency, ==, "CNY");
}

static void
test_multiply_fraction (void)
{
  g_autoptr(GError) error = NULL;
  PdMoney max = money (G_MAXINT64, "CNY");
  PdMoney out = { 9, "CNY" };

  assert_multiplied (200000, 5, 10, 100000);  /* 2000.00 * 0.5 */
  assert_multiplied (200000, 1, 1, 200000);
  assert_multiplied (200000, 0, 1, 0);
  assert_multiplied (1, 5, 10, 1);            /* 0.005 -> 0.01 */
  assert_multiplied (3, 5, 10, 2);            /* 0.015 -> 0.02 */
  assert_multiplied (1, 1, 3, 0);             /* 0.0033 -> 0.00 */
  assert_multiplied (2, 1, 3, 1);             /* 0.0067 -> 0.01 */
  assert_multiplied (-1, 5, 10, -1);          /* half away from zero */
  assert_multiplied (-3, 5, 10, -2);
  assert_multiplied (100, 333333333, 1000000000, 33);
  assert_multiplied (G_MAXINT64, 1, 1, G_MAXINT64);
  assert_multiplied (G_MAXINT64, 999999999, 1000000000, 9223372027631403770);

  g_assert_false (pd_money_multiply_fraction (&max, 2, 1, &out, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE);
  g_assert_cmpint (out.minor, ==, 9);
}

static void
test_fraction (void)
{
  struct { const char *text; gint64 num; gint64 den; const char *canonical; } good[] = {
    { "0.5", 5, 10, "0.5" },
    { "0.50", 50, 100, "0.5" },
    { "0.25", 25, 100, "0.25" },
    { "1", 1, 1, "1" },
    { "1.0", 10, 10, "1" },
    { "0", 0, 1, "0" },
    { " 0.000000001 ", 1, 1000000000, "0.000000001" },
    { "+0.75", 75, 100, "0.75" },
  };
  const char *invalid[] = { "", "abc", ".5", "0,5", "50%", "1/2", "0.5e0", "NaN" };
  const char *out_of_range[] = { "1.01", "1.000000001", "2", "-0.5", "-0" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      PdFraction f = { -1, -1 };

      g_assert_true (pd_decimal_parse_fraction (good[i].text, &f, &error));
      g_assert_no_error (error);
      g_assert_cmpint (f.numerator, ==, good[i].num);
      g_assert_cmpint (f.denominator, ==, good[i].den);
      text = pd_fraction_format (&f);
      g_assert_cmpstr (text, ==, good[i].canonical);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      PdFraction f;

      g_assert_false (pd_decimal_parse_fraction (invalid[i], &f, &error));
      g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
    }

  for (guint i = 0; i < G_N_ELEMENTS (out_of_range); i++)
    {
      g_autoptr(GError) error = NULL;
      PdFraction f;

      g_assert_false (pd_decimal_parse_fraction (out_of_range[i], &f, &error));
      g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE);
    }

  {
    g_autoptr(GError) error = NULL;
    PdFraction f;

    g_assert_false (pd_decimal_parse_fraction ("0.1234567891", &f, &error));
    g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_TOO_PRECISE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/currency/table", test_currency_table);
  g_test_add_func ("/money/currency/parse", test_currency_parse);
  g_test_add_func ("/money/parse/plain", test_parse_plain);
  g_test_add_func ("/money/parse/digits-limit", test_parse_digits_limit);
  g_test_add_func ("/money/parse/negative", test_parse_negative);
  g_test_add_func ("/money/parse/overflow", test_parse_overflow);
  g_test_add_func ("/money/parse/grouping", test_parse_grouping);
  g_test_add_func ("/money/parse/garbage", test_parse_garbage);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/compare-add", test_compare_add);
  g_test_add_func ("/money/rate", test_rate);
  g_test_add_func ("/money/compare-cny", test_compare_cny);
  g_test_add_func ("/money/convert-rounded", test_convert_rounded);
  g_test_add_func ("/money/multiply-fraction", test_multiply_fraction);
  g_test_add_func ("/money/fraction", test_fraction);

  return g_test_run ();
}
