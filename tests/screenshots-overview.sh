#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/screenshots-overview.sh BUILD_DIR
#
# Takes the Overview screenshots in data/screenshots/ with data in the
# store, the way tests/screenshots.sh takes the others (each on its own
# Xvfb display with a session bus, no window manager: the window sits at
# the top left):
#
#   overview.png        the q1-example worked example (tests/fixtures)
#                       as of 2026-03-25 12:00 platform time
#                       (partnerdesk --as-of), with a few authorizations
#                       about to expire and four earlier points of the
#                       projection's trend
#   overview-dark.png   the same in the dark style
#   overview-zh_CN.png  the same in Simplified Chinese (needs the
#                       zh_CN.UTF-8 locale and a CJK font)
#
# PD_SHOT_SIZE=WIDTHxHEIGHT takes them at another window size (to look
# at a narrow or wide window; the committed ones are 1100x900), and
# PD_SHOT_DIR=DIR writes them there instead of data/screenshots.
#
# PD_SHOT_RECONCILE=1 takes overview-reconciliation.png (-dark, -zh_CN)
# instead: the same example after the quarter (as of 2026-05-15), the
# platform having paid CNY 2,000.00 and withheld store S-01's share,
# scrolled down to the Reconciliation section (PD_SHOT_SCROLL wheel
# steps, 22 by default).
#
# Needs what tests/screenshots.sh needs, and sqlite3 for the example
# authorizations (without it the section shows its empty state).
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
srcdir=$(dirname "$here")
as_of=2026-03-25T12:00:00+08:00
reconcile=${PD_SHOT_RECONCILE:-}
[ -n "$reconcile" ] && as_of=2026-05-15T00:00:00+08:00
size=${PD_SHOT_SIZE:-1100x900}
width=${size%x*}
height=${size#*x}

# Inner mode: on the display and bus set up by the outer mode.
if [ "${1:-}" = "--shot" ]; then
  build=$2 shot=$3 out=$4
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/pd-shot.XXXXXX")
  app_pid=

  cleanup () {
    if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
      kill "$app_pid" 2>/dev/null || true
      wait "$app_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
  }
  trap cleanup EXIT

  export GSETTINGS_SCHEMA_DIR="$build/data"
  export PARTNERDESK_PROGRAMS_DIR="$srcdir/data/programs"
  export PARTNERDESK_LOCALEDIR="$build/po"
  export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
  export GTK_A11Y=none
  unset LC_ALL LC_MESSAGES LANG LANGUAGE ADW_DEBUG_COLOR_SCHEME
  export LANG=C.UTF-8 LANGUAGE=en
  if [ "${shot%zh_CN}" != "$shot" ]; then
    export LANG=zh_CN.UTF-8 LANGUAGE=zh_CN
  fi
  if [ "${shot%dark}" != "$shot" ]; then
    export ADW_DEBUG_COLOR_SCHEME=prefer-dark
  fi
  if fc-list Cantarell 2>/dev/null | grep . >/dev/null; then
    mkdir -p "$XDG_CONFIG_HOME/gtk-4.0"
    printf '[Settings]\ngtk-font-name=Cantarell 11\n' >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini"
  fi
  # The window's size, through a settings key file of its own.
  export GSETTINGS_BACKEND=keyfile
  mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings"
  printf '[io/github/partnerdesk/PartnerDesk]\nwindow-width=%d\nwindow-height=%d\n' "$width" "$height" \
    >"$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"

  # The worked example, imported as an agency would.
  store="$tmp/store.db"
  cli="$build/src/cli/partnerdesk-cli"
  fixtures="$srcdir/tests/fixtures/q1-example"
  "$cli" --store "$store" import program "$PARTNERDESK_PROGRAMS_DIR/eu-jp-pop-partner-2026q1.json" >/dev/null
  for kind in rates targets links stores; do
    "$cli" --store "$store" import "$kind" "$fixtures/$kind.csv" >/dev/null
  done
  if command -v sqlite3 >/dev/null; then
    sqlite3 "$store" <<'EOF'
INSERT INTO services (id, category_id, name, type) VALUES
  ('svc-ops', 'cat-1', 'Store operations', 'custom'),
  ('svc-live', 'cat-1', 'Livestream hosting', 'public');
INSERT INTO authorizations (id, state, seller_id, service_id, starts_at, expires_at, duration_days) VALUES
  ('AU-1', 'active', '7000000000000004', 'svc-ops', strftime('%s', '2026-01-26T02:00:00Z'), strftime('%s', '2026-03-26T02:00:00Z'), 59),
  ('AU-2', 'active', '7000000000000001', 'svc-live', strftime('%s', '2026-02-01T02:00:00Z'), strftime('%s', '2026-03-31T10:00:00Z'), 58),
  ('AU-3', 'active', '7000000000000003', 'svc-ops', strftime('%s', '2026-01-07T02:00:00Z'), strftime('%s', '2026-04-07T02:00:00Z'), 90);
INSERT INTO payouts (id, program_id, quarter, amount, currency, status, paid_at) VALUES
  ('PO-2025Q4-EUJP-01', 'eu-jp-pop-partner-2026q1', '2025Q4', 1200000, 'CNY', 'paid', strftime('%s', '2026-01-20T02:00:00Z')),
  ('PO-2025Q4-EUJP-02', 'eu-jp-pop-partner-2026q1', '2025Q4', 200000, 'CNY', 'withheld', strftime('%s', '2026-01-20T02:00:00Z'));
INSERT INTO projection_history (program_id, event_at, source, recorded_at, currency, confirmed, expected, upper) VALUES
  ('eu-jp-pop-partner-2026q1', strftime('%s', '2026-01-12T02:00:00Z'), 'import', strftime('%s', '2026-01-12T02:00:00Z'), 'CNY', 0, 120000, 400000),
  ('eu-jp-pop-partner-2026q1', strftime('%s', '2026-02-02T02:00:00Z'), 'sync', strftime('%s', '2026-02-02T02:00:00Z'), 'CNY', 100000, 210000, 500000),
  ('eu-jp-pop-partner-2026q1', strftime('%s', '2026-02-23T02:00:00Z'), 'sync', strftime('%s', '2026-02-23T02:00:00Z'), 'CNY', 200000, 330000, 600000),
  ('eu-jp-pop-partner-2026q1', strftime('%s', '2026-03-16T02:00:00Z'), 'import', strftime('%s', '2026-03-16T02:00:00Z'), 'CNY', 300000, 450000, 700000);
EOF
    if [ -n "$reconcile" ]; then
      sqlite3 "$store" <<'EOF'
INSERT INTO payouts (id, program_id, quarter, amount, currency, status, paid_at, seller_id, store_id) VALUES
  ('PO-2026Q1-EUJP-01', 'eu-jp-pop-partner-2026q1', '2026Q1', 200000, 'CNY', 'paid', strftime('%s', '2026-04-28T02:00:00Z'), NULL, NULL),
  ('PO-2026Q1-EUJP-02', 'eu-jp-pop-partner-2026q1', '2026Q1', 100000, 'CNY', 'withheld', strftime('%s', '2026-04-28T02:00:00Z'), '7000000000000001', 'S-01');
EOF
    fi
  else
    echo "screenshots: sqlite3 is missing: no example authorizations" >&2
  fi

  # The pointer out of the window: no tooltip in the picture.
  /usr/bin/python3 - <<'EOF'
import ctypes
x11 = ctypes.cdll.LoadLibrary('libX11.so.6')
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XWarpPointer.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_int,
                             ctypes.c_int, ctypes.c_uint, ctypes.c_uint, ctypes.c_int, ctypes.c_int]
