#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts the test cases of meson runs; CI's verdict (.ci/run).

    count-results.py [--minimums FILE] [--allow-skips] [--status N]
                     LABEL=BUILD/meson-logs/testlog.json ...

meson's testlog.json has one entry per test program. The programs that
speak TAP (protocol 'tap' in tests/meson.build: the GLib tests and the
python tests through tests/tap-unittest.py) have their TAP output in the
entry's stdout: each "ok"/"not ok" line is a case. Other programs count
as one case each.

For each LABEL it prints the cases run, skipped and failed, then every
skipped and failed case. A run fails when
  - the log is missing or holds no case (an empty run),
  - any case or program was skipped (unless --allow-skips): a missing
    prerequisite is a broken set-up in CI,
  - fewer cases ran than the LABEL's minimum in the minimums file
    (tests/expected-minimum; a LABEL missing from the file is an error),
  - a case or a program failed (a program that crashed or exited non-zero
    after its cases passed counts as one failed case),
  - --status (the exit status of the build and meson test) is not 0.
Each such rule broken adds one to the failed count. The last line is
always "N passed, N failed" over all labels; the exit status is 1 when
anything failed.
"""

import argparse
import json
import os
import re
import sys

BAD = {'FAIL', 'ERROR', 'TIMEOUT', 'INTERRUPT', 'UNEXPECTEDPASS'}
GOOD = {'OK', 'EXPECTEDFAIL'}

PLAN = re.compile(r'^1\.\.(\d+)\s*(?:#\s*(.*))?$')
CASE = re.compile(r'^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$', re.IGNORECASE)
DIRECTIVE = re.compile(r'^(SKIP|TODO)\S*\s*(.*)$', re.IGNORECASE)


class Counts:
    def __init__(self):
        self.passed = 0
        self.skipped = []   # (name, reason)
        self.failed = []    # (name, reason)

    @property
    def run(self):
        return self.passed + len(self.failed)


def parse_tap(stdout):
    """(plan, plan_comment, cases, bailed_out) or None when stdout is not
    TAP (no plan line). cases: (status 'pass'|'skip'|'fail', name, reason)."""
    plan = None
    plan_comment = ''
    cases = []
    bail = None
    for line in stdout.splitlines():
        line = line.rstrip()
        m = PLAN.match(line)
        if m:
            plan = int(m.group(1))
            plan_comment = m.group(2) or ''
            skip = DIRECTIVE.match(plan_comment)
            if skip:
                plan_comment = skip.group(2)
            continue
        if line.startswith('Bail out!'):
            bail = line[len('Bail out!'):].strip()
            continue
        m = CASE.match(line)
        if not m:
            continue
        ok = m.group(1).lower() == 'ok'
        name = m.group(3) or f'case {m.group(2) or len(cases) + 1}'
        directive = DIRECTIVE.match(m.group(4) or '')
        kind = directive.group(1).upper() if directive else ''
        reason = directive.group(2) if directive else ''
        if kind == 'SKIP':
            cases.append(('skip', name, reason))
        elif kind == 'TODO':
            # not ok + TODO: an expected failure; ok + TODO: an unexpected pass.
            cases.append(('pass', name, '') if not ok else ('fail', name, 'unexpected pass'))
        else:
            cases.append(('pass', name, '') if ok else ('fail', name, m.group(4) or ''))
    if plan is None and bail is None:
        return None
    return plan, plan_comment, cases, bail


def count_entry(entry, counts):
    program = entry.get('name', '?')
    result = entry.get('result', 'ERROR')
    tap = parse_tap(entry.get('stdout') or '')
    if tap is None:
        if result in GOOD:
            counts.passed += 1
        elif result == 'SKIP':
            last = (entry.get('stdout') or '').strip().splitlines()[-1:]
            counts.skipped.append((program, last[0] if last else ''))
        else:
            counts.failed.append((program, result))
        return

    plan, plan_comment, cases, bail = tap
    failed_cases = 0
    for status, name, reason in cases:
        full = f'{program} {name}'
        if status == 'pass':
            counts.passed += 1
        elif status == 'skip':
            counts.skipped.append((full, reason))
        else:
            counts.failed.append((full, reason))
            failed_cases += 1
    if not cases and result in ('SKIP',) + tuple(GOOD):
        # "1..0 # SKIP why": the whole program skipped itself.
        counts.skipped.append((program, plan_comment or 'no case ran'))
    elif result in BAD and failed_cases == 0:
        why = f'Bail out! {bail}' if bail else f'{result}, exit status {entry.get("returncode")}'
        counts.failed.append((program, why))
    elif result not in GOOD and result not in BAD and result != 'SKIP':
        counts.failed.append((program, result))


def count_log(path):
    counts = Counts()
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line:
                count_entry(json.loads(line), counts)
    return counts


def read_minimums(path):
    minimums = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].split()
            if len(line) == 2:
                minimums[line[0]] = int(line[1])
            elif line:
                raise ValueError(f'{path}: expected "LABEL NUMBER", got {" ".join(line)}')
    return minimums


def main(argv):
    parser = argparse.ArgumentParser(description='Counts the cases of meson test runs.')
    parser.add_argument('--minimums', help='file of "LABEL NUMBER" lines: cases that must run')
    parser.add_argument('--allow-skips', action='store_true', help='skipped cases are no failure')
    parser.add_argument('--status', type=int, default=0,
                        help='exit status of the build and meson test; not 0 is a failure')
    parser.add_argument('logs', nargs='+', metavar='LABEL=TESTLOG')
    args = parser.parse_args(argv)

    minimums = read_minimums(args.minimums) if args.minimums else {}
    total_passed = 0
    total_failed = 0
    for item in args.logs:
        label, sep, path = item.partition('=')
        if not sep:
            parser.error(f'expected LABEL=TESTLOG, got {item}')
        problems = []
        if not os.path.isfile(path):
            counts = Counts()
            problems.append(f'no test log {path}: the build or meson test did not run')
        else:
            counts = count_log(path)
        print(f'{label}: {counts.run} cases run, {len(counts.skipped)} skipped, '
              f'{len(counts.failed)} failed')
        for name, reason in counts.skipped:
            print(f'  SKIP {name}' + (f': {reason}' if reason else ''))
        for name, reason in counts.failed:
            print(f'  FAIL {name}' + (f': {reason}' if reason else ''))

        if os.path.isfile(path) and counts.run == 0:
            problems.append('no test case ran')
        if counts.skipped and not args.allow_skips:
            problems.append(f'{len(counts.skipped)} skipped: a skip in CI is a missing '
                            'prerequisite (PARTNERDESK_ALLOW_SKIP is for developers)')
        if args.minimums:
            if label not in minimums:
                problems.append(f'{args.minimums} has no minimum for {label}')
            elif counts.run < minimums[label]:
                problems.append(f'{counts.run} cases ran, fewer than the expected minimum '
                                f'{minimums[label]} ({args.minimums})')
        for problem in problems:
            print(f'  ERROR {label}: {problem}')
        total_passed += counts.passed
        total_failed += len(counts.failed) + len(problems)

    if args.status != 0:
        print(f'ERROR: the build or meson test exited with status {args.status}')
        if total_failed == 0:
            total_failed = 1
    print(f'{total_passed} passed, {total_failed} failed')
    return 1 if total_failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
