#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the Services page through accessibility (issue 12).

    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-services.py SANDBOX CLI

Starts partnerdesk-sandbox with the demo seed on a free loopback port and
the app on a new store pointed at it, as ./run does. Once synced: the
Services page shows the demo categories with their state and progress;
editing “Japan store operations, monthly” with a price that is not money
is refused in words, a good price is saved (the store holds it with its
outbox entry) and Sync Now sends it to the sandbox; Create Authorization
Link for that service, for a seller found by searching, makes a link
whose URL, read back from the clipboard after Copy Link, has the
platform's format, and whose `state` is the link the store recorded.

--screenshot=FILE: instead, captures the page in the current language and
style; --dialog-screenshot=FILE also the link dialog's result (English);
--width=N: the window N pixels wide.

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
from e2e_util import (  # noqa: E402 (after the path; exits 77 without pyatspi)
    Failure, action_names, app_environment, check_app_output, do_action, find_window, log, name,
    quit_app, read_clipboard, role, screenshot, showing, start_app, stop, tr, use_screenshot_font, wait_for,
    wait_for_main_window)
from e2e_util import admin, sandbox_test_setup, start_sandbox, query  # noqa: E402
from gi.repository import GLib  # noqa: E402

SYNC_TIMEOUT = 60.0
SERVICE_ID = 'svc-jp-ops'
SERVICE_NAME = 'Japan store operations, monthly'
URL_FORMAT = re.compile(r'^https://services\.tiktokshops?(?:\.us)?\.com/open/authorize'
                        r'\?service_id=([A-Za-z0-9_-]+)&state=([A-Za-z0-9_-]{22,})$')


OTHER_PAGE = re.compile(r'^Pd(?!Services)\w+Page$')