display = x11.XOpenDisplay(None)
x11.XWarpPointer(display, 0, x11.XDefaultRootWindow(display), 0, 0, 0, 0, 1279, 1023)
x11.XFlush(ctypes.c_void_p(display))
x11.XCloseDisplay(ctypes.c_void_p(display))
EOF

  "$build/src/gui/partnerdesk" --store "$store" --as-of "$as_of" >"$tmp/app.log" 2>&1 &
  app_pid=$!

  # The main window: the app's toplevel at the top left.
  geometry=
  for _ in $(seq 1 150); do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      echo "screenshots: the app exited; its output:" >&2
      cat "$tmp/app.log" >&2
      exit 1
    fi
    geometry=$(xwininfo -root -children 2>/dev/null |
      awk '/\("partnerdesk" / { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+x[0-9]+\+0\+0$/) { split ($i, g, "+"); if (g[1] != "1x1") print g[1] } }' |
      head -n 1)
    [ -n "$geometry" ] && break
    sleep 0.1
  done
  if [ -z "$geometry" ]; then
    echo "screenshots: $shot: no window of the app within 15 s" >&2
    cat "$tmp/app.log" >&2
    exit 1
  fi
  # The projection runs in a worker, then the view switcher animates.
  sleep 3
  if [ -n "$reconcile" ]; then
    # Down to the Reconciliation section: wheel events over the page.
    /usr/bin/python3 - "$((width / 2))" "$((height / 2))" "${PD_SHOT_SCROLL:-22}" <<'EOF'
