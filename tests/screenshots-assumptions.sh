#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/screenshots-assumptions.sh BUILD_DIR [OUT_DIR]
#
# The Overview's Assumptions and What Changed sections and the Program
# Settings dialog, light, dark and in Simplified Chinese, as the widget
# test tests/gui/test-overview-assumptions.c renders them on the
# q1-example (each run on its own Xvfb display). OUT_DIR defaults to a
# new temporary folder; the PNGs are named SECTION-STYLE[-zh_CN].png.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
srcdir=$(dirname "$here")
build=$(readlink -f "$1")
out=${2:-$(mktemp -d "${TMPDIR:-/tmp}/pd-assumption-shots.XXXXXX")}
mkdir -p "$out"
meson compile -C "$build" test-overview-assumptions partnerdesk-gmo >/dev/null

run () {
  env GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory \
      PARTNERDESK_PROGRAMS_DIR="$srcdir/data/programs" PARTNERDESK_FIXTURES_DIR="$srcdir/tests/fixtures" \
      PARTNERDESK_LOCALEDIR="$build/po" DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent NO_AT_BRIDGE=1 \
      GSK_RENDERER=cairo PD_SHOT_DIR="$out" "$@" \
      "$srcdir/tests/gui/xvfb-wrapper.sh" "$build/tests/gui/test-overview-assumptions" >/dev/null
}

run LANG=C.UTF-8 LANGUAGE=en
run LANG=C.UTF-8 LANGUAGE=en PD_SHOT_STYLE=dark
run LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LANGUAGE=zh_CN
ls "$out"/*.png
