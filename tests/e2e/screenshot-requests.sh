#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/e2e/screenshot-requests.sh BUILD_DIR
#
# The Requests page synced with the demo sandbox, a request in review
# selected with its detail open, each on its own Xvfb display (1280x800,
# no window manager) and session bus; test-requests.py --screenshot does
# the work. PD_SHOT_WIDTH=700 sizes the window (to check narrow and wide
# layouts), PD_SHOT_DIR writes elsewhere than data/screenshots:
#
#   data/screenshots/requests.png        English
#   data/screenshots/requests-dark.png   English, dark style
#   data/screenshots/requests-zh_CN.png  Simplified Chinese, from BUILD_DIR/po
#                                          (as much as is translated)
#
# Needs Xvfb, dbus-run-session, xwininfo and ImageMagick's import; for
# zh_CN the zh_CN.UTF-8 locale (locales-all) and a CJK font.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
srcdir=$(dirname "$(dirname "$here")")
. "$here/screenshot-lib.sh"

# Inner mode: on the display and bus set up by the outer mode.
if [ "${1:-}" = "--inner" ]; then
  build=$2 out=$3
  exec /usr/bin/python3 "$here/test-requests.py" "$build/src/sandbox/partnerdesk-sandbox" \
    "$build/src/cli/partnerdesk-cli" "--screenshot=$out" ${PD_SHOT_WIDTH:+"--width=$PD_SHOT_WIDTH"}
fi

if [ $# -ne 1 ] || [ ! -f "$1/build.ninja" ]; then
  echo "usage: $0 BUILD_DIR (a configured meson build directory)" >&2
  exit 2
fi
screenshot_prepare "$1"

for shot in requests requests-dark requests-zh_CN; do
  out="${PD_SHOT_DIR:-$srcdir/data/screenshots}/$shot.png"
  rm -f "$out"
  (
    case "$shot" in *-zh_CN) screenshot_language zh_CN ;; *) screenshot_language en ;; esac
    if [ "$shot" = requests-dark ]; then
      export ADW_DEBUG_COLOR_SCHEME=prefer-dark
    fi
    screenshot_display "$build" "$out"
  )
  screenshot_written "$out"
done
