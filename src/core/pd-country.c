/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-country"

#include "pd-country.h"
#include "pd-value-error.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

/* ISO 3166-1 alpha-2, sorted for bsearch(); generated from the
 * iso-codes 4.15 list (249 codes). */
static const char countries[][3] = {
  "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT",
  "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI",
  "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
  "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
  "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
  "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
  "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL",
  "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
  "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
  "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
  "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS",
  "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
  "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW",
  "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP",
  "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
  "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
  "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
  "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
  "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
  "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
  "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};

G_STATIC_ASSERT (G_N_ELEMENTS (countries) == 249);

static int
compare_code (const void *key,
              const void *member)
{
  return strcmp (key, member);
}

gboolean
pd_country_is_valid (const char *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  if (code[0] < 'A' || code[0] > 'Z' ||
      code[1] < 'A' || code[1] > 'Z' ||
      code[2] != '\0')
    return FALSE;

  return bsearch (code, countries, G_N_ELEMENTS (countries),
                  sizeof countries[0], compare_code) != NULL;
}

/* Chinese names of the countries agencies meet (the programs' inventory
 * countries and the platform's markets), as the platform's Chinese
 * exports and Chinese staff write them. */
static const struct { const char *name; const char *code; } country_names[] = {
  { "英国", "GB" }, { "德国", "DE" }, { "法国", "FR" }, { "意大利", "IT" },
  { "西班牙", "ES" }, { "爱尔兰", "IE" }, { "荷兰", "NL" }, { "比利时", "BE" },
  { "波兰", "PL" }, { "奥地利", "AT" }, { "葡萄牙", "PT" }, { "瑞典", "SE" },
  { "日本", "JP" }, { "美国", "US" }, { "中国", "CN" }, { "墨西哥", "MX" },
  { "巴西", "BR" }, { "新加坡", "SG" }, { "马来西亚", "MY" }, { "泰国", "TH" },
  { "越南", "VN" }, { "菲律宾", "PH" }, { "印度尼西亚", "ID" }, { "印尼", "ID" },
  { "沙特阿拉伯", "SA" }, { "沙特", "SA" }, { "阿联酋", "AE" }, { "加拿大", "CA" },
  { "澳大利亚", "AU" }, { "韩国", "KR" },
};

/* Markets: codes such as EU, JP, US, UK, and their Chinese names. */
static const struct { const char *name; const char *code; } market_names[] = {
  { "欧洲", "EU" }, { "欧盟", "EU" }, { "欧洲站", "EU" }, { "日本", "JP" }, { "日本站", "JP" },
  { "美国", "US" }, { "美国站", "US" }, { "英国", "UK" }, { "英国站", "UK" },
  { "德国", "DE" }, { "法国", "FR" }, { "意大利", "IT" }, { "西班牙", "ES" },
  { "爱尔兰", "IE" }, { "墨西哥", "MX" }, { "巴西", "BR" }, { "新加坡", "SG" },
  { "马来西亚", "MY" }, { "泰国", "TH" }, { "越南", "VN" }, { "菲律宾", "PH" },
  { "印度尼西亚", "ID" }, { "印尼", "ID" }, { "沙特阿拉伯", "SA" }, { "沙特", "SA" },
  { "东南亚", "SEA" }, { "中东", "ME" }, { "拉美", "LATAM" }, { "加拿大", "CA" },
};

const char *
pd_market_from_name (const char *text)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (text));
  for (guint i = 0; i < G_N_ELEMENTS (market_names); i++)
    if (strcmp (stripped, market_names[i].name) == 0)
      return market_names[i].code;
  return NULL;
}

const char *
pd_country_from_name (const char *text)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (text));
  for (guint i = 0; i < G_N_ELEMENTS (country_names); i++)
    if (strcmp (stripped, country_names[i].name) == 0)
      return country_names[i].code;
  return NULL;
}

/* @item is already stripped. Returns FALSE, without an error, when it is
 * not a known code. */
static gboolean
canonicalize (const char *item,
              char        out[3])
{
  char code[3];

  if (pd_country_from_name (item) != NULL)
    {
      memcpy (out, pd_country_from_name (item), 3);
      return TRUE;
    }

  if (strlen (item) != 2 ||
      !g_ascii_isalpha (item[0]) ||
      !g_ascii_isalpha (item[1]))
    return FALSE;

  code[0] = g_ascii_toupper (item[0]);
  code[1] = g_ascii_toupper (item[1]);
  code[2] = '\0';

  if (strcmp (code, "UK") == 0)
    strcpy (code, "GB");

  if (!pd_country_is_valid (code))
    return FALSE;

  memcpy (out, code, sizeof code);

  return TRUE;
}

gboolean
pd_country_parse (const char  *text,
                  char         out[3],
                  GError     **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  stripped = pd_value_dup_stripped (text, _("country"), error);
  if (stripped == NULL)
    return FALSE;

  if (*stripped == '\0')
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("The country is empty: expected an ISO 3166-1 two-letter code such as DE, FR or GB"));
      return FALSE;
    }

  if (!canonicalize (stripped, out))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN,
                   _("“%s” is not a country code: expected an ISO 3166-1 two-letter code such as DE, FR or GB"),
                   stripped);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_list_separator (gunichar c)
{
  /* ';' '|' and their full-width forms. */
  return c == ';' || c == '|' || c == 0xFF1B || c == 0xFF5C;
}

static gboolean
contains_code (GPtrArray  *codes,
               const char *code)
{
  for (guint i = 0; i < codes->len; i++)
    if (strcmp (g_ptr_array_index (codes, i), code) == 0)
      return TRUE;

  return FALSE;
}

gboolean
pd_country_list_parse (const char  *text,
                       GPtrArray  **codes_out,
                       GError     **error)
{
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GString) unknown = NULL;
  guint n_unknown = 0;
  const char *p;
  const char *item_start;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (codes_out != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                   _("The country list is not valid UTF-8 text"));
      return FALSE;
    }

  codes = g_ptr_array_new_with_free_func (g_free);
  unknown = g_string_new (NULL);

  item_start = p = text;
  for (;;)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\0' || is_list_separator (c))
        {
          g_autofree char *raw = g_strndup (item_start, p - item_start);
          g_autofree char *item = pd_value_dup_stripped (raw, _("country"), error);
          char code[3];

          if (item == NULL)
            return FALSE;

          if (*item != '\0' && !canonicalize (item, code))
            {
              if (n_unknown++ > 0)
                g_string_append (unknown, ", ");
              g_string_append_printf (unknown, "“%s”", item);
            }
          else if (*item != '\0' && !contains_code (codes, code))
            g_ptr_array_add (codes, g_strdup (code));

          if (c == '\0')
            break;
          item_start = g_utf8_next_char (p);
        }

      p = g_utf8_next_char (p);
    }

  if (n_unknown > 0)
    {
      g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN,
                   ngettext ("Unknown country code %s: expected ISO 3166-1 two-letter codes such as DE, FR or GB, separated by “;” or “|”",
                             "Unknown country codes %s: expected ISO 3166-1 two-letter codes such as DE, FR or GB, separated by “;” or “|”",
                             n_unknown),
                   unknown->str);
      return FALSE;
    }

  *codes_out = g_steal_pointer (&codes);

  return TRUE;
}
