#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of every page at one window width, for the clipping sweep.

    xvfb-wrapper.sh dbus-run-session -- screenshot-sweep.py CLI FIXTURES_DIR OUT_DIR WIDTH

With the q1-example in a new store (as test-merchants.py imports it),
the window WIDTH px wide, writes OUT_DIR/PAGE-WIDTH.png for each page,
and merchants-detail-WIDTH.png with Yiwu Kite's detail open. The
language is the environment's (LANGUAGE, LANG). tests/e2e/screenshot-sweep.sh
runs it at 700, 1100 and 1400 px in English and Chinese.
"""

import importlib.util
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util  # noqa: E402
from e2e_util import (  # noqa: E402
    app_environment, do_action, find, log, screenshot, start_app, stop, tr, use_screenshot_font, wait_for,
    wait_for_main_window)

spec = importlib.util.spec_from_file_location(
    'test_merchants', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-merchants.py'))
merchants = importlib.util.module_from_spec(spec)
spec.loader.exec_module(merchants)

PAGES = ('Overview', 'Merchants', 'Links', 'Services', 'Requests', 'Authorizations')


def main():
    cli, fixtures_dir, out_dir, width = sys.argv[1:5]
    binary = os.environ['PARTNERDESK_BIN']
    tmpdir = tempfile.mkdtemp(prefix='pd-sweep-')
    store = os.path.join(tmpdir, 'store.db')
    env = app_environment(tmpdir)
    use_screenshot_font(env)
    folder = os.path.join(tmpdir, 'config', 'glib-2.0', 'settings')
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'keyfile'), 'w') as f:
        f.write(f'[io/github/partnerdesk/PartnerDesk]\nwindow-width={int(width)}\nwindow-height=760\n')
    env['GSETTINGS_BACKEND'] = 'keyfile'
    merchants.prepare_store(cli, store, dict(env, LANGUAGE='en', LC_ALL='C.UTF-8'), fixtures_dir)
    process = start_app(binary, store, env, os.path.join(tmpdir, 'stderr.txt'))
    try:
        _, window = wait_for_main_window(process, ('frame', 'dialog', 'alert'))
        for page in PAGES:
            tab = wait_for(f'The tab {page}', lambda: find(window, ('page tab',), tr(page), 'click',
                                                          visible=False), process)
            do_action(tab, 'click', page)
            screenshot(os.path.join(out_dir, f'{page.lower()}-{width}.png'))
        merchants.open_merchants(process, window)
        list_node, _ = merchants.table_rows(window)
        rows = [list_node.getChildAtIndex(i) for i in range(list_node.childCount)]
        labels = [[e2e_util.name(n) for n in e2e_util.walk(r) if e2e_util.role(n) == 'label'] for r in rows]
        index = next(i for i, row in enumerate(labels) if row and row[0] == merchants.SELLER_NAME)
        list_node.querySelection().clearSelection()
        list_node.querySelection().selectChild(index)
        details = wait_for('Show Details', lambda: find(window, ('push button', 'toggle button'),
                                                        tr('Show Details'), 'click'), process)
        do_action(details, 'click', 'Show Details')
        screenshot(os.path.join(out_dir, f'merchants-detail-{width}.png'))
    finally:
        stop(process)
    return 0


if __name__ == '__main__':
    sys.exit(main())
