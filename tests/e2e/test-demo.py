#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the demo ./run opens (issue 17): a seller connected.

Runs src/sandbox/run-demo.sh, as ./run does after building, on a display
and a session bus:
    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-demo.py BUILD_DIR RUN_DEMO [--screenshot=FILE]

The demo's set-up connects one seller through the sandbox's Open API
before the app opens, with the tokens in a keyring file the demo owns (no
secret service is running here: the session bus is the test's own). The
demo store then lists one connected shop with its figures from the
platform; in the app, Authorizations, Connected Shops shows it active,
with its GMV from the platform, and Read Now reads it again. When the app
quits the demo's directory (store, sandbox, keyring) is gone.

Environment: GSETTINGS_SCHEMA_DIR, GSETTINGS_BACKEND, PARTNERDESK_PROGRAMS_DIR
as for the other tests. Exit status: 0 passed, 1 failed, 77 skipped.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util  # noqa: E402 (after the path; exits 77 without pyatspi)
from e2e_util import switcher_button  # noqa: E402
from e2e_util import (  # noqa: E402
    Failure, app_environment, check_app_output, do_action, find_window, have_display, log, name,
    query, quit_app, role, showing, stop, wait_for, wait_for_main_window, walk)

SET_UP_TIMEOUT = 90.0
tr = e2e_util.tr


def find(root, roles, node_name, with_action=None):
    return e2e_util.find(root, roles, node_name, with_action, visible=True)


def labels(root):
    return [name(n) for n in walk(root) if role(n) == 'label' and showing(n)]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    options = dict(a[2:].split('=', 1) for a in sys.argv[1:] if a.startswith('--') and '=' in a)
    if len(args) < 2:
        print('usage: test-demo.py BUILD_DIR RUN_DEMO [--screenshot=FILE] [--overview-screenshot=FILE]')
        return 1
    build, run_demo = args
    for path in (os.path.join(build, 'src', 'gui', 'partnerdesk'),
                 os.path.join(build, 'src', 'sandbox', 'partnerdesk-sandbox'),
                 os.path.join(build, 'src', 'cli', 'partnerdesk-cli')):
        if not os.access(path, os.X_OK):
            print(f'1..0 # SKIP “{path}” is not there')
            return 77
    if not have_display():
        return 1

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-demo-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    env = app_environment(tmpdir)
    # The demo's directory in the test's; no secret service on this bus.
    env['TMPDIR'] = tmpdir
    env.pop('XDG_RUNTIME_DIR', None)
    for var in ('SECRET_BACKEND', 'SECRET_FILE_TEST_PATH', 'SECRET_FILE_TEST_PASSWORD'):
        env.pop(var, None)
    if 'screenshot' in options:
        e2e_util.use_screenshot_font(env)
    failed = False
    process = None
    try:
        import fake_notifications
        fake_notifications.start(e2e_util.notification_record(stderr_path))
        with open(stderr_path, 'wb') as stderr:
            process = subprocess.Popen(['bash', run_demo, build], env=env, stdout=stderr, stderr=stderr)
        log(f'# started {run_demo} (pid {process.pid})')
        app, window = wait_for_main_window(process)
        demo_dirs = glob.glob(os.path.join(tmpdir, 'partnerdesk-demo.*'))
        if len(demo_dirs) != 1:
            raise Failure(f'expected one demo directory in {tmpdir}, found {demo_dirs}')
        demo_dir = demo_dirs[0]
        store = os.path.join(demo_dir, 'store.db')

        shops = query(store, 'SELECT shop_id, state, last_read_at FROM open_api_shops')
        if len(shops) != 1 or shops[0][1] != 'connected' or not shops[0][2]:
            raise Failure(f'expected one connected shop already read in the demo store, found {shops}')
        shop_id, _, read_at = shops[0]
        figures = query(store, 'SELECT gmv_amount, gmv_currency, gmv_endpoint FROM open_api_figures'
                               ' WHERE shop_id = ?', shop_id)
        if len(figures) != 1 or figures[0][0] is None or not figures[0][2]:
            raise Failure(f'expected the shop’s GMV read from the platform, found {figures}')
        log(f'ok - the demo store lists one connected shop ({shop_id}), its GMV from {figures[0][2]}')
        if not os.path.isfile(os.path.join(demo_dir, 'keyring')):
            raise Failure('the demo’s tokens are not in the keyring file it owns')
        with open(store, 'rb') as f:
            if b'access_token' in f.read():
                raise Failure('the store file holds a token')
        log('ok - the tokens are in the demo’s own keyring file, not in the store')

        if 'overview-screenshot' in options:
            time.sleep(8)
            e2e_util.screenshot(options['overview-screenshot'], tr('Partner Desk'))

        button = wait_for('The Authorizations button', lambda: switcher_button(window), process,
                          SET_UP_TIMEOUT)
        do_action(button, 'click', 'The Authorizations button')
        wait_for('The “Connected Shops” button',
                 lambda: find(window, ('push button',), tr('Connected Shops'), 'click'), process)
        # The page's stack keeps its empty state's button in the tree: the
        # list's, last, is the one on screen.
        shops_button = [n for n in walk(window) if role(n) == 'push button' and
                        name(n) == tr('Connected Shops') and showing(n)][-1]
        do_action(shops_button, 'click', 'Connected Shops')
        dialog = wait_for('The Connected Shops window',
                          lambda: find_window(app, tr('Connected Shops'), ('frame', 'dialog', 'window')),
                          process)
        shop_list = wait_for('The list “Connected Shops”',
                             lambda: find(dialog, ('list', 'list box'), tr('Connected Shops')), process)
        if shop_list.childCount != 1:
            raise Failure(f'expected one row in the Connected Shops list, found {shop_list.childCount}')
        active = tr('Active')
        gmv = [part.strip(' ,，') for part in tr('GMV %s, from the platform, %s').split('%s')]
        wait_for('The shop shown active, its GMV from the platform',
                 lambda: active in labels(dialog) and
                 any(all(part in text for part in gmv) for text in labels(dialog)),
                 process)
        log('ok - Connected Shops shows the shop active, with its GMV from the platform')

        if 'screenshot' in options:
            e2e_util.screenshot(options['screenshot'], tr('Connected Shops'))

        time.sleep(1.1)
        read_now = wait_for('The “Read Now” button of the shop',
                            lambda: find(dialog, ('push button',), re.compile('^' + re.escape(tr('Read Now: %s')
                                                                                          .split('%s')[0]))),
                            process)
        do_action(read_now, 'click', 'Read Now')
        wait_for('The shop read again',
                 lambda: query(store, 'SELECT last_read_at FROM open_api_shops')[0][0] > read_at,
                 process, SET_UP_TIMEOUT)
        log('ok - Read Now read the shop again')
        # (GTK's own button: libadwaita's catalog names it in Chinese.)

        # Disconnect, confirmed: the shop leaves the list, its figures stay.
        disconnect = wait_for('The “Disconnect” button of the shop',
                              lambda: find(dialog, ('push button',),
                                           re.compile('^' + re.escape(tr('Disconnect: %s').split('%s')[0]))),
                              process)
        do_action(disconnect, 'click', 'Disconnect')
        # GTK 4.8 names a button with a mnemonic "_Disconnect Disconnect".
        label = re.compile(r'(^|\s)' + re.escape(tr('_Disconnect').replace('_', '')) + '$')
        confirm = wait_for('The confirmation’s “Disconnect” button',
                           lambda: next((n for i in range(app.childCount)
                                         for n in [find(app.getChildAtIndex(i), ('push button',), label)]
                                         if n is not None and app.getChildAtIndex(i) != dialog), None),
                           process)
        do_action(confirm, 'click', 'Disconnect (confirmed)')
        wait_for('The shop disconnected in the store',
                 lambda: query(store, 'SELECT count(*) FROM open_api_shops') == [(0,)] and
                 query(store, 'SELECT count(*) FROM open_api_grants') == [(0,)], process)
        if query(store, 'SELECT count(*) FROM open_api_figures WHERE shop_id = ?', shop_id) != [(1,)]:
            raise Failure('disconnecting dropped the figures read')
        wait_for('The empty state of Connected Shops',
                 lambda: find(dialog, ('label',), tr('No Connected Shops')), process)
        log('ok - Disconnect forgot the authorization and kept the figures read')

        close = wait_for('The close button of the Connected Shops window',
                         lambda: find(dialog, ('push button',), re.compile('^(Close|关闭)$'), 'click'), process)
        do_action(close, 'click', 'Close')
        quit_app(process, window)
        e2e_util.wait_until(lambda: not os.path.exists(demo_dir), 10, 'The demo’s directory removed')
        log('ok - the demo’s directory (store, sandbox, keyring) went with the app')
    except (Failure, subprocess.CalledProcessError) as e:
        log(f'not ok - {e}')
        failed = True
    finally:
        stop(process)
        failed = check_app_output(stderr_path, failed)
        shutil.rmtree(tmpdir, ignore_errors=True)

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
