#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs "$@" with an unlocked gnome-keyring-daemon (secrets only) whose
# files live in a temporary home. meson runs it inside dbus-run-session:
# the daemon ends with that session bus.
set -e
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
       XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(echo partnerdesk-test-password | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL PARTNERDESK_TEST_KEYRING=1
"$@"
