#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest against the project.

Usage: check-flatpak-manifest.py MANIFEST APP_ID

flatpak-builder cannot run offline here, so this checks what can be
checked without it: the manifest is valid JSON, names the project's app id
and command, grants exactly the expected sandbox permissions, and builds
libqrencode before the meson-built partnerdesk module.
"""

import json
import sys

EXPECTED_COMMAND = 'partnerdesk'
EXPECTED_FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=fallback-x11',
    '--socket=wayland',
    '--device=dri',
    '--talk-name=org.freedesktop.secrets',
}
APP_MODULE = 'partnerdesk'
QRENCODE_MODULES = {'libqrencode', 'qrencode'}


def module_name(module):
    if isinstance(module, dict):
        return module.get('name')
    # A module may be given as the path of a separate JSON file.
    return str(module)


def check(manifest_path, app_id):
    errors = []

    try:
        with open(manifest_path, encoding='utf-8') as f:
            manifest = json.load(f)
    except OSError as e:
        return ['cannot read manifest %s: %s' % (manifest_path, e)]
    except json.JSONDecodeError as e:
        return ['manifest %s is not valid JSON: %s' % (manifest_path, e)]

    if not isinstance(manifest, dict):
        return ['manifest %s: expected a JSON object at the top level, got %s'
                % (manifest_path, type(manifest).__name__)]

    got = manifest.get('app-id', manifest.get('id'))
    if got != app_id:
        errors.append('app-id is %r, expected the project app id %r' % (got, app_id))

    got = manifest.get('command')
    if got != EXPECTED_COMMAND:
        errors.append('command is %r, expected %r' % (got, EXPECTED_COMMAND))

    for key in ('runtime', 'sdk', 'runtime-version'):
        if not manifest.get(key):
            errors.append('%r is missing or empty' % key)

    finish_args = manifest.get('finish-args', [])
    if not isinstance(finish_args, list):
        errors.append('finish-args: expected a list, got %s' % type(finish_args).__name__)
        finish_args = []
    got = set(finish_args)
    missing = sorted(EXPECTED_FINISH_ARGS - got)
    extra = sorted(got - EXPECTED_FINISH_ARGS)
    if missing:
        errors.append('finish-args lacks %s' % ', '.join(missing))
    if extra:
        errors.append('finish-args has unexpected permissions %s' % ', '.join(extra))
    if len(finish_args) != len(got):
        errors.append('finish-args has duplicate entries')

    modules = manifest.get('modules', [])
    if not isinstance(modules, list) or not modules:
        errors.append('modules: expected a non-empty list')
        return errors
    names = [module_name(m) for m in modules]

    app_index = None
    for i, m in enumerate(modules):
        if isinstance(m, dict) and m.get('name') == APP_MODULE:
            app_index = i
            break
    if app_index is None:
        errors.append('no module named %r (modules: %s)' % (APP_MODULE, ', '.join(map(str, names))))
    else:
        app = modules[app_index]
        if app.get('buildsystem') != 'meson':
            errors.append('module %r has buildsystem %r, expected \'meson\''
                          % (APP_MODULE, app.get('buildsystem')))
        if app_index != len(modules) - 1:
            errors.append('module %r should be the last module, it is number %d of %d'
                          % (APP_MODULE, app_index + 1, len(modules)))
        if not app.get('sources'):
            errors.append('module %r has no sources' % APP_MODULE)
        # The sandbox platform is a developer and test tool, not shipped.
        if '-Dinstall_sandbox=true' in app.get('config-opts', []):
            errors.append('module %r ships the sandbox platform (-Dinstall_sandbox=true)'
                          % APP_MODULE)
        # Issue 13.16: no test hooks read from the environment in the app
        # users install (flatpak-builder's buildtype aside).
        if '-Dtest_hooks=disabled' not in app.get('config-opts', []):
            errors.append('module %r: config-opts lacks -Dtest_hooks=disabled' % APP_MODULE)

    # The libraries the GNOME runtime lacks, built before the app from a
    # pinned source: an archive or file with its sha256, a git tag with
    # its commit.
    for library in ('qrencode', 'xlsxwriter'):
        index = next((i for i, name in enumerate(names)
                      if name is not None and (library in name or
                                               (library == 'qrencode' and name in QRENCODE_MODULES))), None)
        if index is None:
            errors.append('no lib%s module (modules: %s)' % (library, ', '.join(map(str, names))))
            continue
        if app_index is not None and index > app_index:
            errors.append('lib%s (module %d) must be built before %r (module %d)'
                          % (library, index + 1, APP_MODULE, app_index + 1))
        if not isinstance(modules[index], dict):
            continue
        for src in modules[index].get('sources', []):
            if not isinstance(src, dict):
                continue
            if src.get('type') in ('archive', 'file') and not src.get('sha256'):
                errors.append('lib%s source %r has no sha256' % (library, src.get('url')))
            if src.get('type') == 'git' and not src.get('commit'):
                errors.append('lib%s source %r is not pinned to a commit' % (library, src.get('url')))

    return errors


def main(argv):
    if len(argv) != 3:
        print('usage: %s MANIFEST APP_ID' % argv[0], file=sys.stderr)
        return 2
    errors = check(argv[1], argv[2])
    if errors:
        for e in errors:
            print('FAIL: %s: %s' % (argv[1], e), file=sys.stderr)
        return 1
    print('%s: OK' % argv[1])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
