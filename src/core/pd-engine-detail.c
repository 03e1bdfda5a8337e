/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-currency.h"
#include "pd-engine.h"
#include "pd-engine-private.h"
#include "pd-invitation.h"

/* Details ------------------------------------------------------------------- */

/* A projection writes a detail for each condition of each entry: millions
 * of sentences. The translations are looked up once (gettext takes locks
 * and reads the environment on every call) and the sentences are put
 * together with a minimal "%s" substitution instead of printf. */

/* Appends @format with "%s" and "%N$s" (N = 1..9, for translations that
 * reorder) replaced by @args, and "%%" by "%". */
static void
append_format (GString            *out,
               const char         *format,
               const char * const *args,
               guint               n_args)
{
  guint next = 0;
  const char *p = format;

  while (*p != '\0')
    {
      const char *percent = strchr (p, '%');
      guint index;

      if (percent == NULL)
        {
          g_string_append (out, p);
          return;
        }
      g_string_append_len (out, p, percent - p);
      p = percent + 1;

      if (*p == '%')
        {
          g_string_append_c (out, '%');
          p++;
          continue;
        }
      if (*p >= '1' && *p <= '9' && p[1] == '$' && p[2] == 's')
        {
          index = (guint) (*p - '1');
          p += 3;
        }
      else if (*p == 's')
        {
          index = next++;
          p++;
        }
      else
        {
          g_string_append_c (out, '%');
          continue;
        }
      if (index < n_args && args[index] != NULL)
        g_string_append (out, args[index]);
    }
}

/* Sentences are put together on the stack and appended once; a longer
 * one (a long governance reason) goes through append_format(). */
#define FORMAT(out, format, ...) \
  G_STMT_START { \
    const char * const format_args_[] = { __VA_ARGS__ }; \
    char format_buf_[512]; \
    gsize format_len_; \
    format_to (format_buf_, sizeof format_buf_, (format), format_args_, \
               G_N_ELEMENTS (format_args_), &format_len_); \
    if (format_len_ < sizeof format_buf_ - 1) \
      g_string_append_len ((out), format_buf_, format_len_); \
    else \
      append_format ((out), (format), format_args_, G_N_ELEMENTS (format_args_)); \
  } G_STMT_END

/* The same into a fixed buffer, cut at its size: for the short pieces
 * that go into a sentence ("14 days left", "CNY 780.00 (EUR 100.00)"). */
static char *
format_to (char               *buf,
           gsize               size,
           const char         *format,
           const char * const *args,
           guint               n_args,
           gsize              *length_out)
{
  gsize len = 0;
  guint next = 0;

#define PUT(s, n) \
  G_STMT_START { \
    gsize put_n_ = MIN ((gsize) (n), size - 1 - len); \
    memcpy (buf + len, (s), put_n_); \
    len += put_n_; \
  } G_STMT_END

  for (const char *p = format; *p != '\0';)
    {
      const char *percent = strchr (p, '%');
      const char *arg = NULL;

      if (percent == NULL)
        {
          PUT (p, strlen (p));
          break;
        }
      PUT (p, percent - p);
      p = percent + 1;
      if (*p == '%')
        {
          PUT ("%", 1);
          p++;
          continue;
        }
      if (*p >= '1' && *p <= '9' && p[1] == '$' && p[2] == 's')
        {
          guint index = (guint) (*p - '1');

          arg = index < n_args ? args[index] : NULL;
          p += 3;
        }
      else if (*p == 's')
        {
          arg = next < n_args ? args[next] : NULL;
          next++;
          p++;
        }
      else
        {
          PUT ("%", 1);
          continue;
        }
      if (arg != NULL)
        PUT (arg, strlen (arg));
    }
#undef PUT
  buf[len] = '\0';
  if (length_out != NULL)
    *length_out = len;
  return buf;
}

#define FORMAT_TO(buf, format, ...) \
  ({ \
    const char * const format_args_[] = { __VA_ARGS__ }; \
    format_to ((buf), sizeof (buf), (format), format_args_, G_N_ELEMENTS (format_args_), NULL); \
  })

