# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by the end-to-end tests (test-pages.py, test-sync.py,
test-merchants.py): the app started with accessibility on, found in the
AT-SPI registry, nodes found by role and name and waited for, actions
done, the app quit and stopped, its output checked.

Without pyatspi (on import) or a display: a failure naming what is
missing (exit 1), or with PARTNERDESK_ALLOW_SKIP=1 a skip (exit 77).
"""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request

APP_NAME = 'partnerdesk'
FIND_TIMEOUT = 20.0
START_TIMEOUT = 30.0
EXIT_TIMEOUT = 15.0

try:
    import gi
    gi.require_version('Atspi', '2.0')
    import pyatspi
    from gi.repository import GLib
except (ImportError, ValueError) as e:
    _error = e
else:
    _error = None


def missing(what):
    """A missing prerequisite: exits 77 (skip) when PARTNERDESK_ALLOW_SKIP=1
    asks for skips, else 1 (a broken set-up: ./run test installs it all)."""
    if os.environ.get('PARTNERDESK_ALLOW_SKIP') == '1':
        print(f'1..0 # SKIP {what}', flush=True)
        sys.exit(77)
    print(f'not ok - {what} (PARTNERDESK_ALLOW_SKIP=1 skips instead)', flush=True)
    print(f'{os.path.basename(sys.argv[0])}: {what} (PARTNERDESK_ALLOW_SKIP=1 skips instead)',
          file=sys.stderr)
    sys.exit(1)


if _error is not None:
    missing(f'pyatspi is not available ({_error}): install the Debian packages '
            'python3-pyatspi and at-spi2-core, and run /usr/bin/python3')


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


LIST_ROLES = ('list', 'list item', 'table', 'table row', 'tree table')


def check_list_names(window):
    """Every list and row showing under window has a name a screen reader
    can read: GTK 4.8 names them after their classes ("GtkColumnListView",
    "GtkListItemWidget") unless the app does (src/gui/pd-a11y.h)."""
    bad = []
    for node in walk(window):
        if role(node) in LIST_ROLES and showing(node):
            text = name(node)
            if text == '' or text.startswith('Gtk') or text.startswith('Adw'):
                try:
                    parent = node.parent
                    where = f' in {role(parent)} {name(parent)!r}'
                    child = node.getChildAtIndex(0) if node.childCount else None
                    if child is not None:
                        where += f', first child {role(child)} {name(child)!r}'
                except Exception:
                    where = ''
                bad.append(f'{role(node)} {text!r}{where}')
    if bad:
        raise Failure('Lists or rows named after their classes (or not at all): '
                      + ', '.join(sorted(set(bad))[:10]))
    log('ok - every list and row showing has a name a person can hear')


def has_state(node, state):
    try:
        return node.getState().contains(state)
    except GLib.GError:
        return False


def showing(node):
    return has_state(node, pyatspi.STATE_VISIBLE)


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


def wait_until(predicate, timeout, what):
    """Polls predicate() until it returns something true, and returns that;
    raises Failure naming what after timeout seconds. The deadline only
    bounds a broken build: a passing test goes on as soon as the condition
    holds (polled at once, then every 20 ms, backing off to 200 ms so that
    long waits do not flood the accessibility bus)."""
    deadline = time.monotonic() + timeout
    pause = 0.02
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise Failure(f'{what} was not found within {timeout:.0f} s')
        time.sleep(pause)
        pause = min(pause * 1.5, 0.2)


def wait_for(description, probe, process, timeout=FIND_TIMEOUT):
    """Polls probe() until it returns something; fails naming description,
    at once if the app exited meanwhile."""
    def probe_while_running():
        if process.poll() is not None:
            raise Failure(f'{description} was not found: the app exited with status {process.returncode}')
        return probe()
    return wait_until(probe_while_running, timeout, description)


def find(root, roles, match, with_action=None, visible=False):
    """The first node of one of roles whose name matches (a string: equal;
    a compiled pattern: searched), visible if asked, with the action
    with_action if given."""
    for node in walk(root):
        if role(node) not in roles:
            continue
        text = name(node)
        ok = match.search(text) if hasattr(match, 'search') else text == match
        if ok and (not visible or showing(node)) and \
           (with_action is None or with_action in action_names(node)):
            return node
    return None


def switcher_button(window, msgid='Authorizations'):
    """The view switcher's button of the page titled msgid (in the header
    bar), as the app shows it, or None."""
    title = tr(msgid)
    for node in walk(window):
        if role(node) in ('page tab', 'toggle button', 'radio button') and showing(node) and \
           title in name(node):
            return node
    return None


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and name(app) == APP_NAME:
            return app
    return None


def find_window(app, title, roles=('frame',)):
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None and role(window) in roles and name(window) == title:
            return window
    return None


def have_display():
    """True on a display with a session bus; else says so (not ok)."""
    if not os.environ.get('DBUS_SESSION_BUS_ADDRESS') or not os.environ.get('DISPLAY'):
        missing('needs a display and a session bus: run through tests/gui/xvfb-wrapper.sh '
                'dbus-run-session -- (Debian packages xvfb and dbus)')
    return True


def sandbox_test_setup(script):
    """The start of every test against the sandbox, run as
    PARTNERDESK_BIN=APP SCRIPT SANDBOX CLI [--NAME=VALUE...]: returns
    (app, sandbox, cli, {NAME: VALUE}), or the exit status to return at
    once (1: misused or no display, 77: a program is missing, skipped)."""
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    options = dict(a[2:].split('=', 1) for a in sys.argv[1:] if a.startswith('--') and '=' in a)
    binary = os.environ.get('PARTNERDESK_BIN', '')
    if len(args) < 2 or not binary:
        print(f'usage: PARTNERDESK_BIN=APP {script} SANDBOX CLI [--screenshot=FILE] [--width=N]')
        return 1
    for path in (binary, args[0], args[1]):
        if not os.access(path, os.X_OK):
            print(f'1..0 # SKIP “{path}” is not there')
            return 77
    if not have_display():
        return 1
    return binary, args[0], args[1], options


def app_environment(tmpdir, keep_pd=False):
    """The environment for the app: accessibility on, its XDG folders in
    tmpdir; without the PD_ variables unless keep_pd."""
    env = {k: v for k, v in os.environ.items() if keep_pd or not k.startswith('PD_')}
    # Accessibility must be on: these would hide the app from AT-SPI.
    for var in ('NO_AT_BRIDGE', 'GTK_A11Y'):
        env.pop(var, None)
    env.setdefault('GSETTINGS_BACKEND', 'memory')
    env['XDG_DATA_HOME'] = os.path.join(tmpdir, 'data')
    env['XDG_CONFIG_HOME'] = os.path.join(tmpdir, 'config')
    env['XDG_CACHE_HOME'] = os.path.join(tmpdir, 'cache')
    return env


def use_screenshot_font(env):
    """GNOME's interface font when it is installed, as tests/screenshots.sh does."""
    fonts = subprocess.run(['fc-list', 'Cantarell'], capture_output=True, text=True).stdout
    if fonts.strip():
        os.makedirs(os.path.join(env['XDG_CONFIG_HOME'], 'gtk-4.0'))
        with open(os.path.join(env['XDG_CONFIG_HOME'], 'gtk-4.0', 'settings.ini'), 'w') as f:
            f.write('[Settings]\ngtk-font-name=Cantarell 11\n')


