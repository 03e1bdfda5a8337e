/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-overrides"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "pd-importer.h"
#include "pd-test-q1.h"
#include "pd-program.h"
#include "pd-projection-setup.h"
#include "pd-rules-override.h"
#include "pd-store-overrides.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"

/* The agency's overrides of a program's assumptions (issue 14 item 5):
 * the core checks and applies them to the rules; the store keeps them,
 * audits each change and applies them whenever the rules are read; on
 * the q1-example the projection moves exactly as computed by hand. */

#define PROGRAM PD_TEST_Q1_PROGRAM
#define AS_OF "2026-04-05T12:00:00+08:00"

static PdRules *
file_rules (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_PROGRAMS_DIR"), name, NULL);
  g_autoptr(PdProgram) program = pd_program_new_from_file (path, &error);
  PdRules *rules;

  g_assert_no_error (error);
  rules = pd_rules_new (program, &error);
  g_assert_no_error (error);
  return rules;
}

/* The core ----------------------------------------------------------------- */

static void
test_keys (void)
{
  PdOverrideKey key;

  for (guint k = 0; k < PD_N_OVERRIDES; k++)
    {
      g_assert_true (pd_override_key_from_string (pd_override_key_to_string (k), &key));
      g_assert_cmpint (key, ==, k);
      g_assert_nonnull (pd_override_key_to_display (k));
    }
  g_assert_false (pd_override_key_from_string ("reward", &key));
  g_assert_false (pd_override_key_from_string (NULL, &key));
}

