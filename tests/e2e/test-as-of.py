#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`partnerdesk --as-of TIME`: the window pinned to an instant, for demos,
training and screenshots.

Before the app starts, partnerdesk-cli imports the q1-example. The app is
started with --as-of 2026-03-25T12:00:00+08:00; the Overview, read through
AT-SPI, shows that instant (not "Now") and the confirmed, expected and
upper amounts `partnerdesk-cli project` gives for it. A value that is not a
time is refused with exit status 2 and a message naming the option.

Usage: test-as-of.py PARTNERDESK_CLI FIXTURES_DIR (PARTNERDESK_BIN in the
environment), on a display with a session bus like the other e2e tests.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import (  # noqa: E402 (after the path; exits 77 without pyatspi)
    Failure, app_environment, check_app_output, find, have_display, log, stop,
    wait_for, wait_for_main_window)

PROGRAM = 'eu-jp-pop-partner-2026q1'
AS_OF = '2026-03-25T12:00:00+08:00'
AS_OF_TEXT = '2026-03-25 12:00, Asia/Shanghai time · period 2026-01-01 to 2026-03-31'


def money(amount):
    """"12000.00" as the Overview shows it: "CNY 12,000.00"."""
    whole, _, cents = amount.partition('.')
    return f'CNY {int(whole):,}.{cents}'


def prepare_store(cli, store, env, fixtures_dir):
    fixtures = os.path.join(fixtures_dir, 'q1-example')
    for kind, extra in (('rates', []), ('targets', ['--program', PROGRAM]), ('links', []),
                        ('stores', [])):
        subprocess.run([cli, '--store', store, 'import', kind,
                        os.path.join(fixtures, f'{kind}.csv')] + extra,
                       env=env, check=True, capture_output=True)
    out = subprocess.run([cli, '--store', store, 'project', '--program', PROGRAM,
                          '--as-of', AS_OF, '--json'],
                         env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def check_refused(binary, env, tmpdir):
    r = subprocess.run([binary, '--store', os.path.join(tmpdir, 'refused.db'), '--as-of', 'soon'],
                       env=env, capture_output=True, text=True, timeout=30)
    if r.returncode != 2 or '--as-of soon' not in r.stderr or '2026-03-25T12:00:00+08:00' not in r.stderr:
        raise Failure(f'--as-of soon: expected exit status 2 and a message naming the option and an'
                      f' example, got {r.returncode}: {r.stderr!r}')
    if os.path.exists(os.path.join(tmpdir, 'refused.db')):
        raise Failure('--as-of soon created a store; expected nothing to be opened')
    log('ok - a value that is not a time is refused with exit status 2')


def main():
    binary = os.environ.get('PARTNERDESK_BIN', '')
    cli, fixtures_dir = sys.argv[1], sys.argv[2]
    if not have_display():
        return 1

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-as-of-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    env = app_environment(tmpdir)
    store = os.path.join(tmpdir, 'store.db')
    failed = False
    process = None
    try:
        try:
            projection = prepare_store(cli, store, env, fixtures_dir)
            check_refused(binary, env, tmpdir)
            with open(stderr_path, 'wb') as stderr:
                process = subprocess.Popen([binary, '--store', store, '--as-of', AS_OF],
                                           env=env, stdout=stderr, stderr=stderr)
            _, window = wait_for_main_window(process)
            wait_for(f'The Overview’s as-of row “{AS_OF_TEXT}”',
                     lambda: find(window, ('label',), AS_OF_TEXT), process)
            log('ok - the Overview says the pinned instant')
            for key in ('confirmed', 'expected', 'upper'):
                text = money(projection[key]['amount'])
                wait_for(f'The {key} amount “{text}” of `project --as-of {AS_OF}`',
                         lambda: find(window, ('label',), text), process)
                log(f'ok - {key} is {text}, as `partnerdesk-cli project` says for that instant')
        except Failure as e:
            log(f'not ok - {e}')
            failed = True
    finally:
        stop(process)
        failed = check_app_output(stderr_path, failed)
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
