/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-money"

#include "pd-money.h"
#include "pd-currency.h"
#include "pd-value-error.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

/* Products of two gint64 need 126 bits; gcc and clang have __int128. */
__extension__ typedef __int128 PdInt128;

#define RATE_DIGITS     6
#define FRACTION_DIGITS 9
#define CNY             "CNY"
#define CNY_DIGITS      2

typedef enum
{
  SCAN_OK,
  SCAN_EMPTY,
  SCAN_SYNTAX,          /* not [sign]digits[.digits] */
  SCAN_COMMA,           /* a comma where none may be, or bad grouping */
  SCAN_COMMA_AMBIGUOUS, /* "1,000" where ",000" could be decimals */
  SCAN_TOO_PRECISE,
  SCAN_OVERFLOW,
} ScanStatus;

static const gint64 powers_of_ten[] = {
  G_GINT64_CONSTANT (1),
  G_GINT64_CONSTANT (10),
  G_GINT64_CONSTANT (100),
  G_GINT64_CONSTANT (1000),
  G_GINT64_CONSTANT (10000),
  G_GINT64_CONSTANT (100000),
  G_GINT64_CONSTANT (1000000),
  G_GINT64_CONSTANT (10000000),
  G_GINT64_CONSTANT (100000000),
  G_GINT64_CONSTANT (1000000000),
  G_GINT64_CONSTANT (10000000000),
};

static gboolean
append_digit (guint64 *value,
              char     digit)
{
  return g_uint64_checked_mul (value, *value, 10) &&
         g_uint64_checked_add (value, *value, (guint64) (digit - '0'));
}

/* Reads @s (already stripped) as [+|-]int[.frac] into
 * magnitude * 10^-@scale. @grouping allows thousands commas as
 * documented in pd-money.h. The sign is returned apart so that the
 * caller decides whether a '-' (even "-0") is allowed. */
static ScanStatus
scan_decimal (const char *s,
              guint       scale,
              gboolean    grouping,
              gboolean   *negative,
              guint64    *magnitude)
{
  const char *p = s;
  const char *int_start;
  guint64 value = 0;
  guint n_groups = 0;
  guint group_len = 0;
  guint first_group_len = 0;
  gboolean first_group_zero = FALSE;
  gboolean has_dot = FALSE;
  gboolean overflow = FALSE;
  guint n_decimals = 0;

  *negative = FALSE;
  *magnitude = 0;

  if (*p == '\0')
    return SCAN_EMPTY;

  if (*p == '+' || *p == '-')
    {
      *negative = (*p == '-');
      p++;
    }

  if (!g_ascii_isdigit (*p))
    return SCAN_SYNTAX;
  int_start = p;

  /* The integer part, with its comma groups. */
  for (; g_ascii_isdigit (*p) || *p == ','; p++)
    {
      if (*p == ',')
        {
          if (n_groups == 0)
            {
              first_group_len = group_len;
              first_group_zero = (*int_start == '0');
            }
          else if (group_len != 3)
            return SCAN_COMMA;
          n_groups++;
          group_len = 0;
          continue;
        }

      overflow = overflow || !append_digit (&value, *p);
      group_len++;
    }

  if (n_groups > 0)
    {
      if (!grouping || first_group_len < 1 || first_group_len > 3 ||
          first_group_zero || group_len != 3)
        return SCAN_COMMA;
    }

  if (*p == '.')
    {
      has_dot = TRUE;
      p++;
      if (!g_ascii_isdigit (*p))
        return SCAN_SYNTAX;
      for (; g_ascii_isdigit (*p); p++)
        {
          n_decimals++;
          if (n_decimals <= scale)
            overflow = overflow || !append_digit (&value, *p);
        }
    }

  if (*p == ',')
    return SCAN_COMMA; /* "1.000,00" */
  if (*p != '\0')
    return SCAN_SYNTAX;

  if (n_groups > 0 && !has_dot && scale >= 3)
    return SCAN_COMMA_AMBIGUOUS;

  if (n_decimals > scale)
    return SCAN_TOO_PRECISE;

  /* Reported only now, so that a long garbage string is garbage. */
  for (guint i = n_decimals; i < scale && !overflow; i++)
    overflow = !g_uint64_checked_mul (&value, value, 10);

  if (overflow || value > (guint64) G_MAXINT64)
    return SCAN_OVERFLOW;

  *magnitude = value;

  return SCAN_OK;
}

/* |value| as decimal text with @scale decimals, optionally grouped by
 * threes with commas; @trim drops trailing fractional zeros (and the
 * dot). */
