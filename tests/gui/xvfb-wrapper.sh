#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command on a private Xvfb display: xvfb-wrapper.sh COMMAND [ARG...]
#
# Xvfb picks a free display itself and reports it on a file descriptor
# (-displayfd), so parallel tests never race for the same display number
# as `xvfb-run -a` can. Xvfb is killed when the command ends.
#
# Without Xvfb it fails (exit 1), naming the package: ./run test installs
# it. With PARTNERDESK_ALLOW_SKIP=1 it runs the command with no display
# instead, and the command skips itself (gui_test_init, e2e_util.py).

set -u

if ! command -v Xvfb >/dev/null 2>&1; then
  if [ "${PARTNERDESK_ALLOW_SKIP:-}" = 1 ]; then
    echo "xvfb-wrapper: Xvfb is not installed (Debian package xvfb): running without a display" >&2
    unset DISPLAY WAYLAND_DISPLAY
    exec "$@"
  fi
  echo "xvfb-wrapper: Xvfb is not installed: install the Debian package xvfb (./run test does), or set PARTNERDESK_ALLOW_SKIP=1 to skip" >&2
  exit 1
fi

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/pd-xvfb.XXXXXX") || exit 1
xvfb_pid=

cleanup ()
{
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  rm -rf "$tmpdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

Xvfb -displayfd 3 -screen 0 "${PD_XVFB_SCREEN:-1280x800x24}" -nolisten tcp -noreset \
  3>"$tmpdir/display" >"$tmpdir/xvfb.log" 2>&1 &
xvfb_pid=$!

# Wait up to 20 s for Xvfb to write its display number.
display=
i=0
while [ $i -lt 200 ]; do
  display=$(head -n 1 "$tmpdir/display" 2>/dev/null)
  [ -n "$display" ] && break
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "xvfb-wrapper: Xvfb exited before reporting a display:" >&2
    cat "$tmpdir/xvfb.log" >&2
    exit 1
  fi
  sleep 0.1
  i=$((i + 1))
done
if [ -z "$display" ]; then
  echo "xvfb-wrapper: Xvfb did not report a display within 20 s" >&2
  exit 1
fi

DISPLAY=":$display"
GDK_BACKEND=x11
GSK_RENDERER=cairo
GDK_DEBUG=gl-disable
export DISPLAY GDK_BACKEND GSK_RENDERER GDK_DEBUG
unset WAYLAND_DISPLAY

"$@"
status=$?
exit $status
