#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The first-frame benchmark (issue 5, item 7a), side by side with a bare
GTK 4 hello-world window, on the same X display and machine.

    bench-first-frame.py PARTNERDESK HELLO ADW_SHELL PARTNERDESK_CLI [SELLERS [RUNS]]

The programs print `first-frame-us=<g_get_monotonic_time () at their
first frame clock after-paint>` and the CPU time they used by then, and
quit (Partner Desk when PARTNERDESK_BENCH_FIRST_FRAME=1). The figure is
that time minus the CLOCK_MONOTONIC time just before the process was
started: start-up, store opening, building the window, and the first
paint. Partner Desk opens a store of SELLERS (default 1,000,000)
merchants made by gen-sellers.py (PD_BENCH_STORE keeps it between runs).
RUNS (default 15) alternate between the programs; medians are compared.

HELLO is the baseline of the criterion. ADW_SHELL (adw-shell-first-frame.c)
is the empty libadwaita window Partner Desk's is made of: header bar,
view switcher over five empty pages, menu button, switcher bar. Its
ratio to HELLO is the floor libadwaita sets on this machine; the ratio
of Partner Desk to it is what Partner Desk adds.

Criteria: Partner Desk <= 1.5 x hello world; its peak RSS <= 250 MB.
Needs an X display: run under xvfb-run (the meson benchmark does).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

APP, HELLO, SHELL, CLI = sys.argv[1:5]
SELLERS = int(sys.argv[5]) if len(sys.argv) > 5 else 1000000
RUNS = int(sys.argv[6]) if len(sys.argv) > 6 else 15
HERE = os.path.dirname(os.path.abspath(__file__))
MAX_RATIO = 1.5
MAX_RSS_MB = 250


def first_frame(argv, env):
    """Milliseconds from process start to first frame, and the CPU
    milliseconds the process used by then."""
    start_us = time.monotonic_ns() // 1000
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=120)
    wall = cpu = None
    for line in out.decode().splitlines():
        if line.startswith('first-frame-us='):
            wall = (int(line.split('=', 1)[1]) - start_us) / 1000.0
        elif line.startswith('first-frame-cpu-us='):
            cpu = int(line.split('=', 1)[1]) / 1000.0
    if wall is None or cpu is None:
        sys.exit('%s printed no first-frame-us (exit %d): %s'
                 % (argv[0], proc.returncode, err.decode('utf-8', 'replace')[-2000:]))
    return wall, cpu


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
    programs = {
        'hello': [HELLO],
        'adw-shell': [SHELL],
        'partnerdesk': [APP, '--store', store],
    }

    # Warm the page cache, fonts, shader caches and the store (a first
    # open may migrate it).
    for argv in programs.values():
        first_frame(argv, env)

    times = {name: [] for name in programs}
    for i in range(RUNS):
        for name, argv in programs.items():
            times[name].append(first_frame(argv, env))
        print('run %d: %s' % (i + 1, ', '.join('%s %.1f ms' % (name, t[-1][0])
                                                for name, t in times.items())))

    rss = peak_rss(programs['partnerdesk'], env)
    wall = {name: statistics.median(t[0] for t in ts) for name, ts in times.items()}
    cpu = {name: statistics.median(t[1] for t in ts) for name, ts in times.items()}
    for name in programs:
        print('%s first frame (median): %.1f ms, %.1f ms of CPU, %.2fx hello world'
              % (name, wall[name], cpu[name], wall[name] / wall['hello']))
    ratio = wall['partnerdesk'] / wall['hello']
    print('partnerdesk over %d merchants: %.2fx hello world (target <= %.1f), '
          '%.2fx the empty libadwaita shell (which is %.2fx hello world)'
          % (SELLERS, ratio, MAX_RATIO, wall['partnerdesk'] / wall['adw-shell'],
             wall['adw-shell'] / wall['hello']))
    print('peak RSS of partnerdesk: %.0f MB (target <= %d MB)' % (rss, MAX_RSS_MB))
    ok = ratio <= MAX_RATIO and rss <= MAX_RSS_MB
    print('PASS' if ok else 'FAIL')
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