_notification_server = None


def notification_record(stderr_path):
    """Where the test bus's notification server records what the app sent
    (fake_notifications.py): beside stderr_path."""
    return os.path.join(os.path.dirname(stderr_path), 'notifications.jsonl')


def start_app(binary, store, env, stderr_path):
    """The app on store, its output into stderr_path. The test bus gets a
    notification server first (once): the app sends desktop notifications
    (expiring authorizations), which GLib would otherwise warn it cannot."""
    global _notification_server
    if _notification_server is None:
        import fake_notifications
        _notification_server = fake_notifications.start(notification_record(stderr_path))
    with open(stderr_path, 'wb') as stderr:
        process = subprocess.Popen([binary, '--store', store], env=env, stdout=stderr, stderr=stderr)
    log(f'# started {binary} (pid {process.pid})')
    return process


def tr(msgid):
    """msgid as the app shows it: its own catalog (PARTNERDESK_LOCALEDIR)
    in LANGUAGE, so that the screenshots can find their way in Chinese."""
    import gettext
    languages = [lang for lang in os.environ.get('LANGUAGE', '').split(':') if lang]
    localedir = os.environ.get('PARTNERDESK_LOCALEDIR')
    if not languages or not localedir:
        return msgid
    return gettext.translation('partnerdesk', localedir=localedir, languages=languages,
                               fallback=True).gettext(msgid)


def wait_for_main_window(process, window_roles=('frame',)):
    """The app in the AT-SPI tree and its main window, (app, window)."""
    title = tr('Partner Desk')
    app = wait_for(f'The application “{APP_NAME}” in the AT-SPI tree', find_app, process, START_TIMEOUT)
    window = wait_for(f'The main window “{title}”',
                      lambda: find_window(app, title, window_roles), process, START_TIMEOUT)
    log('ok - the app is in the accessibility tree')
    return app, window


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
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# A GLib log line at warning level or worse, with a domain
# ("(partnerdesk:12): Gtk-WARNING **: ...") or without one
# ("** (partnerdesk:12): WARNING **: ...").
LOG_PROBLEM = re.compile(r'(?:^|[\s-])(WARNING|CRITICAL|ERROR) \*\*')

