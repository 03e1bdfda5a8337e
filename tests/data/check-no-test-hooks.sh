#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A build without test hooks (meson -Dtest_hooks=disabled, or auto with
# buildtype release/plain, as the Flatpak) must not read any test-hook
# variable: their names must not appear in the installed programs.
status=0
for binary in "$@"; do
  if grep -a -o -E 'PARTNERDESK_(TEST_[A-Z_]*|NOW|BENCH_[A-Z_]*)' "$binary" | sort -u | sed "s|^|$binary: test hook compiled in: |" | grep .; then
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "no test hooks in: $*"
exit $status