static void
append_scaled (GString  *out,
               gint64    value,
               guint     scale,
               gboolean  group,
               gboolean  trim)
{
  g_autofree char *digits = NULL;
  guint64 magnitude;
  gsize len;
  gsize int_len;
  gsize frac_len;

  /* -(guint64) works for G_MININT64 too. */
  magnitude = value < 0 ? -(guint64) value : (guint64) value;
  digits = g_strdup_printf ("%0*" G_GUINT64_FORMAT, (int) scale + 1, magnitude);
  len = strlen (digits);
  int_len = len - scale;

  if (value < 0)
    g_string_append_c (out, '-');

  for (gsize i = 0; i < int_len; i++)
    {
      if (group && i > 0 && (int_len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  frac_len = scale;
  if (trim)
    while (frac_len > 0 && digits[int_len + frac_len - 1] == '0')
      frac_len--;

  if (frac_len > 0)
    {
      g_string_append_c (out, '.');
      g_string_append_len (out, digits + int_len, frac_len);
    }
}

static char *
example_amount (guint digits,
                gboolean grouped)
{
  GString *s = g_string_new (grouped ? "1,000" : "1000");

  if (digits > 0)
    {
      g_string_append_c (s, '.');
      for (guint i = 0; i < digits; i++)
        g_string_append_c (s, '0');
    }

  return g_string_free (s, FALSE);
}

static guint
currency_digits (const PdMoney *money)
{
  guint digits = 0;

  if (!pd_currency_lookup (money->currency, &digits))
    g_critical ("“%s” is not a known currency", money->currency);

  return digits;
}

gboolean
pd_money_parse (const char         *amount_text,
                const char         *currency_text,
                PdMoneyParseFlags   flags,
                PdMoney            *out,
                GError            **error)
{
  g_autofree char *text = NULL;
  g_autofree char *example = NULL;
  g_autofree char *grouped_example = NULL;
  char currency[4];
  guint digits = 0;
  gboolean negative;
  guint64 magnitude;

  g_return_val_if_fail (amount_text != NULL, FALSE);
  g_return_val_if_fail (currency_text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!pd_currency_parse (currency_text, currency, error))
    return FALSE;
  pd_currency_lookup (currency, &digits);

  text = pd_value_dup_stripped (amount_text, _("amount"), error);
  if (text == NULL)
    return FALSE;

  example = example_amount (digits, FALSE);

  switch (scan_decimal (text, digits,
                        (flags & PD_MONEY_PARSE_NO_GROUPING) == 0,
                        &negative, &magnitude))
    {
    case SCAN_OK:
      break;

    case SCAN_EMPTY:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("The %s amount is empty: expected a number such as %s"),
                   currency, example);
      return FALSE;

    case SCAN_SYNTAX:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is not a valid %s amount: expected digits with an optional dot as decimal point, such as %s"),
                   text, currency, example);
      return FALSE;

    case SCAN_COMMA:
      if ((flags & PD_MONEY_PARSE_NO_GROUPING) != 0)
        {
          g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                       _("“%s” is not a valid %s amount: use a dot as the decimal point and no thousands separators, as in %s"),
                       text, currency, example);
          return FALSE;
        }
      grouped_example = example_amount (digits, TRUE);
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is not a valid %s amount: use a dot as the decimal point; commas may only separate groups of three digits, as in %s"),
                   text, currency, grouped_example);
      return FALSE;

    case SCAN_COMMA_AMBIGUOUS:
      grouped_example = example_amount (digits, TRUE);
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is ambiguous for %s, which has %u decimals: the comma could be a decimal point; use a dot as the decimal point, as in %s or %s"),
                   text, currency, digits, example, grouped_example);
      return FALSE;

    case SCAN_TOO_PRECISE:
      if (digits == 0)
        g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_TOO_PRECISE,
                     _("“%s” has decimals, but %s amounts are whole numbers, such as %s"),
                     text, currency, example);
      else
        g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_TOO_PRECISE,
                     ngettext ("“%s” has too many decimals for %s: at most %u is allowed, as in %s",
                               "“%s” has too many decimals for %s: at most %u are allowed, as in %s",
                               digits),
                     text, currency, digits, example);
      return FALSE;

    case SCAN_OVERFLOW:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("“%s” is too large a %s amount"), text, currency);
      return FALSE;

    default:
      g_assert_not_reached ();
    }

  if (negative && (flags & PD_MONEY_PARSE_ALLOW_NEGATIVE) == 0)
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("“%s” is negative: expected a %s amount of zero or more, such as %s"),
                   text, currency, example);
      return FALSE;
    }

  out->minor = negative ? -(gint64) magnitude : (gint64) magnitude;
  memcpy (out->currency, currency, sizeof currency);

  return TRUE;
}

char *
pd_money_format_amount (const PdMoney *money)
{
  GString *s;

  g_return_val_if_fail (money != NULL, NULL);

  s = g_string_new (NULL);
  append_scaled (s, money->minor, currency_digits (money), FALSE, FALSE);

  return g_string_free (s, FALSE);
}