# Known harmless output of others' code, each with why it is harmless. An
# entry is a pattern searched in the line; keep it as narrow as the
# message. Nothing of the app's own belongs here: fix the app instead.
KNOWN_NOISE = [
]


def app_output_problems(output):
    """The lines of output that are GLib warnings or criticals (or errors)
    not in KNOWN_NOISE."""
    problems = []
    for line in output.splitlines():
        if LOG_PROBLEM.search(line) and not any(pattern.search(line) for pattern, _ in KNOWN_NOISE):
            problems.append(line)
    return problems


def check_app_output(stderr_path, failed):
    """Whether the test failed, given the app's output in stderr_path: every
    end-to-end test fails on a GLib/GTK warning or critical in it (see
    KNOWN_NOISE for the exceptions); a failed test shows the output."""
    output = ''
    if os.path.exists(stderr_path):
        with open(stderr_path, encoding='utf-8', errors='replace') as f:
            output = f.read()
    problems = app_output_problems(output)
    if problems:
        log('not ok - the app logged warnings or critical errors:')
        for line in problems:
            log(f'#   {line}')
        failed = True
    if failed and output:
        log('# the app’s output:')
        for line in output.splitlines():
            log(f'#   {line}')
    return failed


def screenshot(path, title=None):
    """The root window cropped to the app's toplevel titled title (any,
    if None; no window manager: it sits at the top left)."""
    # The pointer (Xvfb puts it mid-screen) off the window: no tooltip
    # of whatever lies under it in the picture.
    try:
        pyatspi.Registry.generateMouseEvent(1279, 799, pyatspi.MOUSE_ABS)
    except Exception as e:  # noqa: BLE001 (a picture with a tooltip is no failure)
        log(f'# could not move the pointer away: {e}')
    time.sleep(1.5)
    geometry = None
    marker = f'"{title}": ("partnerdesk"' if title is not None else '("partnerdesk"'
    for line in subprocess.run(['xwininfo', '-root', '-children'], capture_output=True,
                               text=True).stdout.splitlines():
        if marker in line:
            match = re.search(r'(\d+)x(\d+)\+0\+0', line)
            if match and match.group(0) != '1x1+0+0':
                geometry = f'{match.group(1)}x{match.group(2)}'
                break
    subprocess.run(['import', '-window', 'root'] + (['-crop', f'{geometry}+0+0', '+repage'] if geometry else [])
                   + ['-strip', '-define', 'png:exclude-chunks=date,time', path], check=True)
    log(f'ok - screenshot {path} ({geometry})')


def read_clipboard():
    """The text on the display's clipboard, read by a GTK client of its own
    (not through accessibility), or "" when there is none."""
    script = ('import gi\n'
              'gi.require_version("Gdk", "4.0")\n'
              'gi.require_version("Gtk", "4.0")\n'
              'from gi.repository import Gdk, GLib, Gtk\n'
              'Gtk.init()\n'
              'loop = GLib.MainLoop()\n'
              'out = []\n'
              'def done(clipboard, result):\n'
              '    try:\n'
              '        out.append(clipboard.read_text_finish(result))\n'
              '    except GLib.Error as e:\n'
              '        out.append("ERROR " + e.message)\n'
              '    loop.quit()\n'
              'Gdk.Display.get_default().get_clipboard().read_text_async(None, done)\n'
              'GLib.timeout_add_seconds(10, loop.quit)\n'
              'loop.run()\n'
              'print(out[0] if out and out[0] else "")\n')
    env = dict(os.environ, GTK_A11Y='none')
    return subprocess.run(['/usr/bin/python3', '-c', script], capture_output=True, text=True, env=env,
                          timeout=30).stdout.strip()


def admin(endpoint, path):
    """A GET of the sandbox's unsigned /sandbox endpoints (--admin), as JSON."""
    with urllib.request.urlopen(endpoint + path, timeout=10) as answer:
        return json.load(answer)


def start_sandbox(sandbox, data_dir):
    """partnerdesk-sandbox with the demo seed and --admin on a free loopback
    port: the process and its credentials line's variables (PD_ENDPOINT...)."""
    process = subprocess.Popen([sandbox, '--listen', '127.0.0.1:0', '--data', data_dir,
                                '--seed', 'demo', '--admin'],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith('PD_ENDPOINT='):
        process.kill()
        raise Failure(f'the sandbox did not print its credentials line (got “{line[:40]}”)')
    return process, dict(word.split('=', 1) for word in line.split())


def query(store, sql, *args):
    """Rows of a read of the store file (another connection, as the CLI's)."""
    db = sqlite3.connect(store)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()
