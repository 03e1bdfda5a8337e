#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of Connect a Shop through accessibility (issue 17).

Run it on a display, inside a session bus with a keyring (the seller's
Open API tokens live there only), display first:
    xvfb-wrapper.sh sh tests/sync/keyring-session.sh /usr/bin/python3 test-connect-shop.py SANDBOX CLI

The demo sandbox, a store synced with it, an authorization link made for
a seller with partnerdesk-cli and pushed, the seller's approval (the
sandbox's admin endpoint) giving the redirect address. Then the app:
Authorizations, Connect a Shop…, the address pasted, Connect; the shop is
in the store, and the sync that follows reads its figures.

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
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util  # noqa: E402 (after the path; exits 77 without pyatspi)
from e2e_util import switcher_button  # noqa: E402
from e2e_util import (  # noqa: E402
    Failure, app_environment, check_app_output, do_action, log, name, quit_app, role,
    showing, start_app, stop, wait_for, wait_for_main_window, walk)
from e2e_util import query, sandbox_test_setup, start_sandbox  # noqa: E402

SYNC_TIMEOUT = 60.0
tr = e2e_util.tr


def find(root, roles, node_name, with_action=None):
    return e2e_util.find(root, roles, node_name, with_action, visible=True)


def approve(endpoint, state):
    request = urllib.request.Request(endpoint + '/sandbox/open-api/approve',
                                     data=json.dumps({'state': state}).encode(),
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)['redirect_url']


def find_anywhere(app, roles, node_name):
    """In any window of the app (the dialog is a window of its own)."""
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is None:
            continue
        node = find(window, roles, node_name)
        if node is not None:
            return node
    return None


def main():
    setup = sandbox_test_setup('test-connect-shop.py')
    if isinstance(setup, int):
        return setup
    binary, sandbox_bin, cli, options = setup

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-connect-shop-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    store = os.path.join(tmpdir, 'store.db')
    env = app_environment(tmpdir)
    failed = False
    process = None
    sandbox = None
    try:
        sandbox, variables = start_sandbox(sandbox_bin, os.path.join(tmpdir, 'sandbox'))
        endpoint = variables['PD_ENDPOINT']
        cli_env = dict(env, **variables)

        def run_cli(*words):
            return subprocess.run([cli, '--store', store, *words], env=cli_env, check=True,
                                  capture_output=True, text=True, timeout=60).stdout

        for key in ('endpoint', 'open_api.auth_endpoint', 'open_api.endpoint'):
            run_cli('config', 'set', key, endpoint)
        run_cli('sync', '--json')
        seller, store_id = query(store, "SELECT seller_id, store_id FROM stores WHERE store_status = 'normal'"
                                        " AND inventory_countries != '' ORDER BY store_id LIMIT 1")[0]
        url = run_cli('link', 'authorization', '--service', 'svc-eu-launch', '--seller', seller,
                      '--days', '30').strip()
        run_cli('sync', '--json')
        state = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)['state'][0]
        redirect = approve(endpoint, state)
        log(f'# the seller {seller} approved; the browser ended on {redirect}')

        process = start_app(binary, store, cli_env, stderr_path)
        try:
            app, window = wait_for_main_window(process)
            button = wait_for('The Authorizations button', lambda: switcher_button(window), process,
                              SYNC_TIMEOUT)
            do_action(button, 'click', 'The Authorizations button')
            connect = wait_for('The “Connect a Shop…” button',
                               lambda: find(window, ('push button',), tr('Connect a Shop…'), 'click'),
                               process)
            # The page's stack keeps its empty state's button in the tree:
            # the list's, last, is the one on screen.
            buttons = [n for n in walk(window)
                       if role(n) == 'push button' and name(n) == tr('Connect a Shop…') and showing(n)]
            do_action(buttons[-1], 'click', 'Connect a Shop…')
            entry = wait_for('The dialog’s “Authorization address” entry',
                             lambda: find_anywhere(app, ('text', 'entry'), tr('Authorization address')),
                             process)
            entry.queryEditableText().setTextContents(redirect)
            # GTK 4.8 names a button with a mnemonic "_Connect Connect".
            label = re.compile(r'(^|\s)' + re.escape(tr('_Connect').replace('_', '')) + '$')
            button = wait_for('The dialog’s “Connect” button',
                              lambda: find_anywhere(app, ('push button',), label), process)
            do_action(button, 'click', 'Connect')
            wait_for('The shop connected in the store',
                     lambda: query(store, 'SELECT state FROM open_api_shops WHERE shop_id = ?', store_id) ==
                     [('connected',)], process, SYNC_TIMEOUT)
            log(f'ok - pasting the redirect address connected the shop {store_id}')
            wait_for('The shop’s figures read by the sync that followed',
                     lambda: query(store, 'SELECT count(*) FROM open_api_figures WHERE shop_id = ?'
                                          ' AND gmv_read_at IS NOT NULL', store_id) == [(1,)],
                     process, SYNC_TIMEOUT)
            log('ok - the sync after connecting read its GMV and warehouses from the platform')
            quit_app(process, window)
        except Failure as e:
            log(f'not ok - {e}')
            failed = True
    except (Failure, subprocess.CalledProcessError) as e:
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