enum
{
  T_LAST_DAY,
  T_COUNTRIES_NONE,
  T_SALES_NOT_OPEN,
  T_SALES_NO_RATE,
  T_GMV_CONVERTED,
  T_SALES_MET,
  T_SALES_UNMET,
  T_SALES_FAILED_STRICT,
  T_SALES_FAILED,
  T_TARGET_APPROVED,
  T_TARGET_PENDING,
  T_TARGET_REJECTED,
  T_TARGET_ABSENT_UNMET,
  T_TARGET_ABSENT_FAILED,
  T_TARGET_LEFT_UNMET,
  T_TARGET_LEFT_FAILED,
  T_LINK_OURS,
  T_LINK_REVOKED_LATER,
  T_LINK_NONE,
  T_LINK_NOT_OURS,
  T_LINK_AUTHORIZATION,
  T_LINK_REVOKED_BEFORE,
  T_LINK_EXPIRED_BEFORE,
  T_ONBOARDED_IN_PERIOD,
  T_ONBOARDED_BEFORE,
  T_ONBOARDED_AFTER,
  T_ONBOARDED_NOT_YET,
  T_ONBOARDED_NEVER,
  T_ONBOARDED_LINK_EXPIRES,
  T_ONBOARDED_LINKS_REVOKED,
  T_ONBOARDED_LINKS_EXPIRED,
  T_ONBOARDED_LINKS_REVOKED_UNDATED,
  T_ONBOARDED_LINKS_EXPIRED_UNDATED,
  T_INVENTORY_NOT_REQUIRED,
  T_INVENTORY_MET,
  T_INVENTORY_UNMET,
  T_INVENTORY_FAILED,
  T_HIGH_RISK_REASON,
  T_HIGH_RISK,
  T_FIRST_STORE_YES,
  T_FIRST_STORE_NO,
  N_TEXTS
};

#define N_CACHED_DAYS 100

typedef struct
{
  const char *text[N_TEXTS];
  const char *days_left[N_CACHED_DAYS];
  const char *status[PD_STORE_STATUS_CLOSED + 1];  /* "Normal" */
} Texts;

