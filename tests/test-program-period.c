/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A program whose period has ended says so wherever it is chosen:
 * "Name (ended 2026-03-31)", from the second after its last day in the
 * program's time zone. */
#include "config.h"

#include "pd-program-period.h"
#include "pd-timestamp.h"

static gint64
parse (const char *text)
{
  gint64 when = 0;

  g_assert_true (pd_timestamp_parse (text, NULL, &when, NULL));
  return when;
}

static PdProgram *
load (const char *file)
{
  g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_PROGRAMS_DIR"), file, NULL);
  g_autoptr(GError) error = NULL;
  PdProgram *program = pd_program_new_from_file (path, &error);

  g_assert_no_error (error);
  return program;
}

static void
test_label (void)
{
  g_autoptr(PdProgram) eu = load ("eu-jp-pop-partner-2026q1.json");
  g_autoptr(PdProgram) us = load ("us-top-2026q1.json");
  g_autofree char *running = NULL;
  g_autofree char *ended = NULL;
  g_autofree char *today = NULL;

  /* The last second of 2026-03-31 in Beijing: still running. */
  g_assert_false (pd_program_has_ended (eu, parse ("2026-03-31T23:59:59+08:00")));
  g_assert_true (pd_program_has_ended (eu, parse ("2026-04-01T00:00:00+08:00")));
  running = pd_program_dup_label (eu, parse ("2026-03-31T23:59:59+08:00"));
  g_assert_cmpstr (running, ==, "Europe & Japan Cross-Border POP Ecosystem Partner, Q1 2026");
  ended = pd_program_dup_label (eu, parse ("2026-04-01T00:00:00+08:00"));
  g_assert_cmpstr (ended, ==, "Europe & Japan Cross-Border POP Ecosystem Partner, Q1 2026 (ended 2026-03-31)");

  /* The US program's days are Pacific days: 16 hours later. */
  g_assert_false (pd_program_has_ended (us, parse ("2026-04-01T12:00:00+08:00")));
  g_assert_true (pd_program_has_ended (us, parse ("2026-04-01T00:00:00-07:00")));
  today = pd_program_dup_label (us, parse ("2026-12-07T12:00:00+08:00"));
  g_assert_cmpstr (today, ==, "US TOP Program, Q1 2026 (ended 2026-03-31)");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/program/period/label", test_label);
  return g_test_run ();
}
