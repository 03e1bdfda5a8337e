#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the real partnerdesk binary through accessibility.

Run it on a display with a session bus, display first:
    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-pages.py
(dbus-run-session starts the AT-SPI bus and registry by itself).

It starts the app on a new store in a temporary directory, switches to
every page with the view switcher's buttons and finds each page's empty
state, opens Preferences from the primary menu and finds its rows, opens
the shortcuts window the same way and finds its shortcuts, then closes
the windows and expects the app to exit by itself.

Environment: PARTNERDESK_BIN (the binary), GSETTINGS_SCHEMA_DIR,
GSETTINGS_BACKEND, PARTNERDESK_PROGRAMS_DIR as for the other tests.
Exit status: 0 passed, 1 failed, 77 skipped (no pyatspi, no binary).
"""

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Also for screenshot-links.py, which uses these through this module.
from e2e_util import (  # noqa: E402,F401 (after the path; exits 77 without pyatspi)
    APP_NAME, START_TIMEOUT, Failure, app_environment, check_app_output, check_list_names, do_action, find,
    find_app, find_window, have_display, has_state, log, name, pyatspi, quit_app, role, start_app, stop,
    wait_for, wait_for_main_window, walk)

PAGES = [
    ('Overview', 'Connect to the Platform'),
    ('Merchants', 'No Merchants Yet'),
    ('Links', 'No Links Yet'),
    ('Services', 'No Service Categories'),
    ('Requests', 'No Seller Requests'),
]


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


def check_accessible_names(window):
    """Every button a screen reader meets has a name a person can hear: no
    mnemonic underscore, no class name, not the same words twice (GTK 4.8
    names a mnemonic button "_New Link New Link" and a dropdown's button
    "GtkToggleButton")."""
    bad = []
    for node in walk(window):
        text = name(node)
        if role(node) not in ('push button', 'toggle button'):
            continue
        words = text.split()
        half = len(words) // 2
        if (text.startswith('_') or ' _' in text or text.startswith('Gtk')
                or (half > 0 and len(words) % 2 == 0 and words[:half] == words[half:])):
            bad.append(text)
    if bad:
        raise Failure('Buttons with names a screen reader should not read: '
                      + ', '.join(repr(b) for b in sorted(set(bad))))
    log('ok - every button on the pages has a name a person can hear')
    check_list_names(window)


def choose_primary_menu_item(process, window, label):
    menu_button = wait_for('The primary menu button “Main Menu”',
                           lambda: find(window, ('push button', 'toggle button'), 'Main Menu', 'click'),
                           process)
    do_action(menu_button, 'click', 'The primary menu button')
    item = wait_for(f'The menu item “{label}” in the primary menu',
                    lambda: find(window, ('menu item',), label, 'click'), process)
    do_action(item, 'click', f'The menu item “{label}”')


def check_preferences(process, app, window):
    choose_primary_menu_item(process, window, 'Preferences')

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


def shortcuts_window(app):
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if (window is not None and role(window) in ('frame', 'dialog', 'window')
                and find(window, ('label',), 'Search Merchants') is not None):
            return window
    return None


def check_shortcuts(process, app, window):
    """The shortcuts window, built on first use, from the primary menu."""
    choose_primary_menu_item(process, window, 'Keyboard Shortcuts')
    shortcuts = wait_for('The shortcuts window (a window with the shortcut “Search Merchants”)',
                         lambda: shortcuts_window(app), process)
    for title in ('Preferences', 'Search Merchants'):
        wait_for(f'The shortcut “{title}” in the shortcuts window',
                 lambda: find(shortcuts, ('label',), title), process)
    log('ok - the shortcuts window lists the shortcuts')
    close = wait_for('The close button of the shortcuts window',
                     lambda: find(shortcuts, ('push button',), 'Close', 'click'), process)
    do_action(close, 'click', 'The close button of the shortcuts window')
    wait_for('The shortcuts window closing',
             lambda: not has_state(shortcuts, pyatspi.STATE_SHOWING), process)
    log('ok - the shortcuts window closed')


def main():
    binary = os.environ.get('PARTNERDESK_BIN') or (sys.argv[1] if len(sys.argv) > 1 else '')
    if not binary or not os.access(binary, os.X_OK):
        print(f'1..0 # SKIP the partnerdesk binary “{binary}” is not there; set PARTNERDESK_BIN')
        return 77
    if not have_display():
        return 1

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    env = app_environment(tmpdir, keep_pd=True)

    failed = False
    process = None
    try:
        process = start_app(binary, os.path.join(tmpdir, 'store.db'), env, stderr_path)
        try:
            app, window = wait_for_main_window(process)
            check_pages(process, window)
            check_accessible_names(window)
            check_preferences(process, app, window)
            check_shortcuts(process, app, window)
            quit_app(process, window)
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
