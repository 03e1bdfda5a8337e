#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the app's sync through accessibility (issue 6).

Run it on a display with a session bus, display first:
    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-sync.py SANDBOX CLI
(dbus-run-session starts the AT-SPI bus and registry by itself).

It starts partnerdesk-sandbox with the demo seed on a free loopback port
and the app on a new store pointed at it as ./run does (PD_ENDPOINT and
the credentials in the app's environment). Before the app starts, the
store gets two local changes that the platform will not take as they
are: an acceptance of a seller request the seller has edited since (409,
a conflict) and the closing of a connected one (422, refused). Then:
the indicator says "Synced"; its popover shows what the sync received,
the endpoint, the conflict and the refused change; Resolve opens the
conflict dialog with both versions, Keep Mine sends the change; the app
quits; `partnerdesk-cli status` finds the demo data in the store and the
sandbox holds the accepted request.

--screenshot=FILE: instead of resolving, captures the window with the
popover open (data/screenshots/sync.png; tests/e2e/screenshot-sync.sh).
--dialog-screenshot=FILE: captures the conflict dialog before Keep Mine.

Environment: PARTNERDESK_BIN (the app), GSETTINGS_SCHEMA_DIR,
GSETTINGS_BACKEND, PARTNERDESK_PROGRAMS_DIR as for the other tests.
Exit status: 0 passed, 1 failed, 77 skipped (no pyatspi, no binary).
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import (  # noqa: E402 (after the path; exits 77 without pyatspi)
    Failure, app_environment, check_app_output, do_action, find, find_window, log, name,
    quit_app, role, screenshot, start_app, stop, use_screenshot_font, wait_for, wait_for_main_window,
    walk)
from e2e_util import admin, sandbox_test_setup, start_sandbox  # noqa: E402

SYNC_TIMEOUT = 60.0


def pick_requests(endpoint):
    """A request the seller edited (version 2) still to review, and a
    connected one (closing it is refused)."""
    objects = admin(endpoint, '/sandbox/objects?type=seller_request')['objects']
    edited = next(o['id'] for o in objects
                  if o['version'] == 2 and o['data']['status'] == 'partner_reviewing')
    connected = next(o['id'] for o in objects if o['data']['status'] == 'connected')
    return edited, connected


def queue_local_changes(cli, store, endpoint, env, edited, connected):
    """The store, with two local changes as the Requests page would have
    queued them (made on version 1)."""
    subprocess.run([cli, '--store', store, 'config', 'set', 'endpoint', endpoint],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = sqlite3.connect(store)
    now = int(time.time())
    for request_id, status in ((edited, 'partner_accepted'), (connected, 'closed')):
        db.execute('INSERT INTO outbox (idempotency_key, method, path, body, if_match, subject_type,'
                   ' subject_id, state, attempts, created_at)'
                   " VALUES (?, 'PATCH', ?, ?, '\"1\"', 'seller_request', ?, 'pending', 0, ?)",
                   (str(uuid.uuid4()), f'/v1/seller-requests/{request_id}',
                    json.dumps({'status': status, 'note': 'Called the seller'}, separators=(',', ':')),
                    request_id, now - 600))
    db.commit()
    db.close()


def labels(root):
    return [name(n) for n in walk(root) if role(n) == 'label']


def check_synced(process, window, endpoint, edited, connected):
    indicator = wait_for('The sync indicator saying “Synced…”',
                         lambda: find(window, ('toggle button', 'push button'),
                                      re.compile(r'^Synced'), 'click'),
                         process, SYNC_TIMEOUT)
    log(f'ok - the indicator says “{name(indicator)}”')

    do_action(indicator, 'click', 'The sync indicator')
    result = wait_for('The popover’s “Last sync: N changes received”',
                      lambda: find(window, ('label',), re.compile(r'^Last sync: [\d,]+ changes? received')),
                      process, SYNC_TIMEOUT)
    received = int(re.search(r'([\d,]+) changes? received', name(result)).group(1).replace(',', ''))
    if received < 700:
        raise Failure(f'the first sync received {received} changes; the demo seed has 758')
    log(f'ok - the popover says “{name(result)}”')

    wait_for(f'The endpoint {endpoint} in the popover',
             lambda: find(window, ('label',), endpoint), process)
    wait_for('The environment note in the popover',
             lambda: find(window, ('label',), re.compile(r'uses the endpoint and credentials of its environment')),
             process)
    wait_for('The conflicts heading “1 Conflict”', lambda: find(window, ('label',), '1 Conflict'), process)
    wait_for(f'The conflict row “Accept seller request {edited}”',
             lambda: find(window, ('row', 'list item'), f'Accept seller request {edited}'), process)
    refused = wait_for(f'The refused row “Close seller request {connected}”',
                       lambda: find(window, ('row', 'list item'), f'Close seller request {connected}'),
                       process)
    log('ok - the popover lists the conflict and the refused change')
    return indicator, refused


def resolve_conflict(process, app, window, edited, dialog_shot):
    resolve = wait_for('The “Resolve…” button of the conflict',
                       lambda: find(window, ('push button',), 'Resolve…', 'click'), process)
    do_action(resolve, 'click', 'The “Resolve…” button')
    dialog = wait_for('The “Resolve Conflict” window', lambda: find_window(app, 'Resolve Conflict'), process)
    texts = wait_for('Both versions in the conflict dialog',
                     lambda: [t for t in labels(dialog) if t in ('Accepted', 'Reviewing')] and labels(dialog),
                     process)
    for expected in ('Your Change', 'On the Platform', 'Accepted', 'Reviewing', 'Differs'):
        if expected not in texts:
            raise Failure(f'the conflict dialog does not show “{expected}”; it shows {texts}')
    log('ok - the conflict dialog shows both versions, the differences marked')
    if dialog_shot:
        screenshot(dialog_shot, 'Resolve Conflict')

    keep = wait_for('The “Keep Mine” button', lambda: find(dialog, ('push button',), 'Keep Mine', 'click'),
                    process)
    do_action(keep, 'click', 'The “Keep Mine” button')
    wait_for('The conflict dialog closing', lambda: find_window(app, 'Resolve Conflict') is None, process)
    log('ok - Keep Mine closed the dialog')


def wait_for_sandbox_status(endpoint, request_id, status, process):
    def probe():
        objects = admin(endpoint, '/sandbox/objects?type=seller_request')['objects']
        return any(o['id'] == request_id and o['data']['status'] == status for o in objects)
    wait_for(f'Seller request {request_id} {status} on the platform', probe, process, SYNC_TIMEOUT)
    log(f'ok - the platform has seller request {request_id} {status}')


def check_store(cli, store, env):
    output = subprocess.run([cli, '--store', store, 'status', '--json'], env=env, check=True,
                            capture_output=True, text=True).stdout
    status = json.loads(output)
    expected = {'seller_requests': 25, 'service_categories': 7, 'services': 8,
                'authorizations': 20, 'payouts': 2,
                # Q1 2026 (the files, a past quarter) and the current quarter's two.
                'programs': 4}
    for key, count in expected.items():
        if status.get(key) != count:
            raise Failure(f'partnerdesk-cli status: {key} is {status.get(key)}, expected {count} (the demo seed)')
    if status.get('links', 0) < 180 or status.get('stores', 0) < 50 or status.get('target_merchants', 0) < 290:
        raise Failure(f'partnerdesk-cli status: the demo links, stores and targets are missing: {status}')
    if status.get('outbox') != 1:
        raise Failure(f'partnerdesk-cli status: outbox {status.get("outbox")}, expected 1 (the refused change)')
    log(f'ok - the store holds the demo data: {status}')


def main():
    setup = sandbox_test_setup('test-sync.py')
    if isinstance(setup, int):
        return setup
    binary, sandbox_bin, cli, options = setup
    shot = options.get('screenshot')
    dialog_shot = options.get('dialog-screenshot')

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-sync-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    store = os.path.join(tmpdir, 'store.db')
    env = app_environment(tmpdir)
    if shot:
        use_screenshot_font(env)

    failed = False
    process = None
    sandbox = None
    try:
        sandbox, variables = start_sandbox(sandbox_bin, os.path.join(tmpdir, 'sandbox'))
        endpoint = variables['PD_ENDPOINT']
        log(f'# sandbox on {endpoint} (pid {sandbox.pid})')
        edited, connected = pick_requests(endpoint)
        queue_local_changes(cli, store, endpoint, env, edited, connected)

        app_env = dict(env, **variables)
        process = start_app(binary, store, app_env, stderr_path)
        try:
            app, window = wait_for_main_window(process)
            check_synced(process, window, endpoint, edited, connected)
            if shot:
                screenshot(shot, 'Partner Desk')
            else:
                resolve_conflict(process, app, window, edited, dialog_shot)
                wait_for_sandbox_status(endpoint, edited, 'partner_accepted', process)
            quit_app(process, window)
            if not shot:
                check_store(cli, store, env)
        except Failure as e:
            log(f'not ok - {e}')
            failed = True
    except Failure as e:
        log(f'not ok - {e}')
        failed = True
    finally:
        stop(process)
        stop(sandbox)
        failed = check_app_output(stderr_path, failed)
        shutil.rmtree(tmpdir, ignore_errors=True)

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
