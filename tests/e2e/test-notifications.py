#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The expiry notifications as a notification server receives them (issue 12).

    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-notifications.py CLI

A fake org.gtk.Notifications (fake_notifications.py) on the test session
bus records what the app sends. The store holds authorizations expiring
2, 10 and 20 days after a pinned instant (`--as-of`, Shanghai), one
renewed and one canceled. Then:

1. at that instant the app sends two notifications, the 2-day one first
   (high priority, the 3-day notice) and the 10-day one, each naming the
   merchant and its days left, with app.show-authorization as default
   action; activating that action shows the Authorizations page with the
   row selected;
2. restarted, with one more authorization expiring in 12 days added, it
   sends only that one: nothing is repeated;
3. eight days later the 10-day one (now 2 days) gets its 3-day notice
   and the 20-day one (now 12) its first; nothing else.

Environment: PARTNERDESK_BIN, GSETTINGS_SCHEMA_DIR, GSETTINGS_BACKEND,
PARTNERDESK_PROGRAMS_DIR as for the other tests. Exit: 0, 1, or 77.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_notifications  # noqa: E402
from e2e_util import (  # noqa: E402 (after the path; exits 77 without pyatspi)
    Failure, app_environment, check_app_output, do_action, find, has_state, have_display, log,
    name, notification_record, quit_app, role, start_app, stop, wait_for, wait_for_main_window, walk)
import e2e_util  # noqa: E402
import pyatspi  # noqa: E402

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
T0 = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
APP_ID = 'io.github.partnerdesk.PartnerDesk'


def at(days):
    return int((T0 + datetime.timedelta(days=days)).timestamp())


def prepare_store(cli, store, env, tmpdir):
    """Seller 7001 is Lumen Home on a target list; the others are known by id only."""
    targets = os.path.join(tmpdir, 'targets.csv')
    with open(targets, 'w', encoding='utf-8') as f:
        f.write('seller_id,seller_name,market\n7001,Lumen Home,EU\n')
    for args in (('config', 'set', 'import_timezone', 'Asia/Shanghai'),
                 ('import', 'targets', targets, '--program', 'eu-jp-pop-partner-2026q1')):
        subprocess.run([cli, '--store', store] + list(args), env=env, check=True, capture_output=True)
    db = sqlite3.connect(store)
    db.execute("INSERT INTO services (id, category_id, name, type) VALUES ('s-1', 'c-1', 'Store ops', 'public')")
    rows = [('A-2', 'active', '7001', at(2), None), ('A-10', 'active', '7002', at(10), None),
            ('A-20', 'active', '7003', at(20), None), ('A-renewed', 'active', '7004', at(5), None),
            ('A-new', 'active', '7004', None, 'A-renewed'), ('A-canceled', 'canceled', '7005', at(5), None)]
    for id_, state, seller, expires, renewal_of in rows:
        db.execute("INSERT INTO authorizations (id, state, seller_id, service_id, shop_ids, starts_at,"
                   " expires_at, renewal_of) VALUES (?, ?, ?, 's-1', '[\"SH-1\"]', ?, ?, ?)",
                   (id_, state, seller, at(-30), expires, renewal_of))
    db.commit()
    db.close()


def added(record):
    return [c for c in fake_notifications.read(record) if c['method'] == 'AddNotification']


def wait_for_count(record, n, process):
    def probe():
        calls = added(record)
        return len(calls) >= n and calls
    calls = wait_for(f'{n} notifications on the bus', probe, process)
    return calls


def check_notification(call, auth_id, priority, title_part):
    n = call['notification']
    if call['app_id'] != APP_ID or call['id'] != f'authorization-{auth_id}':
        raise Failure(f'a notification came as {call["app_id"]} / {call["id"]}; expected {APP_ID} /'
                      f' authorization-{auth_id}')
    if title_part not in n.get('title', ''):
        raise Failure(f'the notification of {auth_id} is titled “{n.get("title")}”; expected “{title_part}”')
    if n.get('priority') != priority:
        raise Failure(f'the notification of {auth_id} has priority {n.get("priority")}; expected {priority}')
    if n.get('default-action') != 'app.show-authorization' or n.get('default-action-target') != auth_id:
        raise Failure(f'the notification of {auth_id} opens {n.get("default-action")}'
                      f' ({n.get("default-action-target")}); expected app.show-authorization ({auth_id})')
    if 'Store ops' not in n.get('body', ''):
        raise Failure(f'the body “{n.get("body")}” does not name the service')


