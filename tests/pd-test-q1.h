/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* The worked example of the Q1 2026 program (tests/fixtures/q1-example),
 * for the unit tests that need it in a store. */
#define PD_TEST_Q1_PROGRAM "eu-jp-pop-partner-2026q1"

/* The path of the example's file @name (PARTNERDESK_FIXTURES_DIR). */
char    *pd_test_q1_path      (const char  *name);
/* A new store in a new temporary folder, returned in @dir (its name
 * starts with "pd-test-@test-"), holding the example: the program, then
 * its rates, targets, links and stores, each imported as the app does. */
PdStore *pd_test_q1_store_new (const char  *test,
                               char       **dir);
/* Removes @dir and the files in it (the store and its journal). */
void     pd_test_remove_dir   (const char  *dir);

/* A g_test_add() fixture of the example's store, the test's name as
 * its data: g_test_add (path, PdTestQ1Fixture, "funnel",
 * pd_test_q1_fixture_set_up, test, pd_test_q1_fixture_tear_down). */
typedef struct
{
  char    *dir;
  PdStore *store;
} PdTestQ1Fixture;

void     pd_test_q1_fixture_set_up    (PdTestQ1Fixture *f,
                                       gconstpointer    test);
void     pd_test_q1_fixture_tear_down (PdTestQ1Fixture *f,
                                       gconstpointer    test);

G_END_DECLS
