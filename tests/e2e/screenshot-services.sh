#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/e2e/screenshot-services.sh BUILD_DIR
#
# The Services page with the demo sandbox's categories and services, each
# on its own Xvfb display (1280x800, no window manager) and session bus;
# test-services.py --screenshot does the work:
#
#   data/screenshots/services.png        English
#   data/screenshots/services-dark.png   English, dark style
#   data/screenshots/services-zh_CN.png  Simplified Chinese, from BUILD_DIR/po
#
# Needs Xvfb, dbus-run-session, xwininfo and ImageMagick's import; for
# zh_CN the zh_CN.UTF-8 locale (locales-all) and a CJK font.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
srcdir=$(dirname "$(dirname "$here")")

# Inner mode: on the display and bus set up by the outer mode.
if [ "${1:-}" = "--inner" ]; then
  build=$2 out=$3
  exec /usr/bin/python3 "$here/test-services.py" "$build/src/sandbox/partnerdesk-sandbox" \
    "$build/src/cli/partnerdesk-cli" "--screenshot=$out"
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

for shot in services services-dark services-zh_CN; do
  out="$srcdir/data/screenshots/$shot.png"
  rm -f "$out"
  (
    case "$shot" in
      services-zh_CN)
        if locale -a 2>/dev/null | grep -ix 'zh_CN.utf8' >/dev/null; then
          export LANG=zh_CN.UTF-8 LANGUAGE=zh_CN
        else
          echo "screenshot-services: the zh_CN.UTF-8 locale is not installed; only the messages will be Chinese" >&2
          export LC_ALL=C.UTF-8 LANGUAGE=zh_CN
        fi
        ;;
      *)
        export LANG=C.UTF-8 LANGUAGE=en
        ;;
    esac
    if [ "$shot" = services-dark ]; then
      export ADW_DEBUG_COLOR_SCHEME=prefer-dark
    fi
    "$srcdir/tests/gui/xvfb-wrapper.sh" dbus-run-session -- "$0" --inner "$build" "$out" 2>&1 |
      grep -v -e '^dbus-daemon\[' -e 'SpiRegistry daemon' -e '^X connection to' -e 'dbind-WARNING' || true
  )
  [ -s "$out" ] || { echo "screenshot-services: $out was not written" >&2; exit 1; }
  echo "screenshot-services: $out"
done
