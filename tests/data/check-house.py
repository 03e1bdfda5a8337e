#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The measures of the house (README, "Layout"), checked on the tree:

- no C file under src/ is over 1,000 lines;
- SQLite is called only under src/store (and the sandbox's own database);
- pd-store-private.h is included only inside src/store;
- no include circle between files;
- comments cite only files in this repository (no *.md of a spec folder).

Usage: check-house.py SOURCE_ROOT"""

import os
import re
import sys

MAX_LINES = 1000
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SPEC_CITATION = re.compile(r'\b(domain|incentives|platform-api|cli|open-api)\.md\b')


def sources(root):
    for folder, _, names in os.walk(os.path.join(root, 'src')):
        for name in sorted(names):
            if name.endswith(('.c', '.h')):
                yield os.path.join(folder, name)


def find_cycle(graph):
    """One include circle as a list of names, or None."""
    state = {}

    def visit(node, path):
        state[node] = 'open'
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 'open':
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt, path)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 'done'
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node, [])
            if cycle:
                return cycle
    return None


def main():
    root = sys.argv[1]
    problems = []
    graph = {}
    headers = {}
    files = list(sources(root))
    for path in files:
        if path.endswith('.h'):
            headers.setdefault(os.path.basename(path), path)

    for path in files:
        rel = os.path.relpath(path, root)
        with open(path, encoding='utf-8') as f:
            text = f.read()
        lines = text.count('\n')
        if path.endswith('.c') and lines > MAX_LINES:
            problems.append(f'{rel}: {lines} lines; the house keeps a C file under {MAX_LINES}')
        in_store = rel.startswith(os.path.join('src', 'store') + os.sep)
        in_sandbox = rel.startswith(os.path.join('src', 'sandbox') + os.sep)
        if path.endswith('.c') and not (in_store or in_sandbox) and re.search(r'\bsqlite3_\w+\s*\(', text):
            problems.append(f'{rel}: calls SQLite; only src/store (and the sandbox) may')
        includes = INCLUDE.findall(text)
        if 'pd-store-private.h' in includes and not in_store:
            problems.append(f'{rel}: includes pd-store-private.h from outside src/store')
        for match in SPEC_CITATION.finditer(text):
            line = text.count('\n', 0, match.start()) + 1
            problems.append(f'{rel}:{line}: cites {match.group(0)}, which is not in this repository')
        graph[os.path.basename(path)] = {os.path.basename(h) for h in includes
                                         if os.path.basename(h) in headers}

    cycle = find_cycle(graph)
    if cycle:
        problems.append('include circle: ' + ' -> '.join(cycle))

    if problems:
        print('\n'.join('FAIL: ' + p for p in problems), file=sys.stderr)
        return 1
    print(f'ok: {len(files)} files under src/ keep the house measures')
    return 0


if __name__ == '__main__':
    sys.exit(main())
