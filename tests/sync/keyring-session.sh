#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs "$@" with an unlocked gnome-keyring-daemon (secrets only) whose
# files live in a temporary home, on a private session bus: the script
# starts itself again inside dbus-run-session, and the daemon ends with
# that bus.
#
# Without dbus-run-session or gnome-keyring-daemon it fails, naming the
# Debian package; with PARTNERDESK_ALLOW_SKIP=1 it runs "$@" without the
# keyring instead, and the keyring cases skip themselves.
set -e

missing ()
{
  what=$1 package=$2
  shift 2
  if [ "${PARTNERDESK_ALLOW_SKIP:-}" = 1 ]; then
    echo "keyring-session: $what is not installed (Debian package $package): the keyring cases skip" >&2
    exec "$@"
  fi
  message="$what is not installed: install the Debian package $package (./run test does), or set PARTNERDESK_ALLOW_SKIP=1 to skip"
  echo "Bail out! $message"
  echo "keyring-session: $message" >&2
  exit 1
}

if [ -z "${PD_KEYRING_SESSION_BUS:-}" ]; then
  command -v dbus-run-session >/dev/null 2>&1 || missing dbus-run-session dbus "$@"
  command -v gnome-keyring-daemon >/dev/null 2>&1 || missing gnome-keyring-daemon gnome-keyring "$@"
  PD_KEYRING_SESSION_BUS=1 exec dbus-run-session -- sh "$0" "$@"
fi

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
       XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(echo partnerdesk-test-password | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL PARTNERDESK_TEST_KEYRING=1
"$@"
