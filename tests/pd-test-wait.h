/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Waiting in tests: for a condition, with a deadline, never for a fixed
 * time. Header-only, so that the widget tests (tests/gui) and the sync
 * tests (tests/sync) share it without another source file.
 *
 *   pd_test_wait_until (is_shown, page, 5000);
 *
 * runs the default main context until is_shown (page) is true, and fails
 * the test naming "is_shown (page)" and the caller's line if it is still
 * false after 5000 ms. The deadline only bounds a broken build: a passing
 * test goes on as soon as the condition holds. */

static gboolean
pd_test_wait_poll_cb (gpointer user_data)
{
  /* Nothing to do: waking the main context re-checks the condition. */
  return G_SOURCE_CONTINUE;
}

/* The loop itself; returns whether the condition held before the
 * deadline. The condition is also checked every 5 ms: one changed by
 * another thread (a file written, a worker done) wakes no main loop.
 * PARTNERDESK_TEST_TIMEOUT_FACTOR=N stretches every deadline (./run asan
 * sets 3, as meson's --timeout-multiplier: a sanitizer build is several
 * times slower, and a condition that takes 10 s there is no failure). */
static G_GNUC_UNUSED gboolean
pd_test_spin_until (gboolean (*condition) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  const char *factor = g_getenv ("PARTNERDESK_TEST_TIMEOUT_FACTOR");
  gint64 n = factor != NULL ? (gint64) g_ascii_strtoull (factor, NULL, 10) : 1;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000 * MAX (n, 1);
  guint poll_id = g_timeout_add (5, pd_test_wait_poll_cb, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (poll_id);
  return met;
}

static G_GNUC_UNUSED void
pd_test_wait_until_full (gboolean   (*condition) (gpointer data),
                         gpointer     data,
                         guint        timeout_ms,
                         const char  *what,
                         const char  *where)
{
  if (!pd_test_spin_until (condition, data, timeout_ms))
    {
      g_autofree char *message = g_strdup_printf ("waited %u ms for %s at %s; it is still false",
                                                  timeout_ms, what, where);

      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
    }
}

#define pd_test_wait_until(condition, data, timeout_ms) \
  pd_test_wait_until_full ((condition), (data), (timeout_ms), #condition " (" #data ")", G_STRLOC)

G_END_DECLS
