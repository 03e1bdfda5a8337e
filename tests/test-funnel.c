/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-funnel"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "pd-funnel.h"
#include "pd-importer.h"
#include "pd-test-q1.h"
#include "pd-projection-history.h"
#include "pd-projection-setup.h"
#include "pd-sync-state.h"
#include "pd-timestamp.h"

/* The Overview's funnel and payout by week of onboarding (pd-funnel.h),
 * computed beside the projection from the store, on the q1-example at two
 * instants: every count is what `partnerdesk-cli project --json` lists
 * for the same instant (verdicts, condition states), with the first sale
 * and the onboarding time read from the fixture's stores.csv, and the
 * amounts add up to the projection's confirmed and upper totals. */

#define PROGRAM PD_TEST_Q1_PROGRAM

typedef PdTestQ1Fixture Fixture;

static JsonObject *
project (Fixture    *f,
         const char *as_of)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "partnerdesk-cli", NULL);
  g_autofree char *db = g_build_filename (f->dir, "store.db", NULL);
  const char *argv[] = { cli, "--store", db, "project", "--program", PROGRAM, "--as-of", as_of, "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* store_id -> "onboarded_at,first_sale_at" of stores.csv. */
static GHashTable *
read_stores (void)
{
  g_autofree char *path = pd_test_q1_path ("stores.csv");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      if (g_strv_length (fields) < 6)
        continue;
      g_hash_table_insert (stores, g_strdup (fields[0]), g_strdupv (fields));
    }
  return stores;
}

static const char *
state_of (JsonObject *entry,
          const char *condition)
{
  JsonArray *conditions = json_object_get_array_member (entry, "conditions");

  for (guint i = 0; i < json_array_get_length (conditions); i++)
    {
      JsonObject *c = json_array_get_object_element (conditions, i);

      if (g_strcmp0 (json_object_get_string_member (c, "name"), condition) == 0)
        return json_object_get_string_member (c, "state");
    }
  return NULL;  /* not listed */
}

static gboolean
passes (JsonObject *entry,
        const char *condition)
{
  const char *state = state_of (entry, condition);

  return state == NULL || g_str_equal (state, "met") || g_str_equal (state, "n/a");
}

static char *
format_minor (gint64 minor)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", minor / 100, (int) (minor % 100));
}

static const char *
amount_of (JsonObject *projection,
           const char *member)
{
  return json_object_get_string_member (json_object_get_object_member (projection, member), "amount");
}