char *
pd_money_format_display (const PdMoney *money)
{
  GString *s;

  g_return_val_if_fail (money != NULL, NULL);

  s = g_string_new (money->currency);
  g_string_append_c (s, ' ');
  append_scaled (s, money->minor, currency_digits (money), TRUE, FALSE);

  return g_string_free (s, FALSE);
}

int
pd_money_compare (const PdMoney *a,
                  const PdMoney *b)
{
  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);
  g_return_val_if_fail (strcmp (a->currency, b->currency) == 0, 0);

  return (a->minor > b->minor) - (a->minor < b->minor);
}

gboolean
pd_money_add (const PdMoney  *a,
              const PdMoney  *b,
              PdMoney        *out,
              GError        **error)
{
  gint64 sum;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (strcmp (a->currency, b->currency) == 0, FALSE);

  if (__builtin_add_overflow (a->minor, b->minor, &sum))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("The sum of two %s amounts is too large"), a->currency);
      return FALSE;
    }

  out->minor = sum;
  memcpy (out->currency, a->currency, sizeof out->currency);

  return TRUE;
}

/* The amount in millionths of CNY times 10^(its digits): the exact
 * product amount.minor * rate.micros, whose unit is
 * 10^-(digits + 6) CNY. A CNY amount counts as rate 1.000000. */
static PdInt128
exact_cny_product (const PdMoney *amount,
                   const PdRate  *rate,
                   guint         *unit_digits)
{
  gint64 micros;

  *unit_digits = currency_digits (amount) + RATE_DIGITS;

  if (strcmp (amount->currency, CNY) == 0)
    micros = powers_of_ten[RATE_DIGITS];
  else
    micros = rate->micros;

  return (PdInt128) amount->minor * micros;
}

int
pd_money_compare_cny (const PdMoney *amount,
                      const PdRate  *rate,
                      const PdMoney *threshold_cny)
{
  PdInt128 lhs;
  PdInt128 rhs;
  guint unit_digits;

  g_return_val_if_fail (amount != NULL, 0);
  g_return_val_if_fail (threshold_cny != NULL, 0);
  g_return_val_if_fail (strcmp (threshold_cny->currency, CNY) == 0, 0);
  g_return_val_if_fail (strcmp (amount->currency, CNY) == 0 ||
                        (rate != NULL && rate->micros > 0), 0);

  lhs = exact_cny_product (amount, rate, &unit_digits);
  /* unit_digits >= 6 > CNY_DIGITS, and |threshold| * 10^10 < 2^97. */
  rhs = (PdInt128) threshold_cny->minor *
        powers_of_ten[unit_digits - CNY_DIGITS];

  return (lhs > rhs) - (lhs < rhs);
}

/* @numerator / @denominator rounded half away from zero; FALSE when the
 * result does not fit in a gint64. */
static gboolean
divide_rounded (PdInt128  numerator,
                PdInt128  denominator,
                gint64   *out)
{
  PdInt128 quotient = numerator / denominator;
  PdInt128 remainder = numerator % denominator;

  if (remainder < 0)
    remainder = -remainder;

  if (2 * remainder >= denominator)
    quotient += numerator < 0 ? -1 : 1;

  if (quotient > G_MAXINT64 || quotient < -G_MAXINT64)
    return FALSE;

  *out = (gint64) quotient;

  return TRUE;
}

gboolean
pd_money_convert_to_cny_rounded (const PdMoney  *amount,
                                 const PdRate   *rate,
                                 PdMoney        *out_cny,
                                 GError        **error)
{
  PdInt128 product;
  guint unit_digits;
  gint64 minor;

  g_return_val_if_fail (amount != NULL, FALSE);
  g_return_val_if_fail (out_cny != NULL, FALSE);
  g_return_val_if_fail (strcmp (amount->currency, CNY) == 0 ||
                        (rate != NULL && rate->micros > 0), FALSE);

  product = exact_cny_product (amount, rate, &unit_digits);

  if (!divide_rounded (product, powers_of_ten[unit_digits - CNY_DIGITS], &minor))
    {
      g_autofree char *text = pd_money_format_display (amount);

      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("%s is too large to convert to CNY"), text);
      return FALSE;
    }

  out_cny->minor = minor;
  memcpy (out_cny->currency, CNY, sizeof out_cny->currency);

  return TRUE;
}

gboolean
pd_money_multiply_fraction (const PdMoney  *amount,
                            gint64          numerator,
                            gint64          denominator,
                            PdMoney        *out,
                            GError        **error)
{
  gint64 minor;

  g_return_val_if_fail (amount != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (denominator > 0, FALSE);

  if (!divide_rounded ((PdInt128) amount->minor * numerator, denominator, &minor))
    {
      g_autofree char *text = pd_money_format_display (amount);

      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("%s times %" PRId64 "/%" PRId64 " is too large"),
                   text, numerator, denominator);
      return FALSE;
    }

  out->minor = minor;
  memcpy (out->currency, amount->currency, sizeof out->currency);

  return TRUE;
}

