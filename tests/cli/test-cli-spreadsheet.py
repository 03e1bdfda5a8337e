#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exports survive a spreadsheet (issue 13, item 17): staff open an export
in LibreOffice Calc or Excel and save it again. 16-digit seller ids must
not come back rounded to 15 significant digits, and the links file must
import back with nothing changed. Converted headless by LibreOffice, the
way a person's spreadsheet opens and saves it: csv -> xlsx/ods -> csv."""
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = os.path.abspath(os.environ.get('PARTNERDESK_CLI') or sys.argv.pop(1))
PROGRAM = 'eu-jp-pop-partner-2026q1'
FIXTURES = os.path.join(os.environ.get('PARTNERDESK_FIXTURES_DIR') or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures'), 'q1-example')
SOFFICE = shutil.which('soffice') or shutil.which('libreoffice')
# Seller ids the q1 example's links hold, and two a spreadsheet rounds.
ROUNDED = ('7000000000000017', '7000000000000099')


def cli(store, *args):
    return subprocess.run([CLI, '--store', store, *args], capture_output=True, text=True,
                          timeout=60)


class SpreadsheetRoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='pd-test-spreadsheet-')
        cls.store = os.path.join(cls.tmp.name, 'store.db')
        for kind, path in (('program', os.path.join(os.environ['PARTNERDESK_PROGRAMS_DIR'], PROGRAM + '.json')),
                           ('rates', os.path.join(FIXTURES, 'rates.csv')),
                           ('targets', os.path.join(FIXTURES, 'targets.csv')),
                           ('links', os.path.join(FIXTURES, 'links.csv')),
                           ('stores', os.path.join(FIXTURES, 'stores.csv'))):
            r = cli(cls.store, 'import', kind, path)
            if r.returncode != 0:
                raise AssertionError('import %s failed: %s' % (kind, r.stderr))
        # A seller and links whose ids spreadsheets visibly round, a service
        # id, staff names a spreadsheet would run as formulas, a token
        # beginning with "-".
        extra = (('targets', 'seller_id,seller_name,market\r\n'
                  '%s,=Round Trading,EU\r\n' % ROUNDED[0]),
                 ('links', 'token,kind,seller_id,market,program_id,service_id,url,created_at,revoked_at,staff\r\n'
                  'RoundMeRoundMeRoundMe1,onboarding,%s,EU,%s,,,2026-01-06T10:00:00+08:00,,=1+2\r\n'
                  '-RoundMeRoundMeRound22,authorization,%s,,,7310000000000000123,,2026-01-06T10:00:00+08:00,'
                  '2026-01-07T10:00:00+08:00,@Wang\r\n' % (ROUNDED[0], PROGRAM, ROUNDED[1])))
        for kind, text in extra:
            path = os.path.join(cls.tmp.name, 'extra-%s.csv' % kind)
            with open(path, 'w', newline='') as f:
                f.write(text)
            r = cli(cls.store, 'import', kind, path, *(('--program', PROGRAM) if kind == 'targets' else ()))
            if r.returncode != 0:
                raise AssertionError('import %s failed: %s' % (path, r.stderr))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        if SOFFICE is None:
            self.fail('soffice is not installed: install the Debian package libreoffice-calc-nogui '
                      '(./run test does) to check that exports survive a spreadsheet')
        self.work = tempfile.mkdtemp(prefix='rt-', dir=self.tmp.name)

    def soffice(self, path, to):
        """Converts @path to the format @to in a folder of its own; returns the new file."""
        out = tempfile.mkdtemp(prefix=to + '-', dir=self.work)
        env = dict(os.environ, HOME=os.path.join(self.work, 'home'))
        r = subprocess.run([SOFFICE, '--headless', '--norestore', '--convert-to', to,
                            '--outdir', out, path], capture_output=True, text=True, env=env,
                           timeout=180)
        name = os.path.splitext(os.path.basename(path))[0] + '.' + to
        result = os.path.join(out, name)
        self.assertTrue(os.path.exists(result), 'soffice did not convert %s to %s: %s %s'
                        % (path, to, r.stdout, r.stderr))
        return result

    def round_trip(self, path, via):
        return self.soffice(self.soffice(path, via), 'csv')

    def links(self, store):
        db = sqlite3.connect(store)
        try:
            return db.execute('SELECT token, kind, seller_id, market, program_id, service_id, url,'
                              ' created_at, revoked_at, staff FROM links ORDER BY token').fetchall()
        finally:
            db.close()

    def test_bare_ids_are_rounded(self):
        # What the test guards against: a bare id does not survive.
        path = os.path.join(self.work, 'bare.csv')
        with open(path, 'w', newline='') as f:
            f.write('seller_id\r\n%s\r\n' % ROUNDED[0])
        with open(self.round_trip(path, 'xlsx'), encoding='utf-8') as f:
            self.assertEqual(f.read().split(), ['seller_id', '7000000000000020'])

    def test_links_survive(self):
        out = os.path.join(self.work, 'links.csv')
        r = cli(self.store, 'export', 'links', '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        before = self.links(self.store)
        for via in ('xlsx', 'ods'):
            with self.subTest(via=via):
                back = self.round_trip(out, via)
                with open(back, encoding='utf-8', newline='') as f:
                    text = f.read()
                for seller in ROUNDED + ('7000000000000001', '7310000000000000123'):
                    self.assertIn(seller, text)
                self.assertNotIn('7000000000000020', text)
                self.assertNotIn('E+', text)
                r = cli(self.store, 'import', 'links', back, '--json')
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(json.loads(r.stdout),
                                 {'inserted': 0, 'updated': 0, 'unchanged': len(before)}, r.stderr)
                self.assertEqual(self.links(self.store), before)
                # And into a new store: the same links.
                other = os.path.join(self.work, via + '.db')
                r = cli(other, 'import', 'links', back, '--json')
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(self.links(other), before)

    def test_payout_review_survives(self):
        out = os.path.join(self.work, 'payouts.csv')
        r = cli(self.store, 'export', 'payouts', '--program', PROGRAM, '--as-of', '2026-04-05',
                '--format', 'csv', '--output', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        db = sqlite3.connect(self.store)
        sellers = sorted({row[0] for row in db.execute(
            'SELECT seller_id FROM target_merchants WHERE program_id = ?', (PROGRAM,))})
        db.close()
        self.assertIn(ROUNDED[0], sellers)
        for via in ('xlsx', 'ods'):
            with self.subTest(via=via):
                back = self.round_trip(out, via)
                with open(back, encoding='utf-8-sig', newline='') as f:
                    rows = list(csv.reader(f))
                header = next(i for i, row in enumerate(rows) if row and row[0] == 'Seller ID')
                # The entries, then the reconciling total.
                got = sorted({row[0] for row in rows[header + 1:] if row and row[0] and row[0] != 'Total'})
                self.assertEqual([row[0] for row in rows[header + 1:] if row and row[0] == 'Total'],
                                 ['Total'])
                self.assertEqual(got, sellers)
                names = [row[1] for row in rows[header + 1:] if row and row[0] == '7000000000000001']
                self.assertEqual(names, ['深圳市北极星科技有限公司'])


if __name__ == '__main__':
    unittest.main(verbosity=2)