static void
check_instant (Fixture    *f,
               const char *as_of_text)
{
  g_autoptr(GError) error = NULL;
  g_auto(PdProjectionSetup) setup = { 0 };
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(JsonObject) json = project (f, as_of_text);
  g_autoptr(GHashTable) stores = read_stores ();
  JsonArray *entries = json_object_get_array_member (json, "entries");
  gint64 reached[PD_N_FUNNEL_STEPS] = { 0 }, lost[PD_N_FUNNEL_STEPS] = { 0 };
  gint64 waiting[PD_N_FUNNEL_STEPS] = { 0 }, in_play[PD_N_FUNNEL_STEPS] = { 0 };
  gint64 week_confirmed[PD_FUNNEL_MAX_WEEKS] = { 0 }, week_pending[PD_FUNNEL_MAX_WEEKS] = { 0 };
  gint64 not_onboarded = 0, as_of = 0, first_day, confirmed_sum = 0, pending_sum = 0;
  const PdFunnel *funnel;
  g_autofree char *upper = NULL;
  g_autofree char *confirmed = NULL;
  g_autofree char *confirmed_weeks = NULL;
  g_autofree char *pending_weeks = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  g_assert_true (pd_timestamp_parse (as_of_text, utc, &as_of, &error));
  g_assert_true (pd_projection_setup_load (&setup, f->store, PROGRAM, as_of, &error));
  g_assert_no_error (error);
  projection = pd_projection_setup_run (&setup, f->store, NULL, &error);
  g_assert_no_error (error);
  funnel = pd_projection_get_funnel (projection);
  first_day = pd_rules_local_day (setup.rules, setup.rules->period_start);

  /* The same steps, from what the command line says. */
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      const char *verdict = json_object_get_string_member (e, "verdict");
      const char *store_id = json_object_get_string_member_with_default (e, "store_id", NULL);
      char **store = store_id != NULL ? g_hash_table_lookup (stores, store_id) : NULL;
      guint last = PD_FUNNEL_INVITED;

      if (g_str_equal (verdict, "qualified"))
        last = PD_FUNNEL_QUALIFIED;
      else if (store != NULL && passes (e, "onboarded"))
        {
          last = PD_FUNNEL_ONBOARDED;
          if (*store[5] != '\0')
            {
              last = PD_FUNNEL_FIRST_SALE;
              if (passes (e, "sales"))
                last = passes (e, "inventory") ? PD_FUNNEL_INVENTORY_MET : PD_FUNNEL_SALES_MET;
            }
        }
      for (guint s = 0; s <= last; s++)
        {
          reached[s]++;
          if (!g_str_equal (verdict, "lost"))
            in_play[s]++;
        }
      if (last < PD_FUNNEL_QUALIFIED)
        (g_str_equal (verdict, "lost") ? lost : waiting)[last + 1]++;

      if (g_str_equal (verdict, "lost"))
        continue;
      if (store == NULL || !passes (e, "onboarded"))
        not_onboarded++;
      else
        {
          gint64 t = 0;
          gint64 week;

          g_assert_true (pd_timestamp_parse (store[3], utc, &t, &error));
          week = (pd_rules_local_day (setup.rules, t) - first_day) / 7;
          g_assert_cmpint (week, <, funnel->n_weeks);
          (g_str_equal (verdict, "qualified") ? week_confirmed : week_pending)[week]++;
        }
    }

  for (guint s = 0; s < PD_N_FUNNEL_STEPS; s++)
    {
      g_test_message ("%s: reached %" G_GINT64_FORMAT ", lost %" G_GINT64_FORMAT,
                      pd_funnel_step_to_string (s), funnel->reached[s], funnel->lost[s]);
      g_assert_cmpint (funnel->reached[s], ==, reached[s]);
      g_assert_cmpint (funnel->lost[s], ==, lost[s]);
      g_assert_cmpint (funnel->waiting[s], ==, waiting[s]);
      g_assert_cmpint (funnel->in_play[s], ==, in_play[s]);
    }
  g_assert_cmpint (funnel->reached[PD_FUNNEL_INVITED], ==, json_array_get_length (entries));
  g_assert_cmpint (funnel->in_play[PD_FUNNEL_INVITED], ==,
                   json_object_get_int_member (json_object_get_object_member (json, "upper"), "merchants"));
  g_assert_cmpint (funnel->reached[PD_FUNNEL_QUALIFIED], ==,
                   json_object_get_int_member (json_object_get_object_member (json, "confirmed"), "merchants"));

  /* The first step carries the upper amount, the last the confirmed one. */
  upper = format_minor (funnel->reward[PD_FUNNEL_INVITED].minor);
  confirmed = format_minor (funnel->reward[PD_FUNNEL_QUALIFIED].minor);
  g_assert_cmpstr (upper, ==, amount_of (json, "upper"));
  g_assert_cmpstr (confirmed, ==, amount_of (json, "confirmed"));
  g_assert_cmpstr (funnel->reward[PD_FUNNEL_INVITED].currency, ==, "CNY");

  /* Weekly buckets: the counts, and the amounts stacked add up. */
  g_assert_cmpint (funnel->not_onboarded_pending, ==, not_onboarded);
  for (guint w = 0; w < funnel->n_weeks; w++)
    {
      g_assert_cmpint (funnel->week_confirmed[w], ==, week_confirmed[w]);
      g_assert_cmpint (funnel->week_pending[w], ==, week_pending[w]);
      confirmed_sum += funnel->week_confirmed_amount[w].minor;
      pending_sum += funnel->week_pending_amount[w].minor;
    }
  pending_sum += funnel->not_onboarded_amount.minor;
  confirmed_weeks = format_minor (confirmed_sum);
  pending_weeks = format_minor (confirmed_sum + pending_sum);
  g_assert_cmpstr (confirmed_weeks, ==, amount_of (json, "confirmed"));
  g_assert_cmpstr (pending_weeks, ==, amount_of (json, "upper"));
}

static void
test_funnel_april (Fixture       *f,
                   gconstpointer  data)
{
  check_instant (f, "2026-04-05T12:00:00+08:00");
}

static void
test_funnel_may (Fixture       *f,
                 gconstpointer  data)
{
  check_instant (f, "2026-05-15T00:00:00+08:00");
}

/* The worked example's own cases (q1-example/README.md), by hand: S-09
 * and the seller who never opened a store stop before onboarding; S-06
 * (GMV exactly the threshold) is lost at the threshold; S-02 waits
 * there in April; the target review, the other partner's link, the
 * second store and the high-risk store are lost after inventory. */
