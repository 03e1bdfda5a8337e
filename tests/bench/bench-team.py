#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The team hub (issue 20), against a PostgreSQL 15 it starts
(tests/team/pg_cluster.py):

1. an edit reaches nine other connected desktops (`team sync --watch`):
   from the editing desktop's `team sync` until each of the nine has pulled
   it, median over PD_BENCH_TEAM_ROUNDS (20) edits; goal <= 2 s;
2. a new desktop's first `team sync` of PD_BENCH_TEAM_MERCHANTS (100,000;
   the issue's figure is 1,000,000) merchants' agency data (a note and an
   assignee each, written on the hub by SQL: the change log and the state
   tables), which copies the hub's current state, beside `psql \\copy` of
   the same rows (the change that last set each field) out of the hub;
   goal <= 2x; best of three each, back to back, wall time and CPU time
   (the client's, user + system, and the PostgreSQL processes' that ran
   for it: the postmaster's reaped children). PD_BENCH_TEAM_ONLY=first
   skips the latency part.

bench-team.py PARTNERDESK_CLI"""
import os
import queue
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'team'))
import pg_cluster  # noqa: E402

CLI = sys.argv[1]
ROUNDS = int(os.environ.get('PD_BENCH_TEAM_ROUNDS', '20'))
MERCHANTS = int(os.environ.get('PD_BENCH_TEAM_MERCHANTS', '100000'))


def cli(store, password, *args):
    r = subprocess.run([CLI, '--store', store, *args], capture_output=True, text=True,
                       env=dict(os.environ, PD_TEAM_PASSWORD=password))
    if r.returncode != 0:
        sys.exit(f'partnerdesk-cli {" ".join(args)}: {r.stderr}')
    return r.stdout


def latency(pg, tmp):
    stores = []
    for i in range(10):
        role = f'desk{i}'
        pg.add_staff('agency', role, f'pw-{role}')
        store = os.path.join(tmp, f'{role}.db')
        cli(store, f'pw-{role}', 'team', 'join', pg.url(role, 'agency'), '--staff', f'Staff {i}')
        stores.append((store, f'pw-{role}'))
    watchers, lines = [], []
    for store, password in stores[1:]:
        p = subprocess.Popen([CLI, '--store', store, 'team', 'sync', '--watch', '3600'], text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env=dict(os.environ, PD_TEAM_PASSWORD=password))
        q = queue.Queue()
        threading.Thread(target=lambda p=p, q=q: [q.put(line) for line in p.stdout], daemon=True).start()
        q.get(timeout=60)  # listening
        watchers.append(p)
        lines.append(q)
    worst, each = [], []
    try:
        for n in range(ROUNDS):
            # Outside the first sync's merchants (7000000001 on), which its SQL inserts.
            cli(stores[0][0], stores[0][1], 'merchant', 'note', '7900000001', f'round {n}')
            start = time.monotonic()
            cli(stores[0][0], stores[0][1], 'team', 'sync')
            times = []
            for q in lines:
                while 'pulled 1,' not in q.get(timeout=60):
                    pass
                times.append(time.monotonic() - start)
            worst.append(max(times))
            each.extend(times)
    finally:
        for p in watchers:
            p.terminate()
            p.wait()
    print(f'edit to 9 watching desktops: median {statistics.median(each) * 1000:.0f} ms per desktop,'
          f' median {statistics.median(worst) * 1000:.0f} ms until the last of the nine'
          f' ({ROUNDS} edits; goal 2000 ms)')


def postgres_cpu(pg):
    """CPU seconds of the cluster's exited processes (backends, parallel
    workers), from the postmaster's /proc stat (cutime + cstime)."""
    with open(os.path.join(pg.data, 'postmaster.pid')) as f:
        pid = f.readline().strip()
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf('SC_CLK_TCK')


