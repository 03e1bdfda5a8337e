/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo seed is the quarter that contains the moment of seeding:
 * seeded at a quarter's first second, late on its last day, and on an
 * ordinary day, the current program's period contains that moment, no
 * store opened or sold after it, every in-period store opened in the
 * period, and the authorizations expire within 3 to 14 days of it.
 * Seeded after Q1 2026, the template program's own quarter has its 14
 * stores as well, the same whenever the demo is seeded, and its payout
 * records once the platform has paid (2026-06-18). */
#include "config.h"

#include <glib/gstdio.h>

#include "pd-sandbox-seed-private.h"
#include "pd-sandbox-seed.h"
#include "pd-timestamp.h"

static gint64
parse (const char *text)
{
  gint64 when = 0;

  g_assert_true (pd_timestamp_parse (text, NULL, &when, NULL));
  return when;
}

static gint64
member_time (JsonObject *object,
             const char *member)
{
  return parse (json_object_get_string_member (object, member));
}

static void
test_quarter (void)
{
  static const struct { const char *now; int year; int quarter; const char *start; const char *end; } cases[] = {
    { "2026-12-07T12:00:00+08:00", 2026, 4, "2026-10-01T00:00:00+08:00", "2026-12-31T23:59:59+08:00" },
    { "2026-10-01T00:00:00+08:00", 2026, 4, "2026-10-01T00:00:00+08:00", "2026-12-31T23:59:59+08:00" },
    /* 23:59:59 on 30 September in Beijing: still Q3. */
    { "2026-09-30T15:59:59Z", 2026, 3, "2026-07-01T00:00:00+08:00", "2026-09-30T23:59:59+08:00" },
    /* New Year in Beijing while it is still 31 December in UTC. */
    { "2026-12-31T16:00:00Z", 2027, 1, "2027-01-01T00:00:00+08:00", "2027-03-31T23:59:59+08:00" },
    { "2027-06-30T12:00:00+08:00", 2027, 2, "2027-04-01T00:00:00+08:00", "2027-06-30T23:59:59+08:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int year, quarter;
      gint64 start, end;
      g_autofree char *id = NULL;
      g_autofree char *expected = NULL;

      pd_sandbox_seed_quarter (parse (cases[i].now), &year, &quarter, &start, &end);
      g_assert_cmpint (year, ==, cases[i].year);
      g_assert_cmpint (quarter, ==, cases[i].quarter);
      g_assert_cmpint (start, ==, parse (cases[i].start));
      g_assert_cmpint (end, ==, parse (cases[i].end));
      id = pd_sandbox_seed_program_id (PD_SANDBOX_RECRUITMENT_TEMPLATE, parse (cases[i].now));
      expected = g_strdup_printf ("eu-jp-pop-partner-%dq%d", year, quarter);
      g_assert_cmpstr (id, ==, expected);
    }
}

#define N_PAST_STORES 14

typedef struct
{
  char        *dir;
  char        *path;
  PdSandboxDb *db;
} Seeded;

static void
seeded_clear (Seeded *seeded)
{
  g_clear_object (&seeded->db);
  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal" :
                                                        g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (seeded->path, suffix, NULL);

      g_remove (file);
    }
  g_rmdir (seeded->dir);
  g_free (seeded->path);
  g_free (seeded->dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seeded, seeded_clear)

static void
seed_at (Seeded *seeded,
         gint64  now)
{
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  seeded->dir = g_dir_make_tmp ("pd-demo-seed-XXXXXX", NULL);
  seeded->path = g_build_filename (seeded->dir, "sandbox.db", NULL);
  seeded->db = pd_sandbox_db_open (seeded->path, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_true (pd_sandbox_seed (seeded->db, "demo", g_getenv ("PARTNERDESK_PROGRAMS_DIR"), now, &error));
  g_assert_no_error (error);
}

static void
check_seed_at (const char *now_text)
{
  g_auto(Seeded) seeded = { 0 };
  g_autoptr(GError) error = NULL;
  PdSandboxDb *db;
  g_autoptr(GPtrArray) store_ids = NULL;
  g_autoptr(GPtrArray) auth_ids = NULL;
  g_autoptr(JsonObject) program = NULL;
  g_autofree char *program_id = NULL;
  gint64 now = parse (now_text);
  gint64 start, end;
  guint in_program = 0, before = 0, recent = 0, soon = 0;
  gboolean past = now >= parse ("2026-04-01T00:00:00+08:00");

  g_test_message ("seeded at %s", now_text);
  seed_at (&seeded, now);
  db = seeded.db;

  pd_sandbox_seed_quarter (now, NULL, NULL, &start, &end);
  program_id = pd_sandbox_seed_program_id (PD_SANDBOX_RECRUITMENT_TEMPLATE, now);
  program = pd_sandbox_db_get_object (db, "program", program_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (program);
  g_assert_true (pd_sandbox_db_get_object (db, "program", PD_SANDBOX_RECRUITMENT_TEMPLATE, NULL, NULL) != NULL);

  store_ids = pd_sandbox_db_list_ids (db, "store", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (store_ids->len, ==, 53 + (past ? N_PAST_STORES : 0));
  for (guint i = 0; i < store_ids->len; i++)
    {
      g_autoptr(JsonObject) store = pd_sandbox_db_get_object (db, "store", g_ptr_array_index (store_ids, i),
                                                              NULL, NULL);
      gint64 opened = member_time (store, "onboarded_at");

      g_assert_cmpint (opened, <=, now);
      if (json_object_has_member (store, "first_sale_at"))
        g_assert_cmpint (member_time (store, "first_sale_at"), <=, now);
      if (!g_str_equal (json_object_get_string_member (store, "program_id"), program_id))
        continue;
      in_program++;
      if (opened < start)
        before++;
      if (now - opened < 30 * 24 * 3600)
        recent++;
    }
  g_assert_cmpuint (in_program, ==, 48);
  g_assert_cmpuint (before, ==, 2);   /* lost on onboarding date, and only they */
  g_assert_cmpuint (recent, >=, 6);   /* pending on GMV */

  auth_ids = pd_sandbox_db_list_ids (db, "authorization", "$.state", "active", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < auth_ids->len; i++)
    {
      g_autoptr(JsonObject) auth = pd_sandbox_db_get_object (db, "authorization",
                                                             g_ptr_array_index (auth_ids, i), NULL, NULL);

      if (json_object_has_member (auth, "expires_at"))
        {
          gint64 left = member_time (auth, "expires_at") - now;

          if (left > 0 && left <= 14 * 24 * 3600)
            soon++;
        }
    }
  g_assert_cmpuint (soon, ==, 4);
}

/* The past quarter's objects of @type as one text, in id order. */
static char *
past_objects (PdSandboxDb *db,
              const char  *type)
{
  g_autoptr(GPtrArray) ids = pd_sandbox_db_list_ids (db, type, "$.program_id",
                                                     PD_SANDBOX_RECRUITMENT_TEMPLATE, NULL);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (ids);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) object = pd_sandbox_db_get_object (db, type, g_ptr_array_index (ids, i),
                                                               NULL, NULL);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
      g_autofree char *json = json_to_string (node, FALSE);

      g_string_append_printf (text, "%s\n", json);
    }
  return g_string_free (text, FALSE);
}

static void
test_past_quarter (void)
{
  static const char * const when[] = {
    "2026-04-01T00:00:00+08:00",  /* the quarter just over: no payout yet */
    "2026-06-18T09:59:59+08:00",
    "2026-06-18T10:00:00+08:00",  /* paid */
    "2026-12-07T10:00:00+08:00",
    "2028-02-29T12:00:00+08:00",
  };
  g_autofree char *first_stores = NULL;
  g_autofree char *first_links = NULL;
  gint64 start = parse ("2026-01-01T00:00:00+08:00");
  gint64 end = parse ("2026-04-01T00:00:00+08:00");

  for (guint i = 0; i < G_N_ELEMENTS (when); i++)
    {
      g_auto(Seeded) seeded = { 0 };
      g_autoptr(GPtrArray) store_ids = NULL;
      g_autoptr(GPtrArray) payout_ids = NULL;
      g_autoptr(GPtrArray) target_ids = NULL;
      g_autofree char *stores = NULL;
      g_autofree char *links = NULL;
      gint64 now = parse (when[i]);
      gboolean paid = now >= parse ("2026-06-18T10:00:00+08:00");

      g_test_message ("seeded at %s", when[i]);
      seed_at (&seeded, now);
      store_ids = pd_sandbox_db_list_ids (seeded.db, "store", "$.program_id", PD_SANDBOX_RECRUITMENT_TEMPLATE, NULL);
      target_ids = pd_sandbox_db_list_ids (seeded.db, "target_merchant", "$.program_id",
                                           PD_SANDBOX_RECRUITMENT_TEMPLATE, NULL);
      g_assert_cmpuint (store_ids->len, ==, N_PAST_STORES);
      /* One seller has two stores (the first-store rule). */
      g_assert_cmpuint (target_ids->len, ==, N_PAST_STORES - 1);
      for (guint k = 0; k < store_ids->len; k++)
        {
          g_autoptr(JsonObject) store = pd_sandbox_db_get_object (seeded.db, "store",
                                                                  g_ptr_array_index (store_ids, k), NULL, NULL);

          g_assert_cmpint (member_time (store, "onboarded_at"), >=, start);
          g_assert_cmpint (member_time (store, "onboarded_at"), <, end);
          g_assert_cmpint (member_time (store, "first_sale_at"), <, end);
        }

      /* The same history whenever it is seeded. */
      stores = past_objects (seeded.db, "store");
      links = past_objects (seeded.db, "link");
      if (first_stores == NULL)
        {
          first_stores = g_steal_pointer (&stores);
          first_links = g_steal_pointer (&links);
        }
      else
        {
          g_assert_cmpstr (stores, ==, first_stores);
          g_assert_cmpstr (links, ==, first_links);
        }

      payout_ids = pd_sandbox_db_list_ids (seeded.db, "payout", NULL, NULL, NULL);
      g_assert_cmpuint (payout_ids->len, ==, paid ? 2 : 0);
      if (paid)
        {
          g_autoptr(JsonObject) withheld = pd_sandbox_db_get_object (seeded.db, "payout", "PO-2026Q1-EUJP-02",
                                                                     NULL, NULL);
          g_autoptr(JsonObject) store = NULL;

          g_assert_cmpstr (json_object_get_string_member (withheld, "status"), ==, "withheld");
          /* It names a store of that quarter. */
          store = pd_sandbox_db_get_object (seeded.db, "store", json_object_get_string_member (withheld, "store_id"),
                                            NULL, NULL);
          g_assert_nonnull (store);
          g_assert_cmpstr (json_object_get_string_member (store, "program_id"), ==,
                           PD_SANDBOX_RECRUITMENT_TEMPLATE);
          g_assert_cmpstr (json_object_get_string_member (store, "seller_id"), ==,
                           json_object_get_string_member (withheld, "seller_id"));
        }
    }
}

static void
test_seed_boundaries (void)
{
  check_seed_at ("2026-12-07T10:00:00+08:00");
  /* The quarter's first second: every in-period store opened at it. */
  check_seed_at ("2026-10-01T00:00:00+08:00");
  check_seed_at ("2026-10-03T09:30:00+08:00");
  check_seed_at ("2026-12-31T23:59:59+08:00");
  check_seed_at ("2027-01-01T00:00:01+08:00");
  /* In Q1 2026 the current programs are the files themselves. */
  check_seed_at ("2026-02-15T12:00:00+08:00");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sandbox/demo-seed/quarter", test_quarter);
  g_test_add_func ("/sandbox/demo-seed/boundaries", test_seed_boundaries);
  g_test_add_func ("/sandbox/demo-seed/past-quarter", test_past_quarter);
  return g_test_run ();
}