gboolean
pd_rate_parse (const char  *text,
               PdRate      *out,
               GError     **error)
{
  g_autofree char *stripped = NULL;
  gboolean negative;
  guint64 magnitude;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  stripped = pd_value_dup_stripped (text, _("exchange rate"), error);
  if (stripped == NULL)
    return FALSE;

  switch (scan_decimal (stripped, RATE_DIGITS, FALSE, &negative, &magnitude))
    {
    case SCAN_OK:
      break;

    case SCAN_EMPTY:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("The exchange rate is empty: expected CNY per unit, such as 7.8123"));
      return FALSE;

    case SCAN_SYNTAX:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is not a valid exchange rate: expected CNY per unit as a positive number with a dot as decimal point, such as 7.8123"),
                   stripped);
      return FALSE;

    case SCAN_COMMA:
    case SCAN_COMMA_AMBIGUOUS:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is not a valid exchange rate: use a dot as the decimal point and no thousands separators, as in 7.8123"),
                   stripped);
      return FALSE;

    case SCAN_TOO_PRECISE:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_TOO_PRECISE,
                   _("“%s” has too many decimals for an exchange rate: at most 6 are allowed, as in 7.812345"),
                   stripped);
      return FALSE;

    case SCAN_OVERFLOW:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("“%s” is too large an exchange rate"), stripped);
      return FALSE;

    default:
      g_assert_not_reached ();
    }

  if (negative || magnitude == 0)
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("“%s” is not a valid exchange rate: it must be greater than zero, such as 7.8123"),
                   stripped);
      return FALSE;
    }

  out->micros = (gint64) magnitude;

  return TRUE;
}

char *
pd_rate_format (const PdRate *rate)
{
  GString *s;

  g_return_val_if_fail (rate != NULL, NULL);

  s = g_string_new (NULL);
  append_scaled (s, rate->micros, RATE_DIGITS, FALSE, TRUE);

  return g_string_free (s, FALSE);
}

gboolean
pd_decimal_parse_fraction (const char  *text,
                           PdFraction  *out,
                           GError     **error)
{
  g_autofree char *stripped = NULL;
  const char *dot;
  guint n_decimals = 0;
  gboolean negative;
  guint64 magnitude;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  stripped = pd_value_dup_stripped (text, _("fraction"), error);
  if (stripped == NULL)
    return FALSE;

  dot = strchr (stripped, '.');
  if (dot != NULL)
    n_decimals = strspn (dot + 1, "0123456789");

  switch (scan_decimal (stripped, MIN (n_decimals, FRACTION_DIGITS), FALSE,
                        &negative, &magnitude))
    {
    case SCAN_OK:
      break;

    case SCAN_EMPTY:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("The fraction is empty: expected a number from 0 to 1, such as 0.5"));
      return FALSE;

    case SCAN_SYNTAX:
    case SCAN_COMMA:
    case SCAN_COMMA_AMBIGUOUS:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is not a valid fraction: expected a number from 0 to 1 with a dot as decimal point, such as 0.5"),
                   stripped);
      return FALSE;

    case SCAN_TOO_PRECISE:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_TOO_PRECISE,
                   _("“%s” has too many decimals for a fraction: at most 9 are allowed"),
                   stripped);
      return FALSE;

    case SCAN_OVERFLOW:
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("“%s” is not a valid fraction: expected a number from 0 to 1, such as 0.5"),
                   stripped);
      return FALSE;

    default:
      g_assert_not_reached ();
    }

  if (negative || magnitude > (guint64) powers_of_ten[n_decimals])
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_OUT_OF_RANGE,
                   _("“%s” is not a valid fraction: expected a number from 0 to 1, such as 0.5"),
                   stripped);
      return FALSE;
    }

  out->numerator = (gint64) magnitude;
  out->denominator = powers_of_ten[n_decimals];

  return TRUE;
}

char *
pd_fraction_format (const PdFraction *fraction)
{
  GString *s;

  g_return_val_if_fail (fraction != NULL, NULL);
  g_return_val_if_fail (fraction->denominator > 0, NULL);

  s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (powers_of_ten); i++)
    {
      if (powers_of_ten[i] == fraction->denominator)
        {
          append_scaled (s, fraction->numerator, i, FALSE, TRUE);
          return g_string_free (s, FALSE);
        }
    }

  g_string_append_printf (s, "%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          fraction->numerator, fraction->denominator);

  return g_string_free (s, FALSE);
}
