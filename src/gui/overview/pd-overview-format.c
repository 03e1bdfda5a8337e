/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-merchant-format.h"
#include "pd-overview-format.h"
#include "pd-store-overview.h"
#include "pd-time-zone.h"

/* Badges turn red this many days before a deadline. */
#define CRITICAL_DAYS 2

char *
pd_overview_format_time (PdRules        *rules,
                         gint64          unix_seconds,
                         PdOverviewTime  what)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  /* The zone beside the time: one helper for every screen. */
  if (what == PD_OVERVIEW_TIME_ZONED)
    return pd_time_zone_format (rules->timezone, unix_seconds, TRUE);

  utc = g_date_time_new_from_unix_utc (unix_seconds);
  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_timezone (utc, rules->timezone);
  return g_date_time_format (local, what != PD_OVERVIEW_TIME_DATE ? "%Y-%m-%d %H:%M" : "%Y-%m-%d");
}

static char *
format_days_left (gint64      days,
                  const char *past)
{
  if (days < 0)
    return g_strdup (past);
  if (days == 0)
    return g_strdup (_("Today"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", (gulong) days),
                          (int) MIN (days, G_MAXINT));
}

char *
pd_overview_format_percent (gint64 ppb)
{
  gint64 tenths = (ppb + 500000) / 1000000;
  g_autofree char *number = tenths % 10 == 0 ?
    g_strdup_printf ("%" G_GINT64_FORMAT, tenths / 10) :
    g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, tenths / 10, tenths % 10);

  /* Translators: a percentage, such as "62.3%". */
  return g_strdup_printf (_("%s%%"), number);
}

/* The engine's details start in lower case ("not onboarded yet, 6 days
 * left"): as a line of their own, they start with a capital. */
static char *
capitalize (const char *text)
{
  gunichar first;
  char buf[8];
  int n;

  if (text == NULL || *text == '\0')
    return g_strdup (text);
  first = g_utf8_get_char (text);
  n = g_unichar_to_utf8 (g_unichar_totitle (first), buf);
  buf[n] = '\0';
  return g_strconcat (buf, g_utf8_next_char (text), NULL);
}

/* The title of a row about a seller: its name, else its id. */
static char *
seller_title (const char *seller_id,
              const char *seller_name)
{
  if (seller_name != NULL)
    return g_strdup (seller_name);
  return g_strdup_printf (_("Seller %s"), seller_id);
}

/* Joins the parts that are not NULL with " · ". */
static char *
join_parts (const char *a,
            const char *b,
            const char *c)
{
  const char *parts[] = { a, b, c };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, parts[i]);
    }
  return g_string_free (text, FALSE);
}

