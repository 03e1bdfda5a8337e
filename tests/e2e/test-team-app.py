#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the app's team hub (issue 20) through accessibility,
against a real PostgreSQL 15 that the test starts (tests/team/pg_cluster.py).

Run it on a display with a session bus, display first:
    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-team-app.py CLI FIXTURES_DIR

Two desktops share one hub: the app (Li Wei, on the q1-example) and a
partnerdesk-cli store (Wang Fang). Both join with `team join` before the
app starts (the password from PD_TEAM_PASSWORD, as automation does). In
the app the header bar says “Team: up to date”; a note that Wang's
desktop writes and syncs reaches the app's store within 2 s (the app is
woken by LISTEN/NOTIFY and syncs); a note typed in the app's merchant
detail and saved reaches Wang's desktop within 2 s of the click; the hub
stopped turns the header bar to “Team: offline” within the watch's
reconnection (with nothing of libpq's own text, such as its “FATAL”, on
the app's stderr), and started again, an edit made meanwhile catches up.

--screenshot=TEMPLATE: instead, captures the header bar's team state
beside the platform's and Preferences → Team, to TEMPLATE with {what} replaced by
"header" and "preferences" (tests/e2e/screenshot-team.sh).

Environment as for the other e2e tests. Exit status: 0 passed, 1 failed, 77 skipped.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'team'))
import e2e_util  # noqa: E402 (after the path; exits 77 without pyatspi)
import pg_cluster  # noqa: E402
from e2e_util import (  # noqa: E402
    START_TIMEOUT, Failure, app_environment, check_app_output, do_action, have_display, log, name, query,
    quit_app, role, screenshot, showing, start_app, stop, use_screenshot_font, wait_for, wait_for_main_window,
    wait_until, walk)

_spec = importlib.util.spec_from_file_location('merchants_e2e', os.path.join(HERE, 'test-merchants.py'))
merchants = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(merchants)

SELLER = merchants.SELLER
WINDOW_ROLES = ('frame', 'dialog', 'alert')
STAFF = {'li': ('Li Wei', 'pw-li'), 'wang': ('Wang Fang', 'pw-wang')}
# Within 2 s while both are online (issue 20); the polling adds < 0.2 s.
# Under sanitizers (./run asan: PARTNERDESK_TEST_TIMEOUT_FACTOR=3) everything is slower.
SHARE_SECONDS = 2.0 * float(os.environ.get('PARTNERDESK_TEST_TIMEOUT_FACTOR', '1') or 1)

tr = e2e_util.tr


def cli(binary, store, password, *args, check=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith('PD_')}
    env.update(LANGUAGE='en', LC_ALL='C.UTF-8', PD_TEAM_PASSWORD=password)
    r = subprocess.run([binary, '--store', store, *args], env=env, capture_output=True, text=True, timeout=120)
    if check and r.returncode != 0:
        raise Failure(f'partnerdesk-cli {" ".join(args)} failed: {r.stdout}{r.stderr}')
    return r


def team_label(window):
    """The header bar's team state (its button's accessible name)."""
    states = {tr(s) for s in ('Team: up to date', 'Team: offline', 'Team: syncing…', 'Team: conflict',
                              'Team: sync failed')}
    for node in walk(window):
        if role(node) in ('toggle button', 'push button') and \
           (name(node) in states or name(node).startswith('Team: ')) and \
           showing(node) and 'click' in e2e_util.action_names(node):
            return node
    return None


def wait_team_label(process, window, text, timeout=START_TIMEOUT):
    return wait_for(f'The header bar’s “{text}”',
                    lambda: (lambda n: n if n is not None and name(n) == text else None)(team_label(window)),
                    process, timeout)


def app_notes(store):
    rows = query(store, 'SELECT notes FROM merchant_notes WHERE seller_id = ?', SELLER)
    return rows[0][0] if rows else ''


