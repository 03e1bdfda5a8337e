#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/e2e/screenshot-authorizations.sh BUILD_DIR [OUT_DIR]
#
# The Authorizations view on the demo sandbox after a sync, every
# authorization shown and a renewal link made for the soonest expiring
# one, each on its own Xvfb display (no window manager) and session bus;
# test-authorizations.py --screenshot does the work:
#
#   authorizations.png        English
#   authorizations-dark.png   English, dark style
#   authorizations-zh_CN.png  Simplified Chinese, from BUILD_DIR/po
#   authorizations-700.png    English, a 700 px wide window
#   authorizations-1400.png   English, a 1400 px wide window
#
# The first three go to data/screenshots/ (OUT_DIR: the last two too, for
# a look; by default they go to the build directory).
# Needs Xvfb, dbus-run-session, xwininfo and ImageMagick's import; for
# zh_CN the zh_CN.UTF-8 locale (locales-all) and a CJK font.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
srcdir=$(dirname "$(dirname "$here")")
. "$here/screenshot-lib.sh"

# Inner mode: on the display and bus set up by the outer mode.
if [ "${1:-}" = "--inner" ]; then
  build=$2 out=$3 width=$4
  exec /usr/bin/python3 "$here/test-authorizations.py" "$build/src/sandbox/partnerdesk-sandbox" \
    "$build/src/cli/partnerdesk-cli" "--screenshot=$out" ${width:+"--width=$width"}
fi

if [ $# -lt 1 ] || [ ! -f "$1/build.ninja" ]; then
  echo "usage: $0 BUILD_DIR [OUT_DIR] (a configured meson build directory)" >&2
  exit 2
fi
screenshot_prepare "$1"
extra_dir=${2:-$build}

for shot in authorizations authorizations-dark authorizations-zh_CN authorizations-700 authorizations-1400; do
  case "$shot" in
    *-700|*-1400) out="$extra_dir/$shot.png" ;;
    *) out="$srcdir/data/screenshots/$shot.png" ;;
  esac
  rm -f "$out"
  (
    width=
    case "$shot" in *-zh_CN) screenshot_language zh_CN ;; *) screenshot_language en ;; esac
    case "$shot" in
      *-dark) export ADW_DEBUG_COLOR_SCHEME=prefer-dark ;;
      *-700) width=700 ;;
      *-1400) width=1400; export PD_XVFB_SCREEN=1500x800x24 ;;
    esac
    screenshot_display "$build" "$out" "$width"
  )
  screenshot_written "$out"
done
