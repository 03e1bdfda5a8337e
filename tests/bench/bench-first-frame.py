#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The first-frame benchmark (issue 5, item 7a), side by side with a bare
GTK 4 hello-world window, on the same X display and machine.

    bench-first-frame.py PARTNERDESK HELLO PARTNERDESK_CLI [SELLERS [RUNS]]

Both programs print `first-frame-us=<g_get_monotonic_time () at their
first frame clock after-paint>` and quit (Partner Desk when
PARTNERDESK_BENCH_FIRST_FRAME=1). The figure is that time minus the
CLOCK_MONOTONIC time just before the process was started: start-up,
store opening, building the window and its pages, and the first paint.
Partner Desk opens a store of SELLERS (default 1,000,000) merchants made
by gen-sellers.py (PD_BENCH_STORE keeps it between runs). RUNS (default
9) alternate between the two programs; medians are compared.

Criteria: Partner Desk <= 1.5 x hello world; its peak RSS <= 250 MB.
Needs an X display: run under xvfb-run (the meson benchmark does).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

APP, HELLO, CLI = sys.argv[1:4]
SELLERS = int(sys.argv[4]) if len(sys.argv) > 4 else 1000000
RUNS = int(sys.argv[5]) if len(sys.argv) > 5 else 9
HERE = os.path.dirname(os.path.abspath(__file__))
MAX_RATIO = 1.5
MAX_RSS_MB = 250


def first_frame(argv, env):
    """Milliseconds from process start to first frame, and peak RSS (MB)."""
    start_us = time.monotonic_ns() // 1000
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=120)
    for line in out.decode().splitlines():
        if line.startswith('first-frame-us='):
            return (int(line.split('=', 1)[1]) - start_us) / 1000.0
    sys.exit('%s printed no first-frame-us (exit %d): %s'
             % (argv[0], proc.returncode, err.decode('utf-8', 'replace')[-2000:]))


def peak_rss(argv, env):
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024.0


def main():
    tmp = tempfile.TemporaryDirectory(prefix='pd-bench-frame-')
    store = os.environ.get('PD_BENCH_STORE') or os.path.join(tmp.name, 'store.db')
    if not os.path.exists(store):
        start = time.monotonic()
        subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'gen-sellers.py'), CLI, store,
                        str(SELLERS)], check=True)
        print('generated %d sellers in %.1f s (%.0f MB)'
              % (SELLERS, time.monotonic() - start, os.path.getsize(store) / 1e6))

    env = dict(os.environ)
    env.update({
        'PARTNERDESK_BENCH_FIRST_FRAME': '1',
        'GSETTINGS_BACKEND': 'memory',
        'NO_AT_BRIDGE': '1',
        'GTK_A11Y': 'none',
        'XDG_CONFIG_HOME': os.path.join(tmp.name, 'config'),
        'XDG_CACHE_HOME': os.path.join(tmp.name, 'cache'),
    })
    app = [APP, '--store', store]
    hello = [HELLO]

    # Warm the page cache, fonts and the store (a first open may migrate it).
    first_frame(app, env)
    first_frame(hello, env)

    a, h = [], []
    for i in range(RUNS):
        h.append(first_frame(hello, env))
        a.append(first_frame(app, env))
        print('run %d: hello %.1f ms, partnerdesk %.1f ms' % (i + 1, h[-1], a[-1]))

    rss = peak_rss(app, env)
    hm, am = statistics.median(h), statistics.median(a)
    ratio = am / hm
    print('hello world first frame (median): %.1f ms' % hm)
    print('partnerdesk first frame (median): %.1f ms over %d merchants' % (am, SELLERS))
    print('ratio: %.2f (target <= %.1f)' % (ratio, MAX_RATIO))
    print('peak RSS of partnerdesk: %.0f MB (target <= %d MB)' % (rss, MAX_RSS_MB))
    ok = ratio <= MAX_RATIO and rss <= MAX_RSS_MB
    print('PASS' if ok else 'FAIL')
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