static void
test_normalize (void)
{
  static const struct { PdOverrideKey key; const char *in; const char *out; } good[] = {
    { PD_OVERRIDE_PAID_FRACTION, " 0.30 ", "0.30" },
    { PD_OVERRIDE_PAID_FRACTION, "1", "1" },
    { PD_OVERRIDE_PAID_FRACTION, "0", "0" },
    { PD_OVERRIDE_INVENTORY_COUNTRIES, "de | fr;it;DE", "DE;FR;IT" },
    { PD_OVERRIDE_INVENTORY_COUNTRIES, "UK;德国", "GB;DE" },
    { PD_OVERRIDE_INVENTORY_MIN, " 3", "3" },
  };
  static const struct { PdOverrideKey key; const char *in; } bad[] = {
    { PD_OVERRIDE_PAID_FRACTION, "1.5" },
    { PD_OVERRIDE_PAID_FRACTION, "0,5" },
    { PD_OVERRIDE_PAID_FRACTION, "-0.1" },
    { PD_OVERRIDE_PAID_FRACTION, "" },
    { PD_OVERRIDE_INVENTORY_COUNTRIES, "" },
    { PD_OVERRIDE_INVENTORY_COUNTRIES, "DE;XX" },
    { PD_OVERRIDE_INVENTORY_MIN, "0" },
    { PD_OVERRIDE_INVENTORY_MIN, "2.5" },
    { PD_OVERRIDE_INVENTORY_MIN, "four" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = pd_override_normalize (good[i].key, good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, good[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = pd_override_normalize (bad[i].key, bad[i].in, &error);

      g_assert_null (out);
      g_assert_error (error, PD_RULES_ERROR, PD_RULES_ERROR_INVALID);
    }
}

static void
test_apply (void)
{
  g_autoptr(PdRules) rules = file_rules (PROGRAM ".json");
  g_autoptr(PdRules) benefit = file_rules ("us-top-2026q1.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *fraction = NULL;
  g_autofree char *countries = NULL;
  g_autofree char *min = NULL;

  /* The file's values. */
  fraction = pd_rules_dup_override_value (rules, PD_OVERRIDE_PAID_FRACTION);
  countries = pd_rules_dup_override_value (rules, PD_OVERRIDE_INVENTORY_COUNTRIES);
  min = pd_rules_dup_override_value (rules, PD_OVERRIDE_INVENTORY_MIN);
  g_assert_cmpstr (fraction, ==, "0.5");
  g_assert_cmpstr (countries, ==, "GB;DE;FR;IT;ES;IE");
  g_assert_cmpstr (min, ==, "4");

  /* A minimum larger than the list it ends with: nothing changes. */
  {
    const PdOverrideKey keys[] = { PD_OVERRIDE_INVENTORY_COUNTRIES, PD_OVERRIDE_PAID_FRACTION };
    const char *values[] = { "DE;FR;IT", "0.25" };

    g_assert_false (pd_rules_apply_overrides (rules, keys, values, 2, &error));
    g_assert_error (error, PD_RULES_ERROR, PD_RULES_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (rules->high_risk_paid_fraction.numerator, ==, 5);
    g_assert_cmpint (rules->high_risk_paid_fraction.denominator, ==, 10);
    g_assert_cmpuint (g_strv_length (rules->inventory_countries), ==, 6);
  }

  /* Together with a smaller minimum, they do. */
  {
    const PdOverrideKey keys[] = { PD_OVERRIDE_INVENTORY_COUNTRIES, PD_OVERRIDE_PAID_FRACTION,
                                   PD_OVERRIDE_INVENTORY_MIN };
    const char *values[] = { "de;fr;it", "0.25", "2" };

    g_assert_true (pd_rules_apply_overrides (rules, keys, values, 3, &error));
    g_assert_no_error (error);
    g_assert_cmpint (rules->high_risk_paid_fraction.numerator, ==, 25);
    g_assert_cmpint (rules->high_risk_paid_fraction.denominator, ==, 100);
    g_assert_cmpuint (rules->inventory_min_countries, ==, 2);
    g_assert_true (pd_rules_counts_country (rules, "IT", 2));
    g_assert_false (pd_rules_counts_country (rules, "GB", 2));
  }

  /* A seller-benefit program has nothing to override. */
  for (guint k = 0; k < PD_N_OVERRIDES; k++)
    {
      PdOverrideKey key = k;
      const char *value = "1";

      g_assert_false (pd_rules_can_override (benefit, key));
      g_assert_false (pd_rules_apply_overrides (benefit, &key, &value, 1, &error));
      g_assert_error (error, PD_RULES_ERROR, PD_RULES_ERROR_UNSUPPORTED);
      g_clear_error (&error);
    }
}

/* The store, on the q1-example ------------------------------------------ */

typedef PdTestQ1Fixture Fixture;

/* Confirmed, expected and upper, in fen, as of AS_OF. */
static void
project (Fixture *f,
         gint64   amounts[3])
{
  g_auto(PdProjectionSetup) setup = { 0 };
  g_autoptr(PdProjection) p = NULL;
  g_autoptr(GError) error = NULL;
  gint64 as_of = 0;

  g_assert_true (pd_timestamp_parse (AS_OF, NULL, &as_of, NULL));
  g_assert_true (pd_projection_setup_load (&setup, f->store, PROGRAM, as_of, &error));
  g_assert_no_error (error);
  p = pd_projection_setup_run (&setup, f->store, NULL, &error);
  g_assert_no_error (error);
  amounts[0] = pd_projection_get_confirmed (p)->minor;
  amounts[1] = pd_projection_get_expected (p)->minor;
  amounts[2] = pd_projection_get_upper (p)->minor;
}

static void
assert_projection (Fixture *f,
                   gint64   confirmed,
                   gint64   expected,
                   gint64   upper)
{
  gint64 amounts[3];

  project (f, amounts);
  g_assert_cmpint (amounts[0], ==, confirmed);
  g_assert_cmpint (amounts[1], ==, expected);
  g_assert_cmpint (amounts[2], ==, upper);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (f->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
set_override (Fixture       *f,
              PdOverrideKey  key,
              const char    *value,
              gboolean       expect_changed)
{
  g_autoptr(GError) error = NULL;
  gboolean changed = !expect_changed;

  g_assert_true (pd_store_set_override (f->store, PROGRAM, key, value, &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, expect_changed);
}

/* As of 2026-04-05 the example has S-01, S-03 and S-08 qualified, S-02
 * pending at first sale (0.5), S-04 pending at sales met (0.8), and
 * S-11 high-risk: the quarter is paid at the fraction. By hand, with
 * the reward CNY 2,000.00:
 *   file, 0.5:      confirmed 3 x 2000 x 0.5 = 3000.00,
 *                   expected (3 + 0.5 + 0.8) x 2000 x 0.5 = 4300.00,
 *                   upper 5 x 2000 x 0.5 = 5000.00;
 *   overridden 0.8: 4800.00, 6880.00, 8000.00;
 *   overridden 0.35: 2100.00, 3010.00, 3500.00. */
static void
test_paid_fraction (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  PdProgramOverride *o;

  assert_projection (f, 300000, 430000, 500000);

  g_assert_true (pd_store_set_setting (f->store, "staff_name", "Li Wei", &error));
  g_assert_no_error (error);
  set_override (f, PD_OVERRIDE_PAID_FRACTION, "0.8", TRUE);
  assert_projection (f, 480000, 688000, 800000);
  /* The same value again: nothing written, nothing audited. */
  set_override (f, PD_OVERRIDE_PAID_FRACTION, "0.8", FALSE);
  set_override (f, PD_OVERRIDE_PAID_FRACTION, "0.35", TRUE);
  assert_projection (f, 210000, 301000, 350000);

  list = pd_store_list_overrides (f->store, PROGRAM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  o = g_ptr_array_index (list, 0);
  g_assert_cmpint (o->key, ==, PD_OVERRIDE_PAID_FRACTION);
  g_assert_cmpstr (o->value, ==, "0.35");
  g_assert_cmpstr (o->file_value, ==, "0.5");
  g_assert_cmpstr (o->set_by, ==, "Li Wei");
  g_assert_cmpint (o->set_at, >, 0);

  /* Audited, credited to staff_name, with the previous value. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'program.override'"
                             " AND subject = 'program:" PROGRAM "' AND user = 'Li Wei'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'program.override'"
                             " AND json_extract(details, '$.previous') = '0.8'"
                             " AND json_extract(details, '$.value') = '0.35'"
                             " AND json_extract(details, '$.program_file') = '0.5'"), ==, 1);

  /* Back to the file's value: the override is gone, audited too. */
  set_override (f, PD_OVERRIDE_PAID_FRACTION, "0.50", TRUE);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pd_store_list_overrides (f->store, PROGRAM, &error);
  g_assert_cmpuint (list->len, ==, 0);
  assert_projection (f, 300000, 430000, 500000);
  set_override (f, PD_OVERRIDE_PAID_FRACTION, NULL, FALSE);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'program.override'"), ==, 3);
}

/* Without GB, S-08 (GB, DE, FR, ES) has 3 countries when the period
 * ends: lost. Confirmed 2 x 1000 = 2000.00, expected (2 + 0.5 + 0.8) x
 * 1000 = 3300.00, upper 4 x 1000 = 4000.00. With the file's six
 * countries and a minimum of 5, only S-04 (five) keeps its inventory:
 * S-01, S-08 and S-02 are lost; confirmed 1000.00 (S-03, JP, exempt),
 * expected 1800.00, upper 2000.00. */
static void
test_inventory (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_override (f, PD_OVERRIDE_INVENTORY_COUNTRIES, "DE;FR;IT;ES;IE", TRUE);
  assert_projection (f, 200000, 330000, 400000);
  set_override (f, PD_OVERRIDE_INVENTORY_COUNTRIES, NULL, TRUE);
  set_override (f, PD_OVERRIDE_INVENTORY_MIN, "5", TRUE);
  assert_projection (f, 100000, 180000, 200000);

  /* A list shorter than the minimum in force is refused, and nothing
   * is written. */
  g_assert_false (pd_store_set_override (f->store, PROGRAM, PD_OVERRIDE_INVENTORY_COUNTRIES, "DE;FR",
                                         NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pd_store_set_override (f->store, PROGRAM, PD_OVERRIDE_INVENTORY_MIN, "7", NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pd_store_set_override (f->store, "us-top-2026q1", PD_OVERRIDE_PAID_FRACTION, "0.5",
                                         NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM program_overrides"), ==, 1);
  assert_projection (f, 100000, 180000, 200000);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/overrides/keys", test_keys);
  g_test_add_func ("/overrides/normalize", test_normalize);
  g_test_add_func ("/overrides/apply", test_apply);
  g_test_add ("/overrides/store/paid-fraction", Fixture, "overrides", pd_test_q1_fixture_set_up, test_paid_fraction,
              pd_test_q1_fixture_tear_down);
  g_test_add ("/overrides/store/inventory", Fixture, "overrides", pd_test_q1_fixture_set_up, test_inventory,
              pd_test_q1_fixture_tear_down);
  return g_test_run ();
}
