#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the Authorizations view through accessibility (issue 12).

    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-authorizations.py SANDBOX CLI

Starts partnerdesk-sandbox with the demo seed (four active authorizations
expiring within 3, 6, 10 and 14 days) and the app on a new store pointed
at it, as ./run does. After the first sync the view switcher's
Authorizations button shows the badge 4; on the page, "Expiring within 15
days" keeps those four, soonest first; the first row's Create Renewal Link
puts an authorization link on the clipboard (read back by another
process) and the row offers its QR code; a sync (app.sync) sends it, and
the sandbox then holds that link with `renewal_of` naming the
authorization; the app quits cleanly. Started again on the same store,
the whole list begins with the active ones, soonest first, and the first
row still offers that link (QR Code), not another.

--screenshot=FILE: instead, captures the page with every authorization
after a renewal link was made (data/screenshots/authorizations*.png; see
tests/e2e/screenshot-authorizations.sh). --width=N sizes the window.

Environment: PARTNERDESK_BIN (the app), GSETTINGS_SCHEMA_DIR,
GSETTINGS_BACKEND, PARTNERDESK_PROGRAMS_DIR as for the other tests.
Exit status: 0 passed, 1 failed, 77 skipped.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util  # noqa: E402 (after the path; exits 77 without pyatspi)
from e2e_util import switcher_button  # noqa: E402
from e2e_util import (  # noqa: E402
    Failure, action_names, app_environment, check_app_output, do_action, log, name,
    quit_app, read_clipboard, role, screenshot, showing, start_app, stop, use_screenshot_font, wait_for,
    wait_for_main_window, walk)
from e2e_util import admin, sandbox_test_setup, start_sandbox  # noqa: E402

SYNC_TIMEOUT = 60.0
tr = e2e_util.tr


def find(root, roles, node_name, with_action=None):
    return e2e_util.find(root, roles, node_name, with_action, visible=True)


def find_all(root, roles, predicate=lambda n: True):
    return [n for n in walk(root) if role(n) in roles and showing(n) and predicate(n)]


def badge_of(button):
    """The number the button shows beside its title (its badge)."""
    for node in walk(button):
        if role(node) == 'label' and re.fullmatch(r'\d+', name(node)):
            return int(name(node))
    return None


def check_badge(process, window):
    def badge():
        button = switcher_button(window)
        return button is not None and badge_of(button) == 4 and button
    button = wait_for('The Authorizations button with the badge 4 (the demo’s four expiring)',
                      badge, process, SYNC_TIMEOUT)
    log('ok - the view switcher counts 4 expiring authorizations')
    return button


def page_rows(window):
    """The visible rows of the authorizations list, each as its labels' texts
    and its node."""
    for node in walk(window):
        if role(node) == 'list' and name(node) == tr('Authorizations') and showing(node):
            rows = []
            for i in range(node.childCount):
                row = node.getChildAtIndex(i)
                if row is not None:
                    rows.append(([name(n) for n in walk(row) if role(n) == 'label'], row))
            return rows
    return []


def open_expiring(process, window, button, strict=True):
    do_action(button, 'click', 'The Authorizations button')
    toggle = wait_for('The “Expiring within 15 days” toggle',
                      lambda: find(window, ('toggle button', 'push button'), tr('Expiring within 15 days'), 'click'),
                      process)
    do_action(toggle, 'click', 'The “Expiring within 15 days” toggle')

    def four_rows():
        rows = page_rows(window)
        return len(rows) == 4 and rows
    rows = wait_for('Four expiring authorizations on the page', four_rows, process)
    if not strict:
        return rows
    days = [next((t for t in labels if re.search(r'days? left|expires today', t)), None) for labels, _ in rows]
    if days != ['3 days left', '6 days left', '10 days left', '14 days left']:
        raise Failure(f'the expiring rows say {days}; expected 3, 6, 10 and 14 days left, soonest first')
    wait_for('The count “4 authorizations expiring”',
             lambda: find(window, ('label',), '4 authorizations expiring'), process)
    log('ok - the expiring filter keeps the four, soonest first')
    e2e_util.check_list_names(window)
    return rows


