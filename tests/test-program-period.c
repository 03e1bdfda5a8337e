/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A program whose period has ended says so wherever it is chosen:
 * "Name (ended 2026-03-31)", from the second after its last day in the
 * program's time zone. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "pd-paths.h"
#include "pd-program-name.h"
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

/* The shipped programs' names, any quarter, are translated; a name the
 * platform made up, or one that only looks like ours, is shown as it is. */
static void
test_name (void)
{
  static const char *const kept[] = {
    "Europe & Japan Cross-Border POP Ecosystem Partner, Q1 2026",
    "US TOP Program, Q4 2027",
    "Southeast Asia Spring Drive, Q2 2026",
    "Europe & Japan Cross-Border POP Ecosystem Partner, Q5 2026",
    "Europe & Japan Cross-Border POP Ecosystem Partner, Q1 2026 extra",
    "US TOP Program",
    "",
  };
  g_autoptr(PdProgram) eu = load ("eu-jp-pop-partner-2026q1.json");
  g_autofree char *zh_q4 = NULL;
  g_autofree char *zh_us = NULL;
  g_autofree char *zh_other = NULL;
  g_autofree char *zh_label = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *shown = pd_program_name_to_display (kept[i]);
      g_assert_cmpstr (shown, ==, kept[i]);
    }
  g_assert_null (pd_program_name_to_display (NULL));

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("no zh_CN.UTF-8 locale (Debian: locales-all)");
      return;
    }
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  zh_q4 = pd_program_name_to_display ("Europe & Japan Cross-Border POP Ecosystem Partner, Q4 2026");
  zh_us = pd_program_name_to_display ("US TOP Program, Q1 2026");
  zh_other = pd_program_name_to_display ("Southeast Asia Spring Drive, Q2 2026");
  zh_label = pd_program_dup_label (eu, parse ("2026-04-01T00:00:00+08:00"));
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_assert_cmpstr (zh_q4, ==, "欧洲与日本跨境 POP 生态服务商，2026 年第 4 季度");
  g_assert_cmpstr (zh_us, ==, "美国 TOP 计划，2026 年第 1 季度");
  g_assert_cmpstr (zh_other, ==, "Southeast Asia Spring Drive, Q2 2026");
  g_assert_true (g_str_has_prefix (zh_label, "欧洲与日本跨境 POP 生态服务商，2026 年第 1 季度"));
  g_assert_nonnull (strstr (zh_label, "2026-03-31"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  pd_paths_init_program ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/program/period/label", test_label);
  g_test_add_func ("/program/name", test_name);
  return g_test_run ();
}