def timed(pg, run):
    """@run()'s wall, client CPU and PostgreSQL CPU seconds, and its result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = postgres_cpu(pg)
    start = time.monotonic()
    result = run()
    wall = time.monotonic() - start
    time.sleep(0.5)  # the backend exits and is reaped after the client
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return (wall, client, postgres_cpu(pg) - server), result


def first_sync(pg, tmp):
    # The agency's data as if Li had written it, straight into the hub.
    pg.add_staff('agency', 'li', 'pw-li')
    cli(os.path.join(tmp, 'li.db'), 'pw-li', 'team', 'join', pg.url('li', 'agency'), '--staff', 'Li Wei')
    pg.psql('agency', f"""
        INSERT INTO partnerdesk.changes (entity, key, field, value, author, role, desktop)
          SELECT 'merchant', '7' || lpad(n::text, 9, '0'), f, CASE f WHEN 'notes'
                 THEN '2026-03-01 Li Wei: called, wants the EU program ' || n ELSE 'Li Wei' END,
                 'Li Wei', 'li', 'bench'
          FROM generate_series(1, {MERCHANTS}) AS n, (VALUES ('notes'), ('assignee')) AS v (f)
          ORDER BY n, f;
        -- The state tables, as partnerdesk.push() leaves them.
        INSERT INTO partnerdesk.merchants (seller_id, notes, notes_seq, assignee, assignee_seq,
                                           updated_by, updated_at)
          SELECT key, max(value) FILTER (WHERE field = 'notes'), max(seq) FILTER (WHERE field = 'notes'),
                 max(value) FILTER (WHERE field = 'assignee'), max(seq) FILTER (WHERE field = 'assignee'),
                 'Li Wei', max(at)
          FROM partnerdesk.changes WHERE desktop = 'bench' GROUP BY key;
        ANALYZE partnerdesk.changes; ANALYZE partnerdesk.merchants;""")
    rows = int(pg.psql('agency', 'SELECT count(*) FROM partnerdesk.changes'))
    # Best of three of each (by wall time), back to back: the machine is shared.
    ours = copy = None
    for attempt in range(3):
        pg.add_staff('agency', f'wang{attempt}', 'pw-wang')
        store = os.path.join(tmp, f'wang{attempt}.db')
        cli(store, 'pw-wang', 'team', 'join', pg.url(f'wang{attempt}', 'agency'), '--staff', f'Wang {attempt}')
        figures, out = timed(pg, lambda: cli(store, 'pw-wang', 'team', 'sync'))
        ours = min(ours or figures, figures)
        env = dict(os.environ, PGPASSWORD='pw-wang')
        # The same rows: the change that last set each field, as the sync reads them.
        figures, _ = timed(pg, lambda: subprocess.run(
            [os.path.join(pg.bin, 'psql'), '-X', '-q', '-h', '127.0.0.1', '-p', str(pg.port),
             '-U', f'wang{attempt}', 'agency', '-c',
             "\\copy (SELECT c.seq, c.entity, c.key, c.field, c.value, c.author, c.desktop, c.at"
             " FROM partnerdesk.changes c JOIN (SELECT notes_seq AS cur FROM partnerdesk.merchants"
             " WHERE notes_seq > 0 UNION ALL SELECT tags_seq FROM partnerdesk.merchants WHERE tags_seq > 0"
             " UNION ALL SELECT assignee_seq FROM partnerdesk.merchants WHERE assignee_seq > 0) AS s"
             f" ON c.seq = s.cur) TO '{os.path.join(tmp, 'copy.txt')}'"],
            env=env, check=True))
        copy = min(copy or figures, figures)
        os.unlink(store)
    print(f'first team sync of {MERCHANTS} merchants ({rows} changes): {ours[0]:.2f} s'
          f' ({rows / ours[0]:.0f} changes/s; CPU {ours[1]:.2f} s client + {ours[2]:.2f} s PostgreSQL);'
          f' psql \\copy of the same rows: {copy[0]:.2f} s (CPU {copy[1]:.2f} s + {copy[2]:.2f} s);'
          f' ratio {ours[0] / copy[0]:.1f} wall (goal <= 2), {sum(ours[1:]) / sum(copy[1:]):.1f} CPU;'
          f' load average {os.getloadavg()[0]:.1f}; {out.strip()}')


def main():
    with pg_cluster.PgCluster() as pg, tempfile.TemporaryDirectory(prefix='pd-bench-team-') as tmp:
        pg.create_database('agency')
        cli(os.path.join(tmp, 'owner.db'), pg_cluster.ADMIN_PASSWORD, 'team', 'init',
            pg.url('pdadmin', 'agency'))
        if os.environ.get('PD_BENCH_TEAM_ONLY') != 'first':
            latency(pg, tmp)
        first_sync(pg, tmp)


if __name__ == '__main__':
    main()
