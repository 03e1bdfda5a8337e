#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The man page renders without warnings and documents every command the CLI
lists in its --help: check-man-page.py MAN_PAGE PARTNERDESK_CLI"""

import os
import re
import subprocess
import sys


def main():
    page, cli = sys.argv[1], sys.argv[2]
    env = dict(os.environ, MANWIDTH='100', LC_ALL='C.UTF-8', MANPAGER='cat', PAGER='cat')
    man = subprocess.run(['man', '--warnings', '-l', page], env=env,
                         capture_output=True, text=True)
    if man.returncode != 0 or man.stderr.strip():
        sys.exit(f'FAIL: man -l {page} exited {man.returncode}:\n{man.stderr}')
    rendered = man.stdout
    if 'EXIT STATUS' not in rendered or 'partnerdesk-cli' not in rendered:
        sys.exit('FAIL: the rendered page lacks its EXIT STATUS section')

    helptext = subprocess.run([cli, '--help'], capture_output=True, text=True,
                              env=dict(os.environ, LC_ALL='C.UTF-8'), check=True).stdout
    source = open(page, encoding='utf-8').read()
    headings = [re.sub(r'\\-', '-', line[4:]) for line in source.splitlines()
                if line.startswith('.SS ')]
    missing = []
    for line in helptext.splitlines():
        if not line.startswith('  '):
            continue
        for usage in line.strip().split(' | '):
            # "import targets|stores FILE ..." -> "import"; "link revoke TOKEN" -> "link revoke"
            words = [w for w in usage.split() if re.fullmatch(r'[a-z][a-z|-]*', w)][:2]
            key = ' '.join(words)
            if not any(h.startswith(key) or (' ' + key) in h for h in headings):
                missing.append(usage)
    if missing:
        sys.exit('FAIL: commands in --help without a section in the man page:\n  '
                 + '\n  '.join(missing))
    print(f'ok: {len(headings)} command sections, renders without warnings')


if __name__ == '__main__':
    main()