def forward(process, window, cli_bin, store_a, store_b):
    """Wang's note reaches the app within 2 s, without any action in the app."""
    cli(cli_bin, store_b, STAFF['wang'][1], 'merchant', 'note', SELLER, 'Samples sent by Wang')
    # From before Wang's push: the hub's commit happens inside this command.
    start = time.monotonic()
    cli(cli_bin, store_b, STAFF['wang'][1], 'team', 'sync')
    wait_until(lambda: 'Samples sent by Wang' in app_notes(store_a), 10,
               'Wang’s note in the app’s store')
    elapsed = time.monotonic() - start
    if elapsed > SHARE_SECONDS:
        raise Failure(f'Wang’s note reached the app after {elapsed:.2f} s; expected within {SHARE_SECONDS} s')
    log(f'ok - a note synced on another desktop reached the app in {elapsed:.2f} s (LISTEN/NOTIFY)')


def backward(process, app, window, cli_bin, store_a, store_b):
    """A note saved in the app's merchant detail reaches the hub within 2 s
    (debounced push), then Wang's desktop."""
    entry = merchants.open_merchants(process, window)
    merchants.type_search(process, window, entry, 'kite')
    merchants.open_detail(process, window, entry)
    view = wait_for('The detail’s “Notes” text',
                    lambda: e2e_util.find(window, ('text',), tr('Notes'), visible=True), process)
    view.queryEditableText().setTextContents('Li called the seller back')
    save = wait_for('The “Save Notes” button',
                    lambda: e2e_util.find(window, ('push button',), tr('Save Notes'), 'click', visible=True), process)
    do_action(save, 'click', 'The “Save Notes” button')
    start = time.monotonic()

    def pushed():
        # Saved, and its team outbox entry gone: the hub applied it.
        return 'Li called the seller back' in app_notes(store_a) and \
            query(store_a, 'SELECT count(*) FROM team_outbox')[0][0] == 0
    wait_until(pushed, 15, 'The app’s note pushed to the hub')
    elapsed = time.monotonic() - start
    if elapsed > SHARE_SECONDS:
        raise Failure(f'The app pushed the note {elapsed:.2f} s after Save; expected within {SHARE_SECONDS} s')
    cli(cli_bin, store_b, STAFF['wang'][1], 'team', 'sync')
    shown = cli(cli_bin, store_b, STAFF['wang'][1], 'merchant', 'show', SELLER, '--json').stdout
    if 'Li called the seller back' not in shown:
        raise Failure(f'Wang’s desktop does not have the app’s note after a sync: {shown}')
    log(f'ok - a note saved in the app reached the hub in {elapsed:.2f} s and Wang’s desktop at its sync')


def offline(process, window, pg, cli_bin, store_a, store_b):
    """The hub stopped: offline; started again: catches up."""
    pg.stop_server()
    cli(cli_bin, store_b, STAFF['wang'][1], 'merchant', 'note', SELLER, 'Offline note by Wang')
    wait_team_label(process, window, tr('Team: offline'), 30)
    log('ok - the hub stopped: the header bar says “Team: offline”')
    pg.start_server()
    pg.wait_ready()
    cli(cli_bin, store_b, STAFF['wang'][1], 'team', 'sync')
    wait_until(lambda: 'Offline note by Wang' in app_notes(store_a), 30, 'The note made while the hub was down')
    wait_team_label(process, window, tr('Team: up to date'), 30)
    log('ok - the hub back: the app caught up and is up to date')


