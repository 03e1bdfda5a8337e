/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-services"

/* Categories, services, seller requests and authorizations in the store
 * (issue 12): every request transition of domain.md allowed and refused,
 * category apply/withdraw by state, services validated (money never a
 * float), expiry windows at their day boundaries in the user's zone. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-outbox.h"
#include "pd-store-authorizations.h"
#include "pd-store-private.h"
#include "pd-store-requests.h"
#include "pd-store-services.h"
#include "pd-timestamp.h"

typedef struct
{
  char    *dir;
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

static gint64
query_int (PdStore    *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (PdStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_setenv ("USER", "tester", TRUE);
  f->dir = g_dir_make_tmp ("pd-test-store-services-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (path, &error);
  g_assert_no_error (error);
  exec_ok (f->store,
           "INSERT INTO service_categories (id, name, state, version) VALUES"
           " ('c-not_listed', 'Ads', 'not_listed', 1), ('c-in_review', 'KOL', 'in_review', 1),"
           " ('c-approved', 'Ops', 'approved', 1), ('c-rejected', 'ERP', 'rejected', 1),"
           " ('c-suspended', 'Logistics', 'suspended', 1);"
           "INSERT INTO services (id, category_id, name, type, description, price, currency, version)"
           " VALUES ('s-1', 'c-approved', 'Store ops', 'public', 'Daily ops', 99900, 'USD', 3);");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static void
insert_request (PdStore               *store,
                const char            *id,
                PdSellerRequestStatus  status,
                gint64                 version)
{
  g_autofree char *sql =
    g_strdup_printf ("INSERT INTO seller_requests (id, status, request_type, currency,"
                     "  monthly_budget, contact_name, contact_email, created_at, updated_at, version)"
                     " VALUES ('%s', '%s', 'select_partners', 'USD', 150000, 'Li Na',"
                     "  'li@example.com', 100, 100, %" G_GINT64_FORMAT ")",
                     id, pd_seller_request_status_to_string (status), version);

  exec_ok (store, sql);
}

/* domain.md, read literally: the table is exactly these moves. */
static void
test_transition_table (Fixture       *f,
                       gconstpointer  data)
{
  static const struct { const char *from, *to; PdRequestActor actor; } expected[] = {
    { "partner_reviewing", "partner_accepted", PD_REQUEST_ACTOR_AGENCY },
    { "partner_reviewing", "rejected", PD_REQUEST_ACTOR_AGENCY },
    { "partner_reviewing", "closed", PD_REQUEST_ACTOR_AGENCY },
    { "partner_reviewing", "closed", PD_REQUEST_ACTOR_SELLER },
    { "partner_accepted", "connected", PD_REQUEST_ACTOR_SELLER },
    { "partner_accepted", "closed", PD_REQUEST_ACTOR_AGENCY },
    { "partner_accepted", "closed", PD_REQUEST_ACTOR_SELLER },
  };
  guint n;
  const PdRequestTransition *table = pd_request_transitions (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (pd_seller_request_status_to_string (table[i].from), ==, expected[i].from);
      g_assert_cmpstr (pd_seller_request_status_to_string (table[i].to), ==, expected[i].to);
      g_assert_cmpint (table[i].actor, ==, expected[i].actor);
    }
}

/* Every (from, to) pair through the store: allowed ones write the
 * status and one PATCH with If-Match of the stored version; refused ones
 * change nothing and queue nothing. */
