/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-authorizations"

/* The Authorizations page's reads and its expiry notifications' memory
 * (issue 12): the 15-day and 3-day windows at their exact boundary
 * instants in the user's zone (Shanghai, New York across a DST change,
 * UTC), a renewal taking an authorization out of them, each notice once
 * per expiry, a restart (a store opened again) remembering them, and the
 * paged reads agreeing with the whole list. */

#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "pd-change-applier.h"
#include "pd-store-authorizations.h"
#include "pd-store-links.h"
#include "pd-store-overview.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"

typedef struct
{
  char    *dir;
  char    *path;
  PdStore *store;
} Fixture;

static void
exec_ok (PdStore    *store,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  pd_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
set_zone (Fixture    *f,
          const char *zone)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_set_setting (f->store, "import_timezone", zone, &error));
  g_assert_no_error (error);
}

static void
add_authorization (Fixture    *f,
                   const char *id,
                   const char *state,
                   gint64      expires_at,
                   const char *renewal_of)
{
  g_autofree char *sql =
    g_strdup_printf ("INSERT INTO authorizations (id, state, seller_id, service_id, shop_ids,"
                     " starts_at, expires_at, renewal_of) VALUES ('%s', '%s', '7001', 's-1',"
                     " '[\"SH1\"]', 0, %" G_GINT64_FORMAT ", %s%s%s)",
                     id, state, expires_at, renewal_of ? "'" : "", renewal_of ? renewal_of : "NULL",
                     renewal_of ? "'" : "");

  exec_ok (f->store, sql);
}

