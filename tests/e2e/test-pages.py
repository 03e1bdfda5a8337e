#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the real partnerdesk binary through accessibility.

Run it on a display with a session bus, display first:
    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-pages.py
(dbus-run-session starts the AT-SPI bus and registry by itself).

It starts the app on a new store in a temporary directory, switches to
every page with the view switcher's buttons and finds each page's empty
state, opens Preferences from the primary menu and finds its rows, then
closes the windows and expects the app to exit by itself.

Environment: PARTNERDESK_BIN (the binary), GSETTINGS_SCHEMA_DIR,
GSETTINGS_BACKEND, PARTNERDESK_PROGRAMS_DIR as for the other tests.
Exit status: 0 passed, 1 failed, 77 skipped (no pyatspi, no binary).
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

APP_NAME = 'partnerdesk'
FIND_TIMEOUT = 20.0
START_TIMEOUT = 30.0
EXIT_TIMEOUT = 15.0

PAGES = [
    ('Overview', 'Connect to the Platform'),
    ('Merchants', 'No Merchants Yet'),
    ('Links', 'No Links Yet'),
    ('Services', 'No Service Categories'),
    ('Requests', 'No Seller Requests'),
]

try:
    import gi
    gi.require_version('Atspi', '2.0')
    import pyatspi
    from gi.repository import GLib
except (ImportError, ValueError) as e:
    print(f'1..0 # SKIP pyatspi is not available ({e}); install python3-pyatspi')
    sys.exit(77)


class Failure(Exception):
    pass


def log(message):
    print(message, flush=True)


def walk(node):
    """Every node under node, depth first; nodes that vanish are skipped."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        try:
            children = [current.getChildAtIndex(i) for i in range(current.childCount)]
        except GLib.GError:
            continue
        stack.extend(c for c in reversed(children) if c is not None)


def role(node):
    try:
        return node.getRoleName()
    except GLib.GError:
        return ''


def name(node):
    try:
        return node.name or ''
    except GLib.GError:
        return ''


def has_state(node, state):
    try:
        return node.getState().contains(state)
    except GLib.GError:
        return False


def action_names(node):
    try:
        action = node.queryAction()
        return [action.getName(i) for i in range(action.nActions)]
    except (NotImplementedError, GLib.GError):
        return []


def do_action(node, action_name, what):
    names = action_names(node)
    if action_name not in names:
        raise Failure(f'{what} has no “{action_name}” action (it has {names})')
    if not node.queryAction().doAction(names.index(action_name)):
        raise Failure(f'{what}: the “{action_name}” action failed')


def wait_for(description, probe, process, timeout=FIND_TIMEOUT):
    """Polls probe() until it returns something; fails naming description."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if process.poll() is not None:
            raise Failure(f'{description} was not found: the app exited with status {process.returncode}')
        if time.monotonic() > deadline:
            raise Failure(f'{description} was not found within {timeout:.0f} s')
        time.sleep(0.2)


def find(root, roles, node_name, with_action=None):
    for node in walk(root):
        if role(node) in roles and name(node) == node_name and \
           (with_action is None or with_action in action_names(node)):
            return node
    return None


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and name(app) == APP_NAME:
            return app
    return None


def find_window(app, title):
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None and role(window) == 'frame' and name(window) == title:
            return window
    return None


def check_pages(process, window):
    for tab_name, title in PAGES:
        tab = wait_for(f'The view switcher button “{tab_name}”',
                       lambda: find(window, ('page tab',), tab_name, 'click'), process)
        do_action(tab, 'click', f'The view switcher button “{tab_name}”')
        wait_for(f'The selected state of the view switcher button “{tab_name}” after clicking it',
                 lambda: has_state(tab, pyatspi.STATE_SELECTED), process)
        wait_for(f'The empty-state title “{title}” of the {tab_name} page',
                 lambda: find(window, ('label',), title), process)
        log(f'ok - page {tab_name} shows “{title}”')


