#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What `meson install` puts in place: the app and its file-format, team and sync modules,
the CLI, its man page and the bundled programs; never the sandbox platform (a developer and test tool)
unless -Dinstall_sandbox=true. Usage: check-installed.py MESON BUILD_DIR"""

import json
import subprocess
import sys


def main():
    meson, build = sys.argv[1], sys.argv[2]
    installed = json.loads(subprocess.run([meson, 'introspect', '--installed', build],
                                          capture_output=True, text=True, check=True).stdout)
    targets = set(installed.values())
    options = {o['name']: o['value'] for o in json.loads(subprocess.run(
        [meson, 'introspect', '--buildoptions', build],
        capture_output=True, text=True, check=True).stdout)}
    errors = []
    for want in ('/bin/partnerdesk', '/partnerdesk/libpdformats.so', '/partnerdesk/libpdteamhub.so',
                 '/partnerdesk/libpdsyncclient.so',
                 '/bin/partnerdesk-cli',
                 '/man1/partnerdesk-cli.1',
                 '/programs/eu-jp-pop-partner-2026q1.json'):
        if not any(t.endswith(want) for t in targets):
            errors.append(f'{want} is not installed')
    sandbox = [t for t in targets if 'sandbox' in t]
    if sandbox and not options.get('install_sandbox'):
        errors.append('installed without -Dinstall_sandbox=true: ' + ', '.join(sandbox))
    if errors:
        sys.exit('FAIL: ' + '\n      '.join(errors))
    print(f'ok: {len(targets)} installed files, no sandbox')


if __name__ == '__main__':
    main()