/* The ids of the due notices, each as "ID:WINDOW", comma-joined. */
static char *
due (Fixture *f,
     gint64   now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = pd_store_due_authorization_notices (f->store, now, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      PdAuthorizationNotice *n = g_ptr_array_index (list, i);

      g_string_append_printf (text, "%s%s:%d", i > 0 ? "," : "", n->authorization_id, n->window_days);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
mark_all (Fixture *f,
          gint64   now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = pd_store_due_authorization_notices (f->store, now, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      PdAuthorizationNotice *n = g_ptr_array_index (list, i);

      g_assert_true (pd_store_mark_authorization_notice (f->store, n->authorization_id, n->expires_at,
                                                         n->window_days, now, &error));
      g_assert_no_error (error);
    }
}

static guint
count_expiring (Fixture *f,
                gint64   now,
                int      days)
{
  g_autoptr(GError) error = NULL;
  guint n = G_MAXUINT;

  g_assert_true (pd_store_count_authorizations (f->store, now, days, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* In @zone_name, one authorization expiring at the last second of the
 * 15th day after @today and one at the first second of the 16th; then
 * the same around the 3rd/4th day. The boundaries are the zone's
 * midnights, not UTC's. */
static void
check_boundaries (Fixture    *f,
                  const char *zone_name,
                  int         y,
                  int         m,
                  int         d)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_name);
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) d4 = NULL;
  g_autoptr(GDateTime) d16 = NULL;
  gint64 now, start4, start16;
  g_autofree char *text = NULL;

  g_assert_nonnull (zone);
  set_zone (f, zone_name);
  exec_ok (f->store, "DELETE FROM authorizations; DELETE FROM authorization_notices;");
  today = g_date_time_new (zone, y, m, d, 0, 0, 0);
  d4 = g_date_time_add_days (today, 4);
  d16 = g_date_time_add_days (today, 16);
  start4 = pd_timestamp_day_start (g_date_time_get_year (d4), g_date_time_get_month (d4),
                                   g_date_time_get_day_of_month (d4), zone);
  start16 = pd_timestamp_day_start (g_date_time_get_year (d16), g_date_time_get_month (d16),
                                    g_date_time_get_day_of_month (d16), zone);
  /* now: the last second of today */
  now = pd_timestamp_day_end (y, m, d, zone);
  g_assert_cmpint (pd_authorization_window_end (now, 15, zone), ==, start16);
  g_assert_cmpint (pd_authorization_window_end (now, 3, zone), ==, start4);

  add_authorization (f, "A-15-last", "active", start16 - 1, NULL);
  add_authorization (f, "A-16-first", "active", start16, NULL);
  add_authorization (f, "A-3-last", "active", start4 - 1, NULL);
  add_authorization (f, "A-4-first", "active", start4, NULL);
  add_authorization (f, "A-now", "active", now, NULL);
  add_authorization (f, "A-gone", "active", now - 1, NULL);

  g_assert_cmpuint (count_expiring (f, now, 15), ==, 4);
  g_assert_cmpuint (count_expiring (f, now, 3), ==, 2);
  text = due (f, now);
  g_assert_cmpstr (text, ==, "A-now:3,A-3-last:3,A-4-first:15,A-15-last:15");
  g_clear_pointer (&text, g_free);

  /* One second later it is tomorrow: A-16-first enters the 15-day
   * window and A-4-first the 3-day one; A-now has expired. */
  mark_all (f, now);
  text = due (f, now + 1);
  g_assert_cmpstr (text, ==, "A-4-first:3,A-16-first:15");
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (count_expiring (f, now + 1, 15), ==, 4);
}

static void
test_boundaries (Fixture       *f,
                 gconstpointer  data)
{
  check_boundaries (f, "Asia/Shanghai", 2026, 3, 10);
  /* New York: 2026-03-08 is the spring change (a 23-hour day) and lies
   * inside the window from 2026-03-01. */
  check_boundaries (f, "America/New_York", 2026, 3, 1);
  check_boundaries (f, "UTC", 2026, 12, 20);
}

/* The same instant is on different days in different zones: an
 * authorization expiring at 2026-03-26 02:00 UTC is on the 26th in UTC
 * (16 days after the 10th: out) and on the 26th 10:00 in Shanghai too,
 * but on the 25th 22:00 in New York (15 days: in). */
static void
test_zone_decides (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 now = pd_timestamp_day_start (2026, 3, 10, utc) + 12 * 3600;
  gint64 expires = pd_timestamp_day_start (2026, 3, 26, utc) + 2 * 3600;

  add_authorization (f, "A-1", "active", expires, NULL);
  set_zone (f, "UTC");
  g_assert_cmpuint (count_expiring (f, now, 15), ==, 0);
  set_zone (f, "Asia/Shanghai");
  g_assert_cmpuint (count_expiring (f, now, 15), ==, 0);
  set_zone (f, "America/New_York");
  g_assert_cmpuint (count_expiring (f, now, 15), ==, 1);
}

/* Each notice once; restart (the store opened again) remembers; a
 * renewal, a cancellation or an unlimited authorization needs none; a
 * new expiry time (the platform extended it) is announced again. */
static void
test_notice_memory (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GError) error = NULL;
  gint64 now = pd_timestamp_day_start (2026, 3, 10, zone) + 9 * 3600;
  gint64 in10 = pd_timestamp_day_start (2026, 3, 20, zone) + 9 * 3600;
  g_autofree char *text = NULL;

  add_authorization (f, "A-10", "active", in10, NULL);
  add_authorization (f, "A-renewed", "active", in10 + 60, NULL);
  add_authorization (f, "A-new", "active", in10 + 86400 * 365, "A-renewed");
  add_authorization (f, "A-canceled", "canceled", in10, NULL);
  exec_ok (f->store,
           "INSERT INTO authorizations (id, state, seller_id, service_id, starts_at)"
           " VALUES ('A-unlimited', 'active', '7001', 's-1', 0)");

  text = due (f, now);
  g_assert_cmpstr (text, ==, "A-10:15");
  g_clear_pointer (&text, g_free);
  mark_all (f, now);
  text = due (f, now);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* A restart: the memory is in the file. */
  g_clear_object (&f->store);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
  text = due (f, now + 86400);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* Seven days later: 3 days left, the second notice, once. */
  text = due (f, now + 7 * 86400);
  g_assert_cmpstr (text, ==, "A-10:3");
  g_clear_pointer (&text, g_free);
  mark_all (f, now + 7 * 86400);
  text = due (f, now + 8 * 86400);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* Extended by 30 days: a new expiry, announced anew at 15 days. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE authorizations SET expires_at = %" G_GINT64_FORMAT
                                            " WHERE id = 'A-10'", in10 + 30 * 86400);

    exec_ok (f->store, sql);
  }
  text = due (f, now + 8 * 86400);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  text = due (f, now + 25 * 86400);
  g_assert_cmpstr (text, ==, "A-10:15");
  g_clear_pointer (&text, g_free);

  /* A window other than 15 or 3 is refused. */
  g_assert_false (pd_store_mark_authorization_notice (f->store, "A-10", in10, 7, now, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
}

/* One first seen at 2 days left gets the 3-day notice only, and marking
 * it covers the 15-day one. */
static void
test_late_first_sight (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Shanghai");
  gint64 now = pd_timestamp_day_start (2026, 3, 10, zone) + 9 * 3600;
  g_autofree char *text = NULL;

  add_authorization (f, "A-2", "active", now + 2 * 86400, NULL);
  text = due (f, now);
  g_assert_cmpstr (text, ==, "A-2:3");
  g_clear_pointer (&text, g_free);
  mark_all (f, now);
  text = due (f, now + 3600);
  g_assert_cmpstr (text, ==, "");
}

/* Pages, positions and names: the paged reads and the finder agree with
 * the whole list; the service's and the merchant's names come along. */
static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 now = pd_timestamp_day_start (2026, 3, 10, zone) + 9 * 3600;
  guint n = 0, position = 0;

  for (int i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("A-%02d", i);

      add_authorization (f, id, i % 5 == 0 ? "completed" : "active", now + (i % 20) * 86400 + 7, NULL);
    }
  exec_ok (f->store,
           "INSERT INTO authorizations (id, state, seller_id, service_id, starts_at)"
           " VALUES ('A-unlimited', 'active', '7002', 's-1', 0);"
           "INSERT INTO programs (id, name, kind, timezone, period_start, period_end, markets, json,"
           " source, updated_at) VALUES ('p1', 'P', 'recruitment', 'UTC', '2026-01-01', '2026-03-31',"
           " 'UK', '{}', 'import', 0);"
           "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, listed_at)"
           " VALUES ('p1', '7001', 'Lumen Home', 'UK', 0);");

  all = pd_store_list_authorizations (f->store, now, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 41);
  g_assert_true (pd_store_count_authorizations (f->store, now, -1, &n, &error));
  g_assert_cmpuint (n, ==, 41);
  /* The 32 active ones first, then the unlimited one, then the 8
   * completed ones, most recently ended first. */
  g_assert_cmpstr (((PdAuthorizationRow *) all->pdata[32])->id, ==, "A-unlimited");
  g_assert_null (((PdAuthorizationRow *) all->pdata[32])->seller_name);
  g_assert_cmpstr (((PdAuthorizationRow *) all->pdata[33])->id, ==, "A-35");
  g_assert_cmpstr (((PdAuthorizationRow *) all->pdata[40])->id, ==, "A-00");
  g_assert_cmpstr (((PdAuthorizationRow *) all->pdata[0])->seller_name, ==, "Lumen Home");
  g_assert_cmpstr (((PdAuthorizationRow *) all->pdata[0])->service_name, ==, "Store ops");

  for (guint offset = 0; offset < all->len; offset += 16)
    {
      g_autoptr(GPtrArray) page = pd_store_read_authorizations (f->store, now, -1, offset, 16, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        {
          PdAuthorizationRow *row = page->pdata[i];

          g_assert_cmpstr (row->id, ==, ((PdAuthorizationRow *) all->pdata[offset + i])->id);
          g_assert_true (pd_store_find_authorization (f->store, now, -1, row->id, &position, &error));
          g_assert_cmpuint (position, ==, offset + i);
        }
    }

  /* In the expiring list: A-05 is completed, so absent; A-01 is the
   * first (A-00 and A-20 are completed; A-21 expires with A-01). */
  g_assert_false (pd_store_find_authorization (f->store, now, 15, "A-05", &position, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_find_authorization (f->store, now, 15, "A-01", &position, &error));
  g_assert_cmpuint (position, ==, 0);
  g_assert_false (pd_store_find_authorization (f->store, now, -1, "A-none", &position, &error));
  g_assert_no_error (error);
}

/* The ids of the whole list, comma-joined. */
static char *
order (Fixture *f,
       gint64   now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = pd_store_list_authorizations (f->store, now, -1, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "," : "",
                            ((PdAuthorizationRow *) list->pdata[i])->id);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Review of issue 12: the active ones that expire soonest come first
 * (unlimited last among them), then the ended ones, most recently ended
 * first, whether they ended by their state or by running out; every
 * page and position agree with that order, which moves as time passes. */
static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = 1773100000;
  g_autofree char *text = NULL;
  guint position = G_MAXUINT;

  set_zone (f, "Asia/Shanghai");
  add_authorization (f, "later", "active", now + 20 * 86400, NULL);
  add_authorization (f, "expired-9d", "active", now - 9 * 86400, NULL);
  add_authorization (f, "soon", "active", now + 2 * 86400, NULL);
  add_authorization (f, "closed-old", "closed", now - 5 * 86400, NULL);
  add_authorization (f, "expired-1d", "active", now - 86400, NULL);
  add_authorization (f, "canceled-now", "canceled", now + 30 * 86400, NULL);
  /* Without an expiry, the start stands for the end. */
  exec_ok (f->store,
           "INSERT INTO authorizations (id, state, seller_id, service_id, starts_at) VALUES"
           " ('unlimited', 'active', '7001', 's-1', 0),"
           " ('canceled-unlimited', 'canceled', '7001', 's-1', 1772400000);");

  text = order (f, now);
  g_assert_cmpstr (text, ==, "soon,later,unlimited,canceled-now,expired-1d,closed-old,"
                             "canceled-unlimited,expired-9d");
  g_clear_pointer (&text, g_free);

  /* Paged one and three at a time, and found where they are listed. */
  for (guint size = 1; size <= 3; size += 2)
    for (guint offset = 0; offset < 8; offset += size)
      {
        g_autoptr(GPtrArray) page = pd_store_read_authorizations (f->store, now, -1, offset, size, &error);
        g_autofree char *all = order (f, now);
        g_auto(GStrv) expected = g_strsplit (all, ",", -1);

        g_assert_no_error (error);
        g_assert_cmpuint (page->len, ==, MIN (size, 8 - offset));
        for (guint i = 0; i < page->len; i++)
          g_assert_cmpstr (((PdAuthorizationRow *) page->pdata[i])->id, ==, expected[offset + i]);
      }
  {
    const char *listed[] = { "soon", "later", "unlimited", "canceled-now", "expired-1d",
                             "closed-old", "canceled-unlimited", "expired-9d" };

    for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
      {
        g_assert_true (pd_store_find_authorization (f->store, now, -1, listed[i], &position, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (position, ==, i);
      }
  }

  /* Three days on, "soon" has run out and leads the ended ones. */
  text = order (f, now + 3 * 86400);
  g_assert_cmpstr (text, ==, "later,unlimited,canceled-now,soon,expired-1d,closed-old,"
                             "canceled-unlimited,expired-9d");
}

/* The Overview's "Authorizations Expiring Soon" leaves out the ones a
 * newer authorization renews, as the page's expiring list does. */
static void
test_overview_leaves_out_renewed (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) overview = NULL;
  gint64 now = 1773100000;

  set_zone (f, "Asia/Shanghai");
  add_authorization (f, "A-old", "active", now + 2 * 86400, NULL);
  add_authorization (f, "A-new", "active", now + 400 * 86400, "A-old");
  add_authorization (f, "A-other", "active", now + 3 * 86400, NULL);

  overview = pd_store_list_expiring_authorizations (f->store, now + 30 * 86400, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overview->len, ==, 1);
  g_assert_cmpstr (((PdExpiringAuthorization *) overview->pdata[0])->id, ==, "A-other");
  g_assert_cmpuint (count_expiring (f, now, 30), ==, 1);
}

/* A link as sync brings it, through the applier the sync client uses. */
static void
apply_synced_link (Fixture    *f,
                   const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(PdChangeApplier) applier = pd_change_applier_new (f->store);
  g_autoptr(PdDecodedChange) change = NULL;
  PdJsonDoc *doc;
  gboolean applied = FALSE;

  doc = pd_json_doc_parse ("test", body, &error);
  g_assert_no_error (error);
  change = pd_decoded_change_new_from_object (doc, "link", pd_json_doc_get_root (doc), "test", &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_begin (f->store, &error));
  g_assert_true (pd_change_applier_begin (applier, &error));
  g_assert_true (pd_change_applier_apply (applier, change, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
  g_assert_true (pd_store_commit (f->store, &error));
  pd_json_doc_unref (doc);
}

static char *
renewal_url (Fixture    *f,
             const char *id,
             gint64      now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAuthorizationRow) row = pd_store_get_authorization (f->store, id, now, &error);

  g_assert_no_error (error);
  return g_strdup (row->renewal_url);
}

/* Review of issue 12: the renewal link made for an authorization is
 * remembered across a restart, kept when the platform's link object
 * comes back without renewal_of, taken from it when it has one, and
 * forgotten once the seller cannot use it (used, or expired). */
static void
test_renewal_link_memory (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autofree char *sql = NULL;
  PdAuthorizationLinkRequest request = { .renewal_of = "A-1" };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  set_zone (f, "Asia/Shanghai");
  add_authorization (f, "A-1", "active", now + 5 * 86400, NULL);
  add_authorization (f, "A-2", "active", now + 6 * 86400, NULL);
  url = renewal_url (f, "A-1", now);
  g_assert_null (url);

  g_assert_true (pd_store_authorization_link (f->store, &request, &link, &error));
  g_assert_no_error (error);
  g_assert_nonnull (link->url);
  url = renewal_url (f, "A-1", now);
  g_assert_cmpstr (url, ==, link->url);
  g_clear_pointer (&url, g_free);
  url = renewal_url (f, "A-2", now);
  g_assert_null (url);

  /* A restart. */
  g_clear_object (&f->store);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
  url = renewal_url (f, "A-1", now);
  g_assert_cmpstr (url, ==, link->url);
  g_clear_pointer (&url, g_free);

  /* The platform's object, without renewal_of: the local value stays. */
  json = g_strdup_printf ("{\"token\": \"%s\", \"kind\": \"authorization\", \"url\": \"%s\","
                          " \"state\": \"active\", \"created_at\": \"2026-03-10T10:00:00+08:00\","
                          " \"service_id\": \"s-1\", \"seller_id\": \"7001\", \"version\": 5}",
                          link->token, link->url);
  apply_synced_link (f, json);
  url = renewal_url (f, "A-1", now);
  g_assert_cmpstr (url, ==, link->url);
  g_clear_pointer (&url, g_free);

  /* A link the platform made for A-2, renewal_of and all. */
  apply_synced_link (f, "{\"token\": \"pltok0000000000000000000002\", \"kind\": \"authorization\","
                        " \"url\": \"https://services.tiktokshop.com/open/authorize?state=x2\","
                        " \"state\": \"active\", \"created_at\": \"2026-03-10T10:00:00+08:00\","
                        " \"service_id\": \"s-1\", \"renewal_of\": \"A-2\", \"version\": 1}");
  url = renewal_url (f, "A-2", now);
  g_assert_cmpstr (url, ==, "https://services.tiktokshop.com/open/authorize?state=x2");
  g_clear_pointer (&url, g_free);

  /* Used, or past its expiry: no longer offered. */
  exec_ok (f->store, "UPDATE links SET state = 'used', used_at = 1 WHERE renewal_of = 'A-2'");
  url = renewal_url (f, "A-2", now);
  g_assert_null (url);
  sql = g_strdup_printf ("UPDATE links SET expires_at = %" G_GINT64_FORMAT " WHERE renewal_of = 'A-1'",
                         now + 60);
  exec_ok (f->store, sql);
  url = renewal_url (f, "A-1", now);
  g_assert_nonnull (url);
  g_clear_pointer (&url, g_free);
  url = renewal_url (f, "A-1", now + 61);
  g_assert_null (url);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pd-test-store-authorizations-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
  exec_ok (f->store,
           "INSERT INTO services (id, category_id, name, type, version)"
           " VALUES ('s-1', 'c-1', 'Store ops', 'public', 1);");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_remove (f->path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/store-authorizations/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("boundaries", test_boundaries);
  ADD ("zone-decides", test_zone_decides);
  ADD ("notice-memory", test_notice_memory);
  ADD ("late-first-sight", test_late_first_sight);
  ADD ("pages", test_pages);
  ADD ("order", test_order);
  ADD ("overview-leaves-out-renewed", test_overview_leaves_out_renewed);
  ADD ("renewal-link-memory", test_renewal_link_memory);
#undef ADD

  return g_test_run ();
}