def check_preferences(process, app, window):
    menu_button = wait_for('The primary menu button “Main Menu”',
                           lambda: find(window, ('push button', 'toggle button'), 'Main Menu', 'click'),
                           process)
    do_action(menu_button, 'click', 'The primary menu button')
    item = wait_for('The menu item “Preferences” in the primary menu',
                    lambda: find(window, ('menu item',), 'Preferences', 'click'), process)
    do_action(item, 'click', 'The menu item “Preferences”')

    prefs = wait_for('The Preferences window', lambda: find_window(app, 'Preferences'), process)
    for row in ('Endpoint', 'Partner ID'):
        wait_for(f'The “{row}” row in Preferences',
                 lambda: find(prefs, ('text', 'entry'), row), process)
        log(f'ok - Preferences has the “{row}” row')

    markets = wait_for('The Preferences page button “Markets”',
                       lambda: find(prefs, ('page tab',), 'Markets', 'click'), process)
    do_action(markets, 'click', 'The Preferences page button “Markets”')
    for market in ('EU', 'JP', 'US'):
        wait_for(f'The “{market} Onboarding Link” row on the Markets page (from the bundled programs)',
                 lambda: find(prefs, ('text', 'entry'), f'{market} Onboarding Link'), process)
    log('ok - Preferences lists the markets of the bundled programs')

    close = wait_for('The close button of the Preferences window',
                     lambda: find(prefs, ('push button',), 'Close', 'click'), process)
    do_action(close, 'click', 'The close button of the Preferences window')
    wait_for('The Preferences window closing', lambda: find_window(app, 'Preferences') is None, process)
    log('ok - Preferences closed')


def quit_app(process, window):
    close = wait_for('The close button of the main window',
                     lambda: find(window, ('push button',), 'Close', 'click'), process)
    do_action(close, 'click', 'The close button of the main window')
    try:
        status = process.wait(timeout=EXIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure(f'The app did not exit within {EXIT_TIMEOUT:.0f} s of closing its last window')
    if status != 0:
        raise Failure(f'The app exited with status {status} after closing its window; expected 0')
    log('ok - the app quit cleanly')


def stop(process):
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main():
    binary = os.environ.get('PARTNERDESK_BIN') or (sys.argv[1] if len(sys.argv) > 1 else '')
    if not binary or not os.access(binary, os.X_OK):
        print(f'1..0 # SKIP the partnerdesk binary “{binary}” is not there; set PARTNERDESK_BIN')
        return 77
    if not os.environ.get('DBUS_SESSION_BUS_ADDRESS') or not os.environ.get('DISPLAY'):
        print('not ok - needs a display and a session bus: run through xvfb-wrapper.sh dbus-run-session --')
        return 1

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    env = dict(os.environ)
    # Accessibility must be on: these would hide the app from AT-SPI.
    for var in ('NO_AT_BRIDGE', 'GTK_A11Y'):
        env.pop(var, None)
    env.setdefault('GSETTINGS_BACKEND', 'memory')
    env['XDG_DATA_HOME'] = os.path.join(tmpdir, 'data')
    env['XDG_CONFIG_HOME'] = os.path.join(tmpdir, 'config')
    env['XDG_CACHE_HOME'] = os.path.join(tmpdir, 'cache')

    failed = False
    process = None
    try:
        with open(stderr_path, 'wb') as stderr:
            process = subprocess.Popen([binary, '--store', os.path.join(tmpdir, 'store.db')],
                                       env=env, stdout=stderr, stderr=stderr)
        log(f'# started {binary} (pid {process.pid})')
        try:
            app = wait_for(f'The application “{APP_NAME}” in the AT-SPI tree', find_app,
                           process, START_TIMEOUT)
            window = wait_for('The main window “Partner Desk”',
                              lambda: find_window(app, 'Partner Desk'), process, START_TIMEOUT)
            log('ok - the app is in the accessibility tree')
            check_pages(process, window)
            check_preferences(process, app, window)
            quit_app(process, window)
        except Failure as e:
            log(f'not ok - {e}')
            failed = True
    finally:
        if process is not None:
            stop(process)
        output = ''
        if os.path.exists(stderr_path):
            with open(stderr_path, encoding='utf-8', errors='replace') as f:
                output = f.read()
        criticals = [line for line in output.splitlines() if '-CRITICAL **' in line]
        if criticals:
            log('not ok - the app logged critical errors:')
            failed = True
        if failed and output:
            log('# the app’s output:')
            for line in output.splitlines():
                log(f'#   {line}')
        shutil.rmtree(tmpdir, ignore_errors=True)

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
