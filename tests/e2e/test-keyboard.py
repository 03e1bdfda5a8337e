#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the keyboard with real key events (issue 18 item 8).

    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 test-keyboard.py CLI FIXTURES_DIR

The widget tests (tests/gui/test-keyboard.c) activate the shortcuts'
actions and controllers directly; this one presses keys, as a person
does: the X server gets them through XTest, from AT-SPI's device
controller (Atspi.generate_keyboard_event), and the app receives them as
from a keyboard. On the q1-example, what has the focus or what opened
is read back through AT-SPI after each:

  Alt+2             the Merchants page
  Ctrl+F            the focus in the search entry
  Down              the focus in a row of the merchant list
  Ctrl+Shift+E      (focus in the list) the export dialog opens; Escape closes it
  Tab               (focus in the list) the focus leaves the list in one press
  Ctrl+?            the shortcuts window opens, listing Ctrl+Shift+E; Escape closes it

Exit status: 0 passed, 1 failed, 77 skipped.
"""

import importlib.util
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util  # noqa: E402 (after the path; exits 77 without pyatspi)
from e2e_util import (  # noqa: E402
    START_TIMEOUT, Failure, app_environment, check_app_output, have_display, log, name, pyatspi,
    quit_app, role, start_app, stop, tr, wait_for, wait_for_main_window, walk)
from gi.repository import Atspi  # noqa: E402

spec = importlib.util.spec_from_file_location(
    'test_merchants', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-merchants.py'))
merchants = importlib.util.module_from_spec(spec)
spec.loader.exec_module(merchants)

WINDOW_ROLES = ('frame', 'dialog', 'alert')
# X modifier masks (X.h): what Atspi locks while a key is pressed.
SHIFT_MASK, CONTROL_MASK, ALT_MASK = 1 << 0, 1 << 2, 1 << 3
KEYSYMS = {'f': 0x66, 'e': 0x65, '2': 0x32, 'question': 0x3f, 'Down': 0xff54, 'Tab': 0xff09,
           'Escape': 0xff1b}


def press(key, modifiers=0):
    """One real key press and release, with modifiers held (locked)
    around it, as from the keyboard."""
    if modifiers:
        Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        Atspi.generate_keyboard_event(KEYSYMS[key], None, Atspi.KeySynthType.SYM)
    finally:
        if modifiers:
            Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.UNLOCKMODIFIERS)


def focused(root):
    """The node that has the keyboard focus under root, or None."""
    for node in walk(root):
        if e2e_util.has_state(node, pyatspi.STATE_FOCUSED):
            return node
    return None


def ancestors(node):
    while node is not None:
        yield node
        try:
            node = node.parent
        except Exception:
            return


def in_merchant_list(node):
    return any(role(a) == 'list' and name(a) == tr('Merchants') for a in ancestors(node))


def point_into_window():
    """No window manager: the keyboard goes to the window under the
    pointer (X's PointerRoot focus), and GTK takes the focus when the
    pointer enters it. The main window sits at the top left; a dialog
    that closed left the pointer in no window GTK saw it enter."""
    pyatspi.Registry.generateMouseEvent(1279, 799, pyatspi.MOUSE_ABS)
    pyatspi.Registry.generateMouseEvent(300, 300, pyatspi.MOUSE_ABS)


def toplevel(app, title):
    """The app's visible window (of any role: GTK 4.8 gives the file
    chooser "filler") named title, or None."""
    for i in range(app.childCount):
        w = app.getChildAtIndex(i)
        if w is not None and name(w) == title and e2e_util.showing(w):
            return w
    return None


def gone(app, title):
    return toplevel(app, title) is None


def describe(node):
    return f'{role(node)} “{name(node)}”' if node is not None else 'nothing'


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    binary = os.environ.get('PARTNERDESK_BIN', '')
    if len(args) < 2 or not binary:
        print('usage: PARTNERDESK_BIN=APP test-keyboard.py CLI FIXTURES_DIR')
        return 1
    cli, fixtures_dir = args[0], args[1]
    for path in (binary, cli):
        if not os.access(path, os.X_OK):
            print(f'1..0 # SKIP “{path}” is not there')
            return 77
    if not have_display():
        return 1

    tmpdir = tempfile.mkdtemp(prefix='pd-e2e-keyboard-')
    stderr_path = os.path.join(tmpdir, 'stderr.txt')
    store = os.path.join(tmpdir, 'store.db')
    env = app_environment(tmpdir)
    failed = False
    process = None
    try:
        merchants.prepare_store(cli, store, dict(env, LANGUAGE='en', LC_ALL='C.UTF-8'), fixtures_dir)
        process = start_app(binary, store, env, stderr_path)
        app, window = wait_for_main_window(process, WINDOW_ROLES)
        point_into_window()

        press('2', ALT_MASK)
        wait_for('The Merchants page after Alt+2',
                 lambda: merchants.table_rows(window)[1], process, START_TIMEOUT)
        log('ok - Alt+2 shows the Merchants page')

        press('f', CONTROL_MASK)
        entry = wait_for('The focus in the search entry after Ctrl+F',
                         lambda: (lambda n: n if n is not None and role(n) in ('entry', 'text') and
                                  name(n) == tr('Search Merchants') else None)(focused(window)), process)
        log(f'ok - Ctrl+F puts the focus in the {describe(entry)}')

        press('Down')
        row = wait_for('The focus in the merchant list after Down',
                       lambda: (lambda n: n if n is not None and in_merchant_list(n) else None)(focused(window)),
                       process)
        log(f'ok - Down goes from the search to the results ({describe(row)})')

        press('e', CONTROL_MASK | SHIFT_MASK)
        dialog = wait_for('The export dialog after Ctrl+Shift+E with the focus in the list',
                          lambda: toplevel(app, tr('Export Merchant List')), process)
        log(f'ok - Ctrl+Shift+E in the list opens the {describe(dialog)}')
        press('Escape')
        wait_for('The export dialog gone after Escape',
                 lambda: gone(app, tr('Export Merchant List')), process)
        point_into_window()
        # The main window's focus is reported again at the next key: Down
        # goes on in the list, as it would for a person.
        press('Down')
        row = wait_for('The focus in the merchant list after Escape and Down',
                       lambda: (lambda n: n if n is not None and in_merchant_list(n) else None)(focused(window)),
                       process)

        press('Tab')
        after = wait_for('The focus out of the list after one Tab',
                         lambda: (lambda n: n if n is not None and not in_merchant_list(n) else None)(focused(window)),
                         process)
        log(f'ok - one Tab leaves the list, to the {describe(after)}')

        press('question', CONTROL_MASK)
        shortcuts = wait_for('The shortcuts window after Ctrl+?',
                             lambda: toplevel(app, tr('Keyboard Shortcuts')), process)
        log(f'ok - Ctrl+? opens the {describe(shortcuts)}')
        texts = [name(n) for n in walk(shortcuts)]
        if tr('Export the Merchant List') not in texts:
            raise Failure(f'the shortcuts window does not list “Export the Merchant List”: {texts[:40]}')
        log('ok - it lists “Export the Merchant List”')
        press('Escape')
        wait_for('The shortcuts window gone after Escape',
                 lambda: gone(app, tr('Keyboard Shortcuts')), process)
        quit_app(process, window)
    except Failure as e:
        log(f'not ok - {e}')
        failed = True
    finally:
        if process is not None:
            stop(process)
    failed = check_app_output(stderr_path, failed) or failed
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
