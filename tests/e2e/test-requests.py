#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the Requests page through accessibility (issue 12).

    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-requests.py SANDBOX CLI

Starts partnerdesk-sandbox with the demo seed and the app on a new store
pointed at it (as ./run does), waits for the first sync, opens the
Requests page and reads the badge of requests waiting for review on its
view switcher button; finds a request in review in the list, selects it,
accepts it (its chip and the detail say Accepted, the badge drops by
one), syncs with Sync Now and waits until the platform holds the request
accepted, the chip still Accepted. Then Send Authorization Link… opens
the link dialog for the request's category: Create Link and Copy Link
put on the clipboard a link in the platform's format for a service of
that category, which the store recorded and the platform receives.

--screenshot=FILE: instead, after selecting the request, captures the
window with its detail pane (data/screenshots/requests*.png;
tests/e2e/screenshot-requests.sh). --width=N resizes the window first.
Exit status: 0 passed, 1 failed, 77 skipped (no pyatspi, no binary).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_util import (  # noqa: E402 (after the path; exits 77 without pyatspi)
    Failure, app_environment, check_app_output, do_action, find, find_window, log, name, pyatspi,
    quit_app, read_clipboard, role, screenshot, start_app, stop, tr, use_screenshot_font, wait_for,
    wait_for_main_window, walk)
from e2e_util import admin, check_list_names, sandbox_test_setup, start_sandbox, query  # noqa: E402

SYNC_TIMEOUT = 60.0
URL_FORMAT = re.compile(r'^https://services\.tiktokshops?(?:\.us)?\.com/open/authorize'
                        r'\?service_id=([A-Za-z0-9_-]+)&state=([A-Za-z0-9_-]{22,})$')


def platform_status(endpoint, request_id):
    objects = admin(endpoint, '/sandbox/objects?type=seller_request')['objects']
    return next((o['data']['status'] for o in objects if o['id'] == request_id), None)


def wait_synced(process, window, sent=False):
    """The indicator saying Synced (or, with sent, Sent: for a while after
    the app pushed a change by itself)."""
    words = [tr('Synced'), tr('Synced just now')] + ([tr('Sent')] if sent else [])
    pattern = re.compile('^(' + '|'.join(re.escape(w) for w in words) + ')')
    indicator = wait_for('The sync indicator saying “Synced…”',
                         lambda: find(window, ('toggle button', 'push button'), pattern, 'click'),
                         process, SYNC_TIMEOUT)
    log(f'ok - the indicator says “{name(indicator)}”')
    return indicator


def badge(tab):
    """The number on the view switcher button, 0 without one."""
    numbers = [name(n) for n in walk(tab) if role(n) == 'label' and re.fullmatch(r'\d+', name(n) or '')]
    return int(numbers[0]) if numbers else 0


def request_list(window):
    return find(window, ('list', 'list box', 'table', 'tree table'), tr('Seller Requests'))


def row_labels(row):
    return [name(n) for n in walk(row) if role(n) == 'label']


def open_requests(process, window):
    tab = wait_for('The view switcher button “Requests”',
                   lambda: find(window, ('page tab',), tr('Requests'), 'click', visible=False), process)
    do_action(tab, 'click', 'The view switcher button “Requests”')
    wait_for('The list of seller requests', lambda: request_list(window), process)
    count = wait_for('A badge on the Requests button', lambda: badge(tab) or None, process)
    log(f'ok - the Requests button has the badge {count}')
    return tab, count


def select_reviewing(process, window):
    """Selects the first request in review in the list; its id."""
    reviewing = tr('Reviewing')

    def probe():
        node = request_list(window)
        for i in range(node.childCount if node else 0):
            labels = row_labels(node.getChildAtIndex(i))
            if reviewing in labels:
                node.querySelection().clearSelection()
                node.querySelection().selectChild(i)
                return labels
        return None
    labels = wait_for('A request in review in the list', probe, process)
    request_id = wait_for('The request’s id in the detail pane',
                          lambda: next((name(n) for n in walk(window)
                                        if role(n) == 'label' and re.fullmatch(r'SR-\d+', name(n) or '')),
                                       None), process)
    log(f'ok - selected {request_id} ({labels[0]})')
    check_list_names(window)
    return request_id, labels[0]


def row_of(window, contact):
    node = request_list(window)
    for i in range(node.childCount if node else 0):
        labels = row_labels(node.getChildAtIndex(i))
        if labels and labels[0] == contact:
            return labels
    return []


def accept(process, window, tab, count, request_id, contact):
    button = wait_for('The “Accept” button enabled',
                      lambda: next((n for n in walk(window) if role(n) == 'push button'
                                    and name(n) == tr('Accept')
                                    and n.getState().contains(pyatspi.STATE_SENSITIVE)), None),
                      process)
    do_action(button, 'click', 'The “Accept” button')
    accepted = tr('Accepted')
    wait_for(f'The chip of {request_id} saying Accepted', lambda: accepted in row_of(window, contact), process)
    wait_for(f'The badge dropping to {count - 1}', lambda: badge(tab) == count - 1, process)
    log(f'ok - {request_id} reads Accepted, the badge says {count - 1}')


