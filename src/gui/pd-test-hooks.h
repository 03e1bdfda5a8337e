/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "config.h"

#include <glib.h>

G_BEGIN_DECLS

/* Test hooks read from the environment, compiled into test builds only
 * (meson -Dtest_hooks, on unless buildtype is release or plain): a
 * release build reads none of these variables. */

/* PARTNERDESK_BENCH_FIRST_FRAME=1: report the first frame and quit. */
static inline gboolean
pd_test_hook_bench_first_frame (void)
{
#if PD_TEST_HOOKS
  return g_strcmp0 (g_getenv ("PARTNERDESK_BENCH_FIRST_FRAME"), "1") == 0;
#else
  return FALSE;
#endif
}

G_END_DECLS
