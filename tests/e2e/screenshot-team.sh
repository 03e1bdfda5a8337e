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

if [ "${1:-}" = "--inner" ]; then
  build=$2 out=$3
  exec /usr/bin/python3 "$here/test-team-app.py" "$build/src/cli/partnerdesk-cli" \
    "$srcdir/tests/fixtures" "--screenshot=$out"
fi

if [ $# -ne 1 ] || [ ! -f "$1/build.ninja" ]; then
  echo "usage: $0 BUILD_DIR (a configured meson build directory)" >&2
  exit 2
fi
build=$(readlink -f "$1")
meson compile -C "$build" >/dev/null
meson compile -C "$build" partnerdesk-gmo >/dev/null

export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory
export PARTNERDESK_PROGRAMS_DIR="$srcdir/data/programs" PARTNERDESK_LOCALEDIR="$build/po"
export PARTNERDESK_BIN="$build/src/gui/partnerdesk"
unset LC_ALL LC_MESSAGES ADW_DEBUG_COLOR_SCHEME

for lang in en zh_CN; do
  suffix=""
  [ "$lang" = en ] || suffix="-$lang"
  template="$srcdir/data/screenshots/team-{what}$suffix.png"
  (
    if [ "$lang" = zh_CN ]; then
      if locale -a 2>/dev/null | grep -ix 'zh_CN.utf8' >/dev/null; then
        export LANG=zh_CN.UTF-8 LANGUAGE=zh_CN
      else
        echo "screenshot-team: the zh_CN.UTF-8 locale is not installed; only the messages will be Chinese" >&2
        export LC_ALL=C.UTF-8 LANGUAGE=zh_CN
      fi
    else
      export LANG=C.UTF-8 LANGUAGE=en
    fi
    "$srcdir/tests/gui/xvfb-wrapper.sh" dbus-run-session -- "$0" --inner "$build" "$template" 2>&1 |
      grep -v -e '^dbus-daemon\[' -e 'SpiRegistry daemon' -e '^X connection to' -e 'dbind-WARNING' || true
  )
  for what in header preferences; do
    out="$srcdir/data/screenshots/team-$what$suffix.png"
    [ -s "$out" ] || { echo "screenshot-team: $out was not written" >&2; exit 1; }
    echo "screenshot-team: $out"
  done
done
