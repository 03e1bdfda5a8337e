#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/e2e/screenshot-sweep.sh BUILD_DIR OUT_DIR
#
# Every page (and the Merchants detail) at 700, 1100 and 1400 px, in
# English and Simplified Chinese, into OUT_DIR/LANG/PAGE-WIDTH.png, on a
# 1600x1000 Xvfb screen: the sweep to look at for clipped text.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
srcdir=$(dirname "$(dirname "$here")")
[ $# -eq 2 ] && [ -f "$1/build.ninja" ] || { echo "usage: $0 BUILD_DIR OUT_DIR" >&2; exit 2; }
build=$(readlink -f "$1") out=$(readlink -f "$2")
meson compile -C "$build" >/dev/null
meson compile -C "$build" partnerdesk-gmo >/dev/null
export GSETTINGS_SCHEMA_DIR="$build/data" PARTNERDESK_PROGRAMS_DIR="$srcdir/data/programs"
export PARTNERDESK_LOCALEDIR="$build/po" PARTNERDESK_BIN="$build/src/gui/partnerdesk"
export PD_XVFB_SCREEN=1600x1000x24
unset LC_ALL LC_MESSAGES ADW_DEBUG_COLOR_SCHEME
for lang in en zh_CN; do
  mkdir -p "$out/$lang"
  for width in ${PD_SWEEP_WIDTHS:-700 1100 1400}; do
    if [ "$lang" = zh_CN ]; then l=zh_CN.UTF-8; else l=C.UTF-8; fi
    LANGUAGE=$lang LANG=$l "$srcdir/tests/gui/xvfb-wrapper.sh" dbus-run-session -- /usr/bin/python3 \
      "$here/screenshot-sweep.py" "$build/src/cli/partnerdesk-cli" "$srcdir/tests/fixtures" "$out/$lang" "$width" 2>&1 |
      grep -v -e '^dbus-daemon\[' -e 'SpiRegistry daemon' -e '^X connection to' || true
  done
done