def sync_now(process, window, endpoint, request_id):
    """app.sync, what Sync Now and Ctrl+R activate, over D-Bus."""
    subprocess.run(['gapplication', 'action', 'io.github.partnerdesk.PartnerDesk', 'sync'], check=True)
    wait_for(f'Seller request {request_id} accepted on the platform',
             lambda: platform_status(endpoint, request_id) == 'partner_accepted', process, SYNC_TIMEOUT)
    wait_synced(process, window, sent=True)
    log(f'ok - synced: the platform holds {request_id} accepted, the page still says Accepted')


def send_authorization_link(process, app, window, store, endpoint, request_id):
    """Send Authorization Link… for the selected request: the dialog offers
    its category's services; the link made is copied, stored and pushed."""
    category = query(store, 'SELECT category_id FROM seller_requests WHERE id = ?', request_id)[0][0]
    button = wait_for('The “Send Authorization Link…” button',
                      lambda: find(window, ('push button',), tr('Send Authorization Link…'), 'click'), process)
    do_action(button, 'click', 'The “Send Authorization Link…” button')
    title = tr('Create Authorization Link')
    dialog = wait_for(f'The “{title}” window', lambda: find_window(app, title), process)
    create = wait_for('The “Create Link” button', lambda: find(dialog, ('push button',), tr('Create Link'), 'click'),
                      process)
    do_action(create, 'click', 'The “Create Link” button')
    # The result page (and its Copy Link) is in the dialog from the start:
    # the link is there once its URL is shown.
    wait_for('The link’s URL in the dialog',
             lambda: next((name(n) for n in walk(dialog) if role(n) == 'label' and URL_FORMAT.match(name(n) or '')),
                          None), process)
    copy = wait_for('The “Copy Link” button', lambda: find(dialog, ('push button',), tr('Copy Link'), 'click'),
                    process)
    do_action(copy, 'click', 'The “Copy Link” button')
    url = wait_for('An authorization link on the clipboard',
                   lambda: (lambda t: URL_FORMAT.match(t) and t)(read_clipboard()), process)
    service_id, state = URL_FORMAT.match(url).groups()
    rows = query(store, 'SELECT l.kind, s.category_id FROM links l JOIN services s ON s.id = l.service_id'
                 ' WHERE l.token = ? AND l.url = ?', state, url)
    if rows != [('authorization', category)]:
        raise Failure(f'the store holds {rows} for the link {url}; expected an authorization link'
                      f' for a service of category {category}')
    log(f'ok - Send Authorization Link… made {url} for {service_id}, a service of the request’s category {category}')

    def on_platform():
        links = admin(endpoint, '/sandbox/objects?type=link')['objects']
        return any(o['data'].get('state') == state or o['id'] == state for o in links)
    wait_for('The authorization link on the platform', on_platform, process, SYNC_TIMEOUT)
    log('ok - the platform received the link without waiting for a periodic sync')
    done = wait_for('The “Done” button', lambda: find(dialog, ('push button',), tr('Done'), 'click'), process)
    do_action(done, 'click', 'The “Done” button')


def main():
    setup = sandbox_test_setup('test-requests.py')
    if isinstance(setup, int):
        return setup
    binary, sandbox_bin, cli, options = setup
    shot = options.get('screenshot')

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-requests-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    store = os.path.join(tmpdir, 'store.db')
    env = app_environment(tmpdir)
    if shot:
        use_screenshot_font(env)
        if 'width' in options:
            # The window's size comes from its settings: a keyfile backend
            # holding the width asked for.
            folder = os.path.join(tmpdir, 'config', 'glib-2.0', 'settings')
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, 'keyfile'), 'w') as f:
                f.write(f'[io/github/partnerdesk/PartnerDesk]\nwindow-width={int(options["width"])}\n'
                        'window-height=720\n')
            env['GSETTINGS_BACKEND'] = 'keyfile'

    failed = False
    process = sandbox = None
    try:
        sandbox, variables = start_sandbox(sandbox_bin, os.path.join(tmpdir, 'sandbox'))
        endpoint = variables['PD_ENDPOINT']
        subprocess.run([cli, '--store', store, 'config', 'set', 'endpoint', endpoint], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        process = start_app(binary, store, dict(env, **variables), stderr_path)
        try:
            app, window = wait_for_main_window(process)
            wait_synced(process, window)
            tab, count = open_requests(process, window)
            request_id, contact = select_reviewing(process, window)
            if shot:
                screenshot(shot, tr('Partner Desk'))
            else:
                accept(process, window, tab, count, request_id, contact)
                sync_now(process, window, endpoint, request_id)
                if tr('Accepted') not in row_of(window, contact):
                    raise Failure(f'after the sync the row of {request_id} says {row_of(window, contact)}')
                send_authorization_link(process, app, window, store, endpoint, request_id)
            quit_app(process, window)
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
