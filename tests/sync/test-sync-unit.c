/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <string.h>

#include "pd-change-applier.h"
#include "pd-json-doc.h"
#include "pd-outbox.h"
#include "pd-store-private.h"
#include "pd-sync-error.h"
#include "sync-test-utils.h"

/* The response reader and the change applier, without a network. */

static PdJsonDoc *
parse (const char  *text,
       gssize       length,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length < 0 ? strlen (text) : (gsize) length);

  return pd_json_doc_parse ("GET /test", bytes, error);
}

static void
test_json_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdJsonDoc) doc = parse (" {\"a\": [1, -2, 3.5e2, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\\\"\"],"
                                    "  \"b\": {\"c\": {}, \"d\": []},"
                                    "  \"max\": 9223372036854775807, \"min\": -9223372036854775808,"
                                    "  \"big\": 9223372036854775808, \"e\": \"second\"} ", -1, &error);
  const PdJsonValue *root, *a, *v;
  g_autofree char *raw = NULL;
  guint n = 0;

  g_assert_no_error (error);
  root = pd_json_doc_get_root (doc);
  g_assert_cmpint (pd_json_value_get_kind (root), ==, PD_JSON_OBJECT);
  g_assert_cmpuint (pd_json_value_get_length (root), ==, 6);

  a = pd_json_value_get_member (root, "a");
  g_assert_cmpint (pd_json_value_get_kind (a), ==, PD_JSON_ARRAY);
  g_assert_cmpuint (pd_json_value_get_length (a), ==, 7);
  for (v = pd_json_value_get_first (a); v != NULL; v = pd_json_value_get_next (a, v))
    n++;
  g_assert_cmpuint (n, ==, 7);
  v = pd_json_value_get_first (a);
  g_assert_true (pd_json_value_is_integer (v));
  g_assert_cmpint (pd_json_value_get_integer (v), ==, 1);
  v = pd_json_value_get_next (a, v);
  g_assert_cmpint (pd_json_value_get_integer (v), ==, -2);
  v = pd_json_value_get_next (a, v);
  g_assert_false (pd_json_value_is_integer (v));
  v = pd_json_value_get_next (a, v);
  g_assert_true (pd_json_value_get_boolean (v));
  v = pd_json_value_get_next (a, v);
  g_assert_false (pd_json_value_get_boolean (v));
  v = pd_json_value_get_next (a, v);
  g_assert_cmpint (pd_json_value_get_kind (v), ==, PD_JSON_NULL);
  v = pd_json_value_get_next (a, v);
  g_assert_cmpstr (pd_json_value_get_string (v), ==, "x\xc3\xa9\xf0\x9f\x98\x80\n\"");
  g_assert_null (pd_json_value_get_next (a, v));

  /* Iterating an object's values, and their names. */
  n = 0;
  for (v = pd_json_value_get_first (root); v != NULL; v = pd_json_value_get_next (root, v))
    n++;
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpstr (pd_json_value_get_name (pd_json_value_get_first (root)), ==, "a");
  /* (A repeated name is refused: test-sync-untrusted.c.) */

  g_assert_cmpint (pd_json_value_get_integer (pd_json_value_get_member (root, "max")), ==, G_MAXINT64);
  g_assert_cmpint (pd_json_value_get_integer (pd_json_value_get_member (root, "min")), ==, G_MININT64);
  g_assert_false (pd_json_value_is_integer (pd_json_value_get_member (root, "big")));
  g_assert_cmpuint (pd_json_value_get_length (pd_json_value_get_member (root, "b")), ==, 2);
  g_assert_null (pd_json_value_get_member (root, "nope"));

  raw = pd_json_doc_dup_text (doc, pd_json_value_get_member (root, "b"));
  g_assert_cmpstr (raw, ==, "{\"c\": {}, \"d\": []}");
}

