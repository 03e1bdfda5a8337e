#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-demo.sh BUILD_DIR [APP ARGS...]: what ./run opens (./run builds
# first). Also run as is by the end-to-end test of the demo
# (tests/e2e/test-demo.py), which reads the app through AT-SPI.
set -euo pipefail

# The demo: a sandbox platform (src/sandbox/README.md) with the demo seed
# on a free loopback port, and the app on a new store beside it, both in
# a directory of this run that goes when the app quits. The sandbox's
# test credentials reach the app through its environment (PD_ENDPOINT,
# PD_APP_KEY, PD_APP_SECRET, PD_ACCESS_TOKEN, PD_REFRESH_TOKEN, and the
# Open API app's PD_OPEN_APP_KEY, PD_OPEN_APP_SECRET: the app uses them
# for the session, README.md), never a command line, a file, the store or
# the keyring. The user's own store is not touched.
#
# One demo seller is already connected through the TikTok Shop Open API
# (README.md, "The demo's connected shop"): the sandbox approves one of
# its authorization links at start (--approve-demo-link) and prints the
# address the seller's browser would end on; partnerdesk-cli syncs the
# demo store, connects that address (read from standard input, not the
# command line) and reads the shop, its GMV taking the place of the
# synced one (--overwrite-settled: the Overview then counts it as the
# platform's). The seller's tokens live in a keyring
# the demo owns: libsecret's file backend (SECRET_BACKEND=file) on an
# encrypted file in the demo's directory, under a random password of this
# run, so that neither the user's login keyring nor the session's secret
# service is written. It goes with the directory.
demo_dir=
sandbox_pid=

stop_demo () {
  if [ -n "$sandbox_pid" ]; then
    kill -TERM "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  [ -n "$demo_dir" ] && rm -rf "$demo_dir"
}

run_demo () {
  local dir=$1; shift
  local base=${XDG_RUNTIME_DIR:-}
  local line word redirect=
  local -a words

  if [ -z "$base" ] || [ ! -d "$base" ] || [ ! -w "$base" ]; then
    base=${TMPDIR:-/tmp}
  fi
  demo_dir=$(mktemp -d "$base/partnerdesk-demo.XXXXXX")
  trap stop_demo EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  exec {sandbox_out}< <(exec "$dir/src/sandbox/partnerdesk-sandbox" --listen 127.0.0.1:0 \
                          --data "$demo_dir/sandbox" --seed demo --approve-demo-link)
  sandbox_pid=$!
  if ! IFS= read -r -t 30 line <&"$sandbox_out" || [[ $line != PD_ENDPOINT=* ]]; then
    echo "run: the sandbox platform did not start" >&2
    exit 1
  fi
  read -r -a words <<<"$line"
  for word in "${words[@]}"; do
    case $word in
      PD_ENDPOINT=*|PD_APP_KEY=*|PD_APP_SECRET=*|PD_ACCESS_TOKEN=*|PD_REFRESH_TOKEN=*)
        export "$word" ;;
      PD_OPEN_APP_KEY=*|PD_OPEN_APP_SECRET=*)
        export "$word" ;;
      PD_DEMO_REDIRECT_URL=*)
        redirect=${word#*=} ;;
    esac
  done
  # The demo's own keyring, in its directory.
  export SECRET_BACKEND=file SECRET_FILE_TEST_PATH="$demo_dir/keyring"
  SECRET_FILE_TEST_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  export SECRET_FILE_TEST_PASSWORD
  # The endpoints are no secret: the demo store's Preferences show them.
  for key in endpoint open_api.auth_endpoint open_api.endpoint; do
    "$dir/src/cli/partnerdesk-cli" --store "$demo_dir/store.db" config set "$key" "$PD_ENDPOINT" >/dev/null
  done
  if [ -n "$redirect" ]; then
    if ! { "$dir/src/cli/partnerdesk-cli" --store "$demo_dir/store.db" sync >/dev/null &&
           printf '%s\n' "$redirect" |
             "$dir/src/cli/partnerdesk-cli" --store "$demo_dir/store.db" shop connect - >/dev/null &&
           "$dir/src/cli/partnerdesk-cli" --store "$demo_dir/store.db" shop read --overwrite-settled >/dev/null; }; then
      echo "run: the demo seller's shop could not be connected; the demo goes on without it" >&2
    fi
  fi
  echo "run: demo store in $demo_dir, sandbox platform on $PD_ENDPOINT until the app quits" >&2
  "$dir/src/gui/partnerdesk" --store "$demo_dir/store.db" "$@"
}

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: run-demo.sh BUILD_DIR [APP ARGS...]" >&2
  exit 2
fi
run_demo "$@"
