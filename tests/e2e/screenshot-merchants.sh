#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/e2e/screenshot-merchants.sh BUILD_DIR
#
# The Merchants page with the q1-example's rows and Yiwu Kite's detail
# open, each on its own Xvfb display (1280x800, no window manager) and
# session bus; test-merchants.py --screenshot does the work:
#
#   data/screenshots/merchants.png        English
#   data/screenshots/merchants-dark.png   English, dark style
#   data/screenshots/merchants-zh_CN.png  Simplified Chinese, from BUILD_DIR/po
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
  exec /usr/bin/python3 "$here/test-merchants.py" "$build/src/cli/partnerdesk-cli" \
    "$srcdir/tests/fixtures" "--screenshot=$out"
fi

if [ $# -ne 1 ] || [ ! -f "$1/build.ninja" ]; then
  echo "usage: $0 BUILD_DIR (a configured meson build directory)" >&2
  exit 2
fi
screenshot_prepare "$1"

for shot in merchants merchants-dark merchants-zh_CN; do
  out="$srcdir/data/screenshots/$shot.png"
  rm -f "$out"
  (
    case "$shot" in *-zh_CN) screenshot_language zh_CN ;; *) screenshot_language en ;; esac
    if [ "$shot" = merchants-dark ]; then
      export ADW_DEBUG_COLOR_SCHEME=prefer-dark
    fi
    screenshot_display "$build" "$out"
  )
  screenshot_written "$out"
done
