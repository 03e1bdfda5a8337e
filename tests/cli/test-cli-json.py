#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""partnerdesk-cli import program with hostile JSON (issue 13, items 12 and 15):
nesting deep enough to overflow json-glib's recursion, and repeated member
names, are refused with exit status 2 and a clear message; the store is
unchanged."""
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1)
PROGRAM = os.path.join(os.environ['PARTNERDESK_PROGRAMS_DIR'], 'eu-jp-pop-partner-2026q1.json')


def cli(store, *args):
    return subprocess.run([CLI, '--store', store, *args], capture_output=True,
                          text=True, timeout=60)


def dump(path):
    db = sqlite3.connect(path)
    try:
        return '\n'.join(db.iterdump())
    finally:
        db.close()


class ProgramJsonTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='pd-test-cli-json-')
        self.store = os.path.join(self.tmp.name, 'store.db')
        r = cli(self.store, 'import', 'program', PROGRAM)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.before = dump(self.store)
        with open(PROGRAM, encoding='utf-8') as f:
            self.text = f.read()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def refused(self, path, *expected):
        r = cli(self.store, 'import', 'program', path)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(r.stdout, '')
        for text in expected:
            self.assertIn(text, r.stderr)
        self.assertEqual(dump(self.store), self.before)
        return r.stderr

    def test_deep_nesting(self):
        # 100,000 levels: json-glib alone overflows the stack (SIGSEGV).
        for opener, closer in (('[', ']'), ('{"a":', '}')):
            with self.subTest(opener=opener):
                deep = self.text.replace('"assumptions": [', '"assumptions": [' + opener * 100000
                                         + '1' + closer * 100000 + ', ', 1)
                self.assertNotEqual(deep, self.text)
                path = self.write('deep.json', deep)
                self.refused(path, path + ': not a program file: line ', 'nest more than 64 deep')

    def test_deep_unterminated(self):
        path = self.write('open.json', '[' * 100000)
        self.refused(path, 'nest more than 64 deep')

    def test_duplicate_keys(self):
        cases = [
            ('"kind": "recruitment",', '"kind": "recruitment", "kind": "seller-benefit",',
             'the top-level object has the member “kind” twice'),
            ('"window_days": 30,', '"window_days": 30, "window_days": 7,',
             'the object conditions.sales has the member “window_days” twice'),
            ('"window_days": 30,', '"window_days": 30, "window_d\\u0061ys": 7,',
             'the object conditions.sales has the member “window_days” twice'),
        ]
        for old, new, message in cases:
            with self.subTest(new=new):
                text = self.text.replace(old, new, 1)
                self.assertNotEqual(text, self.text)
                path = self.write('dup.json', text)
                self.refused(path, path + ': not a program file: line ', message)

    def test_nul_escape(self):
        text = self.text.replace('"kind": "recruitment"', '"kind": "recruitment\\u0000x"', 1)
        path = self.write('nul.json', text)
        self.refused(path, '\\u0000')


class StatusTextTest(unittest.TestCase):
    """Issue 13, item 11: the platform's text never reaches the terminal raw,
    even from a store written before the sync client made it safe."""

    def test_last_sync_result_printable(self):
        with tempfile.TemporaryDirectory(prefix='pd-test-cli-json-') as tmp:
            store = os.path.join(tmp, 'store.db')
            self.assertEqual(cli(store, 'status').returncode, 0)
            db = sqlite3.connect(store)
            db.execute("INSERT OR REPLACE INTO sync_state VALUES ('last_sync_at', '1700000000')")
            db.execute("INSERT OR REPLACE INTO sync_state VALUES ('last_sync_result', ?)",
                       ('refused \x1b[2J\x1b]0;t\x07\r\nFAKE\u009b1m \u202eevil',))
            db.commit()
            db.close()
            r = cli(store, 'status')
            self.assertEqual(r.returncode, 0, r.stderr)
            line = [x for x in r.stdout.splitlines() if 'refused' in x]
            self.assertEqual(len(line), 1, r.stdout)
            self.assertIn('refused  [2J ]0;t   FAKE 1m evil', line[0])
            for c in line[0]:
                self.assertFalse(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f or c == '\u202e', repr(line[0]))


if __name__ == '__main__':
    unittest.main(verbosity=2)
