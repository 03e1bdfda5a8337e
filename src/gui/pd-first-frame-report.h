/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What Partner Desk prints at its first painted frame with
 * PARTNERDESK_BENCH_FIRST_FRAME=1, and the benchmark's baselines
 * (tests/bench/hello-first-frame.c, adw-shell-first-frame.c) print
 * alike, for bench-first-frame.py: the monotonic time, and the CPU time
 * the process used by then. Header-only, so that the baselines link
 * nothing of Partner Desk. */

#include <glib.h>
#include <sys/resource.h>

static inline void
pd_first_frame_report (void)
{
  struct rusage usage;

  g_print ("first-frame-us=%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (getrusage (RUSAGE_SELF, &usage) == 0)
    g_print ("first-frame-cpu-us=%" G_GINT64_FORMAT "\n",
             (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec
             + (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec);
}