import ctypes, sys, time
x11 = ctypes.cdll.LoadLibrary('libX11.so.6')
xtst = ctypes.cdll.LoadLibrary('libXtst.so.6')
x11.XOpenDisplay.restype = ctypes.c_void_p
xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
display = x11.XOpenDisplay(None)
xtst.XTestFakeMotionEvent(display, -1, int(sys.argv[1]), int(sys.argv[2]), 0)
x11.XFlush(ctypes.c_void_p(display))
time.sleep(0.3)
for _ in range(int(sys.argv[3])):
    xtst.XTestFakeButtonEvent(display, 5, 1, 0)
    xtst.XTestFakeButtonEvent(display, 5, 0, 0)
    x11.XFlush(ctypes.c_void_p(display))
    time.sleep(0.05)
# The pointer out of the window again: no hover, no tooltip.
xtst.XTestFakeMotionEvent(display, -1, 1279, 1023, 0)
x11.XFlush(ctypes.c_void_p(display))
x11.XCloseDisplay(ctypes.c_void_p(display))
EOF
    sleep 1
  fi

  import -window root -crop "${geometry}+0+0" +repage -strip \
    -define png:exclude-chunks=date,time "$out"
  echo "screenshots: $out ($geometry)"
  exit 0
fi

# Outer mode.
if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$(readlink -f "$1")
if [ ! -f "$build/build.ninja" ]; then
  echo "screenshots: $1 is not a configured meson build directory" >&2
  exit 2
fi
for tool in Xvfb dbus-run-session xwininfo import; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is missing" >&2; exit 1; }
done

meson compile -C "$build" >/dev/null

outdir=${PD_SHOT_DIR:-$srcdir/data/screenshots}
screen=1280x1024x24
[ "$width" -le 1280 ] && [ "$height" -le 1024 ] || screen=1600x1400x24
mkdir -p "$outdir"
meson compile -C "$build" partnerdesk-gmo >/dev/null
shots="overview overview-dark overview-zh_CN"
[ -n "$reconcile" ] && shots="overview-reconciliation overview-reconciliation-dark overview-reconciliation-zh_CN"
for shot in $shots; do
  rm -f "$outdir/$shot.png"
  PD_XVFB_SCREEN=$screen "$srcdir/tests/gui/xvfb-wrapper.sh" dbus-run-session -- \
    "$here/screenshots-overview.sh" --shot "$build" "$shot" "$outdir/$shot.png" 2>&1 |
    grep -v -e '^dbus-daemon\[' -e 'SpiRegistry daemon' -e '^X connection to' || true
  [ -s "$outdir/$shot.png" ] || { echo "screenshots: $shot.png was not written" >&2; exit 1; }
done