def open_team_preferences(process, app, window, shot_dir):
    if shot_dir:
        screenshot(shot_dir.format(what='header'), tr('Partner Desk'))
    button = team_label(window)
    do_action(button, 'click', 'The header bar’s team button')
    try:
        prefs_button = wait_for('The popover’s “Team Preferences” button',
                                lambda: next((n for n in walk(app) if role(n) == 'push button' and
                                              name(n).replace('_', '') == tr('Team _Preferences').replace('_', '')
                                              and showing(n)), None), process)
    except Failure:
        log(f'# buttons: {[(role(n), name(n), showing(n)) for n in walk(app) if "button" in role(n)]}')
        raise
    do_action(prefs_button, 'click', 'The “Team Preferences” button')
    prefs = wait_for('The Preferences window',
                     lambda: e2e_util.find_window(app, tr('Preferences'), WINDOW_ROLES), process)
    tab = wait_for('The “Team” page tab',
                   lambda: e2e_util.find(prefs, ('page tab', 'toggle button', 'push button'), tr('Team'), visible=True),
                   process)
    do_action(tab, 'click' if 'click' in e2e_util.action_names(tab) else e2e_util.action_names(tab)[0],
              'The “Team” page tab')
    staff = STAFF['li'][0]
    wait_for(f'“{tr("Connected as %s") % staff}” on the Team page',
             lambda: next((n for n in walk(prefs) if tr('Connected as %s') % staff in name(n)), None), process)
    log('ok - Preferences → Team says the hub is connected, as Li Wei')
    if shot_dir:
        screenshot(shot_dir.format(what='preferences'), tr('Preferences'))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    shot_dir = next((a.split('=', 1)[1] for a in sys.argv[1:] if a.startswith('--screenshot=')), None)
    binary = os.environ.get('PARTNERDESK_BIN', '')
    if len(args) < 2 or not binary:
        print('usage: PARTNERDESK_BIN=APP test-team-app.py CLI FIXTURES_DIR [--screenshot=TEMPLATE]')
        return 1
    cli_bin, fixtures_dir = args[0], args[1]
    if not have_display():
        return 1

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-team-')
    os.chmod(tmpdir, 0o755)
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    store_a = os.path.join(tmpdir, 'li.db')
    store_b = os.path.join(tmpdir, 'wang.db')
    env = app_environment(tmpdir)
    if shot_dir:
        use_screenshot_font(env)
    failed = False
    process = None
    pg = None
    try:
        pg = pg_cluster.PgCluster().start()
        pg.create_database('agency')
        cli(cli_bin, os.path.join(tmpdir, 'admin.db'), pg_cluster.ADMIN_PASSWORD, 'team', 'init',
            pg.url(pg_cluster.ADMIN, 'agency'))
        for role_name, (_, password) in STAFF.items():
            pg.add_staff('agency', role_name, password)
        cli_env = dict(env, LANGUAGE='en', LC_ALL='C.UTF-8')
        merchants.prepare_store(cli_bin, store_a, cli_env, fixtures_dir)
        cli(cli_bin, store_a, STAFF['li'][1], 'team', 'join', pg.url('li', 'agency'), '--staff', STAFF['li'][0])
        cli(cli_bin, store_b, STAFF['wang'][1], 'team', 'join', pg.url('wang', 'agency'), '--staff',
            STAFF['wang'][0])
        log('ok - a hub on a fresh PostgreSQL, Li’s store and Wang’s joined')

        app_env = dict(env, PD_TEAM_PASSWORD=STAFF['li'][1])
        process = start_app(binary, store_a, app_env, stderr_path)
        app, window = wait_for_main_window(process, WINDOW_ROLES)
        wait_team_label(process, window, tr('Team: up to date'))
        log('ok - the header bar says “Team: up to date” beside the platform’s state')
        if shot_dir:
            open_team_preferences(process, app, window, shot_dir)
            return 0
        forward(process, window, cli_bin, store_a, store_b)
        backward(process, app, window, cli_bin, store_a, store_b)
        offline(process, window, pg, cli_bin, store_a, store_b)
        # The hub's shutdown reached the app's idle LISTEN connection as a
        # FATAL: libpq would print it on stderr; the app logs it for debugging only.
        with open(stderr_path, encoding='utf-8', errors='replace') as f:
            if 'FATAL' in f.read():
                raise Failure('libpq’s raw “FATAL” reached the app’s stderr when the hub stopped')
        log('ok - the hub stopped and restarted: nothing of libpq’s own text on the app’s stderr')
        open_team_preferences(process, app, window, None)
        prefs = e2e_util.find_window(app, tr('Preferences'), WINDOW_ROLES)
        if prefs is not None:
            close = e2e_util.find(prefs, ('push button',), 'Close', 'click')
            if close is not None:
                do_action(close, 'click', 'The Preferences window’s close button')
        quit_app(process, window)
        process = None
    except Failure as e:
        print(f'not ok - {e}')
        failed = True
    finally:
        stop(process)
        if pg is not None:
            pg.cleanup()
    failed = check_app_output(stderr_path, failed) if os.path.exists(stderr_path) else failed
    if not failed:
        shutil.rmtree(tmpdir, ignore_errors=True)
    else:
        print(f'# kept {tmpdir}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
