#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exports never overwrite the store, are written whole or not at all, 0600,
through one CSV writer that neutralises formulas; stores are tightened to
0600 (folder 0700 when it is the app's own) on open (issue 13)."""
import csv
import io
import json
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import unittest

CLI = os.path.abspath(os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1))
PROGRAM = 'eu-jp-pop-partner-2026q1'
FIXTURES = os.path.join(os.environ.get('PARTNERDESK_FIXTURES_DIR') or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures'), 'q1-example')


def cli(store, *args, env=None, cwd=None, preexec_fn=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    argv = [CLI] + (['--store', store] if store is not None else []) + list(args)
    return subprocess.run(argv, capture_output=True, text=True, env=full_env, timeout=60,
                          cwd=cwd, preexec_fn=preexec_fn)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


EXPORTS = {
    'links': ('export', 'links', '--output'),
    'payouts-csv': ('export', 'payouts', '--program', PROGRAM, '--as-of', '2026-04-05',
                    '--format', 'csv', '--output'),
    'payouts-pdf': ('export', 'payouts', '--program', PROGRAM, '--as-of', '2026-04-05',
                    '--format', 'pdf', '--output'),
}


# The links export's headers (in English here) and the import's names.
LINK_HEADERS = {'Token': 'token', 'Kind': 'kind', 'Seller ID': 'seller_id', 'Market': 'market',
                'Program': 'program_id', 'Service ID': 'service_id', 'URL': 'url',
                'Created at': 'created_at', 'Revoked at': 'revoked_at', 'Staff': 'staff'}


class ExportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-export-')
        self.dir = os.path.join(self.tmp.name, 'data')
        os.mkdir(self.dir)
        self.store = os.path.join(self.dir, 'store.db')
        for kind, path in (('program', os.path.join(os.environ['PARTNERDESK_PROGRAMS_DIR'], PROGRAM + '.json')),
                           ('rates', os.path.join(FIXTURES, 'rates.csv')),
                           ('targets', os.path.join(FIXTURES, 'targets.csv')),
                           ('links', os.path.join(FIXTURES, 'links.csv')),
                           ('stores', os.path.join(FIXTURES, 'stores.csv'))):
            r = cli(self.store, 'import', kind, path)
            self.assertEqual(r.returncode, 0, r.stderr)

    def tearDown(self):
        self.tmp.cleanup()

    def dump(self):
        db = sqlite3.connect(self.store)
        try:
            return '\n'.join(db.iterdump())
        finally:
            db.close()

    def links(self):
        db = sqlite3.connect(self.store)
        try:
            return db.execute('SELECT * FROM links ORDER BY token').fetchall()
        finally:
            db.close()

    def listing(self):
        return sorted(os.listdir(self.dir))

    def test_refuses_the_store_by_any_name(self):
        before = self.dump()
        files = self.listing()
        os.link(self.store, os.path.join(self.tmp.name, 'hard.db'))
        os.symlink(self.store, os.path.join(self.tmp.name, 'soft.db'))
        targets = [
            (self.store, None),
            (self.store + '-wal', None),
            (self.store + '-shm', None),
            (self.store + '-journal', None),
            ('store.db', self.dir),                      # relative, from its folder
            (os.path.join('data', '.', 'store.db-wal'), self.tmp.name),
            (os.path.join(self.dir, '..', 'data', 'store.db'), None),
            (os.path.join(self.tmp.name, 'hard.db'), None),  # a hard link
            (os.path.join(self.tmp.name, 'soft.db'), None),  # a symbolic link
        ]
        for name, args in EXPORTS.items():
            for target, cwd in targets:
                with self.subTest(export=name, target=target):
                    r = cli(self.store, *args, target, cwd=cwd)
                    self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                    self.assertIn('is the open store', r.stderr)
                    self.assertIn('nothing was written', r.stderr)
                    self.assertEqual(r.stdout, '')
                    self.assertEqual(self.dump(), before)
                    self.assertEqual(self.listing(), files)
        # Another store, or the open one through a path with an identity of
        # its own (the document portal's), is a database: refused too.
        other = os.path.join(self.tmp.name, 'copy.db')
        with open(other, 'wb') as f:
            f.write(read_bytes(self.store))
        wal = os.path.join(self.tmp.name, 'copy.db-wal')
        with open(wal, 'wb') as f:
            f.write(bytes([0x37, 0x7f, 0x06, 0x82]) + bytes(28))
        for name, args in EXPORTS.items():
            for target in (other, wal):
                with self.subTest(export=name, target=target):
                    saved = read_bytes(target)
                    r = cli(self.store, *args, target)
                    self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                    self.assertIn('is a database, not an export', r.stderr)
                    self.assertEqual(read_bytes(target), saved)
        # Nor a pipe (or a device such as /dev/null): a rename would replace it.
        fifo = os.path.join(self.tmp.name, 'pipe')
        os.mkfifo(fifo)
        for name, args in EXPORTS.items():
            with self.subTest(export=name, target=fifo):
                r = cli(self.store, *args, fifo)
                self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                self.assertIn('not a regular file', r.stderr)
                self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))
        # The store's own folder is no file either.
        r = cli(self.store, *EXPORTS['links'], self.dir)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn('is a folder', r.stderr)
        self.assertEqual(self.dump(), before)

    def test_exports_are_private_and_replace_whole(self):
        for name, args in EXPORTS.items():
            with self.subTest(export=name):
                out = os.path.join(self.tmp.name, name + '.out')
                with open(out, 'w') as f:
                    f.write('old')
                os.chmod(out, 0o644)
                r = cli(self.store, *args, out)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(mode(out), 0o600)
                self.assertNotEqual(read_bytes(out), b'old')
                new = os.path.join(self.tmp.name, name + '.new')
                r = cli(self.store, *args, new)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(mode(new), 0o600)
        self.assertEqual(sorted(os.listdir(self.tmp.name)),
                         sorted(['data'] + [n + s for n in EXPORTS for s in ('.out', '.new')]))

    def test_failed_export_leaves_the_old_file(self):
        # Enough links that the files outgrow a 64 KiB file size limit.
        db = sqlite3.connect(self.store)
        db.executemany("INSERT INTO links (token, kind, seller_id, market, program_id, created_at, staff)"
                       " VALUES (?, 'onboarding', ?, 'EU', ?, 1767225600, 'Lin')",
                       [('tok%019d' % i, '71%014d' % i, PROGRAM) for i in range(4000)])
        db.commit()
        db.close()

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

        out = os.path.join(self.tmp.name, 'links.csv')
        with open(out, 'w') as f:
            f.write('precious')
        r = cli(self.store, *EXPORTS['links'], out, preexec_fn=limit)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn('Cannot write ' + out, r.stderr)
        self.assertEqual(read_bytes(out), b'precious')
        self.assertEqual(sorted(os.listdir(self.tmp.name)), ['data', 'links.csv'])

        r = cli(self.store, *EXPORTS['links'], os.path.join(self.tmp.name, 'no', 'such', 'dir.csv'))
        self.assertEqual(r.returncode, 1)
        self.assertIn('no', r.stderr)
        self.assertEqual(sorted(os.listdir(self.tmp.name)), ['data', 'links.csv'])

    def test_links_export_neutralises_formulas(self):
        db = sqlite3.connect(self.store)
        db.execute("UPDATE links SET staff = '=HYPERLINK(\"http://evil.example\",\"x\")'"
                   " WHERE token = 'NAbO5gPMcSPpQMVYJMwgew'")
        db.execute("UPDATE links SET staff = '+cmd|'' /C calc''!A0' WHERE token = 'Gjbz8Dr3E0zuFNnnFk0Qkw'")
        db.execute("UPDATE links SET staff = '@SUM(1)', market = 'JP'"
                   " WHERE token = 'N1zyQLwreYYf6KuEwrK0dA'")
        db.execute("INSERT INTO links (token, kind, seller_id, created_at, staff, service_id)"
                   " VALUES ('-dashTokenDashTokenDash', 'authorization', '0012', 1767225600, '\t=1+2', '7000000000000099')")
        db.execute("INSERT INTO links (token, kind, created_at, staff)"
                   " VALUES ('apostropheApostropheAp', 'onboarding', 1767225600, '''quoted')")
        db.commit()
        db.close()
        out = os.path.join(self.tmp.name, 'links.csv')
        r = cli(self.store, *EXPORTS['links'], out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding='utf-8-sig', newline='') as f:
            rows = [{LINK_HEADERS[k]: v for k, v in row.items()} for row in csv.DictReader(f)]
        for row in rows:
            for column, value in row.items():
                with self.subTest(column=column, value=value):
                    self.assertFalse(value[:1] in ('=', '+', '-', '@', '\t', '\r')
                                     and not value.startswith('="'), value)
        by_token = {row['token']: row for row in rows}
        self.assertEqual(by_token["'-dashTokenDashTokenDash"]['staff'], "'\t=1+2")
        self.assertEqual(by_token["'-dashTokenDashTokenDash"]['seller_id'], '="0012"')
        self.assertEqual(by_token["'-dashTokenDashTokenDash"]['service_id'], '="7000000000000099"')
        self.assertEqual(by_token['NAbO5gPMcSPpQMVYJMwgew']['seller_id'], '="7000000000000001"')
        self.assertEqual(by_token['apostropheApostropheAp']['staff'], "''quoted")
        # ... and it imports back unchanged.
        before = self.links()
        r = cli(self.store, 'import', 'links', out, '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {'inserted': 0, 'updated': 0, 'unchanged': len(rows)})
        self.assertEqual(self.links(), before)


class StoreModeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-modes-')

    def tearDown(self):
        self.tmp.cleanup()

    def test_existing_store_and_companions_tightened(self):
        shared = os.path.join(self.tmp.name, 'shared')
        os.mkdir(shared, 0o755)
        os.chmod(shared, 0o755)
        store = os.path.join(shared, 'store.db')
        self.assertEqual(cli(store, 'status').returncode, 0)
        # Another connection keeps the -wal and -shm files in place.
        db = sqlite3.connect(store)
        db.execute('PRAGMA journal_mode = WAL')
        db.execute("INSERT INTO links (token, kind, created_at) VALUES ('t1', 'onboarding', 0)")
        db.commit()
        try:
            for suffix in ('', '-wal', '-shm'):
                self.assertTrue(os.path.exists(store + suffix), suffix)
                os.chmod(store + suffix, 0o644)
            r = cli(store, 'status', '--json')
            self.assertEqual(r.returncode, 0, r.stderr)
            for suffix in ('', '-wal', '-shm'):
                self.assertEqual(mode(store + suffix), 0o600, suffix)
        finally:
            db.close()
        # A folder the user chose may be shared: left as it is.
        self.assertEqual(mode(shared), 0o755)

    def test_default_store_folder_tightened(self):
        data = os.path.join(self.tmp.name, 'xdg')
        folder = os.path.join(data, 'partnerdesk')
        os.makedirs(folder)
        os.chmod(folder, 0o755)
        r = cli(None, 'status', env={'XDG_DATA_HOME': data})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(mode(os.path.join(folder, 'store.db')), 0o600)
        self.assertEqual(mode(folder), 0o700)
        os.chmod(folder, 0o755)
        os.chmod(os.path.join(folder, 'store.db'), 0o644)
        r = cli(None, 'status', env={'XDG_DATA_HOME': data})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(mode(os.path.join(folder, 'store.db')), 0o600)
        self.assertEqual(mode(folder), 0o700)

    def test_another_programs_database_untouched(self):
        path = os.path.join(self.tmp.name, 'other.db')
        db = sqlite3.connect(path)
        db.execute('CREATE TABLE t (x)')
        db.commit()
        db.close()
        os.chmod(path, 0o644)
        r = cli(path, 'status')
        self.assertEqual(r.returncode, 2 if r.returncode == 2 else 1, r.stderr)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(mode(path), 0o644)


if __name__ == '__main__':
    unittest.main(verbosity=2)
