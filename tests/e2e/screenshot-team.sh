#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/e2e/screenshot-team.sh BUILD_DIR
#
# The team hub in the app (issue 20), on a real PostgreSQL 15 started for
# the purpose (tests/team/pg_cluster.py), each language on its own Xvfb
# display (1280x800, no window manager) and session bus;
# test-team-app.py --screenshot does the work:
#
#   data/screenshots/team-header.png             the header bar’s team icon ("Team: up to date") beside the menu
#   data/screenshots/team-preferences.png        Preferences → Team, joined and connected
#   data/screenshots/team-header-zh_CN.png       the same in Simplified Chinese
#   data/screenshots/team-preferences-zh_CN.png
#
# Needs postgresql-15, Xvfb, dbus-run-session, xwininfo and ImageMagick's
# import; for zh_CN the zh_CN.UTF-8 locale (locales-all) and a CJK font.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
srcdir=$(dirname "$(dirname "$here")")
. "$here/screenshot-lib.sh"

if [ "${1:-}" = "--inner" ]; then
  build=$2 out=$3
  exec /usr/bin/python3 "$here/test-team-app.py" "$build/src/cli/partnerdesk-cli" \
    "$srcdir/tests/fixtures" "--screenshot=$out"
fi

if [ $# -ne 1 ] || [ ! -f "$1/build.ninja" ]; then
  echo "usage: $0 BUILD_DIR (a configured meson build directory)" >&2
  exit 2
fi
screenshot_prepare "$1"

for lang in en zh_CN; do
  suffix=""
  [ "$lang" = en ] || suffix="-$lang"
  template="$srcdir/data/screenshots/team-{what}$suffix.png"
  (
    screenshot_language "$lang"
    screenshot_display "$build" "$template"
  )
  for what in header preferences; do
    out="$srcdir/data/screenshots/team-$what$suffix.png"
    screenshot_written "$out"
  done
done
