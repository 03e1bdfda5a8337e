/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A missing prerequisite (a display, gnome-keyring-daemon, ...) is a
 * broken set-up, not a reason to pass: ./run installs every package the
 * tests need. Only a developer who asks for it with PARTNERDESK_ALLOW_SKIP=1
 * gets a skip (README.md, "Tests").
 *
 * pd_test_allow_skip (): whether skips were asked for.
 * pd_test_missing (what): in a test case, fails it (or skips it when
 * allowed) with a message; @what names the prerequisite and its Debian
 * package. The caller returns from the case. */
static inline gboolean
pd_test_allow_skip (void)
{
  return g_strcmp0 (g_getenv ("PARTNERDESK_ALLOW_SKIP"), "1") == 0;
}

static inline void
pd_test_missing (const char *what)
{
  if (pd_test_allow_skip ())
    g_test_skip (what);
  else
    g_test_fail_printf ("%s (PARTNERDESK_ALLOW_SKIP=1 skips instead)", what);
}

G_END_DECLS