char *
pd_overview_format_count (gint64 count)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, count < 0 ? -count : count);
  GString *text = g_string_new (count < 0 ? "-" : NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

PdOverviewItem *
pd_overview_at_risk_item (gpointer user_data,
                          guint    position)
{
  PdOverviewSnapshot *snapshot = user_data;
  GArray *at_risk = pd_projection_get_at_risk (snapshot->projection);
  const PdAtRisk *risk = &g_array_index (at_risk, PdAtRisk, position);
  const char *name = pd_overview_snapshot_get_name (snapshot, risk->seller_id);
  gint64 days = pd_engine_days_left (snapshot->rules, snapshot->as_of, risk->deadline);
  g_autofree char *title = seller_title (risk->seller_id, name);
  g_autofree char *deadline = pd_overview_format_time (snapshot->rules, risk->deadline, PD_OVERVIEW_TIME_ZONED);
  g_autofree char *store = risk->store_id != NULL ? g_strdup_printf (_("Store %s"), risk->store_id)
                                                  : g_strdup (_("No store yet"));
  g_autofree char *deadline_text = g_strdup_printf (_("Deadline %s"), deadline);
  g_autofree char *subtitle = join_parts (name != NULL ? risk->seller_id : NULL, store,
                                          deadline_text);
  g_autofree char *badge = format_days_left (days, _("Overdue"));
  g_autofree char *detail = NULL;

  PdOverviewItem *item;

  detail = capitalize (risk->detail);
  /* Where the figures deciding it came from, when the platform gave them. */
  if (risk->store_id != NULL && snapshot->readings != NULL)
    {
      const PdOpenApiReading *reading = g_hash_table_lookup (snapshot->readings, risk->store_id);
      g_autofree char *source = reading != NULL ? pd_merchant_format_reading (reading, snapshot->now) : NULL;

      if (source != NULL && *source != '\0')
        {
          char *joined = g_strconcat (detail != NULL ? detail : "", detail != NULL ? "\n" : "", source, NULL);

          g_free (detail);
          detail = joined;
        }
    }
  item = pd_overview_item_new (title, subtitle, detail, badge,
                               days <= CRITICAL_DAYS ? PD_OVERVIEW_URGENCY_CRITICAL
                                                     : PD_OVERVIEW_URGENCY_WARNING);
  pd_overview_item_set_action (item, _("Open Checklist"), "win.show-merchant",
                               g_variant_new ("(ss)", snapshot->rules->program_id, risk->seller_id));
  return item;
}

PdOverviewItem *
pd_overview_benefit_item (gpointer user_data,
                          guint    position)
{
  PdOverviewSnapshot *snapshot = user_data;
  const PdOverviewBenefit *b = &g_array_index (snapshot->benefits, PdOverviewBenefit, position);
  g_autofree char *title = seller_title (b->seller_id, b->seller_name);
  g_autofree char *store = b->store_id != NULL ? g_strdup_printf (_("Store %s"), b->store_id) : NULL;
  g_autofree char *joined = NULL;
  g_autofree char *ends = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *badge = NULL;
  PdOverviewUrgency urgency = PD_OVERVIEW_URGENCY_NONE;

  if (b->state != PD_BENEFIT_NOT_JOINED)
    {
      g_autofree char *date = pd_overview_format_time (snapshot->rules, b->joined_at, PD_OVERVIEW_TIME_DATE);

      joined = g_strdup_printf (_("Joined %s"), date);
      ends = pd_overview_format_time (snapshot->rules, b->ends_at, PD_OVERVIEW_TIME_ZONED);
    }
  subtitle = join_parts (b->seller_name != NULL ? b->seller_id : NULL, store, joined);

  switch (b->state)
    {
    case PD_BENEFIT_ACTIVE:
      detail = g_strdup_printf (_("The benefit window ends %s"), ends);
      badge = format_days_left (b->days_left, _("Ended"));
      urgency = b->days_left <= CRITICAL_DAYS ? PD_OVERVIEW_URGENCY_CRITICAL :
                b->days_left <= PD_AT_RISK_DAYS ? PD_OVERVIEW_URGENCY_WARNING :
                PD_OVERVIEW_URGENCY_NORMAL;
      break;
    case PD_BENEFIT_ENDED:
      detail = g_strdup_printf (_("The benefit window ended %s"), ends);
      badge = g_strdup (_("Ended"));
      break;
    case PD_BENEFIT_NOT_JOINED:
      detail = g_strdup (_("No store in the program’s markets yet: the window starts when the merchant joins"));
      badge = g_strdup (_("Not joined"));
      break;
    case PD_BENEFIT_NOT_ELIGIBLE:
    default:
      detail = g_strdup (_("Joined outside the program’s period: no benefit window"));
      badge = g_strdup (_("Not eligible"));
      break;
    }

  return pd_overview_item_new (title, subtitle, detail, badge, urgency);
}

PdOverviewItem *
pd_overview_authorization_item (gpointer user_data,
                                guint    position)
{
  PdOverviewSnapshot *snapshot = user_data;
  const PdExpiringAuthorization *a = g_ptr_array_index (snapshot->authorizations, position);
  gint64 days = pd_engine_days_left (snapshot->rules, snapshot->as_of, a->expires_at);
  g_autofree char *title = seller_title (a->seller_id, a->seller_name);
  g_autofree char *service = g_strdup_printf (_("Service: %s"),
                                              a->service_name != NULL ? a->service_name : a->service_id);
  g_autofree char *subtitle = join_parts (a->seller_name != NULL ? a->seller_id : NULL, service, NULL);
  g_autofree char *expires = pd_overview_format_time (snapshot->rules, a->expires_at, PD_OVERVIEW_TIME_ZONED);
  g_autofree char *detail = g_strdup_printf (a->expires_at < snapshot->as_of ? _("Expired %s") : _("Expires %s"),
                                             expires);
  g_autofree char *badge = format_days_left (days, _("Expired"));

  return pd_overview_item_new (title, subtitle, detail, badge,
                               days <= CRITICAL_DAYS ? PD_OVERVIEW_URGENCY_CRITICAL :
                               days <= PD_AT_RISK_DAYS ? PD_OVERVIEW_URGENCY_WARNING :
                               PD_OVERVIEW_URGENCY_NORMAL);
}

PdOverviewItem *
pd_overview_payout_item (gpointer user_data,
                         guint    position)
{
  PdOverviewSnapshot *snapshot = user_data;
  const PdPayoutRecord *p = g_ptr_array_index (snapshot->payouts, position);
  gboolean withheld = p->status == PD_PAYOUT_STATUS_WITHHELD;
  g_autofree char *title = pd_money_format_display (&p->amount);
  /* Translators: a payout record's quarter and id, "Quarter 2026Q1 · PO-2026Q1-01". */
  g_autofree char *subtitle = g_strdup_printf (_("Quarter %s · %s"), p->quarter, p->id);
  g_autofree char *when = p->has_paid_at ? pd_overview_format_time (snapshot->rules, p->paid_at, PD_OVERVIEW_TIME_ZONED) : NULL;
  g_autofree char *detail = NULL;

  if (withheld)
    detail = when != NULL ?
      /* Translators: a withheld payout, "Withheld 2026-06-18 10:00: counts zero". */
      g_strdup_printf (_("Withheld %s: counts zero for the quarter"), when) :
      g_strdup (_("Withheld: counts zero for the quarter"));
  else
    detail = when != NULL ? g_strdup_printf (_("Paid %s"), when) : g_strdup (_("Paid; the platform gave no date"));

  return pd_overview_item_new (title, subtitle, detail, pd_payout_status_to_display (p->status),
                               withheld ? PD_OVERVIEW_URGENCY_WARNING : PD_OVERVIEW_URGENCY_NORMAL);
}

/* @text, then "; " and @part when @n is not 0: takes @text. */
static char *
append_source (char       *text,
               guint       n,
               const char *part)
{
  char *joined;

  if (n == 0)
    return text;
  /* Translators: the sources of the stores' GMV, one after the other:
   * "GMV of 12 stores from the platform, last read 2 hours ago; 30 from imported reports". */
  joined = g_strdup_printf (_("%s; %s"), text, part);
  g_free (text);
  return joined;
}

char *
pd_overview_sources_summary (PdOverviewSnapshot *snapshot)
{
  const PdOpenApiSources *sources = &snapshot->sources;
  g_autofree char *count = NULL;
  g_autofree char *ago = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *synced = NULL;
  char *text;

  if (sources->n_platform == 0)
    return NULL;
  count = pd_overview_format_count (sources->n_platform);
  ago = pd_merchant_format_ago (sources->platform_read_at, snapshot->now);
  /* Translators: "GMV of 12 stores from the platform, last read 2 hours ago". */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "GMV of %s store from the platform, last read %s",
                                       "GMV of %s stores from the platform, last read %s",
                                       sources->n_platform),
                          count, ago);
  g_free (count);
  count = pd_overview_format_count (sources->n_imported);
  /* Translators: follows "GMV of 12 stores from the platform, …". */
  imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s from imported reports",
                                           "%s from imported reports", sources->n_imported), count);
  g_free (count);
  count = pd_overview_format_count (sources->n_synced);
  /* Translators: follows "GMV of 12 stores from the platform, …": the stores the Partner Center's sync sent. */
  synced = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s from the partner sync",
                                         "%s from the partner sync", sources->n_synced), count);
  text = append_source (text, sources->n_imported, imported);
  return append_source (text, sources->n_synced, synced);
}