static const Texts *
get_texts (void)
{
  static Texts texts;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char **t = texts.text;

      t[T_LAST_DAY] = _("last day");
      t[T_COUNTRIES_NONE] = C_("countries", "none");
      t[T_SALES_NOT_OPEN] = _("the sales window opens when the store onboards");
      /* Translators: "GMV EUR 100.00; no exchange rate for EUR, import one". */
      t[T_SALES_NO_RATE] = _("GMV %s; no exchange rate for %s, import one");
      /* Translators: a GMV converted to CNY, then the original amount:
       * "CNY 780.00 (EUR 100.00)". */
      t[T_GMV_CONVERTED] = _("%s (%s)");
      /* Translators: "GMV CNY 1,500.00 of 1,000.00". */
      t[T_SALES_MET] = _("GMV %s of %s");
      /* Translators: "GMV CNY 640.00 of 1,000.00, 9 days left". */
      t[T_SALES_UNMET] = _("GMV %s of %s, %s");
      /* Translators: "GMV CNY 1,000.00, not over 1,000.00 when the window
       * closed on 2026-03-22". */
      t[T_SALES_FAILED_STRICT] = _("GMV %s, not over %s when the window closed on %s");
      t[T_SALES_FAILED] = _("GMV %s, under %s when the window closed on %s");
      t[T_TARGET_APPROVED] = _("approved on the target list");
      t[T_TARGET_PENDING] = _("review pending on the target list; the platform decides");
      t[T_TARGET_REJECTED] = _("rejected on the target list");
      /* Translators: "not on the target list yet, 9 days left". */
      t[T_TARGET_ABSENT_UNMET] = _("not on the target list yet, %s");
      t[T_TARGET_ABSENT_FAILED] = _("not on the target list when the period ended");
      /* Translators: "left the target list on 2026-02-01, 9 days left". */
      t[T_TARGET_LEFT_UNMET] = _("left the target list on %s, %s");
      t[T_TARGET_LEFT_FAILED] = _("left the target list on %s");
      /* Translators: %s is the token of our onboarding link. */
      t[T_LINK_OURS] = _("opened through our link %s");
      t[T_LINK_REVOKED_LATER] = _("opened through our link %s, revoked later on %s");
      t[T_LINK_NONE] = _("not opened through an onboarding link");
      t[T_LINK_NOT_OURS] = _("opened through %s, which is not one of our links");
      t[T_LINK_AUTHORIZATION] = _("opened through %s, an authorization link, not an onboarding link");
      t[T_LINK_REVOKED_BEFORE] = _("our link %s was revoked on %s, before the store opened");
      /* Translators: "our link Gjbz8Dr3E0zuFNnnFk0Qkw expired on 2026-03-01, before the store opened". */
      t[T_LINK_EXPIRED_BEFORE] = _("our link %s expired on %s, before the store opened");
      t[T_ONBOARDED_IN_PERIOD] = _("onboarded on %s, within the period");
      t[T_ONBOARDED_BEFORE] = _("onboarded on %s, before the period started on %s");
      t[T_ONBOARDED_AFTER] = _("onboarded on %s, after the period ended on %s");
      /* Translators: "not onboarded yet, 9 days left". */
      t[T_ONBOARDED_NOT_YET] = _("not onboarded yet, %s");
      t[T_ONBOARDED_NEVER] = _("not onboarded when the period ended on %s");
      /* Translators: "not onboarded yet; our link works until 2026-03-19, 4 days left":
       * the last day a store can open through our last onboarding link that is not
       * expired. */
      t[T_ONBOARDED_LINK_EXPIRES] = _("not onboarded yet; our link works until %s, %s");
      /* Translators: "not onboarded, and our onboarding link was revoked on 2026-02-01:
       * no store can open through it any more". */
      t[T_ONBOARDED_LINKS_REVOKED] = _("not onboarded, and our onboarding link was revoked on %s: no store can open through it any more");
      t[T_ONBOARDED_LINKS_EXPIRED] = _("not onboarded, and our onboarding link expired on %s: no store can open through it any more");
      t[T_ONBOARDED_LINKS_REVOKED_UNDATED] = _("not onboarded, and our onboarding link was revoked: no store can open through it any more");
      t[T_ONBOARDED_LINKS_EXPIRED_UNDATED] = _("not onboarded, and our onboarding link expired: no store can open through it any more");
      /* Translators: "not required in the JP market". */
      t[T_INVENTORY_NOT_REQUIRED] = _("not required in the %s market");
      /* Translators: "inventory in 5 countries (GB, DE, FR, IT, ES), 4 needed". */
      t[T_INVENTORY_MET] = _("inventory in %s countries (%s), %s needed");
      /* Translators: "inventory in 3 of 4 countries (DE, FR, IT), 9 days left". */
      t[T_INVENTORY_UNMET] = _("inventory in %s of %s countries (%s), %s");
      /* Translators: "inventory in 3 of 4 countries (DE, FR, IT) when the period ended". */
      t[T_INVENTORY_FAILED] = _("inventory in %s of %s countries (%s) when the period ended");
      /* Translators: "closed as high-risk: counterfeit goods". */
      t[T_HIGH_RISK_REASON] = _("closed as high-risk: %s");
      t[T_HIGH_RISK] = _("closed as high-risk");
      t[T_FIRST_STORE_YES] = _("the seller’s first store");
      /* Translators: %s is the store id of the seller's first store. */
      t[T_FIRST_STORE_NO] = _("the seller’s first store is %s; only that one counts");

      for (gulong n = 0; n < N_CACHED_DAYS; n++)
        /* Translators: the time left to meet a condition. */
        texts.days_left[n] = g_dngettext (GETTEXT_PACKAGE, "%s day left", "%s days left", n);
      /* The status alone: it is shown under its condition's name ("Store
       * status: Closed", not "Store status: store status: Closed"). */
      for (guint s = 0; s <= PD_STORE_STATUS_CLOSED; s++)
        texts.status[s] = pd_store_status_to_display (s);

      g_once_init_leave (&initialized, 1);
    }
  return &texts;
}