static void
test_funnel_by_hand (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(PdProjectionSetup) setup = { 0 };
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const PdFunnel *funnel;
  gint64 as_of = 0;
  const gint64 reached[] = { 12, 10, 10, 8, 8, 3 };
  const gint64 lost[] = { 0, 2, 0, 1, 0, 4 };
  const gint64 waiting[] = { 0, 0, 0, 1, 0, 1 };

  g_assert_true (pd_timestamp_parse ("2026-04-05T12:00:00+08:00", utc, &as_of, &error));
  g_assert_true (pd_projection_setup_load (&setup, f->store, PROGRAM, as_of, &error));
  projection = pd_projection_setup_run (&setup, f->store, NULL, &error);
  g_assert_no_error (error);
  funnel = pd_projection_get_funnel (projection);
  for (guint s = 0; s < PD_N_FUNNEL_STEPS; s++)
    {
      g_assert_cmpint (funnel->reached[s], ==, reached[s]);
      g_assert_cmpint (funnel->lost[s], ==, lost[s]);
      g_assert_cmpint (funnel->waiting[s], ==, waiting[s]);
    }
  /* A quarter of 90 days: 13 weeks, the last one short. */
  g_assert_cmpuint (funnel->n_weeks, ==, 13);
  /* 2000.00 x 0.5 per merchant: S-02 pending, lost at the threshold. */
  g_assert_cmpint (funnel->lost_reward[PD_FUNNEL_SALES_MET].minor, ==, 100000);
  g_assert_cmpint (funnel->reward[PD_FUNNEL_SALES_MET].minor, ==, 500000 - 100000);
}

/* The trend's points: one per import or sync, the first reading after it
 * only; a sync later than the imports is the latest event. */
static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(PdProjectionSetup) setup = { 0 };
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(GArray) points = NULL;
  PdProjectionPoint point = { 0 };
  const PdProjectionPoint *got;
  gboolean added = FALSE;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (pd_store_latest_data_event (f->store, &point.event_at, &point.source, &error));
  g_assert_no_error (error);
  /* The imports of the fixture, a moment ago. */
  g_assert_cmpint (point.source, ==, PD_HISTORY_SOURCE_IMPORT);
  g_assert_cmpint (point.event_at, >, now - 600);
  g_assert_cmpint (point.event_at, <=, now);

  g_assert_true (pd_projection_setup_load (&setup, f->store, PROGRAM, now, &error));
  projection = pd_projection_setup_run (&setup, f->store, NULL, &error);
  g_assert_no_error (error);
  point.recorded_at = now;
  point.confirmed = *pd_projection_get_confirmed (projection);
  point.expected = *pd_projection_get_expected (projection);
  point.upper = *pd_projection_get_upper (projection);
  g_assert_true (pd_store_add_projection_point (f->store, PROGRAM, &point, &added, &error));
  g_assert_true (added);
  /* A second reading after the same import is not another point. */
  point.recorded_at = now + 60;
  point.confirmed.minor += 100;
  g_assert_true (pd_store_add_projection_point (f->store, PROGRAM, &point, &added, &error));
  g_assert_false (added);

  /* A sync after it. */
  g_assert_true (pd_sync_state_record_result (f->store, now + 3600, "ok", &error));
  g_assert_true (pd_store_latest_data_event (f->store, &point.event_at, &point.source, &error));
  g_assert_cmpint (point.source, ==, PD_HISTORY_SOURCE_SYNC);
  g_assert_cmpint (point.event_at, ==, now + 3600);
  g_assert_true (pd_store_add_projection_point (f->store, PROGRAM, &point, &added, &error));
  g_assert_true (added);

  points = pd_store_list_projection_points (f->store, PROGRAM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2);
  got = &g_array_index (points, PdProjectionPoint, 0);
  g_assert_cmpint (got->source, ==, PD_HISTORY_SOURCE_IMPORT);
  g_assert_cmpint (got->recorded_at, ==, now);
  g_assert_cmpint (got->confirmed.minor, ==, pd_projection_get_confirmed (projection)->minor);
  g_assert_cmpint (got->expected.minor, ==, pd_projection_get_expected (projection)->minor);
  g_assert_cmpint (got->upper.minor, ==, pd_projection_get_upper (projection)->minor);
  g_assert_cmpstr (got->upper.currency, ==, "CNY");
  got = &g_array_index (points, PdProjectionPoint, 1);
  g_assert_cmpint (got->source, ==, PD_HISTORY_SOURCE_SYNC);
  g_assert_cmpint (got->event_at, ==, now + 3600);
  /* Another program has none. */
  g_clear_pointer (&points, g_array_unref);
  points = pd_store_list_projection_points (f->store, "another-program", &error);
  g_assert_cmpuint (points->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/funnel/q1/april", Fixture, "funnel", pd_test_q1_fixture_set_up, test_funnel_april, pd_test_q1_fixture_tear_down);
  g_test_add ("/funnel/q1/may", Fixture, "funnel", pd_test_q1_fixture_set_up, test_funnel_may, pd_test_q1_fixture_tear_down);
  g_test_add ("/funnel/q1/by-hand", Fixture, "funnel", pd_test_q1_fixture_set_up, test_funnel_by_hand, pd_test_q1_fixture_tear_down);
  g_test_add ("/funnel/history", Fixture, "funnel", pd_test_q1_fixture_set_up, test_history, pd_test_q1_fixture_tear_down);
  return g_test_run ();
}
