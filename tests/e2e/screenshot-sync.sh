#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/e2e/screenshot-sync.sh BUILD_DIR
#
# data/screenshots/sync.png: the main window after its first sync with
# the demo sandbox, the sync indicator's popover open (the last result,
# a conflict, a refused change). test-sync.py does the work on its own
# Xvfb display (1280x800, no window manager) and session bus. With
# xcompmgr installed, the popover's shadow is composited as on a desktop
# (without it, the shadow's margin shows black).
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
srcdir=$(dirname "$(dirname "$here")")

# Inner mode: on the display and bus set up by the outer mode.
if [ "${1:-}" = "--inner" ]; then
  build=$2 out=$3
  compositor=
  if command -v xcompmgr >/dev/null; then
    xcompmgr -n &
    compositor=$!
    trap 'kill "$compositor" 2>/dev/null || true' EXIT
  fi
  /usr/bin/python3 "$here/test-sync.py" "$build/src/sandbox/partnerdesk-sandbox" \
    "$build/src/cli/partnerdesk-cli" "--screenshot=$out"
  exit
fi

if [ $# -ne 1 ] || [ ! -f "$1/build.ninja" ]; then
  echo "usage: $0 BUILD_DIR (a configured meson build directory)" >&2
  exit 2
fi
build=$(readlink -f "$1")
meson compile -C "$build" >/dev/null

export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory
export PARTNERDESK_PROGRAMS_DIR="$srcdir/data/programs" PARTNERDESK_LOCALEDIR="$build/po"
export PARTNERDESK_BIN="$build/src/gui/partnerdesk"
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8 LANGUAGE=en

out="$srcdir/data/screenshots/sync.png"
rm -f "$out"
"$srcdir/tests/gui/xvfb-wrapper.sh" dbus-run-session -- "$0" --inner "$build" "$out" 2>&1 |
  grep -v -e '^dbus-daemon\[' -e 'SpiRegistry daemon' -e '^X connection to' || true
[ -s "$out" ] || { echo "screenshot-sync: $out was not written" >&2; exit 1; }
echo "screenshot-sync: $out"