def walk(node):
    """The nodes under node, depth first, without the window's other pages
    (GTK 4.8 marks no node as showing, and walking the Merchants page's
    rows takes most of a minute)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        try:
            children = [current.getChildAtIndex(i) for i in range(current.childCount)]
        except GLib.GError:
            continue
        stack.extend(c for c in reversed(children) if c is not None and not OTHER_PAGE.match(name(c)))


def find(root, roles, match, with_action=None):
    """The first showing node of one of roles whose name matches (a string:
    equal; a compiled pattern: searched), with the action with_action if given."""
    for node in walk(root):
        if role(node) not in roles:
            continue
        text = name(node)
        if (match.search(text) if hasattr(match, 'search') else text == match) and \
           (with_action is None or with_action in action_names(node)):
            return node
    return None


def set_text(node, text, what):
    try:
        editable = node.queryEditableText()
    except NotImplementedError:
        raise Failure(f'{what} cannot be edited through accessibility')
    editable.setTextContents(text)


def click(process, root, roles, match, what):
    try:
        node = wait_for(what, lambda: find(root, roles, match, 'click'), process)
    except Failure as e:
        buttons = [f'{role(n)}:{name(n)}' for n in walk(root) if role(n) in roles]
        raise Failure(f'{e}; there are {buttons}')
    do_action(node, 'click', what)
    return node


def labels(root):
    return [name(n) for n in walk(root) if role(n) == 'label' and showing(n)]


def wait_synced(process, window):
    wait_for('The sync indicator saying “Synced…”',
             lambda: find(window, ('toggle button', 'push button'), re.compile('^' + tr('Synced')), 'click'),
             process, SYNC_TIMEOUT)
    log('ok - the app synced with the sandbox')


def open_services_page(process, window):
    click(process, window, ('page tab',), tr('Services'), 'The view switcher button “Services”')
    wait_for('The category “Store operations”', lambda: find(window, ('heading', 'label'), 'Store operations'), process)
    progress = wait_for('The progress “Category GMV USD 41,200 of 30,000” of Advertising',
                        lambda: find(window, ('label',), 'Category GMV USD 41,200 of 30,000'), process)
    texts = labels(window)
    for expected in ('Approved', 'In review', 'Rejected', 'Suspended', 'Not listed',
                     'Operation qualification: A certified TikTok Ads specialist on staff'):
        if expected not in texts:
            raise Failure(f'the Services page does not show “{expected}”; it shows {texts}')
    log(f'ok - the Services page shows the demo categories, their states and “{name(progress)}”')


def edit_service(process, app, window, store):
    click(process, window, ('push button',), f'Edit {SERVICE_NAME}', f'The “Edit {SERVICE_NAME}” button')
    dialog = wait_for('The “Edit Service” window', lambda: find_window(app, 'Edit Service'), process)
    price = wait_for('The price entry “Amount”', lambda: find(dialog, ('text', 'entry'), 'Amount'), process)
    set_text(price, '12,5', 'The price entry')
    click(process, dialog, ('push button',), 'Save', 'The “Save” button')
    refusal = wait_for('The refusal of “12,5” under the price',
                       lambda: find(dialog, ('label',), re.compile('“12,5”.*USD')), process)
    if query(store, "SELECT count(*) FROM outbox WHERE path = ?", f'/v1/services/{SERVICE_ID}')[0][0] != 0:
        raise Failure('a refused price queued a change anyway')
    log(f'ok - a price that is not money is refused in words: “{name(refusal)}”')

    set_text(price, '1,300.00', 'The price entry')
    click(process, dialog, ('push button',), 'Save', 'The “Save” button')
    wait_for('The “Edit Service” window closing', lambda: find_window(app, 'Edit Service') is None, process)
    wait_for('The new price “USD 1,300.00” on the page', lambda: find(window, ('label',), 'USD 1,300.00'), process)
    rows = query(store, 'SELECT price, currency FROM services WHERE id = ?', SERVICE_ID)
    queued = query(store, "SELECT method, body FROM outbox WHERE path = ?", f'/v1/services/{SERVICE_ID}')
    if rows != [(130000, 'USD')]:
        raise Failure(f'the store holds {rows} for {SERVICE_ID}; expected [(130000, "USD")]')
    # The app may push its outbox at once (then the sandbox has it below).
    if len(queued) > 1 or (queued and (queued[0][0] != 'PUT' or
                                       json.loads(queued[0][1]).get('price') != '1300.00')):
        raise Failure(f'the outbox holds {queued} for {SERVICE_ID}; expected one PUT with price 1300.00')
    log(f'ok - the new price is in the store ({len(queued)} outbox entry still waiting)')


def sync_now(process, window, endpoint):
    # "Sent" for a while after the app pushed the change by itself.
    indicator = wait_for('The sync indicator', lambda: find(window, ('toggle button', 'push button'),
                                                           re.compile('^(Synced|Sent)'), 'click'), process)
    do_action(indicator, 'click', 'The sync indicator')
    click(process, window, ('push button',), 'Sync Now', 'The “Sync Now” button')

    def sent():
        objects = admin(endpoint, '/sandbox/objects?type=service')['objects']
        return any(o['id'] == SERVICE_ID and o['data'].get('price') == '1300.00' for o in objects)
    wait_for(f'{SERVICE_ID} at 1300.00 on the platform', sent, process, SYNC_TIMEOUT)
    do_action(indicator, 'click', 'The sync indicator')
    log('ok - Sync Now sent the new price to the platform')


def create_link(process, app, window, store, shot=None):
    click(process, window, ('push button',), f'Create Authorization Link for {SERVICE_NAME}',
          'The “Create Authorization Link” button of the service')
    dialog = wait_for('The “Create Authorization Link” window',
                      lambda: find_window(app, 'Create Authorization Link'), process)
    search = wait_for('The merchant search entry', lambda: find(dialog, ('entry', 'text'), 'Search Merchants'),
                      process)
    set_text(search, 'Yiwu', 'The merchant search entry')
    click(process, dialog, ('push button',), re.compile('^Choose .*Yiwu'), 'The “Choose” button of a merchant matching “Yiwu”')
    seller = wait_for('The chosen seller under “Seller”',
                      lambda: next((m.group(1) for t in labels(dialog)
                                    for m in [re.search(r'\((\d+), [A-Z]+\)$', t)] if m), None), process)
    log(f'ok - the search found and chose seller {seller}')
    click(process, dialog, ('push button',), 'Create Link', 'The “Create Link” button')
    wait_for('The link’s URL in the dialog',
             lambda: next((t for t in labels(dialog) if URL_FORMAT.match(t)), None), process)
    if shot:
        screenshot(shot, 'Create Authorization Link')
    click(process, dialog, ('push button',), 'Copy Link', 'The “Copy Link” button')
    wait_for('The toast “Link copied”', lambda: find(dialog, ('label',), 'Link copied'), process)
    url = wait_for('An authorization link on the clipboard',
                   lambda: (lambda t: URL_FORMAT.match(t) and t)(read_clipboard()), process)
    service_id, state = URL_FORMAT.match(url).groups()
    if service_id != SERVICE_ID:
        raise Failure(f'the link {url} is for service {service_id}; expected {SERVICE_ID}')
    rows = query(store, 'SELECT kind, service_id, seller_id, url FROM links WHERE token = ?', state)
    if rows != [('authorization', SERVICE_ID, seller, url)]:
        raise Failure(f'the store holds {rows} for state {state}; expected the authorization link {url}')
    queued = query(store, "SELECT count(*) FROM outbox WHERE path = '/v1/authorization-links'")[0][0]
    if queued > 1:
        raise Failure(f'{queued} authorization links queued; expected 1 (or 0 once pushed)')
    log(f'ok - Copy Link put {url} on the clipboard; the store recorded its state for seller {seller}')
    click(process, dialog, ('push button',), 'Done', 'The “Done” button')


def main():
    setup = sandbox_test_setup('test-services.py')
    if isinstance(setup, int):
        return setup
    binary, sandbox_bin, cli, options = setup
    shot = options.get('screenshot')
    dialog_shot = options.get('dialog-screenshot')
    width = int(options['width']) if 'width' in options else None

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-services-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    store = os.path.join(tmpdir, 'store.db')
    env = app_environment(tmpdir)
    if shot:
        use_screenshot_font(env)
    if width:
        # The window's width from a settings file (GSettings' keyfile backend).
        os.makedirs(os.path.join(env['XDG_CONFIG_HOME'], 'glib-2.0', 'settings'), exist_ok=True)
        with open(os.path.join(env['XDG_CONFIG_HOME'], 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
            f.write(f'[io/github/partnerdesk/PartnerDesk]\nwindow-width={width}\nwindow-height=800\n')
        env['GSETTINGS_BACKEND'] = 'keyfile'

    failed = False
    process = None
    sandbox = None
    try:
        sandbox, variables = start_sandbox(sandbox_bin, os.path.join(tmpdir, 'sandbox'))
        endpoint = variables['PD_ENDPOINT']
        subprocess.run([cli, '--store', store, 'config', 'set', 'endpoint', endpoint],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        process = start_app(binary, store, dict(env, **variables), stderr_path)
        try:
            app, window = wait_for_main_window(process)
            if shot:
                # The category names are the platform's: the same in every language.
                click(process, window, ('page tab',), tr('Services'), 'The view switcher button “Services”')
                wait_for('The category “Store operations”',
                         lambda: find(window, ('heading', 'label'), 'Store operations'), process, SYNC_TIMEOUT)
                screenshot(shot, tr('Partner Desk'))
                if dialog_shot:
                    create_link(process, app, window, store, dialog_shot)
            else:
                wait_synced(process, window)
                open_services_page(process, window)
                edit_service(process, app, window, store)
                sync_now(process, window, endpoint)
                create_link(process, app, window, store)
            if not shot:
                # The close button's name is English: only the test quits the app.
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