static void
test_json_invalid (void)
{
  static const char * const bad[] = {
    "", " ", "{", "}", "{\"a\":1,}", "[1,]", "[1 2]", "01", "1.", ".5", "-", "1e", "+1",
    "{'a':1}", "/* c */ {}", "{\"a\" 1}", "{a:1}", "\"\\ud800\"", "\"\\udc00\"",
    "\"\\ud800\\u0041\"", "\"\\u0000\"", "\"a\x01z\"", "\"\\x\"", "\"\\u12g4\"", "tru", "nul",
    "True", "NaN", "Infinity", "{} {}", "[] x", "\"abc", "[\"a\"", "{\"a\":}",
  };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdJsonDoc) doc = parse (bad[i], -1, &error);

      if (doc != NULL)
        g_error ("accepted as JSON: %s", bad[i]);
      /* A body that ends in the middle of a value was probably cut. */
      g_assert_true (g_error_matches (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE) ||
                     g_error_matches (error, PD_SYNC_ERROR, PD_SYNC_ERROR_TRUNCATED));
      g_assert_nonnull (strstr (error->message, "GET /test"));
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdJsonDoc) doc = parse ("{\"changes\":[{\"seq\":1", -1, &error);

    g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_TRUNCATED);
    g_assert_nonnull (strstr (error->message, "cut short"));
    g_clear_error (&error);
    g_clear_pointer (&doc, pd_json_doc_unref);
    doc = parse ("{\"changes\":[1,]}", -1, &error);
    g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
    g_assert_nonnull (strstr (error->message, "at byte 14"));
  }

  /* Invalid UTF-8, and a NUL byte. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdJsonDoc) doc = parse ("{\"a\":\"\xff\xfe\"}", -1, &error);

    g_assert_null (doc);
    g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
    g_assert_nonnull (strstr (error->message, "UTF-8"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdJsonDoc) doc = parse ("{\"a\":\"x\0y\"}", 11, &error);

    g_assert_null (doc);
    g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
  }

  /* 64 levels are fine, 65 are not; a million do not crash. */
  for (guint depth = 64; depth <= 65; depth++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdJsonDoc) doc = NULL;

      g_string_truncate (deep, 0);
      for (guint i = 0; i < depth; i++)
        g_string_append_c (deep, '[');
      for (guint i = 0; i < depth; i++)
        g_string_append_c (deep, ']');
      doc = parse (deep->str, -1, &error);
      if (depth == 64)
        g_assert_no_error (error);
      else
        g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdJsonDoc) doc = NULL;

    g_string_truncate (deep, 0);
    for (guint i = 0; i < 1000000; i++)
      g_string_append_c (deep, '[');
    doc = parse (deep->str, -1, &error);
    g_assert_null (doc);
    g_assert_nonnull (strstr (error->message, "deep"));
  }
}