/* Decimal digits of @value into the end of @end's buffer; returns the start. */
static char *
put_uint (char    *end,
          guint64  value)
{
  *end = '\0';
  do
    {
      *--end = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  return end;
}

/* "1,234,567.89" for @minor units with @digits decimals. */
static char *
format_grouped (char    buf[48],
                gint64  minor,
                guint   digits)
{
  char *p = buf + 47;
  guint64 magnitude = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  guint n = 0;

  *p = '\0';
  for (guint i = 0; i < digits && i < 20; i++)
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  if (digits > 0)
    *--p = '.';
  do
    {
      if (n > 0 && n % 3 == 0)
        *--p = ',';
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
      n++;
    }
  while (magnitude > 0);
  if (minor < 0)
    *--p = '-';
  return p;
}

/* The minor digits of a currency, remembered per code: a projection
 * formats a million amounts in a handful of currencies. */
static guint
currency_digits (const char *code)
{
  static gint cache[26 * 26 * 26]; /* digits + 1, 0 = not looked up yet */
  guint digits = 2;
  guint index;
  gint cached;

  if (!g_ascii_isupper (code[0]) || !g_ascii_isupper (code[1]) ||
      !g_ascii_isupper (code[2]) || code[3] != '\0')
    return digits;
  index = ((guint) (code[0] - 'A') * 26 + (guint) (code[1] - 'A')) * 26 + (guint) (code[2] - 'A');
  cached = g_atomic_int_get (&cache[index]);
  if (cached > 0)
    return (guint) cached - 1;
  if (!pd_currency_lookup (code, &digits))
    digits = 2;
  g_atomic_int_set (&cache[index], (gint) digits + 1);
  return digits;
}

/* "CNY 1,500.00" */
static char *
format_money (char           buf[64],
              const PdMoney *money)
{
  guint digits = currency_digits (money->currency);
  char number[48];
  const char *grouped;
  gsize length;

  grouped = format_grouped (number, money->minor, digits);
  length = strlen (grouped);
  memcpy (buf, money->currency, 3);
  buf[3] = ' ';
  memcpy (buf + 4, grouped, length + 1);
  return buf;
}

/* "14 days left", "last day" */
static const char *
days_left_text (char     buf[128],
                PdRules *rules,
                gint64   as_of,
                gint64   deadline)
{
  const Texts *texts = get_texts ();
  gint64 days = pd_engine_days_left (rules, as_of, deadline);
  char number[24];
  const char *format;

  if (days <= 0)
    return texts->text[T_LAST_DAY];
  format = days < N_CACHED_DAYS ? texts->days_left[days] :
           g_dngettext (GETTEXT_PACKAGE, "%s day left", "%s days left", (gulong) days);
  return format_to (buf, 128, format,
                    (const char * const[]) { put_uint (number + sizeof number - 1, (guint64) days) }, 1,
                    NULL);
}

/* "DE, FR, IT": the listed countries that count, in the store's order. */
static const char *
countries_text (char           buf[128],
                const PdRules *rules,
                const char    *list)
{
  gsize len = 0;

  for (const char *p = list; p != NULL && *p != '\0';)
    {
      const char *end = strpbrk (p, ";|");
      gsize length = end != NULL ? (gsize) (end - p) : strlen (p);

      if (pd_rules_counts_country (rules, p, length) && len + 4 + length < 128)
        {
          if (len > 0)
            {
              buf[len++] = ',';
              buf[len++] = ' ';
            }
          memcpy (buf + len, p, length);
          len += length;
        }
      p = end != NULL ? end + 1 : p + length;
    }
  buf[len] = '\0';
  return len > 0 ? buf : get_texts ()->text[T_COUNTRIES_NONE];
}

static void
append_sales (GString              *out,
              PdRules              *rules,
              gint64                as_of,
              const PdEntryVerdict *v)
{
  const Texts *texts = get_texts ();
  const PdStoreInput *store = v->store;
  const PdConditionResult *r = &v->results[PD_CONDITION_SALES];
  PdMoney gmv = { 0, "CNY" };
  PdMoney gmv_cny = { 0, "CNY" };
  char gmv_text[160];
  char threshold_buf[48];
  const char *threshold;
  char cny[64];
  char original[64];
  char date[16];
  char days[128];

  if (r->reason == R_SALES_NOT_OPEN)
    {
      g_string_append (out, texts->text[T_SALES_NOT_OPEN]);
      return;
    }

  if (store->has_gmv && !(store->has_first_sale_at && store->first_sale_at > as_of))
    gmv = store->gmv;

  if (r->reason == R_SALES_NO_RATE)
    {
      FORMAT (out, texts->text[T_SALES_NO_RATE], format_money (original, &gmv), gmv.currency);
      return;
    }

  if (!pd_money_convert_to_cny_rounded (&gmv, &store->rate, &gmv_cny, NULL))
    gmv_cny = gmv;
  format_money (cny, &gmv_cny);
  if (strcmp (gmv.currency, "CNY") != 0)
    FORMAT_TO (gmv_text, texts->text[T_GMV_CONVERTED], cny, format_money (original, &gmv));
  else
    memcpy (gmv_text, cny, strlen (cny) + 1);
  threshold = format_grouped (threshold_buf, rules->sales_min_gmv.minor, 2);

  switch (r->state)
    {
    case PD_CONDITION_STATE_MET:
      FORMAT (out, texts->text[T_SALES_MET], gmv_text, threshold);
      break;
    case PD_CONDITION_STATE_UNMET:
      FORMAT (out, texts->text[T_SALES_UNMET], gmv_text, threshold,
              days_left_text (days, rules, as_of, r->deadline));
      break;
    case PD_CONDITION_STATE_FAILED:
    case PD_CONDITION_STATE_NOT_APPLICABLE:
    default:
      pd_rules_format_date (rules, r->deadline, date);
      FORMAT (out, texts->text[rules->sales_strictly_greater ? T_SALES_FAILED_STRICT : T_SALES_FAILED],
              gmv_text, threshold, date);
      break;
    }
}

const char *
pd_engine_peek_detail (const PdEntryVerdict *v,
                       PdCondition           condition)
{
  const Texts *texts = get_texts ();
  const PdConditionResult *r;

  g_return_val_if_fail (v != NULL && condition < PD_N_CONDITIONS, NULL);

  r = &v->results[condition];
  switch (r->reason)
    {
    case R_TARGET_APPROVED:
      return texts->text[T_TARGET_APPROVED];
    case R_TARGET_PENDING:
      return texts->text[T_TARGET_PENDING];
    case R_TARGET_REJECTED:
      return texts->text[T_TARGET_REJECTED];
    case R_TARGET_ABSENT:
      return r->state == PD_CONDITION_STATE_UNMET ? NULL : texts->text[T_TARGET_ABSENT_FAILED];
    case R_LINK_NONE:
      return texts->text[T_LINK_NONE];
    case R_SALES_NOT_OPEN:
      return texts->text[T_SALES_NOT_OPEN];
    case R_STATUS_ALLOWED:
    case R_STATUS_NOT_ALLOWED:
      return texts->status[v->store->status];
    case R_FIRST_STORE_YES:
      return texts->text[T_FIRST_STORE_YES];
    default:
      return NULL;
    }
}

void
pd_engine_append_detail (PdRules              *rules,
                         gint64                as_of,
                         const PdEntryVerdict *v,
                         PdCondition           condition,
                         GString              *out)
{
  const Texts *texts = get_texts ();
  const char * const *t = texts->text;
  const PdConditionResult *r;
  const PdStoreInput *store;
  gboolean unmet;
  char date[16];
  char days[128];
  char n1[24], n2[24];

  g_return_if_fail (rules != NULL && v != NULL && out != NULL);
  g_return_if_fail (condition < PD_N_CONDITIONS);

  r = &v->results[condition];
  store = v->store;
  unmet = r->state == PD_CONDITION_STATE_UNMET;

  switch (r->reason)
    {
    case R_TARGET_APPROVED:
      g_string_append (out, t[T_TARGET_APPROVED]);
      break;
    case R_TARGET_PENDING:
      g_string_append (out, t[T_TARGET_PENDING]);
      break;
    case R_TARGET_REJECTED:
      g_string_append (out, t[T_TARGET_REJECTED]);
      break;
    case R_TARGET_ABSENT:
      if (unmet)
        FORMAT (out, t[T_TARGET_ABSENT_UNMET], days_left_text (days, rules, as_of, r->deadline));
      else
        g_string_append (out, t[T_TARGET_ABSENT_FAILED]);
      break;
    case R_TARGET_LEFT:
      pd_rules_format_date (rules, v->seller->target.left_at, date);
      if (unmet)
        FORMAT (out, t[T_TARGET_LEFT_UNMET], date, days_left_text (days, rules, as_of, r->deadline));
      else
        FORMAT (out, t[T_TARGET_LEFT_FAILED], date);
      break;

    case R_LINK_OURS:
      FORMAT (out, t[T_LINK_OURS], store->via_token);
      break;
    case R_LINK_REVOKED_LATER:
      pd_rules_format_date (rules, store->link.revoked_at, date);
      FORMAT (out, t[T_LINK_REVOKED_LATER], store->via_token, date);
      break;
    case R_LINK_NONE:
      g_string_append (out, t[T_LINK_NONE]);
      break;
    case R_LINK_NOT_OURS:
      FORMAT (out, t[T_LINK_NOT_OURS], store->via_token);
      break;
    case R_LINK_AUTHORIZATION:
      FORMAT (out, t[T_LINK_AUTHORIZATION], store->via_token);
      break;
    case R_LINK_REVOKED_BEFORE:
      pd_rules_format_date (rules, store->link.revoked_at, date);
      FORMAT (out, t[T_LINK_REVOKED_BEFORE], store->via_token, date);
      break;
    case R_LINK_EXPIRED_BEFORE:
      pd_rules_format_date (rules, store->link.expires_at, date);
      FORMAT (out, t[T_LINK_EXPIRED_BEFORE], store->via_token, date);
      break;

    case R_ONBOARDED_IN_PERIOD:
      pd_rules_format_date (rules, store->onboarded_at, date);
      FORMAT (out, t[T_ONBOARDED_IN_PERIOD], date);
      break;
    case R_ONBOARDED_BEFORE:
      pd_rules_format_date (rules, store->onboarded_at, date);
      FORMAT (out, t[T_ONBOARDED_BEFORE], date, rules->period_start_date);
      break;
    case R_ONBOARDED_AFTER:
      pd_rules_format_date (rules, store->onboarded_at, date);
      FORMAT (out, t[T_ONBOARDED_AFTER], date, rules->period_end_date);
      break;
    case R_ONBOARDED_NOT_YET:
      if (unmet)
        FORMAT (out, t[T_ONBOARDED_NOT_YET], days_left_text (days, rules, as_of, r->deadline));
      else
        FORMAT (out, t[T_ONBOARDED_NEVER], rules->period_end_date);
      break;
    case R_ONBOARDED_LINK_EXPIRES:
      pd_rules_format_date (rules, r->deadline, date);
      FORMAT (out, t[T_ONBOARDED_LINK_EXPIRES], date, days_left_text (days, rules, as_of, r->deadline));
      break;
    case R_ONBOARDED_NO_LINK:
      {
        PdInvitationState invitation;

        pd_invitation_evaluate (v->seller, as_of, &invitation);
        if (invitation.last_undated)
          g_string_append (out, t[invitation.last_revoked ? T_ONBOARDED_LINKS_REVOKED_UNDATED
                                                          : T_ONBOARDED_LINKS_EXPIRED_UNDATED]);
        else
          {
            pd_rules_format_date (rules, invitation.last_dead_from, date);
            FORMAT (out, t[invitation.last_revoked ? T_ONBOARDED_LINKS_REVOKED : T_ONBOARDED_LINKS_EXPIRED], date);
          }
      }
      break;

    case R_SALES_GMV:
    case R_SALES_NO_RATE:
    case R_SALES_NOT_OPEN:
      append_sales (out, rules, as_of, v);
      break;

    case R_INVENTORY_NOT_REQUIRED:
      FORMAT (out, t[T_INVENTORY_NOT_REQUIRED], store->market != NULL ? store->market : "?");
      break;
    case R_INVENTORY_COUNTRIES:
      {
        char list[128];
        const char *countries = countries_text (list, rules, store->inventory_countries);
        const char *have = put_uint (n1 + sizeof n1 - 1, v->n_countries);
        const char *need = put_uint (n2 + sizeof n2 - 1, rules->inventory_min_countries);

        if (r->state == PD_CONDITION_STATE_MET)
          FORMAT (out, t[T_INVENTORY_MET], have, countries, need);
        else if (unmet)
          FORMAT (out, t[T_INVENTORY_UNMET], have, need, countries,
                  days_left_text (days, rules, as_of, r->deadline));
        else
          FORMAT (out, t[T_INVENTORY_FAILED], have, need, countries);
      }
      break;

    case R_STATUS_ALLOWED:
    case R_STATUS_NOT_ALLOWED:
      g_string_append (out, texts->status[store->status]);
      break;
    case R_STATUS_HIGH_RISK:
      if (store->governance_reason != NULL && *store->governance_reason != '\0')
        FORMAT (out, t[T_HIGH_RISK_REASON], store->governance_reason);
      else
        g_string_append (out, t[T_HIGH_RISK]);
      break;

    case R_FIRST_STORE_YES:
      g_string_append (out, t[T_FIRST_STORE_YES]);
      break;
    case R_FIRST_STORE_NO:
      FORMAT (out, t[T_FIRST_STORE_NO], v->first_store != NULL ? v->first_store->store_id : "?");
      break;

    case R_NONE:
    default:
      break;
    }
}

char *
pd_engine_dup_detail (PdRules              *rules,
                      gint64                as_of,
                      const PdEntryVerdict *verdict,
                      PdCondition           condition)
{
  GString *out = g_string_new (NULL);

  pd_engine_append_detail (rules, as_of, verdict, condition, out);
  return g_string_free (out, FALSE);
}