def create_renewal(process, window, rows):
    first = rows[0][1]
    seller = rows[0][0][1] if len(rows[0][0]) > 1 else '?'
    button = wait_for('The first row’s “Create Renewal Link” button',
                      lambda: find(first, ('push button',), tr('Create Renewal Link'), 'click'), process)
    do_action(button, 'click', 'Create Renewal Link')
    # (The toast is checked by tests/gui/test-authorizations-page.c: a walk
    # of this window's whole tree outlasts it.)
    url = wait_for('The renewal link on the clipboard',
                   lambda: (lambda t: t.startswith('https://services.tiktokshop') and t)(read_clipboard()),
                   process)
    if 'service_id=' not in url or 'state=' not in url:
        raise Failure(f'the clipboard holds “{url}”, not an authorization link in the platform’s format')
    wait_for('The row’s “QR Code” button', lambda: find(first, ('push button',), tr('QR Code'), 'click'),
             process)
    log(f'ok - Create Renewal Link for {seller} copied {url}')
    return url


def sync_and_check(process, endpoint, url):
    """app.sync (Ctrl+R; here through D-Bus, as a launcher would) sends the
    queued link; the sandbox then holds it with renewal_of."""
    token = re.search(r'state=([A-Za-z0-9_-]+)', url).group(1)
    subprocess.run(['gapplication', 'action', 'io.github.partnerdesk.PartnerDesk', 'sync'], check=True,
                   timeout=30)

    def on_platform():
        links = admin(endpoint, '/sandbox/objects?type=link')['objects']
        return next((o for o in links if o['data'].get('renewal_of') and
                     (o['data'].get('url') == url or token in json.dumps(o['data']))), None)
    link = wait_for('The renewal link on the platform', on_platform, process, SYNC_TIMEOUT)
    log(f'ok - after a sync the sandbox holds the renewal link of {link["data"]["renewal_of"]}')


def check_after_restart(process, window):
    """The app started again on the same store: the whole list (no filter)
    starts with the active ones, soonest first, and the first row offers
    the renewal link made before the restart (QR Code), not another one."""
    button = wait_for('The Authorizations button', lambda: switcher_button(window), process, SYNC_TIMEOUT)
    do_action(button, 'click', 'The Authorizations button')

    def first_rows():
        rows = page_rows(window)
        return len(rows) >= 4 and rows
    rows = wait_for('The authorizations on the page', first_rows, process)
    days = [next((t for t in labels if re.search(r'days? left|expires today|ago|expired', t)), None)
            for labels, _ in rows[:4]]
    if days != ['3 days left', '6 days left', '10 days left', '14 days left']:
        raise Failure(f'the first rows say {days}; expected the active ones first: 3, 6, 10 and 14 days left')
    log('ok - the whole list starts with the active authorizations, soonest first')
    first = rows[0][1]
    wait_for('The first row’s “QR Code” button after a restart',
             lambda: find(first, ('push button',), tr('QR Code'), 'click'), process)
    if find(first, ('push button',), tr('Create Renewal Link'), 'click'):
        raise Failure('after a restart the first row offers “Create Renewal Link” again')
    log('ok - after a restart the row still offers the renewal link made before')


def main():
    setup = sandbox_test_setup('test-authorizations.py')
    if isinstance(setup, int):
        return setup
    binary, sandbox_bin, cli, options = setup
    shot = options.get('screenshot')
    width = options.get('width')

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-authorizations-')
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
        subprocess.run([cli, '--store', store, 'config', 'set', 'endpoint', endpoint], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        app_env = dict(env, **variables)
        if width:
            # The window's saved size, as GSettings' keyfile backend keeps it.
            settings_dir = os.path.join(env['XDG_CONFIG_HOME'], 'glib-2.0', 'settings')
            os.makedirs(settings_dir, exist_ok=True)
            with open(os.path.join(settings_dir, 'keyfile'), 'w') as f:
                f.write(f'[io/github/partnerdesk/PartnerDesk]\nwindow-width={width}\n')
            app_env['GSETTINGS_BACKEND'] = 'keyfile'
        process = start_app(binary, store, app_env, stderr_path)
        try:
            app, window = wait_for_main_window(process)
            button = check_badge(process, window)
            rows = open_expiring(process, window, button, strict=not shot)
            if shot:
                create_renewal(process, window, rows)
                toggle = find(window, ('toggle button', 'push button'), tr('Expiring within 15 days'), 'click')
                do_action(toggle, 'click', 'The “Expiring within 15 days” toggle')
                screenshot(shot, tr('Partner Desk'))
            else:
                url = create_renewal(process, window, rows)
                sync_and_check(process, endpoint, url)
                quit_app(process, window)
                failed = check_app_output(stderr_path, failed)
                process = start_app(binary, store, app_env, stderr_path)
                app, window = wait_for_main_window(process)
                check_after_restart(process, window)
                quit_app(process, window)
        except Failure as e:
            log(f'not ok - {e}')
            failed = True
            if os.environ.get('PD_E2E_FAILURE_SHOT'):
                screenshot(os.environ['PD_E2E_FAILURE_SHOT'])
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
