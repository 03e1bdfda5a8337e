/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-entry-diff"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pd-entry-diff.h"
#include "pd-importer.h"
#include "pd-test-q1.h"
#include "pd-projection-setup.h"
#include "pd-store-entry-marks.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"

/* What changed merchant by merchant since the previous import or sync
 * (issue 14 item 3): the core diff of two lists of entry marks, the
 * store's marks kept for the two latest events, and on the q1-example
 * the changes between two instants with the amounts each moved. */

#define PROGRAM PD_TEST_Q1_PROGRAM

#define Q PD_VERDICT_QUALIFIED
#define P PD_VERDICT_PENDING
#define L PD_VERDICT_LOST

static const PdEntryChange *
find (GArray     *changes,
      const char *seller_id,
      const char *store_id)
{
  for (guint i = 0; i < changes->len; i++)
    {
      const PdEntryChange *c = &g_array_index (changes, PdEntryChange, i);

      if (g_str_equal (c->seller_id, seller_id) && g_strcmp0 (c->store_id, store_id) == 0)
        return c;
    }
  return NULL;
}

static void
test_diff (void)
{
  /* Both sorted by seller, then store (none first). */
  const PdEntryMark before[] = {
    { "1", "S-1", P, PD_STAGE_FIRST_SALE, 0, 50000 },
    { "2", "S-2", P, PD_STAGE_SALES_MET, PD_ENTRY_MARK_SALES_MET, 80000 },
    { "3", NULL, P, PD_STAGE_INVITED, 0, 10000 },
    { "4", "S-4", P, PD_STAGE_ONBOARDED, 0, 30000 },
    { "5", "S-5", Q, PD_STAGE_SALES_MET, PD_ENTRY_MARK_SALES_MET, 100000 },
    { "6", "S-6", L, PD_STAGE_FIRST_SALE, 0, 0 },
    { "9", "S-9", P, PD_STAGE_ONBOARDED, 0, 30000 },
  };
  const PdEntryMark after[] = {
    /* GMV crossed the threshold: sales met, still pending. */
    { "1", "S-1", P, PD_STAGE_SALES_MET, PD_ENTRY_MARK_SALES_MET, 80000 },
    /* Qualified. */
    { "2", "S-2", Q, PD_STAGE_SALES_MET, PD_ENTRY_MARK_SALES_MET, 100000 },
    /* The invited seller opened a store: a new store (the store-less
     * entry is gone). */
    { "3", "S-3", P, PD_STAGE_ONBOARDED, 0, 30000 },
    /* Newly at risk, nothing moved. */
    { "4", "S-4", P, PD_STAGE_ONBOARDED, PD_ENTRY_MARK_AT_RISK, 30000 },
    /* Lost after it qualified. */
    { "5", "S-5", L, PD_STAGE_SALES_MET, PD_ENTRY_MARK_SALES_MET, 0 },
    /* Lost before and now: no change. */
    { "6", "S-6", L, PD_STAGE_FIRST_SALE, 0, 0 },
    /* A new store, lost at once (a second store of a seller). */
    { "6", "S-7", L, PD_STAGE_FIRST_SALE, 0, 0 },
    /* Unchanged. */
    { "9", "S-9", P, PD_STAGE_ONBOARDED, 0, 30000 },
  };
  g_autoptr(GArray) changes = pd_entry_diff (before, G_N_ELEMENTS (before), after, G_N_ELEMENTS (after));
  const PdEntryChange *c;

  g_assert_cmpuint (changes->len, ==, 6);

  c = find (changes, "1", "S-1");
  g_assert_cmpuint (c->kinds, ==, PD_ENTRY_CHANGE_SALES_MET);
  g_assert_cmpint (c->moved, ==, 30000);
  c = find (changes, "2", "S-2");
  g_assert_cmpuint (c->kinds, ==, PD_ENTRY_CHANGE_QUALIFIED);
  g_assert_cmpint (c->moved, ==, 20000);
  g_assert_true (c->was_known);
  g_assert_cmpint (c->before, ==, P);
  c = find (changes, "3", "S-3");
  g_assert_cmpuint (c->kinds, ==, PD_ENTRY_CHANGE_NEW_STORE);
  g_assert_false (c->was_known);
  g_assert_cmpint (c->moved, ==, 30000);
  c = find (changes, "4", "S-4");
  g_assert_cmpuint (c->kinds, ==, PD_ENTRY_CHANGE_AT_RISK);
  g_assert_cmpint (c->moved, ==, 0);
  c = find (changes, "5", "S-5");
  g_assert_cmpuint (c->kinds, ==, PD_ENTRY_CHANGE_LOST);
  g_assert_cmpint (c->moved, ==, -100000);
  c = find (changes, "6", "S-7");
  g_assert_cmpuint (c->kinds, ==, PD_ENTRY_CHANGE_LOST | PD_ENTRY_CHANGE_NEW_STORE);
  g_assert_null (find (changes, "6", "S-6"));
  g_assert_null (find (changes, "9", "S-9"));

  /* Largest move first, then by seller. */
  g_assert_cmpstr (g_array_index (changes, PdEntryChange, 0).seller_id, ==, "5");
  g_assert_cmpstr (g_array_index (changes, PdEntryChange, 1).seller_id, ==, "1");
  g_assert_cmpstr (g_array_index (changes, PdEntryChange, 2).seller_id, ==, "3");
  g_assert_cmpstr (g_array_index (changes, PdEntryChange, 3).seller_id, ==, "2");
  g_assert_cmpstr (g_array_index (changes, PdEntryChange, 4).seller_id, ==, "4");
  g_assert_cmpstr (g_array_index (changes, PdEntryChange, 5).seller_id, ==, "6");

  /* Nothing before: every entry is new. */
  g_clear_pointer (&changes, g_array_unref);
  changes = pd_entry_diff (NULL, 0, after, G_N_ELEMENTS (after));
  g_assert_cmpuint (changes->len, ==, G_N_ELEMENTS (after));
}