def run_app(binary, store, env, stderr_path, as_of):
    with open(stderr_path, 'ab') as stderr:
        process = subprocess.Popen([binary, '--store', store, '--as-of', as_of], env=env, stdout=stderr,
                                   stderr=stderr)
    log(f'# started the app as of {as_of} (pid {process.pid})')
    return process


def check_show_action(process, window):
    subprocess.run(['gapplication', 'action', APP_ID, 'show-authorization', "'A-10'"], check=True,
                   timeout=30)

    def selected_row():
        for node in walk(window):
            if role(node) == 'list' and name(node) == 'Authorizations':
                for i in range(node.childCount):
                    row = node.getChildAtIndex(i)
                    labels = [name(n) for n in walk(row) if role(n) == 'label']
                    if has_state(row, pyatspi.STATE_SELECTED) and '2026-03-20' in ' '.join(labels):
                        return labels
        return None
    labels = wait_for('The row of A-10 selected on the Authorizations page', selected_row, process)
    tab = find(window, ('page tab',), 'Authorizations')
    if tab is None or not has_state(tab, pyatspi.STATE_SELECTED):
        raise Failure('app.show-authorization did not switch to the Authorizations page')
    log(f'ok - app.show-authorization A-10 shows its row, selected: {labels}')


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    binary = os.environ.get('PARTNERDESK_BIN', '')
    if len(args) < 1 or not binary:
        print('usage: PARTNERDESK_BIN=APP test-notifications.py CLI')
        return 1
    cli = args[0]
    for path in (binary, cli):
        if not os.access(path, os.X_OK):
            print(f'1..0 # SKIP “{path}” is not there')
            return 77
    if not have_display():
        return 1

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-notifications-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    record = notification_record(stderr_path)
    store = os.path.join(tmpdir, 'store.db')
    env = app_environment(tmpdir)
    failed = False
    process = None
    server = None
    try:
        server = fake_notifications.start(record)
        e2e_util._notification_server = server
        prepare_store(cli, store, env, tmpdir)

        process = run_app(binary, store, env, stderr_path, T0.isoformat())
        app, window = wait_for_main_window(process)
        calls = wait_for_count(record, 2, process)
        check_notification(calls[0], 'A-2', 'high', 'Lumen Home (7001): authorization expires in 2 days')
        check_notification(calls[1], 'A-10', 'normal', 'Seller 7002: authorization expires in 10 days')
        log('ok - the 2-day (3-day notice, high) and the 10-day notifications came, soonest first')
        check_show_action(process, window)
        quit_app(process, window)

        db = sqlite3.connect(store)
        db.execute("INSERT INTO authorizations (id, state, seller_id, service_id, starts_at, expires_at)"
                   " VALUES ('A-12', 'active', '7006', 's-1', ?, ?)", (at(-30), at(12)))
        db.commit()
        db.close()
        process = run_app(binary, store, env, stderr_path, T0.isoformat())
        app, window = wait_for_main_window(process)
        calls = wait_for_count(record, 3, process)
        if [c['id'] for c in calls] != ['authorization-A-2', 'authorization-A-10', 'authorization-A-12']:
            raise Failure(f'after a restart the notifications are {[c["id"] for c in calls]}; expected only'
                          ' A-12 added (nothing repeated)')
        log('ok - a restart repeats nothing; the new authorization got its notification')
        quit_app(process, window)

        process = run_app(binary, store, env, stderr_path, (T0 + datetime.timedelta(days=8)).isoformat())
        app, window = wait_for_main_window(process)
        calls = wait_for_count(record, 5, process)
        check_notification(calls[3], 'A-10', 'high', 'authorization expires in 2 days')
        check_notification(calls[4], 'A-20', 'normal', 'authorization expires in 12 days')
        log('ok - eight days later: the 3-day notice of A-10 and the first of A-20, nothing else')
        quit_app(process, window)
        if len(added(record)) != 5:
            raise Failure(f'{len(added(record))} notifications in all; expected 5')
    except Failure as e:
        log(f'not ok - {e}')
        failed = True
    finally:
        stop(process)
        stop(server)
        failed = check_app_output(stderr_path, failed)
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