static void
test_json_members (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdJsonDoc) doc = parse ("{\"s\":\"text\",\"i\":7,\"n\":null,\"f\":1.5,\"o\":{},\"a\":[]}", -1, &error);
  const PdJsonValue *root = pd_json_doc_get_root (doc);
  const PdJsonValue *value;
  const char *text;
  gboolean present, flag;
  gint64 number;

  g_assert_no_error (error);
  g_assert_true (pd_json_get_string (root, "X", "s", TRUE, 10, &text, &error));
  g_assert_cmpstr (text, ==, "text");
  g_assert_false (pd_json_get_string (root, "X", "s", TRUE, 3, &text, &error));
  g_assert_nonnull (strstr (error->message, "X.s is 4 bytes long"));
  g_clear_error (&error);

  g_assert_false (pd_json_get_string (root, "X", "i", TRUE, 10, &text, &error));
  g_assert_cmpstr (error->message, ==, "X.i is an integer; expected a string");
  g_clear_error (&error);
  g_assert_false (pd_json_get_string (root, "X", "missing", TRUE, 10, &text, &error));
  g_assert_cmpstr (error->message, ==, "X.missing is missing; expected a string");
  g_clear_error (&error);
  g_assert_false (pd_json_get_string (root, "X", "n", TRUE, 10, &text, &error));
  g_assert_cmpstr (error->message, ==, "X.n is null; expected a string");
  g_clear_error (&error);
  g_assert_true (pd_json_get_string (root, "X", "n", FALSE, 10, &text, &error));
  g_assert_null (text);

  g_assert_true (pd_json_get_integer (root, "X", "i", TRUE, 0, 10, &present, &number, &error));
  g_assert_true (present);
  g_assert_cmpint (number, ==, 7);
  g_assert_false (pd_json_get_integer (root, "X", "i", TRUE, 8, 10, &present, &number, &error));
  g_assert_cmpstr (error->message, ==, "X.i is 7; expected 8 to 10");
  g_clear_error (&error);
  g_assert_false (pd_json_get_integer (root, "X", "f", TRUE, 0, 10, &present, &number, &error));
  g_assert_nonnull (strstr (error->message, "X.f is a number that is not a 64-bit integer"));
  g_clear_error (&error);
  g_assert_true (pd_json_get_integer (root, "X", "absent", FALSE, 0, 10, &present, &number, &error));
  g_assert_false (present);

  g_assert_false (pd_json_get_boolean (root, "X", "s", &flag, &error));
  g_clear_error (&error);
  g_assert_true (pd_json_get_object (root, "X", "o", TRUE, &value, &error));
  g_assert_nonnull (value);
  g_assert_false (pd_json_get_object (root, "X", "a", TRUE, &value, &error));
  g_assert_cmpstr (error->message, ==, "X.a is an array; expected an object");
  g_clear_error (&error);
  g_assert_true (pd_json_get_array (root, "X", "a", TRUE, &value, &error));
}

/* The applier */

/* The shared applier fixture (sync-test-utils.h). */
typedef ApplierFixture Fixture;

static gboolean
apply_ok (Fixture    *f,
          const char *json)
{
  g_autoptr(GError) error = NULL;
  gboolean applied = test_apply_json (f, json, &error);

  g_assert_no_error (error);
  return applied;
}

static char *
store_change (const char *op,
              gint64      version,
              const char *gmv)
{
  if (g_str_equal (op, "delete"))
    return g_strdup_printf ("{\"seq\":%" G_GINT64_FORMAT ",\"type\":\"store\",\"id\":\"S-1\",\"op\":\"delete\","
                            "\"version\":%" G_GINT64_FORMAT "}", version, version);
  return g_strdup_printf ("{\"seq\":%" G_GINT64_FORMAT ",\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\","
                          "\"version\":%" G_GINT64_FORMAT ",\"data\":{\"store_id\":\"S-1\",\"seller_id\":\"7001\","
                          "\"market\":\"eu\",\"onboarded_at\":\"2026-01-19T19:52:45+08:00\","
                          "\"via_link\":\"https://x.test/r?a=1&pd_ref=tok_ABC-123\",\"settled_gmv_30d\":\"%s\","
                          "\"gmv_currency\":\"EUR\",\"inventory_countries\":[\"GB\",\"de\",\"GB\"],"
                          "\"store_status\":\"normal\",\"governance\":\"warning\",\"extra\":{\"ignored\":[1]}}}",
                          version, version, gmv);
}

#define STORE_GMV "SELECT coalesce ((SELECT settled_gmv_30d FROM stores WHERE store_id = 'S-1'), -1)"

