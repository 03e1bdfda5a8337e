#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the Overview's charts through accessibility (issue 14).

    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-overview.py CLI FIXTURES_DIR

partnerdesk-cli imports the q1-example; the app opens pinned to
2026-03-25 12:00 platform time (--as-of). A screen reader's view of the
funnel chart (its accessible description) gives, step by step, the counts
and rewards that `partnerdesk-cli project --json` implies for that instant
(with the first sales of the fixture's stores.csv); the first at-risk
merchant's “Open Checklist” button opens the Merchants page on that
merchant with its eligibility checklist. Exit status: 0 passed, 1 failed,
77 skipped.
"""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util  # noqa: E402 (after the path; exits 77 without pyatspi)
from e2e_util import (  # noqa: E402
    Failure, app_environment, check_app_output, do_action, have_display, log, name, role, showing, stop,
    wait_for, wait_for_main_window, walk)

PROGRAM = 'eu-jp-pop-partner-2026q1'
AS_OF = '2026-03-25T12:00:00+08:00'
STEPS = ['Invited', 'Onboarded in Period', 'First Sale', 'GMV Threshold Met', 'Inventory Met', 'Qualified']


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
    with open(os.path.join(fixtures, 'stores.csv'), encoding='utf-8') as f:
        stores = {row['store_id']: row for row in csv.DictReader(f)}
    return json.loads(out), stores


def expected_funnel(projection, stores):
    """Per step: (reached, lost at the step), from the CLI's entries."""
    reached = [0] * len(STEPS)
    lost = [0] * len(STEPS)
    for e in projection['entries']:
        states = {c['name']: c['state'] for c in e['conditions']}

        def passes(condition):
            return states.get(condition, 'met') in ('met', 'n/a')
        store = stores.get(e.get('store_id') or '')
        last = 0
        if e['verdict'] == 'qualified':
            last = 5
        elif store is not None and passes('onboarded'):
            last = 1
            if store['first_sale_at']:
                last = 2
                if passes('sales'):
                    last = 4 if passes('inventory') else 3
        for s in range(last + 1):
            reached[s] += 1
        if last < 5 and e['verdict'] == 'lost':
            lost[last + 1] += 1
    return reached, lost


def description(node):
    try:
        return node.description or ''
    except e2e_util.GLib.GError:
        return ''


def check_funnel(process, window, projection, stores):
    chart = wait_for('The funnel chart “Funnel of the quarter” with its description',
                     lambda: next((n for n in walk(window)
                                   if name(n) == 'Funnel of the quarter' and description(n)), None),
                     process)
    text = description(chart)
    log(f'# funnel: {text}')
    reached, lost = expected_funnel(projection, stores)
    if reached[0] != len(projection['entries']) or reached[5] != projection['confirmed']['merchants']:
        raise Failure(f'The expected funnel {reached} does not start with every entry and end with '
                      f'the confirmed merchants')
    for s, step in enumerate(STEPS):
        phrase = f'{step}: {reached[s]} merchants, reward '
        if phrase not in text:
            raise Failure(f'The funnel does not say “{phrase}…”: {text}')
        sentence = re.search(re.escape(phrase) + r'[^;]*; (\d+) lost at this step', text)
        if sentence is None or int(sentence.group(1)) != lost[s]:
            raise Failure(f'The funnel’s step {step} does not say {lost[s]} lost: {text}')
        log(f'ok - funnel: {step}: {reached[s]} merchants, {lost[s]} lost at the step')
    # Every entry is invited, carrying the upper amount (of the qualified
    # and pending ones); the qualified carry the confirmed amount.
    for step, count, key in (('Invited', len(projection['entries']), 'upper'),
                             ('Qualified', projection['confirmed']['merchants'], 'confirmed')):
        phrase = f'{step}: {count} merchants, reward {money(projection[key]["amount"])};'
        if phrase not in text:
            raise Failure(f'The funnel does not say “{phrase}” ({key} of project --json): {text}')
        log(f'ok - funnel: {phrase}')


def follow_at_risk(process, window, projection):
    at_risk = projection['at_risk']
    if not at_risk:
        raise Failure('The q1-example has no merchant at risk on 2026-03-25; expected two')
    seller = at_risk[0]['seller_id']
    market = next(e['market'] for e in projection['entries'] if e['seller_id'] == seller)
    # The detail pane's subtitle (not the at-risk row's, "… · Store S-04 · …").
    subtitle = f'{seller} · {market} · '
    button = wait_for('An “Open Checklist” button in the at-risk list',
                      lambda: next((n for n in walk(window)
                                    if role(n) == 'push button' and name(n).startswith('Open Checklist: ')),
                                   None), process)
    log(f'# clicking “{name(button)}”')
    do_action(button, 'click', f'The button “{name(button)}”')
    wait_for(f'The Merchants page’s detail of {seller} (“{subtitle}…”)',
             lambda: next((n for n in walk(window)
                           if role(n) == 'label' and showing(n) and name(n).startswith(subtitle)), None),
             process)
    wait_for('The checklist line “Target list”',
             lambda: next((n for n in walk(window) if role(n) == 'label' and showing(n) and name(n) == 'Target list'), None),
             process)
    log(f'ok - the at-risk merchant {seller} opens on the Merchants page with its checklist')


def main():
    binary = os.environ.get('PARTNERDESK_BIN', '')
    cli, fixtures_dir = sys.argv[1], sys.argv[2]
    if not have_display():
        return 1

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-overview-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    env = app_environment(tmpdir)
    store = os.path.join(tmpdir, 'store.db')
    failed = False
    process = None
    try:
        try:
            projection, stores = prepare_store(cli, store, env, fixtures_dir)
            with open(stderr_path, 'wb') as stderr:
                process = subprocess.Popen([binary, '--store', store, '--as-of', AS_OF],
                                           env=env, stdout=stderr, stderr=stderr)
            _, window = wait_for_main_window(process)
            check_funnel(process, window, projection, stores)
            follow_at_risk(process, window, projection)
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
