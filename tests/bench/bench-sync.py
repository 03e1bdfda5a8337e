#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The first sync of 100,000 changes, against curl fetching the same pages.

Usage: bench-sync.py PATH/TO/partnerdesk-sandbox PATH/TO/partnerdesk-cli [CHANGES]

Starts the sandbox on loopback with the demo seed plus CHANGES (default
100,000) bulk changes, then, three times each, best time kept:
  - baseline: a script walks the change feed with curl, one process per
    page (limit=1000, the client's page size), signing each URL as
    platform-api.md says and reading next_cursor from each page;
  - partnerdesk-cli sync into a new store (fetch, check, apply, commit);
then times partnerdesk-cli sync with nothing new (median of 15 runs).
Targets (issue 6): first sync <= 2x the curl walk; nothing new <= 50 ms.
Exit status 1 when a target is missed.
"""

import hashlib
import hmac
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

PAGE_LIMIT = "1000"


def start_sandbox(sandbox, data_dir):
    proc = subprocess.Popen([sandbox, "--listen", "127.0.0.1:0", "--data", data_dir,
                             "--seed", "demo", "--admin"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("PD_ENDPOINT="):
        proc.kill()
        raise SystemExit("the sandbox did not start")
    env = dict(word.split("=", 1) for word in line.split())
    return proc, env


def admin(endpoint, path, body):
    request = urllib.request.Request(endpoint + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)


def sign(secret, path, query):
    message = secret + path
    for name in sorted(query):
        if name not in ("sign", "access_token"):
            message += name + query[name]
    message += secret
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def curl_walk(env):
    """Every page of the feed with curl; returns (seconds, pages, changes)."""
    start = time.monotonic()
    cursor = None
    pages = changes = 0
    while True:
        query = {"app_key": env["PD_APP_KEY"], "timestamp": str(int(time.time())), "limit": PAGE_LIMIT}
        if cursor is not None:
            query["cursor"] = cursor
        query["sign"] = sign(env["PD_APP_SECRET"], "/v1/changes", query)
        url = env["PD_ENDPOINT"] + "/v1/changes?" + urllib.parse.urlencode(query)
        body = subprocess.run(["curl", "--silent", "--fail", "--header",
                               "x-tts-access-token: " + env["PD_ACCESS_TOKEN"], url],
                              check=True, capture_output=True).stdout
        page = json.loads(body)
        pages += 1
        changes += len(page["changes"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return time.monotonic() - start, pages, changes


def cli_sync(cli, env, store):
    child_env = dict(os.environ)
    child_env.update({k: v for k, v in env.items() if k != "PD_ENDPOINT"})
    start = time.monotonic()
    result = subprocess.run([cli, "--store", store, "sync", "--endpoint", env["PD_ENDPOINT"], "--json"],
                            env=child_env, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit("partnerdesk-cli sync failed: " + result.stderr)
    return elapsed, json.loads(result.stdout)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    sandbox, cli = sys.argv[1], sys.argv[2]
    bulk = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    if shutil.which("curl") is None:
        print("curl is not installed: no baseline")
        return 77

    work = tempfile.mkdtemp(prefix="pd-bench-sync-")
    proc, env = start_sandbox(sandbox, os.path.join(work, "sandbox"))
    try:
        seeded = admin(env["PD_ENDPOINT"], "/sandbox/seed-bulk", {"changes": bulk})
        total = seeded["last_seq"]
        print(f"feed: {total} changes ({bulk} bulk target merchants after the demo seed)")

        curl_times, sync_times = [], []
        for attempt in range(3):
            seconds, pages, changes = curl_walk(env)
            assert changes == total, (changes, total)
            curl_times.append(seconds)

            store = os.path.join(work, f"store-{attempt}.db")
            seconds, summary = cli_sync(cli, env, store)
            assert summary["changes_applied"] == total, summary
            sync_times.append(seconds)
            print(f"  run {attempt + 1}: curl {curl_times[-1]:.2f} s ({pages} pages),"
                  f" partnerdesk-cli sync {sync_times[-1]:.2f} s")

        idle = []
        for _ in range(15):
            seconds, summary = cli_sync(cli, env, os.path.join(work, "store-0.db"))
            assert summary["changes_applied"] == 0, summary
            idle.append(seconds)

        curl_best, sync_best = min(curl_times), min(sync_times)
        ratio = sync_best / curl_best
        idle_ms = statistics.median(idle) * 1000
        print(f"first sync of {total} changes: {sync_best:.2f} s; curl fetching the same pages:"
              f" {curl_best:.2f} s; ratio {ratio:.2f} (target <= 2)")
        print(f"sync with nothing new: {idle_ms:.1f} ms median of 15 (whole CLI process; target <= 50 ms)")
        ok = ratio <= 2.0 and idle_ms <= 50.0
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
