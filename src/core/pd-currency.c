/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-currency"

#include "pd-currency.h"
#include "pd-value-error.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  char  code[4];
  guint minor_digits;
} CurrencyEntry;

/* ISO 4217 list one, sorted by code for bsearch(). Checked against the
 * iso-codes 4.15 list of current codes, plus the codes added by the
 * 2023-2024 amendments (XCG, ZWG). */
static const CurrencyEntry currencies[] = {
  { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 },
  { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 },
  { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 },
  { "BOB", 2 }, { "BOV", 2 }, { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 },
  { "BYN", 2 }, { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
  { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 }, { "COU", 2 },
  { "CRC", 2 }, { "CUC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 },
  { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 },
  { "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 },
  { "GIP", 2 }, { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 },
  { "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 },
  { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 },
  { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 },
  { "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 },
  { "LRD", 2 }, { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 },
  { "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 },
  { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 },
  { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 },
  { "OMR", 3 }, { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 },
  { "PLN", 2 }, { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 },
  { "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 },
  { "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 },
  { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 },
  { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 },
  { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 },
  { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 }, { "VND", 0 },
  { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 },
  { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 }, { "ZWL", 2 },
};

static int
compare_entry (const void *key,
               const void *member)
{
  const CurrencyEntry *entry = member;

  return strcmp (key, entry->code);
}

static gboolean
is_upper_code (const char *code)
{
  for (guint i = 0; i < 3; i++)
    if (code[i] < 'A' || code[i] > 'Z')
      return FALSE;

  return code[3] == '\0';
}

gboolean
pd_currency_lookup (const char *code,
                    guint      *minor_digits)
{
  const CurrencyEntry *entry;

  g_return_val_if_fail (code != NULL, FALSE);

  if (!is_upper_code (code))
    return FALSE;

  entry = bsearch (code, currencies, G_N_ELEMENTS (currencies),
                   sizeof currencies[0], compare_entry);
  if (entry == NULL)
    return FALSE;

  if (minor_digits != NULL)
    *minor_digits = entry->minor_digits;

  return TRUE;
}

/* The Chinese names Chinese spreadsheets and staff write. */
static const struct { const char *name; const char *code; } currency_names[] = {
  { "人民币", "CNY" }, { "欧元", "EUR" }, { "日元", "JPY" }, { "美元", "USD" },
  { "英镑", "GBP" }, { "港币", "HKD" }, { "港元", "HKD" }, { "新加坡元", "SGD" },
  { "林吉特", "MYR" }, { "泰铢", "THB" }, { "越南盾", "VND" }, { "菲律宾比索", "PHP" },
  { "印尼盾", "IDR" }, { "墨西哥比索", "MXN" }, { "巴西雷亚尔", "BRL" }, { "加元", "CAD" },
  { "澳元", "AUD" }, { "韩元", "KRW" }, { "沙特里亚尔", "SAR" },
};

gboolean
pd_currency_parse (const char  *text,
                   char         out[4],
                   GError     **error)
{
  g_autofree char *stripped = NULL;
  char code[4];

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  stripped = pd_value_dup_stripped (text, _("currency"), error);
  if (stripped == NULL)
    return FALSE;

  if (*stripped == '\0')
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("The currency is empty: expected an ISO 4217 code such as CNY, EUR or USD"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (currency_names); i++)
    if (strcmp (stripped, currency_names[i].name) == 0)
      {
        memcpy (out, currency_names[i].code, 4);
        return TRUE;
      }

  if (strlen (stripped) != 3 ||
      !g_ascii_isalpha (stripped[0]) ||
      !g_ascii_isalpha (stripped[1]) ||
      !g_ascii_isalpha (stripped[2]))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("“%s” is not a currency: expected a three-letter ISO 4217 code such as CNY, EUR or USD"),
                   stripped);
      return FALSE;
    }

  for (guint i = 0; i < 3; i++)
    code[i] = g_ascii_toupper (stripped[i]);
  code[3] = '\0';

  if (!pd_currency_lookup (code, NULL))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN,
                   _("“%s” is not a current ISO 4217 currency code with minor units: expected a code such as CNY, EUR or USD"),
                   stripped);
      return FALSE;
    }

  memcpy (out, code, sizeof code);

  return TRUE;
}