static void
test_apply_versions (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *v1 = store_change ("upsert", 1, "100.00");
  g_autofree char *v3 = store_change ("upsert", 3, "300.00");
  g_autofree char *v2 = store_change ("upsert", 2, "200.00");
  g_autofree char *d2 = store_change ("delete", 2, NULL);
  g_autofree char *d4 = store_change ("delete", 4, NULL);
  g_autofree char *v4 = store_change ("upsert", 4, "400.00");
  g_autofree char *v5 = store_change ("upsert", 5, "500.00");
  g_autofree char *row = NULL;

  g_assert_true (apply_ok (f, v1));
  g_assert_cmpint (test_store_count (f->store, STORE_GMV), ==, 10000);
  row = test_store_text (f->store, "SELECT market || '|' || via_token || '|' || inventory_countries || '|'"
                                   " || governance || '|' || onboarded_at FROM stores");
  g_assert_cmpstr (row, ==, "EU|tok_ABC-123|GB;DE|warning|1768823565");

  /* Not newer: ignored. */
  g_assert_false (apply_ok (f, v1));
  g_assert_true (apply_ok (f, v3));
  g_assert_false (apply_ok (f, v2));
  g_assert_cmpint (test_store_count (f->store, STORE_GMV), ==, 30000);

  /* A delete older than the local copy is ignored; a newer one removes
   * the row and leaves a tombstone. */
  g_assert_false (apply_ok (f, d2));
  g_assert_cmpint (test_store_count (f->store, STORE_GMV), ==, 30000);
  g_assert_true (apply_ok (f, d4));
  g_assert_cmpint (test_store_count (f->store, STORE_GMV), ==, -1);
  g_assert_cmpint (test_store_count (f->store, "SELECT version FROM tombstones WHERE type = 'store' AND id = 'S-1'"), ==, 4);

  /* A replayed older upsert stays deleted; a newer one brings it back. */
  g_assert_false (apply_ok (f, v3));
  g_assert_false (apply_ok (f, v4));
  g_assert_cmpint (test_store_count (f->store, STORE_GMV), ==, -1);
  g_assert_true (apply_ok (f, v5));
  g_assert_cmpint (test_store_count (f->store, STORE_GMV), ==, 50000);
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM tombstones"), ==, 0);
}

#define LINK_CHANGE "{\"seq\":1,\"type\":\"link\",\"id\":\"tok-1234567890123456789012\",\"op\":\"upsert\"," \
                     "\"version\":%d,\"data\":{\"token\":\"tok-1234567890123456789012\",\"kind\":\"onboarding\"," \
                     "\"url\":\"https://x.test/?pd_ref=tok-1234567890123456789012\",\"state\":\"%s\"," \
                     "\"created_at\":\"2026-02-01T00:00:00Z\",\"staff\":\"Platform Staff\",\"market\":\"EU\"}}"

static void
test_apply_agency_fields (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *v1 = g_strdup_printf (LINK_CHANGE, 1, "active");
  g_autofree char *v2 = g_strdup_printf (LINK_CHANGE, 2, "used");
  g_autofree char *staff = NULL;
  g_autofree char *state = NULL;

  /* A link the agency made here (version 0, its own staff). */
  g_assert_true (pd_store_exec (f->store,
                                "INSERT INTO links (token, kind, state, created_at, staff, version)"
                                " VALUES ('tok-1234567890123456789012', 'onboarding', 'active', 1, 'Li Na', 0);"
                                "INSERT INTO merchant_notes (seller_id, notes, updated_at) VALUES ('7001', 'call back', 1);",
                                NULL));
  g_assert_true (apply_ok (f, v1));
  g_assert_true (apply_ok (f, v2));
  staff = test_store_text (f->store, "SELECT staff FROM links");
  state = test_store_text (f->store, "SELECT state || ' ' || url || ' ' || version FROM links");
  g_assert_cmpstr (staff, ==, "Li Na");
  g_assert_cmpstr (state, ==, "used https://x.test/?pd_ref=tok-1234567890123456789012 2");
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM merchant_notes WHERE notes = 'call back'"), ==, 1);

  /* Without a local value, the platform's fills it. */
  g_assert_true (pd_store_exec (f->store, "UPDATE links SET staff = NULL", NULL));
  g_free (v1);
  v1 = g_strdup_printf (LINK_CHANGE, 3, "used");
  g_assert_true (apply_ok (f, v1));
  g_free (staff);
  staff = test_store_text (f->store, "SELECT staff FROM links");
  g_assert_cmpstr (staff, ==, "Platform Staff");
}

#define TARGET_CHANGE "{\"seq\":1,\"type\":\"target_merchant\",\"id\":\"eu-jp-pop-partner-2026q1:7001\"," \
                       "\"op\":\"upsert\",\"version\":%d,\"data\":{\"seller_id\":\"7001\",\"seller_name\":\"Acme\"," \
                       "\"market\":\"EU\",\"review_status\":\"Approved\"}}"

