#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/screenshots.sh BUILD_DIR
#
# Takes the screenshots in data/screenshots/ from the built app, each on
# its own Xvfb display (1280x800, no window manager: windows sit at the
# top left) with a session bus and a new store in a temporary directory:
#
#   main-window.png          English, Overview page
#   main-window-dark.png     English, dark style (ADW_DEBUG_COLOR_SCHEME)
#   main-window-zh_CN.png    Simplified Chinese, from BUILD_DIR/po (the
#                            partnerdesk-gmo target), via PARTNERDESK_LOCALEDIR
#   preferences.png          the Preferences window, opened through the
#                            app.preferences action over D-Bus
#
# Needs Xvfb, dbus-run-session, gapplication, xwininfo and ImageMagick's
# import; for zh_CN the zh_CN.UTF-8 locale (locales-all) and a CJK font
# (fonts-noto-cjk).
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
srcdir=$(dirname "$here")
app_id=io.github.partnerdesk.PartnerDesk

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
  export GSETTINGS_BACKEND=memory
  export PARTNERDESK_PROGRAMS_DIR="$srcdir/data/programs"
  export PARTNERDESK_LOCALEDIR="$build/po"
  export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
  export GTK_A11Y=none
  # GNOME's interface font when it is installed (fonts-cantarell), as the
  # settings daemon would set it; CJK text falls back to Noto Sans CJK.
  if fc-list Cantarell 2>/dev/null | grep . >/dev/null; then
    mkdir -p "$XDG_CONFIG_HOME/gtk-4.0"
    printf '[Settings]\ngtk-font-name=Cantarell 11\n' >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini"
  fi
  unset LC_ALL LC_MESSAGES LANG LANGUAGE ADW_DEBUG_COLOR_SCHEME

  case "$shot" in
    main-window-zh_CN)
      if locale -a 2>/dev/null | grep -ix 'zh_CN.utf8' >/dev/null; then
        export LANG=zh_CN.UTF-8 LANGUAGE=zh_CN
      else
        echo "screenshots: the zh_CN.UTF-8 locale is not installed (locales-all); only the messages will be Chinese" >&2
        export LC_ALL=C.UTF-8 LANGUAGE=zh_CN
      fi
      ;;
    *)
      export LANG=C.UTF-8 LANGUAGE=en
      ;;
  esac
  if [ "$shot" = main-window-dark ]; then
    export ADW_DEBUG_COLOR_SCHEME=prefer-dark
  fi

  "$build/src/gui/partnerdesk" --store "$tmp/store.db" >"$tmp/app.log" 2>&1 &
  app_pid=$!

  # The app's visible toplevels, top of the stack first: "ID WxH".
  toplevels () {
    xwininfo -root -children 2>/dev/null |
      awk '/\("partnerdesk" / { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+x[0-9]+\+/) { split ($i, g, "+"); if (g[1] != "1x1") print $1, g[1] } }'
  }

  wait_for_toplevels () {
    local n=$1
    for _ in $(seq 1 150); do
      if ! kill -0 "$app_pid" 2>/dev/null; then
        echo "screenshots: the app exited; its output:" >&2
        cat "$tmp/app.log" >&2
        exit 1
      fi
      [ "$(toplevels | wc -l)" -ge "$n" ] && return 0
      sleep 0.1
    done
    echo "screenshots: $shot: expected $n window(s) of the app within 15 s" >&2
    cat "$tmp/app.log" >&2
    exit 1
  }

  wait_for_toplevels 1
  if [ "$shot" = preferences ]; then
    sleep 1
    gapplication action "$app_id" preferences
    wait_for_toplevels 2
  fi
  # Let the first frames and the view switcher's animations finish.
  sleep 2

  read -r window size < <(toplevels | head -n 1)
  import -window root -crop "${size}+0+0" +repage -strip \
    -define png:exclude-chunks=date,time "$out"
  echo "screenshots: $out ($size, window $window)"
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
for tool in Xvfb dbus-run-session gapplication xwininfo import; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is missing" >&2; exit 1; }
done

meson compile -C "$build" >/dev/null
meson compile -C "$build" partnerdesk-gmo >/dev/null

outdir="$srcdir/data/screenshots"
mkdir -p "$outdir"
for shot in main-window main-window-dark main-window-zh_CN preferences; do
  rm -f "$outdir/$shot.png"
  "$srcdir/tests/gui/xvfb-wrapper.sh" dbus-run-session -- \
    "$here/screenshots.sh" --shot "$build" "$shot" "$outdir/$shot.png" 2>&1 |
    grep -v -e '^dbus-daemon\[' -e 'SpiRegistry daemon' -e '^X connection to' || true
  [ -s "$outdir/$shot.png" ] || { echo "screenshots: $shot.png was not written" >&2; exit 1; }
done