static void
test_price (void)
{
  PdExpectedModel model = { .ppb = { 100000000, 300000000, 500000000, 800000000 } };
  PdFraction half = { 5, 10 };
  PdFraction third = { 333333333, 1000000000 };
  PdMoney reward = { 200000, "CNY" };
  PdEntryMark mark = { "1", "S-1", P, PD_STAGE_FIRST_SALE, 0, 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_entry_mark_price (&mark, &model, &reward, &half, &error));
  g_assert_cmpint (mark.contribution, ==, 50000);   /* 2000 x 0.5 x 0.5 */
  mark.verdict = Q;
  g_assert_true (pd_entry_mark_price (&mark, &model, &reward, &half, &error));
  g_assert_cmpint (mark.contribution, ==, 100000);
  mark.verdict = L;
  g_assert_true (pd_entry_mark_price (&mark, &model, &reward, &half, &error));
  g_assert_cmpint (mark.contribution, ==, 0);
  /* 2000 x 0.8 x 0.333333333 = 533.3333328: rounded to the fen. */
  mark.verdict = P;
  mark.stage = PD_STAGE_SALES_MET;
  g_assert_true (pd_entry_mark_price (&mark, &model, &reward, &third, &error));
  g_assert_cmpint (mark.contribution, ==, 53333);
  g_assert_no_error (error);
}

/* The store, on the q1-example ------------------------------------------ */

typedef PdTestQ1Fixture Fixture;