static void
test_apply_targets (Fixture       *f,
                    gconstpointer  data)
{
  const char *remove = "{\"seq\":2,\"type\":\"target_merchant\",\"id\":\"eu-jp-pop-partner-2026q1:7001\","
                       "\"op\":\"delete\",\"version\":2}";
  g_autofree char *v1 = g_strdup_printf (TARGET_CHANGE, 1);
  g_autofree char *v3 = g_strdup_printf (TARGET_CHANGE, 3);
  g_autoptr(GError) error = NULL;

  /* The program comes from the change's id when the data leaves it out. */
  g_assert_true (apply_ok (f, v1));
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM target_merchants WHERE left_at IS NULL"
                                               " AND review_status = 'approved' AND program_id = 'eu-jp-pop-partner-2026q1'"), ==, 1);
  /* Leaving the list keeps the row, with the time it left. */
  g_assert_true (apply_ok (f, remove));
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM target_merchants WHERE left_at IS NOT NULL"), ==, 1);
  g_assert_true (apply_ok (f, v3));
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM target_merchants WHERE left_at IS NULL"), ==, 1);

  /* A program this store does not have. */
  g_assert_false (test_apply_json (f, "{\"seq\":3,\"type\":\"target_merchant\",\"id\":\"nope:7002\",\"op\":\"upsert\","
                                 "\"version\":1,\"data\":{\"seller_id\":\"7002\",\"seller_name\":\"B\",\"market\":\"JP\"}}",
                              &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_CHANGE);
  g_assert_nonnull (strstr (error->message, "target_merchant nope:7002"));
}

static void
test_apply_program (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_PROGRAMS_DIR"), "us-top-2026q1.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *change = NULL;
  g_autofree char *row = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  change = g_strdup_printf ("{\"seq\":1,\"type\":\"program\",\"id\":\"us-top-2026q1\",\"op\":\"upsert\","
                            "\"version\":7,\"data\":%s}", contents);
  g_assert_true (apply_ok (f, change));
  row = test_store_text (f->store, "SELECT source || ' ' || version || ' ' || markets FROM programs"
                                   " WHERE id = 'us-top-2026q1'");
  g_assert_cmpstr (row, ==, "sync 7 US");
  g_assert_false (apply_ok (f, change));

  g_clear_pointer (&change, g_free);
  change = g_strdup_printf ("{\"seq\":1,\"type\":\"program\",\"id\":\"other\",\"op\":\"upsert\","
                            "\"version\":8,\"data\":%s}", contents);
  g_assert_false (test_apply_json (f, change, &error));
  g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
}