char *
pd_overview_payouts_summary (PdOverviewSnapshot *snapshot)
{
  const PdPayoutRecord *first;
  PdMoney paid = { 0 }, withheld = { 0 };
  g_autofree char *paid_text = NULL;
  g_autofree char *withheld_text = NULL;

  if (snapshot->payouts == NULL || snapshot->payouts->len == 0)
    return NULL;
  first = g_ptr_array_index (snapshot->payouts, 0);
  memcpy (paid.currency, first->amount.currency, sizeof paid.currency);
  memcpy (withheld.currency, first->amount.currency, sizeof withheld.currency);
  for (guint i = 0; i < snapshot->payouts->len; i++)
    {
      const PdPayoutRecord *p = g_ptr_array_index (snapshot->payouts, i);
      PdMoney *sum = p->status == PD_PAYOUT_STATUS_WITHHELD ? &withheld : &paid;

      /* Sums in one currency only; the rows show every amount anyway. */
      if (strcmp (p->amount.currency, first->amount.currency) != 0 ||
          __builtin_add_overflow (sum->minor, p->amount.minor, &sum->minor))
        return NULL;
    }
  paid_text = pd_money_format_display (&paid);
  withheld_text = pd_money_format_display (&withheld);
  /* Translators: the platform's payout records of a program, summed. */
  return g_strdup_printf (_("The platform paid %s and withheld %s (a withheld payout counts zero)"),
                          paid_text, withheld_text);
}