static void
test_every_request_transition (Fixture       *f,
                               gconstpointer  data)
{
  static const PdSellerRequestStatus all[] = {
    PD_SELLER_REQUEST_STATUS_PARTNER_REVIEWING, PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED,
    PD_SELLER_REQUEST_STATUS_CONNECTED, PD_SELLER_REQUEST_STATUS_CLOSED,
    PD_SELLER_REQUEST_STATUS_REJECTED,
  };
  guint allowed = 0, refused = 0;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    for (guint j = 0; j < G_N_ELEMENTS (all); j++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *id = g_strdup_printf ("R-%u-%u", i, j);
        g_autofree char *sql = NULL;
        g_autofree char *status = NULL;
        g_autofree char *contact = NULL;
        gint64 outbox_before = query_int (f->store, "SELECT count(*) FROM outbox");
        gboolean expect = pd_request_transition_allowed (all[i], all[j], PD_REQUEST_ACTOR_AGENCY);
        gboolean ok;

        insert_request (f->store, id, all[i], 4);
        ok = pd_store_seller_request_move (f->store, id, all[j], "why", &error);
        sql = g_strdup_printf ("SELECT status FROM seller_requests WHERE id = '%s'", id);
        status = query_text (f->store, sql);
        g_clear_pointer (&sql, g_free);
        sql = g_strdup_printf ("SELECT contact_name FROM seller_requests WHERE id = '%s'", id);
        contact = query_text (f->store, sql);
        g_clear_pointer (&sql, g_free);

        g_assert_cmpint (ok, ==, expect);
        if (expect)
          {
            g_autofree char *if_match = NULL;
            g_autofree char *body = NULL;

            allowed++;
            g_assert_no_error (error);
            g_assert_cmpstr (status, ==, pd_seller_request_status_to_string (all[j]));
            g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox"), ==, outbox_before + 1);
            if_match = query_text (f->store, "SELECT if_match FROM outbox ORDER BY id DESC LIMIT 1");
            g_assert_cmpstr (if_match, ==, "\"4\"");
            body = query_text (f->store, "SELECT method || ' ' || path || ' ' || body FROM outbox"
                                         " ORDER BY id DESC LIMIT 1");
            g_assert_nonnull (strstr (body, "PATCH /v1/seller-requests/R-"));
            g_assert_nonnull (strstr (body, pd_seller_request_status_to_string (all[j])));
            if (all[j] == PD_SELLER_REQUEST_STATUS_CLOSED)
              g_assert_null (contact);
            else
              g_assert_cmpstr (contact, ==, "Li Na");
          }
        else
          {
            refused++;
            g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
            g_assert_nonnull (strstr (error->message, id));
            g_assert_cmpstr (status, ==, pd_seller_request_status_to_string (all[i]));
            g_assert_cmpstr (contact, ==, "Li Na");
            g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox"), ==, outbox_before);
          }
      }
  /* accept, reject, close from reviewing; close from accepted. */
  g_assert_cmpuint (allowed, ==, 4);
  g_assert_cmpuint (refused, ==, 21);
}