static void
test_apply_invalid (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char *json;
    const char *message;
  } cases[] = {
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"store_id\":\"S-1\",\"seller_id\":\"7\",\"settled_gmv_30d\":\"10.00\"}}",
      "settled_gmv_30d is an amount without its currency; expected gmv_currency beside it" },
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"store_id\":\"S-1\",\"seller_id\":\"7\",\"settled_gmv_30d\":10,\"gmv_currency\":\"EUR\"}}",
      "data.settled_gmv_30d is an integer; expected a string" },
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"store_id\":\"S-2\",\"seller_id\":\"7\"}}",
      "data.store_id is “S-2” but the change is for store “S-1”" },
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"seller_id\":\"7\"}}",
      "changes[0] (store S-1) data.store_id is missing" },
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"store_id\":\"S-1\",\"seller_id\":\"7\",\"store_status\":\"gone\"}}",
      "data.store_status" },
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"store_id\":\"S-1\",\"seller_id\":\"7\",\"onboarded_at\":\"2026-01-01 10:00\"}}",
      "data.onboarded_at" },
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"store_id\":\"S-1\",\"seller_id\":\"7\",\"inventory_countries\":[\"GB\",\"XX\"]}}",
      "data.inventory_countries[1]" },
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"replace\",\"version\":1}",
      "changes[0].op is “replace”; expected upsert or delete" },
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":\"1\"}",
      "changes[0].version is a string; expected an integer" },
    { "{\"seq\":1,\"type\":\"store\",\"id\":\"S-1\",\"op\":\"upsert\",\"version\":1}",
      "changes[0].data is missing; expected an object" },
    { "{\"seq\":1,\"type\":\"fx_rate\",\"id\":\"EUR\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"currency\":\"EUR\",\"cny_per_unit\":\"-7.8\"}}",
      "data.cny_per_unit" },
    { "{\"seq\":1,\"type\":\"payout\",\"id\":\"P\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"id\":\"P\",\"program_id\":\"x\",\"quarter\":\"2026-Q1\",\"amount\":\"1.00\","
      "\"currency\":\"CNY\",\"status\":\"paid\"}}",
      "data.quarter is “2026-Q1”; expected a quarter such as 2026Q1" },
    { "{\"seq\":1,\"type\":\"service_category\",\"id\":\"c\",\"op\":\"upsert\",\"version\":1,"
      "\"data\":{\"id\":\"c\",\"name\":\"C\",\"state\":\"approved\",\"requirement\":{\"amount\":\"5.001\","
      "\"currency\":\"USD\"}}}",
      "data.requirement.amount" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (test_apply_json (f, cases[i].json, &error));
      g_assert_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].message);
      g_assert_nonnull (strstr (error->message, "GET /v1/changes: changes[0]"));
    }
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM stores"), ==, 0);

  /* A type this client does not know is skipped. */
  g_assert_false (apply_ok (f, "{\"seq\":1,\"type\":\"hologram\",\"id\":\"h\",\"op\":\"upsert\",\"version\":1,"
                               "\"data\":{\"anything\":[]}}"));
}

static void
test_outbox_requires_transaction (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  PdOutboxItem *item;

  g_assert_false (pd_outbox_enqueue_link_revoke (f->store, "tok", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (pd_store_begin (f->store, NULL));
  g_assert_true (pd_outbox_enqueue_seller_request_status (f->store, "SR 1", "rejected", NULL, 3, &error));
  g_assert_no_error (error);
  g_assert_true (pd_outbox_enqueue_link_create (f->store, "tok-1234567890123456789012", "EU", "7001",
                                                NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_commit (f->store, NULL));

  items = pd_outbox_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->method, ==, "PATCH");
  g_assert_cmpstr (item->path, ==, "/v1/seller-requests/SR%201");
  g_assert_cmpstr (item->if_match, ==, "\"3\"");
  g_assert_cmpstr (item->body, ==, "{\"status\":\"rejected\"}");
  g_assert_cmpint (strlen (item->idempotency_key), ==, 36);
  item = g_ptr_array_index (items, 1);
  g_assert_cmpstr (item->body, ==, "{\"kind\":\"onboarding\",\"token\":\"tok-1234567890123456789012\",\"market\":\"EU\",\"seller_id\":\"7001\"}");
  g_assert_cmpint (item->state, ==, PD_OUTBOX_STATE_PENDING);

  /* Retry applies to failed and conflicting entries only. */
  g_assert_false (pd_outbox_retry (f->store, item->id, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (pd_outbox_discard (f->store, item->id, &error));
  g_assert_cmpint (test_store_count (f->store, "SELECT count(*) FROM outbox"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/json/valid", test_json_valid);
  g_test_add_func ("/sync/json/invalid", test_json_invalid);
  g_test_add_func ("/sync/json/members", test_json_members);
#define ADD(name, func) g_test_add ("/sync/applier/" name, Fixture, NULL, applier_fixture_set_up, func, applier_fixture_tear_down)
  ADD ("versions", test_apply_versions);
  ADD ("agency-fields", test_apply_agency_fields);
  ADD ("targets", test_apply_targets);
  ADD ("program", test_apply_program);
  ADD ("invalid", test_apply_invalid);
  ADD ("outbox", test_outbox_requires_transaction);
#undef ADD
  return g_test_run ();
}
