#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The projection benchmark (issue 4, item 6), side by side with sqlite3
reading the stores table once, on the same store and the same machine.

    bench-project-json.py PARTNERDESK_CLI [SELLERS [RUNS]]

SELLERS defaults to 1,000,000 (gen-sellers.py: every seller on the target
list with an onboarding link, 90% with a store, 10% of those with two:
about a million stores, a 750 MB store); RUNS to 3. Every figure is the
median of the runs, which alternate between the two measurements so that
a busy moment of the machine hits both alike. Set PD_BENCH_STORE to a
path to keep (and reuse) the generated store between runs.

    baseline  sqlite3 STORE "SELECT * FROM stores" > /dev/null
    project   partnerdesk-cli --store STORE project --program
              eu-jp-pop-partner-2026q1 --as-of 2026-04-15T12:00:00+08:00
              --json > /dev/null
Criteria: project <= 2 x baseline (wall clock), peak RSS of project
<= 300 MB. Exit status 1 if one fails.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

CLI = sys.argv[1]
SELLERS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
HERE = os.path.dirname(os.path.abspath(__file__))
AS_OF = '2026-04-15T12:00:00+08:00'
MAX_RATIO = 2.0
MAX_RSS_MB = 300


def run(argv):
    """Wall time and peak RSS (MB) of one run, output to /dev/null."""
    with open(os.devnull, 'wb') as null:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        err = proc.stderr.read().decode('utf-8', 'replace')
        proc.stderr.close()
    if status != 0:
        sys.exit('%s failed (%d): %s' % (argv[0], status, err))
    return wall, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def main():
    tmp = None
    store = os.environ.get('PD_BENCH_STORE')
    if not store:
        tmp = tempfile.TemporaryDirectory(prefix='pd-bench-project-')
        store = os.path.join(tmp.name, 'store.db')
    if not os.path.exists(store):
        start = time.monotonic()
        subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'gen-sellers.py'), CLI, store,
                        str(SELLERS)], check=True)
        print('generated in %.1f s (%.0f MB)' % (time.monotonic() - start,
                                                 os.path.getsize(store) / 1e6))

    baseline = ['sqlite3', store, 'SELECT * FROM stores']
    project = [CLI, '--store', store, 'project', '--program', 'eu-jp-pop-partner-2026q1',
               '--as-of', AS_OF, '--json']

    # Warm the page cache (and let the CLI migrate the store if needed).
    run(baseline)
    run(project)

    base, proj = [], []
    for i in range(RUNS):
        base.append(run(baseline))
        proj.append(run(project))
        print('run %d: baseline %.2f s, project %.2f s (%.0f MB, CPU %.2f s)'
              % (i + 1, base[-1][0], proj[-1][0], proj[-1][1], proj[-1][2]))

    b = statistics.median(x[0] for x in base)
    p = statistics.median(x[0] for x in proj)
    rss = max(x[1] for x in proj)
    ratio = p / b
    print('baseline (sqlite3 SELECT * FROM stores): %.2f s' % b)
    print('project --json:                          %.2f s (CPU %.2f s)'
          % (p, statistics.median(x[2] for x in proj)))
    print('ratio: %.2f (target <= %.1f)' % (ratio, MAX_RATIO))
    print('peak RSS of project: %.0f MB (target <= %d MB)' % (rss, MAX_RSS_MB))
    ok = ratio <= MAX_RATIO and rss <= MAX_RSS_MB
    print('PASS' if ok else 'FAIL')
    if tmp is not None:
        tmp.cleanup()
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