static void
test_request_refusals (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  insert_request (f->store, "R-1", PD_SELLER_REQUEST_STATUS_PARTNER_REVIEWING, 2);
  g_assert_false (pd_store_seller_request_move (f->store, "R-none", PD_SELLER_REQUEST_STATUS_CLOSED, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* An empty note is refused before anything is written. */
  g_assert_false (pd_store_seller_request_move (f->store, "R-1", PD_SELLER_REQUEST_STATUS_REJECTED, "  ", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox"), ==, 0);

  /* Accepted and queued: closing it before sync would send a version
   * the platform has moved past; refused until the outbox is clear. */
  g_assert_true (pd_store_seller_request_move (f->store, "R-1", PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pd_store_seller_request_move (f->store, "R-1", PD_SELLER_REQUEST_STATUS_CLOSED, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox"), ==, 1);

  /* A bad status filter names the accepted ones. */
  list = pd_store_list_seller_requests (f->store, "open", &error);
  g_assert_null (list);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "partner_reviewing"));
}

static void
test_category_moves (Fixture       *f,
                     gconstpointer  data)
{
  static const struct { const char *id; gboolean apply, withdraw; } cases[] = {
    { "c-not_listed", TRUE, FALSE }, { "c-in_review", FALSE, TRUE },
    { "c-approved", FALSE, TRUE }, { "c-rejected", TRUE, FALSE }, { "c-suspended", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int action = PD_CATEGORY_ACTION_APPLY; action <= PD_CATEGORY_ACTION_WITHDRAW; action++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *state = NULL;
        g_autofree char *sql = g_strdup_printf ("SELECT state FROM service_categories WHERE id = '%s'",
                                                cases[i].id);
        g_autofree char *before = query_text (f->store, sql);
        g_autofree char *after = NULL;
        gint64 outbox = query_int (f->store, "SELECT count(*) FROM outbox");
        gboolean expect = action == PD_CATEGORY_ACTION_APPLY ? cases[i].apply : cases[i].withdraw;
        gboolean ok = pd_store_category_move (f->store, cases[i].id, action, &state, &error);

        after = query_text (f->store, sql);
        g_assert_cmpint (ok, ==, expect);
        if (ok)
          {
            g_assert_cmpstr (after, ==, action == PD_CATEGORY_ACTION_APPLY ? "in_review" : "not_listed");
            g_assert_cmpstr (state, ==, after);
            g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox"), ==, outbox + 1);
            /* back, for the other action */
            g_free (sql);
            sql = g_strdup_printf ("UPDATE service_categories SET state = '%s' WHERE id = '%s'",
                                   before, cases[i].id);
            exec_ok (f->store, sql);
          }
        else
          {
            g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
            g_assert_cmpstr (after, ==, before);
            g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox"), ==, outbox);
          }
      }
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox WHERE path ="
                                        " '/v1/service-categories/c-rejected/apply'"), ==, 1);
}

static void
test_services (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *price = NULL;
  PdServiceEdit edit = { .category_id = "c-approved", .name = "KOL pack", .type = "custom",
                         .price = "1,200.50" };
  static const char * const bad_prices[] = { "12.345", "1.5e3", "-3", "abc", "9 9", "12 XYZ", "" };

  g_assert_true (pd_store_service_save (f->store, NULL, &edit, &id, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "svc-"));
  body = query_text (f->store, "SELECT body FROM outbox WHERE method = 'PUT'");
  g_assert_nonnull (strstr (body, "\"price\":\"1200.50\""));
  g_assert_nonnull (strstr (body, "\"type\":\"custom\""));
  g_clear_pointer (&body, g_free);

  /* Bad prices: never half-applied. */
  for (guint i = 0; i < G_N_ELEMENTS (bad_prices); i++)
    {
      PdServiceEdit bad = { .price = bad_prices[i] };

      g_assert_false (pd_store_service_save (f->store, "s-1", &bad, NULL, &error));
      g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  {
    PdServiceEdit bad = { .name = "New name", .type = "private" };

    g_assert_false (pd_store_service_save (f->store, "s-1", &bad, NULL, &error));
    g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    PdServiceEdit none = { 0 };
    PdServiceEdit unknown_category = { .category_id = "c-none" };
    PdServiceEdit no_price = { .category_id = "c-approved", .name = "X", .type = "public" };

    g_assert_false (pd_store_service_save (f->store, "s-1", &none, NULL, &error));
    g_clear_error (&error);
    g_assert_false (pd_store_service_save (f->store, "s-1", &unknown_category, NULL, &error));
    g_clear_error (&error);
    g_assert_false (pd_store_service_save (f->store, NULL, &no_price, NULL, &error));
    g_clear_error (&error);
    g_assert_false (pd_store_service_save (f->store, "s-none", &(PdServiceEdit) { .name = "X" }, NULL, &error));
    g_clear_error (&error);
  }
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox"), ==, 1);
  price = query_text (f->store, "SELECT price || ' ' || name FROM services WHERE id = 's-1'");
  g_assert_cmpstr (price, ==, "99900 Store ops");

  /* An edit keeps what it does not name; a JPY price has no decimals. */
  {
    PdServiceEdit ok = { .price = "JPY 25000", .description = "" };

    g_assert_true (pd_store_service_save (f->store, "s-1", &ok, NULL, &error));
    g_assert_no_error (error);
    body = query_text (f->store, "SELECT body FROM outbox WHERE path = '/v1/services/s-1'");
    g_assert_cmpstr (body, ==, "{\"category_id\":\"c-approved\",\"name\":\"Store ops\",\"type\":\"public\","
                               "\"description\":\"\",\"price\":\"25000\",\"currency\":\"JPY\"}");
  }
}

/* Expiry windows: 15 and 3 days, counted in calendar days of the user's
 * zone, at the boundaries (the last second of the 15th day is in, the
 * first second of the 16th is out). */
static void
test_expiry_windows (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  /* now: 2026-03-10 23:30 in Shanghai (15:30 UTC) */
  gint64 now = pd_timestamp_day_start (2026, 3, 10, shanghai) + 23 * 3600 + 1800;
  struct { const char *id; gint64 expires_at; } rows[] = {
    { "A-past", now - 1 },
    { "A-today", pd_timestamp_day_end (2026, 3, 10, shanghai) },
    { "A-3-end", pd_timestamp_day_end (2026, 3, 13, shanghai) },
    { "A-4-start", pd_timestamp_day_start (2026, 3, 14, shanghai) },
    { "A-15-end", pd_timestamp_day_end (2026, 3, 25, shanghai) },
    { "A-16-start", pd_timestamp_day_start (2026, 3, 26, shanghai) },
  };
  /* A-3-end is renewed (by A-unlimited): no longer expiring. */
  static const char * const in_15[] = { "A-today", "A-4-start", "A-15-end", NULL };
  static const char * const in_3[] = { "A-today", NULL };
  g_autoptr(GPtrArray) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("INSERT INTO authorizations (id, state, seller_id, service_id, shop_ids,"
                         " starts_at, expires_at) VALUES ('%s', 'active', '7001', 's-1',"
                         " '[\"SH1\",\"SH2\"]', 0, %" G_GINT64_FORMAT ")", rows[i].id, rows[i].expires_at);
      exec_ok (f->store, sql);
    }
  exec_ok (f->store,
           "INSERT INTO authorizations (id, state, seller_id, service_id, starts_at, expires_at, renewal_of)"
           " VALUES ('A-unlimited', 'active', '7001', 's-1', 0, NULL, 'A-3-end'),"
           "        ('A-done', 'completed', '7001', 's-1', 0, 1000, NULL);");

  for (int pass = 0; pass < 2; pass++)
    {
      const char * const *expected = pass == 0 ? in_15 : in_3;

      list = pd_store_list_authorizations (f->store, now, pass == 0 ? 15 : 3, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, g_strv_length ((char **) expected));
      for (guint i = 0; i < list->len; i++)
        {
          PdAuthorizationRow *row = g_ptr_array_index (list, i);

          g_assert_cmpstr (row->id, ==, expected[i]);
        }
      g_clear_pointer (&list, g_ptr_array_unref);
    }

  list = pd_store_list_authorizations (f->store, now, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 8);
  for (guint i = 0; i < list->len; i++)
    {
      PdAuthorizationRow *row = g_ptr_array_index (list, i);

      if (g_str_equal (row->id, "A-15-end"))
        g_assert_cmpint (row->days_left, ==, 15);
      else if (g_str_equal (row->id, "A-today"))
        g_assert_cmpint (row->days_left, ==, 0);
      else if (g_str_equal (row->id, "A-3-end"))
        {
          g_assert_cmpstr (row->renewed_by, ==, "A-unlimited");
          g_assert_cmpuint (g_strv_length (row->shop_ids), ==, 2);
        }
      else if (g_str_equal (row->id, "A-unlimited"))
        {
          g_assert_cmpint (row->expires_at, ==, 0);
          g_assert_cmpstr (row->renewal_of, ==, "A-3-end");
        }
    }
  /* The active ones first (unlimited last among them), then the ended
   * ones, most recently ended first: A-past ran out, A-done long ago. */
  g_assert_cmpstr (((PdAuthorizationRow *) g_ptr_array_index (list, list->len - 3))->id, ==, "A-unlimited");
  g_assert_cmpstr (((PdAuthorizationRow *) g_ptr_array_index (list, list->len - 2))->id, ==, "A-past");
  g_assert_cmpstr (((PdAuthorizationRow *) g_ptr_array_index (list, list->len - 1))->id, ==, "A-done");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* In UTC it is still 2026-03-10 15:30: A-16-start (2026-03-25 16:00
   * UTC) is then 15 days away and in the window; A-15-end too. */
  g_assert_true (pd_store_set_setting (f->store, "import_timezone", "UTC", &error));
  g_assert_no_error (error);
  list = pd_store_list_authorizations (f->store, now, 15, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpstr (((PdAuthorizationRow *) g_ptr_array_index (list, 3))->id, ==, "A-16-start");
}

/* A renewal link takes the authorization's seller, service and shops and
 * sends renewal_of; another service is refused and writes nothing. */
static void
test_renewal_link (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *body = NULL;
  JsonObject *object;
  JsonArray *shops;
  const char *own_shops[] = { "SH9", NULL };
  PdAuthorizationLinkRequest renew = { .renewal_of = "A-1", .duration_days = 30 };
  PdAuthorizationLinkRequest wrong = { .renewal_of = "A-1", .service_id = "s-other" };
  PdAuthorizationLinkRequest unknown = { .renewal_of = "A-none" };
  PdAuthorizationLinkRequest bad_shop = { .service_id = "s-1", .shop_ids = (const char *[]) { "a b", NULL } };
  PdAuthorizationLinkRequest shops_given = { .renewal_of = "A-1", .shop_ids = own_shops };

  exec_ok (f->store,
           "INSERT INTO authorizations (id, state, seller_id, service_id, shop_ids, starts_at, expires_at)"
           " VALUES ('A-1', 'active', '7001', 's-1', '[\"SH1\",\"SH2\"]', 0, 2000000000);");

  g_assert_false (pd_store_authorization_link (f->store, &wrong, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pd_store_authorization_link (f->store, &unknown, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pd_store_authorization_link (f->store, &bad_shop, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM links"), ==, 0);

  g_assert_true (pd_store_authorization_link (f->store, &renew, &link, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (link->service_id, ==, "s-1");
  g_assert_cmpstr (link->seller_id, ==, "7001");
  body = query_text (f->store, "SELECT body FROM outbox WHERE path = '/v1/authorization-links'");
  g_assert_true (json_parser_load_from_data (parser, body, -1, &error));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "renewal_of"), ==, "A-1");
  g_assert_cmpstr (json_object_get_string_member (object, "seller_id"), ==, "7001");
  g_assert_cmpstr (json_object_get_string_member (object, "service_id"), ==, "s-1");
  g_assert_cmpint (json_object_get_int_member (object, "duration_days"), ==, 30);
  shops = json_object_get_array_member (object, "shop_ids");
  g_assert_cmpuint (json_array_get_length (shops), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (shops, 1), ==, "SH2");

  /* Shops given: those, not the authorization's; unlimited: null. */
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&link, pd_link_free);
  g_assert_true (pd_store_authorization_link (f->store, &shops_given, &link, &error));
  g_assert_no_error (error);
  body = query_text (f->store, "SELECT body FROM outbox ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (strstr (body, "\"shop_ids\":[\"SH9\"]"));
  g_assert_nonnull (strstr (body, "\"duration_days\":null"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/store-services/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("transition-table", test_transition_table);
  ADD ("every-request-transition", test_every_request_transition);
  ADD ("request-refusals", test_request_refusals);
  ADD ("category-moves", test_category_moves);
  ADD ("services", test_services);
  ADD ("expiry-windows", test_expiry_windows);
  ADD ("renewal-link", test_renewal_link);
#undef ADD

  return g_test_run ();
}
