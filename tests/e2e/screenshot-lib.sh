# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by the screenshot-*.sh scripts (after they set $here and
# $srcdir): the build, the app's environment, the language and the
# display each of them needs. Each script runs itself again with
# --inner on its own Xvfb display and session bus.

name=$(basename "$0" .sh)

# screenshot_prepare BUILD_DIR: compiles the build and its translations
# and sets the app's environment; sets $build.
screenshot_prepare () {
  build=$(readlink -f "$1")
  meson compile -C "$build" >/dev/null
  meson compile -C "$build" partnerdesk-gmo >/dev/null
  export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory
  export PARTNERDESK_PROGRAMS_DIR="$srcdir/data/programs" PARTNERDESK_LOCALEDIR="$build/po"
  export PARTNERDESK_BIN="$build/src/gui/partnerdesk"
  unset LC_ALL LC_MESSAGES ADW_DEBUG_COLOR_SCHEME
}

# screenshot_language en|zh_CN: the app's language (in a subshell);
# without the zh_CN.UTF-8 locale only the messages are Chinese.
screenshot_language () {
  if [ "$1" = zh_CN ]; then
    if locale -a 2>/dev/null | grep -ix 'zh_CN.utf8' >/dev/null; then
      export LANG=zh_CN.UTF-8 LANGUAGE=zh_CN
    else
      echo "$name: the zh_CN.UTF-8 locale is not installed; only the messages will be Chinese" >&2
      export LC_ALL=C.UTF-8 LANGUAGE=zh_CN
    fi
  else
    export LANG=C.UTF-8 LANGUAGE=en
  fi
}

# screenshot_display ARGS...: "$0" --inner ARGS on its own display and
# bus, without the daemons' chatter.
screenshot_display () {
  "$srcdir/tests/gui/xvfb-wrapper.sh" dbus-run-session -- "$0" --inner "$@" 2>&1 |
    grep -v -e '^dbus-daemon\[' -e 'SpiRegistry daemon' -e '^X connection to' -e 'dbind-WARNING' || true
}

# screenshot_written FILE: fails unless the run wrote FILE.
screenshot_written () {
  [ -s "$1" ] || { echo "$name: $1 was not written" >&2; exit 1; }
  echo "$name: $1"
}
