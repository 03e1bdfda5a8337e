#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the Links page and the QR code dialog, through AT-SPI.

    xvfb-wrapper.sh dbus-run-session -- /usr/bin/python3 screenshot-links.py \
        BUILD_DIR OUT_DIR

Makes a store with the q1-example merchants and links plus a few links
made by partnerdesk-cli (one revoked, one authorization link), starts
the app on it, opens the Links page, selects the newest link and writes
OUT_DIR/links.png, then opens its QR code and writes OUT_DIR/qr-code.png.
Uses test-pages.py's helpers; needs xwininfo and ImageMagick's import.
"""

import importlib.util
import os
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('test_pages', os.path.join(here, 'test-pages.py'))
tp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tp)
pyatspi = tp.pyatspi

FIXTURES = os.path.join(os.path.dirname(here), 'fixtures', 'q1-example')


def run(*args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise tp.Failure(f'{" ".join(args)} failed: {r.stderr}')
    return r.stdout.strip()


def make_store(cli, store):
    run(cli, '--store', store, 'import', 'targets', os.path.join(FIXTURES, 'targets.csv'))
    run(cli, '--store', store, 'import', 'links', os.path.join(FIXTURES, 'links.csv'))
    run(cli, '--store', store, 'import', 'stores', os.path.join(FIXTURES, 'stores.csv'))
    run(cli, '--store', store, 'config', 'set', 'onboarding_base_url.EU',
        'https://seller-eu.tiktok.com/account/register?partner_id=PD2026&channel=tsp')
    run(cli, '--store', store, 'config', 'set', 'onboarding_base_url.JP',
        'https://seller-jp.tiktok.com/account/register?partner_id=PD2026#apply')
    for seller, staff in (('7000000000000009', '王芳'), ('7000000000000010', 'Lin'),
                          ('7000000000000003', 'Sato')):
        run(cli, '--store', store, 'link', 'onboarding', '--seller', seller, '--staff', staff, '--new')
    url = run(cli, '--store', store, 'link', 'onboarding', '--seller', '7000000000000011', '--staff', 'Lin')
    run(cli, '--store', store, 'link', 'revoke', url.split('pd_ref=')[1].split('#')[0])
    run(cli, '--store', store, 'link', 'authorization', '--service', '7301558840061798402',
        '--seller', '7000000000000001', '--days', '180')
    run(cli, '--store', store, 'link', 'onboarding', '--seller', '7000000000000004', '--staff', '王芳', '--new')


def toplevels():
    """The app's visible toplevels, top of the stack first: (id, WxH)."""
    out = subprocess.run(['xwininfo', '-root', '-children'], capture_output=True, text=True).stdout
    result = []
    for line in out.splitlines():
        if '("partnerdesk" ' not in line:
            continue
        for field in line.split():
            if 'x' in field and '+' in field and field[0].isdigit():
                size = field.split('+')[0]
                if size != '1x1':
                    result.append((line.split()[0], size))
    return result


def shoot(out, size):
    subprocess.run(['import', '-window', 'root', '-crop', f'{size}+0+0', '+repage', '-strip',
                    '-define', 'png:exclude-chunks=date,time', out], check=True)
    tp.log(f'# wrote {out} ({size})')


def main():
    build, outdir = sys.argv[1], sys.argv[2]
    cli = os.path.join(build, 'src', 'cli', 'partnerdesk-cli')
    binary = os.path.join(build, 'src', 'gui', 'partnerdesk')
    tmpdir = tempfile.mkdtemp(prefix='pd-shot-links-')
    store = os.path.join(tmpdir, 'store.db')
    make_store(cli, store)

    env = dict(os.environ)
    for var in ('NO_AT_BRIDGE', 'GTK_A11Y'):
        env.pop(var, None)
    env['XDG_DATA_HOME'] = os.path.join(tmpdir, 'data')
    env['XDG_CONFIG_HOME'] = os.path.join(tmpdir, 'config')
    env['XDG_CACHE_HOME'] = os.path.join(tmpdir, 'cache')
    process = subprocess.Popen([binary, '--store', store], env=env)
    try:
        app = tp.wait_for('the app', tp.find_app, process, tp.START_TIMEOUT)
        window = tp.wait_for('the main window', lambda: tp.find_window(app, 'Partner Desk'), process)
        tab = tp.wait_for('the Links tab', lambda: tp.find(window, ('page tab',), 'Links', 'click'), process)
        tp.do_action(tab, 'click', 'the Links tab')
        table = tp.wait_for('the links table',
                            lambda: next((n for n in tp.walk(window) if tp.name(n) == 'Links'
                                          and tp.role(n) in ('table', 'tree table', 'list')), None),
                            process)
        time.sleep(1.0)
        # GTK 4.8 exposes no selection on a column view: click the first
        # row (no window manager: the window sits at the top left).
        extents = table.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        pyatspi.Registry.generateMouseEvent(extents.x + 300, extents.y + 42, 'b1c')
        # The pointer off the window: no merchant's tooltip in the picture.
        pyatspi.Registry.generateMouseEvent(1279, 799, 'abs')
        time.sleep(1.5)
        shoot(os.path.join(outdir, 'links.png'), toplevels()[0][1])

        button = tp.wait_for('the QR Code button',
                             lambda: next((n for n in tp.walk(window) if tp.role(n) == 'push button'
                                           and 'QR Code' in tp.name(n)), None), process)
        tp.do_action(button, 'click', 'the QR Code button')
        tp.wait_for('the QR code dialog', lambda: tp.find_window(app, 'Link QR Code'), process)
        time.sleep(1.5)
        shoot(os.path.join(outdir, 'qr-code.png'), toplevels()[0][1])
    finally:
        tp.stop(process)
    return 0


if __name__ == '__main__':
    sys.exit(main())