/* The marks of every entry as of @as_of, saved for the event @event_at. */
static void
mark_at (Fixture    *f,
         const char *as_of_text,
         gint64      event_at)
{
  g_auto(PdProjectionSetup) setup = { 0 };
  g_auto(PdEntryMarks) marks = { 0 };
  g_autoptr(PdProjection) p = NULL;
  g_autoptr(GError) error = NULL;
  gboolean added = FALSE;
  gint64 as_of = 0;

  g_assert_true (pd_timestamp_parse (as_of_text, NULL, &as_of, NULL));
  g_assert_true (pd_projection_setup_load (&setup, f->store, PROGRAM, as_of, &error));
  pd_entry_marks_init (&marks, NULL, NULL);
  p = pd_projection_setup_run_full (&setup, f->store, PD_STORE_ENTRIES_DEFAULT, pd_entry_marks_add_cb, &marks,
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_entry_marks_finish (&marks, p, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_save_entry_marks (f->store, PROGRAM, event_at,
                                            (const PdEntryMark *) (void *) marks.marks->data,
                                            marks.marks->len, &added, &error));
  g_assert_no_error (error);
  g_assert_true (added);
}

static GArray *
load_marks (Fixture      *f,
            gint64        before,
            GStringChunk *strings,
            gint64       *event_at)
{
  g_autoptr(GError) error = NULL;
  GArray *marks = pd_store_load_entry_marks (f->store, PROGRAM, before, strings, event_at, NULL, &error);

  g_assert_no_error (error);
  return marks;
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

/* 2026-03-25 to 2026-04-05 (the quarter paid at 0.5, S-11 high-risk):
 * S-02's window is still open (pending at first sale, 0.5 x 2000 x 0.5
 * = 500.00 both times); S-09 opened 2026-04-01 platform time, outside
 * the period: a new store, lost at once; nothing else changed verdict.
 * 2026-04-05 to 2026-05-15: S-02's window closed with CNY 780.00: lost,
 * moving -500.00. */
static void
test_store_marks (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) second = NULL;
  g_autoptr(GArray) changes = NULL;
  gint64 event_at = -1;
  const PdEntryChange *c;

  first = load_marks (f, G_MAXINT64, strings, &event_at);
  g_assert_cmpuint (first->len, ==, 0);
  g_assert_cmpint (event_at, ==, 0);
  g_clear_pointer (&first, g_array_unref);

  /* An event whose batches were not all written (the app quit) is not
   * read back, and is written again whole. */
  g_assert_true (pd_store_exec (f->store,
                                "INSERT INTO entry_mark_events (id, program_id, event_at) VALUES (7, '" PROGRAM "', 100);"
                                "INSERT INTO entry_marks VALUES (7, 'X', 'Y', 0, 1);", NULL));
  first = load_marks (f, G_MAXINT64, strings, &event_at);
  g_assert_cmpuint (first->len, ==, 0);
  g_assert_cmpint (event_at, ==, 0);
  g_clear_pointer (&first, g_array_unref);

  mark_at (f, "2026-04-05T12:00:00+08:00", 100);
  mark_at (f, "2026-05-15T00:00:00+08:00", 200);
  first = load_marks (f, 200, strings, &event_at);
  g_assert_cmpint (event_at, ==, 100);
  second = load_marks (f, 201, strings, &event_at);
  g_assert_cmpint (event_at, ==, 200);
  g_assert_cmpuint (first->len, ==, second->len);
  g_assert_cmpuint (first->len, ==, count (f, "SELECT count(*) FROM entry_marks m JOIN entry_mark_events e"
                                                 " ON m.event = e.id WHERE e.event_at = 100"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM entry_marks WHERE seller_id = 'X'"), ==, 0);

  changes = pd_entry_diff ((const PdEntryMark *) (void *) first->data, first->len,
                           (const PdEntryMark *) (void *) second->data, second->len);
  g_assert_cmpuint (changes->len, ==, 1);
  c = find (changes, "7000000000000002", "S-02");
  g_assert_nonnull (c);
  g_assert_cmpuint (c->kinds, ==, PD_ENTRY_CHANGE_LOST);
  g_assert_cmpint (c->before, ==, P);
  g_assert_cmpint (c->moved, ==, -50000);

  /* A third event forgets the first; saving an event twice adds nothing. */
  mark_at (f, "2026-05-16T00:00:00+08:00", 300);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entry_mark_events"), ==, 2);
  g_assert_cmpint (count (f, "SELECT min(event_at) FROM entry_mark_events"), ==, 200);
  g_assert_cmpint (count (f, "SELECT count(DISTINCT event) FROM entry_marks"), ==, 2);
  {
    g_autoptr(GError) error = NULL;
    gboolean added = TRUE;

    g_assert_true (pd_store_save_entry_marks (f->store, PROGRAM, 300, NULL, 0, &added, &error));
    g_assert_no_error (error);
    g_assert_false (added);
  }
}

static void
test_new_store (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) second = NULL;
  g_autoptr(GArray) changes = NULL;
  gint64 event_at = 0;
  const PdEntryChange *c;

  mark_at (f, "2026-03-25T12:00:00+08:00", 100);
  mark_at (f, "2026-04-05T12:00:00+08:00", 200);
  first = load_marks (f, 200, strings, &event_at);
  second = load_marks (f, 201, strings, &event_at);
  changes = pd_entry_diff ((const PdEntryMark *) (void *) first->data, first->len,
                           (const PdEntryMark *) (void *) second->data, second->len);
  for (guint i = 0; i < changes->len; i++)
    {
      const PdEntryChange *x = &g_array_index (changes, PdEntryChange, i);

      g_test_message ("%s %s kinds %u moved %" G_GINT64_FORMAT, x->seller_id, x->store_id, x->kinds, x->moved);
    }
  c = find (changes, "7000000000000009", "S-09");
  g_assert_nonnull (c);
  g_assert_true (c->kinds & PD_ENTRY_CHANGE_LOST);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entry-diff/diff", test_diff);
  g_test_add_func ("/entry-diff/price", test_price);
  g_test_add ("/entry-diff/store/marks", Fixture, "entry-diff", pd_test_q1_fixture_set_up, test_store_marks, pd_test_q1_fixture_tear_down);
  g_test_add ("/entry-diff/store/new-store", Fixture, "entry-diff", pd_test_q1_fixture_set_up, test_new_store, pd_test_q1_fixture_tear_down);
  return g_test_run ();
}
